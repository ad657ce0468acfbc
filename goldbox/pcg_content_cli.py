"""`goldbox pcg items|quest|npc`: generate loot, quests and NPCs from the command line, as JSON or text.

These commands join the `goldbox pcg` group (goldbox.pcg_cli) through `CONTENT_COMMANDS` and share
its options: `--seed`, `--format`, `--out`, and `--count` for a batch on seeds N, N+1, ... with a
progress bar. How many items one result holds is `--items`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from goldbox.pcg_cli import count_option, emit, format_option, given, out_option, seed_option


@click.command("items")
@seed_option
@click.option("--items", "count_items", type=int, help="Items per result, 1 to 1000 (default 10).")
@click.option("--level", type=int, help="Dungeon level the loot is for, 1 to 20 (default 1).")
@click.option("--min-rarity", help="common, uncommon, rare, epic or legendary (default common).")
@click.option("--max-rarity", help="common, uncommon, rare, epic or legendary (default legendary).")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Only this kind (repeatable): weapon, ammunition, armour, shield, ring, potion, scroll, wand, gear, key.",
)
@format_option("json", "ascii")
@out_option
@count_option
def items_command(
    seed: int,
    fmt: str,
    out: Path | None,
    count: int,
    count_items: int | None,
    kinds: tuple[str, ...],
    **options: Any,
) -> None:
    """Loot: item templates x rarity x enchantments, scaled by level."""
    from goldbox.content import load_content
    from goldbox.content.loot_tables import load_loot_tables
    from goldbox.game.rpg.items import ItemInstance
    from goldbox.pcg.content_params import ItemParams
    from goldbox.pcg.content_render import items_ascii, items_json
    from goldbox.pcg.items import generate_items

    content = load_content()
    tables = load_loot_tables()
    spells = {spell_id: spell.level for spell_id, spell in sorted(content.spells.items())}
    chosen = given(count=count_items, kinds=kinds or None, **options)

    def make(each: int) -> list[ItemInstance]:
        return generate_items(each, ItemParams(**chosen), content.items, tables, spells)

    emit(
        seed,
        count,
        fmt,
        out,
        make,
        {
            "json": lambda items: items_json(items, content.items, tables),
            "ascii": lambda items: items_ascii(items, content.items, tables),
        },
    )


@click.command("npc")
@seed_option
@click.option("--level", type=int, help="1 to 20 (default 1).")
@click.option("--race", help="human, elf, dwarf, halfling, gnome, half_elf or orc (default: drawn).")
@click.option(
    "--class", "character_class", help="fighter, cleric, mage, thief, ranger or paladin (default: drawn)."
)
@click.option("--traits", type=int, help="Personality traits, 1 to 3 (default 2).")
@click.option("--lines", "dialogue_lines", type=int, help="Lines of dialogue, 1 to 6 (default 3).")
@click.option("--loot", "loot_entries", type=int, help="Entries in the loot table, 1 to 10 (default 4).")
@format_option("json", "ascii")
@out_option
@count_option
def npc_command(seed: int, fmt: str, out: Path | None, count: int, **options: Any) -> None:
    """An NPC: a Markov-chain name, race, class, personality, a few lines of dialogue and a loot table."""
    from goldbox.content.story_tables import load_story_content
    from goldbox.pcg.content_params import NpcParams
    from goldbox.pcg.content_render import npc_ascii, to_json
    from goldbox.pcg.npcs import Npc, generate_npc

    story = load_story_content()
    chosen = given(**options)

    def make(each: int) -> Npc:
        return generate_npc(each, NpcParams(**chosen), story)

    emit(
        seed,
        count,
        fmt,
        out,
        make,
        {"json": lambda npc: to_json(npc.to_dict()), "ascii": lambda npc: npc_ascii(npc, story.items)},
    )


@click.command("quest")
@seed_option
@click.option("--kind", help="kill, collect, retrieve, discover, deliver or escort (default: drawn).")
@click.option("--difficulty", type=int, help="1 to 10 (default: the level's).")
@click.option("--chain", type=int, help="Quests in the chain, 1 to 6 (default 1).")
@click.option("--width", type=int, help="The level's width, 16 to 256 (default 64).")
@click.option("--height", type=int, help="The level's height, 16 to 256 (default 64).")
@click.option("--rooms", type=int, help="The level's rooms, 2 to 64 (default 10).")
@click.option("--biome", help="cave, dungeon, forest, mountain, swamp or desert (default dungeon).")
@click.option("--party-level", type=int, help="1 to 20 (default 1).")
@format_option("json", "ascii")
@out_option
@count_option
def quest_command(
    seed: int,
    fmt: str,
    out: Path | None,
    count: int,
    kind: str | None,
    difficulty: int | None,
    chain: int | None,
    **level_options: Any,
) -> None:
    """A quest (or a chain) on a level generated from the same seed; the level comes with it."""
    from goldbox.content.pcg_tables import load_encounter_table
    from goldbox.content.story_tables import load_story_content
    from goldbox.pcg.content_params import QuestParams
    from goldbox.pcg.content_render import quests_ascii, quests_json
    from goldbox.pcg.dungeon import generate_level
    from goldbox.pcg.model import GeneratedLevel
    from goldbox.pcg.params import LevelParams
    from goldbox.pcg.quests import GeneratedQuest, generate_quests

    story = load_story_content()
    table = load_encounter_table()
    quest_options = given(kind=kind, difficulty=difficulty, chain=chain)
    chosen_level = given(**level_options)
    if difficulty is not None:
        chosen_level["difficulty"] = difficulty

    def make(each: int) -> tuple[GeneratedLevel, list[GeneratedQuest]]:
        params = QuestParams(**quest_options)
        level = generate_level(LevelParams(seed=each, **chosen_level), table)
        return level, generate_quests(each, params, level, story)

    emit(
        seed,
        count,
        fmt,
        out,
        make,
        {
            "json": lambda made: quests_json(*made),
            "ascii": lambda made: quests_ascii(made[0], made[1], story.items),
        },
    )


CONTENT_COMMANDS = (items_command, npc_command, quest_command)
"""The commands goldbox.cli adds to the `pcg` group."""
