"""Harm and healing: hit points going down and up, and what follows (unconscious, dead, awake).

Every source of damage (weapons, spells, hazards, poison) goes through `damage_creature`, and every
source of healing through `heal_creature`, so the thresholds are applied in one place:

- a character at 0 to -9 hit points is unconscious, and at -10 or below dead;
- a monster is dead at 0;
- damage wakes a sleeping creature;
- healing an unconscious character above 0 brings them back; the dead stay dead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from goldbox.game.dice import roll as roll_dice
from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import equipment, sight, stats
from goldbox.game.rpg.content import Content, MonsterAttack
from goldbox.game.rpg.creature import Creature, Status
from goldbox.game.rpg.effects import end_effects, immune, modifiers
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import distance
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
    if immune(creature, damage_type, content):
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


def _wake(creature: Creature) -> list[Event]:
    """A blow wakes a sleeper: its sleep effects end at once."""
    return end_effects(creature, ("sleep",), "woken")


def _die(scene: Scene, creature: Creature, killer: str | None) -> list[Event]:
    """Death: effects end with the life they were on; a monster's belongings fall where it stood."""
    creature.status = Status.DEAD
    events = end_effects(creature, tuple(sorted({effect.kind for effect in creature.effects})), "died")
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


# ------------------------------------------------------------------------------------------ attacks
# Extra damage of the elemental weapon enchantments: enchantment -> (dice, damage type).
ELEMENTAL: dict[str, tuple[str, str]] = {
    "flaming": ("1d4", "fire"),
    "frost": ("1d4", "cold"),
    "shocking": ("1d4", "electricity"),
}

# To hit a creature one cannot see (an invisible one).
UNSEEN_PENALTY = -4

# Damage of a blow without a weapon.
FIST = "1d2"


@dataclass(frozen=True, slots=True)
class Blow:
    """One attack roll an attacker is about to make, everything about it settled before any die."""

    name: str
    damage: str
    damage_bonus: int
    to_hit: int
    damage_type: str
    ranged: bool
    enchantments: tuple[str, ...] = ()
    ammunition: ItemInstance | None = None
    on_hit: MonsterAttack | None = None


def resolve_attack(scene: Scene, attacker_id: str, target_id: str, content: Content, rng: Rng) -> list[Event]:
    """One attack action: a character's blow or shot, or every attack of a monster that reaches.

    Hits when the d20 is at least THAC0 minus the target's AC (less the attacker's bonuses); a natural
    20 always hits and a natural 1 always misses; a helpless target is hit without fail. Damage is at
    least 1. Shooting into a melee is allowed and carries no penalty, as in the Gold Box games: the
    archer picks the target. A creature that attacks stops being invisible.
    """
    attacker, target = _combatants(scene, attacker_id, target_id)
    blows = (
        _monster_blows(scene, attacker, target, content)
        if _is_monster(attacker)
        else [_character_blow(scene, attacker, target, content)]
    )
    events = end_effects(attacker, ("invisibility",), "attacked")
    for blow in blows:
        if target.status is Status.DEAD or target.position is None:
            break
        events += _strike(scene, attacker, target, blow, content, rng)
    return events


def _is_monster(creature: Creature) -> bool:
    return creature.monster is not None and creature.class_id is None


def _combatants(scene: Scene, attacker_id: str, target_id: str) -> tuple[Creature, Creature]:
    attacker = scene.creatures.get(attacker_id)
    if attacker is None:
        raise RuleError("CREATURE_NOT_FOUND", f"There is no creature {attacker_id!r} here.")
    target = scene.creatures.get(target_id)
    if target is None:
        raise RuleError("CREATURE_NOT_FOUND", f"There is no creature {target_id!r} here.")
    if attacker_id == target_id:
        raise RuleError("ATTACK_SELF", f"{attacker.name} cannot attack themselves.")
    if attacker.position is None or not attacker.can_act:
        raise RuleError("CREATURE_CANNOT_ACT", f"{attacker.name} is {attacker.status.value} and cannot act.")
    if modifiers(attacker.effects).helpless:
        raise RuleError("CREATURE_HELPLESS", f"{attacker.name} is held fast and cannot act.")
    if target.position is None or target.status in (Status.DEAD, Status.FLED):
        raise RuleError("ATTACK_NO_TARGET", f"{target.name} is not here to attack.", target=target_id)
    return attacker, target


def _reach_check(scene: Scene, attacker: Creature, target: Creature, ranged: bool, reach: int) -> None:
    """Melee needs the target next to the attacker; a shot needs range and a clear line of sight."""
    assert attacker.position is not None
    assert target.position is not None
    apart = distance(attacker.position, target.position)
    if not ranged:
        if apart > 1:
            raise RuleError(
                "ATTACK_OUT_OF_REACH", f"{target.name} is not next to {attacker.name}.", target=target.id
            )
        return
    if apart > reach:
        raise RuleError(
            "ATTACK_OUT_OF_RANGE",
            f"{target.name} is {apart} squares away; the range is {reach}.",
            target=target.id,
            distance=apart,
            range=reach,
        )
    if not sight.line_of_sight(scene.level, attacker.position, target.position):
        raise RuleError(
            "ATTACK_NO_LINE_OF_SIGHT", f"{attacker.name} cannot see {target.name} to shoot.", target=target.id
        )


