"""The ability bonus tables of AD&D (Players Handbook, first edition), for scores 3 to 25.

Scores below 3 read as 3 and above 25 as 25. Exceptional strength (18/xx) is not used: an 18 is an
18, and scores above 18 (from magic) follow the giant strength rows.
"""

from __future__ import annotations

LOWEST_SCORE = 3
HIGHEST_SCORE = 25


def _row(table: tuple[int, ...], score: int) -> int:
    """The entry of a table that starts at score 3."""
    return table[min(max(score, LOWEST_SCORE), HIGHEST_SCORE) - LOWEST_SCORE]


# fmt: off
# Each table lists scores 3, 4, ... 25 in order.
_STR_HIT = (-3, -2, -2, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3, 3, 4, 4, 5, 6, 7)
_STR_DAMAGE = (-1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 7, 8, 9, 10, 11, 12, 14)
# extra pounds carried before encumbrance sets in
_STR_ALLOWANCE = (-35, -25, -25, -15, -15, 0, 0, 0, 0, 10, 10, 20, 20, 35, 50, 75, 300, 350, 400, 450, 500, 600, 700)
_DEX_MISSILE = (-3, -2, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 4, 4, 4, 5, 5)
_DEX_AC = (4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, -1, -2, -3, -4, -4, -4, -5, -5, -5, -6, -6)
_CON_HP = (-2, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2)
_CON_HP_WARRIOR = (-2, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 7)
_WIS_MAGIC_DEFENCE = (-3, -2, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5)
_INT_MAX_SPELL_LEVEL = (0, 0, 0, 0, 0, 0, 4, 5, 5, 5, 6, 6, 7, 7, 8, 9, 9, 9, 9, 9, 9, 9, 9)
_CHA_LOYALTY = (-30, -25, -20, -15, -10, -5, 0, 0, 0, 0, 0, 5, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100, 100)
_CHA_REACTION = (-25, -20, -15, -10, -5, 0, 0, 0, 0, 0, 5, 10, 15, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70)
# fmt: on

# Extra cleric spells for high wisdom, cumulative: score -> extra slots at spell levels 1..4.
_WIS_BONUS_SPELLS: dict[int, tuple[int, int, int, int]] = {
    13: (1, 0, 0, 0),
    14: (2, 0, 0, 0),
    15: (2, 1, 0, 0),
    16: (2, 2, 0, 0),
    17: (2, 2, 1, 0),
    18: (2, 2, 1, 1),
}
_NO_BONUS_SPELLS = (0, 0, 0, 0)


def strength_to_hit(score: int) -> int:
    """Added to melee attack rolls."""
    return _row(_STR_HIT, score)


def strength_damage(score: int) -> int:
    """Added to melee damage."""
    return _row(_STR_DAMAGE, score)


def strength_weight_allowance(score: int) -> int:
    """Pounds a character may carry beyond (or, if negative, short of) the ordinary allowance."""
    return _row(_STR_ALLOWANCE, score)


def dexterity_missile(score: int) -> int:
    """Added to missile attack rolls; also the reaction (initiative) adjustment."""
    return _row(_DEX_MISSILE, score)


def dexterity_armour_class(score: int) -> int:
    """Added to armour class; negative is better (descending AC)."""
    return _row(_DEX_AC, score)


def constitution_hit_points(score: int, *, warrior: bool) -> int:
    """Hit points added to each hit die; only warriors get more than +2."""
    return _row(_CON_HP_WARRIOR if warrior else _CON_HP, score)


def wisdom_magic_defence(score: int) -> int:
    """Bonus to saving throws against spells that work on the mind (here: every save against spells)."""
    return _row(_WIS_MAGIC_DEFENCE, score)


def wisdom_bonus_spells(score: int) -> tuple[int, int, int, int]:
    """Extra cleric spell slots at spell levels 1..4 (for levels the cleric can already cast)."""
    if score < 13:
        return _NO_BONUS_SPELLS
    if score >= 19:
        first, second, third, fourth = _WIS_BONUS_SPELLS[18]
        return (first + 1, second, third, fourth + 1)
    return _WIS_BONUS_SPELLS[score]


def intelligence_max_spell_level(score: int) -> int:
    """The highest level of arcane spell a mage of this intelligence can learn (0: none)."""
    return _row(_INT_MAX_SPELL_LEVEL, score)


def charisma_loyalty(score: int) -> int:
    """Percent added to the morale of henchmen and hirelings."""
    return _row(_CHA_LOYALTY, score)


def charisma_reaction(score: int) -> int:
    """Percent added to the reactions of those met."""
    return _row(_CHA_REACTION, score)
