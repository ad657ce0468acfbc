"""The tables NPCs and quests are written from, and the bundle of content both generators take.

The tables are content (goldbox/data/npcs.yaml and quests.yaml, loaded by goldbox.content.story_tables);
the generators take them as parameters so that pcg/ stays free of I/O. Text templates name their
blanks in braces (`{name}`); a template with a blank the generator does not fill is refused at load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from goldbox.game.rpg.content import ItemDef
from goldbox.pcg.content_params import ITEM_KINDS, QUEST_KINDS, Rarity
from goldbox.pcg.loot_tables import LootTables
from goldbox.pcg.names import NameModel

NPC_BLANKS = frozenset({"name", "race", "class", "item", "subject"})
QUEST_BLANKS = frozenset({"giver", "monster", "monsters", "count", "item", "items", "room", "npc", "depth"})


def blanks(template: str) -> set[str]:
    """The names of the blanks in a template: `"Hail, {name}!"` -> {"name"}."""
    return {field for _, field, _, _ in Formatter().parse(template) if field is not None}


def _check_blanks(templates: tuple[str, ...], allowed: frozenset[str]) -> tuple[str, ...]:
    for template in templates:
        unknown = sorted(blanks(template) - allowed)
        if unknown:
            raise ValueError(
                f"{template!r} has a blank {{{unknown[0]}}}; the blanks are {', '.join(sorted(allowed))}"
            )
    return templates


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TraitLines(_Table):
    """A personality trait: the traits it cannot share an NPC with, and how it greets, talks and parts."""

    opposes: tuple[str, ...] = ()
    greeting: tuple[str, ...] = Field(min_length=1)
    remark: tuple[str, ...] = Field(min_length=1)
    farewell: tuple[str, ...] = Field(min_length=1)

    _blanks = field_validator("greeting", "remark", "farewell")(
        lambda templates: _check_blanks(templates, NPC_BLANKS)
    )


class NpcTables(_Table):
    """Which races NPCs come in (and their classes), their traits, what they talk of and carry."""

    races: dict[str, tuple[str, ...]] = Field(min_length=1)  # race -> the classes an NPC of it may have
    traits: dict[str, TraitLines] = Field(min_length=3)
    subjects: tuple[str, ...] = Field(min_length=1)  # rumours and worries, for {subject}
    class_loot: dict[str, dict[str, float]]  # class (or "default") -> item kind -> weight

    @model_validator(mode="after")
    def _consistent(self) -> NpcTables:
        for race, classes in self.races.items():
            if not classes:
                raise ValueError(f"race {race!r} lists no class")
        for trait, lines in self.traits.items():
            for other in lines.opposes:
                if other not in self.traits:
                    raise ValueError(f"trait {trait!r} opposes {other!r}, which is not a trait")
        if "default" not in self.class_loot:
            raise ValueError("class_loot needs a 'default' entry")
        for name, weights in self.class_loot.items():
            unknown = sorted(kind for kind in weights if kind not in ITEM_KINDS)
            if unknown:
                raise ValueError(f"class_loot {name!r}: unknown item kind {unknown[0]!r}")
            if not any(weight > 0 for weight in weights.values()):
                raise ValueError(f"class_loot {name!r} gives every kind weight 0")
        return self


class QuestTexts(_Table):
    """Titles and descriptions for one kind of quest."""

    titles: tuple[str, ...] = Field(min_length=1)
    descriptions: tuple[str, ...] = Field(min_length=1)

    _blanks = field_validator("titles", "descriptions")(
        lambda templates: _check_blanks(templates, QUEST_BLANKS)
    )


class QuestRewards(_Table):
    """What a quest pays: XP and gold grow with difficulty and party level; rarer items with difficulty."""

    xp_per_difficulty: int = Field(ge=0)
    gold_per_difficulty: int = Field(ge=0)
    party_level_step: float = Field(ge=0)  # each party level above 1 adds this share
    chain_step: float = Field(ge=0)  # each later quest of a chain pays this share more
    kind_factor: dict[str, float]
    item_rarity: tuple[Rarity, ...] = Field(min_length=10, max_length=10)  # by difficulty 1..10
    item_chance: float = Field(ge=0, le=1)  # the chance of an item besides gold and XP

    @model_validator(mode="after")
    def _every_kind(self) -> QuestRewards:
        missing = [kind for kind in QUEST_KINDS if kind not in self.kind_factor]
        if missing:
            raise ValueError(f"kind_factor is missing {', '.join(missing)}")
        return self


class QuestTables(_Table):
    """The text of each kind of quest, what collect quests gather, and the reward scale."""

    kinds: dict[str, QuestTexts]
    collect_items: tuple[str, ...] = Field(min_length=1)  # item template ids a collect quest scatters
    rewards: QuestRewards

    @model_validator(mode="after")
    def _every_kind(self) -> QuestTables:
        missing = [kind for kind in QUEST_KINDS if kind not in self.kinds]
        if missing:
            raise ValueError(f"kinds is missing {', '.join(missing)}")
        return self


@dataclass(frozen=True, slots=True)
class StoryContent:
    """Everything the NPC and quest generators read, gathered once by goldbox.content.story_tables.

    `scroll_spells` maps each spell a scroll may hold to its level; `monster_names` maps monster ids
    to the names quest texts use.
    """

    items: Mapping[str, ItemDef]
    loot: LootTables
    scroll_spells: Mapping[str, int]
    names: Mapping[str, NameModel]
    npcs: NpcTables
    quests: QuestTables
    monster_names: Mapping[str, str]
