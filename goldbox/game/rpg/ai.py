"""The tactical AI: one command at a time for the creature whose turn it is, with a reason.

The rules ask `choose_action` again after each command until the creature's turn is over, so a turn
reads: step back out of melee (archers and casters), then the best of breathing, casting and
striking, or else walking toward the target the group plan gave it (and striking next time). Frightened
creatures (broken morale, magical fear) run instead: away from their enemies, and off the battlefield
when they can.

Every choice comes with a short reason ("focus the wounded Mage", "keep distance: ranged", "breathe
acid on 3 clustered enemies") that the rules put in the `ai.decision` event. Nothing here knows which
side it plays: `goldbox simulate` drives the party with it too. The same scene and seed give the same
choices: every list is walked in id or map order, and ties go to the lower id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg import combat as battle
from goldbox.game.rpg import movement, stats
from goldbox.game.rpg.allegiance import allegiance
from goldbox.game.rpg.commands import Attack, Command, EndTurn, Flee, Move
from goldbox.game.rpg.content import CasterKind, Content
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.level import DIRECTIONS, Point, distance
from goldbox.game.rpg.sight import line_of_sight_many
from goldbox.game.rpg.spellcraft import Option, breath_option, spell_options
from goldbox.game.rpg.tactics import (
    Weaponry,
    assignment_for,
    blocked_for,
    can_strike,
    describe,
    enemies,
    expected_damage,
    frightened,
    is_caster,
    is_helpless,
    members,
    standing,
    threatened,
    threatened_squares,
    walkable_squares,
    weaponry,
)

if TYPE_CHECKING:
    from goldbox.game.rpg.rules import Adventure

# A spell is not worth its slot for less than this many hit points of effect.
MIN_SPELL_VALUE = 2.0
# Squares an archer or caster likes to keep between itself and the nearest enemy.
SAFE_GAP = 3


def choose_action(adventure: Adventure, monster_id: str, content: Content, rng: Rng) -> tuple[Command, str]:
    """The next command for `monster_id` (any creature, of either side) this turn, and why."""
    scene = adventure.scene
    me = scene.creature(monster_id)
    end = EndTurn(monster_id)
    if not standing(me) or is_helpless(me) or me.position is None:
        return end, f"{me.name} cannot act"
    side = allegiance(scene, me)
    foes = enemies(adventure, side)
    team = members(adventure, side)
    allies = [member for member in team if member.id != me.id]
    left = _movement_left(adventure, me, content)
    if frightened(me):
        return _retreat(adventure, me, foes, left, content)
    if not foes:
        return end, "no enemy in sight"
    assignment = assignment_for(adventure, me.id, team, foes, content)
    target = scene.creatures.get(assignment.target) if assignment.target is not None else None
    arms = weaponry(me, content)
    careful = _keeps_distance(me, arms, content)
    here = me.position
    if careful and left > 0 and threatened(here, foes):
        back = _step_back(adventure, me, foes, left, arms, content)
        walk = _walk(adventure, me, back, left) if back is not None else None
        if walk is not None:
            return walk, f"keep distance: {_role(me, content)}"
    strike = _strike(adventure, me, target, assignment.reason, foes, content)
    best = _best_special(adventure, me, foes, allies, content)
    strike_value = strike.value if strike is not None else 0.0
    if best is not None and best.value > strike_value:
        return best.command, best.reason
    if strike is not None:
        return strike.command, strike.reason
    if target is not None and left > 0:
        destination = _approach(adventure, me, target, foes, left, arms, careful, content)
        walk = _walk(adventure, me, destination, left) if destination is not None else None
        if walk is not None:
            return walk, assignment.reason
    return end, "nothing in reach this turn"


# ------------------------------------------------------------------------------------------ helpers
def _movement_left(adventure: Adventure, creature: Creature, content: Content) -> int:
    combat = adventure.combat
    if combat is not None and combat.actor == creature.id:
        return combat.movement_left
    return stats.movement(creature, content)


def _role(creature: Creature, content: Content) -> str:
    if creature.monster is not None and creature.monster in content.monsters:
        return content.monsters[creature.monster].role
    if creature.class_id is not None and creature.class_id in content.classes:
        return creature.class_id
    return "fighter"


def _keeps_distance(creature: Creature, arms: Weaponry, content: Content) -> bool:
    """Archers, and casters with spells left, stay out of melee; everyone else closes in."""
    if arms.ranged:
        return True
    if not is_caster(creature):
        return False
    if creature.monster is not None and creature.monster in content.monsters:
        return content.monsters[creature.monster].role == "caster"
    class_def = content.classes.get(creature.class_id or "")
    return class_def is not None and class_def.caster is CasterKind.ARCANE


def _gap(point: Point, foes: list[Creature]) -> int:
    """Squares from `point` to the nearest enemy."""
    return min((distance(point, foe.position) for foe in foes if foe.position is not None), default=99)


def _strike(
    adventure: Adventure,
    me: Creature,
    target: Creature | None,
    reason: str,
    foes: list[Creature],
    content: Content,
) -> Option | None:
    """An attack from where `me` stands: its target if it can, else the weakest foe it can hit."""
    scene = adventure.scene
    if target is not None and can_strike(scene, me, target, content):
        return Option(expected_damage(me, target, content), Attack(me.id, target.id), reason)
    within = [foe for foe in foes if can_strike(scene, me, foe, content)]
    if not within:
        return None
    foe = min(within, key=lambda creature: (creature.hp, creature.id))
    engaged = me.position is not None and threatened(me.position, [foe])
    why = (
        f"engaged by {describe(foe)}: strike back" if engaged else f"shoot {describe(foe)}, the nearest mark"
    )
    return Option(expected_damage(me, foe, content), Attack(me.id, foe.id), why)


def _best_special(
    adventure: Adventure, me: Creature, foes: list[Creature], allies: list[Creature], content: Content
) -> Option | None:
    """The best breath or spell worth using now, if any (ties go to the first found)."""
    scene = adventure.scene
    options: list[Option] = []
    breath = breath_option(scene, me, foes, allies, content)
    if breath is not None:
        options.append(breath)
    options += [
        option
        for option in spell_options(scene, me, foes, allies, content)
        if option.value >= MIN_SPELL_VALUE
    ]
    best: Option | None = None
    for option in options:
        if best is None or option.value > best.value:
            best = option
    return best


# --------------------------------------------------------------------------------------------- moving
_DIRECTION_OF = {offset: name for name, offset in DIRECTIONS.items()}


def _walk(adventure: Adventure, me: Creature, to: Point, left: int) -> Move | None:
    """The steps to `to`, spelt out so the walk takes the AI's route (around lava, pits and traps)."""
    assert me.position is not None
    route = movement.path(adventure.scene.level, me.position, to, blocked_for(adventure.scene, me.id), left)
    if not route:
        return None
    steps: list[str] = []
    here = me.position
    for square in route:
        steps.append(_DIRECTION_OF[(square[0] - here[0], square[1] - here[1])])
        here = square
    return Move(me.id, tuple(steps))


