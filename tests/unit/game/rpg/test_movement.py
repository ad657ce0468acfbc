"""Movement: steps, corners, creatures in the way, hazards, paths, doors and secret doors."""

from __future__ import annotations

import copy
from collections import deque
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.content import Content, ItemDef, ItemKind, MonsterAbility, MonsterAttack, MonsterDef
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import DIRECTIONS, Level, Point, adjacent, distance
from goldbox.game.rpg.movement import (
    close_door,
    move_creature,
    occupied,
    open_door,
    path,
    path_next_to,
    search_for_secret_doors,
    step,
    step_cost,
    unlock_door,
)
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.sight import field_of_view
from goldbox.game.rpg.tiles import Tile

ROOM = [
    "#########",
    "#.......#",
    "#.......#",
    "#..#....#",
    "#.......#",
    "#########",
]


def creature(cid: str, at: Point | None, side: Side = Side.PARTY, **kwargs: Any) -> Creature:
    fields: dict[str, Any] = {"hp": 8, "max_hp": 8, "class_id": "fighter" if side is Side.PARTY else None}
    fields.update(kwargs)
    return Creature(id=cid, name=cid.title(), side=side, abilities=Abilities(), position=at, **fields)


def scene_of(rows: list[str], *creatures: Creature) -> Scene:
    return Scene(level=Level.from_rows(rows), creatures={c.id: c for c in creatures})


def refused(code: str, action: Any, scene: Scene, *args: Any) -> RuleError:
    """Run an action that must be refused, and check it changed nothing."""
    before = copy.deepcopy(scene)
    with pytest.raises(RuleError) as caught:
        action(scene, *args)
    assert caught.value.code == code
    assert scene == before
    return caught.value


# -------------------------------------------------------------------------------------------- geometry
def test_distance_and_adjacency_are_chebyshev() -> None:
    assert distance((0, 0), (3, 2)) == 3
    assert distance((2, 2), (2, 2)) == 0
    assert adjacent((1, 1), (2, 2))
    assert adjacent((1, 1), (1, 0))
    assert not adjacent((1, 1), (1, 1))
    assert not adjacent((1, 1), (3, 1))


def test_every_step_costs_one_square() -> None:
    assert step_cost((1, 1), (2, 2)) == 1
    assert step_cost((1, 1), (1, 2)) == 1
    with pytest.raises(RuleError) as caught:
        step_cost((1, 1), (3, 3))
    assert caught.value.code == "MOVE_NOT_ADJACENT"


# ---------------------------------------------------------------------------------------------- steps
def test_a_step_moves_the_creature_and_says_so() -> None:
    scene = scene_of(ROOM, creature("ann", (1, 1)))
    events = move_creature(scene, "ann", "se", Rng(1))
    assert scene.creatures["ann"].position == (2, 2)
    assert events[0].type == "creature.moved"
    assert events[0].data == {"creature": "ann", "from": [1, 1], "to": [2, 2]}


def test_walls_water_trees_and_closed_doors_block() -> None:
    for glyph in "#~♣+LS":
        scene = scene_of([f".{glyph}."], creature("ann", (0, 0)))
        error = refused("MOVE_BLOCKED", move_creature, scene, "ann", "e", Rng(1))
        assert error.details["tile"] != "door_secret"  # a secret door passes for a wall


def test_the_edge_of_the_map() -> None:
    scene = scene_of(["..", ".."], creature("ann", (0, 0)))
    refused("MOVE_OUT_OF_BOUNDS", move_creature, scene, "ann", "w", Rng(1))
    refused("MOVE_OUT_OF_BOUNDS", move_creature, scene, "ann", "n", Rng(1))


def test_a_creature_in_the_way() -> None:
    scene = scene_of(ROOM, creature("ann", (1, 1)), creature("orc", (2, 1), Side.MONSTERS))
    error = refused("MOVE_OCCUPIED", move_creature, scene, "ann", "e", Rng(1))
    assert error.details["creature"] == "orc"


