from __future__ import annotations

import json
from collections import Counter

from goldbox.game.rpg.level import Level
from goldbox.game.rpg.tiles import DOORS, Tile
from goldbox.pcg.dungeon import encounter_budget, level_difficulty
from goldbox.pcg.params import LevelParams
from goldbox.pcg.validation import level_problems
from tests.unit.pcg.maps import MONSTER_IDS, dungeon, level

SEEDS = range(12)


def test_a_level_has_one_entrance_one_exit_and_valid_contents() -> None:
    generated = level(1)
    kinds = Counter(room.kind for room in generated.rooms)
    assert kinds["entrance"] == 1
    assert kinds["exit"] == 1
    assert list(generated.level.points(Tile.STAIRS_UP)) == [generated.entrance]
    assert list(generated.level.points(Tile.STAIRS_DOWN)) == [generated.exit]
    assert level_problems(generated) == []
    for encounter in generated.encounters:
        assert encounter.monster in MONSTER_IDS
        assert encounter.count == len(encounter.points) >= 1
        assert all(generated.rooms[encounter.room].contains(point) for point in encounter.points)
    for spot in generated.treasure:
        assert generated.rooms[spot.room].contains(spot.point)
        assert spot.gold > 0


def test_doors_are_recorded_where_the_map_has_them() -> None:
    for seed in SEEDS:
        generated = level(seed)
        tiles = {door.point: generated.level.tile_at(door.point) for door in generated.doors}
        assert all(tile in DOORS for tile in tiles.values())
        on_map = {point for point in generated.level.points() if generated.level.tile_at(point) in DOORS}
        assert on_map == set(tiles)


def test_secret_rooms_are_dead_ends_behind_secret_doors() -> None:
    found = 0
    for seed in range(30):
        generated = level(seed, rooms=14)
        for room in generated.rooms:
            if room.kind == "secret":
                found += 1
                doors = [door for door in generated.doors if door.room == room.index]
                assert [door.kind for door in doors] == ["secret"]
    assert found > 0


def test_traps_lie_on_trap_tiles() -> None:
    generated = level(4, difficulty=9)
    assert generated.traps
    assert all(generated.level.tile_at(point) == Tile.TRAP for point in generated.traps)


def test_more_rooms_when_asked() -> None:
    assert len(level(3, rooms=4).rooms) == 4
    assert len(level(3, rooms=16).rooms) == 16
    # A small map holds only as many rooms as fit.
    assert 2 <= len(level(3, width=20, height=20, rooms=30).rooms) < 30


def test_difficulty_raises_encounters() -> None:
    def monsters(difficulty: int) -> int:
        return sum(e.count for seed in SEEDS for e in level(seed, difficulty=difficulty).encounters)

    def hit_dice_per_monster(difficulty: int) -> float:
        from tests.unit.pcg.maps import table

        found = [e for seed in SEEDS for e in level(seed, difficulty=difficulty).encounters]
        return sum(table().hit_dice[e.monster] * e.count for e in found) / sum(e.count for e in found)

    assert monsters(9) > monsters(1)
    assert hit_dice_per_monster(9) > hit_dice_per_monster(1)
    params = LevelParams(seed=1)
    assert encounter_budget(params.model_copy(update={"difficulty": 8})) > encounter_budget(params)


def test_a_stronger_party_meets_larger_groups() -> None:
    def monsters(party_level: int) -> int:
        return sum(e.count for seed in SEEDS for e in level(seed, party_level=party_level).encounters)

    assert monsters(8) > monsters(1)


def test_the_biome_changes_the_tile_mix() -> None:
    mixes = {
        biome: Counter(level(2, biome=biome).level.cells) for biome in ("dungeon", "forest", "swamp", "cave")
    }
    assert mixes["forest"][Tile.TREE] > 100
    assert mixes["swamp"][Tile.WATER] > 100
    assert mixes["dungeon"][Tile.TREE] == mixes["dungeon"][Tile.WATER] == 0
    assert not any(mixes["cave"][door] for door in DOORS)


def test_depth_gives_that_many_levels_linked_by_stairs() -> None:
    made = dungeon(8, depth=5, width=40, height=32)
    assert [generated.depth for generated in made.levels] == [1, 2, 3, 4, 5]
    assert len(made.links) == 4
    for link in made.links:
        upper, lower = made.levels[link.from_depth - 1], made.levels[link.to_depth - 1]
        assert link.to_depth == link.from_depth + 1
        assert upper.level.tile_at(link.down) == Tile.STAIRS_DOWN
        assert link.down == upper.exit
        assert lower.level.tile_at(link.up) == Tile.STAIRS_UP
        assert link.up == lower.entrance
    bottom = made.levels[-1]
    assert not bottom.stairs_down
    assert Tile.STAIRS_DOWN not in bottom.level.cells
    assert "boss" in {room.kind for room in bottom.rooms}
    assert any(e.room == next(r.index for r in bottom.rooms if r.kind == "boss") for e in bottom.encounters)


def test_difficulty_rises_with_depth() -> None:
    made = dungeon(1, depth=10, width=32, height=32, difficulty=2)
    difficulties = [generated.difficulty for generated in made.levels]
    assert difficulties == sorted(difficulties)
    assert difficulties[-1] > difficulties[0]
    assert level_difficulty(10, 20) == 10


def test_levels_of_a_dungeon_differ() -> None:
    made = dungeon(3, depth=3, width=32, height=32)
    assert len({generated.level.cells for generated in made.levels}) == 3


def test_json_is_sorted_and_holds_the_map() -> None:
    generated = level(6, width=40, height=24)
    text = generated.to_json()
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert Level.from_rows(data["rows"]) == generated.level
    assert data["entrance"] == list(generated.entrance)
    assert len(data["encounters"]) == len(generated.encounters)
