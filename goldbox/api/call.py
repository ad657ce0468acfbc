"""What a method knows about the call it is serving."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from goldbox.auth.roles import Principal

if TYPE_CHECKING:
    from goldbox.service.services import Services

Notify = Callable[[str, dict[str, Any]], Awaitable[None]]


class Transport(StrEnum):
    HTTP = "http"
    WEBSOCKET = "ws"


@dataclass(frozen=True, slots=True)
class Call:
    """One RPC call: who makes it, over what, and the services it may use.

    `notify` is set on transports that can push (the WebSocket); methods that stream events use it.
    """

    services: Services
    transport: Transport
    correlation_id: str
    principal: Principal | None = None
    notify: Notify | None = None
