"""Experience and levels: each class's XP table, level-ups to level 10, and spell slots by level.

THAC0, saving throws and spell slots follow from the level through the class tables (see `stats`), so a
level-up changes only the level, the hit points and the spells known: a priest knows every prayer of the
levels it can cast, a mage learns one new spell at each level-up (`spell.learned` {creature, spell,
how: "level"}), drawn with the rng from the arcane spells of a level it can cast that it does not know,
in id order; with none left it learns nothing. Hit points are
rolled with the class's hit die plus the CON bonus (at least 1) up to the class's last hit-die level,
then a fixed amount. Races may stop a class short of level 10 (a dwarf fighter stops at 9).
"""

from __future__ import annotations

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities_tables import (
    constitution_hit_points,
    intelligence_max_spell_level,
    wisdom_bonus_spells,
)
from goldbox.game.rpg.content import CasterKind, ClassDef, Content
from goldbox.game.rpg.creature import Creature, Status
from goldbox.game.rpg.stats import MAX_LEVEL, class_of, race_of

SPELL_LEVELS = (1, 2, 3, 4)
PRIME_REQUISITE_SCORE = 16  # every prime requisite at least this: +10% experience


def _class(class_id: str, content: Content) -> ClassDef:
    try:
        return content.classes[class_id]
    except KeyError:
        raise RuleError("UNKNOWN_CLASS", f"There is no class called {class_id!r}.") from None


def even_shares(total: int, count: int) -> list[int]:
    """`total` (XP or gold) split evenly among `count` party members, the remainder to the first."""
    share, rest = divmod(total, count)
    return [share + rest] + [share] * (count - 1)


def xp_for_level(class_id: str, level: int, content: Content) -> int:
    """Experience a member of the class needs to reach a level (1 to 10)."""
    if not 1 <= level <= MAX_LEVEL:
        raise RuleError("LEVEL_OUT_OF_RANGE", f"Levels run from 1 to {MAX_LEVEL}, not {level}.")
    return _class(class_id, content).xp_table[level - 1]


def level_for_xp(class_id: str, xp: int, content: Content) -> int:
    """The level this much experience earns in the class (ignoring racial limits)."""
    table = _class(class_id, content).xp_table
    return max(level for level in range(1, MAX_LEVEL + 1) if table[level - 1] <= xp)


def level_limit(creature: Creature, content: Content) -> int:
    """The highest level the creature's race lets it reach in its class."""
    race = race_of(creature, content)
    if race is None or creature.class_id is None:
        return MAX_LEVEL
    return min(MAX_LEVEL, race.level_limits.get(creature.class_id, MAX_LEVEL))


def has_prime_requisite_bonus(creature: Creature, content: Content) -> bool:
    """Whether every prime requisite is 16 or more, for +10% experience."""
    class_def = class_of(creature, content)
    if class_def is None or not class_def.prime_requisites:
        return False
    return all(
        creature.abilities.score(ability) >= PRIME_REQUISITE_SCORE for ability in class_def.prime_requisites
    )


