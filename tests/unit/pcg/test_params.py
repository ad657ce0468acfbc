from __future__ import annotations

import pytest

from goldbox.pcg.errors import PcgError
from goldbox.pcg.params import DungeonParams, LevelParams, TerrainParams


@pytest.mark.parametrize(
    ("params", "code", "words"),
    [
        ({"width": 0}, "PCG_PARAM_OUT_OF_RANGE", "width must be from 16 to 256; got 0"),
        ({"width": 10_000}, "PCG_PARAM_OUT_OF_RANGE", "width must be from 16 to 256; got 10000"),
        ({"height": 15}, "PCG_PARAM_OUT_OF_RANGE", "height must be from 16 to 256"),
        ({"difficulty": -1}, "PCG_PARAM_OUT_OF_RANGE", "difficulty must be from 1 to 10; got -1"),
        ({"rooms": 65}, "PCG_PARAM_OUT_OF_RANGE", "rooms must be from 2 to 64"),
        ({"depth": 21}, "PCG_PARAM_OUT_OF_RANGE", "depth must be from 1 to 20"),
        ({"biome": "moon"}, "PCG_UNKNOWN_BIOME", "cave, dungeon, forest, mountain, swamp, desert"),
        ({"seed": 1.5}, "PCG_BAD_PARAMS", "seed must be an integer; got 1.5"),
        ({"seed": True}, "PCG_BAD_PARAMS", "seed must be an integer; got True"),
        ({"seed": "7"}, "PCG_BAD_PARAMS", "seed must be an integer"),
        ({"width": 32.0}, "PCG_BAD_PARAMS", "width must be an integer"),
        ({"colour": "red"}, "PCG_BAD_PARAMS", "unknown parameter 'colour'"),
    ],
)
def test_bad_level_params_are_refused_with_the_allowed_range(
    params: dict[str, object], code: str, words: str
) -> None:
    with pytest.raises(PcgError) as caught:
        LevelParams.model_validate({"seed": 1, **params})
    assert caught.value.code == code
    assert words in caught.value.message


def test_a_missing_seed_is_named() -> None:
    with pytest.raises(PcgError, match="seed is required") as caught:
        DungeonParams.model_validate({})
    assert caught.value.code == "PCG_BAD_PARAMS"


def test_out_of_range_errors_carry_the_range_as_details() -> None:
    with pytest.raises(PcgError) as caught:
        DungeonParams(seed=1, depth=0)
    assert caught.value.details == {"param": "depth", "minimum": 1, "maximum": 20, "got": 0}


def test_terrain_kind_and_biome_are_checked() -> None:
    with pytest.raises(PcgError) as caught:
        TerrainParams(seed=1, biome="tundra")  # type: ignore[arg-type]
    assert caught.value.code == "PCG_UNKNOWN_BIOME"
    with pytest.raises(PcgError, match="biome, cave, maze, braided_maze"):
        TerrainParams(seed=1, kind="spiral")  # type: ignore[arg-type]


def test_ranges_describe_every_parameter() -> None:
    ranges = LevelParams.ranges()
    assert ranges["width"] == "an integer from 16 to 256"
    assert ranges["biome"] == "one of cave, dungeon, forest, mountain, swamp, desert"
    assert set(ranges) == set(LevelParams.model_fields)


def test_the_edges_of_each_range_are_accepted() -> None:
    assert LevelParams(seed=-5, width=16, height=256, difficulty=10, rooms=2, depth=20).width == 16
