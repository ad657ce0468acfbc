"""Watching a game over the WebSocket: `game.subscribe` and `game.unsubscribe`.

A subscription first replays the events after `after_seq`, then streams live ones, each as a
JSON-RPC notification `game.event {game_id, seq, type, data}`, in seq order. Events the viewer may
not see are skipped, so seqs may jump; a client keeps the highest seq it has received (or the
`after_seq` of a `game.resume`) and, after any disconnect, subscribes again with it: nothing is
missed, because every event is kept. A notification may arrive before the subscribe reply.

When the server ends a subscription by itself it sends `game.resume {game_id, after_seq, reason}`.
A socket that fell behind (`reason` `too_slow`: more than GOLDBOX_EVENT_QUEUE_SIZE events queued)
is then closed with code 4009, "resume from after_seq": reconnect and subscribe with that seq.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call, Transport
from goldbox.api.errors import GbxError
from goldbox.api.methods.auth import caller
from goldbox.api.models import Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role
from goldbox.service.game_events import GameEvents, Subscription, event_message
from goldbox.store.game_log import LoggedEvent

methods = Registry()

CLOSE_RESUME = 4009
"""WebSocket close code: this socket fell behind its games' events; reconnect and resubscribe with
the `after_seq` of the `game.resume` notification sent just before."""
_RESUME_NOTICE_TIMEOUT_S = 1.0


@runtime_checkable
class EventSocket(Protocol):
    """What a connection must offer to carry subscriptions: closing, and telling when it closed."""

    async def close(self, code: int, reason: str) -> None: ...

    def on_close(self, callback: Callable[[], None]) -> None: ...


class SubscribeParams(Params):
    game_id: str = Field(min_length=1, max_length=36, description="The game to watch.")
    after_seq: int = Field(
        0,
        ge=0,
        description="The last seq you hold: events after it are replayed first. 0 replays the whole "
        "game; every event is kept, so any seq up to the game's last one works.",
    )


class Subscribed(Result):
    game_id: str
    after_seq: int = Field(description="Where the replay starts, as asked.")
    last_seq: int = Field(description="The game's last seq when the subscription began.")


class UnsubscribeParams(Params):
    game_id: str = Field(min_length=1, max_length=36)


class Unsubscribed(Result):
    game_id: str
    last_seq: int = Field(description="The last seq handled before stopping: resume after it.")


def _socket_of(call: Call) -> EventSocket:
    connection = call.connection
    if (
        call.transport is not Transport.WEBSOCKET
        or call.notify is None
        or not isinstance(connection, EventSocket)
    ):
        raise GbxError(errors.WEBSOCKET_ONLY, details={"sse": "GET /games/{game_id}/events"})
    return connection


def _watches(events: GameEvents, socket: EventSocket) -> dict[str, Subscription | None]:
    """This socket's subscriptions; the first one made arranges for all to end when it closes."""
    key = id(socket)
    watches = events.by_connection.get(key)
    if watches is None:
        watches = events.by_connection[key] = {}

        def closed() -> None:
            for subscription in (events.by_connection.pop(key, None) or {}).values():
                if subscription is not None:
                    events.in_background(subscription.close())

        socket.on_close(closed)
    return watches


@methods.method(
    "game.subscribe",
    role=Role.PLAYER,
    errors=(
        errors.WEBSOCKET_ONLY,
        errors.GAME_NOT_WATCHABLE,
        errors.SEQ_FROM_THE_FUTURE,
        errors.TOO_MANY_SUBSCRIPTIONS,
        errors.ALREADY_SUBSCRIBED,
        errors.UNAVAILABLE,
    ),
)
async def subscribe(call: Call, params: SubscribeParams) -> Subscribed:
    """Watch a game: replay its events after `after_seq`, then stream new ones (WebSocket only).

    Each event comes as a notification `game.event {game_id, seq, type, data}`, in seq order, and
    only those you may see (your game's events; some are for certain players only). Live ones also
    carry `published_at`, the server's time (epoch seconds) when the event was published. A socket may
    watch GOLDBOX_WS_MAX_SUBSCRIPTIONS games. If the server ends the subscription it sends
    `game.resume {game_id, after_seq, reason}`; a socket too slow to keep up is then closed with
    4009: reconnect and subscribe again with that `after_seq`. Over HTTP, read
    `GET /games/{game_id}/events` (Server-Sent Events) instead.
    """
    socket = _socket_of(call)
    notify = call.notify
    assert notify is not None
    events = call.services.game_events
    watches = _watches(events, socket)
    game_id = params.game_id
    if game_id in watches:
        raise GbxError(errors.ALREADY_SUBSCRIBED, details={"game_id": game_id})
    limit = call.services.settings.ws_max_subscriptions
    if len(watches) >= limit:
        raise GbxError(errors.TOO_MANY_SUBSCRIPTIONS, details={"max": limit, "watching": sorted(watches)})
    watches[game_id] = None  # holds the place while the checks run: calls on a socket run at once
    try:
        viewer, last_seq = await events.admit(game_id, caller(call), params.after_seq)

        async def send(event: LoggedEvent) -> None:
            await notify("game.event", event_message(game_id, event))

        async def interrupted(after_seq: int, reason: str) -> None:
            if watches.get(game_id) is not None:
                del watches[game_id]
            notice = {"game_id": game_id, "after_seq": after_seq, "reason": reason}
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(notify("game.resume", notice), _RESUME_NOTICE_TIMEOUT_S)
            if reason == "too_slow":
                await socket.close(CLOSE_RESUME, f"resume from after_seq {after_seq}")

        subscription = await events.subscribe(game_id, viewer, params.after_seq, send, interrupted)
    except BaseException:
        watches.pop(game_id, None)
        raise
    if events.by_connection.get(id(socket)) is not watches:  # the socket closed meanwhile
        await subscription.close()
    else:
        watches[game_id] = subscription
    return Subscribed(game_id=game_id, after_seq=params.after_seq, last_seq=last_seq)


@methods.method("game.unsubscribe", role=Role.PLAYER, errors=(errors.WEBSOCKET_ONLY, errors.NOT_SUBSCRIBED))
async def unsubscribe(call: Call, params: UnsubscribeParams) -> Unsubscribed:
    """Stop watching a game on this socket; no `game.event` for it follows the reply."""
    socket = _socket_of(call)
    watches = call.services.game_events.by_connection.get(id(socket), {})
    subscription = watches.get(params.game_id)
    if subscription is None:
        raise GbxError(errors.NOT_SUBSCRIBED, details={"game_id": params.game_id})
    del watches[params.game_id]
    await subscription.close()
    return Unsubscribed(game_id=params.game_id, last_seq=subscription.last_seq)
