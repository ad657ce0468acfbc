"""Scores survive a crash: the score keeper catches the boards up from the game's log.

Each test writes a game's log the way the actions service does (events appended, committed) and
then scores it the way it does, or not at all (the process "died" after the commit), or with the
store unreachable. On SQLite with the SQL store, and (in CI) PostgreSQL with the Redis store.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.infra.leaderboard_store import (
    Board,
    LeaderboardsUnavailable,
    Period,
    Score,
    leaderboard_store_for,
)
from goldbox.service.leaderboards import Leaderboards
from goldbox.service.score_keeper import SETTLE_BATCH, ScoreKeeper
from goldbox.store.database import engine_for_url, session_factory
from goldbox.store.game_log import GameLog, LoggedEvent, NewEvent
from goldbox.store.models import AccountRecord, GameEventRecord, GameRecord
from tests.integration.play.conftest import Database, database

__all__ = ["database"]  # the play tests' migrated database (and Redis key space), reused here

pytestmark = pytest.mark.timeout(60)


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Table:
    """What the tests play with: a score keeper (not sweeping by itself), the log, the store's clock."""

    keeper: ScoreKeeper
    games: GameLog
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    store_down: bool = False

    async def account(self, name: str) -> str:
        account_id = str(uuid.uuid4())
        now = datetime.now(UTC)
        async with self.sessions.begin() as session:
            session.add(
                AccountRecord(
                    id=account_id,
                    username=name,
                    username_key=name,
                    password_hash="-",
                    role="player",
                    tier="default",
                    created_at=now,
                    password_changed_at=now,
                )
            )
        return account_id

    async def new_game(self) -> str:
        game_id = str(uuid.uuid4())
        await self.games.create(game_id, "rpg", 7, {})
        return game_id

    async def commit(self, game_id: str, *events: NewEvent) -> list[LoggedEvent]:
        """One action's events appended and committed, as the actions service writes them."""
        version = (await self.games.load(game_id)).version
        return await self.games.append(game_id, version, list(events), {})

    async def watermark(self, game_id: str) -> tuple[int, int]:
        """The game's (scored_seq, version)."""
        async with self.sessions() as session:
            found = (
                await session.execute(
                    select(GameRecord.scored_seq, GameRecord.version).where(GameRecord.id == game_id)
                )
            ).one()
        return found.scored_seq, found.version

    async def board(self, board: Board, period: Period = Period.ALL) -> list[tuple[str, int]]:
        ranked = await self.keeper.leaderboards.store.top(board, period, 100)
        return [(entry.username, entry.value) for entry in ranked]

    async def boards(self) -> dict[tuple[Board, Period], list[Any]]:
        store = self.keeper.leaderboards.store
        return {(b, p): await store.top(b, p, 100) for b in Board for p in Period}


def joined(character: str, account: str) -> NewEvent:
    return NewEvent("player.joined", {"character": character, "account": account, "sheet": {}})


def left(character: str) -> NewEvent:
    return NewEvent("player.left", {"character": character})


def xp(character: str, total: int) -> NewEvent:
    return NewEvent("xp.gained", {"creature": character, "amount": 10, "xp": total})


def depth(level: int) -> NewEvent:
    return NewEvent("level.entered", {"depth": level})


@pytest.fixture
async def table(database: Database) -> AsyncIterator[Table]:
    url, overrides = database
    engine = engine_for_url(url)
    sessions = session_factory(engine)
    redis = Redis.from_url(str(overrides["redis_url"])) if "redis_url" in overrides else None
    prefix = str(overrides.get("redis_key_prefix", "goldbox"))
    clock = Clock()
    store = leaderboard_store_for(redis, sessions, prefix, clock)
    found = Table(ScoreKeeper(Leaderboards(store, sessions), sessions), GameLog(sessions), sessions, clock)
    submit = store.submit

    async def maybe_submit(scores: Sequence[Score]) -> None:
        if found.store_down:
            raise LeaderboardsUnavailable("the leaderboard store (test) is unreachable")
        await submit(scores)

    store.submit = maybe_submit  # type: ignore[method-assign]
    try:
        yield found
    finally:
        if redis is not None:
            keys = [key async for key in redis.scan_iter(match=f"{prefix}:*")]
            if keys:
                await redis.delete(*keys)
            await redis.aclose()
        await engine.dispose()


async def test_a_game_never_scored_is_caught_up_by_the_next_sweep_for_the_players_of_the_time(
    table: Table,
) -> None:
    ada, brom, cyn = [await table.account(name) for name in ("ada", "brom", "cyn")]
    game = await table.new_game()
    # The process died after each commit, before scoring: only the log knows.
    await table.commit(game, joined("c-ada", ada), joined("c-brom", brom))
    await table.commit(game, xp("c-ada", 300), xp("orc-1", 999), depth(2))
    await table.commit(game, left("c-brom"), depth(3))
    await table.commit(game, joined("c-cyn", cyn), xp("c-cyn", 50))
    await table.commit(game, NewEvent("dungeon.cleared", {"seconds": 400.5}))
    assert await table.watermark(game) == (0, 10)
    assert await table.board(Board.XP) == []

    report = await table.keeper.sweep()

    assert report.caught_up == 1
    assert await table.watermark(game) == (10, 10)
    assert await table.board(Board.XP) == [("ada", 300), ("cyn", 50)]
    assert await table.board(Board.DEPTH) == [("ada", 3), ("brom", 2)]  # brom left before depth 3
    assert sorted(await table.board(Board.FASTEST_CLEAR)) == [("ada", 400), ("cyn", 400)]
    assert await table.board(Board.XP, Period.DAY) == [("ada", 300), ("cyn", 50)]


