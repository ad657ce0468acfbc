"""Scribing: a mage copies a spell scroll into its spellbook, and the scroll is used up.

Besides the one spell a mage learns at each level-up (see `progression`), scrolls found in the dungeon
are how its spellbook grows. Only a mage (a character of an arcane-casting class) scribes, only an
arcane scroll, only a spell of a level it can already cast, and only a spell it does not yet know.
Refusals, all checked before anything changes: ITEM_NOT_CARRIED, SCRIBE_NOT_A_SCROLL, SCRIBE_NOT_A_MAGE,
SCRIBE_NOT_ARCANE, SCRIBE_LEVEL_TOO_HIGH, SCRIBE_ALREADY_KNOWN. Events: `item.used` {creature, item,
base}, `spell.learned` {creature, spell, how: "scroll"}.
"""

from __future__ import annotations

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rpg import stats
from goldbox.game.rpg.content import CasterKind, Content, ItemKind
from goldbox.game.rpg.items_use import spend_one
from goldbox.game.rpg.progression import spell_slots
from goldbox.game.rpg.scene import Scene


def scribe(scene: Scene, creature_id: str, item_uid: str, content: Content) -> list[Event]:
    """Copy the spell of a carried arcane scroll into the mage's spellbook, using up the scroll."""
    creature = scene.creatures.get(creature_id)
    if creature is None:
        raise RuleError("CREATURE_NOT_FOUND", f"There is no creature {creature_id!r} here.")
    if not creature.can_act:
        raise RuleError("CREATURE_CANNOT_ACT", f"{creature.name} is {creature.status.value} and cannot act.")
    item = next((carried for carried in creature.inventory if carried.uid == item_uid), None)
    if item is None:
        raise RuleError("ITEM_NOT_CARRIED", f"{creature.name} does not carry that item.", item=item_uid)
    definition = content.item(item.base)
    spell_id = item.spell or definition.spell
    if definition.kind is not ItemKind.SCROLL or spell_id is None:
        raise RuleError("SCRIBE_NOT_A_SCROLL", f"{definition.name} is not a spell scroll.", item=item_uid)
    class_def = stats.class_of(creature, content)
    if class_def is None or class_def.caster is not CasterKind.ARCANE:
        raise RuleError("SCRIBE_NOT_A_MAGE", f"Only a mage keeps a spellbook; {creature.name} cannot scribe.")
    spell = content.spell(spell_id)
    if spell.caster is not CasterKind.ARCANE:
        raise RuleError("SCRIBE_NOT_ARCANE", f"{spell.name} is a prayer, not a spell a mage can copy.")
    if spell.level not in spell_slots(creature, content):
        raise RuleError(
            "SCRIBE_LEVEL_TOO_HIGH",
            f"{spell.name} is a level {spell.level} spell; {creature.name} cannot cast it yet.",
            spell=spell.id,
        )
    if spell.id in creature.spellbook:
        raise RuleError("SCRIBE_ALREADY_KNOWN", f"{spell.name} is already in the spellbook.", spell=spell.id)
    spend_one(creature, item)
    creature.spellbook.append(spell.id)
    return [
        Event("item.used", {"creature": creature.id, "item": item.uid, "base": item.base}),
        Event("spell.learned", {"creature": creature.id, "spell": spell.id, "how": "scroll"}),
    ]
