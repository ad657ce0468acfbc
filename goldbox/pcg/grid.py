"""Grid helpers the generators and the validator share: passability, flood fill, regions, corridors.

Cells are a `bytes`/`bytearray` of `Tile` values, row by row, as in `Level.cells`. Connectivity is
4-way (no diagonal squeezing between two walls), so a map that is 4-connected is connected for any
mover. Doors of every kind count as passable, since closed, locked and secret doors can be opened
or found. Every generator keeps the map's border impassable, which lets the flood fill step by
index arithmetic without bounds checks.
"""

from __future__ import annotations

from collections.abc import Sequence

from goldbox.game.rpg.level import LevelBuilder, Point
from goldbox.game.rpg.tiles import DOORS, Tile, is_walkable

PASSABLE_TABLE = bytes(
    1 if value < len(Tile) and (is_walkable(value) or Tile(value) in DOORS) else 0 for value in range(256)
)
"""`cells.translate(PASSABLE_TABLE)` gives 1 where a party can go (doors included), 0 elsewhere."""


def passable_mask(cells: bytes | bytearray) -> bytes:
    """1 for every passable cell, 0 for every other; the border is forced to 0 by the caller's map."""
    return bytes(cells).translate(PASSABLE_TABLE)


def border_is_closed(mask: bytes | bytearray, width: int, height: int) -> bool:
    """True when no border cell is passable (the flood fill relies on it)."""
    last = (height - 1) * width
    if any(mask[0:width]) or any(mask[last : last + width]):
        return False
    return not any(mask[y * width] or mask[y * width + width - 1] for y in range(height))


def flood(mask: bytes | bytearray, width: int, start: int) -> bytearray:
    """Every cell reachable from `start` through passable cells (1 = reached)."""
    seen = bytearray(len(mask))
    if not mask[start]:
        return seen
    seen[start] = 1
    stack = [start]
    pop = stack.pop
    push = stack.append
    while stack:
        index = pop()
        for step in (index - 1, index + 1, index - width, index + width):
            if mask[step] and not seen[step]:
                seen[step] = 1
                push(step)
    return seen


def regions(mask: bytes | bytearray, width: int) -> list[list[int]]:
    """The passable cells grouped into 4-connected regions, each sorted, in order of first cell."""
    seen = bytearray(len(mask))
    found: list[list[int]] = []
    for start, value in enumerate(mask):
        if not value or seen[start]:
            continue
        seen[start] = 1
        stack = [start]
        cells = [start]
        while stack:
            index = stack.pop()
            for step in (index - 1, index + 1, index - width, index + width):
                if mask[step] and not seen[step]:
                    seen[step] = 1
                    stack.append(step)
                    cells.append(step)
        cells.sort()
        found.append(cells)
    return found


def corridor_path(start: Point, end: Point, horizontal_first: bool) -> list[Point]:
    """The cells of an L-shaped corridor from `start` to `end`, both ends included."""
    (x0, y0), (x1, y1) = start, end
    step_x = 1 if x1 >= x0 else -1
    step_y = 1 if y1 >= y0 else -1
    if horizontal_first:
        path = [(x, y0) for x in range(x0, x1 + step_x, step_x)]
        path += [(x1, y) for y in range(y0 + step_y, y1 + step_y, step_y)]
    else:
        path = [(x0, y) for y in range(y0, y1 + step_y, step_y)]
        path += [(x, y1) for x in range(x0 + step_x, x1 + step_x, step_x)]
    return path


def carve(builder: LevelBuilder, path: Sequence[Point], tile: Tile = Tile.FLOOR) -> None:
    """Make every impassable cell on `path` into `tile`, leaving passable ones as they are."""
    cells = builder.cells
    width = builder.width
    for x, y in path:
        index = y * width + x
        if not PASSABLE_TABLE[cells[index]]:
            cells[index] = tile


def point_of(index: int, width: int) -> Point:
    return (index % width, index // width)


def nearest(cells: Sequence[int], target: int, width: int) -> int:
    """The cell of `cells` closest to `target` (Manhattan distance; the first such cell on ties)."""
    tx, ty = target % width, target // width
    return min(cells, key=lambda index: abs(index % width - tx) + abs(index // width - ty))
