"""The parameters the content generators take (items, names, NPCs, quests), with their allowed ranges.

Like the map parameters (`goldbox.pcg.params`), each model is strict and frozen and refuses bad
input with a `PcgError` naming the allowed range before anything is drawn.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, field_validator, model_validator

from goldbox.game.rpg.items import RARITIES
from goldbox.pcg.errors import PcgError
from goldbox.pcg.params import PcgParams

Rarity = Literal["common", "uncommon", "rare", "epic", "legendary"]
ItemKindName = Literal[
    "weapon", "ammunition", "armour", "shield", "ring", "potion", "scroll", "wand", "gear", "key"
]
ITEM_KINDS: tuple[str, ...] = get_args(ItemKindName)

QuestKind = Literal["kill", "collect", "retrieve", "discover", "deliver", "escort"]
QUEST_KINDS: tuple[QuestKind, ...] = get_args(QuestKind)

MAX_COUNT = 1000


def require_seed(seed: object) -> int:
    """The seed itself if it is a real integer; otherwise PCG_BAD_PARAMS (so `True` or `3.5` never seed)."""
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise PcgError("PCG_BAD_PARAMS", f"seed must be an integer; got {seed!r}", param="seed", got=seed)
    return seed


class ItemParams(PcgParams):
    """A batch of loot: how many, for what level, which rarities and which kinds of item."""

    count: int = Field(10, ge=1, le=MAX_COUNT)
    level: int = Field(1, ge=1, le=20)
    min_rarity: Rarity = "common"
    max_rarity: Rarity = "legendary"
    kinds: tuple[ItemKindName, ...] | None = None

    @field_validator("kinds", mode="before")
    @classmethod
    def _known_kinds(cls, kinds: object) -> object:
        """A list or tuple of known kinds, at least one; the error names every kind there is."""
        if kinds is None:
            return None
        allowed = ", ".join(ITEM_KINDS)
        if not isinstance(kinds, list | tuple) or not kinds:
            raise PcgError(
                "PCG_BAD_PARAMS", f"kinds must be a non-empty list of {allowed}; got {kinds!r}", param="kinds"
            )
        unknown = [kind for kind in kinds if kind not in ITEM_KINDS]
        if unknown:
            raise PcgError(
                "PCG_BAD_PARAMS",
                f"unknown item kind {unknown[0]!r}; the kinds are {allowed}",
                param="kinds",
                allowed=list(ITEM_KINDS),
                got=unknown[0],
            )
        return tuple(dict.fromkeys(kinds))

    @model_validator(mode="after")
    def _rarities_in_order(self) -> ItemParams:
        if RARITIES.index(self.min_rarity) > RARITIES.index(self.max_rarity):
            raise PcgError(
                "PCG_BAD_PARAMS",
                f"min_rarity {self.min_rarity!r} is rarer than max_rarity {self.max_rarity!r}; "
                f"the rarities from common to legendary are {', '.join(RARITIES)}",
                param="min_rarity",
                allowed=list(RARITIES),
            )
        return self


class NameParams(PcgParams):
    """How long a generated name may be, in letters."""

    min_length: int = Field(3, ge=2, le=16)
    max_length: int = Field(10, ge=3, le=24)

    @model_validator(mode="after")
    def _lengths_in_order(self) -> NameParams:
        if self.min_length > self.max_length:
            raise PcgError(
                "PCG_BAD_PARAMS",
                f"min_length {self.min_length} is above max_length {self.max_length}; "
                "min_length must be at most max_length",
                param="min_length",
            )
        return self


class NpcParams(PcgParams):
    """One NPC: its level, and optionally its race and class (otherwise drawn)."""

    level: int = Field(1, ge=1, le=20)
    race: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$")
    character_class: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$")
    traits: int = Field(2, ge=1, le=3)
    dialogue_lines: int = Field(3, ge=1, le=6)
    loot_entries: int = Field(4, ge=1, le=10)


class QuestParams(PcgParams):
    """A quest (or a chain of them) for one generated level."""

    kind: QuestKind | None = None
    difficulty: int | None = Field(None, ge=1, le=10)  # None: the level's own difficulty

    @field_validator("kind", mode="before")
    @classmethod
    def _known_kind(cls, kind: object) -> object:
        if kind is not None and kind not in QUEST_KINDS:
            raise PcgError(
                "PCG_BAD_PARAMS",
                f"there is no quest kind {kind!r}; choose one of {', '.join(QUEST_KINDS)}",
                param="kind",
                allowed=list(QUEST_KINDS),
                got=kind,
            )
        return kind

    chain: int = Field(1, ge=1, le=6)
