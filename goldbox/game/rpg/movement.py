"""Walking the map: steps in eight directions, paths, doors, secret doors, traps and hazards.

Distances on the grid are Chebyshev (a diagonal step is one square, as in the Gold Box games), and
every step costs one square of movement. A step is refused when the square is outside the map, not
walkable (wall, closed or locked door, water, tree), taken by another creature, or when a diagonal
step would squeeze between two blocking squares. Entering a trap, found or not, springs it (1d6, and
the trap is gone), lava burns (2d6 fire) and a pit hurts (1d6). Searching finds secret doors and
traps; paths go round a found trap unless it is where they end.

Every command here checks everything first and raises `RuleError` before its first change, so a
refused command leaves the scene exactly as it was; an accepted one changes the scene and returns
its events. The level is immutable: a door that opens is a new level with one tile changed.

Hazard damage goes through `attacks.damage_creature`, like every other harm, so the thresholds for
falling unconscious and dying (and monsters' immunities) are the same as in battle.

Events: `creature.moved` {creature, from, to}, `trap.sprung` {creature, at}, `hazard.entered`
{creature, at, hazard: "lava" | "pit"}, then those of `damage_creature` (`creature.damaged`,
`creature.unconscious`, `creature.died` {creature, monster, killer: "trap" | "lava" | "pit"}), `door.opened` / `door.closed` {creature, at}, `door.unlocked` {creature, at,
by: "key" | "lockpick", item}, `door.found` {creature, at}, `trap.found` {creature, at}, `creature.searched` {creature, found,
traps},
`fog.revealed` {squares}.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

from goldbox.game.dice import roll
from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg.attacks import damage_creature
from goldbox.game.rpg.content import Content, ItemKind
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.effects import modifiers
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import DIRECTIONS, Level, Point, adjacent
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.sight import reveal
from goldbox.game.rpg.tiles import Tile, is_walkable

# Hazards met on entering a square: tile -> (damage dice, damage type, source).
HAZARDS: dict[Tile, tuple[str, str, str]] = {
    Tile.TRAP: ("1d6", "physical", "trap"),
    Tile.TRAP_FOUND: ("1d6", "physical", "trap"),
    Tile.LAVA: ("2d6", "fire", "lava"),
    Tile.PIT: ("1d6", "physical", "pit"),
}

# No content at hand: hazards hurt everyone alike.
_NO_CONTENT = Content()

# Chance in six that a search finds a secret door within reach; elves have keen eyes.
SEARCH_CHANCE_IN_SIX = 1
ELF_SEARCH_CHANCE_IN_SIX = 2

# Chance in six that a search finds a trap within reach; thieves know what to look for.
TRAP_SEARCH_CHANCE_IN_SIX = 1
THIEF_TRAP_SEARCH_CHANCE_IN_SIX = 2

# Creatures that no longer stand on the map: they neither block squares nor see.
_GONE = frozenset({Status.DEAD, Status.FLED})

_WALKABLE_TABLE = bytes(1 if value < len(Tile) and is_walkable(value) else 0 for value in range(256))
# Squares a path may step on: walkable ones, less the traps known to be there (a path may end on one).
_PATHABLE_TABLE = bytes(
    1 if value < len(Tile) and is_walkable(value) and value != Tile.TRAP_FOUND else 0 for value in range(256)
)
_STEPS = tuple(DIRECTIONS.values())


def _point_json(point: Point) -> list[int]:
    return [point[0], point[1]]


def step_cost(start: Point, end: Point) -> int:
    """Movement a step from `start` to the adjacent `end` costs: one square, diagonal or not."""
    if not adjacent(start, end):
        raise RuleError("MOVE_NOT_ADJACENT", "You can only step to a square next to you.")
    return 1


def occupied(scene: Scene, exclude: str | None = None) -> frozenset[Point]:
    """The squares creatures stand on (the dead and the fled stand nowhere), for `path`'s `blocked`."""
    return frozenset(
        creature.position
        for creature in scene.creatures.values()
        if creature.position is not None and creature.status not in _GONE and creature.id != exclude
    )


