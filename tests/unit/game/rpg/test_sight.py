"""Line of sight, field of view, fog of war and who sees whom."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.level import Level, Point
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.sight import field_of_view, line_of_sight, line_of_sight_many, reveal, visible_to
from goldbox.game.rpg.tiles import Tile, blocks_sight

ROOM = Level.from_rows(
    [
        "##########",
        "#........#",
        "#........#",
        "#...#....#",
        "#........#",
        "##########",
    ]
)


def creature(cid: str, side: Side, at: Point | None, **kwargs: Any) -> Creature:
    return Creature(
        id=cid, name=cid.title(), side=side, abilities=Abilities(), hp=8, max_hp=8, position=at, **kwargs
    )


def test_open_room_sees_across() -> None:
    assert line_of_sight(ROOM, (1, 1), (8, 4))


def test_a_wall_between_blocks_sight() -> None:
    assert not line_of_sight(ROOM, (2, 3), (7, 3))
    assert not line_of_sight(ROOM, (7, 3), (2, 3))


def test_end_squares_never_block() -> None:
    # Both ends are walls; the squares between are open.
    level = Level.from_rows(["#...#"])
    assert line_of_sight(level, (0, 0), (4, 0))


def test_a_square_sees_itself_and_its_neighbours() -> None:
    assert line_of_sight(ROOM, (1, 1), (1, 1))
    assert line_of_sight(ROOM, (3, 3), (4, 3))  # a wall next to you is seen


def test_outside_the_level_is_never_seen() -> None:
    assert not line_of_sight(ROOM, (1, 1), (20, 1))
    assert not line_of_sight(ROOM, (-1, 1), (1, 1))


def test_doors_and_trees_block_until_open() -> None:
    for blocker in ("+", "L", "S", "♣", "#"):
        level = Level.from_rows([f"..{blocker}.."])
        assert not line_of_sight(level, (0, 0), (4, 0)), blocker
    for see_through in ("'", "~", "^", "O", "T", ",", "<", ">"):
        level = Level.from_rows([f"..{see_through}.."])
        assert line_of_sight(level, (0, 0), (4, 0)), see_through


def test_line_of_sight_many_matches_one_by_one() -> None:
    targets = [(8, 4), (7, 3), (20, 20), (1, 1)]
    assert line_of_sight_many(ROOM, (2, 3), targets) == [line_of_sight(ROOM, (2, 3), t) for t in targets]


def test_field_of_view_hides_what_is_behind_a_pillar() -> None:
    seen = field_of_view(ROOM, (2, 3), 10)
    assert (4, 3) in seen  # the pillar itself
    assert (7, 3) not in seen  # straight behind it
    assert (1, 1) in seen
    assert (8, 1) in seen


def test_field_of_view_includes_the_walls_that_bound_it() -> None:
    corridor = Level.from_rows(["#" * 20, "." * 20, "#" * 20])
    seen = field_of_view(corridor, (0, 1), 30)
    assert {(x, 1) for x in range(20)} <= seen
    # every wall along the corridor is seen, even where a straight line grazes other wall squares
    assert {(x, 0) for x in range(20)} <= seen
    assert {(x, 2) for x in range(20)} <= seen


def test_field_of_view_is_a_euclidean_disc() -> None:
    open_field = Level.filled(21, 21, Tile.FLOOR)
    seen = field_of_view(open_field, (10, 10), 3)
    expected = {(x, y) for x in range(21) for y in range(21) if (x - 10) ** 2 + (y - 10) ** 2 <= 9}
    assert seen == expected


def test_field_of_view_of_a_point_outside_is_empty() -> None:
    assert field_of_view(ROOM, (50, 50), 5) == frozenset()


def test_reveal_adds_what_the_active_party_sees() -> None:
    scene = Scene(level=ROOM)
    scene.creatures["ann"] = creature("ann", Side.PARTY, (2, 3))
    scene.creatures["orc"] = creature("orc", Side.MONSTERS, (8, 1))
    fresh = reveal(scene, Side.PARTY)
    assert set(fresh) == set(field_of_view(ROOM, (2, 3), 10))
    assert fresh == sorted(fresh, key=lambda p: (p[1], p[0]))
    assert scene.explored == set(fresh)
    assert (7, 3) not in scene.explored
    assert reveal(scene, Side.PARTY) == []  # nothing new the second time


def test_reveal_ignores_the_fallen_and_takes_named_creatures() -> None:
    scene = Scene(level=ROOM)
    scene.creatures["ann"] = creature("ann", Side.PARTY, (2, 3), status=Status.UNCONSCIOUS)
    scene.creatures["bob"] = creature("bob", Side.PARTY, (8, 3))
    reveal(scene, ["ann"])
    assert scene.explored == set()
    reveal(scene, ["bob", "nobody"])
    assert scene.explored == set(field_of_view(ROOM, (8, 3), 10))


def test_visible_to_sees_own_side_always_and_others_in_sight() -> None:
    scene = Scene(level=ROOM)
    scene.creatures["ann"] = creature("ann", Side.PARTY, (2, 3))
    scene.creatures["bob"] = creature("bob", Side.PARTY, (7, 3))  # behind the pillar: still known
    scene.creatures["orc"] = creature("orc", Side.MONSTERS, (8, 1))
    scene.creatures["hidden"] = creature("hidden", Side.MONSTERS, (6, 3))  # behind the pillar
    scene.creatures["ghost"] = creature(
        "ghost", Side.MONSTERS, (3, 1), effects=[ActiveEffect("invisibility", "spell", 10)]
    )
    assert visible_to(scene, "ann") == {"ann", "bob", "orc"}
    assert visible_to(scene, "orc") == {"orc", "hidden", "ghost", "ann", "bob"}
    assert visible_to(scene, "ann", radius=3) == {"ann", "bob"}


def test_an_expired_invisibility_hides_nothing() -> None:
    scene = Scene(level=ROOM)
    scene.creatures["ann"] = creature("ann", Side.PARTY, (2, 3))
    scene.creatures["ghost"] = creature(
        "ghost", Side.MONSTERS, (3, 1), effects=[ActiveEffect("invisibility", "spell", 0)]
    )
    assert "ghost" in visible_to(scene, "ann")


def test_a_creature_off_the_map_sees_only_its_side() -> None:
    scene = Scene(level=ROOM)
    scene.creatures["ann"] = creature("ann", Side.PARTY, None)
    scene.creatures["orc"] = creature("orc", Side.MONSTERS, (3, 1))
    assert visible_to(scene, "ann") == {"ann"}


# ------------------------------------------------------------------------------------------ properties
_GLYPHS = st.sampled_from(list(".....#+L'S~♣"))


@st.composite
def levels(draw: st.DrawFn) -> Level:
    width = draw(st.integers(1, 12))
    height = draw(st.integers(1, 12))
    rows = ["".join(draw(st.lists(_GLYPHS, min_size=width, max_size=width))) for _ in range(height)]
    return Level.from_rows(rows)


@st.composite
def level_and_points(draw: st.DrawFn) -> tuple[Level, Point, Point]:
    level = draw(levels())
    point = st.tuples(st.integers(0, level.width - 1), st.integers(0, level.height - 1))
    return level, draw(point), draw(point)


@settings(max_examples=300)
@given(level_and_points())
def test_line_of_sight_is_symmetric(case: tuple[Level, Point, Point]) -> None:
    level, a, b = case
    assert line_of_sight(level, a, b) == line_of_sight(level, b, a)


@settings(max_examples=100)
@given(level_and_points(), st.integers(0, 8))
def test_field_of_view_agrees_with_line_of_sight_on_open_squares(
    case: tuple[Level, Point, Point], radius: int
) -> None:
    level, origin, _ = case
    seen = field_of_view(level, origin, radius)
    for y in range(level.height):
        for x in range(level.width):
            within = (x - origin[0]) ** 2 + (y - origin[1]) ** 2 <= radius * radius
            in_sight = within and line_of_sight(level, origin, (x, y))
            if in_sight:
                assert (x, y) in seen
            elif not blocks_sight(level.tile_at((x, y))):
                assert (x, y) not in seen
            if (x, y) in seen:
                assert within
