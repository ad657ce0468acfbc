"""Encumbrance: carried weight against strength, in bands that slow a creature down."""

from __future__ import annotations

import pytest

from goldbox.game.rpg import stats
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.encumbrance import Encumbrance, encumbered_movement, encumbrance_band, free_allowance
from tests.unit.game.rpg.sheet_world import CONTENT, bare, give


@pytest.mark.parametrize(
    ("weight", "strength", "band"),
    [
        (35, 10, Encumbrance.UNENCUMBERED),
        (35.1, 10, Encumbrance.LIGHT),
        (70, 10, Encumbrance.LIGHT),
        (105, 10, Encumbrance.MODERATE),
        (150, 10, Encumbrance.HEAVY),
        (150.5, 10, Encumbrance.OVERLOADED),
        (110, 18, Encumbrance.UNENCUMBERED),
        (116, 3, Encumbrance.OVERLOADED),
    ],
)
def test_bands_by_weight_and_strength(weight: float, strength: int, band: Encumbrance) -> None:
    assert encumbrance_band(weight, strength) is band


def test_strength_widens_the_free_allowance() -> None:
    assert free_allowance(10) == 35
    assert free_allowance(18) == 110
    assert free_allowance(3) == 0


@pytest.mark.parametrize(
    ("band", "expected"),
    [(Encumbrance.UNENCUMBERED, 12), (Encumbrance.LIGHT, 9), (Encumbrance.MODERATE, 6), (Encumbrance.HEAVY, 3),
     (Encumbrance.OVERLOADED, 0)],
)  # fmt: skip
def test_each_band_slows_a_step(band: Encumbrance, expected: int) -> None:
    assert encumbered_movement(12, band) == expected
    assert encumbered_movement(6, Encumbrance.HEAVY) == 1  # slowed, never stopped short of overloaded


def test_a_strength_potion_lightens_the_load() -> None:
    hero = bare(abilities=Abilities(str=10))
    give(hero, "plate_mail")
    give(hero, "two_handed_sword")
    assert stats.encumbrance(hero, CONTENT) is Encumbrance.LIGHT  # 70 lb: 35 over the free 35
    assert stats.movement(hero, CONTENT) == 9
    hero.effects.append(ActiveEffect("stat", "potion", remaining=10, magnitude=8, stat="str"))
    assert stats.encumbrance(hero, CONTENT) is Encumbrance.UNENCUMBERED
    assert stats.movement(hero, CONTENT) == 12


def test_an_overloaded_character_cannot_move_even_hasted() -> None:
    hero = bare(abilities=Abilities(str=3))
    for _ in range(3):
        give(hero, "plate_mail")
    hero.effects.append(ActiveEffect("haste", "haste", remaining=5))
    assert stats.encumbrance(hero, CONTENT) is Encumbrance.OVERLOADED
    assert stats.movement(hero, CONTENT) == 0
