from __future__ import annotations

from dataclasses import replace

import pytest

from goldbox.game.rpg.tiles import Tile
from goldbox.pcg.errors import PcgError
from goldbox.pcg.model import Encounter, TreasureSpot
from goldbox.pcg.validation import ATTEMPTS, dungeon_problems, level_problems, retry
from tests.unit.pcg.maps import dungeon, level


def _walled_in_point(generated_level: object) -> tuple[int, int]:
    from goldbox.pcg.model import GeneratedLevel

    assert isinstance(generated_level, GeneratedLevel)
    return next(point for point in generated_level.level.points(Tile.WALL) if point[0] > 0 and point[1] > 0)


def test_an_unreachable_monster_or_treasure_is_reported() -> None:
    generated = level(2)
    sealed = _walled_in_point(generated)
    lost = replace(generated, encounters=(Encounter("orc", 1, (sealed,), 0),))
    assert any("a orc at" in problem and "cannot be reached" in problem for problem in level_problems(lost))
    buried = replace(generated, treasure=(TreasureSpot(sealed, 10, 0, 0),))
    assert any("treasure" in problem for problem in level_problems(buried))


def test_a_cut_off_exit_is_reported() -> None:
    generated = level(2)
    x, y = generated.exit
    walled = generated.level
    for point in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
        walled = walled.with_tile(point, Tile.WALL)
    problems = level_problems(replace(generated, level=walled))
    assert any(problem.startswith("the exit") for problem in problems)


def test_an_open_border_is_reported() -> None:
    generated = level(2)
    assert level_problems(replace(generated, level=generated.level.with_tile((0, 5), Tile.FLOOR))) == [
        "the level's border is open"
    ]


def test_locked_and_secret_doors_count_as_passable() -> None:
    for seed in range(20):
        generated = level(seed, rooms=14)
        if any(door.kind in {"secret", "locked"} for door in generated.doors):
            assert level_problems(generated) == []
            return
    pytest.fail("no level with a locked or secret door in 20 seeds")


def test_stairs_that_do_not_meet_are_reported() -> None:
    made = dungeon(4, depth=2, width=32, height=32)
    broken = replace(made, links=(replace(made.links[0], up=(0, 0)),))
    assert dungeon_problems(broken) == ["the stairs from level 1 to 2 do not meet"]


def test_retry_uses_derived_seeds_then_fails_with_the_reasons() -> None:
    seeds: list[int] = []

    def build(seed: int, attempt: int) -> int:
        seeds.append(seed)
        return attempt

    with pytest.raises(PcgError) as caught:
        retry("level", 77, build, lambda attempt: [f"try {attempt} failed"])
    assert caught.value.code == "PCG_GENERATION_FAILED"
    assert f"in {ATTEMPTS} tries" in caught.value.message
    assert f"try {ATTEMPTS} failed" in caught.value.message
    assert len(seeds) == len(set(seeds)) == ATTEMPTS
    assert seeds[0] == 77


def test_retry_returns_the_first_valid_result() -> None:
    made = retry("level", 1, lambda seed, attempt: attempt, lambda attempt: [] if attempt == 3 else ["no"])
    assert made == 3
