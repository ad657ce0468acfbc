"""Weighing spells and breath weapons: what each would be worth, cast here and now.

The AI prices every option in hit points: the damage it is expected to deal (capped at what each
victim has left, and halved on a save where a save halves), the harm a foe would not do while asleep,
held or webbed, the wounds a cure would close on a badly hurt ally. Friends caught in an area count
against it. `ai.choose_action` then takes the best of these and a plain attack, so a dark mage throws
a lightning bolt down a line of three fighters but stabs a lone thief, and a shaman heals its chief
only when the chief is in real trouble.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from goldbox.game.dice import Dice
from goldbox.game.rpg import areas
from goldbox.game.rpg.commands import Cast, Command, UseAbility
from goldbox.game.rpg.content import Content, SaveEffect, Size, SpellDef, SpellEffect
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.effects import immune, modifiers
from goldbox.game.rpg.level import Level, Point, distance
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.sight import line_of_sight
from goldbox.game.rpg.specials import ability_of, uses_left
from goldbox.game.rpg.tactics import describe

# How much taking a foe out of the fight for a while is worth, per hit point it has (capped), by effect.
DISABLING: dict[str, float] = {
    "sleep": 1.0,
    "hold": 1.0,
    "paralysis": 1.0,
    "charm": 1.2,
    "nauseated": 0.8,
    "fear": 0.6,
    "entangled": 0.5,
    "slow": 0.5,
    "blind": 0.5,
}
# A disabled foe is worth at most this many hit points of damage.
DISABLE_CAP = 10.0
# Effects that help whoever has them: worth this much for each ally they touch, with foes about.
HELPFUL = frozenset(
    {
        "bless",
        "haste",
        "shield",
        "protection",
        "invisibility",
        "strength",
        "luck",
        "heal_over_time",
        "free_action",
    }
)
HELP_VALUE = 1.5
# Friends caught in an area count this many times against it.
FRIENDLY_FIRE = 1.5
# Chance that a foe fails a save that negates or halves (a fair guess for a d20 against 11 to 14).
FAIL_CHANCE = 0.55
# A wound is bad enough to heal when hit points are at or below this share of the maximum.
BADLY_HURT = 0.5


@dataclass(frozen=True, slots=True)
class Option:
    """One thing the AI could do this turn, its worth in hit points, and why it would."""

    value: float
    command: Command
    reason: str


# ----------------------------------------------------------------------------------------- the dice
def spell_damage(effect: SpellEffect, caster_level: int) -> float:
    """The mean damage of a damage effect at a caster level (fixed dice plus dice per levels)."""
    total = Dice.parse(effect.dice).average if effect.dice else 0.0
    if effect.per_level:
        levels = min(caster_level, effect.max_levels) if effect.max_levels else caster_level
        total += Dice.parse(effect.per_level).average * math.ceil(max(levels, 1) / effect.per_levels)
    return total


def _landing(save: SaveEffect) -> float:
    """The share of a damage roll that lands on average, given how a save changes it."""
    if save is SaveEffect.HALF:
        return FAIL_CHANCE + (1 - FAIL_CHANCE) / 2
    if save is SaveEffect.NEGATES:
        return FAIL_CHANCE
    return 1.0


def _hit_value(
    spell: SpellDef, effect: SpellEffect, victim: Creature, caster: Creature, content: Content
) -> float:
    """What one spell effect on one creature is worth, whoever the creature is."""
    if effect.type == "damage":
        if immune(victim, "damage", content, effect.damage_type):
            return 0.0
        return min(spell_damage(effect, caster.level) * _landing(spell.save), float(max(victim.hp, 0)))
    if effect.type == "heal":
        missing = victim.max_hp - victim.hp
        healed = min(spell_damage(effect, caster.level), float(missing))
        badly = victim.hp <= victim.max_hp * BADLY_HURT
        return healed * (1.5 if badly else 0.3)
    if effect.type == "effect" and effect.effect is not None:
        kind = effect.effect
        if kind in HELPFUL:
            return HELP_VALUE if not any(other.kind == kind for other in victim.effects) else 0.0
        weight = DISABLING.get(kind)
        if weight is None or immune(victim, kind, content) or _resists(effect, victim, content):
            return 0.0
        if modifiers(victim.effects).helpless:
            return 0.0
        chance = 1.0 if spell.save is SaveEffect.NONE else FAIL_CHANCE
        return weight * min(float(victim.hp), DISABLE_CAP) * chance
    return 0.0


def _resists(effect: SpellEffect, victim: Creature, content: Content) -> bool:
    """Too big for the spell: over its hit dice limit, or not a person for a person-only charm."""
    if effect.max_hd is not None and victim.level > effect.max_hd:
        return True
    if effect.persons_only and victim.monster is not None:
        definition = content.monsters.get(victim.monster)
        return definition is not None and definition.size is Size.LARGE
    return False


def _helps(effect: SpellEffect) -> bool:
    return effect.type == "heal" or (effect.type == "effect" and effect.effect in HELPFUL)


# ------------------------------------------------------------------------------------------ spells
def _in_range(level: Level, origin: Point, aim: Point, reach: int) -> bool:
    return distance(origin, aim) <= reach and line_of_sight(level, origin, aim)


def _worth(
    spell: SpellDef, caster: Creature, hit: list[Creature], friends: set[str], content: Content
) -> tuple[float, int]:
    """A spell's worth on the creatures it touches, and how many foes it touches to some effect."""
    value = 0.0
    foes_touched = 0
    for victim in hit:
        friendly = victim.id in friends
        for effect in spell.effects:
            if (effect.affects == "allies" and not friendly) or (effect.affects == "enemies" and friendly):
                continue
            worth = _hit_value(spell, effect, victim, caster, content)
            if _helps(effect):
                value += worth if friendly else -worth
            elif friendly:
                value -= worth * FRIENDLY_FIRE
            else:
                value += worth
                foes_touched += 1 if worth > 0 else 0
    return value, foes_touched


