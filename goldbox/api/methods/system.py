"""Methods about the server itself: liveness over RPC, the version, and the API description."""

from __future__ import annotations

from typing import Any

from pydantic import Field, RootModel

from goldbox import __version__
from goldbox.api.call import Call
from goldbox.api.models import NoParams, Result
from goldbox.api.openrpc import openrpc_document
from goldbox.api.registry import Example, Registry

methods = Registry()


class Pong(Result):
    pong: bool = Field(True, description="Always true: the server handled the call.")


PONG = Pong()  # results are frozen, so every ping can share one


class VersionInfo(Result):
    name: str = Field("goldbox", description="The server software.")
    version: str = Field(description="The server's release, PEP 440.")
    api_version: int = Field(description="Raised when a method changes incompatibly.")


class OpenRpcDocument(RootModel[dict[str, Any]]):
    """An OpenRPC 1.3 document (https://spec.open-rpc.org)."""


API_VERSION = 1


@methods.method("system.ping", role=None, examples=(Example("ping", {}, {"pong": True}),))
def ping(call: Call, params: NoParams) -> Pong:
    """Check that the server answers RPC calls.

    Costs nothing on the server; clients use it to measure round-trip time and keep idle
    connections open.
    """
    return PONG


@methods.method(
    "system.version",
    role=None,
    examples=(
        Example("version", {}, {"name": "goldbox", "version": __version__, "api_version": API_VERSION}),
    ),
)
def version(call: Call, params: NoParams) -> VersionInfo:
    """The server's software version and API version."""
    return VersionInfo(version=__version__, api_version=API_VERSION)


@methods.method("rpc.discover", role=None)
async def discover(call: Call, params: NoParams) -> OpenRpcDocument:
    """Describe every method of this server as an OpenRPC document.

    The same document drives the human-readable page at /api/docs.
    """
    return OpenRpcDocument(openrpc_document(call.services.registry))
