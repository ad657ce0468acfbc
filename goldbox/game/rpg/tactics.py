"""Group tactics: how the creatures of one side share out their enemies.

A group fights as one. Each member is given a target: an enemy caster within its reach first (a mage
left alone puts the whole group to sleep), otherwise the weakest enemy it can reach this turn, so that
blows land on one foe until it drops. When the members already on a foe are expected to kill it, the
next one spreads out to another instead of wasting its blows (overkill). A member that can reach no
one closes in on the nearest enemy.

The plan is computed afresh for every decision from the scene alone, so it never goes stale. It is
the same for either side: `goldbox simulate` lets it play the party too. Members are planned in id
order (those with the fewest choices first) and every tie is broken by id, so the plan is
deterministic.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from goldbox.game.dice import Dice
from goldbox.game.rng import Rng
from goldbox.game.rpg import equipment, movement, stats
from goldbox.game.rpg.allegiance import allegiance
from goldbox.game.rpg.combat import Combat
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.effects import modifiers
from goldbox.game.rpg.level import DIRECTIONS, Level, Point, adjacent, distance
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.sight import line_of_sight
from goldbox.game.rpg.tiles import Tile, is_walkable

if TYPE_CHECKING:
    from goldbox.game.rpg.rules import Adventure

# Squares the AI never walks into on purpose: they burn, hurt or spring.
HAZARD_TILES = (Tile.LAVA, Tile.TRAP, Tile.TRAP_FOUND, Tile.PIT)

# tile value -> 1 when walkable (as `Level.walkable` says), for bytes.translate.
_WALKABLE_TABLE = bytes(1 if value < len(Tile) and is_walkable(value) else 0 for value in range(256))
_STEPS = tuple(DIRECTIONS.values())

# A hit is certain on a helpless foe, and never quite certain or hopeless otherwise (natural 20 and 1).
_MIN_HIT, _MAX_HIT = 0.05, 0.95


# ------------------------------------------------------------------------------------------ who is who
def standing(creature: Creature) -> bool:
    """On the map and on its feet (asleep and held still count: they will wake)."""
    return creature.status is Status.ACTIVE and creature.position is not None


def frightened(creature: Creature) -> bool:
    """Broken morale or magical fear: the creature wants only to get away."""
    return any(effect.kind == "fear" and effect.remaining > 0 for effect in creature.effects)


def in_battle(adventure: Adventure) -> list[str]:
    """The creatures in the current battle (everyone on the scene when there is none), by id."""
    combat: Combat | None = adventure.combat
    if combat is not None:
        return sorted(combat.combatants)
    return sorted(adventure.scene.creatures)


def members(adventure: Adventure, side: Side) -> list[Creature]:
    """The group: standing creatures fighting for `side`, by id."""
    scene = adventure.scene
    return [
        scene.creatures[cid]
        for cid in in_battle(adventure)
        if standing(scene.creatures[cid]) and allegiance(scene, scene.creatures[cid]) is side
    ]


def enemies(adventure: Adventure, side: Side) -> list[Creature]:
    """The standing creatures fighting against `side` that can be seen (not invisible), by id."""
    scene = adventure.scene
    return [
        scene.creatures[cid]
        for cid in in_battle(adventure)
        if standing(scene.creatures[cid])
        and allegiance(scene, scene.creatures[cid]) is not side
        and not (scene.creatures[cid].effects and modifiers(scene.creatures[cid].effects).invisible)
    ]


def is_caster(creature: Creature) -> bool:
    """Whether a creature still has a spell memorised: the first foe worth silencing."""
    return any(spells for spells in creature.memorised.values())


def is_helpless(creature: Creature) -> bool:
    return bool(creature.effects) and modifiers(creature.effects).helpless


# --------------------------------------------------------------------------------------- fighting power
@dataclass(frozen=True, slots=True)
class Weaponry:
    """How a creature strikes: from how far, and whether it must keep its distance to shoot."""

    ranged: bool
    range: int


def weaponry(creature: Creature, content: Content) -> Weaponry:
    """A monster strikes with its first attack; a character with the weapon in hand (bows need arrows)."""
    if creature.monster is not None and creature.monster in content.monsters:
        first = content.monsters[creature.monster].attacks[0]
        return Weaponry(first.ranged, first.range if first.ranged else 1)
    wielded = equipment.wielded_weapon(creature, content)
    if wielded is not None:
        _, definition = wielded
        if definition.ranged and equipment.ammunition_for(creature, content) is not None:
            return Weaponry(True, definition.range)
    return Weaponry(False, 1)


def hit_chance(attacker: Creature, target: Creature, content: Content) -> float:
    """The chance that one blow lands: d20 >= THAC0 - AC; always, on a helpless target."""
    if is_helpless(target):
        return 1.0
    needed = stats.thac0(attacker, content) - stats.armour_class(target, content)
    return min(_MAX_HIT, max(_MIN_HIT, (21 - needed) / 20))


def blow_damage(attacker: Creature, target: Creature, content: Content) -> float:
    """The mean damage of a round of blows that all land (every claw, claw and bite)."""
    if attacker.monster is not None and attacker.monster in content.monsters:
        return sum(Dice.parse(attack.damage).average for attack in content.monsters[attacker.monster].attacks)
    dice, bonus = equipment.weapon_damage(attacker, stats.size(target, content), content)
    return max(1.0, Dice.parse(dice).average + bonus)


def expected_damage(attacker: Creature, target: Creature, content: Content) -> float:
    """What a round of attacks on `target` is worth on average."""
    return hit_chance(attacker, target, content) * blow_damage(attacker, target, content)


def reach(creature: Creature, content: Content, movement_left: int | None = None) -> int:
    """How far away a creature can strike this turn: its walk plus its weapon's range."""
    walk = stats.movement(creature, content) if movement_left is None else movement_left
    if modifiers(creature.effects).immobile:
        walk = 0
    return walk + weaponry(creature, content).range


