"""Equipment: what a creature wears and wields, and what its class allows it to.

A creature has six slots: `weapon`, `offhand` (a shield; nothing beside a two-handed weapon), `body`
(armour), two rings (`ring_left`, `ring_right`) and `ammunition` (a quiver or pouch). An equipped item
stays in the inventory; `Creature.equipped` only names it. The bonuses of what is worn are applied by
`goldbox.game.rpg.stats`, which reads the slots.
"""

from __future__ import annotations

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rpg import stats
from goldbox.game.rpg.content import Content, ItemDef, ItemKind, Size
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.items import ItemInstance

RING_SLOTS = ("ring_left", "ring_right")
SLOTS = ("weapon", "offhand", "body", *RING_SLOTS, "ammunition")
UNARMED_DAMAGE = "1d2"


def carried(creature: Creature, item_uid: str) -> ItemInstance | None:
    """The item with this uid in the creature's inventory, if it has one."""
    return next((item for item in creature.inventory if item.uid == item_uid), None)


def slot_of(creature: Creature, item_uid: str) -> str | None:
    """The slot an item is equipped in, or None if it is only carried."""
    return next((slot for slot in SLOTS if creature.equipped.get(slot) == item_uid), None)


def in_slot(creature: Creature, slot: str, content: Content) -> tuple[ItemInstance, ItemDef] | None:
    """The item equipped in a slot and its definition."""
    uid = creature.equipped.get(slot)
    item = carried(creature, uid) if uid is not None else None
    return None if item is None else (item, content.item(item.base))


def wielded_weapon(creature: Creature, content: Content) -> tuple[ItemInstance, ItemDef] | None:
    """The weapon in the weapon slot, or None when fighting unarmed (or with natural attacks)."""
    return in_slot(creature, "weapon", content)


def ammunition_for(creature: Creature, content: Content) -> ItemInstance | None:
    """The ammunition the wielded launcher would shoot: the equipped stack if it fits, else the first
    fitting stack carried; None without a ranged weapon or without anything to shoot."""
    wielded = wielded_weapon(creature, content)
    if wielded is None or not wielded[1].ranged or wielded[1].ammunition is None:
        return None
    wanted = wielded[1].ammunition
    quiver = in_slot(creature, "ammunition", content)
    if quiver is not None and quiver[0].base == wanted and quiver[0].quantity > 0:
        return quiver[0]
    return next((item for item in creature.inventory if item.base == wanted and item.quantity > 0), None)


def spend_ammunition(creature: Creature, content: Content) -> list[Event]:
    """Use up one shot; an emptied stack leaves the inventory (and its slot)."""
    item = ammunition_for(creature, content)
    if item is None:
        raise RuleError("ATTACK_NO_AMMUNITION", f"{creature.name} has nothing to shoot.")
    item.quantity -= 1
    if item.quantity == 0:
        _remove(creature, item)
    return [
        Event(
            "ammunition.spent",
            {"creature": creature.id, "item": item.uid, "base": item.base, "left": item.quantity},
        )
    ]


def weapon_damage(creature: Creature, target_size: Size, content: Content) -> tuple[str, int]:
    """The damage dice of the creature's attack against a target of this size, and the bonus added.

    A ranged weapon deals its ammunition's damage; a monster without a weapon its first attack's.
    """
    wielded = wielded_weapon(creature, content)
    large = target_size is Size.LARGE
    if wielded is None:
        monster = stats.monster_of(creature, content)
        if monster is not None:
            return monster.attacks[0].damage, stats.melee_damage_bonus(creature, content)
        return UNARMED_DAMAGE, stats.melee_damage_bonus(creature, content)
    _item, weapon = wielded
    if weapon.ranged:
        dealer = content.items.get(weapon.ammunition or "", weapon)
        if dealer.damage is None:
            dealer = weapon
        dice = (dealer.damage_large if large else None) or dealer.damage or UNARMED_DAMAGE
        return dice, stats.missile_damage_bonus(creature, content)
    dice = (weapon.damage_large if large else None) or weapon.damage or UNARMED_DAMAGE
    return dice, stats.melee_damage_bonus(creature, content)


def attack_range(creature: Creature, content: Content) -> int:
    """Squares the creature's weapon reaches: 1 in melee, the launcher's range when shooting."""
    wielded = wielded_weapon(creature, content)
    return wielded[1].range if wielded is not None and wielded[1].ranged else 1


