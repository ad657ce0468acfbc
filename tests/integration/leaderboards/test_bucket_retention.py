"""Finished day, week and month buckets are kept BUCKET_RETENTION after they end, on both backends:
the SQL store's prune deletes them (a bounded batch at a time), Redis keys expire by themselves,
and neither writes a score into a bucket already past it. `all` is kept forever."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.infra.leaderboard_store import (
    BUCKET_RETENTION,
    Board,
    RedisLeaderboardStore,
    Score,
    SqlLeaderboardStore,
)
from goldbox.store.database import engine_for_url, session_factory
from goldbox.store.models import LeaderboardScoreRecord

# Tuesday 1 December 2026, noon: seven days back is Tuesday 24 November.
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
OCTOBER = datetime(2026, 10, 15, 9, tzinfo=UTC)  # every bucket of it ended long ago
NOV_20 = datetime(
    2026, 11, 20, 9, tzinfo=UTC
)  # the day and week (W47) ended over 7 days ago, the month did not
NOV_25 = datetime(2026, 11, 25, 9, tzinfo=UTC)  # the day (ended 26 Nov) and week W48 are within 7 days
ACCOUNTS = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def score(at: datetime, account: int = 0) -> Score:
    return Score(Board.XP, ACCOUNTS[account], f"player{account}", 100, at, "g1")


@pytest.fixture
async def sessions(migrated_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = engine_for_url(migrated_url)
    yield session_factory(engine)
    await engine.dispose()


async def buckets(sessions: async_sessionmaker[AsyncSession]) -> list[tuple[str, str]]:
    """Every (period, bucket) the SQL store holds an entry in."""
    record = LeaderboardScoreRecord
    async with sessions() as session:
        rows = await session.execute(select(record.period, record.bucket).distinct())
    return sorted((period, bucket) for period, bucket in rows)


async def submit_as_played(
    store: SqlLeaderboardStore | RedisLeaderboardStore, clock: Clock, *at: datetime
) -> None:
    """Each score submitted at its own moment, as live play would have."""
    for moment in at:
        clock.now = moment
        await store.submit([score(moment, n) for n in range(len(ACCOUNTS))])


async def test_prune_deletes_finished_buckets_past_retention_and_keeps_the_rest(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    clock = Clock(OCTOBER)
    store = SqlLeaderboardStore(sessions, clock)
    await submit_as_played(store, clock, OCTOBER, NOV_20, NOV_25)
    assert len(await buckets(sessions)) == 9
    clock.now = NOW

    assert await store.prune() == 2 * 5  # two accounts: October's day, week and month, 20 Nov, W47

    assert await buckets(sessions) == [
        ("all", "all"),
        ("day", "2026-11-25"),
        ("month", "2026-11"),
        ("week", "2026-W48"),
    ]
    assert await store.prune() == 0


async def test_a_bucket_goes_exactly_when_its_retention_is_over(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    clock = Clock(NOV_25)
    store = SqlLeaderboardStore(sessions, clock)
    await store.submit([score(NOV_25)])
    day_ends = datetime(2026, 11, 26, tzinfo=UTC)
    clock.now = day_ends + BUCKET_RETENTION - timedelta(microseconds=1)
    assert await store.prune() == 0
    clock.now = day_ends + BUCKET_RETENTION
    assert await store.prune() == 1
    assert ("day", "2026-11-25") not in await buckets(sessions)


async def test_prune_removes_a_bounded_batch_per_call(sessions: async_sessionmaker[AsyncSession]) -> None:
    clock = Clock(OCTOBER)
    store = SqlLeaderboardStore(sessions, clock)
    await submit_as_played(store, clock, OCTOBER, NOV_20)
    clock.now = NOW
    assert [await store.prune(limit=4) for _ in range(4)] == [4, 4, 2, 0]


async def test_a_late_score_is_not_written_into_a_bucket_past_retention(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    store = SqlLeaderboardStore(sessions, Clock(NOW))
    await store.submit([score(NOV_20)])  # caught up late: only its month and all time are still kept
    assert await buckets(sessions) == [("all", "all"), ("month", "2026-11")]


async def test_redis_keeps_finished_buckets_for_the_same_retention(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    prefix = f"goldbox-test-{uuid.uuid4().hex[:12]}"
    store = RedisLeaderboardStore(redis, prefix, Clock(NOW))
    try:
        await store.submit([score(NOV_25), score(NOV_20)])

        def rank_key(period: str, bucket: str) -> str:
            return f"{prefix}:lb:{{xp:{period}:{bucket}}}:rank"

        day_left = (datetime(2026, 11, 26, tzinfo=UTC) + BUCKET_RETENTION - NOW).total_seconds()
        month_left = (datetime(2026, 12, 1, tzinfo=UTC) + BUCKET_RETENTION - NOW).total_seconds()
        assert day_left - 5 <= await redis.ttl(rank_key("day", "2026-11-25")) <= day_left
        assert month_left - 5 <= await redis.ttl(rank_key("month", "2026-11")) <= month_left
        assert await redis.exists(rank_key("day", "2026-11-20"), rank_key("week", "2026-W47")) == 0
        assert await redis.ttl(rank_key("all", "all")) == -1  # never expires
        assert await store.prune() == 0  # nothing to do: Redis expires its own
    finally:
        keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
