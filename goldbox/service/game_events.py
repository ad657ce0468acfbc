"""A game's events, to the people watching it: what they missed first, then what happens, in order.

After an action commits, the service that ran it calls `publish(game_id, logged_events)`: the
events go out on the event bus, so subscribers on every server process hear them (through Redis
pub/sub when GOLDBOX_REDIS_URL is set).

A subscriber names the last seq it holds (`after_seq`). It joins the live channel *first*, then
replays the log from the database page by page, then streams live events. Live events that arrive
during the replay wait in its queue, and any with a seq it already delivered are dropped, so the
hand-over has neither a gap nor a duplicate. Every event is kept in the log, so there is no stale
`after_seq`: any seq from 0 to the game's last one resumes exactly. Should a live event skip ahead
(messages lost by Redis, or two processes publishing out of order), the subscriber reads the gap
from the database before going on.

Each subscriber has its own bounded queue (`event_queue_size`). One that falls further behind
than that (a slow socket) is not waited for: its subscription ends, and the transport tells it to
resume from its last seq. The others never notice.

Who may watch, and what each watcher sees, are the game's rules, not the transport's: see
`Viewer`, `audience_visible` and `GameEvents.visible`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Principal, Role
from goldbox.infra.event_bus import MISSED, BusSubscription, EventBus, EventBusUnavailable
from goldbox.ops import metrics
from goldbox.service.background import BackgroundTasks
from goldbox.service.match_state import is_match, seated_accounts
from goldbox.store.game_log import GameLog, LoggedEvent
from goldbox.store.models import GamePlayerRecord, GameRecord

log = structlog.get_logger("goldbox.game_events")

AUDIENCE = "audience"
"""The key of an event's data naming who may see it: a list of account ids, `"*"` for everyone
watching. Stored with the event in the log; never sent to a client."""
EVERYONE = "*"
REPLAY_PAGE = 500
_STOP_TIMEOUT_S = 2.0

SendEvent = Callable[[LoggedEvent], Awaitable[None]]
"""Hands one event (its audience removed) to the subscriber's transport."""
Interrupted = Callable[[int, str], Awaitable[None]]
"""Told `(last_seq, reason)` when a subscription ends by itself: the subscriber should resume
with `after_seq=last_seq`. Reasons: `too_slow` (its queue overflowed), `unavailable` (the database
or the bus failed), `server_closing`."""


@dataclass(frozen=True, slots=True)
class Viewer:
    """Someone watching a game, as visibility rules see them."""

    account_id: str
    player: bool
    """Plays in the game now: joined with a character and not left (RPG), or seated (a match,
    left or not: a seat's events stay its player's)."""
    operator: bool = False
    """An admin watching to operate the server: sees every event."""
    match: bool = False
    """The game is a Genius match: no turn timer counts on its players' presence (`WatchHook`)."""


WatchHook = Callable[[str, str], Callable[[], None]]
"""Told `(game_id, account_id)` when a player's subscription to an RPG game starts; returns what to call when it
ends. The turn timer's presence tracking (`goldbox.service.turns`)."""

Visibility = Callable[[LoggedEvent, Viewer], bool]
"""The hook deciding whether `viewer` may see `event`. It must be fast and pure (no I/O): it runs
once per event per subscriber, on the event loop."""


def audience_visible(event: LoggedEvent, viewer: Viewer) -> bool:
    """The default rule. An event whose data carries an `audience` (computed by the game when it
    logs the event, e.g. the players whose characters can see a monster move) goes to those
    accounts only; one without goes to every player of the game. Operators see everything."""
    if viewer.operator:
        return True
    audience = event.data.get(AUDIENCE)
    if audience is None:
        return viewer.player
    return isinstance(audience, list) and (EVERYONE in audience or viewer.account_id in audience)


def without_audience(event: LoggedEvent) -> LoggedEvent:
    """The event as a client sees it: who else may see it is not theirs to know."""
    if AUDIENCE not in event.data:
        return event
    return dataclasses.replace(event, data={k: v for k, v in event.data.items() if k != AUDIENCE})


def _channel(game_id: str) -> str:
    return f"game:{game_id}"


