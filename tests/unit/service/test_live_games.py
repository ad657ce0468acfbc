"""The live-games cache: a copy is used only at its version, taken copies are gone, the most recently
kept survive the bound, and writers to one game queue while other games' writers do not."""

from __future__ import annotations

import asyncio

from goldbox.service.dungeon_run import DungeonPlan, new_run
from goldbox.service.live_games import LiveGames
from goldbox.store.game_log import StoredGame

RUN = new_run(DungeonPlan(25, 2, 2, 2))


def _stored(game_id: str, version: int) -> StoredGame:
    return StoredGame(game_id, "rpg", 25, "running", version, {})


def test_a_copy_is_used_only_at_its_version_and_a_taken_one_is_gone() -> None:
    live = LiveGames()
    live.keep(_stored("g", 3), RUN)
    assert live.peek("g", 4) is None
    assert live.peek("g", 3) is not None
    assert live.peek("g", 3) is not None, "peeking leaves the copy in place"
    assert live.take("g", 4) is None
    assert live.peek("g", 3) is None, "a stale copy leaves when a writer asks for another version"
    live.keep(_stored("g", 5), RUN)
    taken = live.take("g", 5)
    assert taken is not None
    assert taken.run is RUN
    assert live.take("g", 5) is None


def test_the_most_recently_kept_games_survive_the_bound() -> None:
    live = LiveGames(kept=2)
    for game_id in "abc":
        live.keep(_stored(game_id, 1), RUN)
    live.keep(_stored("b", 2), RUN)
    live.keep(_stored("d", 1), RUN)
    assert len(live) == 2
    assert live.peek("b", 2) is not None
    assert live.peek("d", 1) is not None
    keeps_nothing = LiveGames(kept=0)
    keeps_nothing.keep(_stored("a", 1), RUN)
    assert keeps_nothing.peek("a", 1) is None


async def test_writers_to_one_game_queue_and_other_games_do_not_wait() -> None:
    live = LiveGames()
    order: list[str] = []

    async def write(game_id: str, name: str, hold_s: float) -> None:
        async with live.writing(game_id):
            order.append(f"{name} in")
            await asyncio.sleep(hold_s)
            order.append(f"{name} out")

    await asyncio.gather(write("g", "first", 0.05), write("g", "second", 0), write("h", "other", 0))
    assert order.index("first out") < order.index("second in")
    assert order.index("other out") < order.index("first out")
    assert live._queues == {}, "no lock is kept once nobody writes"
