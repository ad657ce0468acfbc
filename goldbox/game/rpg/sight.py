"""What a creature can see: line of sight, field of view, fog of war, and who is in view.

Line of sight is a straight line on the grid (Bresenham's) between the centres of two squares. It is
blocked by any square between them that blocks sight (walls, closed, locked and secret doors, trees);
the two end squares never block, so a creature sees the wall it stands beside. Bresenham's line from
a to b and the one from b to a can differ by a square where the line passes exactly between two, so
a sees b when *either* line is clear: that makes sight symmetric (a sees b exactly when b sees a),
which combat needs (an archer who can be shot at can shoot back) and players expect.

The field of view is every square within a circle (Euclidean, radius inclusive) in line of sight,
plus the sight-blocking squares that bound a seen open square, so a long corridor shows its walls
end to end. Creatures only ever stand on open squares, so for a creature "in the field of view" and
"in line of sight and within the radius" are the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from goldbox.game.rpg.creature import Side, Status
from goldbox.game.rpg.effects import modifiers
from goldbox.game.rpg.level import Level, Point
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.tiles import Tile, blocks_sight

# How far a creature sees, in squares: torchlight in a dungeon.
SIGHT_RADIUS = 10

# bytes.translate table: tile value -> 1 when the tile blocks sight, else 0.
_OPAQUE_TABLE = bytes(1 if value < len(Tile) and blocks_sight(value) else 0 for value in range(256))

_NEIGHBOURS = ((-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1))


def opacity(level: Level) -> bytes:
    """One byte per square, 1 where the square blocks sight (same indexing as `Level.cells`)."""
    return level.cells.translate(_OPAQUE_TABLE)


def _clear_line(opaque: bytes, width: int, x0: int, y0: int, x1: int, y1: int) -> bool:
    """Whether Bresenham's line from (x0, y0) to (x1, y1) crosses no opaque square between the ends."""
    dx = x1 - x0 if x1 >= x0 else x0 - x1
    dy = y0 - y1 if y1 >= y0 else y1 - y0  # -|dy|
    sx = 1 if x0 < x1 else -1
    sy = 1 if y0 < y1 else -1
    err = dx + dy
    x, y = x0, y0
    while True:
        doubled = 2 * err
        if doubled >= dy:
            err += dy
            x += sx
        if doubled <= dx:
            err += dx
            y += sy
        if x == x1 and y == y1:
            return True
        if opaque[y * width + x]:
            return False


def _sees(opaque: bytes, width: int, a: Point, b: Point) -> bool:
    ax, ay = a
    bx, by = b
    if ax == bx and ay == by:
        return True
    return _clear_line(opaque, width, ax, ay, bx, by) or _clear_line(opaque, width, bx, by, ax, ay)


def line_of_sight(level: Level, a: Point, b: Point) -> bool:
    """Whether a and b see each other; a square outside the level is never seen."""
    if not (level.contains(a) and level.contains(b)):
        return False
    return _sees(opacity(level), level.width, a, b)


def line_of_sight_many(level: Level, a: Point, others: Iterable[Point]) -> list[bool]:
    """`line_of_sight(level, a, b)` for each b, reading the level's walls only once."""
    opaque = opacity(level)
    inside = level.contains(a)
    return [inside and level.contains(b) and _sees(opaque, level.width, a, b) for b in others]


def field_of_view(level: Level, origin: Point, radius: int) -> frozenset[Point]:
    """The squares seen from `origin` within `radius`, including the walls bounding the open ones."""
    if not level.contains(origin) or radius < 0:
        return frozenset()
    width, height = level.width, level.height
    opaque = opacity(level)
    ox, oy = origin
    limit = radius * radius
    seen: set[Point] = {origin}
    walls: list[Point] = []
    for y in range(max(0, oy - radius), min(height - 1, oy + radius) + 1):
        dy = y - oy
        row = y * width
        for x in range(max(0, ox - radius), min(width - 1, ox + radius) + 1):
            dx = x - ox
            if dx * dx + dy * dy > limit or (dx == 0 and dy == 0):
                continue
            if opaque[row + x]:
                walls.append((x, y))
            elif _clear_line(opaque, width, ox, oy, x, y) or _clear_line(opaque, width, x, y, ox, oy):
                seen.add((x, y))
    # A wall is seen when it bounds a seen open square, or when the line to it is clear.
    open_seen = frozenset(seen)
    for x, y in walls:
        bounds_seen = any((x + nx, y + ny) in open_seen for nx, ny in _NEIGHBOURS)
        if (
            bounds_seen
            or _clear_line(opaque, width, ox, oy, x, y)
            or _clear_line(opaque, width, x, y, ox, oy)
        ):
            seen.add((x, y))
    return frozenset(seen)


