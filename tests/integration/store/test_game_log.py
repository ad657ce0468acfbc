"""The append-only game log on every supported database: contiguous, versioned, all-or-nothing."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from goldbox.store.database import engine_for_url, session_factory
from goldbox.store.game_log import GameLog, GameNotFound, NewEvent, StaleVersion
from goldbox.store.models import GameEventRecord


@pytest.fixture
async def log(migrated_url: str) -> AsyncIterator[GameLog]:
    engine = engine_for_url(migrated_url)
    yield GameLog(session_factory(engine))
    await engine.dispose()


def new_id() -> str:
    return str(uuid.uuid4())


async def test_appends_get_contiguous_sequence_numbers(log: GameLog) -> None:
    game = await log.create(new_id(), "test", seed=42, state={"turn": 0})
    first = await log.append(
        game.id, 0, [NewEvent("moved", {"x": 1}), NewEvent("moved", {"x": 2})], {"turn": 1}
    )
    second = await log.append(
        game.id, 2, [NewEvent("attacked", {"hit": True})], {"turn": 2}, status="running"
    )
    assert [e.seq for e in first + second] == [1, 2, 3]
    stored = await log.load(game.id)
    assert (stored.version, stored.state, stored.status, stored.seed) == (3, {"turn": 2}, "running", 42)
    assert [(e.seq, e.type, e.data) for e in await log.events_after(game.id, 1)] == [
        (2, "moved", {"x": 2}),
        (3, "attacked", {"hit": True}),
    ]


async def test_a_stale_version_is_refused_and_changes_nothing(log: GameLog) -> None:
    game = await log.create(new_id(), "test", seed=1, state={"turn": 0})
    await log.append(game.id, 0, [NewEvent("a", {})], {"turn": 1})
    with pytest.raises(StaleVersion) as caught:
        await log.append(game.id, 0, [NewEvent("b", {})], {"turn": 99})
    assert (caught.value.expected, caught.value.actual) == (0, 1)
    stored = await log.load(game.id)
    assert (stored.version, stored.state) == (1, {"turn": 1})
    assert [e.type for e in await log.events_after(game.id, 0)] == ["a"]


async def test_concurrent_appends_at_one_version_let_exactly_one_win(log: GameLog) -> None:
    game = await log.create(new_id(), "test", seed=1, state={"turn": 0})
    attempts = [log.append(game.id, 0, [NewEvent("move", {"by": n})], {"turn": n}) for n in range(6)]
    outcomes = await asyncio.gather(*attempts, return_exceptions=True)
    winners = [o for o in outcomes if isinstance(o, list)]
    assert len(winners) == 1
    assert all(isinstance(o, StaleVersion) for o in outcomes if not isinstance(o, list))
    events = await log.events_after(game.id, 0)
    assert [e.seq for e in events] == [1]
    assert (await log.load(game.id)).state == {"turn": events[0].data["by"]}


async def test_a_failed_event_write_rolls_back_the_state(log: GameLog, migrated_url: str) -> None:
    game = await log.create(new_id(), "test", seed=1, state={"turn": 0})
    engine = engine_for_url(migrated_url)
    try:
        async with session_factory(engine).begin() as session:
            await session.execute(insert(GameEventRecord).values(game_id=game.id, seq=1, type="x", data={}))
    finally:
        await engine.dispose()
    with pytest.raises(IntegrityError):
        await log.append(game.id, 0, [NewEvent("a", {})], {"turn": 1})
    stored = await log.load(game.id)
    assert (stored.version, stored.state) == (0, {"turn": 0})


async def test_unknown_games_are_reported(log: GameLog) -> None:
    with pytest.raises(GameNotFound):
        await log.load(new_id())
    with pytest.raises(GameNotFound):
        await log.append(new_id(), 0, [NewEvent("a", {})], {})


async def test_an_append_needs_events(log: GameLog) -> None:
    game = await log.create(new_id(), "test", seed=1, state={})
    with pytest.raises(ValueError, match="at least one event"):
        await log.append(game.id, 0, [], {})


async def test_state_round_trips_exactly_whatever_json_it_holds(log: GameLog) -> None:
    """JSON columns are written by orjson, and by the standard library for what orjson refuses."""
    state = {
        "rng": [2**63 - 1, 7],
        "huge": 2**70,
        "text": "Mira's \u00e9p\u00e9e \U0001f5e1",
        "nested": {"1": [None, True, 1.5, {"x": []}]},
    }
    game = await log.create(new_id(), "test", seed=2**62, state=state)
    await log.append(game.id, 0, [NewEvent("kept", {"big": 2**65, "keys": {"a": 1}})], state)
    assert (await log.load(game.id)).state == state
    assert (await log.events_after(game.id, 0))[0].data == {"big": 2**65, "keys": {"a": 1}}
