"""Scribing: a mage copies an arcane scroll of a level it can cast into its spellbook, out of battle."""

from __future__ import annotations

import copy

import pytest

from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg.commands import Scribe
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.rules import Adventure, apply, snapshot
from tests.unit.game.rpg.sheet_world import CONTENT, new_character, scene_with


def _adventure(class_id: str = "mage") -> Adventure:
    hero = new_character(class_id)
    hero.inventory += [
        ItemInstance("grasp", "spell_scroll", spell="shocking_grasp"),
        ItemInstance("web", "spell_scroll", spell="web"),
        ItemInstance("cure", "spell_scroll", spell="cure_light_wounds"),
        ItemInstance("missile", "spell_scroll", spell="magic_missile"),
        ItemInstance("potion", "potion_of_healing"),
    ]
    return Adventure(scene_with(hero), party=["hero"])


def test_a_mage_copies_a_scroll_into_the_spellbook_and_the_scroll_is_used_up() -> None:
    adventure = _adventure()
    events = apply(adventure, Scribe("hero", "grasp"), CONTENT, Rng(1))
    hero = adventure.scene.creatures["hero"]
    assert "shocking_grasp" in hero.spellbook
    assert "grasp" not in [item.uid for item in hero.inventory]
    assert [event.type for event in events] == ["item.used", "spell.learned"]
    assert events[1].data == {"creature": "hero", "spell": "shocking_grasp", "how": "scroll"}


@pytest.mark.parametrize(
    ("class_id", "item", "code"),
    [
        ("mage", "potion", "SCRIBE_NOT_A_SCROLL"),
        ("mage", "cure", "SCRIBE_NOT_ARCANE"),
        ("mage", "web", "SCRIBE_LEVEL_TOO_HIGH"),
        ("mage", "missile", "SCRIBE_ALREADY_KNOWN"),
        ("mage", "nothing", "ITEM_NOT_CARRIED"),
        ("fighter", "grasp", "SCRIBE_NOT_A_MAGE"),
        ("cleric", "grasp", "SCRIBE_NOT_A_MAGE"),
    ],
)
def test_a_refused_scribing_changes_nothing(class_id: str, item: str, code: str) -> None:
    adventure = _adventure(class_id)
    before = copy.deepcopy(snapshot(adventure))
    with pytest.raises(RuleError) as refused:
        apply(adventure, Scribe("hero", item), CONTENT, Rng(1))
    assert refused.value.code == code
    assert snapshot(adventure) == before