def _viewers(scene: Scene, side_or_creatures: Side | Iterable[str]) -> list[Point]:
    if isinstance(side_or_creatures, Side):
        creatures = [c for c in scene.creatures.values() if c.side is side_or_creatures]
    else:
        creatures = [scene.creatures[cid] for cid in side_or_creatures if cid in scene.creatures]
    return sorted(c.position for c in creatures if c.position is not None and c.status is Status.ACTIVE)


def reveal(
    scene: Scene, side_or_creatures: Side | Iterable[str] = Side.PARTY, radius: int = SIGHT_RADIUS
) -> list[Point]:
    """Lift the fog of war from what the active creatures named (or a whole side) see.

    Returns the squares explored for the first time, in (y, x) row order, for the client's map.
    """
    level = scene.level
    opaque = opacity(level)
    fresh: set[Point] = set()
    for point in _viewers(scene, side_or_creatures):
        fresh.update(_unexplored_in_view(level, opaque, point, radius, scene.explored, fresh))
    scene.explored |= fresh
    return sorted(fresh, key=lambda point: (point[1], point[0]))


def _unexplored_in_view(
    level: Level, opaque: bytes, origin: Point, radius: int, explored: set[Point], fresh: set[Point]
) -> list[Point]:
    """`field_of_view(level, origin, radius)` less the squares in `explored` or `fresh`.

    The party reveals at every step it takes, and a step in known ground sees almost nothing new, so
    no line is traced to a square already known. A wall is still seen when it bounds a seen open
    square; only the open squares next to unknown walls are looked at for that, each once.
    """
    if not level.contains(origin) or radius < 0:
        return []
    width, height = level.width, level.height
    ox, oy = origin
    limit = radius * radius
    clear: dict[Point, bool] = {}

    def open_and_seen(x: int, y: int) -> bool:
        """Whether (x, y) is among the open squares `field_of_view` sees (the origin always is)."""
        if x == ox and y == oy:
            return True
        dx, dy = x - ox, y - oy
        if not (0 <= x < width and 0 <= y < height) or dx * dx + dy * dy > limit or opaque[y * width + x]:
            return False
        seen = clear.get((x, y))
        if seen is None:
            seen = _clear_line(opaque, width, ox, oy, x, y) or _clear_line(opaque, width, x, y, ox, oy)
            clear[(x, y)] = seen
        return seen

    found: list[Point] = []
    if origin not in explored and origin not in fresh:
        found.append(origin)
    for y in range(max(0, oy - radius), min(height - 1, oy + radius) + 1):
        half = math.isqrt(limit - (y - oy) ** 2)  # the circle's row: dx * dx + dy * dy <= limit
        row = [(x, y) for x in range(max(0, ox - half), min(width - 1, ox + half) + 1)]
        for point in [point for point in row if point not in explored and point not in fresh]:
            x = point[0]  # only squares still unknown get this far
            if x == ox and y == oy:
                continue
            if not opaque[y * width + x]:
                if open_and_seen(x, y):
                    found.append(point)
            elif (
                any(open_and_seen(x + nx, y + ny) for nx, ny in _NEIGHBOURS)
                or _clear_line(opaque, width, ox, oy, x, y)
                or _clear_line(opaque, width, x, y, ox, oy)
            ):
                found.append(point)
    return found


def is_invisible(scene: Scene, creature_id: str) -> bool:
    """Whether a creature is under an invisibility effect that has not run out."""
    return modifiers(scene.creatures[creature_id].effects).invisible


def visible_to(scene: Scene, viewer_id: str, radius: int = SIGHT_RADIUS) -> set[str]:
    """The ids of the creatures `viewer_id` can see.

    A creature always knows where its own side is (the viewer included). Anyone else must stand on
    the map within `radius`, in line of sight, and not be invisible.
    """
    viewer = scene.creatures[viewer_id]
    seen = {c.id for c in scene.creatures.values() if c.side is viewer.side}
    origin = viewer.position
    if origin is None or not scene.level.contains(origin):
        return seen
    opaque = opacity(scene.level)
    width = scene.level.width
    limit = radius * radius
    for creature in scene.creatures.values():
        point = creature.position
        if creature.side is viewer.side or point is None or not scene.level.contains(point):
            continue
        dx, dy = point[0] - origin[0], point[1] - origin[1]
        if dx * dx + dy * dy > limit or is_invisible(scene, creature.id):
            continue
        if _sees(opaque, width, origin, point):
            seen.add(creature.id)
    return seen
