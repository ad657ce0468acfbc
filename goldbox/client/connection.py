"""One WebSocket to a goldbox server, speaking JSON-RPC 2.0: calls matched to their replies by id,
notifications handed to a callback. It knows nothing of logging in or reconnecting; the client
(`goldbox.client.client`) makes a new one when this one closes.

The server answers calls concurrently and in any order, so every call waits on a future of its own
keyed by its id; the one task reading the socket settles them as replies come. When the socket
closes, every call still waiting fails with `ConnectionLost` at once instead of hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
import structlog
import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidStatus

from goldbox.client.errors import ConnectionLost, GoldboxError

log = structlog.get_logger("goldbox.client")

Notify = Callable[[str, dict[str, Any]], None]
"""Told each notification `(method, params)` the server pushes, in arrival order."""


@dataclass(frozen=True, slots=True)
class Closed:
    """How a socket ended: the close code and reason (1006 and "" when the network just dropped)."""

    code: int
    reason: str


@dataclass(frozen=True, slots=True)
class SocketOptions:
    """What every socket of a client is opened with."""

    open_timeout_s: float = 10.0
    ping_interval_s: float | None = 20.0
    """Keep-alive pings; a socket whose pong is `ping_timeout_s` late is dropped (and reconnected)."""
    ping_timeout_s: float | None = 20.0
    close_timeout_s: float = 5.0
    max_message_bytes: int = 16 * 1_048_576
    """The largest reply accepted (a whole match's replay is the biggest)."""


def upgrade_refusal(refused: InvalidStatus) -> GoldboxError:
    """The server's HTTP refusal of the upgrade (bad key, rate limit, …) as the error it names."""
    response = refused.response
    try:
        body = orjson.loads(response.body or b"")
    except orjson.JSONDecodeError:
        body = None
    if isinstance(body, Mapping) and "error" in body:
        return GoldboxError.from_error(body["error"])
    return GoldboxError(
        f"GBX_HTTP_{response.status_code}", f"upgrade refused with HTTP {response.status_code}"
    )


class Connection:
    """An open socket: `call` sends and waits for the reply; `closed` says when and how it ended."""

    def __init__(self, socket: ClientConnection, ids: Iterator[int], on_notification: Notify) -> None:
        self._socket = socket
        self._ids = ids
        self._on_notification = on_notification
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._closed: asyncio.Future[Closed] = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read(), name="goldbox-client-reader")

    @classmethod
    async def open(
        cls,
        url: str,
        headers: Mapping[str, str],
        options: SocketOptions,
        ids: Iterator[int],
        on_notification: Notify,
    ) -> Connection:
        """Connect; an HTTP refusal of the upgrade raises the GoldboxError the server sent."""
        try:
            socket = await websockets.connect(
                url,
                additional_headers=dict(headers),
                open_timeout=options.open_timeout_s,
                ping_interval=options.ping_interval_s,
                ping_timeout=options.ping_timeout_s,
                close_timeout=options.close_timeout_s,
                max_size=options.max_message_bytes,
                compression=None,  # goldbox's messages are small: deflate costs more than it saves
            )
        except InvalidStatus as refused:
            raise upgrade_refusal(refused) from None
        return cls(socket, ids, on_notification)

    @property
    def is_open(self) -> bool:
        return not self._closed.done()

    async def closed(self) -> Closed:
        """Wait until the socket has closed, for whatever reason."""
        return await asyncio.shield(self._closed)

    async def call(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        """Send one call and wait for its reply: the result, or GoldboxError for an error reply.

        No timeout here: the client bounds each call as a whole. A call cancelled while waiting
        forgets its id, so a late reply is dropped.
        """
        if self._closed.done():
            raise ConnectionLost(f"the socket is closed ({self._closed.result().code})")
        call_id = next(self._ids)
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": call_id, "method": method}
        if params is not None:
            message["params"] = dict(params)
        reply: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[call_id] = reply
        try:
            try:
                await self._socket.send(orjson.dumps(message).decode())
            except ConnectionClosed as closed:
                raise ConnectionLost(f"the socket closed while sending {method}") from closed
            return await reply
        finally:
            self._waiting.pop(call_id, None)
            if reply.done() and not reply.cancelled():
                reply.exception()  # settled as the caller gave up: mark it seen, not "never retrieved"

    async def close(self) -> None:
        """Close cleanly (the closing handshake, bounded by the socket's close timeout)."""
        await self._socket.close()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader

    def abort(self) -> None:
        """Drop the connection at once, without a closing handshake."""
        self._socket.transport.abort()

    async def _read(self) -> None:
        closed = Closed(1006, "")
        try:
            while True:
                self._take(await self._socket.recv())
        except ConnectionClosed as ended:
            if ended.rcvd is not None:
                closed = Closed(ended.rcvd.code, ended.rcvd.reason)
        except Exception:
            log.exception("client_reader_failed")
            self.abort()
        finally:
            self._end(closed)

    def _end(self, closed: Closed) -> None:
        for reply in self._waiting.values():
            if not reply.done():
                reply.set_exception(ConnectionLost(f"the socket closed ({closed.code} {closed.reason})"))
        self._waiting.clear()
        if not self._closed.done():
            self._closed.set_result(closed)

    def _take(self, frame: str | bytes) -> None:
        try:
            message = orjson.loads(frame)
        except orjson.JSONDecodeError:
            log.warning("client_bad_frame", size=len(frame))
            return
        for one in message if isinstance(message, list) else [message]:
            if isinstance(one, dict):
                self._dispatch(one)

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" not in message:
            params = message.get("params")
            self._on_notification(str(message["method"]), params if isinstance(params, dict) else {})
            return
        call_id = message.get("id")
        reply = self._waiting.get(call_id) if isinstance(call_id, int) else None
        if reply is None or reply.done():
            if "error" in message:  # an error about no call of ours (a frame the server could not read)
                log.warning("client_unmatched_error", error=message["error"])
            return
        if "error" in message:
            reply.set_exception(GoldboxError.from_error(message["error"]))
        else:
            reply.set_result(message.get("result"))
