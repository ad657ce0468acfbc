"""Validation holds for 1,000 random seeds per generator (small maps, to stay fast)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.pcg.params import BIOMES, TERRAIN_KINDS, TerrainParams
from goldbox.pcg.terrain import generate_terrain
from goldbox.pcg.validation import dungeon_problems, level_problems, terrain_problems
from tests.unit.pcg.maps import dungeon, level

seeds = st.integers(min_value=-(2**63), max_value=2**64)
sizes = st.integers(min_value=16, max_value=64)
difficulties = st.integers(min_value=1, max_value=10)
biomes = st.sampled_from(BIOMES)


@settings(max_examples=1000, deadline=None)
@given(seeds, sizes, sizes, difficulties, biomes, st.sampled_from(TERRAIN_KINDS))
def test_terrain_is_always_connected(
    seed: int, width: int, height: int, difficulty: int, biome: str, kind: str
) -> None:
    terrain = generate_terrain(
        TerrainParams.model_validate(
            {
                "seed": seed,
                "width": width,
                "height": height,
                "difficulty": difficulty,
                "biome": biome,
                "kind": kind,
            }
        )
    )
    assert terrain_problems(terrain) == []


@settings(max_examples=1000, deadline=None)
@given(seeds, sizes, sizes, difficulties, biomes, st.integers(2, 20), st.integers(1, 20), st.booleans())
def test_every_level_is_playable(
    seed: int, width: int, height: int, difficulty: int, biome: str, rooms: int, party_level: int, boss: bool
) -> None:
    generated = level(
        seed,
        width=width,
        height=height,
        difficulty=difficulty,
        biome=biome,
        rooms=rooms,
        party_level=party_level,
        boss=boss,
    )
    assert level_problems(generated) == []
    assert generated.entrance != generated.exit


@settings(max_examples=1000, deadline=None)
@given(seeds, st.integers(1, 3), difficulties, biomes)
def test_every_dungeon_holds_together(seed: int, depth: int, difficulty: int, biome: str) -> None:
    made = dungeon(seed, depth=depth, width=32, height=24, difficulty=difficulty, biome=biome, rooms=6)
    assert len(made.levels) == depth
    assert dungeon_problems(made) == []
    assert all(level_problems(generated) == [] for generated in made.levels)
