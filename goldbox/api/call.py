"""What a method knows about the call it is serving."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from goldbox.auth.roles import Principal

if TYPE_CHECKING:
    from goldbox.service.services import Services

Notify = Callable[[str, dict[str, Any]], Awaitable[None]]


class Transport(StrEnum):
    HTTP = "http"
    WEBSOCKET = "ws"


class Call(NamedTuple):
    """One RPC call: who makes it, over what, and the services it may use.

    A named tuple, not a frozen dataclass: as immutable, and a third of the cost to build, which
    matters when one is built for every call.

    `notify` is set on transports that can push (the WebSocket); methods that stream events use it.
    """

    services: Services
    transport: Transport
    correlation_id: str
    principal: Principal | None = None
    notify: Notify | None = None
