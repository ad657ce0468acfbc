"""Text views of generated items, NPCs and quests, for designers at the command line.

A quest is drawn on its level's map (`goldbox.pcg.render.level_ascii`) with what the quest adds
marked on top: `!` an item it places, `@` an NPC it places, `*` a square to reach or escort to.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from goldbox.game.rpg.content import ItemDef
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Point
from goldbox.pcg.items import item_value
from goldbox.pcg.loot_tables import LootTables
from goldbox.pcg.model import GeneratedLevel
from goldbox.pcg.npcs import Npc
from goldbox.pcg.quests import GeneratedQuest
from goldbox.pcg.render import level_ascii

ITEM_MARK = "!"
NPC_MARK = "@"
GOAL_MARK = "*"


def to_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same value gives the same bytes in any process."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def items_json(items: Sequence[ItemInstance], templates: Mapping[str, ItemDef], tables: LootTables) -> str:
    return to_json(
        [{**asdict(item), "value": item_value(item, templates[item.base], tables)} for item in items]
    )


def item_line(item: ItemInstance, template: ItemDef) -> str:
    """`Long Sword +2 (rare; flaming)`, with the stack, charges or spell when it has them."""
    name = template.name + (f" +{item.bonus}" if item.bonus else "")
    if item.quantity > 1:
        name = f"{item.quantity} x {name}"
    extras = [item.rarity, *item.enchantments]
    if item.charges is not None:
        extras.append(f"{item.charges} charges")
    if item.spell is not None:
        extras.append(f"spell: {item.spell}")
    return f"{name} ({'; '.join(extras)})"


def items_ascii(items: Sequence[ItemInstance], templates: Mapping[str, ItemDef], tables: LootTables) -> str:
    lines = [
        f"{item.uid:<16} {item_line(item, templates[item.base])}  {item_value(item, templates[item.base], tables)} gp"
        for item in items
    ]
    total = sum(item_value(item, templates[item.base], tables) for item in items)
    return "\n".join([*lines, f"{len(items)} items worth {total} gp"])


def npc_ascii(npc: Npc, templates: Mapping[str, ItemDef]) -> str:
    lines = [
        f"{npc.name} ({npc.id}): level {npc.level} {npc.race.replace('_', '-')} {npc.character_class}",
        f"personality: {', '.join(npc.traits)}",
        "says:",
        *(f'  "{line}"' for line in npc.dialogue),
        "loot table:",
        *(f"  {entry.weight:>2}  {templates[entry.item].name}" for entry in npc.loot),
    ]
    return "\n".join(lines)


def quests_json(level: GeneratedLevel, quests: Sequence[GeneratedQuest]) -> str:
    return to_json({"level": level.to_dict(), "quests": [generated.to_dict() for generated in quests]})


def quests_ascii(
    level: GeneratedLevel, quests: Sequence[GeneratedQuest], templates: Mapping[str, ItemDef]
) -> str:
    """The level with the quests' marks over it, then each quest as a player would read it."""
    lines = level_ascii(level).split("\n")
    marks: dict[Point, str] = {}
    for generated in quests:
        for placement in generated.placements:
            marks[placement.point] = ITEM_MARK
        for npc in generated.npcs:
            marks[npc.point] = NPC_MARK
        for objective in generated.quest.objectives:
            stairs = (
                level.level.tile_at(objective.point).name.startswith("STAIRS") if objective.point else True
            )
            if objective.point is not None and objective.point not in marks and not stairs:
                marks[objective.point] = GOAL_MARK
    for (x, y), mark in sorted(marks.items()):
        row = lines[1 + y]
        lines[1 + y] = row[:x] + mark + row[x + 1 :]
    lines.append(f"{ITEM_MARK} quest item  {NPC_MARK} quest NPC  {GOAL_MARK} quest destination")
    for generated in quests:
        quest = generated.quest
        lines += ["", f"{quest.id}: {quest.title} ({generated.kind}, difficulty {generated.difficulty})"]
        lines.append(
            f"  given by {generated.giver.name}, {generated.giver.race} {generated.giver.character_class}"
        )
        lines.append(f"  {quest.description}")
        for objective in quest.objectives:
            where = f" at {objective.point}" if objective.point is not None else ""
            to = f" to {objective.to}" if objective.to else ""
            lines.append(
                f"  objective: {objective.kind.value} {objective.count} x {objective.target}{to}{where}"
            )
        for placement in generated.placements:
            lines.append(
                f"  placed: {item_line(placement.item, templates[placement.item.base])} at {placement.point}"
            )
        for npc in generated.npcs:
            lines.append(f"  waiting: {npc.npc.name} ({npc.npc.id}) at {npc.point}")
        for item in generated.handed:
            lines.append(f"  handed over: {item_line(item, templates[item.base])}")
        reward = quest.reward
        prizes = [f"{reward.xp} XP", f"{reward.gold} gold"]
        prizes += [item_line(item, templates[item.base]) for item in reward.items]
        lines.append(f"  reward: {', '.join(prizes)}")
        if quest.next_quest:
            lines.append(f"  leads to: {quest.next_quest}")
    return "\n".join(lines)