def test_the_dead_are_not_in_the_way() -> None:
    scene = scene_of(
        ROOM, creature("ann", (1, 1)), creature("orc", (2, 1), Side.MONSTERS, status=Status.DEAD)
    )
    move_creature(scene, "ann", "e", Rng(1))
    assert scene.creatures["ann"].position == (2, 1)
    assert occupied(scene) == frozenset({(2, 1)})


def test_no_squeezing_between_two_walls_diagonally() -> None:
    rows = ["#.", ".#"]
    scene = scene_of(rows, creature("ann", (0, 1)))
    error = refused("MOVE_BLOCKED", move_creature, scene, "ann", "ne", Rng(1))
    assert error.details["tile"] == "corner"


def test_a_diagonal_past_one_wall_is_allowed() -> None:
    scene = scene_of(["..", ".#"], creature("ann", (0, 1)))
    move_creature(scene, "ann", "ne", Rng(1))
    assert scene.creatures["ann"].position == (1, 0)


def test_steps_must_be_to_a_neighbouring_square() -> None:
    scene = scene_of(ROOM, creature("ann", (1, 1)))
    refused("MOVE_NOT_ADJACENT", step, scene, "ann", (3, 1), Rng(1))
    refused("MOVE_NOT_ADJACENT", step, scene, "ann", (1, 1), Rng(1))


def test_unknown_direction_and_creature() -> None:
    scene = scene_of(ROOM, creature("ann", (1, 1)))
    refused("MOVE_BAD_DIRECTION", move_creature, scene, "ann", "up", Rng(1))
    refused("CREATURE_NOT_FOUND", move_creature, scene, "bob", "e", Rng(1))


def test_creatures_that_cannot_act_do_not_move() -> None:
    scene = scene_of(
        ROOM,
        creature("ann", (1, 1), status=Status.UNCONSCIOUS),
        creature("bob", (1, 2), effects=[ActiveEffect("sleep", "sleep", 5)]),
        creature("cid", (1, 3), effects=[ActiveEffect("entangled", "web", 5)]),
        creature("dan", None),
    )
    refused("CREATURE_CANNOT_ACT", move_creature, scene, "ann", "e", Rng(1))
    refused("CREATURE_HELPLESS", move_creature, scene, "bob", "e", Rng(1))
    refused("MOVE_IMMOBILE", move_creature, scene, "cid", "e", Rng(1))
    refused("CREATURE_NOT_ON_MAP", move_creature, scene, "dan", "e", Rng(1))


# -------------------------------------------------------------------------------------------- hazards
def test_a_trap_springs_once_and_is_gone() -> None:
    scene = scene_of(["..T.."], creature("ann", (1, 0), hp=20, max_hp=20))
    events = move_creature(scene, "ann", "e", Rng(3))
    types = [event.type for event in events]
    assert types[:3] == ["creature.moved", "trap.sprung", "creature.damaged"]
    damage = events[2].data["amount"]
    assert 1 <= damage <= 6
    assert scene.creatures["ann"].hp == 20 - damage
    assert scene.level.tile_at((2, 0)) is Tile.FLOOR
    move_creature(scene, "ann", "w", Rng(3))
    again = move_creature(scene, "ann", "e", Rng(3))
    assert "trap.sprung" not in [event.type for event in again]


def test_lava_burns_for_two_dice() -> None:
    amounts = set()
    for seed in range(40):
        scene = scene_of([".^"], creature("ann", (0, 0), hp=50, max_hp=50))
        events = move_creature(scene, "ann", "e", Rng(seed))
        assert events[1].data == {"creature": "ann", "at": [1, 0], "hazard": "lava"}
        burn = events[2]
        assert burn.type == "creature.damaged"
        assert burn.data["damage_type"] == "fire"
        amounts.add(burn.data["amount"])
        assert scene.level.tile_at((1, 0)) is Tile.LAVA  # lava stays
    assert min(amounts) >= 2
    assert max(amounts) <= 12
    assert max(amounts) > 6  # more than one die


