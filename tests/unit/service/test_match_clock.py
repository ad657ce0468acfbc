"""The match clock's timers: one resolution per armed moment, never before it, none once disarmed or
closed, and each resolution's lateness recorded."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.service.match_clock import MatchClock

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class Moments:
    """A wall clock the test moves by hand."""

    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


def _clock(moments: Moments, resolved: list[str], lateness: float | None = 0.004) -> MatchClock:
    async def resolve(match_id: str) -> float | None:
        resolved.append(match_id)
        return lateness

    sessions = cast(async_sessionmaker[AsyncSession], None)  # no sweep runs: the clock is not started
    clock = MatchClock(sessions, resolve, now=moments)
    clock.running = True
    return clock


async def _settle(clock: MatchClock) -> None:
    """Let armed timers ring and their resolutions run."""
    for _ in range(50):
        await asyncio.sleep(0.01)
        if not clock.armed:
            break
    await asyncio.sleep(0.01)


async def test_a_timer_rings_once_at_its_moment_and_records_how_late() -> None:
    moments, resolved = Moments(), list[str]()
    clock = _clock(moments, resolved)
    clock.schedule("m1", T0 + timedelta(milliseconds=20))
    assert clock.armed == 1
    moments.at = T0 + timedelta(milliseconds=20)
    await _settle(clock)
    assert resolved == ["m1"]
    assert clock.lateness() == [0.004]


async def test_a_timer_that_rings_early_waits_for_its_moment() -> None:
    moments, resolved = Moments(), list[str]()
    clock = _clock(moments, resolved)
    clock.schedule("m1", T0 + timedelta(milliseconds=20))
    await asyncio.sleep(0.05)  # rang while the wall clock still says T0: armed again
    assert resolved == []
    assert clock.armed == 1
    moments.at = T0 + timedelta(seconds=1)
    await _settle(clock)
    assert resolved == ["m1"]


async def test_rearming_replaces_and_none_disarms() -> None:
    moments, resolved = Moments(), list[str]()
    clock = _clock(moments, resolved)
    clock.schedule("m1", T0 + timedelta(milliseconds=10))
    clock.schedule("m1", T0 + timedelta(milliseconds=20))
    clock.schedule("m2", T0 + timedelta(milliseconds=10))
    clock.schedule("m2", None)
    assert clock.armed == 1
    moments.at = T0 + timedelta(seconds=1)
    await _settle(clock)
    assert resolved == ["m1"]


async def test_nothing_rings_after_close_or_when_nothing_was_due() -> None:
    moments, resolved = Moments(), list[str]()
    clock = _clock(moments, resolved, lateness=None)
    clock.schedule("m1", T0)
    await _settle(clock)
    assert resolved == ["m1"]
    assert clock.lateness() == [], "another process resolved it: nothing to measure"
    clock.schedule("m2", T0 + timedelta(milliseconds=10))
    await clock.close()
    moments.at = T0 + timedelta(seconds=1)
    await _settle(clock)
    assert resolved == ["m1"]
    clock.schedule("m3", T0)
    assert clock.armed == 0, "a closed clock arms nothing"
