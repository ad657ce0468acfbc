"""Load what the NPC and quest generators read: name lists, goldbox/data/npcs.yaml and quests.yaml.

Reading files is I/O, so it happens here; `load_story_content()` gathers the tables together with
the content catalogue (items, spells, monsters) into the `StoryContent` the generators take.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from goldbox.content.loader import load_content
from goldbox.content.loot_tables import load_loot_tables, parse_table, read_data
from goldbox.game.rpg.content import Content
from goldbox.pcg.errors import PcgError
from goldbox.pcg.names import train_name_models
from goldbox.pcg.story_tables import NpcTables, QuestTables, StoryContent

NPCS_FILE = "npcs.yaml"
QUESTS_FILE = "quests.yaml"
NAMES_DIRECTORY = "names"


def parse_name_list(text: str) -> tuple[str, ...]:
    """One name a line; blank lines and lines starting with # are skipped."""
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


@cache
def load_name_lists() -> dict[str, tuple[str, ...]]:
    """Every race's training names, from goldbox/data/names/<race>.txt, by race."""
    directory = resources.files("goldbox").joinpath("data", NAMES_DIRECTORY)
    lists: dict[str, tuple[str, ...]] = {}
    for entry in sorted(directory.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".txt"):
            names = parse_name_list(entry.read_text(encoding="utf-8"))
            if not names:
                raise PcgError("PCG_BAD_TABLE", f"names/{entry.name} holds no name")
            lists[entry.name.removesuffix(".txt")] = names
    return lists


def parse_npc_tables(text: str, source: str = NPCS_FILE) -> NpcTables:
    return parse_table(NpcTables, text, source)


def parse_quest_tables(text: str, source: str = QUESTS_FILE) -> QuestTables:
    return parse_table(QuestTables, text, source)


@cache
def load_npc_tables() -> NpcTables:
    return parse_npc_tables(read_data(NPCS_FILE))


@cache
def load_quest_tables() -> QuestTables:
    return parse_quest_tables(read_data(QUESTS_FILE))


def story_content(content: Content) -> StoryContent:
    """The NPC and quest generators' content, with the catalogue's items, spells and monsters.

    Refuses (PCG_BAD_TABLE) an NPC race without a name list or a collect item missing from items.yaml.
    """
    names = load_name_lists()
    npcs = load_npc_tables()
    quests = load_quest_tables()
    nameless = sorted(race for race in npcs.races if race not in names)
    if nameless:
        raise PcgError("PCG_BAD_TABLE", f"{NPCS_FILE}: race {nameless[0]!r} has no names/{nameless[0]}.txt")
    missing = sorted(item for item in quests.collect_items if item not in content.items)
    if missing:
        raise PcgError("PCG_BAD_TABLE", f"{QUESTS_FILE}: collect item {missing[0]!r} is not in items.yaml")
    return StoryContent(
        items=content.items,
        loot=load_loot_tables(),
        scroll_spells={spell_id: spell.level for spell_id, spell in sorted(content.spells.items())},
        names=train_name_models(names),
        npcs=npcs,
        quests=quests,
        monster_names={monster_id: monster.name for monster_id, monster in sorted(content.monsters.items())},
    )


@cache
def load_story_content() -> StoryContent:
    """The shipped content for NPCs and quests (read and trained once per process)."""
    return story_content(load_content())
