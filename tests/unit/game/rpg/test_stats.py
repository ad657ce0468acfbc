"""Derived stats: AC, THAC0, saves, movement and attack bonuses follow scores, gear and effects."""

from __future__ import annotations

import pytest

from goldbox.game.rpg import stats
from goldbox.game.rpg.abilities import Abilities, Ability
from goldbox.game.rpg.content import SaveCategory, Size
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.equipment import equip
from tests.unit.game.rpg.sheet_world import CONTENT, bare, give


def test_an_unarmoured_average_character_has_ac_10() -> None:
    assert stats.armour_class(bare(), CONTENT) == 10


def test_chain_mail_shield_and_ring_each_improve_ac() -> None:
    hero = bare()
    equip(hero, give(hero, "chain_mail").uid, CONTENT)
    assert stats.armour_class(hero, CONTENT) == 5
    equip(hero, give(hero, "shield").uid, CONTENT)
    assert stats.armour_class(hero, CONTENT) == 4
    equip(hero, give(hero, "ring_of_protection", bonus=1).uid, CONTENT)
    assert stats.armour_class(hero, CONTENT) == 2  # a +1 ring is 1 (itself) + 1 better


def test_magic_armour_and_warding_lower_ac() -> None:
    hero = bare()
    equip(hero, give(hero, "plate_mail", bonus=2, enchantments=["warding"]).uid, CONTENT)
    assert stats.armour_class(hero, CONTENT) == 3 - 2 - 1


def test_dexterity_improves_ac_but_not_while_helpless() -> None:
    hero = bare(abilities=Abilities(dex=17))
    assert stats.armour_class(hero, CONTENT) == 7
    hero.effects.append(ActiveEffect("sleep", "sleep", remaining=3))
    assert stats.armour_class(hero, CONTENT) == 10


def test_shield_spell_effect_lowers_ac_and_expires_without_trace() -> None:
    hero = bare()
    hero.effects.append(ActiveEffect("shield", "shield", remaining=2, magnitude=4))
    assert stats.armour_class(hero, CONTENT) == 6
    hero.effects[0].remaining = 0
    assert stats.armour_class(hero, CONTENT) == 10


def test_ac_never_goes_below_minus_10() -> None:
    hero = bare(abilities=Abilities(dex=25))
    equip(hero, give(hero, "plate_mail", bonus=5).uid, CONTENT)
    hero.effects.append(ActiveEffect("shield", "shield", remaining=2, magnitude=9))
    assert stats.armour_class(hero, CONTENT) == -10


@pytest.mark.parametrize(
    ("class_id", "level", "expected"),
    [("fighter", 1, 20), ("fighter", 10, 11), ("cleric", 4, 18), ("mage", 10, 17), ("thief", 3, 19)],
)
def test_thac0_follows_the_class_table(class_id: str, level: int, expected: int) -> None:
    assert stats.thac0(bare(class_id, level=level), CONTENT) == expected


def test_plus_two_long_sword_adds_to_hit_and_damage() -> None:
    hero = bare()
    assert stats.melee_to_hit_bonus(hero, CONTENT) == 0
    assert stats.melee_damage_bonus(hero, CONTENT) == 0
    equip(hero, give(hero, "long_sword", bonus=2).uid, CONTENT)
    assert stats.melee_to_hit_bonus(hero, CONTENT) == 2
    assert stats.melee_damage_bonus(hero, CONTENT) == 2


def test_accuracy_and_might_add_one_each() -> None:
    hero = bare()
    equip(hero, give(hero, "long_sword", enchantments=["accuracy", "might"]).uid, CONTENT)
    assert (stats.melee_to_hit_bonus(hero, CONTENT), stats.melee_damage_bonus(hero, CONTENT)) == (1, 1)


def test_strength_and_bless_add_to_melee() -> None:
    hero = bare(abilities=Abilities(str=18))
    hero.effects.append(ActiveEffect("bless", "bless", remaining=6, magnitude=1))
    assert stats.melee_to_hit_bonus(hero, CONTENT) == 2
    assert stats.melee_damage_bonus(hero, CONTENT) == 2