def test_a_pit_hurts_one_die() -> None:
    amounts = set()
    for seed in range(30):
        scene = scene_of([".O"], creature("ann", (0, 0), hp=50, max_hp=50))
        events = move_creature(scene, "ann", "e", Rng(seed))
        amounts.add(next(e for e in events if e.type == "creature.damaged").data["amount"])
    assert amounts <= set(range(1, 7))
    assert len(amounts) > 1


def test_a_monster_dies_in_lava_and_leaves_the_map() -> None:
    scene = scene_of([".^"], creature("orc", (0, 0), Side.MONSTERS, hp=1, max_hp=1, monster="orc"))
    events = move_creature(scene, "orc", "e", Rng(1))
    died = events[-1]
    assert died.type == "creature.died"
    assert died.data == {"creature": "orc", "monster": "orc", "killer": "lava"}
    assert scene.creatures["orc"].status is Status.DEAD
    assert scene.creatures["orc"].position is None


def test_a_fire_immune_monster_wades_through_lava() -> None:
    salamander = MonsterDef(
        id="salamander",
        name="Salamander",
        ac=5,
        thac0=15,
        hit_dice=4,
        movement=9,
        morale=12,
        xp=100,
        attacks=[MonsterAttack(name="bite", damage="1d6")],
        abilities=[MonsterAbility(type="immunity", immune_to=["fire"])],
    )
    content = Content(monsters={"salamander": salamander})
    scene = scene_of([".^"], creature("sal", (0, 0), Side.MONSTERS, hp=1, max_hp=1, monster="salamander"))
    events = move_creature(scene, "sal", "e", Rng(1), content)
    assert [e.type for e in events] == ["creature.moved", "hazard.entered", "damage.ignored"]
    assert scene.creatures["sal"].hp == 1


def test_a_character_at_zero_falls_unconscious() -> None:
    scene = scene_of([".^"], creature("ann", (0, 0), hp=2, max_hp=8))
    events = move_creature(scene, "ann", "e", Rng(1))
    assert scene.creatures["ann"].status is Status.UNCONSCIOUS
    assert scene.creatures["ann"].position == (1, 0)
    assert "creature.unconscious" in [event.type for event in events]


# ----------------------------------------------------------------------------------------- fog of war
def test_a_party_step_lifts_the_fog() -> None:
    scene = scene_of(ROOM, creature("ann", (1, 1)))
    events = move_creature(scene, "ann", "e", Rng(1))
    assert scene.explored == set(field_of_view(scene.level, (2, 1), 10))
    fog = events[-1]
    assert fog.type == "fog.revealed"
    assert [2, 1] in fog.data["squares"]


def test_a_monster_step_lifts_no_fog() -> None:
    scene = scene_of(ROOM, creature("orc", (1, 1), Side.MONSTERS))
    events = move_creature(scene, "orc", "e", Rng(1))
    assert scene.explored == set()
    assert [event.type for event in events] == ["creature.moved"]


# ----------------------------------------------------------------------------------------------- paths
MAZE = Level.from_rows(
    [
        "##########",
        "#....#...#",
        "#.##.#.#.#",
        "#.#..#.#.#",
        "#.#.##.#.#",
        "#......#.#",
        "##########",
    ]
)


def test_path_goes_around_walls() -> None:
    route = path(MAZE, (1, 1), (8, 5))
    assert route is not None
    assert route[-1] == (8, 5)
    assert len(route) == bfs_distance(MAZE, (1, 1), (8, 5), frozenset())
    assert_walkable(MAZE, (1, 1), route, frozenset())


def test_path_to_itself_is_empty_and_to_a_wall_is_none() -> None:
    assert path(MAZE, (1, 1), (1, 1)) == []
    assert path(MAZE, (1, 1), (0, 0)) is None


def test_path_respects_its_budget() -> None:
    needed = bfs_distance(MAZE, (1, 1), (8, 5), frozenset())
    assert needed is not None
    assert path(MAZE, (1, 1), (8, 5), max_cost=needed - 1) is None
    route = path(MAZE, (1, 1), (8, 5), max_cost=needed)
    assert route is not None
    assert len(route) == needed


