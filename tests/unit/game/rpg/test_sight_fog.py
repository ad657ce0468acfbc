"""Fog of war: `reveal` skips the squares already explored, and must still explore exactly what the
viewers' fields of view hold (it traces no line to a known square, so this is checked against
`field_of_view` on maps with walls, doors and trees, after any earlier exploration).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.level import Level, Point
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.sight import field_of_view, reveal

_GLYPHS = st.sampled_from(list("....#+L'S~♣"))


@st.composite
def fogged_scenes(draw: st.DrawFn) -> tuple[Scene, list[Point], int]:
    """A random map, one to three party members on it, some squares explored already, a radius."""
    width = draw(st.integers(1, 16))
    height = draw(st.integers(1, 16))
    rows = ["".join(draw(st.lists(_GLYPHS, min_size=width, max_size=width))) for _ in range(height)]
    scene = Scene(Level.from_rows(rows))
    square = st.tuples(st.integers(0, width - 1), st.integers(0, height - 1))
    viewers = draw(st.lists(square, min_size=1, max_size=3, unique=True))
    for number, point in enumerate(viewers):
        cid = f"pc-{number}"
        scene.creatures[cid] = Creature(
            id=cid, name=cid, side=Side.PARTY, abilities=Abilities(), hp=5, max_hp=5, position=point
        )
    scene.explored = set(draw(st.lists(square, max_size=width * height)))
    return scene, viewers, draw(st.integers(0, 12))


@settings(max_examples=300)
@given(fogged_scenes())
def test_reveal_explores_exactly_the_unknown_squares_in_view(case: tuple[Scene, list[Point], int]) -> None:
    scene, viewers, radius = case
    known = set(scene.explored)
    in_view = set().union(*(field_of_view(scene.level, point, radius) for point in viewers))
    fresh = reveal(scene, Side.PARTY, radius)
    assert set(fresh) == in_view - known
    assert len(fresh) == len(set(fresh))
    assert fresh == sorted(fresh, key=lambda point: (point[1], point[0]))
    assert scene.explored == known | in_view


def test_a_second_look_from_a_step_away_finds_only_what_the_step_shows() -> None:
    level = Level.from_rows(["#######", "#.....#", "#.###.#", "#.....#", "#######"])
    scene = Scene(level)
    scene.creatures["pc"] = Creature(
        id="pc", name="pc", side=Side.PARTY, abilities=Abilities(), hp=5, max_hp=5, position=(1, 1)
    )
    first = set(reveal(scene, Side.PARTY, 3))
    scene.creatures["pc"].position = (1, 2)
    second = set(reveal(scene, Side.PARTY, 3))
    assert first == set(field_of_view(level, (1, 1), 3))
    assert second == set(field_of_view(level, (1, 2), 3)) - first
    assert second