def test_missile_bonus_uses_dex_launcher_and_ammunition_not_strength() -> None:
    hero = bare(abilities=Abilities(str=18, dex=16))
    equip(hero, give(hero, "long_bow", bonus=1).uid, CONTENT)
    equip(hero, give(hero, "arrow", quantity=10, bonus=1).uid, CONTENT)
    assert stats.missile_to_hit_bonus(hero, CONTENT) == 1 + 1 + 1
    assert stats.missile_damage_bonus(hero, CONTENT) == 1 + 1
    assert stats.melee_to_hit_bonus(hero, CONTENT) == 1  # the bow's plus does not help a punch


def test_ability_follows_stat_effects_and_stays_in_range() -> None:
    hero = bare(abilities=Abilities(str=16))
    hero.effects.append(ActiveEffect("stat", "ray", remaining=3, magnitude=-4, stat="str"))
    assert stats.ability(hero, Ability.STR) == 12
    hero.effects.append(ActiveEffect("stat", "ray", remaining=3, magnitude=-40, stat="str"))
    assert stats.ability(hero, Ability.STR) == 1


def test_saving_throws_follow_class_level_and_bonuses() -> None:
    assert stats.saving_throw(bare("fighter"), SaveCategory.BREATH, CONTENT) == 17
    assert stats.saving_throw(bare("mage", level=6), SaveCategory.SPELL, CONTENT) == 10
    assert stats.saving_throw(bare("paladin"), SaveCategory.BREATH, CONTENT) == 15
    wise = bare("cleric", abilities=Abilities(wis=17))
    assert stats.saving_throw(wise, SaveCategory.SPELL, CONTENT) == 15 - 3
    assert stats.saving_throw(wise, SaveCategory.BREATH, CONTENT) == 16


def test_hardy_races_save_better_against_rods_and_spells() -> None:
    dwarf = bare("fighter", race="dwarf", abilities=Abilities(con=18))
    assert stats.saving_throw(dwarf, SaveCategory.ROD, CONTENT) == 16 - 5
    assert stats.saving_throw(dwarf, SaveCategory.BREATH, CONTENT) == 17


def test_ring_of_protection_and_fortitude_help_saves() -> None:
    hero = bare()
    equip(hero, give(hero, "ring_of_protection", bonus=1).uid, CONTENT)
    equip(hero, give(hero, "chain_mail", enchantments=["fortitude"]).uid, CONTENT)
    assert stats.saving_throw(hero, SaveCategory.PARALYSIS, CONTENT) == 14 - 2 - 1


def _monster(monster_id: str) -> Creature:
    return Creature("m", "M", Side.MONSTERS, Abilities(), hp=5, max_hp=5, monster=monster_id)


def test_monsters_use_their_definition_and_save_as_fighters_of_their_hit_dice() -> None:
    ogre = _monster("ogre")
    definition = CONTENT.monster("ogre")
    assert stats.armour_class(ogre, CONTENT) == definition.ac
    assert stats.thac0(ogre, CONTENT) == definition.thac0
    assert stats.movement(ogre, CONTENT) == definition.movement
    assert stats.size(ogre, CONTENT) is definition.size
    level = stats.monster_save_level(definition)
    fighter = CONTENT.classes["fighter"].saves[SaveCategory.SPELL][level - 1]
    assert stats.saving_throw(ogre, SaveCategory.SPELL, CONTENT) == fighter


def test_movement_follows_race_encumbrance_haste_and_slow() -> None:
    hero = bare()
    assert stats.movement(hero, CONTENT) == 12
    assert stats.movement(bare(race="dwarf"), CONTENT) == 6
    give(hero, "plate_mail")  # 45 lb against 35 free: lightly burdened
    assert stats.movement(hero, CONTENT) == 9
    hero.effects.append(ActiveEffect("haste", "haste", remaining=5))
    assert stats.movement(hero, CONTENT) == 18
    hero.effects[0] = ActiveEffect("slow", "slow", remaining=5)
    assert stats.movement(hero, CONTENT) == 4
    hero.effects[0] = ActiveEffect("entangled", "web", remaining=5)
    assert stats.movement(hero, CONTENT) == 0


def test_size_comes_from_the_race() -> None:
    assert stats.size(bare(race="halfling", class_id="thief"), CONTENT) is Size.SMALL
    assert stats.size(bare(), CONTENT) is Size.MEDIUM