def _sleep_pool(spell: SpellDef, hit: list[Creature]) -> list[Creature]:
    """Sleep takes the weakest first until its pool of hit dice runs out: keep only those (on average)."""
    pool_effect = next((effect for effect in spell.effects if effect.hd_pool), None)
    if pool_effect is None or pool_effect.hd_pool is None:
        return hit
    pool = Dice.parse(pool_effect.hd_pool).average
    kept: list[Creature] = []
    for victim in sorted(hit, key=lambda creature: (creature.level, creature.id)):
        if pool < victim.level:
            break
        pool -= victim.level
        kept.append(victim)
    return kept


def spell_options(
    scene: Scene, caster: Creature, foes: list[Creature], allies: list[Creature], content: Content
) -> list[Option]:
    """Every spell the caster has memorised, aimed at its best target from where it stands."""
    if caster.position is None or not any(caster.memorised.values()):
        return []
    silenced = modifiers(caster.effects).silenced
    friends = {ally.id for ally in allies} | {caster.id}
    spell_ids = sorted({spell for spells in caster.memorised.values() for spell in spells})
    options: list[Option] = []
    for spell_id in spell_ids:
        spell = content.spells.get(spell_id)
        if spell is None or (silenced and spell.verbal):
            continue
        option = _best_aim(scene, caster, spell, foes, allies, friends, content)
        if option is not None:
            options.append(option)
    return options


def _best_aim(
    scene: Scene,
    caster: Creature,
    spell: SpellDef,
    foes: list[Creature],
    allies: list[Creature],
    friends: set[str],
    content: Content,
) -> Option | None:
    origin = caster.position
    assert origin is not None
    helpful = all(_helps(effect) for effect in spell.effects)
    best: Option | None = None
    if spell.target in ("area", "point") and spell.area is not None:
        every = [*foes, *allies, caster]
        centres = sorted(
            {creature.position for creature in ([*allies, caster] if helpful else foes) if creature.position}
        )
        for centre in centres:
            if not _in_range(scene.level, origin, centre, max(spell.range, 1)):
                continue
            squares = set(areas.area_squares(scene.level, origin, centre, spell.area))
            hit = sorted((creature for creature in every if creature.position in squares), key=lambda c: c.id)
            hit = _sleep_pool(spell, hit) if not helpful else hit
            value, touched = _worth(spell, caster, hit, friends, content)
            if value <= 0 or (best is not None and value <= best.value):
                continue
            reason = (
                f"{spell.name} on {touched} clustered enemies"
                if touched >= 2
                else f"{spell.name} to help {len(hit)} allies"
                if helpful
                else f"{spell.name} on {describe(hit[0]) if len(hit) == 1 else 'the enemy'}"
            )
            best = Option(value, Cast(caster.id, spell.id, point=centre), reason)
        return best
    if spell.target == "self":
        targets = [caster]
    elif spell.target == "ally" or (spell.target == "creature" and helpful):
        targets = sorted([*allies, caster], key=lambda creature: creature.id)
    else:
        targets = foes
    for target in targets:
        if target.position is None:
            continue
        if target.id != caster.id and not _in_range(
            scene.level, origin, target.position, max(spell.range, 1)
        ):
            continue
        value, _ = _worth(spell, caster, [target], friends, content)
        if value <= 0 or (best is not None and value <= best.value):
            continue
        if any(effect.type == "heal" for effect in spell.effects):
            reason = f"heal {describe(target)} ({target.hp}/{target.max_hp} HP) with {spell.name}"
        elif helpful:
            reason = f"{spell.name} on {'itself' if target.id == caster.id else describe(target)}"
        else:
            reason = f"{spell.name} on {describe(target)}"
        best = Option(value, Cast(caster.id, spell.id, target=target.id), reason)
    return best


# ------------------------------------------------------------------------------------------ breath
def breath_option(
    scene: Scene, breather: Creature, foes: list[Creature], allies: list[Creature], content: Content
) -> Option | None:
    """The best aim for a breath weapon: the square whose area catches the most foes and fewest friends."""
    ability = ability_of(breather, "breath", content)
    origin = breather.position
    if ability is None or ability.area is None or ability.damage is None or origin is None:
        return None
    if uses_left(breather, ability) == 0:
        return None
    damage = Dice.parse(ability.damage).average * _landing(SaveEffect.HALF)
    kind = ability.damage_type or "fire"
    best: Option | None = None
    for foe in foes:
        aim = foe.position
        if aim is None or aim == origin or distance(origin, aim) > ability.area.size:
            continue
        squares = set(areas.area_squares(scene.level, origin, aim, ability.area))
        caught = [creature for creature in foes if creature.position in squares]
        burnt = [
            creature for creature in allies if creature.position in squares and creature.id != breather.id
        ]
        value = sum(
            min(damage, float(creature.hp))
            for creature in caught
            if not immune(creature, "damage", content, kind)
        )
        value -= FRIENDLY_FIRE * sum(min(damage, float(creature.hp)) for creature in burnt)
        if value <= 0 or (best is not None and value <= best.value):
            continue
        reason = (
            f"breathe {kind} on {len(caught)} clustered enemies"
            if len(caught) >= 2
            else f"breathe {kind} on {describe(foe)}"
        )
        best = Option(value, UseAbility(breather.id, "breath", point=aim), reason)
    return best