def test_path_avoids_blocked_squares() -> None:
    corridor = Level.from_rows(["#####", "#...#", "#####"])
    assert path(corridor, (1, 1), (3, 1), blocked=frozenset({(2, 1)})) is None
    assert path(corridor, (1, 1), (3, 1), blocked=frozenset({(3, 1)})) is None


def test_path_does_not_cut_corners() -> None:
    level = Level.from_rows(["#.", ".#"])
    assert path(level, (0, 1), (1, 0)) is None


def test_path_is_deterministic() -> None:
    open_field = Level.filled(12, 12, Tile.FLOOR)
    first = path(open_field, (0, 0), (11, 5))
    assert first == path(open_field, (0, 0), (11, 5))
    assert first is not None
    assert len(first) == 11


def test_path_next_to_stops_beside_the_target() -> None:
    scene_level = Level.from_rows(["#######", "#.....#", "#######"])
    route = path_next_to(scene_level, (1, 1), (5, 1), blocked=frozenset({(5, 1)}))
    assert route == [(2, 1), (3, 1), (4, 1)]
    assert path_next_to(scene_level, (4, 1), (5, 1)) == []
    assert path_next_to(scene_level, (1, 1), (5, 1), max_cost=2) is None


def bfs_distance(level: Level, start: Point, goal: Point, blocked: frozenset[Point]) -> int | None:
    """Steps on the shortest walk, by breadth-first search: the reference for A*."""
    seen = {start: 0}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        if here == goal:
            return seen[here]
        for dx, dy in DIRECTIONS.values():
            there = (here[0] + dx, here[1] + dy)
            if there in seen or there in blocked or not level.walkable(there):
                continue
            if (
                dx
                and dy
                and not level.walkable((here[0] + dx, here[1]))
                and not level.walkable((here[0], here[1] + dy))
            ):
                continue
            seen[there] = seen[here] + 1
            queue.append(there)
    return None


def assert_walkable(level: Level, start: Point, route: list[Point], blocked: frozenset[Point]) -> None:
    here = start
    for there in route:
        assert adjacent(here, there)
        assert level.walkable(there)
        assert there not in blocked
        if here[0] != there[0] and here[1] != there[1]:
            assert level.walkable((there[0], here[1])) or level.walkable((here[0], there[1]))
        here = there


@st.composite
def maps(draw: st.DrawFn) -> tuple[Level, Point, Point, frozenset[Point]]:
    width = draw(st.integers(2, 10))
    height = draw(st.integers(2, 10))
    rows = [
        "".join(draw(st.lists(st.sampled_from("...#"), min_size=width, max_size=width)))
        for _ in range(height)
    ]
    level = Level.from_rows(rows)
    point = st.tuples(st.integers(0, width - 1), st.integers(0, height - 1))
    blocked = frozenset(draw(st.lists(point, max_size=4)))
    return level, draw(point), draw(point), blocked


@settings(max_examples=200)
@given(maps(), st.one_of(st.none(), st.integers(0, 20)))
def test_path_is_shortest_and_legal(
    case: tuple[Level, Point, Point, frozenset[Point]], budget: int | None
) -> None:
    level, start, goal, blocked = case
    route = path(level, start, goal, blocked - {start}, budget)
    if start == goal:
        assert route == []
        return
    expected = bfs_distance(level, start, goal, blocked - {start}) if level.walkable(goal) else None
    if expected is None or (budget is not None and expected > budget):
        assert route is None
    else:
        assert route is not None
        assert len(route) == expected
        assert route[-1] == goal
        assert_walkable(level, start, route, blocked)
        assert route == path(level, start, goal, blocked - {start}, budget)


# ----------------------------------------------------------------------------------------------- doors
DOORS = ["#####", "#.+.#", "#'#L#", "#.#.#", "#####"]

CONTENT = Content(
    items={"iron_key": ItemDef(id="iron_key", name="Iron key", kind=ItemKind.KEY, weight=0, value=1)}
)


