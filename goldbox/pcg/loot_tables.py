"""The tables the item generator draws from: rarities, kinds, enchantments and what each is worth.

The tables are content (goldbox/data/loot.yaml, loaded by goldbox.content.loot_tables); the item
generator takes a validated `LootTables` as a parameter so that pcg/ stays free of I/O.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from goldbox.game.rpg.items import ENCHANTMENTS, RARITIES
from goldbox.pcg.content_params import ITEM_KINDS, ItemKindName


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _in_order(low: int, high: int, what: str) -> None:
    if low > high:
        raise ValueError(f"{what}: {low} is above {high}")


class RarityTier(_Table):
    """How often a rarity turns up at each level, and how much magic it carries.

    The weight at level L is `weight + weight_per_level * (L - 1)`, never below `min_weight`: rarer
    tiers gain weight as the level rises, common ones lose it.
    """

    weight: float = Field(gt=0)
    weight_per_level: float = 0.0
    min_weight: float = Field(0.5, gt=0)
    bonus: tuple[int, int] = (0, 0)  # magic plus of weapons, armour, shields and rings, low..high
    enchantments: tuple[int, int] = (0, 0)  # how many enchantments, low..high (as many as fit the kind)
    value_multiplier: float = Field(1.0, ge=1)
    charges_multiplier: float = Field(1.0, ge=1)
    spell_level: int = Field(1, ge=1, le=9)  # the highest spell level a scroll of this rarity holds

    @model_validator(mode="after")
    def _ranges(self) -> RarityTier:
        _in_order(*self.bonus, "bonus")
        _in_order(*self.enchantments, "enchantments")
        if not 0 <= self.bonus[0] <= 5 or not 0 <= self.bonus[1] <= 5:
            raise ValueError("bonus must lie within 0..5")
        if self.enchantments[0] < 0:
            raise ValueError("enchantments must be 0 or more")
        return self

    def weight_at(self, level: int) -> float:
        return max(self.min_weight, self.weight + self.weight_per_level * (level - 1))


class KindEntry(_Table):
    """How often a kind of item is found, in what stack size, and whether it carries a magic plus."""

    weight: float = Field(gt=0)
    quantity: tuple[int, int] = (1, 1)
    quantity_per_level: float = Field(0.0, ge=0)
    magic: bool = False  # takes the rarity's bonus (+1..+3)
    charges: tuple[int, int] | None = None  # wands: charges at level 1, low..high
    charges_per_level: float = Field(0.0, ge=0)
    charge_value: int = Field(0, ge=0)  # gold each charge adds to the value

    @model_validator(mode="after")
    def _ranges(self) -> KindEntry:
        _in_order(*self.quantity, "quantity")
        if self.quantity[0] < 1:
            raise ValueError("quantity must be 1 or more")
        if self.charges is not None:
            _in_order(*self.charges, "charges")
            if self.charges[0] < 1:
                raise ValueError("charges must be 1 or more")
        return self


class EnchantmentEntry(_Table):
    """An enchantment from `ENCHANTMENTS`: the kinds of item it fits, how often, and its worth."""

    kinds: tuple[ItemKindName, ...] = Field(min_length=1)
    weight: float = Field(gt=0)
    value: int = Field(ge=0)


class LootTables(_Table):
    """Every rarity (common..legendary), every kind of item, and every enchantment the generator uses."""

    rarities: dict[str, RarityTier]
    kinds: dict[str, KindEntry]
    enchantments: dict[str, EnchantmentEntry]
    bonus_value: int = Field(ge=0)  # gold per point of magic plus

    @model_validator(mode="after")
    def _complete(self) -> LootTables:
        if sorted(self.rarities) != sorted(RARITIES):
            raise ValueError(f"rarities must be exactly {', '.join(RARITIES)}")
        if sorted(self.kinds) != sorted(ITEM_KINDS):
            raise ValueError(f"kinds must be exactly {', '.join(ITEM_KINDS)}")
        unknown = sorted(name for name in self.enchantments if name not in ENCHANTMENTS)
        if unknown:
            raise ValueError(
                f"unknown enchantment {unknown[0]!r}; the enchantments are {', '.join(ENCHANTMENTS)}"
            )
        return self

    def enchantments_for(self, kind: str) -> list[str]:
        """The enchantments that fit a kind of item, in table order."""
        return [name for name, entry in self.enchantments.items() if kind in entry.kinds]
