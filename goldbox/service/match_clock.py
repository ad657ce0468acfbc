"""The match clock: every round of a Genius match resolves at its deadline (or the end of its pace),
even when nobody acts and whichever server process is alive.

A process that writes a match's round arms an asyncio timer for the moment it wrote (`schedule`):
the usual way a deadline is met, within milliseconds. That moment is also in the match's row
(`games.turn_deadline`, written with the state), and every process sweeps that column each
`interval_s` for matches whose moment passed more than `grace_s` ago: the timer's process died, or
the match was written by a process that has since gone. Both call the same resolution
(`Matches.resolve_due`), one transaction that checks the round is still due; when two race, the
second finds nothing left to do.

How late each resolution came (committed minus scheduled) is measured: the Prometheus histogram
`goldbox_genius_round_lateness_seconds` and, in this process, `lateness()` (the bench reads it).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.ops import metrics
from goldbox.service.background import BackgroundTasks
from goldbox.service.match_state import KIND_PREFIX
from goldbox.store.models import GameRecord

log = structlog.get_logger("goldbox.match_clock")

SWEEP_INTERVAL_S = 1.0
SWEEP_GRACE_S = 0.25
"""A sweep leaves a due match this long to the timer of the process that wrote it."""
SWEEP_BATCH = 100
LATENESS_KEPT = 100_000
_STOP_TIMEOUT_S = 2.0

Resolve = Callable[[str], Awaitable["float | None"]]
"""Resolve a match's due round if it is still due; returns how late it committed, in seconds after
its moment (None: nothing was due, someone else resolved it)."""
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class MatchClock:
    """The timers of one server process and its sweep of the deadline column."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        resolve: Resolve,
        interval_s: float = SWEEP_INTERVAL_S,
        grace_s: float = SWEEP_GRACE_S,
        now: Clock = utc_now,
    ) -> None:
        self.sessions = sessions
        self.resolve = resolve
        self.grace_s = grace_s
        self.now = now
        self.interval_s = interval_s
        self.running = False
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._sweeper: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._background = BackgroundTasks("match_clock_failed")
        self._lateness: deque[float] = deque(maxlen=LATENESS_KEPT)

    def start(self) -> None:
        self.running = True
        self._stopping.clear()
        if self._sweeper is None:
            self._sweeper = asyncio.create_task(self._sweeping(), name="match-clock")

    async def close(self) -> None:
        """Stop the timers and the sweep. A sweep or a resolution under way is let finish (bounded)
        rather than cancelled in the middle of a database call."""
        self.running = False
        self._stopping.set()
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        sweeper, self._sweeper = self._sweeper, None
        if sweeper is not None:
            _, pending = await asyncio.wait({sweeper}, timeout=_STOP_TIMEOUT_S)
            for task in pending:
                task.cancel()
        await self._background.wait(_STOP_TIMEOUT_S)

    async def _sweeping(self) -> None:
        """Sweep now, then every `interval_s`, until closed; a failing sweep is logged, not fatal."""
        while self.running:
            try:
                await self.sweep()
            except Exception:
                log.exception("match_clock_sweep_failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval_s)

    def schedule(self, match_id: str, due: datetime | None) -> None:
        """Arm (or re-arm, or with None disarm) the match's timer for the moment this process just
        wrote. Nothing is armed while the clock is stopped (a one-off command): the sweep of a
        running server finds the match."""
        timer = self._timers.pop(match_id, None)
        if timer is not None:
            timer.cancel()
        if due is None or not self.running:
            return
        delay = max(0.0, (due - self.now()).total_seconds())
        self._timers[match_id] = asyncio.get_running_loop().call_later(delay, self._ring, match_id, due)

    def _ring(self, match_id: str, due: datetime) -> None:
        self._timers.pop(match_id, None)
        if not self.running:
            return
        if self.now() < due:  # the loop's clock runs a hair ahead of the wall clock: not yet
            self.schedule(match_id, due)
            return
        self._background.run(self._on_time(match_id))

    async def _on_time(self, match_id: str) -> None:
        await self._resolve(match_id, "timer")

    async def sweep(self) -> int:
        """Resolve the matches whose moment passed over `grace_s` ago; returns how many."""
        overdue = self.now() - timedelta(seconds=self.grace_s)
        async with self.sessions() as session:
            found = await session.scalars(
                select(GameRecord.id)
                .where(GameRecord.turn_deadline <= overdue, GameRecord.kind.startswith(KIND_PREFIX))
                .order_by(GameRecord.turn_deadline)
                .limit(SWEEP_BATCH)
            )
            match_ids = list(found)
        resolved = 0
        for match_id in match_ids:
            try:
                resolved += await self._resolve(match_id, "sweep")
            except Exception:
                log.exception("match_round_resolution_failed", match_id=match_id)
        return resolved

    async def _resolve(self, match_id: str, by: str) -> int:
        lateness = await self.resolve(match_id)
        if lateness is None:
            return 0
        self.observe(lateness, by)
        return 1

    def observe(self, lateness_s: float, by: str) -> None:
        """Record how late one resolution committed after its moment (`by`: timer or sweep)."""
        self._lateness.append(lateness_s)
        metrics.GENIUS_ROUND_LATENESS.labels(by).observe(max(0.0, lateness_s))

    def lateness(self) -> list[float]:
        """The lateness in seconds of this process's last resolutions at a deadline or pace, oldest
        first (at most LATENESS_KEPT)."""
        return list(self._lateness)

    @property
    def armed(self) -> int:
        """Timers armed now."""
        return len(self._timers)