def _step_back(
    adventure: Adventure, me: Creature, foes: list[Creature], left: int, arms: Weaponry, content: Content
) -> Point | None:
    """A square within the walk, next to no enemy, from which `me` can still shoot or cast."""
    scene = adventure.scene
    reach = max(arms.range, _spell_reach(me, content))
    squares = walkable_squares(scene, me, left)

    marks = [foe.position for foe in foes if foe.position is not None]

    def key(item: tuple[Point, int]) -> tuple[int, int, int, int, int]:
        point, steps = item
        in_reach = [mark for mark in marks if distance(point, mark) <= reach]
        useful = any(line_of_sight_many(scene.level, point, in_reach))
        return (0 if useful else 1, -min(_gap(point, foes), SAFE_GAP), steps, point[1], point[0])

    danger = threatened_squares(foes)
    safe = [(point, steps) for point, steps in squares.items() if point not in danger]
    if not safe:
        return None
    point, _ = min(safe, key=key)
    return point if point != me.position else None


def _spell_reach(me: Creature, content: Content) -> int:
    """The longest range among the spells `me` has memorised (0 without any)."""
    ranges = [
        content.spells[spell].range
        for spells in me.memorised.values()
        for spell in spells
        if spell in content.spells
    ]
    return max(ranges, default=0)


def _approach(
    adventure: Adventure,
    me: Creature,
    target: Creature,
    foes: list[Creature],
    left: int,
    arms: Weaponry,
    careful: bool,
    content: Content,
) -> Point | None:
    """Where to walk this turn to strike `target`: next to it, or (for the careful) in range and sight."""
    scene = adventure.scene
    assert me.position is not None
    assert target.position is not None
    if careful:
        reach = max(arms.range, _spell_reach(me, content))
        danger = threatened_squares(foes)
        near = [
            (point, steps)
            for point, steps in walkable_squares(scene, me, left).items()
            if distance(point, target.position) <= reach and point not in danger
        ]
        # Sight is symmetric: the target's lines to the squares are the squares' lines to it.
        seen = line_of_sight_many(scene.level, target.position, [point for point, _ in near])
        spots = [
            (steps, point[1], point[0]) for (point, steps), clear in zip(near, seen, strict=True) if clear
        ]
        if spots:
            _steps, y, x = min(spots)
            return (x, y) if (x, y) != me.position else None
    route = movement.path_next_to(scene.level, me.position, target.position, blocked_for(scene, me.id))
    if not route:
        return None
    walk = route[:left]
    if careful:
        while walk and threatened(walk[-1], foes):
            walk.pop()
    return walk[-1] if walk else None


# ------------------------------------------------------------------------------------------- fleeing
def _retreat(
    adventure: Adventure, me: Creature, foes: list[Creature], left: int, content: Content
) -> tuple[Command, str]:
    """Run: flee the battle when the rules allow it, else walk to the safest square in reach."""
    combat = adventure.combat
    end = EndTurn(me.id)
    if combat is not None:
        try:
            battle.check_flee(combat, adventure.scene, me.id, content)
        except RuleError:
            pass
        else:
            return Flee(me.id), "morale broken: flees the battle"
    assert me.position is not None
    if left > 0 and foes:
        squares = walkable_squares(adventure.scene, me, left)
        level = adventure.scene.level

        def key(item: tuple[Point, int]) -> tuple[int, int, int, int, int]:
            (x, y), steps = item
            edge = 0 if x in (0, level.width - 1) or y in (0, level.height - 1) else 1
            return (edge, -_gap((x, y), foes), steps, y, x)

        point, _ = min(squares.items(), key=key)
        walk = _walk(adventure, me, point, left) if key((point, 0))[:2] < key((me.position, 0))[:2] else None
        if walk is not None:
            return walk, "morale broken: running away"
    engaged = [foe for foe in foes if can_strike(adventure.scene, me, foe, content)]
    if engaged:
        foe = min(engaged, key=lambda creature: (creature.hp, creature.id))
        return Attack(me.id, foe.id), "cornered: fights for its life"
    return end, "morale broken: cowering"
