from __future__ import annotations

from collections import Counter

import pytest

from goldbox.game.rng import Rng
from goldbox.game.rpg.level import Level, LevelBuilder
from goldbox.game.rpg.tiles import Tile
from goldbox.pcg.grid import passable_mask, regions
from goldbox.pcg.params import BIOMES, TerrainParams
from goldbox.pcg.terrain import connect_regions, generate_terrain, maze, smooth
from goldbox.pcg.validation import terrain_problems


def _share(level: Level, *tiles: Tile) -> float:
    counts = Counter(level.cells)
    return sum(counts[tile] for tile in tiles) / len(level.cells)


def test_smoothing_is_a_majority_of_nine_with_the_outside_solid() -> None:
    solid = bytearray([0, 0, 0, 0, 1, 0, 0, 0, 0])
    assert smooth(solid, 3, 3) == bytearray([1, 0, 1, 0, 0, 0, 1, 0, 1])


def test_a_perfect_maze_is_a_tree_and_braiding_adds_loops() -> None:
    def edges(builder: LevelBuilder) -> tuple[int, int]:
        floor = {point for point in builder.freeze().points(Tile.FLOOR)}
        joins = sum((x + 1, y) in floor for x, y in floor) + sum((x, y + 1) in floor for x, y in floor)
        return len(floor), joins

    nodes, joins = edges(maze(31, 31, 0.0, Rng(3)))
    assert joins == nodes - 1
    braided_nodes, braided_joins = edges(maze(31, 31, 1.0, Rng(3)))
    assert braided_joins > braided_nodes - 1


def test_connecting_joins_separate_regions_and_fills_tiny_pockets() -> None:
    level = Level.from_rows(
        [
            "##########",
            "#...#....#",
            "#...#....#",
            "#####.####",
            "#.######.#",
            "##########",
        ]
    )
    builder = LevelBuilder(level.width, level.height)
    builder.cells = bytearray(level.cells)
    connect_regions(builder, Tile.WALL, Rng(1), keep=3)
    after = builder.freeze()
    assert len(regions(passable_mask(after.cells), after.width)) == 1
    assert after.tile_at((1, 4)) == Tile.WALL
    assert after.tile_at((2, 1)) == Tile.FLOOR


def test_a_corridor_through_a_tiny_pocket_stays_open() -> None:
    # The corridor from the top region to the bottom one runs through the one-cell pocket between them;
    # filling that pocket after digging would cut the corridor again.
    level = Level.from_rows(
        ["#####", "##.##", "##.##", "##.##", "#####", "##.##", "#####", "#...#", "#...#", "#####"]
    )
    builder = LevelBuilder(level.width, level.height)
    builder.cells = bytearray(level.cells)
    connect_regions(builder, Tile.WALL, Rng(1), keep=3)
    after = builder.freeze()
    assert len(regions(passable_mask(after.cells), after.width)) == 1
    assert after.tile_at((2, 5)) == Tile.FLOOR


@pytest.mark.parametrize("kind", ["biome", "cave", "maze", "braided_maze"])
@pytest.mark.parametrize("biome", BIOMES)
def test_every_kind_and_biome_is_connected(kind: str, biome: str) -> None:
    terrain = generate_terrain(TerrainParams.model_validate({"seed": 11, "kind": kind, "biome": biome}))
    assert terrain_problems(terrain) == []
    assert terrain.level.width == 64


def test_each_biome_has_its_own_tile_mix() -> None:
    maps = {
        biome: generate_terrain(TerrainParams.model_validate({"seed": 5, "biome": biome})).level
        for biome in BIOMES
    }
    assert _share(maps["forest"], Tile.TREE) > 0.2
    assert _share(maps["swamp"], Tile.WATER) > 0.2
    assert _share(maps["mountain"], Tile.RUBBLE) > _share(maps["cave"], Tile.RUBBLE)
    assert _share(maps["desert"], Tile.FLOOR) > _share(maps["cave"], Tile.FLOOR)
    assert _share(maps["desert"], Tile.TREE) == 0
    assert len({level.cells for level in maps.values()}) == len(BIOMES)


def test_harder_caves_are_denser() -> None:
    def rock(difficulty: int) -> float:
        return sum(
            _share(
                generate_terrain(TerrainParams(seed=seed, kind="cave", difficulty=difficulty)).level,
                Tile.WALL,
            )
            for seed in range(10)
        )

    assert rock(10) > rock(1)


def test_lava_appears_in_hard_mountains_only() -> None:
    easy = generate_terrain(TerrainParams(seed=2, biome="mountain", difficulty=1)).level
    hard = generate_terrain(TerrainParams(seed=2, biome="mountain", difficulty=10)).level
    assert Tile.LAVA not in easy.cells
    assert Tile.LAVA in hard.cells