def cuts_corner(level: Level, start: Point, end: Point) -> bool:
    """Whether a diagonal step squeezes between two blocking squares (which is not allowed)."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    if dx == 0 or dy == 0:
        return False
    return not level.walkable((start[0] + dx, start[1])) and not level.walkable((start[0], start[1] + dy))


def _find(scene: Scene, creature_id: str) -> Creature:
    creature = scene.creatures.get(creature_id)
    if creature is None:
        raise RuleError("CREATURE_NOT_FOUND", f"There is no creature {creature_id!r} here.")
    return creature


def _actor(scene: Scene, creature_id: str) -> tuple[Creature, Point]:
    """The creature taking an action, checked able to act; with the square it stands on."""
    creature = _find(scene, creature_id)
    if creature.position is None or creature.status in _GONE:
        raise RuleError("CREATURE_NOT_ON_MAP", f"{creature.name} is not on this map.")
    if not creature.can_act:
        raise RuleError("CREATURE_CANNOT_ACT", f"{creature.name} is {creature.status.value} and cannot act.")
    if modifiers(creature.effects).helpless:
        raise RuleError("CREATURE_HELPLESS", f"{creature.name} is held fast and cannot act.")
    return creature, creature.position


def _towards(position: Point, direction: str) -> Point:
    step = DIRECTIONS.get(direction)
    if step is None:
        raise RuleError(
            "MOVE_BAD_DIRECTION",
            f"{direction!r} is not a direction; use one of {', '.join(DIRECTIONS)}.",
            direction=direction,
        )
    return (position[0] + step[0], position[1] + step[1])


def check_step(scene: Scene, creature_id: str, to: Point) -> None:
    """Raise the `RuleError` that refuses a step of `creature_id` to `to`, if any; change nothing."""
    creature, position = _actor(scene, creature_id)
    if modifiers(creature.effects).immobile:
        raise RuleError("MOVE_IMMOBILE", f"{creature.name} is stuck fast and cannot move.")
    if not adjacent(position, to):
        raise RuleError("MOVE_NOT_ADJACENT", "You can only step to a square next to you.", to=_point_json(to))
    level = scene.level
    if not level.contains(to):
        raise RuleError("MOVE_OUT_OF_BOUNDS", "That is the edge of the map.", to=_point_json(to))
    if not level.walkable(to):
        tile = level.tile_at(to)
        # A secret door is still a wall to anyone who has not found it.
        shown = Tile.WALL if tile is Tile.DOOR_SECRET else tile
        raise RuleError(
            "MOVE_BLOCKED",
            f"The way is blocked by a {shown.name.lower().replace('_', ' ')}.",
            to=_point_json(to),
            tile=shown.name.lower(),
        )
    if cuts_corner(level, position, to):
        raise RuleError(
            "MOVE_BLOCKED",
            "You cannot squeeze diagonally between two walls.",
            to=_point_json(to),
            tile="corner",
        )
    other = scene.creature_at(to)
    if other is not None and other.status not in _GONE and other.id != creature_id:
        raise RuleError(
            "MOVE_OCCUPIED", f"{other.name} is standing there.", to=_point_json(to), creature=other.id
        )


def _enter(scene: Scene, creature: Creature, to: Point, rng: Rng, content: Content) -> list[Event]:
    """What the square just entered does to the creature: traps spring, lava burns, pits hurt."""
    tile = scene.level.tile_at(to)
    hazard = HAZARDS.get(tile)
    if hazard is None:
        return []
    dice, damage_type, source = hazard
    if tile in (Tile.TRAP, Tile.TRAP_FOUND):
        scene.level = scene.level.with_tile(to, Tile.FLOOR)
        events = [Event("trap.sprung", {"creature": creature.id, "at": _point_json(to)})]
    else:
        events = [Event("hazard.entered", {"creature": creature.id, "at": _point_json(to), "hazard": source})]
    return events + damage_creature(scene, creature.id, roll(dice, rng), damage_type, content, source=source)


def _fog_events(scene: Scene, side_or_creatures: Side | list[str]) -> list[Event]:
    squares = reveal(scene, side_or_creatures)
    if not squares:
        return []
    return [Event("fog.revealed", {"squares": [_point_json(point) for point in squares]})]


def step(scene: Scene, creature_id: str, to: Point, rng: Rng, content: Content | None = None) -> list[Event]:
    """Step one square; a party member lifts the fog of war from what it now sees.

    Combat calls this for each square and keeps its own count of movement points. `content` tells
    which monsters are immune to a hazard's damage (lava's fire); without it nobody is.
    """
    check_step(scene, creature_id, to)
    creature = scene.creatures[creature_id]
    start = creature.position
    assert start is not None  # check_step refused a creature off the map
    creature.position = to
    events = [
        Event("creature.moved", {"creature": creature_id, "from": _point_json(start), "to": _point_json(to)})
    ]
    events += _enter(scene, creature, to, rng, content if content is not None else _NO_CONTENT)
    if creature.side is Side.PARTY and creature.position is not None:
        events += _fog_events(scene, [creature_id])
    return events


def move_creature(
    scene: Scene, creature_id: str, direction: str, rng: Rng, content: Content | None = None
) -> list[Event]:
    """Exploration movement: one step in a direction ("n", "ne", "e", ... as in `DIRECTIONS`)."""
    _, position = _actor(scene, creature_id)
    return step(scene, creature_id, _towards(position, direction), rng, content)


# ----------------------------------------------------------------------------------------------- paths
def _a_star(
    level: Level,
    start: Point,
    is_goal: Callable[[int, int], bool],
    estimate: Callable[[int, int], int],
    blocked: frozenset[Point],
    max_cost: int | None,
    goal: Point | None = None,
) -> list[Point] | None:
    """Shortest path by A* with an admissible `estimate`; ties go to the square nearer the goal, then
    to the lower row, then the lower column, so the same map always gives the same path. A found trap
    is stepped on only when it is the `goal` square; it still lets a diagonal step squeeze past.
    """
    width, height = level.width, level.height
    walkable = level.cells.translate(_WALKABLE_TABLE)
    pathable = level.cells.translate(_PATHABLE_TABLE) if Tile.TRAP_FOUND in level.cells else walkable
    budget = max_cost if max_cost is not None else width * height
    sx, sy = start
    came_from: dict[Point, Point] = {}
    cost: dict[Point, int] = {start: 0}
    frontier: list[tuple[int, int, int, int, int]] = [(estimate(sx, sy), estimate(sx, sy), sy, sx, 0)]
    closed: set[Point] = set()
    while frontier:
        _, _, y, x, spent = heapq.heappop(frontier)
        here = (x, y)
        if here in closed:
            continue
        if is_goal(x, y):
            route = [here]
            while route[-1] != start:
                route.append(came_from[route[-1]])
            route.pop()
            route.reverse()
            return route
        closed.add(here)
        after = spent + 1
        if after > budget:
            continue
        for dx, dy in _STEPS:
            nx, ny = x + dx, y + dy
            if not (0 <= nx < width and 0 <= ny < height):
                continue
            if not pathable[ny * width + nx] and ((nx, ny) != goal or not walkable[ny * width + nx]):
                continue
            there = (nx, ny)
            if there in blocked or there in closed:
                continue
            if dx and dy and not walkable[y * width + nx] and not walkable[ny * width + x]:
                continue
            if after < cost.get(there, budget + 1):
                guess = estimate(nx, ny)
                if after + guess > budget:
                    continue
                cost[there] = after
                came_from[there] = here
                heapq.heappush(frontier, (after + guess, guess, ny, nx, after))
    return None


def path(
    level: Level,
    start: Point,
    goal: Point,
    blocked: frozenset[Point] = frozenset(),
    max_cost: int | None = None,
) -> list[Point] | None:
    """The shortest walk from `start` to `goal`: the squares stepped on, `goal` last (empty when already
    there), or None when no walk of at most `max_cost` steps avoids walls and the `blocked` squares.
    """
    if start == goal:
        return []
    if not level.walkable(goal) or goal in blocked or not level.contains(start):
        return None
    gx, gy = goal
    return _a_star(
        level,
        start,
        lambda x, y: x == gx and y == gy,
        lambda x, y: max(abs(x - gx), abs(y - gy)),
        blocked,
        max_cost,
        goal,
    )


def path_next_to(
    level: Level,
    start: Point,
    target: Point,
    blocked: frozenset[Point] = frozenset(),
    max_cost: int | None = None,
) -> list[Point] | None:
    """The shortest walk to any square adjacent to `target` (to fight whoever stands there)."""
    if adjacent(start, target):
        return []
    if not level.contains(start):
        return None
    tx, ty = target
    return _a_star(
        level,
        start,
        lambda x, y: max(abs(x - tx), abs(y - ty)) == 1,
        lambda x, y: max(abs(x - tx), abs(y - ty), 1) - 1,
        blocked,
        max_cost,
    )


# ----------------------------------------------------------------------------------------------- doors
def _door(scene: Scene, creature_id: str, direction: str) -> tuple[Creature, Point, Tile]:
    _, position = _actor(scene, creature_id)
    at = _towards(position, direction)
    tile = scene.level.tile_at(at)
    if tile not in (Tile.DOOR_OPEN, Tile.DOOR_CLOSED, Tile.DOOR_LOCKED):
        raise RuleError("DOOR_NOT_FOUND", "There is no door there.", at=_point_json(at))
    return scene.creatures[creature_id], at, tile


def open_door(scene: Scene, creature_id: str, direction: str) -> list[Event]:
    """Open the closed door next to a creature; the party sees through it at once."""
    creature, at, tile = _door(scene, creature_id, direction)
    if tile is Tile.DOOR_LOCKED:
        raise RuleError(
            "DOOR_LOCKED", "The door is locked. Unlock it with a key or pick the lock.", at=_point_json(at)
        )
    if tile is Tile.DOOR_OPEN:
        raise RuleError("DOOR_ALREADY_OPEN", "The door is already open.", at=_point_json(at))
    scene.level = scene.level.with_tile(at, Tile.DOOR_OPEN)
    events = [Event("door.opened", {"creature": creature_id, "at": _point_json(at)})]
    if creature.side is Side.PARTY:
        events += _fog_events(scene, Side.PARTY)
    return events


def close_door(scene: Scene, creature_id: str, direction: str) -> list[Event]:
    """Close the open door next to a creature, unless someone stands in the doorway."""
    _, at, tile = _door(scene, creature_id, direction)
    if tile is not Tile.DOOR_OPEN:
        raise RuleError("DOOR_ALREADY_CLOSED", "The door is already closed.", at=_point_json(at))
    if at in occupied(scene):
        raise RuleError("DOOR_OBSTRUCTED", "Someone is standing in the doorway.", at=_point_json(at))
    scene.level = scene.level.with_tile(at, Tile.DOOR_CLOSED)
    return [Event("door.closed", {"creature": creature_id, "at": _point_json(at)})]


def locked_door(scene: Scene, creature_id: str, direction: str) -> Point:
    """The square of the locked door next to a creature able to act; refuses when there is none."""
    _, at, tile = _door(scene, creature_id, direction)
    if tile is not Tile.DOOR_LOCKED:
        raise RuleError("DOOR_NOT_LOCKED", "The door is not locked.", at=_point_json(at))
    return at


def key_carried(creature: Creature, content: Content) -> ItemInstance | None:
    """The first item of kind `key` the creature carries: any key opens any lock."""
    return next(
        (
            item
            for item in creature.inventory
            if item.base in content.items and content.items[item.base].kind is ItemKind.KEY
        ),
        None,
    )


def unlock_door(
    scene: Scene, creature_id: str, direction: str, content: Content, picked_lock: bool = False
) -> list[Event]:
    """Unlock the locked door next to a creature with a key it carries, or by a picked lock.

    `picked_lock` is the outcome of the thief's open-locks roll, made by the caller. The door stays
    closed once unlocked. Any item of kind `key` opens any lock; the key is kept.
    """
    creature = scene.creatures[creature_id]
    at = locked_door(scene, creature_id, direction)
    key = key_carried(creature, content)
    if key is None and not picked_lock:
        raise RuleError("DOOR_KEY_NEEDED", "The door is locked and you have no key.", at=_point_json(at))
    scene.level = scene.level.with_tile(at, Tile.DOOR_CLOSED)
    data = {
        "creature": creature_id,
        "at": _point_json(at),
        "by": "key" if key is not None else "lockpick",
        "item": key.uid if key is not None else None,
    }
    return [Event("door.unlocked", data)]


def trap_chance_in_six(creature: Creature) -> int:
    """Chance in six that a search finds a trap next to the searcher: 2 for a thief, 1 for anyone else
    (AD&D's thief finds traps better than others; everyone has a little chance to notice one)."""
    return THIEF_TRAP_SEARCH_CHANCE_IN_SIX if creature.class_id == "thief" else TRAP_SEARCH_CHANCE_IN_SIX


def search_for_secret_doors(scene: Scene, creature_id: str, rng: Rng) -> list[Event]:
    """Search the eight squares around for secret doors and traps. Each secret door is found on 1 in 6
    (1 in 3 for elves) and becomes a closed door; then each hidden trap is found on `trap_chance_in_six`
    and becomes a found trap, which still springs when entered but which paths go round. One roll per
    secret door, in row order, then one per trap, in row order.
    """
    creature, (x, y) = _actor(scene, creature_id)
    chance = ELF_SEARCH_CHANCE_IN_SIX if creature.race == "elf" else SEARCH_CHANCE_IN_SIX
    around = [(x + dx, y + dy) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    found = [
        point
        for point in around
        if scene.level.tile_at(point) is Tile.DOOR_SECRET and rng.randint(1, 6) <= chance
    ]
    trap_chance = trap_chance_in_six(creature)
    traps = [
        point
        for point in around
        if scene.level.tile_at(point) is Tile.TRAP and rng.randint(1, 6) <= trap_chance
    ]
    for point in found:
        scene.level = scene.level.with_tile(point, Tile.DOOR_CLOSED)
    for point in traps:
        scene.level = scene.level.with_tile(point, Tile.TRAP_FOUND)
    data = {
        "creature": creature_id,
        "found": [_point_json(p) for p in found],
        "traps": [_point_json(p) for p in traps],
    }
    events = [Event("creature.searched", data)]
    events += [Event("door.found", {"creature": creature_id, "at": _point_json(p)}) for p in found]
    events += [Event("trap.found", {"creature": creature_id, "at": _point_json(p)}) for p in traps]
    return events
