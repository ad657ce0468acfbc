"""Making a new character: scores, race, class, hit points, gold, kit and spellbook.

Three ways to get the six scores:

- `roll`: 4d6, dropping the lowest die, six times. Each roll goes where the player's priority says (the
  highest to the first ability named), or, by default, to the class's prime requisites first.
- `standard_array`: 15, 14, 13, 12, 10 and 8, given out as the player says (`scores`) or by priority.
- `point_buy`: every score starts at 8 and the player spends up to 32 points, raising a score to at
  most 18. Costs grow with the score: 9 costs 1, 10 costs 2, 11 costs 3, 12 costs 4, 13 costs 5, 14 costs
  6, 15 costs 8, 16 costs 10, 17 costs 13 and 18 costs 16 (the total for that score, not per step).

Then the race's adjustments are added, scores above the race's maximum come down to it, and the race's
and the class's minimums are checked. A new character has the maximum of its hit die plus its CON
bonus in hit points, its class's starting gold and kit (worn where it fits), and, for a mage, a
spellbook of the class's starting spells plus one first-level spell of the player's choice. A cleric
knows every prayer of the levels it can cast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from goldbox.game.dice import roll
from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Abilities, Ability
from goldbox.game.rpg.abilities_tables import constitution_hit_points
from goldbox.game.rpg.content import CasterKind, ClassDef, Content, RaceDef
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.equipment import equip
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.progression import learn_divine_spells

STANDARD_ARRAY = (15, 14, 13, 12, 10, 8)
POINT_BUY_BUDGET = 32
POINT_BUY_COSTS: dict[int, int] = {
    8: 0,
    9: 1,
    10: 2,
    11: 3,
    12: 4,
    13: 5,
    14: 6,
    15: 8,
    16: 10,
    17: 13,
    18: 16,
}
ROLL_DICE = "4d6kh3"
GOLD_MULTIPLIER = 10  # starting gold is rolled in tens of gold pieces
NAME_LENGTH = 24
MIN_SCORE, MAX_SCORE = 3, 18
_NAME_MARKS = frozenset(" '-")


class CreationMethod(StrEnum):
    ROLL = "roll"
    POINT_BUY = "point_buy"
    STANDARD_ARRAY = "standard_array"


# ------------------------------------------------------------------------------------------- scores
def rolled_scores(rng: Rng) -> list[int]:
    """Six rolls of 4d6, dropping the lowest die of each."""
    return [roll(ROLL_DICE, rng) for _ in Ability]


def point_buy_cost(scores: Mapping[Ability, int]) -> int:
    """What a point-buy spread costs; a score outside 8..18 is a CREATE_INVALID_POINT_BUY error."""
    for ability, score in scores.items():
        if score not in POINT_BUY_COSTS:
            raise RuleError(
                "CREATE_INVALID_POINT_BUY",
                f"Point-buy {ability.value.upper()} must be 8 to 18, not {score}.",
                ability=ability.value,
                value=score,
            )
    return sum(POINT_BUY_COSTS[score] for score in scores.values())


def default_priority(class_def: ClassDef) -> list[Ability]:
    """Which abilities get the best scores by default: prime requisites, then the class's other
    minimums (highest first), then CON, DEX, STR, WIS, INT and CHA."""
    order = list(class_def.prime_requisites)
    for ability, _minimum in sorted(
        class_def.minimums.items(), key=lambda pair: (-pair[1], list(Ability).index(pair[0]))
    ):
        if ability not in order:
            order.append(ability)
    for ability in (Ability.CON, Ability.DEX, Ability.STR, Ability.WIS, Ability.INT, Ability.CHA):
        if ability not in order:
            order.append(ability)
    return order


def _priority(chosen: Sequence[Ability] | None, class_def: ClassDef) -> list[Ability]:
    if chosen is None:
        return default_priority(class_def)
    if len(set(chosen)) != len(chosen):
        raise RuleError("CREATE_BAD_PRIORITY", "Name each ability at most once in the priority.")
    return [*chosen, *(ability for ability in default_priority(class_def) if ability not in chosen)]


def _arrange(values: Sequence[int], priority: Sequence[Ability]) -> dict[Ability, int]:
    """The highest value to the first ability of the priority, and so on down."""
    return dict(zip(priority, sorted(values, reverse=True), strict=True))


def base_scores(
    method: CreationMethod,
    class_def: ClassDef,
    rng: Rng,
    scores: Mapping[Ability, int] | None,
    priority: Sequence[Ability] | None,
) -> dict[Ability, int]:
    """The six scores before racial adjustments, by the chosen method."""
    if method is CreationMethod.ROLL:
        if scores is not None:
            raise RuleError(
                "CREATE_SCORES_NOT_ALLOWED", "Rolled scores come from the dice; give a priority instead."
            )
        return _arrange(rolled_scores(rng), _priority(priority, class_def))
    if method is CreationMethod.STANDARD_ARRAY:
        if scores is None:
            return _arrange(STANDARD_ARRAY, _priority(priority, class_def))
        if set(scores) != set(Ability) or sorted(scores.values()) != sorted(STANDARD_ARRAY):
            raise RuleError(
                "CREATE_INVALID_ARRAY",
                "Give each of the six abilities one of 15, 14, 13, 12, 10 and 8, each used once.",
            )
        return dict(scores)
    if scores is None or set(scores) != set(Ability):
        raise RuleError(
            "CREATE_INVALID_POINT_BUY", "Point-buy needs a score (8 to 18) for each of the six abilities."
        )
    cost = point_buy_cost(scores)
    if cost > POINT_BUY_BUDGET:
        raise RuleError(
            "CREATE_INVALID_POINT_BUY",
            f"Those scores cost {cost} points; the budget is {POINT_BUY_BUDGET}.",
            cost=cost,
            budget=POINT_BUY_BUDGET,
        )
    return dict(scores)


def adjusted_scores(scores: Mapping[Ability, int], race: RaceDef, class_def: ClassDef) -> Abilities:
    """Scores with the race's adjustments, capped at its maximums; below a minimum is an error."""
    final: dict[Ability, int] = {}
    for ability in Ability:
        score = scores[ability] + race.adjustments.get(ability, 0)
        score = min(score, race.maximums.get(ability, MAX_SCORE + 1), MAX_SCORE + 1)
        final[ability] = max(score, MIN_SCORE)
    for who, minimums in ((race.name, race.minimums), (class_def.name, class_def.minimums)):
        for ability, minimum in minimums.items():
            if final[ability] < minimum:
                raise RuleError(
                    "CREATE_BELOW_MINIMUM",
                    f"A {who.lower()} needs {ability.value.upper()} {minimum} or more; this character has "
                    f"{final[ability]}.",
                    ability=ability.value,
                    value=final[ability],
                    minimum=minimum,
                )
    return Abilities(**{ability.value: score for ability, score in final.items()})