def test_open_and_close_a_door() -> None:
    scene = scene_of(DOORS, creature("ann", (1, 1)))
    events = open_door(scene, "ann", "e")
    assert scene.level.tile_at((2, 1)) is Tile.DOOR_OPEN
    assert events[0].type == "door.opened"
    assert events[0].data == {"creature": "ann", "at": [2, 1]}
    assert (3, 1) in scene.explored  # the party sees through at once
    assert [e.type for e in close_door(scene, "ann", "e")] == ["door.closed"]
    assert scene.level.tile_at((2, 1)) is Tile.DOOR_CLOSED


def test_door_mistakes_change_nothing() -> None:
    scene = scene_of(DOORS, creature("ann", (1, 1)), creature("bob", (1, 2)))
    refused("DOOR_NOT_FOUND", open_door, scene, "ann", "w")
    refused("DOOR_ALREADY_OPEN", open_door, scene, "ann", "s")
    refused("DOOR_ALREADY_CLOSED", close_door, scene, "ann", "e")
    refused("DOOR_OBSTRUCTED", close_door, scene, "ann", "s")  # bob stands in the open doorway


def test_a_locked_door_needs_a_key_or_a_picked_lock() -> None:
    scene = scene_of(DOORS, creature("ann", (3, 1)))
    refused("DOOR_LOCKED", open_door, scene, "ann", "s")
    refused("DOOR_KEY_NEEDED", unlock_door, scene, "ann", "s", CONTENT)
    refused("DOOR_NOT_LOCKED", unlock_door, scene, "ann", "w", CONTENT, True)
    events = unlock_door(scene, "ann", "s", CONTENT, True)
    assert events[0].data["by"] == "lockpick"
    assert scene.level.tile_at((3, 2)) is Tile.DOOR_CLOSED
    open_door(scene, "ann", "s")
    assert scene.level.tile_at((3, 2)) is Tile.DOOR_OPEN


def test_a_key_unlocks_and_is_kept() -> None:
    key = ItemInstance(uid="i-1", base="iron_key")
    rope = ItemInstance(uid="i-2", base="rope")
    scene = scene_of(DOORS, creature("ann", (3, 1), inventory=[rope, key]))
    events = unlock_door(scene, "ann", "s", CONTENT)
    assert events[0].data == {"creature": "ann", "at": [3, 2], "by": "key", "item": "i-1"}
    assert scene.creatures["ann"].inventory == [rope, key]


def test_a_secret_door_is_no_door_until_found() -> None:
    scene = scene_of(["#S#", "#.#"], creature("ann", (1, 1)))
    refused("DOOR_NOT_FOUND", open_door, scene, "ann", "n")


def first_d6(seed: int) -> int:
    return Rng(seed).randint(1, 6)


def test_searching_finds_secret_doors_one_in_six_and_elves_one_in_three() -> None:
    rows = ["#S#", "#.#", "###"]
    two = next(seed for seed in range(100) if first_d6(seed) == 2)
    one = next(seed for seed in range(100) if first_d6(seed) == 1)
    human = scene_of(rows, creature("ann", (1, 1), race="human"))
    events = search_for_secret_doors(human, "ann", Rng(two))
    assert events[0].data == {"creature": "ann", "found": [], "traps": []}
    assert human.level.tile_at((1, 0)) is Tile.DOOR_SECRET
    elf = scene_of(rows, creature("ann", (1, 1), race="elf"))
    events = search_for_secret_doors(elf, "ann", Rng(two))
    assert [e.type for e in events] == ["creature.searched", "door.found"]
    assert elf.level.tile_at((1, 0)) is Tile.DOOR_CLOSED
    lucky = scene_of(rows, creature("ann", (1, 1), race="human"))
    search_for_secret_doors(lucky, "ann", Rng(one))
    assert lucky.level.tile_at((1, 0)) is Tile.DOOR_CLOSED