@dataclass(frozen=True, slots=True)
class LiveEvent(LoggedEvent):
    """An event delivered as it happens, with when it was published (wall-clock seconds since the
    epoch): a client can tell how late it arrives. Events replayed from the log have no such time."""

    published_at: float = 0.0


def event_message(game_id: str, event: LoggedEvent) -> dict[str, Any]:
    """A `game.event` as subscribers receive it (WebSocket notification params, SSE data):
    `{game_id, seq, type, data}`, and `published_at` when it was delivered live."""
    message: dict[str, Any] = {"game_id": game_id, "seq": event.seq, "type": event.type, "data": event.data}
    if isinstance(event, LiveEvent):
        message["published_at"] = event.published_at
    return message


def _encode(game_id: str, events: Sequence[LoggedEvent]) -> bytes:
    return orjson.dumps(
        {"game_id": game_id, "at": time.time(), "events": [[e.seq, e.type, e.data] for e in events]}
    )


def _decode(message: bytes) -> list[LoggedEvent]:
    body: dict[str, Any] = orjson.loads(message)
    at = float(body.get("at", 0.0))
    return [LiveEvent(seq, type_, data, at) for seq, type_, data in body["events"]]


class Subscription:
    """One subscriber to one game: its queue, the seq it has reached, and the task that feeds it."""

    def __init__(
        self,
        owner: GameEvents,
        game_id: str,
        viewer: Viewer,
        after_seq: int,
        send: SendEvent,
        interrupted: Interrupted | None,
    ) -> None:
        self.game_id = game_id
        self.viewer = viewer
        self.last_seq = after_seq
        """The last seq handled (delivered, or skipped as not visible): where a resume starts."""
        self._owner = owner
        self._send = send
        self._interrupted = interrupted
        self._capacity = owner.queue_size
        self._queue: deque[LoggedEvent] = deque()
        self._wakeup = asyncio.Event()
        self._catch_up = True  # the first thing it does is replay what it missed
        self._task: asyncio.Task[None] | None = None
        self._unwatch: Callable[[], None] | None = None
        self.closed = False

    def offer(self, events: Sequence[LoggedEvent]) -> None:
        """Queue live events, never waiting: one that does not fit ends the subscription."""
        if self.closed:
            return
        if len(self._queue) + len(events) > self._capacity:
            metrics.GAME_EVENTS_DROPPED.inc(len(self._queue) + len(events))
            log.info("game_subscriber_too_slow", game_id=self.game_id, last_seq=self.last_seq)
            self._end("too_slow")
            return
        self._queue.extend(events)
        self._wakeup.set()

    def catch_up_soon(self) -> None:
        """Live events may have been lost on the way: read the log from `last_seq` again."""
        self._catch_up = True
        self._wakeup.set()

    def _start(self) -> None:
        self._task = asyncio.create_task(self._pump(), name=f"game-events-{self.game_id}")

    async def _pump(self) -> None:
        try:
            while True:
                self._wakeup.clear()
                if self._catch_up:
                    self._catch_up = False
                    await self._replay()
                while self._queue and not self._catch_up:
                    event = self._queue.popleft()
                    if event.seq <= self.last_seq:
                        continue  # already delivered by the replay
                    if event.seq > self.last_seq + 1:
                        await self._replay()  # a gap: the log has what the bus did not bring
                        if event.seq <= self.last_seq:
                            continue
                        log.warning(
                            "game_event_gap", game_id=self.game_id, after=self.last_seq, got=event.seq
                        )
                    await self._deliver(event)
                if not self._catch_up and not self._queue:
                    await self._wakeup.wait()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("game_subscription_failed", game_id=self.game_id, last_seq=self.last_seq)
            self._end("unavailable")

    async def _replay(self) -> None:
        """Deliver every logged event after `last_seq`, a page at a time, up to the log's end."""
        while True:
            page = await self._owner.games.events_after(self.game_id, self.last_seq, REPLAY_PAGE)
            for event in page:
                await self._deliver(event)
            if len(page) < REPLAY_PAGE:
                return

    async def _deliver(self, event: LoggedEvent) -> None:
        if self._owner.visible(event, self.viewer):
            await self._send(without_audience(event))
            metrics.GAME_EVENTS_DELIVERED.inc()
        self.last_seq = event.seq

    def _end(self, reason: str) -> None:
        """End by itself (overflow, failure, shutdown) and tell the subscriber where to resume."""
        if self.closed:
            return
        self._detach()
        task = self._task
        if task is not None and task is not asyncio.current_task():
            task.cancel()
        if self._interrupted is not None:
            self._owner.in_background(self._interrupted(self.last_seq, reason))

    def _detach(self) -> None:
        self.closed = True
        unwatch, self._unwatch = self._unwatch, None
        if unwatch is not None:
            unwatch()
        self._queue.clear()
        self._owner._leave(self)

    async def close(self) -> None:
        """Unsubscribe (the client asked, or its connection ended); nothing more is sent."""
        if self.closed:
            return
        self._detach()
        task = self._task
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            await asyncio.wait({task}, timeout=_STOP_TIMEOUT_S)


