"""Content the content-generator tests share: an item catalogue with the ids of items.yaml, and the
shipped loot, name and NPC tables (read through goldbox.content, as the command line does)."""

from __future__ import annotations

from goldbox.game.rpg.content import ItemDef, ItemKind

_ITEMS: list[tuple[str, ItemKind, int, int, bool]] = [
    # id, kind, value, level, stackable
    ("dagger", ItemKind.WEAPON, 2, 1, False),
    ("short_sword", ItemKind.WEAPON, 10, 1, False),
    ("long_sword", ItemKind.WEAPON, 15, 1, False),
    ("two_handed_sword", ItemKind.WEAPON, 30, 2, False),
    ("mace", ItemKind.WEAPON, 8, 1, False),
    ("flail", ItemKind.WEAPON, 3, 1, False),
    ("war_hammer", ItemKind.WEAPON, 2, 1, False),
    ("battle_axe", ItemKind.WEAPON, 5, 1, False),
    ("spear", ItemKind.WEAPON, 1, 1, False),
    ("quarterstaff", ItemKind.WEAPON, 1, 1, False),
    ("short_bow", ItemKind.WEAPON, 30, 1, False),
    ("long_bow", ItemKind.WEAPON, 60, 2, False),
    ("light_crossbow", ItemKind.WEAPON, 35, 1, False),
    ("sling", ItemKind.WEAPON, 1, 1, False),
    ("arrow", ItemKind.AMMUNITION, 1, 1, True),
    ("bolt", ItemKind.AMMUNITION, 1, 1, True),
    ("sling_bullet", ItemKind.AMMUNITION, 1, 1, True),
    ("leather_armour", ItemKind.ARMOUR, 5, 1, False),
    ("studded_leather_armour", ItemKind.ARMOUR, 15, 1, False),
    ("ring_mail", ItemKind.ARMOUR, 30, 1, False),
    ("scale_mail", ItemKind.ARMOUR, 45, 2, False),
    ("chain_mail", ItemKind.ARMOUR, 75, 2, False),
    ("banded_mail", ItemKind.ARMOUR, 90, 3, False),
    ("plate_mail", ItemKind.ARMOUR, 400, 4, False),
    ("shield", ItemKind.SHIELD, 10, 1, False),
    ("ring_of_protection", ItemKind.RING, 2000, 3, False),
    ("potion_of_healing", ItemKind.POTION, 200, 1, True),
    ("potion_of_extra_healing", ItemKind.POTION, 400, 3, True),
    ("potion_of_speed", ItemKind.POTION, 300, 4, True),
    ("potion_of_invisibility", ItemKind.POTION, 250, 3, True),
    ("spell_scroll", ItemKind.SCROLL, 150, 1, False),
    ("wand_of_magic_missiles", ItemKind.WAND, 2500, 4, False),
    ("wand_of_lightning", ItemKind.WAND, 4000, 6, False),
    ("torch", ItemKind.GEAR, 1, 1, True),
    ("rope", ItemKind.GEAR, 1, 1, False),
    ("iron_key", ItemKind.KEY, 5, 1, False),
]

ITEM_TEMPLATES: dict[str, ItemDef] = {
    item_id: ItemDef(
        id=item_id,
        name=item_id.replace("_", " "),
        kind=kind,
        weight=1,
        value=value,
        level=level,
        stackable=stack,
    )
    for item_id, kind, value, level, stack in _ITEMS
}

SCROLL_SPELLS: dict[str, int] = {
    "magic_missile": 1,
    "sleep": 1,
    "cure_light_wounds": 1,
    "web": 2,
    "invisibility": 2,
    "fireball": 3,
    "lightning_bolt": 3,
    "ice_storm": 4,
}
