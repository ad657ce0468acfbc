"""Using magic items: drinking potions, reading scrolls and pointing wands.

- A potion works on its drinker alone, as its spell would (healing, extra healing, speed is haste,
  invisibility), whatever the spell's range or area; a silenced creature can drink. One is used up.
- A scroll casts the spell written on it without using a memorised slot, at the reader's level. Only
  a mage reads arcane scrolls and only a cleric divine ones (ITEM_CANNOT_READ), and reading aloud
  needs a voice (SPELL_SILENCED). It is checked like any cast (range, line of sight) and then used up.
- A wand casts its spell as a caster of `ITEM_CASTER_LEVEL`, spending a charge; it needs no words.
  An empty wand refuses (ITEM_NO_CHARGES) and stays in the pack.

Potions also use `ITEM_CASTER_LEVEL` wherever their spell's duration grows with the caster's level.
"""

from __future__ import annotations

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import stats
from goldbox.game.rpg.content import Content, ItemDef, ItemKind
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.effects import modifiers
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Point
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.spells import Casting, check_cast, resolve

# The caster level of the spell in a potion or a wand.
ITEM_CASTER_LEVEL = 6


def use_item(
    scene: Scene,
    creature_id: str,
    item_uid: str,
    target_id: str | None,
    point: Point | None,
    content: Content,
    rng: Rng,
) -> list[Event]:
    """Drink, read or point a carried item: check everything, then spend it and release its spell."""
    creature = scene.creatures.get(creature_id)
    if creature is None:
        raise RuleError("CREATURE_NOT_FOUND", f"There is no creature {creature_id!r} here.")
    item = next((carried for carried in creature.inventory if carried.uid == item_uid), None)
    if item is None:
        raise RuleError("ITEM_NOT_CARRIED", f"{creature.name} does not carry that item.", item=item_uid)
    definition = content.item(item.base)
    spell_id = item.spell or definition.spell
    if definition.kind not in (ItemKind.POTION, ItemKind.SCROLL, ItemKind.WAND) or spell_id is None:
        raise RuleError("ITEM_NOT_USABLE", f"{definition.name} cannot be used that way.")
    used = Event("item.used", {"creature": creature.id, "item": item.uid, "base": item.base})
    if definition.kind is ItemKind.POTION:
        casting = _drink(creature, spell_id, content)
        spend_one(creature, item)
        return [used, *resolve(scene, casting, content, rng, only=[creature])]
    if definition.kind is ItemKind.SCROLL:
        _check_reader(creature, spell_id, content)
        casting = check_cast(scene, creature.id, spell_id, target_id, point, content, memorised=False)
        spend_one(creature, item)
        return [used, *resolve(scene, casting, content, rng)]
    charges = _charges(item, definition)
    if charges <= 0:
        raise RuleError("ITEM_NO_CHARGES", f"{definition.name} has no charges left.")
    casting = check_cast(
        scene, creature.id, spell_id, target_id, point, content, memorised=False, verbal=False
    )
    item.charges = charges - 1
    casting = Casting(casting.caster, casting.spell, ITEM_CASTER_LEVEL, casting.target, casting.point)
    return [used, *resolve(scene, casting, content, rng)]


def _drink(creature: Creature, spell_id: str, content: Content) -> Casting:
    if not creature.can_act:
        raise RuleError("CREATURE_CANNOT_ACT", f"{creature.name} is {creature.status.value} and cannot act.")
    if modifiers(creature.effects).helpless:
        raise RuleError("CREATURE_HELPLESS", f"{creature.name} is helpless and cannot drink.")
    return Casting(creature, content.spell(spell_id), ITEM_CASTER_LEVEL, creature, None)


def _check_reader(creature: Creature, spell_id: str, content: Content) -> None:
    class_def = stats.class_of(creature, content)
    spell = content.spell(spell_id)
    if class_def is None or class_def.caster is not spell.caster:
        kind = "a mage" if spell.caster.value == "arcane" else "a cleric"
        raise RuleError("ITEM_CANNOT_READ", f"Only {kind} can read a scroll of {spell.name}.")


def _charges(item: ItemInstance, definition: ItemDef) -> int:
    """A wand's charges: its own count, or the full charge of its kind if never used."""
    if item.charges is not None:
        return item.charges
    return definition.charges or 0


def spend_one(creature: Creature, item: ItemInstance) -> None:
    """One of a stack is used up; the last one leaves the pack (and any slot it filled)."""
    if item.quantity > 1:
        item.quantity -= 1
        return
    creature.inventory.remove(item)
    creature.equipped = {slot: uid for slot, uid in creature.equipped.items() if uid != item.uid}
