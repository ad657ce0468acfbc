"""NPCs: a name from the race's Markov chain, a class the race allows, personality, lines and loot.

Personality is a few traits that do not contradict each other (a brave NPC is never also cowardly).
Dialogue follows the traits: the first trait greets, the others (in turn) make remarks, and the
first says farewell, each line a template from the NPC table with the NPC's own name, race,
class, an item it carries and a local rumour filled in. The loot table lists item templates the
NPC's class would carry, found at its level or above, each with a weight for whoever rolls on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from goldbox.game.rng import Rng
from goldbox.game.rpg.content import ItemDef
from goldbox.pcg.content_params import NpcParams, require_seed
from goldbox.pcg.errors import PcgError
from goldbox.pcg.names import draw_name
from goldbox.pcg.seeds import sub_rng
from goldbox.pcg.story_tables import NpcTables, StoryContent

MAX_LOOT_WEIGHT = 10


@dataclass(frozen=True, slots=True)
class LootEntry:
    """One line of a loot table: an item template id and its weight against the others."""

    item: str
    weight: int

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "weight": self.weight}


@dataclass(frozen=True, slots=True)
class Npc:
    """A generated non-player character."""

    id: str
    name: str
    race: str
    character_class: str
    level: int
    traits: tuple[str, ...]
    dialogue: tuple[str, ...]
    loot: tuple[LootEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "race": self.race,
            "class": self.character_class,
            "level": self.level,
            "traits": list(self.traits),
            "dialogue": list(self.dialogue),
            "loot": [entry.to_dict() for entry in self.loot],
        }


def generate_npc(seed: int, params: NpcParams, story: StoryContent, npc_id: str | None = None) -> Npc:
    """The NPC for `seed` (id `npc-<seed>` unless given); the same seed and content give the same NPC."""
    chosen_seed = require_seed(seed)
    races = npc_races(story)
    _check_choice(params, story.npcs, races)
    return draw_npc(sub_rng(chosen_seed, "npc"), params, story, npc_id or f"npc-{chosen_seed}")


def npc_races(story: StoryContent) -> list[str]:
    """The races an NPC can be: those in the NPC table that also have a name list, sorted."""
    return sorted(race for race in story.npcs.races if race in story.names)


def draw_npc(rng: Rng, params: NpcParams, story: StoryContent, npc_id: str) -> Npc:
    """An NPC from `rng`'s stream, for generators (quests) that place NPCs of their own."""
    tables = story.npcs
    races = npc_races(story)
    if params.race is not None:
        race = params.race
    elif params.character_class is not None:
        race = rng.choice([race for race in races if params.character_class in tables.races[race]])
    else:
        race = rng.choice(races)
    character_class = params.character_class or rng.choice(sorted(tables.races[race]))
    name = draw_name(rng.fork("name"), story.names[race])
    traits = _draw_traits(rng.fork("traits"), tables, params.traits)
    loot = _draw_loot(
        rng.fork("loot"), tables, story.items, character_class, params.level, params.loot_entries
    )
    carried = story.items[loot[0].item].name.lower() if loot else "walking stick"
    dialogue = _draw_dialogue(
        rng.fork("dialogue"),
        tables,
        traits,
        params.dialogue_lines,
        {"name": name, "race": race.replace("_", "-"), "class": character_class, "item": carried},
    )
    return Npc(npc_id, name, race, character_class, params.level, traits, dialogue, loot)


def _check_choice(params: NpcParams, tables: NpcTables, races: Sequence[str]) -> None:
    """Refuse a race or class the tables cannot make, naming what they can."""
    if params.race is not None and params.race not in races:
        raise PcgError(
            "PCG_BAD_PARAMS",
            f"there is no NPC race called {params.race!r}; choose one of {', '.join(races)}",
            param="race",
            allowed=list(races),
        )
    if params.character_class is None:
        return
    allowed = sorted({cls for race in races for cls in tables.races[race]})
    if params.race is not None:
        allowed = sorted(tables.races[params.race])
    if params.character_class not in allowed:
        who = f"a {params.race}" if params.race else "an NPC"
        raise PcgError(
            "PCG_BAD_PARAMS",
            f"{who} cannot be a {params.character_class}; choose one of {', '.join(allowed)}",
            param="character_class",
            allowed=allowed,
        )


def _draw_traits(rng: Rng, tables: NpcTables, wanted: int) -> tuple[str, ...]:
    """`wanted` traits (fewer only if the table runs out), none opposing another."""
    pool = sorted(tables.traits)
    rng.shuffle(pool)
    chosen: list[str] = []
    for trait in pool:
        if len(chosen) == wanted:
            break
        clashes = any(
            trait in tables.traits[other].opposes or other in tables.traits[trait].opposes for other in chosen
        )
        if not clashes:
            chosen.append(trait)
    return tuple(chosen)


def _draw_dialogue(
    rng: Rng, tables: NpcTables, traits: tuple[str, ...], lines: int, blanks: Mapping[str, str]
) -> tuple[str, ...]:
    """A greeting, remarks by each trait in turn, and a farewell when there are two lines or more."""
    subjects = list(tables.subjects)
    rng.shuffle(subjects)
    lead = tables.traits[traits[0]]
    said = [rng.choice(lead.greeting)]
    used: set[str] = set()
    for index in range(max(0, lines - 2)):
        trait = tables.traits[traits[index % len(traits)]]
        fresh = [line for line in trait.remark if line not in used] or list(trait.remark)
        line = rng.choice(fresh)
        used.add(line)
        said.append(line)
    if lines >= 2:
        said.append(rng.choice(lead.farewell))
    return tuple(
        line.format(subject=subjects[index % len(subjects)], **blanks) for index, line in enumerate(said)
    )


def _draw_loot(
    rng: Rng, tables: NpcTables, items: Mapping[str, ItemDef], character_class: str, level: int, wanted: int
) -> tuple[LootEntry, ...]:
    """Up to `wanted` different item templates the class would carry, weighted 1..MAX_LOOT_WEIGHT."""
    kind_weights = tables.class_loot.get(character_class, tables.class_loot["default"])
    pool: list[tuple[str, float]] = []
    for kind in sorted(kind_weights):
        if kind_weights[kind] <= 0:
            continue
        of_kind = sorted(
            item_id for item_id, item in items.items() if item.kind.value == kind and item.level <= level
        )
        pool += [(item_id, kind_weights[kind] / len(of_kind)) for item_id in of_kind]
    entries: list[LootEntry] = []
    while pool and len(entries) < wanted:
        item_id = rng.weighted_choice([item for item, _ in pool], [weight for _, weight in pool])
        pool = [pair for pair in pool if pair[0] != item_id]
        entries.append(LootEntry(item_id, rng.randint(1, MAX_LOOT_WEIGHT)))
    return tuple(entries)
