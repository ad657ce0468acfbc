"""A goldbox server with one extra test method, `test.sleep`, served through the real `serve` path.

Graceful shutdown can only be shown with a request still running when SIGTERM arrives.
"""

from __future__ import annotations

import asyncio

from pydantic import Field
from starlette.applications import Starlette

from goldbox.api.call import Call
from goldbox.api.methods import build_registry
from goldbox.api.models import Params, Result
from goldbox.api.registry import Registry
from goldbox.ops.config import load_settings
from goldbox.transport import app
from goldbox.transport.server import serve

test_methods = Registry()


class SleepParams(Params):
    seconds: float = Field(ge=0, le=10)


class Slept(Result):
    slept: float


@test_methods.method("test.sleep", role=None)
async def sleep(call: Call, params: SleepParams) -> Slept:
    """Sleep, then answer: a request that is still in flight when the server is told to stop."""
    await asyncio.sleep(params.seconds)
    return Slept(slept=params.seconds)


def create_app() -> Starlette:
    registry = build_registry()
    registry.include(test_methods)
    return app.create_app(load_settings(), registry)


if __name__ == "__main__":
    serve(load_settings(), None, app_factory="tests.e2e.slow_server:create_app")