# ---------------------------------------------------------------------------------------- the sheet
def check_name(name: str) -> str:
    """A character's name, trimmed: letters, digits, spaces, apostrophes and hyphens, up to 24."""
    trimmed = " ".join(name.split())
    if not trimmed or len(trimmed) > NAME_LENGTH:
        raise RuleError("CREATE_BAD_NAME", f"A name needs 1 to {NAME_LENGTH} characters.")
    if not trimmed[0].isalpha() or any(not (char.isalnum() or char in _NAME_MARKS) for char in trimmed):
        raise RuleError(
            "CREATE_BAD_NAME", "A name starts with a letter and holds only letters, digits, spaces, ' and -."
        )
    return trimmed


def _race_and_class(race_id: str, class_id: str, content: Content) -> tuple[RaceDef, ClassDef]:
    race = content.races.get(race_id)
    if race is None:
        raise RuleError("CREATE_UNKNOWN_RACE", f"There is no race called {race_id!r}.", race=race_id)
    class_def = content.classes.get(class_id)
    if class_def is None:
        raise RuleError("CREATE_UNKNOWN_CLASS", f"There is no class called {class_id!r}.", class_id=class_id)
    if class_id not in race.classes:
        allowed = ", ".join(
            content.classes[other].name.lower() for other in race.classes if other in content.classes
        )
        raise RuleError(
            "CREATE_CLASS_NOT_ALLOWED",
            f"A {race.name.lower()} cannot be a {class_def.name.lower()}; a {race.name.lower()} may be: {allowed}.",
            race=race_id,
            class_id=class_id,
        )
    return race, class_def


