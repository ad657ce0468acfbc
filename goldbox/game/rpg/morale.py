"""Morale: when a group has lost half its number, or its leader, it may break and run.

Each time a side's group reaches one of those moments for the first time in a battle, one 2d10 is
rolled for the whole group, and every standing member whose morale (monsters.yaml) the roll exceeds
breaks. A broken creature is frightened (`fear`, for a turn) and retreats: it moves away from its
enemies and flees the battle from the edge of the map or out of their reach. A broken creature that
is cornered (an enemy next to it and no square farther from them within its walk, nor any way to flee)
surrenders on the spot instead. The mindless undead have morale 20 and never break. Characters have
no morale score: a party fights on for its players (and for `goldbox simulate`).

The leader is the member with the most hit dice, when one stands above the rest (an orc shaman among
orcs); a group of equals has none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import combat as battle
from goldbox.game.rpg import stats
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.effects import ROUNDS_PER_TURN, ActiveEffect, apply_effect
from goldbox.game.rpg.level import distance
from goldbox.game.rpg.tactics import enemies, frightened, in_battle, standing, walkable_squares

if TYPE_CHECKING:
    from goldbox.game.rpg.rules import Adventure

# How long broken morale lasts, in rounds (then a creature still in the fight rallies).
ROUT_ROUNDS = ROUNDS_PER_TURN
# The moments that call for a morale check, once each per battle.
HALF_FALLEN = "half_fallen"
LEADER_SLAIN = "leader_slain"
# Statuses of those the group has lost.
_FALLEN = (Status.DEAD, Status.UNCONSCIOUS, Status.FLED, Status.SURRENDERED)


def morale_of(creature: Creature, content: Content) -> int | None:
    """A monster's morale (2 to 20); None for characters, who never break."""
    if creature.monster is None or creature.monster not in content.monsters:
        return None
    return content.monsters[creature.monster].morale


def group_of(adventure: Adventure, side: Side) -> list[Creature]:
    """Everyone who fought for `side` in this battle, fallen or not, by id."""
    scene = adventure.scene
    return [scene.creatures[cid] for cid in in_battle(adventure) if scene.creatures[cid].side is side]


def leader_of(group: list[Creature]) -> Creature | None:
    """The member with the most hit dice, if one stands above all the others."""
    if len(group) < 2:
        return None
    first, second = sorted(group, key=lambda creature: (-creature.level, -creature.max_hp, creature.id))[:2]
    return None if first.level == second.level else first


def occasions(group: list[Creature]) -> list[str]:
    """The moments for a morale check the group has reached: half fallen, leader slain."""
    found: list[str] = []
    fallen = sum(1 for creature in group if creature.status in _FALLEN)
    if len(group) >= 2 and 2 * fallen >= len(group):
        found.append(HALF_FALLEN)
    leader = leader_of(group)
    if leader is not None and leader.status in (Status.DEAD, Status.UNCONSCIOUS):
        found.append(LEADER_SLAIN)
    return found


def cornered(adventure: Adventure, creature: Creature, content: Content) -> bool:
    """Next to an enemy, with no way to flee and no square within its walk farther from them all."""
    if creature.position is None:
        return False
    foes = [foe for foe in enemies(adventure, creature.side) if foe.position is not None]
    if not foes or min(distance(creature.position, foe.position or creature.position) for foe in foes) > 1:
        return False
    combat = adventure.combat
    if combat is not None:
        try:
            battle.check_flee(combat, adventure.scene, creature.id, content)
        except RuleError:
            pass
        else:
            return False

    def gap(point: tuple[int, int]) -> int:
        return min(distance(point, foe.position or point) for foe in foes)

    here = gap(creature.position)
    squares = walkable_squares(adventure.scene, creature, stats.movement(creature, content))
    return all(gap(point) <= here for point in squares)


def check_morale(adventure: Adventure, side: Side, content: Content, rng: Rng) -> list[Event]:
    """Roll the group's morale if it has just lost half its number or its leader (see the module).

    Events: `morale.checked` {side, roll, occasions}, then `morale.broken` {creature, result:
    "retreat" | "surrender", roll, morale} for each member that breaks, with the `effect.applied` of
    its fear. Nothing is rolled when there is no new occasion.
    """
    group = group_of(adventure, side)
    upright = [creature for creature in group if standing(creature)]
    if not any(morale_of(creature, content) is not None for creature in upright):
        return []
    fresh = [
        occasion
        for occasion in occasions(group)
        if any(occasion not in creature.morale_checks for creature in upright)
    ]
    if not fresh:
        return []
    for creature in upright:
        creature.morale_checks.extend(
            occasion for occasion in fresh if occasion not in creature.morale_checks
        )
    result = rng.randint(1, 10) + rng.randint(1, 10)
    events = [Event("morale.checked", {"side": side.value, "roll": result, "occasions": fresh})]
    for creature in upright:
        morale = morale_of(creature, content)
        if morale is None or result <= morale or frightened(creature):
            continue
        broken = {"creature": creature.id, "roll": result, "morale": morale}
        if cornered(adventure, creature, content):
            creature.status = Status.SURRENDERED
            events.append(Event("morale.broken", {**broken, "result": "surrender"}))
            events.append(Event("creature.surrendered", {"creature": creature.id}))
            continue
        events.append(Event("morale.broken", {**broken, "result": "retreat"}))
        fear = ActiveEffect(kind="fear", source="morale", remaining=ROUT_ROUNDS)
        events += apply_effect(creature, fear, content, rng)
    return events


def morale_after(adventure: Adventure, events: list[Event], content: Content, rng: Rng) -> list[Event]:
    """Check the morale of every side that lost someone in `events` (died, knocked out, fled, gave up).

    The rules call this after each command in battle; sides are checked in a fixed order.
    """
    scene = adventure.scene
    lost = {
        scene.creatures[event.data["creature"]].side
        for event in events
        if event.type in ("creature.died", "creature.unconscious", "creature.fled", "creature.surrendered")
        and event.data.get("creature") in scene.creatures
    }
    checks: list[Event] = []
    for side in sorted(lost, key=lambda value: value.value):
        checks += check_morale(adventure, side, content, rng)
    return checks
