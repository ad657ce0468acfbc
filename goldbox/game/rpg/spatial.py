"""A spatial index: which creatures, items or markers lie in a rectangle, in a circle, or nearest.

The map is cut into square cells of `cell_size` squares, and each cell (a bucket) maps the ids of
the objects in it to their points. A query visits only the cells its shape overlaps, so its cost
follows the number of objects near the query, not the number on the map; insert, move and remove
touch one or two buckets. A uniform grid suits a game map: the world is bounded, objects are spread
out on it, and queries (weapon range, spell areas, sight) are small and local. A tree (k-d, R-tree)
would adapt to clustering better, but costs more per query in Python and has to be rebalanced on moves.

Answers are deterministic: ids are returned sorted, and `nearest` breaks distance ties by id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping

from goldbox.game.rpg.level import Point

Cell = tuple[int, int]

# Objects per bucket that `build_index` aims for: few enough to scan quickly, many enough that a
# query does not wade through empty cells.
_OBJECTS_PER_CELL = 2.0


class SpatialIndex:
    """Objects (by id) at integer points, bucketed in a uniform grid of `cell_size`-square cells."""

    __slots__ = ("_cells", "_points", "cell_size")

    def __init__(self, cell_size: int = 8) -> None:
        if cell_size < 1:
            raise ValueError("a spatial index needs a cell size of at least 1")
        self.cell_size = cell_size
        self._points: dict[str, Point] = {}
        self._cells: dict[Cell, dict[str, Point]] = {}

    def __len__(self) -> int:
        return len(self._points)

    def __contains__(self, object_id: object) -> bool:
        return object_id in self._points

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._points))

    def position(self, object_id: str) -> Point:
        """Where an object is; KeyError when it is not in the index."""
        return self._points[object_id]

    def items(self) -> list[tuple[str, Point]]:
        """Every (id, point), sorted by id."""
        return sorted(self._points.items())

    # -------------------------------------------------------------------------------------- changes
    def insert(self, object_id: str, point: Point) -> None:
        """Add an object; ValueError when the id is already in the index."""
        if object_id in self._points:
            raise ValueError(f"{object_id!r} is already in the spatial index")
        x, y = point
        size = self.cell_size
        self._points[object_id] = (x, y)
        cell = (x // size, y // size)
        bucket = self._cells.get(cell)
        if bucket is None:
            self._cells[cell] = {object_id: (x, y)}
        else:
            bucket[object_id] = (x, y)

    def remove(self, object_id: str) -> None:
        """Take an object out; KeyError when it is not in the index."""
        x, y = self._points.pop(object_id)
        size = self.cell_size
        cell = (x // size, y // size)
        bucket = self._cells[cell]
        del bucket[object_id]
        if not bucket:
            del self._cells[cell]

    def move(self, object_id: str, point: Point) -> None:
        """Move an object to a new point; KeyError when it is not in the index."""
        if object_id not in self._points:
            raise KeyError(object_id)
        x, y = point
        size = self.cell_size
        old_x, old_y = self._points[object_id]
        self._points[object_id] = (x, y)
        old_cell = (old_x // size, old_y // size)
        new_cell = (x // size, y // size)
        if old_cell == new_cell:
            self._cells[old_cell][object_id] = (x, y)
            return
        bucket = self._cells[old_cell]
        del bucket[object_id]
        if not bucket:
            del self._cells[old_cell]
        target = self._cells.get(new_cell)
        if target is None:
            self._cells[new_cell] = {object_id: (x, y)}
        else:
            target[object_id] = (x, y)

    # -------------------------------------------------------------------------------------- queries
    def in_rect(self, x0: int, y0: int, x1: int, y1: int) -> list[str]:
        """The ids of objects with x0 <= x <= x1 and y0 <= y <= y1 (either corner order), sorted."""
        if x0 > x1:
            x0, x1 = x1, x0
        if y0 > y1:
            y0, y1 = y1, y0
        size = self.cell_size
        cx0, cx1, cy0, cy1 = x0 // size, x1 // size, y0 // size, y1 // size
        found: list[str] = []
        if (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > len(self._cells):
            # A rectangle wider than the occupied map: look at each occupied cell instead.
            buckets: Iterable[dict[str, Point]] = self._cells.values()
        else:
            cells = self._cells
            buckets = [
                bucket
                for cx in range(cx0, cx1 + 1)
                for cy in range(cy0, cy1 + 1)
                if (bucket := cells.get((cx, cy))) is not None
            ]
        for bucket in buckets:
            for object_id, (x, y) in bucket.items():
                if x0 <= x <= x1 and y0 <= y <= y1:
                    found.append(object_id)
        found.sort()
        return found

    def in_radius(self, center: Point, radius: float) -> list[str]:
        """The ids of objects within Euclidean `radius` of `center` (the edge included), sorted."""
        if radius < 0:
            return []
        x, y = center
        size = self.cell_size
        reach = math.floor(radius)
        limit = radius * radius
        cx0, cx1 = (x - reach) // size, (x + reach) // size
        cy0, cy1 = (y - reach) // size, (y + reach) // size
        cells = self._cells
        found: list[str] = []
        if (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > len(cells):
            for bucket in cells.values():
                for object_id, (px, py) in bucket.items():
                    if (px - x) * (px - x) + (py - y) * (py - y) <= limit:
                        found.append(object_id)
        else:
            for cx in range(cx0, cx1 + 1):
                for cy in range(cy0, cy1 + 1):
                    near = cells.get((cx, cy))
                    if near is not None:
                        for object_id, (px, py) in near.items():
                            if (px - x) * (px - x) + (py - y) * (py - y) <= limit:
                                found.append(object_id)
        found.sort()
        return found

    def nearest(self, point: Point, k: int = 1) -> list[str]:
        """The ids of the `k` objects nearest to `point` (Euclidean), nearest first, ties by id.

        Cells are visited in square rings around the point's cell. Every object in ring d is more
        than (d - 1) * cell_size squares away, so once the k-th best distance is within that bound no
        later ring can hold a nearer object, nor an equally near one.
        """
        if k <= 0 or not self._points:
            return []
        x, y = point
        if k >= len(self._points):
            return self._closest(self._points.items(), x, y, k)
        size = self.cell_size
        cx, cy = x // size, y // size
        cells = self._cells
        candidates: list[tuple[int, str]] = []
        seen = 0
        visited_cells = 0
        ring = 0
        while True:
            if len(candidates) >= k:
                candidates.sort()
                bound = (ring - 1) * size
                if ring > 0 and bound * bound >= candidates[k - 1][0]:
                    break
            if seen == len(self._points):
                break
            if visited_cells > len(cells):
                # Sparse map, far objects: scanning every bucket is cheaper than more empty rings.
                return self._closest(self._points.items(), x, y, k)
            for cell in _ring(cx, cy, ring):
                visited_cells += 1
                bucket = cells.get(cell)
                if bucket is not None:
                    seen += len(bucket)
                    for object_id, (px, py) in bucket.items():
                        candidates.append(((px - x) * (px - x) + (py - y) * (py - y), object_id))
            ring += 1
        candidates.sort()
        return [object_id for _, object_id in candidates[:k]]

    @staticmethod
    def _closest(objects: Iterable[tuple[str, Point]], x: int, y: int, k: int) -> list[str]:
        ranked = sorted(
            ((px - x) * (px - x) + (py - y) * (py - y), object_id) for object_id, (px, py) in objects
        )
        return [object_id for _, object_id in ranked[:k]]


def _ring(cx: int, cy: int, ring: int) -> Iterator[Cell]:
    """The cells at Chebyshev distance `ring` from (cx, cy)."""
    if ring == 0:
        yield (cx, cy)
        return
    for dx in range(-ring, ring + 1):
        yield (cx + dx, cy - ring)
        yield (cx + dx, cy + ring)
    for dy in range(-ring + 1, ring):
        yield (cx - ring, cy + dy)
        yield (cx + ring, cy + dy)


def build_index(points: Mapping[str, Point] | Iterable[tuple[str, Point]]) -> SpatialIndex:
    """An index holding `points`, its cell size picked so each occupied cell holds about two objects."""
    pairs = list(points.items()) if isinstance(points, Mapping) else list(points)
    if pairs:
        xs = [point[0] for _, point in pairs]
        ys = [point[1] for _, point in pairs]
        area = (max(xs) - min(xs) + 1) * (max(ys) - min(ys) + 1)
        cell_size = max(1, round(math.sqrt(area * _OBJECTS_PER_CELL / len(pairs))))
    else:
        cell_size = 8
    index = SpatialIndex(cell_size)
    for object_id, point in pairs:
        index.insert(object_id, point)
    return index