# -------------------------------------------------------------------------------------------- the map
def hazards(level: Level) -> frozenset[Point]:
    """The squares that hurt whoever steps in (lava, pits, traps, found or not)."""
    found: list[Point] = []
    for tile in HAZARD_TILES:
        glyph = bytes([tile])
        index = level.cells.find(glyph)
        while index != -1:
            found.append((index % level.width, index // level.width))
            index = level.cells.find(glyph, index + 1)
    return frozenset(found)


def blocked_for(scene: Scene, creature_id: str) -> frozenset[Point]:
    """Squares a creature's walk must avoid: where others stand, and hazards."""
    return movement.occupied(scene, exclude=creature_id) | hazards(scene.level)


def walkable_squares(scene: Scene, creature: Creature, steps: int) -> dict[Point, int]:
    """Every square the creature can walk to in at most `steps` steps, with the steps it takes.

    A breadth-first flood over the eight directions in their fixed order, honouring walls, corners,
    other creatures and hazards, so the same scene always gives the same answer.
    """
    if creature.position is None:
        return {}
    start = creature.position
    level = scene.level
    blocked = blocked_for(scene, creature.id)
    found: dict[Point, int] = {start: 0}
    if steps <= 0 or modifiers(creature.effects).immobile:
        return found
    width, height = level.width, level.height
    # One byte per square, 1 where `level.walkable`: read by index in the flood's inner loop.
    walkable = level.cells.translate(_WALKABLE_TABLE)

    def open_at(px: int, py: int) -> bool:
        return 0 <= px < width and 0 <= py < height and walkable[py * width + px] == 1

    queue: deque[Point] = deque([start])
    while queue:
        here = queue.popleft()
        spent = found[here]
        if spent >= steps:
            continue
        x, y = here
        for dx, dy in _STEPS:
            nx, ny = x + dx, y + dy
            there = (nx, ny)
            if there in found or there in blocked or not open_at(nx, ny):
                continue
            if dx and dy and not open_at(nx, y) and not open_at(x, ny):  # movement.cuts_corner
                continue
            found[there] = spent + 1
            queue.append(there)
    return found


def can_strike(scene: Scene, attacker: Creature, target: Creature, content: Content) -> bool:
    """Whether `attacker` can attack `target` from where it stands: adjacent, or in range and in sight."""
    if attacker.position is None or target.position is None:
        return False
    arms = weaponry(attacker, content)
    apart = distance(attacker.position, target.position)
    if not arms.ranged:
        return apart == 1
    return 1 <= apart <= arms.range and line_of_sight(scene.level, attacker.position, target.position)


def threatened(position: Point, foes: list[Creature]) -> bool:
    """Whether a square is next to an enemy that can strike (a helpless one cannot)."""
    return any(
        foe.position is not None and adjacent(position, foe.position) and not is_helpless(foe) for foe in foes
    )


def threatened_squares(foes: list[Creature]) -> frozenset[Point]:
    """Every square `threatened` says yes to, worked out once for the many squares a walk weighs."""
    return frozenset(
        (foe.position[0] + dx, foe.position[1] + dy)
        for foe in foes
        if foe.position is not None and not is_helpless(foe)
        for dx, dy in DIRECTIONS.values()
    )


def describe(creature: Creature) -> str:
    """A creature as a reason names it: "the wounded Mage", "the Orc"."""
    wounded = "wounded " if creature.hp < creature.max_hp else ""
    return f"the {wounded}{creature.name}"


# ------------------------------------------------------------------------------------------- the plan
@dataclass(frozen=True, slots=True)
class Assignment:
    """One member's target, and why."""

    target: str | None
    reason: str
    reachable: bool = False


@dataclass(slots=True)
class GroupPlan:
    """Targets for every member of a side, and the enemies they face (both by id)."""

    side: Side
    members: list[str] = field(default_factory=list)
    enemies: list[str] = field(default_factory=list)
    assignments: dict[str, Assignment] = field(default_factory=dict)
    # enemy id -> expected damage of the members assigned to it this round
    pressure: dict[str, float] = field(default_factory=dict)

    def target_of(self, member_id: str) -> Assignment:
        return self.assignments.get(member_id, Assignment(None, "no enemy in sight"))


def _movement_now(adventure: Adventure, creature: Creature, content: Content) -> int:
    """Movement left to the creature whose turn it is; a full turn's walk to everyone else."""
    combat: Combat | None = adventure.combat
    if combat is not None and combat.actor == creature.id:
        return combat.movement_left
    return stats.movement(creature, content)


def plan_group(adventure: Adventure, side: Side, content: Content, rng: Rng) -> GroupPlan:
    """Share out the enemies among the members of `side` (see the module docstring).

    `rng` is part of the AI's contract; the plan itself needs no dice (ties go by id).
    """
    del rng
    team = members(adventure, side)
    foes = enemies(adventure, side)
    plan = GroupPlan(side, [member.id for member in team], [foe.id for foe in foes])
    if foes:
        plan.assignments, plan.pressure = _share_out(adventure, team, foes, content)
    return plan


def assignment_for(
    adventure: Adventure, member_id: str, team: list[Creature], foes: list[Creature], content: Content
) -> Assignment:
    """`plan_group(...).target_of(member_id)`, given the group and its foes as `members` and `enemies`
    name them.

    The AI needs one member's target at every decision, and the plan is rebuilt each time so it never
    goes stale. Members are planned one after another and each sees only the choices made before it,
    so planning can stop at `member_id`: the answer is the whole plan's, for a fraction of the work.
    """
    if not foes:
        return Assignment(None, "no enemy in sight")
    assignments, _ = _share_out(adventure, team, foes, content, until=member_id)
    return assignments.get(member_id, Assignment(None, "no enemy in sight"))


def _share_out(
    adventure: Adventure,
    team: list[Creature],
    foes: list[Creature],
    content: Content,
    until: str | None = None,
) -> tuple[dict[str, Assignment], dict[str, float]]:
    """The targets of the members (those with the fewest choices first) and the pressure on each foe,
    stopping once `until` has its target (the pressure is then that of the members before it).
    """
    in_reach: dict[str, list[Creature]] = {}
    for member in team:
        assert member.position is not None
        limit = reach(member, content, _movement_now(adventure, member, content))
        mx, my = member.position
        # movement.distance, written out: this runs for every member and foe at every decision.
        in_reach[member.id] = [
            foe
            for foe in foes
            if foe.position is not None and max(abs(foe.position[0] - mx), abs(foe.position[1] - my)) <= limit
        ]
    casters = {foe.id: is_caster(foe) for foe in foes}
    assignments: dict[str, Assignment] = {}
    pressure: dict[str, float] = {foe.id: 0.0 for foe in foes}
    for member in sorted(
        team, key=lambda creature: (len(in_reach[creature.id]) or len(foes) + 1, creature.id)
    ):
        choices = in_reach[member.id]
        if choices:
            target, reason = _pick_in_reach(member, choices, pressure, casters)
            assignments[member.id] = Assignment(target.id, reason, reachable=True)
            if member.id == until:
                break  # its own blows weigh only on the members planned after it
            pressure[target.id] += expected_damage(member, target, content)
        else:
            assert member.position is not None
            here = member.position
            nearest = min(
                foes,
                key=lambda foe: (distance(here, foe.position or here), foe.hp, foe.id),
            )
            assignments[member.id] = Assignment(nearest.id, f"close in on {describe(nearest)}")
        if member.id == until:
            break
    return assignments, pressure


def _pick_in_reach(
    member: Creature, choices: list[Creature], pressure: dict[str, float], casters: dict[str, bool]
) -> tuple[Creature, str]:
    """The foe to strike: casters first, then the weakest, skipping foes already doomed (overkill).

    `casters` says which foes still have spells (`is_caster`), worked out once for the whole plan.
    """
    here = member.position
    assert here is not None
    # Everything but overkill, once per foe: (not a caster, HP, squares away, id).
    ranked = {
        foe.id: (0 if casters[foe.id] else 1, foe.hp, distance(here, foe.position or here), foe.id)
        for foe in choices
    }
    best = min(choices, key=lambda foe: (1 if pressure[foe.id] >= foe.hp else 0, *ranked[foe.id]))
    naive = min(choices, key=lambda foe: ranked[foe.id])
    if naive is not best:
        return best, f"spread out: {naive.name} is already beaten, take {describe(best)}"
    if casters[best.id]:
        return best, f"go for the caster: {describe(best)}"
    if len(choices) == 1:
        return best, f"attack {describe(best)}, the only foe in reach"
    return best, f"focus {describe(best)} ({best.hp} HP), the weakest in reach"
