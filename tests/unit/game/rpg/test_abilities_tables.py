"""The AD&D ability tables, at the scores that matter."""

from __future__ import annotations

import pytest

from goldbox.game.rpg import abilities_tables as tables


@pytest.mark.parametrize(
    ("score", "hit", "damage"), [(3, -3, -1), (10, 0, 0), (16, 0, 1), (17, 1, 1), (18, 1, 2), (19, 3, 7)]
)
def test_strength(score: int, hit: int, damage: int) -> None:
    assert (tables.strength_to_hit(score), tables.strength_damage(score)) == (hit, damage)


@pytest.mark.parametrize(
    ("score", "missile", "ac"), [(3, -3, 4), (6, 0, 1), (10, 0, 0), (15, 0, -1), (18, 3, -4)]
)
def test_dexterity(score: int, missile: int, ac: int) -> None:
    assert (tables.dexterity_missile(score), tables.dexterity_armour_class(score)) == (missile, ac)


def test_only_warriors_get_more_than_two_hit_points_from_constitution() -> None:
    assert tables.constitution_hit_points(18, warrior=True) == 4
    assert tables.constitution_hit_points(18, warrior=False) == 2
    assert tables.constitution_hit_points(3, warrior=True) == -2
    assert tables.constitution_hit_points(14, warrior=True) == 0


def test_wisdom_bonus_spells_accumulate() -> None:
    assert tables.wisdom_bonus_spells(12) == (0, 0, 0, 0)
    assert tables.wisdom_bonus_spells(13) == (1, 0, 0, 0)
    assert tables.wisdom_bonus_spells(18) == (2, 2, 1, 1)
    assert tables.wisdom_bonus_spells(19) == (3, 2, 1, 2)
    assert tables.wisdom_magic_defence(17) == 3


def test_scores_outside_the_table_read_as_its_ends() -> None:
    assert tables.strength_to_hit(0) == tables.strength_to_hit(3)
    assert tables.strength_to_hit(40) == tables.strength_to_hit(25)
    assert tables.intelligence_max_spell_level(9) == 4
    assert tables.charisma_reaction(18) == 35
