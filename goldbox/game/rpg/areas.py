"""The squares a spell's area covers on the grid: a radius, a cone or a line.

- A radius is every square whose centre lies within `size` squares (Euclidean) of the chosen square.
- A cone is a 90-degree fan from the caster toward the chosen square, `size` squares long (Chebyshev):
  the squares whose direction from the caster is within 45 degrees of the aim.
- A line is Bresenham's line from the caster toward the chosen square and on past it, `size` squares
  long; the first square that blocks sight stops it.

Walls stop areas: a radius or cone square counts only when the area's centre (the chosen square for a
radius, the caster for a cone) has line of sight to it, and squares that block sight are never inside.
The caster's own square is never in a cone or a line. Squares come sorted by row, then column, so the
same area always lists the same squares in the same order.
"""

from __future__ import annotations

from goldbox.game.rpg.content import Area, AreaShape
from goldbox.game.rpg.level import Level, Point
from goldbox.game.rpg.sight import line_of_sight
from goldbox.game.rpg.tiles import blocks_sight


def area_squares(level: Level, origin: Point, target: Point, area: Area) -> list[Point]:
    """The squares `area` covers when cast from `origin` at `target` (empty if aimed at the caster's
    own square for a cone or a line)."""
    if area.shape is AreaShape.RADIUS:
        squares = _radius(level, target, area.size)
    elif area.shape is AreaShape.CONE:
        squares = _cone(level, origin, target, area.size)
    else:
        squares = _line(level, origin, target, area.size)
    return sorted(squares, key=lambda point: (point[1], point[0]))


def _open(level: Level, point: Point) -> bool:
    return level.contains(point) and not blocks_sight(level.tile_at(point))


def _radius(level: Level, centre: Point, size: int) -> list[Point]:
    if not _open(level, centre):
        return []
    cx, cy = centre
    limit = size * size
    return [
        (x, y)
        for y in range(cy - size, cy + size + 1)
        for x in range(cx - size, cx + size + 1)
        if (x - cx) ** 2 + (y - cy) ** 2 <= limit
        and _open(level, (x, y))
        and line_of_sight(level, centre, (x, y))
    ]


def _cone(level: Level, origin: Point, target: Point, size: int) -> list[Point]:
    aim_x, aim_y = target[0] - origin[0], target[1] - origin[1]
    if aim_x == 0 and aim_y == 0:
        return []
    aim_length = aim_x * aim_x + aim_y * aim_y
    squares: list[Point] = []
    for dy in range(-size, size + 1):
        for dx in range(-size, size + 1):
            dot = dx * aim_x + dy * aim_y
            # within 45 degrees: cos >= 1/sqrt(2), i.e. 2 * dot^2 >= |v|^2 |aim|^2 with dot > 0
            if dot <= 0 or 2 * dot * dot < (dx * dx + dy * dy) * aim_length:
                continue
            point = (origin[0] + dx, origin[1] + dy)
            if _open(level, point) and line_of_sight(level, origin, point):
                squares.append(point)
    return squares


def _line(level: Level, origin: Point, target: Point, size: int) -> list[Point]:
    dx, dy = target[0] - origin[0], target[1] - origin[1]
    reach = max(abs(dx), abs(dy))
    if reach == 0:
        return []
    scale = -(-size // reach)  # ceil: carry the line past the target to its full length
    end = (origin[0] + dx * scale, origin[1] + dy * scale)
    squares: list[Point] = []
    for point in _bresenham(origin, end)[1:]:
        if len(squares) == size or not _open(level, point):
            break
        squares.append(point)
    return squares


def _bresenham(start: Point, end: Point) -> list[Point]:
    """Every square on Bresenham's line from `start` to `end`, both included, in order."""
    x0, y0 = start
    x1, y1 = end
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx = 1 if x0 < x1 else -1
    sy = 1 if y0 < y1 else -1
    err = dx + dy
    points = [(x0, y0)]
    while (x0, y0) != (x1, y1):
        doubled = 2 * err
        if doubled >= dy:
            err += dy
            x0 += sx
        if doubled <= dx:
            err += dx
            y0 += sy
        points.append((x0, y0))
    return points
