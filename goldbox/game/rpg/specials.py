"""Monsters' special abilities as rules: regeneration, what a bite or claw lays on a hit, and breath.

- Regeneration: a troll closes its wounds at the start of each of its turns (`amount` hit points, never
  above its maximum). The dead do not regenerate: a monster is dead at 0.
- Attacks that lay an effect (a ghoul's paralysing claws, a spider's poison, a wight's chilling touch):
  on a hit, the target saves in the attack's category or suffers the effect; immunities (undead to
  paralysis and poison) keep it off.
- Breath: a hell hound's cone of fire, a black dragon's line of acid. One damage roll for the whole
  breath; everyone in the area (friend or foe) saves against breath weapons for half. A breath has a
  number of `uses` per encounter, counted in `Creature.ability_uses`.

Every handler checks first and raises `RuleError` before its first change.
"""

from __future__ import annotations

from goldbox.game.dice import roll
from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import areas, saves
from goldbox.game.rpg.attacks import damage_creature, heal_creature
from goldbox.game.rpg.content import Content, MonsterAbility, MonsterAttack, SaveCategory
from goldbox.game.rpg.creature import Creature, Status
from goldbox.game.rpg.effects import ActiveEffect, modifiers
from goldbox.game.rpg.level import Point, distance
from goldbox.game.rpg.scene import Scene

# Abilities a creature uses with the UseAbility command.
USABLE_ABILITIES = ("breath",)

# The damage type an effect laid by a hit does each round, where it does any.
_EFFECT_DAMAGE_TYPES = {"poison": "poison"}


def ability_of(creature: Creature, kind: str, content: Content) -> MonsterAbility | None:
    """The creature's special ability of a type, if its kind of monster has one."""
    if creature.monster is None or creature.monster not in content.monsters:
        return None
    for ability in content.monsters[creature.monster].abilities:
        if ability.type == kind:
            return ability
    return None


def uses_left(creature: Creature, ability: MonsterAbility) -> int | None:
    """How many more times the ability can be used this encounter (None: without limit)."""
    if ability.uses is None:
        return None
    return max(0, ability.uses - creature.ability_uses.get(ability.type, 0))


# ---------------------------------------------------------------------------------------- regeneration
def start_of_turn_abilities(scene: Scene, creature_id: str, content: Content) -> list[Event]:
    """What a monster's nature does for it as its turn begins: regeneration heals it.

    Combat calls this at the start of every turn, also one the creature then loses to sleep or
    paralysis (a held troll still knits its flesh).
    """
    creature = scene.creature(creature_id)
    ability = ability_of(creature, "regeneration", content)
    if ability is None or ability.amount <= 0 or creature.status is Status.DEAD or creature.position is None:
        return []
    if creature.hp >= creature.max_hp:
        return []
    healed = heal_creature(scene, creature_id, ability.amount)
    if not healed:
        return []
    used = Event(
        "ability.used", {"creature": creature_id, "ability": "regeneration", "amount": ability.amount}
    )
    return [used, *healed]


# ------------------------------------------------------------------------------------ hits that linger
def attack_effect(
    scene: Scene, attacker_id: str, target_id: str, attack: MonsterAttack, content: Content, rng: Rng
) -> list[Event]:
    """Lay the effect of a monster attack that has just hit (paralysis, poison, slow...).

    The target saves in the attack's `save` category to shrug it off (`effect.resisted`, reason save);
    otherwise the effect is laid, honouring immunities and stacking (`saves.lay_effect`). Combat calls
    this after each hit of an attack that names an `effect`, once the damage is dealt.
    """
    target = scene.creature(target_id)
    if attack.effect is None or attack.effect_rounds <= 0 or target.status is Status.DEAD:
        return []
    attacker = scene.creature(attacker_id)
    effect = ActiveEffect(
        kind=attack.effect,
        source=attacker.monster or attacker_id,
        remaining=attack.effect_rounds,
        magnitude=attack.effect_magnitude,
        caster=attacker_id,
        damage_type=_EFFECT_DAMAGE_TYPES.get(attack.effect),
    )
    return saves.lay_effect(target, effect, content, rng, attack.save)


