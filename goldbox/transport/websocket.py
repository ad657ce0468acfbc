"""JSON-RPC over the WebSocket at `/ws`.

Each text frame is one JSON-RPC message (a call, a notification or a batch). Calls run
concurrently, at most `ws_max_in_flight` at a time per socket, and each reply goes out as soon
as it is ready, so replies may arrive in a different order than the calls: match them by id.
The server pushes JSON-RPC notifications (no id) on the same socket.

The task that reads a frame answers it itself. If the call has to wait (on the database, say),
a fresh task takes over reading at the loop's next turn; a call that finishes at once (most do)
costs no task and no extra turn of the loop. Either way a call runs from start to end in one
task, so `asyncio.timeout` and cancellation inside methods behave as usual.

Each message's correlation id is the connection's id and a sequence number (`<conn>.<n>`), so
one search of the logs finds a connection and all it did. A call running past
`request_timeout_s` is cancelled by one watchdog per socket, which costs far less per call than
a timer of its own.

A socket starts anonymous, or authenticated by what its upgrade request carried (an API key or
access token in the headers, or `?ticket=` from `auth.ws_ticket`). `auth.login` or `auth.resume`
over the socket authenticates it later. When its session ends the socket is closed with 4001;
when its token expires without an `auth.resume`, with 4002. Every message counts against the
socket's own rate and the caller's request limits (GBX_RATE_LIMITED when over).
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections.abc import Callable
from typing import Any

import orjson
import structlog
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from goldbox.api import errors
from goldbox.api.call import Call, Client, Transport
from goldbox.api.errors import GbxError
from goldbox.api.jsonrpc import Deferred, encode, error_response
from goldbox.auth.roles import Principal
from goldbox.ops import metrics
from goldbox.ops.correlation import current_correlation_id
from goldbox.service.gatekeeper import RateLimited
from goldbox.service.services import Services
from goldbox.transport.socket_rate import SocketRate
from goldbox.transport.ws_admission import admit_socket

log = structlog.get_logger("goldbox.ws")

CLOSE_GOING_AWAY = 1001
CLOSE_MESSAGE_TOO_BIG = 1009
CLOSE_INTERNAL_ERROR = 1011
CLOSE_SESSION_ENDED = 4001
CLOSE_TOKEN_EXPIRED = 4002


class RpcSocket:
    """One client connection: reads frames, runs calls, and serialises what it sends."""

    def __init__(
        self, websocket: WebSocket, services: Services, client: Client, principal: Principal | None
    ) -> None:
        self.websocket = websocket
        self.services = services
        self.settings = services.settings
        self.client = client
        self.principal: Principal | None = None
        self._expiry: asyncio.TimerHandle | None = None
        self.connection_id = current_correlation_id.get()
        self._send_lock = asyncio.Lock()
        self._max_in_flight = self.settings.ws_max_in_flight
        self._in_flight = 0
        self._slot_freed: asyncio.Future[None] | None = None
        self._timeout_s = self.settings.request_timeout_s
        self._max_message_bytes = self.settings.ws_max_message_bytes
        self._tally = metrics.MessageTally(Transport.WEBSOCKET.value)
        self._sequence = itertools.count(1)
        self._calls: dict[asyncio.Task[Any], float] = {}  # call -> deadline on the loop's clock
        self._overdue: set[asyncio.Task[Any]] = set()
        self._reader: asyncio.Task[Any] | None = None
        self._readers: set[asyncio.Task[None]] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._limits_on = self.settings.rate_limits_enabled
        self._rate = SocketRate(self.settings.ws_message_rate) if self._limits_on else None
        self._done_reading = asyncio.Event()
        self._closed = False
        self._on_close: list[Callable[[], None]] = []
        if principal is not None:
            self.authenticate(principal)

    def authenticate(self, principal: Principal) -> None:
        """From now on calls on this socket act as `principal`, until its session ends or it expires."""
        self._forget_principal()
        self.principal = principal
        for credential in principal.credentials:
            self.services.watch_session(credential, id(self), self._session_ended)
        if principal.expires_at is not None:
            loop = asyncio.get_running_loop()
            delay = max(0.0, principal.expires_at - time.time())
            self._expiry = loop.call_later(delay, self._close_soon, CLOSE_TOKEN_EXPIRED, "token expired")

    def _forget_principal(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None
        if self.principal is not None:
            for credential in self.principal.credentials:
                self.services.unwatch_session(credential, id(self))

    def _session_ended(self, session_id: str) -> None:
        self._close_soon(CLOSE_SESSION_ENDED, "session ended")

    def _close_soon(self, code: int, reason: str) -> None:
        task = asyncio.get_running_loop().create_task(self.close(code, reason))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def on_close(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the socket has closed (its game subscriptions end with it)."""
        self._on_close.append(callback)

    async def serve(self) -> None:
        await self.websocket.accept()
        self.services.sockets[id(self)] = self.close
        metrics.WS_OPEN.inc()
        log.info("ws_connected", connection_id=self.connection_id)
        watchdog = asyncio.create_task(self._cancel_overdue_calls())
        self._reader = asyncio.current_task()
        try:
            await self._read_and_answer()
            await self._done_reading.wait()
        finally:
            watchdog.cancel()
            self._tally.close()
            self._forget_principal()
            del self.services.sockets[id(self)]
            for callback in self._on_close:
                callback()
            metrics.WS_OPEN.dec()
            log.info("ws_disconnected", connection_id=self.connection_id, calls_in_flight=len(self._calls))

    async def _read_and_answer(self) -> None:
        """Read frames and answer each, until the socket closes or another task takes over reading."""
        me = asyncio.current_task()
        assert me is not None
        try:
            await self._read_until_closed(me)
        except Exception:
            log.exception("ws_reader_failed")
            await self.close(CLOSE_INTERNAL_ERROR, "internal error")
        finally:
            if self._reader is me:
                self._done_reading.set()

    def _hand_off_reading(self, busy: asyncio.Task[Any]) -> None:
        """The reader is still in a call at the loop's next turn: a new task reads on."""
        if self._reader is busy and not self._closed:
            reader = asyncio.create_task(self._read_and_answer())
            self._reader = reader
            self._readers.add(reader)
            reader.add_done_callback(self._readers.discard)

    async def _read_until_closed(self, me: asyncio.Task[Any]) -> None:
        # The hottest loop in the server: everything a message needs is looked up once, up here.
        loop = asyncio.get_running_loop()
        receive = self.websocket.receive
        tally = self._tally
        calls = self._calls
        rpc = self.services.rpc
        sequence = self._sequence
        prefix = f"{self.connection_id}."
        quick_limit = self._max_message_bytes // 4  # UTF-8 takes at most 4 bytes a character
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                self._closed = True
                return
            tally.messages_in += 1
            correlation_id = f"{prefix}{next(sequence)}"
            text: str | None = message.get("text")
            if text is None:
                await self._send_error(
                    errors.INVALID_REQUEST, "Send JSON-RPC messages as text frames.", correlation_id
                )
                continue
            if len(text) > quick_limit:
                size = self._oversize(text)
                if size:
                    await self.close(CLOSE_MESSAGE_TOO_BIG, f"message of {size} bytes is over the limit")
                    return
            if self._limits_on:
                refusal = await self._over_limit()
                if refusal is not None:
                    await self._send(
                        encode(
                            error_response(_id_of(text), refusal.code, correlation_id, None, refusal.details)
                        )
                    )
                    continue
            call = self._call(correlation_id)
            current_correlation_id.set(correlation_id)
            ready = rpc.instant_reply(text, call)
            if not isinstance(ready, Deferred):
                # Answered on the spot (an instant method, or a malformed message): nothing can wait,
                # so there is nothing to hand off, time out or count in flight.
                if ready is not None:
                    await self._send(ready)
                continue
            if self._in_flight >= self._max_in_flight:
                await self._slot_free()
            self._in_flight += 1
            hand_off = loop.call_soon(self._hand_off_reading, me)
            calls[me] = loop.time() + self._timeout_s
            try:
                await self._answer(ready.message, call)
            finally:
                del calls[me]
                if self._overdue:
                    self._overdue.discard(me)
                self._release_slot()
                if self._closed:
                    tally.flush()  # a call that outlived its socket: the watchdog no longer ticks
            if self._reader is not me:
                return  # another task reads now; this one was finishing its call
            hand_off.cancel()

    async def _slot_free(self) -> None:
        """Wait until fewer than `ws_max_in_flight` calls run (only the reader waits, one at a time)."""
        while self._in_flight >= self._max_in_flight:
            self._slot_freed = asyncio.get_running_loop().create_future()
            await self._slot_freed

    def _release_slot(self) -> None:
        self._in_flight -= 1
        waiter = self._slot_freed
        if waiter is not None:
            self._slot_freed = None
            if not waiter.done():
                waiter.set_result(None)

    async def _over_limit(self) -> GbxError | None:
        """The socket's own message rate, then the caller's request limits (shared across processes)."""
        if self._rate is not None and not self._rate.allow():
            details = {
                "scope": "socket",
                "limit": self._rate.amount,
                "retry_after_s": math.ceil(self._rate.retry_after_s()),
            }
            return GbxError(errors.RATE_LIMITED, details=details)
        try:
            await self.services.gatekeeper.admit(self.client, self.principal)
        except RateLimited as over:
            return over.error()
        return None

    async def _charge(self, calls: int) -> None:
        """A batch costs its calls: the first was counted (in order) as the message was read."""
        await self.services.gatekeeper.admit(self.client, self.principal, calls - 1)

    def _oversize(self, text: str) -> int:
        """The message's size in bytes when it is over the limit, else 0; encodes only when unsure."""
        limit = self.settings.ws_max_message_bytes
        if len(text) * 4 <= limit:  # UTF-8 takes at most 4 bytes a character
            return 0
        size = len(text.encode())
        return size if size > limit else 0

    async def _cancel_overdue_calls(self) -> None:
        """Cancel calls past their deadline; they answer GBX_TIMEOUT within a quarter of the limit."""
        period = min(1.0, self.settings.request_timeout_s / 4)
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(period)
            self._tally.flush()
            now = loop.time()
            for task, deadline in list(self._calls.items()):
                if deadline <= now and task not in self._overdue:
                    self._overdue.add(task)
                    task.cancel()

    def _call(self, correlation_id: str) -> Call:
        return Call(
            self.services,
            Transport.WEBSOCKET,
            correlation_id,
            self.principal,
            self.notify,
            self.client,
            self,
            self._tally,
        )

    async def _answer(self, message: Any, call: Call) -> None:
        correlation_id = call.correlation_id
        try:
            # Without limits a message's calls cost nothing to count.
            reply = await self.services.rpc.answer_message(
                message, call, self._charge if self._limits_on else None
            )
        except RateLimited as over:
            refusal = over.error()
            reply = encode(
                error_response(_id_in(message), refusal.code, correlation_id, None, refusal.details)
            )
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task not in self._overdue:
                raise
            assert task is not None
            task.uncancel()
            log.warning("ws_call_timed_out", timeout_s=self.settings.request_timeout_s)
            details = {"timeout_s": self.settings.request_timeout_s}
            reply = encode(
                error_response(_id_in(message), errors.REQUEST_TIMEOUT, correlation_id, details=details)
            )
        if reply is not None:
            await self._send(reply)

    async def notify(self, method: str, params: dict[str, Any]) -> None:
        """Push a JSON-RPC notification to this client."""
        await self._send(encode({"jsonrpc": "2.0", "method": method, "params": params}))

    async def close(self, code: int, reason: str) -> None:
        """Close the socket; going away (1001) is announced first with a `system.closing` notification."""
        if self._closed:
            return
        if code == CLOSE_GOING_AWAY:
            await self.notify("system.closing", {"code": code, "reason": reason})
        self._closed = True
        async with self._send_lock:
            if self.websocket.application_state is WebSocketState.CONNECTED:
                await self.websocket.close(code, reason)

    async def _send_error(self, code: errors.ErrorCode, message: str, correlation_id: str) -> None:
        await self._send(encode(error_response(None, code, correlation_id, message)))

    async def _send(self, payload: bytes) -> None:
        lock = self._send_lock
        await lock.acquire()  # not `async with`: a third of the cost, on every reply
        try:
            if self._closed:
                return
            try:
                await self.websocket.send_text(payload.decode())
            except (WebSocketDisconnect, RuntimeError, OSError):
                self._closed = True
                return
        finally:
            lock.release()
        self._tally.messages_out += 1


def _id_of(text: str) -> Any:
    """The id of a single call, for a reply written without the engine's help (a refusal)."""
    try:
        return _id_in(orjson.loads(text))
    except orjson.JSONDecodeError:
        return None


def _id_in(message: Any) -> Any:
    """The id of a parsed single call (none for a batch or anything else)."""
    return message.get("id") if isinstance(message, dict) else None


async def rpc_over_websocket(websocket: WebSocket) -> None:
    services: Services = websocket.app.state.services
    if services.draining:
        await websocket.close(CLOSE_GOING_AWAY, "server shutting down")
        return
    admitted = await admit_socket(websocket, services)
    if admitted is not None:
        client, principal = admitted
        await RpcSocket(websocket, services, client, principal).serve()
