"""A level: a rectangle of tiles, stored as one byte per square.

Points are `(x, y)` with (0, 0) at the top left; x grows to the right and y downwards. A `Level` is
immutable (its cells are `bytes`): a change makes a new level, so a refused command cannot leave a
half-changed map behind. Generators build with `LevelBuilder` and freeze the result.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from goldbox.game.rpg.tiles import GLYPH_TO_TILE, TRAITS, Tile, is_walkable

Point = tuple[int, int]

# The eight directions, as the combat rules and the keyboard know them.
DIRECTIONS: dict[str, Point] = {
    "n": (0, -1),
    "ne": (1, -1),
    "e": (1, 0),
    "se": (1, 1),
    "s": (0, 1),
    "sw": (-1, 1),
    "w": (-1, 0),
    "nw": (-1, -1),
}


def distance(a: Point, b: Point) -> int:
    """Grid distance in squares (Chebyshev): what movement and weapon ranges count."""
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def adjacent(a: Point, b: Point) -> bool:
    """Whether two squares touch, diagonals included (a square is not adjacent to itself)."""
    return distance(a, b) == 1


@dataclass(frozen=True, slots=True)
class Level:
    """A `width` x `height` map; `cells[y * width + x]` is the `Tile` value at (x, y)."""

    width: int
    height: int
    cells: bytes

    def __post_init__(self) -> None:
        if self.width < 1 or self.height < 1 or len(self.cells) != self.width * self.height:
            raise ValueError("a level's cells must hold width x height tiles")

    @classmethod
    def filled(cls, width: int, height: int, tile: Tile = Tile.WALL) -> Level:
        return cls(width, height, bytes([tile]) * (width * height))

    @classmethod
    def from_rows(cls, rows: list[str]) -> Level:
        """Parse an ASCII map drawn with the tiles' glyphs (handy in tests and data files)."""
        if not rows or len({len(row) for row in rows}) != 1:
            raise ValueError("an ASCII level needs rows of one length")
        cells = bytes(GLYPH_TO_TILE[glyph] for row in rows for glyph in row)
        return cls(len(rows[0]), len(rows), cells)

    def to_rows(self) -> list[str]:
        """The level as ASCII rows, one glyph per tile."""
        glyphs = [TRAITS[tile].glyph for tile in Tile]
        return [
            "".join(glyphs[value] for value in self.cells[y * self.width : (y + 1) * self.width])
            for y in range(self.height)
        ]

    def contains(self, point: Point) -> bool:
        x, y = point
        return 0 <= x < self.width and 0 <= y < self.height

    def tile_at(self, point: Point) -> Tile:
        """The tile at a point; outside the map counts as wall."""
        x, y = point
        if 0 <= x < self.width and 0 <= y < self.height:
            return Tile(self.cells[y * self.width + x])
        return Tile.WALL

    def walkable(self, point: Point) -> bool:
        x, y = point
        return 0 <= x < self.width and 0 <= y < self.height and is_walkable(self.cells[y * self.width + x])

    def with_tile(self, point: Point, tile: Tile) -> Level:
        """A copy of this level with one tile changed."""
        if not self.contains(point):
            raise ValueError(f"{point} is outside the level")
        index = point[1] * self.width + point[0]
        return Level(self.width, self.height, self.cells[:index] + bytes([tile]) + self.cells[index + 1 :])

    def points(self, tile: Tile | None = None) -> Iterator[Point]:
        """Every point, or every point holding `tile`, in row order."""
        for index, value in enumerate(self.cells):
            if tile is None or value == tile:
                yield (index % self.width, index // self.width)


class LevelBuilder:
    """A mutable grid for generators; `freeze()` makes the immutable `Level`."""

    __slots__ = ("cells", "height", "width")

    def __init__(self, width: int, height: int, fill: Tile = Tile.WALL) -> None:
        if width < 1 or height < 1:
            raise ValueError("a level needs a positive width and height")
        self.width = width
        self.height = height
        self.cells = bytearray([fill]) * (width * height)

    def contains(self, point: Point) -> bool:
        x, y = point
        return 0 <= x < self.width and 0 <= y < self.height

    def get(self, point: Point) -> Tile:
        x, y = point
        if 0 <= x < self.width and 0 <= y < self.height:
            return Tile(self.cells[y * self.width + x])
        return Tile.WALL

    def set(self, point: Point, tile: Tile) -> None:
        self.cells[point[1] * self.width + point[0]] = tile

    def freeze(self) -> Level:
        return Level(self.width, self.height, bytes(self.cells))
