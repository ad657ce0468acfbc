"""The pack: picking things up from the floor, dropping them, stacking, and gold.

Ammunition, potions and other stackable items of the same kind and magic merge into one stack. A
creature can pick up only what lies on its own square, and nothing that would leave it too burdened to
move. Every check comes before the first change, so a refused command leaves everything as it was.
"""

from __future__ import annotations

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rpg import stats
from goldbox.game.rpg.abilities import Ability
from goldbox.game.rpg.content import Content, ItemKind
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.encumbrance import carried_weight, most_before_overloaded
from goldbox.game.rpg.equipment import carried, take_off_item
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Point
from goldbox.game.rpg.scene import FloorItem, Scene

__all__ = ["add_item", "can_stack", "carried_weight", "drop", "give_gold", "pick_up"]


def can_stack(one: ItemInstance, other: ItemInstance, content: Content) -> bool:
    """Whether two items merge into one stack: same stackable kind, same magic, same spell and charges."""
    return (
        content.item(one.base).stackable
        and one.base == other.base
        and one.bonus == other.bonus
        and one.rarity == other.rarity
        and sorted(one.enchantments) == sorted(other.enchantments)
        and one.charges == other.charges
        and one.spell == other.spell
    )


def add_item(creature: Creature, item: ItemInstance, content: Content) -> ItemInstance:
    """Put an item in the pack, onto a matching stack if there is one; the instance that now holds it."""
    for held in creature.inventory:
        if can_stack(held, item, content):
            held.quantity += item.quantity
            return held
    creature.inventory.append(item)
    return item


def _standing(scene: Scene, creature_id: str, code: str) -> tuple[Creature, Point]:
    """The creature, able to act, and the square it stands on."""
    creature = scene.creatures.get(creature_id)
    if creature is None:
        raise RuleError("UNKNOWN_CREATURE", f"There is no creature {creature_id!r} here.")
    if not creature.can_act or creature.position is None:
        raise RuleError(code, f"{creature.name} cannot do that now.")
    return creature, creature.position


def pick_up(scene: Scene, creature_id: str, item_uid: str, content: Content) -> list[Event]:
    """Pick up an item lying on the creature's square."""
    creature, point = _standing(scene, creature_id, "PICKUP_CANNOT_ACT")
    lying = next((floor for floor in scene.floor if floor.item.uid == item_uid), None)
    if lying is None:
        raise RuleError("PICKUP_NO_SUCH_ITEM", "There is no such item lying here.", item=item_uid)
    if lying.point != point:
        raise RuleError(
            "PICKUP_NOT_HERE", f"The {content.item(lying.item.base).name.lower()} is not on your square."
        )
    weight = content.item(lying.item.base).weight * lying.item.quantity
    limit = most_before_overloaded(stats.ability(creature, Ability.STR))
    if carried_weight(creature, content) + weight > limit:
        raise RuleError(
            "PICKUP_TOO_HEAVY",
            f"{creature.name} cannot carry {weight:g} lb more without being too burdened to move.",
        )
    scene.floor.remove(lying)
    coins = content.item(lying.item.base).kind is ItemKind.COINS
    held = lying.item if coins else add_item(creature, lying.item, content)
    data = {"creature": creature.id, "item": held.uid, "base": held.base, "quantity": lying.item.quantity}
    # coins go into the purse, not the pack
    purse = give_gold(creature, lying.item.quantity) if coins else []
    return [Event("item.picked_up", data), *purse]


def drop(
    scene: Scene, creature_id: str, item_uid: str, content: Content, quantity: int | None = None
) -> list[Event]:
    """Drop an item (or part of a stack) on the creature's square; a worn item is taken off first."""
    creature, point = _standing(scene, creature_id, "DROP_CANNOT_ACT")
    item = carried(creature, item_uid)
    if item is None:
        raise RuleError("DROP_NOT_CARRIED", f"{creature.name} is not carrying that item.", item=item_uid)
    count = item.quantity if quantity is None else quantity
    if not 1 <= count <= item.quantity:
        raise RuleError(
            "DROP_BAD_QUANTITY", f"Drop between 1 and {item.quantity}, not {count}.", quantity=count
        )
    dropped, events = take_from_pack(scene, creature, item, count)
    scene.floor.append(FloorItem(point, dropped))
    events.append(
        Event(
            "item.dropped",
            {
                "creature": creature.id,
                "item": dropped.uid,
                "base": dropped.base,
                "quantity": count,
                "point": list(point),
            },
        )
    )
    return events


def take_from_pack(
    scene: Scene, creature: Creature, item: ItemInstance, count: int
) -> tuple[ItemInstance, list[Event]]:
    """Take `count` of a carried item out of a creature's pack: the whole item (taken off first if it
    is worn), or a new stack split from it. The caller has checked that 1 <= count <= its quantity."""
    if count == item.quantity:
        events = take_off_item(creature, item.uid)
        creature.inventory.remove(item)
        return item, events
    item.quantity -= count
    part = ItemInstance(
        uid=scene.new_uid("item"),
        base=item.base,
        quantity=count,
        bonus=item.bonus,
        rarity=item.rarity,
        enchantments=list(item.enchantments),
        charges=item.charges,
        spell=item.spell,
    )
    return part, []


def give_gold(creature: Creature, amount: int) -> list[Event]:
    """Add gold (or take it, with a negative amount); a creature never has less than none."""
    if creature.gold + amount < 0:
        raise RuleError(
            "GOLD_NOT_ENOUGH", f"{creature.name} has {creature.gold} gold, not {-amount}.", gold=creature.gold
        )
    creature.gold += amount
    return [Event("gold.changed", {"creature": creature.id, "amount": amount, "gold": creature.gold})]
