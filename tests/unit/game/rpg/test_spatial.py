"""The spatial index answers exactly what a brute-force scan of every object answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.rpg.level import Point
from goldbox.game.rpg.spatial import SpatialIndex, build_index


def brute_rect(objects: dict[str, Point], x0: int, y0: int, x1: int, y1: int) -> list[str]:
    lo_x, hi_x = min(x0, x1), max(x0, x1)
    lo_y, hi_y = min(y0, y1), max(y0, y1)
    return sorted(i for i, (x, y) in objects.items() if lo_x <= x <= hi_x and lo_y <= y <= hi_y)


def brute_radius(objects: dict[str, Point], center: Point, radius: float) -> list[str]:
    if radius < 0:
        return []  # a negative radius holds nothing
    cx, cy = center
    return sorted(i for i, (x, y) in objects.items() if (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius)


def brute_nearest(objects: dict[str, Point], point: Point, k: int) -> list[str]:
    px, py = point
    ranked = sorted(((x - px) ** 2 + (y - py) ** 2, i) for i, (x, y) in objects.items())
    return [i for _, i in ranked[: max(k, 0)]]


def test_queries_on_a_small_map() -> None:
    index = build_index({"a": (0, 0), "b": (3, 4), "c": (10, 0), "d": (-2, -2)})
    assert index.in_rect(0, 0, 5, 5) == ["a", "b"]
    assert index.in_rect(5, 5, 0, 0) == ["a", "b"]  # corners in either order
    assert index.in_radius((0, 0), 5) == ["a", "b", "d"]  # (3, 4) is exactly 5 away: included
    assert index.in_radius((0, 0), 4.99) == ["a", "d"]
    assert index.nearest((9, 0), 2) == ["c", "b"]
    assert index.nearest((0, 0), 10) == ["a", "d", "b", "c"]


def test_nearest_breaks_ties_by_id() -> None:
    index = SpatialIndex(cell_size=2)
    for object_id, point in [("z", (1, 0)), ("m", (-1, 0)), ("a", (0, 1)), ("q", (0, -1)), ("far", (9, 9))]:
        index.insert(object_id, point)
    assert index.nearest((0, 0), 1) == ["a"]
    assert index.nearest((0, 0), 3) == ["a", "m", "q"]


def test_nearest_looks_past_the_cell_it_starts_in() -> None:
    index = SpatialIndex(cell_size=10)
    index.insert("same_cell", (0, 0))  # 9 away, in the query's own cell
    index.insert("next_cell", (10, 0))  # 1 away, across the cell border
    index.insert("two_rings", (25, 1))
    assert index.nearest((9, 0), 1) == ["next_cell"]
    assert index.nearest((9, 0), 2) == ["next_cell", "same_cell"]
    assert index.nearest((13, 0), 1) == ["next_cell"]
    assert index.nearest((20, 1), 1) == ["two_rings"]


def test_insert_move_remove() -> None:
    index = SpatialIndex(cell_size=4)
    index.insert("orc", (1, 1))
    index.insert("elf", (2, 2))
    index.move("orc", (20, 20))
    assert index.position("orc") == (20, 20)
    assert index.in_radius((1, 1), 2) == ["elf"]
    assert index.in_radius((20, 20), 0) == ["orc"]
    index.remove("elf")
    assert "elf" not in index
    assert len(index) == 1
    assert list(index) == ["orc"]
    assert index.items() == [("orc", (20, 20))]


def test_misuse_is_refused() -> None:
    index = SpatialIndex()
    index.insert("orc", (1, 1))
    with pytest.raises(ValueError, match="already"):
        index.insert("orc", (2, 2))
    with pytest.raises(KeyError):
        index.move("elf", (0, 0))
    with pytest.raises(KeyError):
        index.remove("elf")
    with pytest.raises(ValueError, match="cell size"):
        SpatialIndex(cell_size=0)


def test_empty_index_and_degenerate_queries() -> None:
    index = build_index([])
    assert index.nearest((0, 0), 3) == []
    assert index.in_rect(-5, -5, 5, 5) == []
    filled = build_index([("a", (0, 0))])
    assert filled.nearest((0, 0), 0) == []
    assert filled.in_radius((0, 0), -1) == []


def test_build_index_picks_a_cell_size_for_the_density() -> None:
    dense = build_index({f"o{i}": (i % 10, i // 10) for i in range(100)})
    sparse = build_index({f"o{i}": (i * 100, 0) for i in range(10)})
    assert dense.cell_size < sparse.cell_size


# ------------------------------------------------------------------------------------------ properties
coordinate = st.integers(-40, 40)
point = st.tuples(coordinate, coordinate)
ids = st.sampled_from([f"o{n}" for n in range(30)])

operation = st.one_of(
    st.tuples(st.just("insert"), ids, point),
    st.tuples(st.just("move"), ids, point),
    st.tuples(st.just("remove"), ids, point),
)


def apply(index: SpatialIndex, objects: dict[str, Point], ops: list[tuple[str, str, Point]]) -> None:
    """Apply each operation to the index and to a plain dict, skipping those that do not apply."""
    for kind, object_id, where in ops:
        if kind == "insert" and object_id not in objects:
            index.insert(object_id, where)
            objects[object_id] = where
        elif kind == "move" and object_id in objects:
            index.move(object_id, where)
            objects[object_id] = where
        elif kind == "remove" and object_id in objects:
            index.remove(object_id)
            del objects[object_id]


@settings(max_examples=200)
@given(
    st.integers(1, 12),
    st.lists(operation, max_size=60),
    st.lists(st.tuples(coordinate, coordinate, coordinate, coordinate), min_size=1, max_size=5),
)
def test_in_rect_equals_brute_force(
    cell_size: int, ops: list[tuple[str, str, Point]], rects: list[tuple[int, int, int, int]]
) -> None:
    index = SpatialIndex(cell_size)
    objects: dict[str, Point] = {}
    apply(index, objects, ops)
    for rect in rects:
        assert index.in_rect(*rect) == brute_rect(objects, *rect)
    assert index.items() == sorted(objects.items())


@settings(max_examples=200)
@given(
    st.integers(1, 12),
    st.lists(operation, max_size=60),
    st.lists(st.tuples(point, st.floats(-1, 90, allow_nan=False)), min_size=1, max_size=5),
)
def test_in_radius_equals_brute_force(
    cell_size: int, ops: list[tuple[str, str, Point]], queries: list[tuple[Point, float]]
) -> None:
    index = SpatialIndex(cell_size)
    objects: dict[str, Point] = {}
    apply(index, objects, ops)
    for center, radius in queries:
        assert index.in_radius(center, radius) == brute_radius(objects, center, radius)
        assert index.in_radius(center, int(radius)) == brute_radius(objects, center, int(radius))


@settings(max_examples=200)
@given(
    st.integers(1, 12),
    st.lists(operation, max_size=60),
    st.lists(
        st.tuples(st.tuples(st.integers(-200, 200), st.integers(-200, 200)), st.integers(0, 35)), max_size=5
    ),
)
def test_nearest_equals_brute_force(
    cell_size: int, ops: list[tuple[str, str, Point]], queries: list[tuple[Point, int]]
) -> None:
    index = SpatialIndex(cell_size)
    objects: dict[str, Point] = {}
    apply(index, objects, ops)
    for where, k in queries:
        assert index.nearest(where, k) == brute_nearest(objects, where, k)


@settings(max_examples=50)
@given(st.dictionaries(ids, point, max_size=30), point, st.integers(0, 30))
def test_build_index_equals_brute_force(objects: dict[str, Point], where: Point, radius: int) -> None:
    index = build_index(objects)
    assert index.in_radius(where, radius) == brute_radius(objects, where, radius)
    assert index.nearest(where, 4) == brute_nearest(objects, where, 4)