def _character_blow(scene: Scene, attacker: Creature, target: Creature, content: Content) -> Blow:
    wielded = equipment.wielded_weapon(attacker, content)
    size = stats.size(target, content)
    dice, bonus = equipment.weapon_damage(attacker, size, content)
    if wielded is None or not wielded[1].ranged:
        _reach_check(scene, attacker, target, ranged=False, reach=1)
        name = wielded[1].id if wielded is not None else "fist"
        enchantments = tuple(wielded[0].enchantments) if wielded is not None else ()
        return Blow(
            name, dice, bonus, stats.melee_to_hit_bonus(attacker, content), "physical", False, enchantments
        )
    item, definition = wielded
    _reach_check(scene, attacker, target, ranged=True, reach=definition.range)
    ammunition = None
    if definition.ammunition is not None:
        ammunition = equipment.ammunition_for(attacker, content)
        if ammunition is None:
            raise RuleError(
                "ATTACK_NO_AMMUNITION",
                f"{attacker.name} has nothing to shoot from the {definition.name}.",
                weapon=definition.id,
            )
    return Blow(
        definition.id,
        dice,
        bonus,
        stats.missile_to_hit_bonus(attacker, content),
        "physical",
        True,
        tuple(item.enchantments),
        ammunition,
    )


def _monster_blows(scene: Scene, attacker: Creature, target: Creature, content: Content) -> list[Blow]:
    """Every attack of the monster's routine that reaches: its melee ones when next to the target,
    else its ranged ones in range and in sight."""
    definition = content.monster(attacker.monster or "")
    assert attacker.position is not None
    assert target.position is not None
    apart = distance(attacker.position, target.position)
    close = apart <= 1
    melee = [attack for attack in definition.attacks if not attack.ranged]
    shots = [attack for attack in definition.attacks if attack.ranged]
    chosen = (melee or shots) if close else [attack for attack in shots if apart <= attack.range]
    if not chosen:
        if not shots:
            _reach_check(scene, attacker, target, ranged=False, reach=1)
        _reach_check(scene, attacker, target, ranged=True, reach=max(attack.range for attack in shots))
    _reach_check(scene, attacker, target, ranged=not close, reach=max(attack.range for attack in chosen))
    to_hit = stats.melee_to_hit_bonus(attacker, content)
    damage = stats.melee_damage_bonus(attacker, content)
    return [
        Blow(attack.name, attack.damage, damage, to_hit, "physical", attack.ranged, on_hit=attack)
        for attack in chosen
    ]


def _strike(
    scene: Scene, attacker: Creature, target: Creature, blow: Blow, content: Content, rng: Rng
) -> list[Event]:
    """Roll one attack and its damage."""
    events: list[Event] = []
    if blow.ammunition is not None:
        events += equipment.spend_ammunition(attacker, content)
    helpless = modifiers(target.effects).helpless or target.status is Status.UNCONSCIOUS
    unseen = UNSEEN_PENALTY if modifiers(target.effects).invisible else 0
    needed = stats.thac0(attacker, content) - stats.armour_class(target, content) - blow.to_hit - unseen
    roll = rng.randint(1, 20)
    hit = helpless or roll == 20 or (roll != 1 and roll >= needed)
    facts: dict[str, Any] = {
        "attacker": attacker.id,
        "target": target.id,
        "roll": roll,
        "needed": needed,
        "weapon": blow.name,
    }
    if not hit:
        return [*events, Event("attack.missed", facts)]
    amount = max(1, roll_dice(blow.damage, rng) + blow.damage_bonus)
    extra = [
        (roll_dice(ELEMENTAL[name][0], rng), ELEMENTAL[name][1])
        for name in blow.enchantments
        if name in ELEMENTAL
    ]
    facts["damage"] = amount + sum(points for points, _ in extra)
    if helpless:
        facts["helpless"] = True
    events.append(Event("attack.hit", facts))
    events += damage_creature(scene, target.id, amount, blow.damage_type, content, attacker.id)
    for points, damage_type in extra:
        events += damage_creature(scene, target.id, points, damage_type, content, attacker.id)
    if blow.on_hit is not None and blow.on_hit.effect is not None and target.status is not Status.DEAD:
        # specials imports this module (for damage_creature), so it is imported here, when first needed
        from goldbox.game.rpg.specials import attack_effect

        events += attack_effect(scene, attacker.id, target.id, blow.on_hit, content, rng)
    return events