def test_searching_finds_traps_one_in_six_and_thieves_one_in_three() -> None:
    rows = ["...", "...", ".T."]
    two = next(seed for seed in range(100) if first_d6(seed) == 2)
    one = next(seed for seed in range(100) if first_d6(seed) == 1)
    fighter = scene_of(rows, creature("ann", (1, 1)))
    events = search_for_secret_doors(fighter, "ann", Rng(two))
    assert [e.type for e in events] == ["creature.searched"]
    assert fighter.level.tile_at((1, 2)) is Tile.TRAP
    thief = scene_of(rows, creature("ann", (1, 1), class_id="thief"))
    events = search_for_secret_doors(thief, "ann", Rng(two))
    assert [e.type for e in events] == ["creature.searched", "trap.found"]
    assert events[0].data["traps"] == [[1, 2]]
    assert events[1].data == {"creature": "ann", "at": [1, 2]}
    assert thief.level.tile_at((1, 2)) is Tile.TRAP_FOUND
    lucky = scene_of(rows, creature("ann", (1, 1)))
    search_for_secret_doors(lucky, "ann", Rng(one))
    assert lucky.level.tile_at((1, 2)) is Tile.TRAP_FOUND


def test_paths_go_round_a_found_trap_unless_it_is_the_goal() -> None:
    level = Level.from_rows([".....", ".....", "....."])
    trapped = level.with_tile((2, 1), Tile.TRAP_FOUND)
    route = path(trapped, (0, 1), (4, 1))
    assert route is not None
    assert len(route) == 4
    assert (2, 1) not in route
    assert path(trapped, (0, 1), (2, 1)) == [(1, 0), (2, 1)]
    corridor = Level.from_rows(["#####", ".x...", "#####"])
    assert path(corridor, (0, 1), (4, 1)) is None
    assert path(Level.from_rows(["#####", ".T...", "#####"]), (0, 1), (4, 1)) is not None


def test_a_found_trap_still_springs_when_walked_on() -> None:
    scene = scene_of([".x."], creature("ann", (0, 0)))
    events = step(scene, "ann", (1, 0), Rng(1))
    assert "trap.sprung" in [e.type for e in events]
    assert scene.level.tile_at((1, 0)) is Tile.FLOOR


def test_searching_out_of_reach_finds_nothing_and_rolls_nothing() -> None:
    scene = scene_of(["S...", "...."], creature("ann", (3, 1)))
    rng = Rng(1)
    search_for_secret_doors(scene, "ann", rng)
    assert rng.counter == 0
    assert scene.level.tile_at((0, 0)) is Tile.DOOR_SECRET


# ------------------------------------------------------------------------------------------ properties
@st.composite
def crowded_scenes(draw: st.DrawFn) -> Scene:
    width = draw(st.integers(2, 7))
    height = draw(st.integers(2, 7))
    rows = [
        "".join(draw(st.lists(st.sampled_from("..#+L'S~^OT"), min_size=width, max_size=width)))
        for _ in range(height)
    ]
    point = st.tuples(st.integers(0, width - 1), st.integers(0, height - 1))
    spots = draw(st.lists(point, min_size=1, max_size=4, unique=True))
    creatures = [
        creature(f"c{n}", spot, Side.PARTY if n % 2 == 0 else Side.MONSTERS) for n, spot in enumerate(spots)
    ]
    return scene_of(rows, *creatures)


@settings(max_examples=200)
@given(crowded_scenes(), st.sampled_from([*DIRECTIONS, "up"]), st.integers(0, 2**32))
def test_a_refused_move_leaves_the_scene_unchanged(scene: Scene, direction: str, seed: int) -> None:
    before = copy.deepcopy(scene)
    try:
        move_creature(scene, "c0", direction, Rng(seed))
    except RuleError:
        assert scene == before
    else:
        assert scene.creatures["c0"].position != before.creatures["c0"].position


@settings(max_examples=200)
@given(
    crowded_scenes(),
    st.sampled_from(["open", "close", "unlock", "pick"]),
    st.sampled_from([*DIRECTIONS, "up"]),
)
def test_a_refused_door_command_leaves_the_scene_unchanged(scene: Scene, action: str, direction: str) -> None:
    before = copy.deepcopy(scene)
    try:
        if action == "open":
            events = open_door(scene, "c0", direction)
        elif action == "close":
            events = close_door(scene, "c0", direction)
        else:
            events = unlock_door(scene, "c0", direction, CONTENT, action == "pick")
    except RuleError:
        assert scene == before
    else:
        assert events
        assert scene.level != before.level
