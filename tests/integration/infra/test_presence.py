"""Presence on each backend: one suite, run in memory and on Redis, with a clock the test moves."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from goldbox.infra.presence import Attendance, MemoryPresence, PresenceStore, RedisPresence
from goldbox.infra.redis_client import connect

pytestmark = pytest.mark.timeout(30)

TTL_S = 30.0
MEMORY_S = 600.0
T0 = 1_800_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def store_url(request: pytest.FixtureRequest) -> str | None:
    """None for the memory backend; the test Redis for the redis one (skipped or failed if absent)."""
    return None if request.param == "memory" else str(request.getfixturevalue("redis_url"))


@pytest.fixture
async def presence(store_url: str | None, clock: Clock) -> AsyncIterator[PresenceStore]:
    if store_url is None:
        yield MemoryPresence(TTL_S, MEMORY_S, clock)
        return
    redis = connect(store_url)
    try:
        yield RedisPresence(redis, f"goldbox-test-{uuid.uuid4().hex[:12]}", TTL_S, MEMORY_S, clock)
    finally:
        await redis.aclose()


async def test_a_player_who_never_watched_is_unknown(presence: PresenceStore) -> None:
    assert await presence.attendance("g1", "ada") is Attendance.UNKNOWN


async def test_an_open_stream_is_watching_until_its_last_stream_closes(
    presence: PresenceStore, clock: Clock
) -> None:
    await presence.arrive("g1", "ada", "socket-1")
    await presence.arrive("g1", "ada", "socket-2")
    assert await presence.attendance("g1", "ada") is Attendance.WATCHING
    assert await presence.attendance("g2", "ada") is Attendance.UNKNOWN, "presence is per game"
    assert await presence.attendance("g1", "bob") is Attendance.UNKNOWN, "and per player"
    clock.now += 1
    await presence.depart("g1", "ada", "socket-1")
    assert await presence.attendance("g1", "ada") is Attendance.WATCHING, "socket-2 is still open"
    await presence.depart("g1", "ada", "socket-2")
    assert await presence.attendance("g1", "ada") is Attendance.GONE


async def test_coming_back_is_watching_again(presence: PresenceStore, clock: Clock) -> None:
    await presence.arrive("g1", "ada", "socket-1")
    await presence.depart("g1", "ada", "socket-1")
    clock.now += 5
    await presence.arrive("g1", "ada", "socket-2")
    assert await presence.attendance("g1", "ada") is Attendance.WATCHING


async def test_a_mark_not_refreshed_runs_out_as_when_its_process_died(
    presence: PresenceStore, clock: Clock
) -> None:
    await presence.arrive("g1", "ada", "kept")
    await presence.arrive("g1", "bob", "dead")
    clock.now += TTL_S * 0.6
    await presence.refresh([("g1", "ada", "kept")])
    clock.now += TTL_S * 0.6
    assert await presence.attendance("g1", "ada") is Attendance.WATCHING
    assert await presence.attendance("g1", "bob") is Attendance.GONE


async def test_a_player_gone_long_ago_is_forgotten(presence: PresenceStore, clock: Clock) -> None:
    if isinstance(presence, RedisPresence):
        pytest.skip("Redis forgets by key expiry, in real time (PEXPIRE memory_s)")
    await presence.arrive("g1", "ada", "socket-1")
    await presence.depart("g1", "ada", "socket-1")
    clock.now += MEMORY_S + 1
    assert await presence.attendance("g1", "ada") is Attendance.UNKNOWN