# ------------------------------------------------------------------------------------------- rules
def refusal(creature: Creature, item: ItemDef, content: Content) -> str | None:
    """Why the creature's class may not use this item, or None if it may."""
    class_def = stats.class_of(creature, content)
    if class_def is None:
        return None
    if item.kind is ItemKind.WEAPON and item.category not in class_def.weapons:
        return f"A {class_def.name.lower()} cannot use a {item.name.lower()} ({item.category} weapons)."
    if item.kind is ItemKind.ARMOUR and item.category not in class_def.armour:
        return f"A {class_def.name.lower()} cannot wear {item.name.lower()} ({item.category} armour)."
    if item.kind is ItemKind.SHIELD and "shield" not in class_def.armour:
        return f"A {class_def.name.lower()} cannot carry a shield."
    return None


def _target_slot(creature: Creature, item: ItemInstance, definition: ItemDef, content: Content) -> str:
    """The slot an item goes to, after checking every rule; raises before anything changes."""
    if definition.slot is None or definition.slot not in (*SLOTS, "ring"):
        raise RuleError("EQUIP_NOT_EQUIPPABLE", f"The {definition.name.lower()} cannot be worn or wielded.")
    if slot_of(creature, item.uid) is not None:
        raise RuleError("EQUIP_ALREADY_EQUIPPED", f"The {definition.name.lower()} is already equipped.")
    reason = refusal(creature, definition, content)
    if reason is not None:
        raise RuleError("EQUIP_NOT_ALLOWED", reason, item=item.uid, base=item.base)
    if definition.slot == "weapon" and definition.two_handed and "offhand" in creature.equipped:
        raise RuleError(
            "EQUIP_TWO_HANDED_CONFLICT",
            f"The {definition.name.lower()} needs both hands: put away what is in your off hand first.",
        )
    if definition.slot == "offhand":
        weapon = wielded_weapon(creature, content)
        if weapon is not None and weapon[1].two_handed:
            raise RuleError(
                "EQUIP_TWO_HANDED_CONFLICT",
                f"Your {weapon[1].name.lower()} needs both hands: put it away to carry a "
                f"{definition.name.lower()}.",
            )
    if definition.slot == "ring":
        free = [slot for slot in RING_SLOTS if slot not in creature.equipped]
        if not free:
            raise RuleError("EQUIP_RINGS_FULL", "You already wear two rings: take one off first.")
        return free[0]
    return definition.slot


def equip(creature: Creature, item_uid: str, content: Content) -> list[Event]:
    """Wear or wield an item from the inventory; whatever was in its slot goes back to the pack."""
    if not creature.can_act:
        raise RuleError("EQUIP_CANNOT_ACT", f"{creature.name} cannot change equipment now.")
    item = carried(creature, item_uid)
    if item is None:
        raise RuleError(
            "EQUIP_NOT_IN_INVENTORY", f"{creature.name} is not carrying that item.", item=item_uid
        )
    definition = content.item(item.base)
    slot = _target_slot(creature, item, definition, content)
    events: list[Event] = []
    if slot in creature.equipped:
        events += _take_off(creature, slot)
    creature.equipped[slot] = item.uid
    events.append(Event("item.equipped", {"creature": creature.id, "item": item.uid, "slot": slot}))
    return events


def unequip(creature: Creature, slot: str, content: Content) -> list[Event]:
    """Take off what is in a slot; it stays in the inventory."""
    if slot not in SLOTS:
        raise RuleError("UNEQUIP_UNKNOWN_SLOT", f"There is no {slot!r} slot; slots are {', '.join(SLOTS)}.")
    if slot not in creature.equipped:
        raise RuleError("UNEQUIP_SLOT_EMPTY", f"{creature.name} has nothing in the {slot} slot.")
    if not creature.can_act:
        raise RuleError("EQUIP_CANNOT_ACT", f"{creature.name} cannot change equipment now.")
    return _take_off(creature, slot)


def _take_off(creature: Creature, slot: str) -> list[Event]:
    uid = creature.equipped.pop(slot)
    return [Event("item.unequipped", {"creature": creature.id, "item": uid, "slot": slot})]


def take_off_item(creature: Creature, item_uid: str) -> list[Event]:
    """Unequip an item wherever it is worn (before it is dropped or given away); nothing if it is not."""
    slot = slot_of(creature, item_uid)
    return [] if slot is None else _take_off(creature, slot)


def _remove(creature: Creature, item: ItemInstance) -> None:
    slot = slot_of(creature, item.uid)
    if slot is not None:
        del creature.equipped[slot]
    creature.inventory.remove(item)
