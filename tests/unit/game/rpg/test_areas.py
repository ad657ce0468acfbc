"""Spell areas on the grid: radius, cone and line, stopped by walls, in a stable order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.rpg.areas import area_squares
from goldbox.game.rpg.content import Area, AreaShape
from goldbox.game.rpg.level import Level
from goldbox.game.rpg.sight import line_of_sight
from goldbox.game.rpg.tiles import Tile

OPEN = Level.from_rows(["." * 11] * 11)


def test_a_radius_is_every_square_within_euclidean_reach() -> None:
    squares = area_squares(OPEN, (0, 0), (5, 5), Area(shape=AreaShape.RADIUS, size=2))
    assert len(squares) == 13  # 5 + 3 + 3 + 1 + 1: the corners at distance sqrt(8) are out
    assert (5, 3) in squares
    assert (7, 5) in squares
    assert (6, 6) in squares
    assert (7, 6) not in squares
    assert squares == sorted(squares, key=lambda p: (p[1], p[0]))


def test_walls_stop_a_radius() -> None:
    level = Level.from_rows(
        [
            ".......",
            ".......",
            "...#...",
            "...#...",
            "...#...",
            ".......",
        ]
    )
    squares = area_squares(level, (0, 0), (2, 3), Area(shape=AreaShape.RADIUS, size=2))
    assert (3, 3) not in squares  # the wall itself
    assert (4, 3) not in squares  # behind the wall
    assert (1, 3) in squares
    assert area_squares(level, (0, 0), (3, 3), Area(shape=AreaShape.RADIUS, size=2)) == []


def test_a_cone_is_a_ninety_degree_fan_toward_the_aim() -> None:
    east = area_squares(OPEN, (2, 5), (9, 5), Area(shape=AreaShape.CONE, size=3))
    assert len(east) == 3 + 5 + 7
    assert (2, 5) not in east
    assert (3, 4) in east
    assert (3, 3) not in east  # more than 45 degrees off the aim
    assert (5, 2) in east
    diagonal = area_squares(OPEN, (5, 5), (8, 2), Area(shape=AreaShape.CONE, size=2))
    assert sorted(diagonal) == sorted(
        (5 + dx, 5 - dy) for dx in range(3) for dy in range(3) if (dx, dy) != (0, 0)
    )


def test_a_line_runs_past_the_target_until_a_wall() -> None:
    level = Level.from_rows(["..........#.."])
    line = area_squares(level, (1, 0), (3, 0), Area(shape=AreaShape.LINE, size=20))
    assert line == [(x, 0) for x in range(2, 10)]
    short = area_squares(OPEN, (0, 0), (10, 10), Area(shape=AreaShape.LINE, size=4))
    assert short == [(1, 1), (2, 2), (3, 3), (4, 4)]


def test_a_cone_or_line_aimed_at_the_caster_covers_nothing() -> None:
    assert area_squares(OPEN, (4, 4), (4, 4), Area(shape=AreaShape.CONE, size=3)) == []
    assert area_squares(OPEN, (4, 4), (4, 4), Area(shape=AreaShape.LINE, size=3)) == []


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), max_size=20),
    st.tuples(st.integers(0, 10), st.integers(0, 10)),
    st.tuples(st.integers(0, 10), st.integers(0, 10)),
    st.sampled_from(list(AreaShape)),
    st.integers(1, 5),
)
def test_every_area_square_is_open_reachable_and_listed_once(
    walls: list[tuple[int, int]],
    origin: tuple[int, int],
    target: tuple[int, int],
    shape: AreaShape,
    size: int,
) -> None:
    level = OPEN
    for wall in walls:
        if wall not in (origin, target):
            level = level.with_tile(wall, Tile.WALL)
    squares = area_squares(level, origin, target, Area(shape=shape, size=size))
    assert squares == sorted(set(squares), key=lambda p: (p[1], p[0]))
    assert squares == area_squares(level, origin, target, Area(shape=shape, size=size))
    for square in squares:
        assert level.walkable(square)
        if shape is AreaShape.RADIUS:
            assert (square[0] - target[0]) ** 2 + (square[1] - target[1]) ** 2 <= size * size
            assert line_of_sight(level, target, square)
        else:
            assert square != origin
            assert max(abs(square[0] - origin[0]), abs(square[1] - origin[1])) <= size
