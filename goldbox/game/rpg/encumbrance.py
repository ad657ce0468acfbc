"""Encumbrance: what a creature carries, against what its strength bears, slows it down.

AD&D's rule: everyone carries 35 lb freely, plus (or minus) their strength's weight allowance. Each
further 35 lb band slows them a step (to 3/4, 1/2, then 1/4 of their movement); past 115 lb over the
allowance they cannot move at all. Coins weigh too: ten to the pound.
"""

from __future__ import annotations

from enum import StrEnum

from goldbox.game.rpg.abilities_tables import strength_weight_allowance
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature

BASE_ALLOWANCE = 35.0  # pounds anyone carries without slowing down
COINS_PER_POUND = 10


class Encumbrance(StrEnum):
    UNENCUMBERED = "unencumbered"
    LIGHT = "light"
    MODERATE = "moderate"
    HEAVY = "heavy"
    OVERLOADED = "overloaded"  # too heavy to move


# pounds over the free allowance at which each band ends (the last band has no end)
_BAND_LIMITS: tuple[tuple[float, Encumbrance], ...] = (
    (0.0, Encumbrance.UNENCUMBERED),
    (35.0, Encumbrance.LIGHT),
    (70.0, Encumbrance.MODERATE),
    (115.0, Encumbrance.HEAVY),
)

# movement kept in each band, in quarters
_MOVEMENT_QUARTERS: dict[Encumbrance, int] = {
    Encumbrance.UNENCUMBERED: 4,
    Encumbrance.LIGHT: 3,
    Encumbrance.MODERATE: 2,
    Encumbrance.HEAVY: 1,
    Encumbrance.OVERLOADED: 0,
}


def carried_weight(creature: Creature, content: Content) -> float:
    """Pounds carried: every item in the inventory (worn or not) and the gold."""
    total = sum(content.item(item.base).weight * item.quantity for item in creature.inventory)
    return round(total + creature.gold / COINS_PER_POUND, 2)


def free_allowance(strength: int) -> float:
    """Pounds carried without any slowing, for a strength score."""
    return max(0.0, BASE_ALLOWANCE + strength_weight_allowance(strength))


def most_before_overloaded(strength: int) -> float:
    """The most a creature of this strength can carry and still move."""
    return free_allowance(strength) + _BAND_LIMITS[-1][0]


def encumbrance_band(weight: float, strength: int) -> Encumbrance:
    """How burdened a creature of this strength is by this many pounds."""
    over = weight - free_allowance(strength)
    for limit, band in _BAND_LIMITS:
        if over <= limit:
            return band
    return Encumbrance.OVERLOADED


def encumbered_movement(movement: int, band: Encumbrance) -> int:
    """Movement left under a band: never below 1 unless overloaded."""
    quarters = _MOVEMENT_QUARTERS[band]
    if quarters == 0 or movement <= 0:
        return 0
    return max(1, movement * quarters // 4)
