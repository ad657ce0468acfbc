"""What a method knows about the call it is serving."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from goldbox.auth.roles import Principal

if TYPE_CHECKING:
    from goldbox.service.services import Services

Notify = Callable[[str, dict[str, Any]], Awaitable[None]]


class Transport(StrEnum):
    HTTP = "http"
    WEBSOCKET = "ws"


class Client(NamedTuple):
    """Where a call comes from, as the audit log and the rate limits see it."""

    ip: str
    user_agent: str | None = None


class Connection(Protocol):
    """A transport that keeps a caller between calls (the WebSocket): logging in over it makes
    its later calls authenticated."""

    def authenticate(self, principal: Principal) -> None: ...


class RpcTally(Protocol):
    """Where a transport that batches its metrics (the WebSocket) takes each call's duration."""

    def observe_rpc(self, method: str, outcome: str, seconds: float) -> None: ...


class Call(NamedTuple):
    """One RPC call: who makes it, over what, and the services it may use.

    A named tuple, not a frozen dataclass: as immutable, and a third of the cost to build, which
    matters when one is built for every call.

    `notify` is set on transports that can push (the WebSocket); methods that stream events use it.
    `connection` is set on transports that keep a caller between calls.
    `tally` is set on transports that hand metrics to Prometheus in batches; without one, the
    engine records each call straight away.
    """

    services: Services
    transport: Transport
    correlation_id: str
    principal: Principal | None = None
    notify: Notify | None = None
    client: Client = Client("unknown")
    connection: Connection | None = None
    tally: RpcTally | None = None