async def test_sweeping_again_changes_nothing(table: Table) -> None:
    ada = await table.account("ada")
    game = await table.new_game()
    await table.commit(game, joined("c-ada", ada), xp("c-ada", 120), depth(2))
    assert (await table.keeper.sweep()).caught_up == 1
    before = await table.boards()

    again = await table.keeper.sweep()

    assert again.caught_up == 0
    assert await table.boards() == before
    assert await table.watermark(game) == (3, 3)


async def test_a_catch_up_counts_each_event_at_the_moment_the_log_stored_it(table: Table) -> None:
    ada = await table.account("ada")
    game = await table.new_game()
    await table.commit(game, joined("c-ada", ada), xp("c-ada", 700))
    then = (table.clock.now - timedelta(days=2)).replace(microsecond=0)
    async with table.sessions.begin() as session:
        await session.execute(
            update(GameEventRecord).where(GameEventRecord.game_id == game).values(created_at=then)
        )

    await table.keeper.sweep()

    assert await table.board(Board.XP, Period.DAY) == []  # not today's
    [entry] = await table.keeper.leaderboards.store.top(Board.XP, Period.ALL, 10)
    assert (entry.username, entry.value, entry.achieved_at, entry.game_id) == ("ada", 700, then, game)
    table.clock.now = then
    assert await table.board(Board.XP, Period.DAY) == [("ada", 700)]  # that day's


async def test_an_action_whose_scoring_failed_is_scored_by_the_next_sweep(table: Table) -> None:
    ada = await table.account("ada")
    game = await table.new_game()
    owners = {"c-ada": ada}
    keeper = table.keeper
    await keeper.record_action(game, owners, await table.commit(game, joined("c-ada", ada)))
    table.store_down = True
    await keeper.record_action(game, owners, await table.commit(game, xp("c-ada", 200)))
    assert await table.watermark(game) == (0, 2)

    down = await keeper.sweep()  # the join's watermark is written; the store is still down

    assert (down.caught_up, await table.watermark(game)) == (0, (1, 2))
    table.store_down = False
    await keeper.record_action(game, owners, await table.commit(game, xp("c-ada", 260), depth(2)))
    assert await table.board(Board.XP) == [("ada", 260)]
    assert await table.watermark(game) == (1, 4), "seq 2 was never scored: the watermark waits for it"

    up = await keeper.sweep()

    assert (up.caught_up, await table.watermark(game)) == (1, (4, 4))
    assert await table.board(Board.XP) == [("ada", 260)]
    assert await table.board(Board.DEPTH) == [("ada", 2)]


async def test_scored_actions_move_the_watermark_at_once_and_the_rest_at_the_sweep(table: Table) -> None:
    ada = await table.account("ada")
    game = await table.new_game()
    owners = {"c-ada": ada}
    keeper = table.keeper
    await keeper.record_action(game, owners, await table.commit(game, joined("c-ada", ada)))
    assert await table.watermark(game) == (0, 1), "nothing to score: written at the next sweep"
    await keeper.record_action(game, owners, await table.commit(game, NewEvent("moved", {}), xp("c-ada", 90)))
    assert await table.watermark(game) == (3, 3)
    await keeper.record_action(game, owners, await table.commit(game, NewEvent("moved", {})))
    assert await table.watermark(game) == (3, 4)

    report = await keeper.sweep()

    assert (report.caught_up, await table.watermark(game)) == (0, (4, 4))


async def test_the_watermark_never_moves_back(table: Table) -> None:
    ada = await table.account("ada")
    game = await table.new_game()
    first = await table.commit(game, joined("c-ada", ada), xp("c-ada", 10))
    second = await table.commit(game, xp("c-ada", 20))
    await table.keeper.record_action(game, {"c-ada": ada}, first)
    await table.keeper.record_action(game, {"c-ada": ada}, second)
    assert await table.watermark(game) == (3, 3)
    await table.keeper.record_action(game, {"c-ada": ada}, first)  # a late duplicate of the first
    assert await table.watermark(game) == (3, 3)


async def test_a_sweep_writes_every_settled_watermark_in_small_batches(table: Table) -> None:
    ada = await table.account("ada")
    owners = {"c-ada": ada}
    keeper = table.keeper
    games = [await table.new_game() for _ in range(3 * SETTLE_BATCH + 1)]
    for game in games:
        await keeper.record_action(game, owners, await table.commit(game, NewEvent("moved", {})))
        assert await table.watermark(game) == (0, 1)

    report = await keeper.sweep()

    assert report.caught_up == 0, "nothing needed reading the log: the watermarks were settled"
    assert [await table.watermark(game) for game in games] == [(1, 1)] * len(games)
