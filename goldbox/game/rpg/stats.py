"""Derived statistics: what a creature's scores, race, class, gear and effects add up to.

Nothing here is stored on the creature. Armour class, THAC0, saving throws, movement and the attack
bonuses are computed each time from what the creature *is*, so equipping chain mail or drinking a
potion of speed changes them at once and undoing it leaves no trace.

Armour class is descending: 10 is unarmoured and lower is better. Characters take THAC0 and saves from
their class table at their level; monsters take AC, THAC0 and movement from their definition and save
as a fighter of as many levels as they have hit dice.
"""

from __future__ import annotations

from goldbox.game.errors import RuleError
from goldbox.game.rpg.abilities import Ability
from goldbox.game.rpg.abilities_tables import (
    constitution_hit_points,
    dexterity_armour_class,
    dexterity_missile,
    strength_damage,
    strength_to_hit,
    wisdom_magic_defence,
)
from goldbox.game.rpg.content import (
    ClassDef,
    Content,
    ItemDef,
    ItemKind,
    MonsterDef,
    RaceDef,
    SaveCategory,
    Size,
)
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.effects import modifiers
from goldbox.game.rpg.encumbrance import (
    Encumbrance,
    carried_weight,
    encumbered_movement,
    encumbrance_band,
)
from goldbox.game.rpg.items import ItemInstance

MAX_LEVEL = 10
MONSTER_SAVE_CLASS = "fighter"  # monsters save as fighters of their hit dice
DEFAULT_MOVEMENT = 12
BEST_AC, WORST_AC = -10, 10
# saves against these are helped by a hardy race's constitution (dwarves, halflings, gnomes)
_CON_SAVES = frozenset({SaveCategory.ROD, SaveCategory.SPELL})


# ------------------------------------------------------------------------------------------ lookups
def class_of(creature: Creature, content: Content) -> ClassDef | None:
    """The class of a character; None for a monster."""
    if creature.class_id is None:
        return None
    try:
        return content.classes[creature.class_id]
    except KeyError:
        raise RuleError("UNKNOWN_CLASS", f"There is no class called {creature.class_id!r}.") from None


def race_of(creature: Creature, content: Content) -> RaceDef | None:
    """The race of a character; None for a monster (or a character of no race)."""
    if creature.race is None:
        return None
    try:
        return content.races[creature.race]
    except KeyError:
        raise RuleError("UNKNOWN_RACE", f"There is no race called {creature.race!r}.") from None


def monster_of(creature: Creature, content: Content) -> MonsterDef | None:
    """The definition of a monster; None for a character."""
    return None if creature.monster is None else content.monster(creature.monster)


def equipped_items(creature: Creature, content: Content) -> list[tuple[str, ItemInstance, ItemDef]]:
    """(slot, item, definition) for everything worn or wielded, in slot-name order."""
    by_uid = {item.uid: item for item in creature.inventory}
    worn = []
    for slot in sorted(creature.equipped):
        item = by_uid.get(creature.equipped[slot])
        if item is not None:
            worn.append((slot, item, content.item(item.base)))
    return worn


def _in_slot(creature: Creature, slot: str, content: Content) -> tuple[ItemInstance, ItemDef] | None:
    for worn_slot, item, definition in equipped_items(creature, content):
        if worn_slot == slot:
            return item, definition
    return None


def _level_index(level: int) -> int:
    return min(max(level, 1), MAX_LEVEL) - 1


# ---------------------------------------------------------------------------------------- abilities
def ability(creature: Creature, which: Ability) -> int:
    """An ability score with the creature's effects (a potion of giant strength, a ray of enfeeblement)."""
    change = modifiers(creature.effects).stats.get(which.value, 0)
    return min(max(creature.abilities.score(which) + change, 1), 25)


def hit_points_per_die(creature: Creature, content: Content) -> int:
    """The CON bonus added to each hit die this character rolls."""
    class_def = class_of(creature, content)
    warrior = class_def.warrior if class_def is not None else False
    return constitution_hit_points(creature.abilities.con, warrior=warrior)


def size(creature: Creature, content: Content) -> Size:
    """Small, medium or large: which of a weapon's two damage dice hits this creature."""
    monster = monster_of(creature, content)
    if monster is not None:
        return monster.size
    race = race_of(creature, content)
    return race.size if race is not None else Size.MEDIUM


# ------------------------------------------------------------------------------------- armour class
def _magic(item: ItemInstance, enchantment: str) -> int:
    """How many times an item carries an enchantment (each counts for one point)."""
    return sum(1 for name in item.enchantments if name == enchantment)


def armour_class(creature: Creature, content: Content) -> int:
    """Descending AC: body armour's base AC (10 without), better by shield, rings, DEX and effects."""
    effects = modifiers(creature.effects)
    monster = monster_of(creature, content)
    if monster is not None:
        total = monster.ac
    else:
        total = 10
        for _slot, item, definition in equipped_items(creature, content):
            warding = item.bonus + _magic(item, "warding")
            if definition.kind is ItemKind.ARMOUR and definition.ac is not None:
                total -= 10 - definition.ac + warding
            elif definition.kind in (ItemKind.SHIELD, ItemKind.RING):
                total -= definition.ac_bonus + warding
        if not effects.helpless:  # a sleeping or held creature cannot dodge
            total += dexterity_armour_class(ability(creature, Ability.DEX))
    total += effects.ac
    return min(max(total, BEST_AC), WORST_AC)