def award_xp(creature: Creature, xp: int, content: Content, rng: Rng) -> list[Event]:
    """Give a character experience (+10% for high prime requisites) and every level-up it earns."""
    class_def = class_of(creature, content)
    if class_def is None:
        raise RuleError("XP_NOT_A_CHARACTER", f"{creature.name} is not a character and gains no experience.")
    if xp < 0:
        raise RuleError("XP_NEGATIVE", f"Experience is only ever gained, not {xp}.")
    gained = xp + (xp // 10 if has_prime_requisite_bonus(creature, content) else 0)
    creature.xp += gained
    events = [Event("xp.gained", {"creature": creature.id, "amount": gained, "xp": creature.xp})]
    target = min(level_for_xp(class_def.id, creature.xp, content), level_limit(creature, content))
    while creature.level < target:
        events.append(level_up(creature, class_def, content, rng))
        if class_def.caster is CasterKind.ARCANE:
            events += learn_arcane_spell(creature, content, rng)
    return events


def hit_points_gained(creature: Creature, class_def: ClassDef, new_level: int, rng: Rng) -> int:
    """Hit points for reaching a level: a roll of the hit die plus CON (at least 1), or the fixed amount."""
    if new_level > class_def.hit_dice_levels:
        return class_def.hp_after_hit_dice
    bonus = constitution_hit_points(creature.abilities.con, warrior=class_def.warrior)
    return max(1, rng.randint(1, class_def.hit_die) + bonus)


def level_up(creature: Creature, class_def: ClassDef, content: Content, rng: Rng) -> Event:
    """Advance one level: more hit points (wounds stay as they were), and new prayers for priests."""
    gain = hit_points_gained(creature, class_def, creature.level + 1, rng)
    creature.level += 1
    creature.max_hp += gain
    if creature.status is Status.ACTIVE:
        creature.hp = min(creature.hp + gain, creature.max_hp)
    if class_def.caster is CasterKind.DIVINE:
        learn_divine_spells(creature, content)
    return Event("level.up", {"creature": creature.id, "level": creature.level, "hp_gain": gain})


def spell_slots(creature: Creature, content: Content) -> dict[int, int]:
    """Spell level -> slots, for the levels with at least one: the class table at the creature's level,
    plus wisdom's bonus spells for clerics, up to the highest level a mage's intelligence allows."""
    class_def = class_of(creature, content)
    if class_def is None or class_def.caster is None or creature.level < class_def.casts_from_level:
        return {}
    table = class_def.spell_slots.get(min(creature.level, MAX_LEVEL), [])
    counts = [table[index] if index < len(table) else 0 for index in range(len(SPELL_LEVELS))]
    if class_def.bonus_spells_from_wis:
        bonus = wisdom_bonus_spells(creature.abilities.wis)
        counts = [count + extra if count > 0 else 0 for count, extra in zip(counts, bonus, strict=True)]
    if class_def.caster is CasterKind.ARCANE:
        highest = intelligence_max_spell_level(creature.abilities.int)
        counts = [count if level <= highest else 0 for level, count in zip(SPELL_LEVELS, counts, strict=True)]
    return {level: count for level, count in zip(SPELL_LEVELS, counts, strict=True) if count > 0}


def divine_spells(class_def: ClassDef, levels: set[int] | frozenset[int], content: Content) -> list[str]:
    """Every spell of the class's kind at these spell levels, by id: what a priest knows."""
    return sorted(
        spell.id
        for spell in content.spells.values()
        if spell.caster is class_def.caster and spell.level in levels
    )


def learn_divine_spells(creature: Creature, content: Content) -> None:
    """A priest knows every prayer of each level it has slots for; add the ones it did not know."""
    class_def = class_of(creature, content)
    if class_def is None or class_def.caster is not CasterKind.DIVINE:
        return
    known = set(creature.spellbook)
    for spell_id in divine_spells(class_def, frozenset(spell_slots(creature, content)), content):
        if spell_id not in known:
            creature.spellbook.append(spell_id)


def learnable_arcane_spells(creature: Creature, content: Content) -> list[str]:
    """The arcane spells of levels the creature can cast that are not yet in its spellbook, by id."""
    levels = frozenset(spell_slots(creature, content))
    known = set(creature.spellbook)
    return sorted(
        spell.id
        for spell in content.spells.values()
        if spell.caster is CasterKind.ARCANE and spell.level in levels and spell.id not in known
    )


def learn_arcane_spell(creature: Creature, content: Content, rng: Rng) -> list[Event]:
    """A mage's level-up study: one new spell of a level it can cast, drawn with the rng, if any is left."""
    choices = learnable_arcane_spells(creature, content)
    if not choices:
        return []
    spell_id = rng.choice(choices)
    creature.spellbook.append(spell_id)
    return [Event("spell.learned", {"creature": creature.id, "spell": spell_id, "how": "level"})]
