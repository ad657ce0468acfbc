"""The shortcuts the AI takes for speed give the same answers as the plain rules they stand for:
one member's target from a partial plan equals its target in the whole group plan, the set of
threatened squares holds exactly the squares `threatened` says yes to, and the flood of walkable
squares matches one written with the movement rules' own tests.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.content.loader import load_content
from goldbox.game.rng import Rng
from goldbox.game.rpg import movement
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.level import DIRECTIONS, Level, Point
from goldbox.game.rpg.monsters import spawn_monster
from goldbox.game.rpg.rules import Adventure
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.tactics import (
    assignment_for,
    blocked_for,
    enemies,
    members,
    plan_group,
    threatened,
    threatened_squares,
    walkable_squares,
)

CONTENT: Content = load_content()
MONSTERS = ("orc", "goblin", "goblin_archer", "orc_shaman", "kobold", "ogre")
CLASSES = ("fighter", "cleric", "mage", "thief")


@st.composite
def battlefields(draw: st.DrawFn) -> Adventure:
    """Heroes and monsters scattered over an open field, some of them wounded."""
    scene = Scene(Level.from_rows(["." * 14] * 10))
    square = st.tuples(st.integers(0, 13), st.integers(0, 9))
    places = draw(st.lists(square, min_size=2, max_size=10, unique=True))
    split = draw(st.integers(1, len(places) - 1))
    for number, point in enumerate(places[:split]):
        hp = draw(st.integers(1, 12))
        scene.creatures[f"pc-{number}"] = Creature(
            id=f"pc-{number}",
            name=f"Hero {number}",
            side=Side.PARTY,
            abilities=Abilities(),
            hp=hp,
            max_hp=12,
            race="human",
            class_id=draw(st.sampled_from(CLASSES)),
            position=point,
        )
    for number, point in enumerate(places[split:]):
        creature = spawn_monster(scene, draw(st.sampled_from(MONSTERS)), point, CONTENT, Rng(number))
        creature.hp = draw(st.integers(1, max(creature.hp, 1)))
    return Adventure(scene)


@settings(max_examples=150, deadline=None)
@given(battlefields())
def test_a_members_target_is_the_one_the_whole_plan_gives_it(adventure: Adventure) -> None:
    for side in (Side.PARTY, Side.MONSTERS):
        plan = plan_group(adventure, side, CONTENT, Rng(0))
        team = members(adventure, side)
        foes = enemies(adventure, side)
        for member in team:
            assert assignment_for(adventure, member.id, team, foes, CONTENT) == plan.target_of(member.id)


@settings(max_examples=200)
@given(
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=5, unique=True),
    st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_threatened_squares_are_exactly_the_threatened_ones(spots: list[Point], held: list[bool]) -> None:
    foes = []
    for number, point in enumerate(spots):
        held_fast = [ActiveEffect("hold", "spell", 3)] if held[number] else []
        foes.append(
            Creature(
                id=f"m-{number}",
                name="Orc",
                side=Side.MONSTERS,
                abilities=Abilities(),
                hp=5,
                max_hp=5,
                position=point,
                effects=held_fast,
            )
        )
    danger = threatened_squares(foes)
    for x in range(-1, 11):
        for y in range(-1, 11):
            assert ((x, y) in danger) == threatened((x, y), foes)


def _flood(level: Level, start: Point, blocked: frozenset[Point], steps: int) -> dict[Point, int]:
    """The flood `walkable_squares` does, written plainly with the movement rules' own tests."""
    found = {start: 0}
    frontier = [start]
    for spent in range(1, steps + 1):
        fresh = []
        for here in frontier:
            for dx, dy in DIRECTIONS.values():
                there = (here[0] + dx, here[1] + dy)
                if there in found or there in blocked or not level.walkable(there):
                    continue
                if movement.cuts_corner(level, here, there):
                    continue
                found[there] = spent
                fresh.append(there)
        frontier = fresh
    return found


@settings(max_examples=200)
@given(
    st.lists(st.text(alphabet="...#L^~xT", min_size=9, max_size=9), min_size=1, max_size=9),
    st.tuples(st.integers(0, 8), st.integers(0, 8)),
    st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=4, unique=True),
    st.integers(0, 6),
)
def test_walkable_squares_floods_like_the_movement_rules(
    rows: list[str], start: Point, others: list[Point], steps: int
) -> None:
    scene = Scene(Level.from_rows(rows))
    if not scene.level.contains(start):
        return
    walker = Creature(
        id="walker", name="W", side=Side.PARTY, abilities=Abilities(), hp=5, max_hp=5, position=start
    )
    scene.creatures["walker"] = walker
    for number, point in enumerate(others):
        if point != start:
            scene.creatures[f"o-{number}"] = Creature(
                id=f"o-{number}",
                name="O",
                side=Side.MONSTERS,
                abilities=Abilities(),
                hp=5,
                max_hp=5,
                position=point,
            )
    expected = _flood(scene.level, start, blocked_for(scene, "walker"), steps)
    assert walkable_squares(scene, walker, steps) == expected
