"""Inventory: picking up from one's own square, dropping, stacks, gold and the weight limit."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.equipment import equip
from goldbox.game.rpg.inventory import add_item, carried_weight, drop, give_gold, pick_up
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.scene import FloorItem
from tests.unit.game.rpg.sheet_world import CONTENT, bare, give, scene_with


def test_pick_up_takes_an_item_from_the_creatures_square() -> None:
    hero = bare()
    scene = scene_with(hero)
    scene.floor.append(FloorItem((1, 1), ItemInstance("sword", "long_sword")))
    events = pick_up(scene, hero.id, "sword", CONTENT)
    assert scene.floor == []
    assert [item.uid for item in hero.inventory] == ["sword"]
    assert events[0].type == "item.picked_up"
    assert events[0].data == {"creature": "hero", "item": "sword", "base": "long_sword", "quantity": 1}


def test_picked_up_coins_go_into_the_purse_not_the_pack() -> None:
    hero = bare()
    hero.gold = 5
    scene = scene_with(hero)
    scene.floor.append(FloorItem((1, 1), ItemInstance("hoard", "gold_coins", quantity=120)))
    events = pick_up(scene, hero.id, "hoard", CONTENT)
    assert hero.gold == 125
    assert hero.inventory == []
    assert scene.floor == []
    assert [event.type for event in events] == ["item.picked_up", "gold.changed"]
    assert carried_weight(hero, CONTENT) == 12.5  # coins weigh ten to the pound, in the purse too


def test_picked_up_arrows_join_the_matching_stack() -> None:
    hero = bare()
    scene = scene_with(hero)
    arrows = give(hero, "arrow", quantity=5)
    scene.floor.append(FloorItem((1, 1), ItemInstance("more", "arrow", quantity=7)))
    scene.floor.append(FloorItem((1, 1), ItemInstance("magic", "arrow", quantity=3, bonus=1)))
    pick_up(scene, hero.id, "more", CONTENT)
    pick_up(scene, hero.id, "magic", CONTENT)
    assert arrows.quantity == 12
    assert [(item.base, item.quantity, item.bonus) for item in hero.inventory] == [
        ("arrow", 12, 0),
        ("arrow", 3, 1),
    ]


def test_swords_do_not_stack() -> None:
    hero = bare()
    add_item(hero, ItemInstance("a", "long_sword"), CONTENT)
    add_item(hero, ItemInstance("b", "long_sword"), CONTENT)
    assert len(hero.inventory) == 2


@pytest.mark.parametrize(
    ("item_point", "uid", "code"),
    [((2, 2), "sword", "PICKUP_NOT_HERE"), ((1, 1), "ghost", "PICKUP_NO_SUCH_ITEM")],
)
def test_pick_up_refuses_what_is_not_here(item_point: tuple[int, int], uid: str, code: str) -> None:
    hero = bare()
    scene = scene_with(hero)
    scene.floor.append(FloorItem(item_point, ItemInstance("sword", "long_sword")))
    before = copy.deepcopy(scene)
    with pytest.raises(RuleError) as refused:
        pick_up(scene, hero.id, uid, CONTENT)
    assert refused.value.code == code
    assert scene == before


def test_pick_up_refuses_a_load_too_heavy_to_move() -> None:
    weakling = bare(abilities=Abilities(str=3))  # 115 lb before overloaded
    scene = scene_with(weakling)
    give(weakling, "plate_mail")
    give(weakling, "plate_mail")
    give(weakling, "shield")  # 100 lb carried: the 25 lb sword would make 125
    scene.floor.append(FloorItem((1, 1), ItemInstance("great", "two_handed_sword")))
    with pytest.raises(RuleError) as refused:
        pick_up(scene, weakling.id, "great", CONTENT)
    assert refused.value.code == "PICKUP_TOO_HEAVY"
    assert len(scene.floor) == 1


def test_dropping_a_worn_item_takes_it_off_and_lays_it_on_the_square() -> None:
    hero = bare()
    scene = scene_with(hero)
    mail = give(hero, "chain_mail")
    equip(hero, mail.uid, CONTENT)
    events = drop(scene, hero.id, mail.uid, CONTENT)
    assert [event.type for event in events] == ["item.unequipped", "item.dropped"]
    assert hero.equipped == {}
    assert hero.inventory == []
    assert scene.floor == [FloorItem((1, 1), mail)]
    assert events[-1].data["point"] == [1, 1]


def test_dropping_part_of_a_stack_splits_it() -> None:
    hero = bare()
    scene = scene_with(hero)
    arrows = give(hero, "arrow", quantity=10)
    drop(scene, hero.id, arrows.uid, CONTENT, quantity=4)
    assert arrows.quantity == 6
    assert scene.floor[0].item.quantity == 4
    assert scene.floor[0].item.uid != arrows.uid
    for quantity in (0, 7):
        with pytest.raises(RuleError) as refused:
            drop(scene, hero.id, arrows.uid, CONTENT, quantity=quantity)
        assert refused.value.code == "DROP_BAD_QUANTITY"
    with pytest.raises(RuleError) as missing:
        drop(scene, hero.id, "nothing", CONTENT)
    assert missing.value.code == "DROP_NOT_CARRIED"


def test_gold_comes_and_goes_but_never_below_zero() -> None:
    hero = bare()
    assert give_gold(hero, 50)[0].data == {"creature": "hero", "amount": 50, "gold": 50}
    give_gold(hero, -20)
    assert hero.gold == 30
    with pytest.raises(RuleError) as refused:
        give_gold(hero, -31)
    assert refused.value.code == "GOLD_NOT_ENOUGH"
    assert hero.gold == 30


def test_carried_weight_counts_items_stacks_and_coins() -> None:
    hero = bare()
    give(hero, "long_sword")
    give(hero, "arrow", quantity=20)
    hero.gold = 100
    assert carried_weight(hero, CONTENT) == 6 + 2 + 10


@settings(max_examples=60, deadline=None)
@given(
    strength=st.integers(min_value=3, max_value=18),
    on_floor=st.lists(
        st.tuples(
            st.sampled_from(sorted(CONTENT.items)), st.integers(1, 30), st.sampled_from([(1, 1), (2, 1)])
        ),
        min_size=1,
        max_size=8,
    ),
    picks=st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=10),
)
def test_a_refused_pick_up_leaves_the_scene_unchanged(
    strength: int, on_floor: list[tuple[str, int, tuple[int, int]]], picks: list[int]
) -> None:
    hero = bare(abilities=Abilities(str=strength))
    scene = scene_with(hero)
    for index, (base, quantity, point) in enumerate(on_floor):
        count = quantity if CONTENT.item(base).stackable else 1
        scene.floor.append(FloorItem(point, ItemInstance(f"i{index}", base, quantity=count)))
    for pick in picks:
        uid = f"i{pick}"
        before = copy.deepcopy(scene)
        try:
            pick_up(scene, hero.id, uid, CONTENT)
        except RuleError:
            assert scene == before
        else:
            assert all(floor.item.uid != uid for floor in scene.floor)
