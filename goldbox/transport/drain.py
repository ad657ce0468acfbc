"""Graceful shutdown, goldbox's part of it.

uvicorn, on SIGTERM, stops accepting, waits for requests in flight (up to
`shutdown_timeout_s`) and closes open WebSockets with 1012. goldbox steps in first: it marks
itself not ready, tells every WebSocket client `system.closing` and closes it with 1001
(going away), and only then hands the signal to uvicorn. The hook is installed per worker
process, inside the process's own event loop.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

import structlog

from goldbox.service.services import Services
from goldbox.transport.websocket import CLOSE_GOING_AWAY

log = structlog.get_logger("goldbox.shutdown")

SOCKET_CLOSE_BUDGET_S = 3.0
DRAIN_SIGNALS = (signal.SIGTERM, signal.SIGINT)


async def close_sockets(services: Services, reason: str = "server shutting down") -> int:
    """Tell every open socket the server is going away, close it with 1001, and wait (bounded)."""
    services.draining = True
    closers = list(services.sockets.values())
    if closers:
        results = await asyncio.wait_for(
            asyncio.gather(*(closer(CLOSE_GOING_AWAY, reason) for closer in closers), return_exceptions=True),
            SOCKET_CLOSE_BUDGET_S,
        )
        for result in results:
            if isinstance(result, Exception):
                log.warning("ws_close_failed", error=repr(result))
    log.info("sockets_closed", count=len(closers))
    return len(closers)


def install_on_signals(services: Services) -> Callable[[], None]:
    """Run `close_sockets` before the server's own SIGTERM/SIGINT handling; returns an undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    loop = asyncio.get_running_loop()
    previous: dict[int, Any] = {sig: signal.getsignal(sig) for sig in DRAIN_SIGNALS}
    pending: set[asyncio.Task[None]] = set()

    def hand_on(sig: int, frame: FrameType | None) -> None:
        handler = previous[sig]
        if callable(handler):
            handler(sig, frame)

    async def drain_then_hand_on(sig: int, frame: FrameType | None) -> None:
        try:
            await close_sockets(services)
        except Exception:
            log.exception("drain_failed")
        finally:
            hand_on(sig, frame)

    def on_signal(sig: int, frame: FrameType | None) -> None:
        if services.draining:
            hand_on(sig, frame)
            return
        services.draining = True
        log.info("shutdown_requested", signal=signal.Signals(sig).name)

        def start() -> None:
            task = loop.create_task(drain_then_hand_on(sig, frame))
            pending.add(task)
            task.add_done_callback(pending.discard)

        loop.call_soon_threadsafe(start)

    for sig in DRAIN_SIGNALS:
        signal.signal(sig, on_signal)

    def undo() -> None:
        for sig, handler in previous.items():
            if signal.getsignal(sig) is on_signal:
                signal.signal(sig, handler)

    return undo
