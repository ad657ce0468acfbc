"""The leaderboard store on each backend: one suite, run on SQL over SQLite, SQL over PostgreSQL and
Redis sorted sets. Each backend is checked against a brute-force model written here, so all three
give the same answers: every page, every rank, every neighbourhood, across period boundaries."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redis.asyncio import Redis

from goldbox.infra.leaderboard_store import (
    Board,
    LeaderboardStore,
    Period,
    RankedScore,
    RedisLeaderboardStore,
    Score,
    SqlLeaderboardStore,
    bucket_bounds,
    bucket_of,
)
from goldbox.store import migrate
from goldbox.store.database import engine_for_url, session_factory
from tests.conftest import sqlite_url

BACKENDS = [
    "sql-sqlite",
    pytest.param("sql-postgresql", marks=pytest.mark.postgres),
    pytest.param("redis", marks=pytest.mark.redis),
]

# Sunday 27 December 2026, 20:00 UTC: the next eight days cross days, an ISO week (2026-W53 runs
# into January), a month and a year.
BASE = datetime(2026, 12, 27, 20, 0, tzinfo=UTC)
ACCOUNTS = [f"00000000-0000-4000-8000-{n:012d}" for n in range(6)]
BOUNDARIES = [
    datetime(2026, 12, 28, tzinfo=UTC),  # Monday: a new day and a new ISO week
    datetime(2027, 1, 1, tzinfo=UTC),  # a new day, month and year, but still week 2026-W53
    datetime(2027, 1, 4, tzinfo=UTC),  # Monday: 2027-W01
]
MOMENTS = [moment + timedelta(microseconds=shift) for moment in BOUNDARIES for shift in (-1, 0, 1)]


class FakeClock:
    def __init__(self, now: datetime = BASE) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


MakeStore = Callable[[], Awaitable[tuple[LeaderboardStore, FakeClock]]]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """The backend's kind and URL: a migrated database for SQL, the test Redis for Redis."""
    if request.param == "redis":
        return "redis", str(request.getfixturevalue("redis_url"))
    if request.param == "sql-sqlite":
        url = sqlite_url(tmp_path)
    else:
        url = str(request.getfixturevalue("postgres_url"))
    migrate.upgrade(url)
    return "sql", url


@pytest.fixture
async def make_store(backend: tuple[str, str]) -> AsyncIterator[MakeStore]:
    """A factory of empty stores on one backend (each call forgets what the last one held)."""
    kind, url = backend
    if kind == "redis":
        redis = Redis.from_url(url)
        prefixes: list[str] = []

        async def fresh_redis() -> tuple[LeaderboardStore, FakeClock]:
            prefixes.append(f"goldbox-test-{uuid.uuid4().hex[:12]}")
            clock = FakeClock()
            return RedisLeaderboardStore(redis, prefixes[-1], clock), clock

        try:
            yield fresh_redis
        finally:
            for prefix in prefixes:
                keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
                if keys:
                    await redis.delete(*keys)
            await redis.aclose()
        return
    engine = engine_for_url(url)
    sessions = session_factory(engine)

    async def fresh_sql() -> tuple[LeaderboardStore, FakeClock]:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DELETE FROM leaderboard_scores")
        clock = FakeClock()
        return SqlLeaderboardStore(sessions, clock), clock

    try:
        yield fresh_sql
    finally:
        await engine.dispose()


@pytest.fixture
async def store_and_clock(make_store: MakeStore) -> tuple[LeaderboardStore, FakeClock]:
    return await make_store()


def score(board: Board, account: int, value: int, at: datetime = BASE, game_id: str | None = None) -> Score:
    return Score(board, ACCOUNTS[account], f"player{account}", value, at, game_id)


def who(entries: list[RankedScore]) -> list[tuple[int, str, int]]:
    return [(entry.rank, entry.username, entry.value) for entry in entries]


# The brute-force model: every submission replayed, every ranking sorted from scratch.


@dataclass(frozen=True)
class Entry:
    order_key: int
    at: datetime
    score: Score