# -------------------------------------------------------------------------------------------- breath
def breath_squares(scene: Scene, creature: Creature, ability: MonsterAbility, point: Point) -> list[Point]:
    """The squares a breath aimed at `point` covers (cone and line from the breather, radius round it)."""
    assert creature.position is not None
    assert ability.area is not None
    return sorted(areas.area_squares(scene.level, creature.position, point, ability.area))


def _check_breath(scene: Scene, creature: Creature, content: Content, point: Point) -> MonsterAbility:
    ability = ability_of(creature, "breath", content)
    if ability is None or ability.area is None or ability.damage is None:
        raise RuleError("ABILITY_UNKNOWN", f"{creature.name} has no breath weapon.", ability="breath")
    if creature.position is None or creature.status is not Status.ACTIVE:
        raise RuleError("CREATURE_CANNOT_ACT", f"{creature.name} cannot act.")
    if modifiers(creature.effects).helpless:
        raise RuleError("CREATURE_HELPLESS", f"{creature.name} is held fast and cannot act.")
    if uses_left(creature, ability) == 0:
        raise RuleError("ABILITY_SPENT", f"{creature.name} has no breath left.", ability="breath")
    if not scene.level.contains(point) or point == creature.position:
        raise RuleError("ABILITY_BAD_TARGET", "Aim the breath at a square away from the breather.")
    if distance(creature.position, point) > ability.area.size:
        raise RuleError(
            "ABILITY_OUT_OF_RANGE",
            f"The breath reaches {ability.area.size} squares; that square is farther.",
            range=ability.area.size,
        )
    return ability


def breathe(scene: Scene, creature_id: str, point: Point, content: Content, rng: Rng) -> list[Event]:
    """Breathe at `point`: one damage roll; each creature in the area saves for half."""
    creature = scene.creature(creature_id)
    ability = _check_breath(scene, creature, content, point)
    assert ability.damage is not None
    squares = set(breath_squares(scene, creature, ability, point))
    victims = sorted(
        other.id
        for other in scene.creatures.values()
        if other.id != creature_id
        and other.position in squares
        and other.status in (Status.ACTIVE, Status.UNCONSCIOUS, Status.SURRENDERED)
    )
    creature.ability_uses[ability.type] = creature.ability_uses.get(ability.type, 0) + 1
    damage = max(0, roll(ability.damage, rng))
    damage_type = ability.damage_type or "fire"
    events = [
        Event(
            "ability.used",
            {
                "creature": creature_id,
                "ability": "breath",
                "point": [point[0], point[1]],
                "damage_type": damage_type,
                "targets": victims,
                "damage": damage,
            },
        )
    ]
    category = ability.save or SaveCategory.BREATH
    for victim_id in victims:
        victim = scene.creature(victim_id)
        if victim.status is Status.DEAD:
            continue
        saved, save_events = saves.roll_save(victim, category, content, rng)
        events += save_events
        amount = damage // 2 if saved else damage
        events += damage_creature(scene, victim_id, amount, damage_type, content, source=creature_id)
    return events


def use_ability(
    scene: Scene,
    creature_id: str,
    ability: str,
    target_id: str | None,
    point: Point | None,
    content: Content,
    rng: Rng,
) -> list[Event]:
    """The `UseAbility` command: aim a special ability at a creature (its square) or a square."""
    if ability not in USABLE_ABILITIES:
        raise RuleError(
            "ABILITY_UNKNOWN",
            f"{ability!r} is not an ability to use; try one of {', '.join(USABLE_ABILITIES)}.",
            ability=ability,
        )
    aim = point
    if target_id is not None:
        target = scene.creatures.get(target_id)
        if target is None or target.position is None:
            raise RuleError("ABILITY_BAD_TARGET", f"There is no creature {target_id!r} to aim at.")
        aim = target.position
    if aim is None:
        raise RuleError("ABILITY_BAD_TARGET", "Say which creature or square to aim at.")
    return breathe(scene, creature_id, aim, content, rng)
