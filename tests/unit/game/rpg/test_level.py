"""Levels: an immutable grid of tiles with an ASCII form, and what each tile does."""

from __future__ import annotations

import pytest

from goldbox.game.rpg.level import Level, LevelBuilder
from goldbox.game.rpg.tiles import TRAITS, Tile, blocks_sight, is_walkable

ROWS = [
    "#####",
    "#.+<#",
    "#~^>#",
    "#####",
]


def test_ascii_round_trip_and_lookups() -> None:
    level = Level.from_rows(ROWS)
    assert (level.width, level.height) == (5, 4)
    assert level.to_rows() == ROWS
    assert level.tile_at((2, 1)) is Tile.DOOR_CLOSED
    assert level.tile_at((3, 2)) is Tile.STAIRS_DOWN
    assert level.walkable((1, 1))
    assert level.walkable((2, 2))
    assert not level.walkable((1, 2))  # deep water
    assert not level.walkable((2, 1))  # a closed door must be opened first


def test_outside_the_map_is_wall() -> None:
    level = Level.from_rows(ROWS)
    assert level.tile_at((-1, 0)) is Tile.WALL
    assert level.tile_at((5, 1)) is Tile.WALL
    assert not level.walkable((99, 99))
    assert not level.contains((5, 0))


def test_a_change_makes_a_new_level() -> None:
    level = Level.from_rows(ROWS)
    opened = level.with_tile((2, 1), Tile.DOOR_OPEN)
    assert level.tile_at((2, 1)) is Tile.DOOR_CLOSED
    assert opened.tile_at((2, 1)) is Tile.DOOR_OPEN
    assert opened.walkable((2, 1))
    with pytest.raises(ValueError, match="outside"):
        level.with_tile((9, 9), Tile.FLOOR)


def test_builder_freezes_into_a_level() -> None:
    builder = LevelBuilder(4, 3)
    builder.set((1, 1), Tile.FLOOR)
    level = builder.freeze()
    assert list(level.points(Tile.FLOOR)) == [(1, 1)]
    assert builder.get((7, 7)) is Tile.WALL
    with pytest.raises(ValueError, match="positive"):
        LevelBuilder(0, 3)


def test_bad_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="width"):
        Level(3, 3, b"\x00" * 8)
    with pytest.raises(ValueError, match="one length"):
        Level.from_rows(["###", "##"])


def test_every_tile_has_traits_and_a_unique_glyph() -> None:
    assert set(TRAITS) == set(Tile)
    assert len({traits.glyph for traits in TRAITS.values()}) == len(Tile)
    assert is_walkable(Tile.FLOOR)
    assert not is_walkable(Tile.WALL)
    assert blocks_sight(Tile.WALL)
    assert not blocks_sight(Tile.WATER)