class Model:
    def __init__(self) -> None:
        self.entries: dict[tuple[Board, Period, str, str], Entry] = {}

    def submit(self, scores: list[Score]) -> None:
        for submitted in scores:
            key_value = submitted.value if submitted.board is Board.FASTEST_CLEAR else -submitted.value
            for period in Period:
                key = (submitted.board, period, bucket_of(period, submitted.at), submitted.account_id)
                held = self.entries.get(key)
                if held is None or (key_value, submitted.at) < (held.order_key, held.at):
                    self.entries[key] = Entry(key_value, submitted.at, submitted)

    def ranking(self, board: Board, period: Period, now: datetime) -> list[RankedScore]:
        bucket = bucket_of(period, now)
        held = sorted(
            (entry.order_key, entry.at, account, entry.score)
            for (b, p, k, account), entry in self.entries.items()
            if b is board and p is period and k == bucket
        )
        return [
            RankedScore(rank, account, s.username, s.value, at, s.game_id)
            for rank, (_, at, account, s) in enumerate(held, start=1)
        ]


values = st.one_of(st.integers(0, 4), st.integers(0, 2**53 - 1))
moments = st.one_of(
    st.sampled_from(MOMENTS),
    st.integers(0, 8 * 86_400).map(lambda s: BASE + timedelta(seconds=s)),
    st.integers(0, 8 * 86_400 * 10**6).map(lambda us: BASE + timedelta(microseconds=us)),
)


MODELLED_BOARDS = [Board.XP, Board.DEPTH, Board.FASTEST_CLEAR, Board.GENIUS_MINORITY]
"""Every kind of board the stores keep: higher is better (the RPG's and every Genius rating board
alike, one of those stands for all), and lower is better. Checking each Genius board again would
repeat the same code path five times over on every example."""


@st.composite
def score_batches(draw: st.DrawFn) -> list[list[Score]]:
    """Batches of submissions drawing their moments and values from small pools, so that equal
    values at the very same microsecond (the last tie-break) happen often."""
    pool_moments = draw(st.lists(moments, min_size=1, max_size=4))
    pool_values = draw(st.lists(values, min_size=1, max_size=3))
    submission = st.builds(
        Score,
        board=st.sampled_from(MODELLED_BOARDS),
        account_id=st.sampled_from(ACCOUNTS),
        username=st.sampled_from(["ada", "brom", "cyn"]),
        value=st.sampled_from(pool_values),
        at=st.sampled_from(pool_moments),
        game_id=st.one_of(st.none(), st.sampled_from(["g1", "g2"])),
    )
    return draw(st.lists(st.lists(submission, min_size=1, max_size=6), min_size=1, max_size=6))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    batches=score_batches(),
    now=st.one_of(moments, st.sampled_from(MOMENTS)),
    page=st.integers(1, 3),
)
async def test_every_page_rank_and_neighbourhood_matches_the_model(
    make_store: MakeStore, batches: list[list[Score]], now: datetime, page: int
) -> None:
    store, clock = await make_store()
    model = Model()
    for batch in batches:
        await store.submit(batch)
        model.submit(batch)
    clock.now = now
    for board in MODELLED_BOARDS:
        for period in Period:
            expected = model.ranking(board, period, now)
            assert await store.top(board, period, limit=100) == expected, (board, period)
            assert await store.count(board, period) == len(expected)
            paged: list[RankedScore] = []
            for offset in range(0, len(expected) + page, page):
                paged += await store.top(board, period, limit=page, offset=offset)
            assert paged == expected, (board, period, page)
            for account in ACCOUNTS:
                mine = [entry.rank for entry in expected if entry.account_id == account]
                near = [e for e in expected if mine and abs(e.rank - mine[0]) <= page]
                assert await store.around(board, period, account, span=page) == near


async def test_equal_values_rank_the_earlier_achiever_first(
    store_and_clock: tuple[LeaderboardStore, FakeClock],
) -> None:
    store, _ = store_and_clock
    later = BASE + timedelta(microseconds=1)
    await store.submit(
        [score(Board.XP, 1, 500, later), score(Board.XP, 2, 500, BASE), score(Board.XP, 3, 900)]
    )
    assert who(await store.top(Board.XP, Period.ALL, 10)) == [
        (1, "player3", 900),
        (2, "player2", 500),
        (3, "player1", 500),
    ]


