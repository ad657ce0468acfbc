"""Multiplayer turns: the server ends the turn of a player who is idle or gone, so the game goes on.

Each server process runs one sweeper. Every `interval` it asks the database for RPG games whose
`turn_deadline` has passed (an indexed column, written with the state; Genius matches write it too,
for their own clock, `match_clock`, so the sweep names the RPG's kind) and looks at each:

- the player's full turn time (GOLDBOX_TURN_TIMEOUT_S) is up: their turn ends, reason `idle`;
- the column was brought forward because the player left (see below) and they are still not
  watching the game: their turn ends, reason `disconnected`;
- they came back: the column goes back to the full deadline.

Ending a turn is `Adventures.time_out`: the normal action path (one transaction, version-checked,
`turn.timed_out` then the logged `command` and the monsters' answer, then published). Two processes
that race to end the same turn produce one end: the other's append is stale, and on the game it
reads again the turn has moved on, so it does nothing.

Presence (`goldbox.infra.presence`): every open event stream a player has on a game (WebSocket
`game.subscribe` or SSE) is a mark, refreshed here while the stream lives. When a player's last
stream on a game closes while the game waits for their turn, or when their turn begins after they
left, the game's `turn_deadline` is brought forward to GOLDBOX_TURN_GRACE_S from then. A player who
never opened a stream (HTTP only) has the full turn time. A player who leaves the game is not in its
turn order any more (`game.leave`).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.infra.presence import Attendance, PresenceStore
from goldbox.service.adventures import Adventures, Outcome
from goldbox.service.background import BackgroundTasks
from goldbox.service.dungeon_run import KIND, DungeonRun
from goldbox.service.periodic import Periodic
from goldbox.service.turn_clock import TURN, PendingTurn, awaited_turn
from goldbox.store.models import GameRecord

log = structlog.get_logger("goldbox.turns")

SWEEP_BATCH = 100
MAX_INTERVAL_S = 1.0
MIN_INTERVAL_S = 0.02
_STOP_TIMEOUT_S = 2.0

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def sweep_interval(timeout_s: float, grace_s: float) -> float:
    """How often the sweeper looks: a small part of the shortest wait, at most once a second."""
    shortest = min(timeout_s, grace_s) if grace_s > 0 else timeout_s
    return max(MIN_INTERVAL_S, min(MAX_INTERVAL_S, shortest / 4))


class Turns:
    """The turn timer and player presence of one server process."""

    def __init__(
        self,
        adventures: Adventures,
        sessions: async_sessionmaker[AsyncSession],
        presence: PresenceStore,
        timeout_s: float,
        grace_s: float,
        clock: Clock = utc_now,
    ) -> None:
        self.adventures = adventures
        self.sessions = sessions
        self.presence = presence
        self.timeout_s = timeout_s
        self.grace_s = grace_s
        self.clock = clock
        self.interval_s = sweep_interval(timeout_s, grace_s)
        self._marks: dict[str, tuple[str, str]] = {}  # this process's open streams: token -> (game, account)
        self._arrivals: dict[str, asyncio.Task[None]] = {}
        self._background = BackgroundTasks("turn_presence_failed")
        self._sweeper = Periodic("turn-sweeper", self._tick, self.interval_s)
        self._refreshed_at: float | None = None  # monotonic; when this process's marks were last kept live
        self._closing = False

    # ------------------------------------------------------------------------------- sweeper
    def start(self) -> None:
        self._closing = False
        self._sweeper.start()

    async def close(self) -> None:
        """Stop the sweeper and finish presence writes, within a bounded time. Streams that close
        after this (the server is going down) are not marked as left: their marks run out, and
        their players, who reconnect to another process, are not hurried meanwhile."""
        self._closing = True
        await self._sweeper.stop(_STOP_TIMEOUT_S)
        await self._background.wait(_STOP_TIMEOUT_S)

    async def _tick(self) -> None:
        """One round of the sweeper: end overdue turns, and keep this process's presence marks live
        (every third of their time to live)."""
        await self.sweep()
        now = asyncio.get_running_loop().time()
        if self._refreshed_at is None:
            self._refreshed_at = now
        elif now - self._refreshed_at >= self.presence.ttl_s / 3:
            self._refreshed_at = now
            await self.presence.refresh([(g, a, t) for t, (g, a) in self._marks.items()])

    async def sweep(self) -> int:
        """Look at every game whose turn deadline has passed; return how many turns were ended."""
        async with self.sessions() as session:
            due = await session.scalars(
                select(GameRecord.id)
                .where(GameRecord.turn_deadline <= self.clock(), GameRecord.kind == KIND)
                .order_by(GameRecord.turn_deadline)
                .limit(SWEEP_BATCH)
            )
            game_ids = list(due)
        ended = 0
        for game_id in game_ids:
            try:
                ended += await self._look_at(game_id)
            except Exception:
                log.exception("turn_timeout_failed", game_id=game_id)
        return ended

    async def _look_at(self, game_id: str) -> int:
        async with self.sessions() as session:
            found = (
                await session.execute(
                    select(GameRecord.version, GameRecord.state, GameRecord.turn_deadline).where(
                        GameRecord.id == game_id
                    )
                )
            ).one_or_none()
        now = self.clock()
        if found is None or found.turn_deadline is None or found.turn_deadline > now:
            return 0  # another process played or ended the turn since the game was found due
        version, state = found.version, found.state
        pending = PendingTurn.from_state(state.get(TURN))
        if pending is None or awaited_turn(DungeonRun.from_state(state)) != pending.key:
            await self._set_deadline(game_id, version, None)
            return 0
        if now >= pending.deadline:
            reason = "idle"
        elif await self._attendance(game_id, pending.account) is Attendance.WATCHING:
            await self._set_deadline(game_id, version, pending.deadline)  # they came back
            return 0
        else:
            reason = "disconnected"
        outcome = await self.adventures.time_out(game_id, pending, reason)
        if outcome is None:
            return 0
        log.info("turn_timed_out", game_id=game_id, creature=pending.creature, reason=reason)
        return 1

    async def _set_deadline(
        self, game_id: str, version: int, deadline: datetime | None, only_earlier: bool = False
    ) -> None:
        """Move the game's `turn_deadline` column, unless the game changed since `version` was read
        (then the writer of the new version has set it)."""
        statement = update(GameRecord).where(GameRecord.id == game_id, GameRecord.version == version)
        if only_earlier and deadline is not None:
            statement = statement.where(GameRecord.turn_deadline > deadline)
        async with self.sessions.begin() as session:
            await session.execute(statement.values(turn_deadline=deadline))

    async def _attendance(self, game_id: str, account_id: str) -> Attendance:
        if any(mark == (game_id, account_id) for mark in self._marks.values()):
            return Attendance.WATCHING
        return await self.presence.attendance(game_id, account_id)

    # ------------------------------------------------------------------------------ presence
    def watching(self, game_id: str, account_id: str) -> Callable[[], None]:
        """A player's event stream on a game opened; call what this returns when it closes."""
        token = uuid.uuid4().hex
        self._marks[token] = (game_id, account_id)
        arrival = self._background.run(self.presence.arrive(game_id, account_id, token))
        self._arrivals[token] = arrival

        def closed() -> None:
            if self._marks.pop(token, None) is not None and not self._closing:
                self._background.run(self._departed(game_id, account_id, token))

        return closed

    async def _departed(self, game_id: str, account_id: str, token: str) -> None:
        arrival = self._arrivals.pop(token, None)
        if arrival is not None:
            with contextlib.suppress(Exception):
                await arrival
        await self.presence.depart(game_id, account_id, token)
        await self._hurry_if_gone(game_id, account_id)

    async def turn_began(self, outcome: Outcome) -> None:
        """After each acknowledged change: a turn that began for a player who left the game's
        streams gets only the grace time."""
        pending = PendingTurn.from_state(outcome.game.state.get(TURN))
        if pending is None or outcome.before.awaited == pending.key:
            return
        if await self._attendance(outcome.game.id, pending.account) is Attendance.GONE:
            await self._hurry(outcome.game.id, outcome.game.version)

    async def _hurry_if_gone(self, game_id: str, account_id: str) -> None:
        if await self._attendance(game_id, account_id) is Attendance.WATCHING:
            return
        waiting = await self._pending_turn(game_id)
        if waiting is not None and waiting[1].account == account_id:
            await self._hurry(game_id, waiting[0])

    async def _pending_turn(self, game_id: str) -> tuple[int, PendingTurn] | None:
        """The game's version and the turn it waits for, if any. Most games wait for nobody (no
        battle), which the deadline column says without reading the state."""
        async with self.sessions() as session:
            head = (
                await session.execute(
                    select(GameRecord.version, GameRecord.turn_deadline).where(GameRecord.id == game_id)
                )
            ).one_or_none()
            if head is None or head.turn_deadline is None:
                return None
            live = self.adventures.live.peek(game_id, head.version)
            state: dict[str, Any] | None = (
                live.stored.state
                if live is not None
                else await session.scalar(select(GameRecord.state).where(GameRecord.id == game_id))
            )
        pending = PendingTurn.from_state((state or {}).get(TURN))
        return None if pending is None else (head.version, pending)

    async def _hurry(self, game_id: str, version: int) -> None:
        """The waiting player is gone: look at the game again after the grace time."""
        due = self.clock() + timedelta(seconds=self.grace_s)
        await self._set_deadline(game_id, version, due, only_earlier=True)