# ------------------------------------------------------------------------------------------- attack
def thac0(creature: Creature, content: Content) -> int:
    """To hit armour class 0: the d20 roll needed is THAC0 minus the target's AC, less any bonus."""
    monster = monster_of(creature, content)
    if monster is not None:
        return monster.thac0
    class_def = class_of(creature, content)
    if class_def is None:
        return 20
    return class_def.thac0[_level_index(creature.level)]


def _weapon_magic(item: ItemInstance, enchantment: str) -> int:
    return item.bonus + _magic(item, enchantment)


def melee_to_hit_bonus(creature: Creature, content: Content) -> int:
    """Added to a melee attack roll: STR, the weapon's plus and accuracy, and effects such as bless."""
    total = strength_to_hit(ability(creature, Ability.STR)) + modifiers(creature.effects).to_hit
    weapon = _in_slot(creature, "weapon", content)
    if weapon is not None and not weapon[1].ranged:
        total += _weapon_magic(weapon[0], "accuracy")
    return total


def melee_damage_bonus(creature: Creature, content: Content) -> int:
    """Added to melee damage: STR, the weapon's plus and might, and effects."""
    total = strength_damage(ability(creature, Ability.STR)) + modifiers(creature.effects).damage
    weapon = _in_slot(creature, "weapon", content)
    if weapon is not None and not weapon[1].ranged:
        total += _weapon_magic(weapon[0], "might")
    return total


def missile_to_hit_bonus(creature: Creature, content: Content) -> int:
    """Added to a missile attack roll: DEX, the launcher's and the ammunition's pluses, and effects."""
    total = dexterity_missile(ability(creature, Ability.DEX)) + modifiers(creature.effects).to_hit
    launcher = _in_slot(creature, "weapon", content)
    if launcher is not None and launcher[1].ranged:
        total += _weapon_magic(launcher[0], "accuracy")
    ammunition = _in_slot(creature, "ammunition", content)
    if ammunition is not None:
        total += ammunition[0].bonus
    return total


def missile_damage_bonus(creature: Creature, content: Content) -> int:
    """Added to missile damage: the launcher's and the ammunition's pluses and might, and effects (no STR)."""
    total = modifiers(creature.effects).damage
    launcher = _in_slot(creature, "weapon", content)
    if launcher is not None and launcher[1].ranged:
        total += _weapon_magic(launcher[0], "might")
    ammunition = _in_slot(creature, "ammunition", content)
    if ammunition is not None:
        total += ammunition[0].bonus
    return total


# ------------------------------------------------------------------------------------ saving throws
def monster_save_level(monster: MonsterDef) -> int:
    """The fighter level a monster saves as: its hit dice, one more for a bonus ("4+4"), 1 to 10."""
    level = int(monster.hit_dice) + (1 if monster.hp_bonus > 0 else 0)
    return min(max(level, 1), MAX_LEVEL)


def saving_throw(creature: Creature, category: SaveCategory, content: Content) -> int:
    """The d20 roll (or higher) that saves, 2 to 20: the class table, less every bonus that applies."""
    monster = monster_of(creature, content)
    if monster is not None:
        table = content.classes.get(MONSTER_SAVE_CLASS)
        if table is None:
            raise RuleError(
                "UNKNOWN_CLASS", f"Monsters save as a {MONSTER_SAVE_CLASS}, which is not defined."
            )
        base = table.saves[category][_level_index(monster_save_level(monster))]
    else:
        class_def = class_of(creature, content)
        if class_def is None:
            raise RuleError("SAVE_NO_TABLE", f"{creature.name} has neither a class nor a monster kind.")
        base = class_def.saves[category][_level_index(creature.level)]
    return min(max(base - save_bonus(creature, category, content), 2), 20)


def save_bonus(creature: Creature, category: SaveCategory, content: Content) -> int:
    """Every bonus to a save: effects, fortitude, rings of protection, WIS against spells, hardy races."""
    bonus = modifiers(creature.effects).saves
    for _slot, item, definition in equipped_items(creature, content):
        bonus += _magic(item, "fortitude")
        if definition.kind is ItemKind.RING:
            bonus += definition.ac_bonus + item.bonus
    if category is SaveCategory.SPELL:
        bonus += wisdom_magic_defence(ability(creature, Ability.WIS))
    race = race_of(creature, content)
    if race is not None and race.save_bonus_from_con and category in _CON_SAVES:
        bonus += ability(creature, Ability.CON) * 2 // 7  # +1 per 3.5 points
    return bonus


# ------------------------------------------------------------------------------------------ movement
def encumbrance(creature: Creature, content: Content) -> Encumbrance:
    """How burdened a character is by its gear and gold; monsters are never encumbered."""
    if creature.monster is not None:
        return Encumbrance.UNENCUMBERED
    return encumbrance_band(carried_weight(creature, content), ability(creature, Ability.STR))


def base_movement(creature: Creature, content: Content) -> int:
    """Squares per combat turn, unburdened and unhurried: the race's (characters) or the monster's."""
    monster = monster_of(creature, content)
    if monster is not None:
        return monster.movement
    race = race_of(creature, content)
    return race.movement if race is not None else DEFAULT_MOVEMENT


def movement(creature: Creature, content: Content) -> int:
    """Squares per combat turn: base movement, slowed by encumbrance, doubled by haste, halved by slow."""
    effects = modifiers(creature.effects)
    if effects.immobile or effects.helpless:
        return 0
    squares = encumbered_movement(base_movement(creature, content), encumbrance(creature, content))
    if squares == 0:
        return 0
    return max(1, int(squares * effects.speed))