async def test_fastest_clear_ranks_the_fewest_seconds_first(
    store_and_clock: tuple[LeaderboardStore, FakeClock],
) -> None:
    store, _ = store_and_clock
    await store.submit([score(Board.FASTEST_CLEAR, 1, 600), score(Board.FASTEST_CLEAR, 2, 300)])
    await store.submit([score(Board.FASTEST_CLEAR, 1, 900)])  # slower: not an improvement
    assert who(await store.top(Board.FASTEST_CLEAR, Period.ALL, 10)) == [
        (1, "player2", 300),
        (2, "player1", 600),
    ]


async def test_a_score_submitted_again_changes_nothing(
    store_and_clock: tuple[LeaderboardStore, FakeClock],
) -> None:
    store, _ = store_and_clock
    first = score(Board.DEPTH, 1, 3, BASE, "game-a")
    await store.submit([first])
    await store.submit([first, score(Board.DEPTH, 1, 3, BASE + timedelta(hours=1), "game-b")])
    [entry] = await store.top(Board.DEPTH, Period.ALL, 10)
    assert (entry.value, entry.achieved_at, entry.game_id) == (3, BASE, "game-a")


async def test_each_period_reads_the_bucket_holding_now(
    store_and_clock: tuple[LeaderboardStore, FakeClock],
) -> None:
    store, clock = store_and_clock
    sunday, monday = BASE, BASE + timedelta(hours=5)  # 2026-12-27 20:00 and 2026-12-28 01:00
    await store.submit([score(Board.DEPTH, 1, 7, sunday), score(Board.DEPTH, 2, 2, monday)])
    clock.now = monday
    assert who(await store.top(Board.DEPTH, Period.DAY, 10)) == [(1, "player2", 2)]
    assert who(await store.top(Board.DEPTH, Period.WEEK, 10)) == [(1, "player2", 2)]
    assert who(await store.top(Board.DEPTH, Period.MONTH, 10)) == [(1, "player1", 7), (2, "player2", 2)]
    assert who(await store.top(Board.DEPTH, Period.ALL, 10)) == [(1, "player1", 7), (2, "player2", 2)]
    clock.now = datetime(2027, 1, 1, tzinfo=UTC)
    assert await store.top(Board.DEPTH, Period.MONTH, 10) == []
    assert who(await store.top(Board.DEPTH, Period.WEEK, 10)) == [(1, "player2", 2)]


async def test_around_names_the_neighbours_and_nothing_for_an_unranked_account(
    store_and_clock: tuple[LeaderboardStore, FakeClock],
) -> None:
    store, _ = store_and_clock
    await store.submit([score(Board.XP, n, 100 * n) for n in range(6)])
    assert who(await store.around(Board.XP, Period.ALL, ACCOUNTS[3], span=1)) == [
        (2, "player4", 400),
        (3, "player3", 300),
        (4, "player2", 200),
    ]
    assert [e.rank for e in await store.around(Board.XP, Period.ALL, ACCOUNTS[5], span=2)] == [1, 2, 3]
    assert await store.around(Board.DEPTH, Period.ALL, ACCOUNTS[3], span=1) == []
    assert await store.rank_of(Board.XP, Period.ALL, "not-an-account") is None


async def test_the_largest_exact_value_survives_the_round_trip(
    store_and_clock: tuple[LeaderboardStore, FakeClock],
) -> None:
    store, _ = store_and_clock
    await store.submit([score(Board.XP, 1, 2**53 - 1), score(Board.XP, 2, 2**53 - 2)])
    assert [e.value for e in await store.top(Board.XP, Period.ALL, 10)] == [2**53 - 1, 2**53 - 2]


def test_values_outside_the_exact_range_are_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and"):
        score(Board.XP, 1, 2**53)
    with pytest.raises(ValueError, match="between 0 and"):
        score(Board.XP, 1, -1)


def test_buckets_are_utc_days_iso_weeks_and_months() -> None:
    new_year = datetime(2027, 1, 1, 12, tzinfo=UTC)
    assert [bucket_of(period, new_year) for period in Period] == ["2027-01-01", "2026-W53", "2027-01", "all"]
    assert bucket_bounds(Period.WEEK, new_year) == (
        datetime(2026, 12, 28, tzinfo=UTC),
        datetime(2027, 1, 4, tzinfo=UTC),
    )
    assert bucket_bounds(Period.MONTH, datetime(2026, 12, 31, 23, 59, tzinfo=UTC)) == (
        datetime(2026, 12, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert bucket_bounds(Period.ALL, new_year) == (None, None)
