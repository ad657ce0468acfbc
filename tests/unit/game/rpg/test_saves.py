"""Saving throws: d20 against the class target, situational bonuses, and WIS against the mind."""

from __future__ import annotations

from goldbox.game.rng import Rng
from goldbox.game.rpg import stats
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.content import SaveCategory
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.saves import lay_effect, roll_save, save_target
from tests.unit.game.rpg.magic_world import CONTENT, character, monster, open_scene


def test_a_save_is_made_when_the_d20_meets_the_target() -> None:
    scene = open_scene()
    hero = character(scene, "hero", "fighter", (1, 1), level=1)
    target = stats.saving_throw(hero, SaveCategory.BREATH, CONTENT)
    results = {}
    for seed in range(60):
        saved, events = roll_save(hero, SaveCategory.BREATH, CONTENT, Rng(seed))
        (event,) = events
        assert event.data["needed"] == target
        assert saved == (event.data["roll"] >= target)
        assert event.type == ("save.made" if saved else "save.failed")
        results[saved] = True
    assert results == {True: True, False: True}


def test_a_bonus_lowers_the_roll_needed() -> None:
    scene = open_scene()
    hero = character(scene, "hero", "fighter", (1, 1), level=1)
    _saved, events = roll_save(hero, SaveCategory.SPELL, CONTENT, Rng(3), bonus=3)
    assert events[0].data["needed"] == stats.saving_throw(hero, SaveCategory.SPELL, CONTENT) - 3


def test_wisdom_helps_against_enchantments_not_against_fire() -> None:
    scene = open_scene()
    sage = character(scene, "sage", "cleric", (1, 1), abilities=Abilities(wis=18))
    plain = character(scene, "plain", "cleric", (2, 1), abilities=Abilities(wis=10))
    assert save_target(sage, SaveCategory.SPELL, CONTENT, "enchantment") == (
        save_target(plain, SaveCategory.SPELL, CONTENT, "enchantment") - 4
    )
    assert save_target(sage, SaveCategory.SPELL, CONTENT, "evocation") == save_target(
        plain, SaveCategory.SPELL, CONTENT, "evocation"
    )


def test_the_same_seed_rolls_the_same_save() -> None:
    scene = open_scene()
    hero = character(scene, "hero", "mage", (1, 1))
    assert roll_save(hero, SaveCategory.ROD, CONTENT, Rng(9)) == roll_save(
        hero, SaveCategory.ROD, CONTENT, Rng(9)
    )


def test_lay_effect_rolls_no_save_for_the_immune_and_a_made_save_stops_the_effect() -> None:
    scene = open_scene()
    bones = monster(scene, "bones", "skeleton", (1, 1))
    events = lay_effect(bones, ActiveEffect("paralysis", "ghoul", 5), CONTENT, Rng(1), SaveCategory.PARALYSIS)
    assert [e.type for e in events] == ["effect.resisted"]
    hero = character(scene, "hero", "fighter", (2, 2), level=1)
    outcomes = set()
    for seed in range(40):
        hero.effects = []
        events = lay_effect(
            hero, ActiveEffect("paralysis", "ghoul", 5), CONTENT, Rng(seed), SaveCategory.PARALYSIS
        )
        if events[0].type == "save.made":
            assert events[1].data["reason"] == "save"
            assert hero.effects == []
            outcomes.add("made")
        else:
            assert [e.kind for e in hero.effects] == ["paralysis"]
            outcomes.add("failed")
    assert outcomes == {"made", "failed"}
