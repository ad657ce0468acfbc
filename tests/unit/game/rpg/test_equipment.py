"""Equipment: slots, class restrictions, two-handed weapons, ammunition and weapon damage."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.rpg import equipment
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.content import Size
from goldbox.game.rpg.creature import Status
from goldbox.game.rpg.equipment import equip, unequip
from tests.unit.game.rpg.sheet_world import CONTENT, bare, give


def test_equipping_names_the_item_in_its_slot_and_says_so() -> None:
    hero = bare()
    sword = give(hero, "long_sword")
    events = equip(hero, sword.uid, CONTENT)
    assert hero.equipped == {"weapon": sword.uid}
    assert [(event.type, event.data["slot"]) for event in events] == [("item.equipped", "weapon")]
    assert equipment.wielded_weapon(hero, CONTENT) == (sword, CONTENT.item("long_sword"))


def test_a_new_weapon_replaces_the_old_which_stays_carried() -> None:
    hero = bare()
    sword, mace = give(hero, "long_sword"), give(hero, "mace")
    equip(hero, sword.uid, CONTENT)
    events = equip(hero, mace.uid, CONTENT)
    assert [event.type for event in events] == ["item.unequipped", "item.equipped"]
    assert hero.equipped["weapon"] == mace.uid
    assert sword in hero.inventory


@pytest.mark.parametrize(
    ("class_id", "base"),
    [
        ("mage", "long_sword"),
        ("mage", "leather_armour"),
        ("cleric", "long_sword"),
        ("thief", "chain_mail"),
        ("thief", "shield"),
        ("cleric", "long_bow"),
        ("mage", "shield"),
    ],
)
def test_classes_refuse_what_they_may_not_use(class_id: str, base: str) -> None:
    hero = bare(class_id)
    item = give(hero, base)
    with pytest.raises(RuleError) as refused:
        equip(hero, item.uid, CONTENT)
    assert refused.value.code == "EQUIP_NOT_ALLOWED"
    assert CONTENT.classes[class_id].name.lower() in refused.value.message
    assert hero.equipped == {}


def test_a_two_handed_weapon_and_a_shield_exclude_each_other() -> None:
    hero = bare()
    shield, greatsword = give(hero, "shield"), give(hero, "two_handed_sword")
    equip(hero, shield.uid, CONTENT)
    with pytest.raises(RuleError) as refused:
        equip(hero, greatsword.uid, CONTENT)
    assert refused.value.code == "EQUIP_TWO_HANDED_CONFLICT"
    unequip(hero, "offhand", CONTENT)
    equip(hero, greatsword.uid, CONTENT)
    with pytest.raises(RuleError) as again:
        equip(hero, shield.uid, CONTENT)
    assert again.value.code == "EQUIP_TWO_HANDED_CONFLICT"


def test_items_not_carried_or_not_wearable_are_refused() -> None:
    hero = bare()
    with pytest.raises(RuleError) as missing:
        equip(hero, "nothing", CONTENT)
    assert missing.value.code == "EQUIP_NOT_IN_INVENTORY"
    potion = give(hero, "potion_of_healing")
    with pytest.raises(RuleError) as potion_refused:
        equip(hero, potion.uid, CONTENT)
    assert potion_refused.value.code == "EQUIP_NOT_EQUIPPABLE"


def test_two_rings_fit_and_a_third_does_not() -> None:
    hero = bare()
    rings = [give(hero, "ring_of_protection") for _ in range(3)]
    equip(hero, rings[0].uid, CONTENT)
    equip(hero, rings[1].uid, CONTENT)
    assert (hero.equipped["ring_left"], hero.equipped["ring_right"]) == (rings[0].uid, rings[1].uid)
    with pytest.raises(RuleError) as refused:
        equip(hero, rings[2].uid, CONTENT)
    assert refused.value.code == "EQUIP_RINGS_FULL"


def test_unequip_refuses_empty_and_unknown_slots() -> None:
    hero = bare()
    for slot, code in (("body", "UNEQUIP_SLOT_EMPTY"), ("hat", "UNEQUIP_UNKNOWN_SLOT")):
        with pytest.raises(RuleError) as refused:
            unequip(hero, slot, CONTENT)
        assert refused.value.code == code


def test_the_unconscious_cannot_change_equipment() -> None:
    hero = bare()
    sword = give(hero, "long_sword")
    hero.status = Status.UNCONSCIOUS
    with pytest.raises(RuleError) as refused:
        equip(hero, sword.uid, CONTENT)
    assert refused.value.code == "EQUIP_CANNOT_ACT"


def test_weapon_damage_by_target_size_and_unarmed() -> None:
    hero = bare(abilities=Abilities(str=17))
    assert equipment.weapon_damage(hero, Size.MEDIUM, CONTENT) == ("1d2", 1)
    equip(hero, give(hero, "long_sword", bonus=2).uid, CONTENT)
    assert equipment.weapon_damage(hero, Size.MEDIUM, CONTENT) == ("1d8", 3)
    assert equipment.weapon_damage(hero, Size.LARGE, CONTENT) == ("1d12", 3)


def test_a_bow_deals_its_arrows_damage_and_spends_them() -> None:
    hero = bare("ranger", abilities=Abilities(str=13, int=13, wis=14, con=14))
    bow = give(hero, "long_bow")
    equip(hero, bow.uid, CONTENT)
    assert equipment.ammunition_for(hero, CONTENT) is None
    arrows = give(hero, "arrow", quantity=2)
    assert equipment.ammunition_for(hero, CONTENT) is arrows  # carried, not yet in the quiver
    equip(hero, arrows.uid, CONTENT)
    assert equipment.weapon_damage(hero, Size.LARGE, CONTENT) == ("1d6", 0)
    assert equipment.attack_range(hero, CONTENT) == 8
    equipment.spend_ammunition(hero, CONTENT)
    assert arrows.quantity == 1
    events = equipment.spend_ammunition(hero, CONTENT)
    assert events[0].data["left"] == 0
    assert arrows not in hero.inventory
    assert "ammunition" not in hero.equipped
    with pytest.raises(RuleError) as empty:
        equipment.spend_ammunition(hero, CONTENT)
    assert empty.value.code == "ATTACK_NO_AMMUNITION"


def test_a_monster_without_a_weapon_uses_its_first_attack() -> None:
    from goldbox.game.rpg.creature import Creature, Side

    orc = Creature("o", "Orc", Side.MONSTERS, Abilities(), hp=5, max_hp=5, monster="orc")
    assert equipment.weapon_damage(orc, Size.MEDIUM, CONTENT)[0] == CONTENT.monster("orc").attacks[0].damage


ITEM_IDS = sorted(CONTENT.items)


@settings(max_examples=60, deadline=None)
@given(
    class_id=st.sampled_from(sorted(CONTENT.classes)),
    carried=st.lists(st.sampled_from(ITEM_IDS), min_size=1, max_size=6),
    attempts=st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=8),
)
def test_a_refused_equip_leaves_the_creature_unchanged(
    class_id: str, carried: list[str], attempts: list[int]
) -> None:
    hero = bare(class_id)
    for base in carried:
        give(hero, base)
    for index in attempts:
        uid = hero.inventory[index].uid if index < len(hero.inventory) else "missing"
        before = copy.deepcopy(hero)
        try:
            equip(hero, uid, CONTENT)
        except RuleError:
            assert hero == before
        else:
            assert set(hero.equipped.values()) <= {item.uid for item in hero.inventory}
            wielded = equipment.wielded_weapon(hero, CONTENT)
            assert not (wielded is not None and wielded[1].two_handed and "offhand" in hero.equipped)
