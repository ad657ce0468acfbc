"""Items as they exist in the world: one instance of an item from the content, with its magic."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class ItemInstance:
    """One item (or a stack): `base` is the id of its definition in items.yaml.

    `bonus` is its magic plus (+1 to +3; negative for cursed items). `enchantments` name extra
    properties from `ENCHANTMENTS`. `spell` is the spell of a scroll; `charges` those of a wand.
    """

    uid: str
    base: str
    quantity: int = 1
    bonus: int = 0
    rarity: str = "common"
    enchantments: list[str] = field(default_factory=list)
    charges: int | None = None
    spell: str | None = None


RARITIES = ("common", "uncommon", "rare", "epic", "legendary")

# Enchantment id -> what it does, in words; the rules in equipment/combat give each its effect.
ENCHANTMENTS: dict[str, str] = {
    "flaming": "weapon: +1d4 fire damage on every hit",
    "frost": "weapon: +1d4 cold damage on every hit",
    "shocking": "weapon: +1d4 electrical damage on every hit",
    "accuracy": "weapon: +1 more to hit",
    "might": "weapon: +1 more damage",
    "warding": "armour, shield or ring: 1 better AC",
    "fortitude": "armour, shield or ring: +1 to every saving throw",
}
