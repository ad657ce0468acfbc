"""The tiles a level is made of, and what each one does to movement and sight."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Tile(IntEnum):
    """One square of a level. The value is the byte stored in `Level.cells`; never renumber."""

    FLOOR = 0
    WALL = 1
    DOOR_OPEN = 2
    DOOR_CLOSED = 3
    DOOR_LOCKED = 4
    DOOR_SECRET = 5
    WATER = 6
    LAVA = 7
    PIT = 8
    STAIRS_UP = 9
    STAIRS_DOWN = 10
    TRAP = 11
    TREE = 12
    RUBBLE = 13
    TRAP_FOUND = 14


@dataclass(frozen=True, slots=True)
class TileTraits:
    """What a tile does: whether it can be walked into, whether it blocks sight, how it looks."""

    walkable: bool
    blocks_sight: bool
    glyph: str
    hazard: bool = False


TRAITS: dict[Tile, TileTraits] = {
    Tile.FLOOR: TileTraits(True, False, "."),
    Tile.WALL: TileTraits(False, True, "#"),
    Tile.DOOR_OPEN: TileTraits(True, False, "'"),
    Tile.DOOR_CLOSED: TileTraits(False, True, "+"),
    Tile.DOOR_LOCKED: TileTraits(False, True, "L"),
    # A secret door looks and acts like wall until it is found.
    Tile.DOOR_SECRET: TileTraits(False, True, "S"),
    # Deep water: swimming is not modelled, so it is not walkable, but it does not block sight.
    Tile.WATER: TileTraits(False, False, "~"),
    Tile.LAVA: TileTraits(True, False, "^", hazard=True),
    Tile.PIT: TileTraits(True, False, "O", hazard=True),
    Tile.STAIRS_UP: TileTraits(True, False, "<"),
    Tile.STAIRS_DOWN: TileTraits(True, False, ">"),
    # A trap looks like floor to players until it is found or sprung.
    Tile.TRAP: TileTraits(True, False, "T", hazard=True),
    Tile.TREE: TileTraits(False, True, "♣"),
    Tile.RUBBLE: TileTraits(True, False, ","),
    # A trap someone found by searching: shown, still springs when entered, and paths go round it.
    Tile.TRAP_FOUND: TileTraits(True, False, "x", hazard=True),
}

GLYPH_TO_TILE: dict[str, Tile] = {traits.glyph: tile for tile, traits in TRAITS.items()}

DOORS = frozenset({Tile.DOOR_OPEN, Tile.DOOR_CLOSED, Tile.DOOR_LOCKED, Tile.DOOR_SECRET})
_WALKABLE = tuple(TRAITS[Tile(value)].walkable for value in range(len(Tile)))
_BLOCKS_SIGHT = tuple(TRAITS[Tile(value)].blocks_sight for value in range(len(Tile)))


def is_walkable(tile: int) -> bool:
    return _WALKABLE[tile]


def blocks_sight(tile: int) -> bool:
    return _BLOCKS_SIGHT[tile]