@dataclass
class _Channel:
    """A game's live events in this process: one bus subscription shared by its local subscribers."""

    game_id: str
    joining: asyncio.Task[BusSubscription]
    subscribers: set[Subscription]
    relay: asyncio.Task[None] | None = None


class GameEvents:
    """Publishes games' events and serves their subscribers; one per server process."""

    def __init__(
        self,
        games: GameLog,
        sessions: async_sessionmaker[AsyncSession],
        bus: EventBus,
        queue_size: int,
    ) -> None:
        self.games = games
        self.sessions = sessions
        self.bus = bus
        self.queue_size = queue_size
        self.visible: Visibility = audience_visible
        """The visibility hook: replace it to change what each viewer may see (see `Visibility`)."""
        self._channels: dict[str, _Channel] = {}
        self.by_connection: dict[int, dict[str, Subscription | None]] = {}
        """Each WebSocket's subscriptions by game id (None while one is being set up), kept here
        because a connection's calls run concurrently and the per-socket limit must hold."""
        self._background = BackgroundTasks("game_events_background_failed")
        """Relays, and telling subscribers they ended."""
        self.on_watch: WatchHook | None = None
        """Told when a player starts and stops watching a game (see `WatchHook`)."""

    async def publish(self, game_id: str, events: Sequence[LoggedEvent]) -> None:
        """Send committed events to every subscriber of the game, in every process. Call it after
        the commit; a failure of the bus is logged, not raised (subscribers catch up from the log)."""
        if not events:
            return
        try:
            await self.bus.publish(_channel(game_id), _encode(game_id, events))
        except EventBusUnavailable as exc:
            log.error("game_events_not_published", game_id=game_id, last_seq=events[-1].seq, error=str(exc))

    async def viewer_of(self, game_id: str, principal: Principal) -> tuple[Viewer, int]:
        """Who `principal` is to the game, and the game's last seq; GBX_GAME_NOT_WATCHABLE when the
        game does not exist or they may not watch it (the same answer, so ids cannot be probed).

        An RPG game may be watched by its players (joined and not left) and by admins (they see
        every event). A Genius match by anyone logged in: its seated players as players, anyone
        else as a spectator (`player=False`), who sees only the events for everyone.
        """
        async with self.sessions() as session:
            head = (
                await session.execute(
                    select(GameRecord.kind, GameRecord.version).where(GameRecord.id == game_id)
                )
            ).one_or_none()
            if head is None:
                raise GbxError(errors.GAME_NOT_WATCHABLE, details={"game_id": game_id})
            if is_match(head.kind):
                state = await session.scalar(select(GameRecord.state).where(GameRecord.id == game_id))
                playing = principal.subject in seated_accounts(state or {})
            else:
                playing = (
                    await session.scalar(
                        select(GamePlayerRecord.character_id)
                        .where(
                            GamePlayerRecord.game_id == game_id,
                            GamePlayerRecord.account_id == principal.subject,
                            GamePlayerRecord.left_at.is_(None),
                        )
                        .limit(1)
                    )
                    is not None
                )
        viewer = Viewer(
            principal.subject,
            player=playing,
            operator=principal.role is Role.ADMIN,
            match=is_match(head.kind),
        )
        if not (viewer.player or viewer.operator or viewer.match):
            raise GbxError(errors.GAME_NOT_WATCHABLE, details={"game_id": game_id})
        return viewer, int(head.version)

    async def admit(self, game_id: str, principal: Principal, after_seq: int) -> tuple[Viewer, int]:
        """Check that `principal` may watch from `after_seq`: the game exists, they may watch it, and
        `after_seq` is not past its last event (GBX_SEQ_FROM_THE_FUTURE). Returns the viewer and
        the game's last seq now."""
        viewer, last_seq = await self.viewer_of(game_id, principal)
        if after_seq > last_seq:
            raise GbxError(
                errors.SEQ_FROM_THE_FUTURE,
                details={"game_id": game_id, "after_seq": after_seq, "last_seq": last_seq},
            )
        return viewer, last_seq

    async def subscribe(
        self,
        game_id: str,
        viewer: Viewer,
        after_seq: int,
        send: SendEvent,
        interrupted: Interrupted | None = None,
    ) -> Subscription:
        """Send `viewer` every event after `after_seq` that they may see: the log first, then live.

        `send` is awaited once per event, in seq order, from the subscription's own task.
        Raises GBX_UNAVAILABLE when the bus cannot be joined.
        """
        subscription = Subscription(self, game_id, viewer, after_seq, send, interrupted)
        channel = self._channels.get(game_id)
        if channel is None:
            joining = asyncio.ensure_future(
                self.bus.subscribe(_channel(game_id), capacity=4 * self.queue_size)
            )
            channel = self._channels[game_id] = _Channel(game_id, joining, set())
            joining.add_done_callback(lambda done: self._joined(channel, done))
        channel.subscribers.add(subscription)
        metrics.GAME_SUBSCRIPTIONS.inc()
        try:
            await asyncio.shield(channel.joining)
        except (EventBusUnavailable, asyncio.CancelledError) as exc:
            subscription._detach()
            if isinstance(exc, asyncio.CancelledError):
                raise
            raise GbxError(errors.UNAVAILABLE, details={"service": "event bus"}) from None
        subscription._start()
        if self.on_watch is not None and viewer.player and not viewer.match and not subscription.closed:
            subscription._unwatch = self.on_watch(game_id, viewer.account_id)
        return subscription

    def _joined(self, channel: _Channel, done: asyncio.Task[BusSubscription]) -> None:
        if done.cancelled() or done.exception() is not None:
            if self._channels.get(channel.game_id) is channel:
                del self._channels[channel.game_id]
            return
        listening = done.result()
        if not channel.subscribers or self._channels.get(channel.game_id) is not channel:
            self.in_background(listening.close())
            return
        channel.relay = self._background.keep(asyncio.create_task(self._relay(channel, listening)))

    async def _relay(self, channel: _Channel, listening: BusSubscription) -> None:
        """Hand each live batch to every local subscriber of the game; never waits on any of them."""
        try:
            async for message in listening:
                if message is MISSED:
                    for subscription in list(channel.subscribers):
                        subscription.catch_up_soon()
                    continue
                events = _decode(message)
                for subscription in list(channel.subscribers):
                    subscription.offer(events)
        finally:
            await listening.close()

    def _leave(self, subscription: Subscription) -> None:
        metrics.GAME_SUBSCRIPTIONS.dec()
        channel = self._channels.get(subscription.game_id)
        if channel is None:
            return
        channel.subscribers.discard(subscription)
        if channel.subscribers:
            return
        del self._channels[subscription.game_id]
        if channel.relay is not None:
            channel.relay.cancel()  # its `finally` leaves the bus channel

    def in_background(self, work: Awaitable[None]) -> None:
        """Run `work` on its own, logged if it fails; close() waits for it (bounded)."""
        self._background.run(work)

    @property
    def subscriptions(self) -> int:
        """Live subscriptions in this process."""
        return sum(len(channel.subscribers) for channel in self._channels.values())

    async def close(self) -> None:
        """End every subscription (each told `server_closing`) and leave the bus; bounded in time."""
        for channel in list(self._channels.values()):
            for subscription in list(channel.subscribers):
                subscription._end("server_closing")
        await self._background.wait(_STOP_TIMEOUT_S)