def spell_choices(class_def: ClassDef, content: Content) -> list[str]:
    """The first-level mage spells a new member of the class may add to its starting spellbook; none
    for a class that starts without one."""
    if class_def.caster is not CasterKind.ARCANE or class_def.casts_from_level > 1:
        return []
    book = class_def.starting_spells
    return sorted(
        spell.id
        for spell in content.spells.values()
        if spell.caster is CasterKind.ARCANE and spell.level == 1 and spell.id not in book
    )


def _extra_spell(class_def: ClassDef, chosen: str | None, content: Content) -> list[str]:
    """The one first-level spell a new mage adds to the class's starting spellbook."""
    book = list(class_def.starting_spells)
    for spell_id in book:
        content.spell(spell_id)
    choices = spell_choices(class_def, content)
    if chosen is None:
        return book + choices[:1]
    if chosen not in choices:
        raise RuleError(
            "CREATE_BAD_SPELL",
            f"{chosen!r} is not a first-level mage spell missing from the spellbook; choose from {', '.join(choices)}.",
            spell=chosen,
        )
    return [*book, chosen]


def _kit(creature_id: str, class_def: ClassDef, content: Content) -> list[ItemInstance]:
    items: list[ItemInstance] = []
    for item_id, quantity in class_def.starting_kit.items():
        definition = content.item(item_id)
        copies = [quantity] if definition.stackable else [1] * quantity
        for count in copies:
            items.append(
                ItemInstance(
                    uid=f"{creature_id}-item-{len(items) + 1}",
                    base=item_id,
                    quantity=count,
                    charges=definition.charges,
                )
            )
    return items


def _wear_kit(creature: Creature, content: Content) -> None:
    """Equip the starting kit where it fits, in kit order; what does not fit is carried."""
    for item in list(creature.inventory):
        slot = content.item(item.base).slot
        if slot is None or (slot != "ring" and slot in creature.equipped):
            continue
        try:
            equip(creature, item.uid, content)
        except RuleError:
            continue  # not for this class, or no hand free: it stays in the pack


def create_character(
    content: Content,
    rng: Rng,
    *,
    creature_id: str,
    name: str,
    race_id: str,
    class_id: str,
    method: CreationMethod,
    scores: Mapping[Ability, int] | None = None,
    priority: Sequence[Ability] | None = None,
    extra_spell: str | None = None,
    side: Side = Side.PARTY,
) -> Creature:
    """A new level-1 character, or a RuleError naming the first thing that makes it impossible."""
    trimmed = check_name(name)
    race, class_def = _race_and_class(race_id, class_id, content)
    abilities = adjusted_scores(base_scores(method, class_def, rng, scores, priority), race, class_def)
    spellbook: list[str] = []
    if class_def.caster is CasterKind.ARCANE and class_def.casts_from_level <= 1:
        spellbook = _extra_spell(class_def, extra_spell, content)
    elif extra_spell is not None:
        raise RuleError("CREATE_BAD_SPELL", f"A {class_def.name.lower()} does not keep a spellbook.")
    kit = _kit(creature_id, class_def, content)
    hp = max(1, class_def.hit_die + constitution_hit_points(abilities.con, warrior=class_def.warrior))
    creature = Creature(
        id=creature_id,
        name=trimmed,
        side=side,
        abilities=abilities,
        hp=hp,
        max_hp=hp,
        race=race.id,
        class_id=class_def.id,
        gold=roll(class_def.starting_gold, rng) * GOLD_MULTIPLIER,
        inventory=kit,
        spellbook=spellbook,
    )
    _wear_kit(creature, content)
    learn_divine_spells(creature, content)
    return creature
