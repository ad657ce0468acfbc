"""A game's events as Server-Sent Events: `GET /games/{game_id}/events`, for clients that only listen.

The same subscription as `game.subscribe` (replay after a seq, then live, only what the caller may
see), written as an `text/event-stream`:

    id: 42
    event: game.event
    data: {"game_id": "…", "seq": 42, "type": "creature.moved", "data": {…}}

`id:` is the seq, so a browser's EventSource resumes by itself after a drop: it sends the last
`Last-Event-ID` and gets exactly what it missed. `?after_seq=N` chooses where a first connection
starts (the header wins when both are sent). A comment (`: heartbeat`) is sent every
GOLDBOX_SSE_HEARTBEAT_S while idle. If the server ends the stream (the reader fell behind, or the
server is shutting down) it says so first: `event: game.resume` with `{game_id, after_seq, reason}`.

Credentials are the API's: `Authorization: Bearer …` or `X-API-Key`, or `?ticket=` from
`auth.ws_ticket` (EventSource cannot send headers). Refusals are the API's JSON errors with their
HTTP status, sent before the stream begins.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import orjson
import structlog
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Principal
from goldbox.ops.correlation import current_correlation_id
from goldbox.service.game_events import Subscription, event_message
from goldbox.service.gatekeeper import RateLimited
from goldbox.service.services import Services
from goldbox.store.game_log import LoggedEvent
from goldbox.transport.http_rpc import UNAUTHORIZED_CHALLENGE, client_of, credentials_of
from goldbox.transport.middleware import DEADLINE
from goldbox.transport.responses import error_json

log = structlog.get_logger("goldbox.sse")

HEARTBEAT = b": heartbeat\n\n"
RETRY_MS = 2000
_PENDING_FRAMES = 16  # frames waiting for the client; beyond, the subscription's own queue fills
_END = b""


def _frame(event: str, data: object, seq: int | None = None) -> bytes:
    head = f"id: {seq}\n" if seq is not None else ""
    return f"{head}event: {event}\ndata: ".encode() + orjson.dumps(data) + b"\n\n"


def _after_seq(request: Request) -> int:
    """Where to start: Last-Event-ID (an EventSource resuming), else ?after_seq=, else 0."""
    raw = request.headers.get("last-event-id") or request.query_params.get("after_seq") or "0"
    if not raw.isdigit() or len(raw) > 18:
        raise GbxError(
            errors.INVALID_PARAMS,
            details=[{"path": "after_seq", "message": "a whole number, 0 or more", "type": "value_error"}],
        )
    return int(raw)


async def _caller(request: Request, services: Services) -> Principal:
    client, gatekeeper = client_of(request), services.gatekeeper
    await gatekeeper.admit_address(client)
    ticket = request.query_params.get("ticket")
    principal: Principal | None
    if ticket:
        principal = await services.session_checks.principal_for_ticket(ticket)
    else:
        principal = await gatekeeper.identify(credentials_of(request), client, current_correlation_id.get())
    if principal is None:
        raise GbxError(errors.UNAUTHENTICATED, details={"required_role": "player"})
    await gatekeeper.admit_account(principal)
    return principal


class EventStream:
    """One listener's stream: frames from the subscription, heartbeats, and an end."""

    def __init__(self, services: Services, game_id: str) -> None:
        self.services = services
        self.game_id = game_id
        self.frames: asyncio.Queue[bytes] = asyncio.Queue(_PENDING_FRAMES)
        self.subscription: Subscription | None = None

    async def send(self, event: LoggedEvent) -> None:
        await self.frames.put(_frame("game.event", event_message(self.game_id, event), event.seq))

    async def interrupted(self, after_seq: int, reason: str) -> None:
        self._finish(
            _frame("game.resume", {"game_id": self.game_id, "after_seq": after_seq, "reason": reason})
        )

    async def close(self, code: int, reason: str) -> None:
        """The server is shutting down (it closes its sockets and streams alike)."""
        last_seq = self.subscription.last_seq if self.subscription is not None else 0
        await self.interrupted(last_seq, "server_closing")

    def _finish(self, last_frame: bytes) -> None:
        """Make room if need be: the closing frame and the end must get through."""
        while self.frames.qsize() > _PENDING_FRAMES - 2:
            self.frames.get_nowait()
        self.frames.put_nowait(last_frame)
        self.frames.put_nowait(_END)

    async def body(self) -> AsyncIterator[bytes]:
        heartbeat_s = self.services.settings.sse_heartbeat_s
        self.services.sockets[id(self)] = self.close
        try:
            yield f"retry: {RETRY_MS}\n\n".encode()
            while True:
                try:
                    frame = await asyncio.wait_for(self.frames.get(), heartbeat_s)
                except TimeoutError:
                    yield HEARTBEAT
                    continue
                if frame == _END:
                    return
                yield frame
        finally:
            self.services.sockets.pop(id(self), None)
            if self.subscription is not None:
                await self.subscription.close()


async def game_events_stream(request: Request) -> Response:
    """GET /games/{game_id}/events: check the caller and the seq, then stream (see the module)."""
    services: Services = request.app.state.services
    correlation_id = current_correlation_id.get()
    game_id = request.path_params["game_id"]
    if services.draining:
        return error_json(errors.UNAVAILABLE, correlation_id, {"reason": "server shutting down"})
    try:
        principal = await _caller(request, services)
        after_seq = _after_seq(request)
        viewer, _ = await services.game_events.admit(game_id, principal, after_seq)
        stream = EventStream(services, game_id)
        stream.subscription = await services.game_events.subscribe(
            game_id, viewer, after_seq, stream.send, stream.interrupted
        )
    except RateLimited as over:
        refusal = over.error()
        response = error_json(refusal.code, correlation_id, refusal.details)
        for name, value in over.verdict.headers():
            response.headers[name] = value
        return response
    except GbxError as exc:
        response = error_json(exc.code, correlation_id, exc.details, exc.message)
        if exc.code.http_status == 401:
            response.headers["www-authenticate"] = UNAUTHORIZED_CHALLENGE
        return response
    deadline = request.scope.get(DEADLINE)
    if deadline is not None:
        deadline.reschedule(None)  # a stream lasts as long as its listener
    return StreamingResponse(
        stream.body(),
        media_type="text/event-stream",
        headers={"cache-control": "no-store", "x-accel-buffering": "no"},
    )
