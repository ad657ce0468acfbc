"""Harm and healing: hit points going down and up, and what follows (unconscious, dead, awake).

Every source of damage (weapons, spells, hazards, poison) goes through `damage_creature`, and every
source of healing through `heal_creature`, so the thresholds are applied in one place:

- a character at 0 to -9 hit points is unconscious, and at -10 or below dead;
- a monster is dead at 0;
- damage wakes a sleeping creature;
- healing an unconscious character above 0 brings them back; the dead stay dead.
"""

from __future__ import annotations

from goldbox.game.events import Event
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Status
from goldbox.game.rpg.scene import FloorItem, Scene

# A character at this many hit points or fewer is dead; above it and at 0 or below, unconscious.
DEATH_THRESHOLD = -10


def damage_creature(
    scene: Scene,
    creature_id: str,
    amount: int,
    damage_type: str,
    content: Content,
    source: str | None = None,
) -> list[Event]:
    """Take `amount` hit points from a creature; `source` (a creature id, spell or hazard) is its killer.

    A dead creature takes no more damage. A monster immune to `damage_type` (a MonsterDef ability of
    type `immunity` listing it) takes none either. A slain monster drops what it carries on its square
    and leaves the map.
    """
    creature = scene.creature(creature_id)
    if creature.status is Status.DEAD or amount <= 0:
        return []
    if damage_type in _immunities(creature, content):
        return [Event("damage.ignored", {"creature": creature_id, "damage_type": damage_type})]
    creature.hp -= amount
    events = [
        Event(
            "creature.damaged",
            {"creature": creature_id, "amount": amount, "damage_type": damage_type, "hp": creature.hp},
        )
    ]
    events += _wake(creature)
    if creature.is_character:
        if creature.hp <= DEATH_THRESHOLD:
            events += _die(scene, creature, source)
        elif creature.hp <= 0 and creature.status is not Status.UNCONSCIOUS:
            creature.status = Status.UNCONSCIOUS
            events.append(Event("creature.unconscious", {"creature": creature_id}))
    elif creature.hp <= 0:
        events += _die(scene, creature, source)
    return events


def heal_creature(scene: Scene, creature_id: str, amount: int) -> list[Event]:
    """Give back up to `amount` hit points, never above the maximum; the dead cannot be healed.

    An unconscious character brought above 0 hit points is active again (`creature.revived`).
    """
    creature = scene.creature(creature_id)
    if creature.status is Status.DEAD or amount <= 0:
        return []
    healed = max(0, min(amount, creature.max_hp - creature.hp))
    if healed == 0:
        return []
    creature.hp += healed
    events = [Event("creature.healed", {"creature": creature_id, "amount": healed, "hp": creature.hp})]
    if creature.status is Status.UNCONSCIOUS and creature.hp > 0:
        creature.status = Status.ACTIVE
        events.append(Event("creature.revived", {"creature": creature_id}))
    return events


def _immunities(creature: Creature, content: Content) -> list[str]:
    if creature.monster is None or creature.monster not in content.monsters:
        return []
    return [
        kind
        for ability in content.monsters[creature.monster].abilities
        if ability.type == "immunity"
        for kind in ability.immune_to
    ]


def _wake(creature: Creature) -> list[Event]:
    """A blow wakes a sleeper: its sleep effects end at once."""
    asleep = [effect for effect in creature.effects if effect.kind == "sleep"]
    if not asleep:
        return []
    creature.effects = [effect for effect in creature.effects if effect.kind != "sleep"]
    return [
        Event("effect.ended", {"creature": creature.id, "kind": effect.kind, "source": effect.source})
        for effect in asleep
    ]


def _die(scene: Scene, creature: Creature, killer: str | None) -> list[Event]:
    """Death: effects end with the life they were on; a monster's belongings fall where it stood."""
    creature.status = Status.DEAD
    events = [
        Event("effect.ended", {"creature": creature.id, "kind": effect.kind, "source": effect.source})
        for effect in creature.effects
    ]
    creature.effects = []
    events.append(
        Event("creature.died", {"creature": creature.id, "monster": creature.monster, "killer": killer})
    )
    if creature.monster is not None and creature.position is not None:
        for item in creature.inventory:
            scene.floor.append(FloorItem(creature.position, item))
            events.append(
                Event(
                    "item.dropped",
                    {
                        "creature": creature.id,
                        "item": item.uid,
                        "base": item.base,
                        "quantity": item.quantity,
                        "point": list(creature.position),
                    },
                )
            )
        creature.inventory = []
        creature.equipped = {}
    creature.position = None
    return events
