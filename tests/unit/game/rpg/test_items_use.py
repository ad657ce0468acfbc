"""Potions, scrolls and wands: what each releases, who may use it, and what it spends."""

from __future__ import annotations

import copy

import pytest

from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg.effects import ActiveEffect, modifiers
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.items_use import ITEM_CASTER_LEVEL, use_item
from goldbox.game.rpg.scene import Scene
from tests.unit.game.rpg.magic_world import CONTENT, character, monster, open_scene


def _party() -> Scene:
    scene = open_scene()
    hero = character(scene, "hero", "fighter", (2, 2), hp=30)
    hero.hp = 5
    hero.inventory = [
        ItemInstance("heal", "potion_of_healing", quantity=2),
        ItemInstance("extra", "potion_of_extra_healing"),
        ItemInstance("speed", "potion_of_speed"),
        ItemInstance("invis", "potion_of_invisibility"),
        ItemInstance("scroll", "spell_scroll", spell="magic_missile"),
        ItemInstance("wand", "wand_of_magic_missiles", charges=1),
        ItemInstance("sword", "long_sword"),
    ]
    character(scene, "friend", "fighter", (3, 2))
    mage = character(scene, "mage", "mage", (2, 4))
    mage.inventory = [
        ItemInstance("scroll", "spell_scroll", spell="magic_missile"),
        ItemInstance("prayer", "spell_scroll", spell="cure_light_wounds"),
    ]
    monster(scene, "orc", "orc", (6, 4), hp=100)
    return scene


def test_a_potion_of_healing_heals_the_drinker_and_one_is_used_up() -> None:
    scene = _party()
    events = use_item(scene, "hero", "heal", None, None, CONTENT, Rng(1))
    assert events[0].type == "item.used"
    hero = scene.creatures["hero"]
    assert 6 <= hero.hp <= 13
    assert next(item for item in hero.inventory if item.uid == "heal").quantity == 1
    use_item(scene, "hero", "heal", None, None, CONTENT, Rng(2))
    assert "heal" not in [item.uid for item in hero.inventory]


def test_a_potion_of_extra_healing_heals_as_cure_serious_wounds() -> None:
    scene = _party()
    use_item(scene, "hero", "extra", None, None, CONTENT, Rng(1))
    assert 8 <= scene.creatures["hero"].hp <= 22


def test_a_potion_of_speed_hastes_only_the_drinker() -> None:
    scene = _party()
    use_item(scene, "hero", "speed", None, None, CONTENT, Rng(1))
    assert modifiers(scene.creatures["hero"].effects).speed == 2.0
    assert scene.creatures["hero"].effects[0].remaining == 3 + ITEM_CASTER_LEVEL
    assert scene.creatures["friend"].effects == []


def test_a_potion_of_invisibility_works_even_when_silenced() -> None:
    scene = _party()
    scene.creatures["hero"].effects.append(ActiveEffect("silence", "silence", 4))
    use_item(scene, "hero", "invis", None, None, CONTENT, Rng(1))
    assert modifiers(scene.creatures["hero"].effects).invisible


def test_only_a_mage_reads_an_arcane_scroll_and_it_is_used_up() -> None:
    scene = _party()
    before = copy.deepcopy(scene)
    with pytest.raises(RuleError) as caught:
        use_item(scene, "hero", "scroll", "orc", None, CONTENT, Rng(1))
    assert caught.value.code == "ITEM_CANNOT_READ"
    with pytest.raises(RuleError) as divine:
        use_item(scene, "mage", "prayer", "hero", None, CONTENT, Rng(1))
    assert divine.value.code == "ITEM_CANNOT_READ"
    assert scene == before
    events = use_item(scene, "mage", "scroll", "orc", None, CONTENT, Rng(1))
    assert [e.type for e in events][:2] == ["item.used", "spell.cast"]
    assert scene.creatures["orc"].hp < 100
    assert [item.uid for item in scene.creatures["mage"].inventory] == ["prayer"]
    assert scene.creatures["mage"].memorised == {}


def test_a_scroll_is_checked_like_a_cast_and_kept_when_refused() -> None:
    scene = _party()
    scene.creatures["orc"].position = (14, 14)
    with pytest.raises(RuleError) as caught:
        use_item(scene, "mage", "scroll", "orc", None, CONTENT, Rng(1))
    assert caught.value.code == "SPELL_OUT_OF_RANGE"
    scene.creatures["orc"].position = (6, 4)
    scene.creatures["mage"].effects.append(ActiveEffect("silence", "silence", 4))
    with pytest.raises(RuleError) as silenced:
        use_item(scene, "mage", "scroll", "orc", None, CONTENT, Rng(1))
    assert silenced.value.code == "SPELL_SILENCED"
    assert len(scene.creatures["mage"].inventory) == 2


def test_a_wand_spends_a_charge_and_an_empty_wand_refuses() -> None:
    scene = _party()
    scene.creatures["hero"].effects.append(ActiveEffect("silence", "silence", 4))  # a wand needs no words
    events = use_item(scene, "hero", "wand", "orc", None, CONTENT, Rng(1))
    damage = sum(e.data["amount"] for e in events if e.type == "creature.damaged")
    assert 6 <= damage <= 15  # three missiles at the wand's level 6
    wand = next(item for item in scene.creatures["hero"].inventory if item.uid == "wand")
    assert wand.charges == 0
    before = copy.deepcopy(scene)
    with pytest.raises(RuleError) as caught:
        use_item(scene, "hero", "wand", "orc", None, CONTENT, Rng(1))
    assert caught.value.code == "ITEM_NO_CHARGES"
    assert scene == before


def test_a_wand_never_used_has_its_full_charge() -> None:
    scene = _party()
    hero = scene.creatures["hero"]
    hero.inventory.append(ItemInstance("fresh", "wand_of_magic_missiles"))
    use_item(scene, "hero", "fresh", "orc", None, CONTENT, Rng(1))
    assert hero.inventory[-1].charges == CONTENT.item("wand_of_magic_missiles").charges - 1  # type: ignore[operator]


@pytest.mark.parametrize(("uid", "code"), [("sword", "ITEM_NOT_USABLE"), ("nothing", "ITEM_NOT_CARRIED")])
def test_what_cannot_be_used_is_refused(uid: str, code: str) -> None:
    scene = _party()
    with pytest.raises(RuleError) as caught:
        use_item(scene, "hero", uid, None, None, CONTENT, Rng(1))
    assert caught.value.code == code


def test_a_helpless_creature_cannot_drink() -> None:
    scene = _party()
    scene.creatures["hero"].effects.append(ActiveEffect("sleep", "sleep", 4))
    with pytest.raises(RuleError) as caught:
        use_item(scene, "hero", "heal", None, None, CONTENT, Rng(1))
    assert caught.value.code == "CREATURE_HELPLESS"
