from __future__ import annotations

from goldbox.pcg.params import TerrainParams
from goldbox.pcg.render import (
    dungeon_ascii,
    dungeon_image,
    level_ascii,
    level_image,
    monster_letters,
    terrain_ascii,
    terrain_image,
)
from goldbox.pcg.terrain import generate_terrain
from tests.unit.pcg.maps import dungeon, level


def test_each_monster_gets_its_own_letter() -> None:
    letters = monster_letters(["goblin", "goblin_archer", "gnoll", "ghoul", "goblin"])
    assert set(letters) == {"goblin", "goblin_archer", "gnoll", "ghoul"}
    assert len(set(letters.values())) == 4
    assert all(letter.islower() for letter in letters.values())


def test_ascii_draws_monsters_treasure_and_a_legend() -> None:
    generated = level(5, width=48, height=32, difficulty=6)
    text = level_ascii(generated)
    lines = text.splitlines()
    letters = monster_letters(e.monster for e in generated.encounters)
    grid = lines[1 : 1 + generated.level.height]
    for encounter in generated.encounters:
        for x, y in encounter.points:
            assert grid[y][x] == letters[encounter.monster]
    for spot in generated.treasure:
        assert grid[spot.point[1]][spot.point[0]] == "$"
    assert grid[generated.entrance[1]][generated.entrance[0]] == "<"
    assert any(line.startswith("legend: ") and "# wall" in line for line in lines)
    assert any(line.startswith("monsters: ") for line in lines)


def test_dungeon_ascii_lists_each_level_and_the_stairs() -> None:
    text = dungeon_ascii(dungeon(2, depth=3, width=32, height=24))
    assert text.count("\nlevel ") == 3
    assert "stairs: level 2 > " in text


def test_images_hold_the_map_and_a_legend() -> None:
    generated = level(5, width=48, height=32)
    image = level_image(generated)
    assert image.width > 48 * 16  # the map at 16 px a tile, plus the legend
    stairs = image.getpixel((8 + generated.entrance[0] * 16 + 1, 8 + generated.entrance[1] * 16 + 1))
    assert stairs == (70, 210, 90)
    assert dungeon_image(dungeon(2, depth=3, width=32, height=24)).width > 2 * 32 * 4
    terrain = generate_terrain(TerrainParams(seed=3, biome="swamp"))
    assert terrain_ascii(terrain).splitlines()[1] == terrain.level.to_rows()[0]
    assert terrain_image(terrain).size[0] > 64 * 12


def test_the_picture_is_the_same_for_the_same_seed() -> None:
    first = level_image(level(9, width=32, height=32)).tobytes()
    assert first == level_image(level(9, width=32, height=32)).tobytes()
