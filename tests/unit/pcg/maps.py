"""Shared helpers for the map generator tests: the shipped encounter table and small generators."""

from __future__ import annotations

from goldbox.content.pcg_tables import load_encounter_table
from goldbox.pcg.dungeon import generate_dungeon, generate_level
from goldbox.pcg.model import GeneratedDungeon, GeneratedLevel
from goldbox.pcg.params import DungeonParams, LevelParams
from goldbox.pcg.tables import EncounterTable

MONSTER_IDS = frozenset(
    [
        "kobold",
        "goblin",
        "goblin_archer",
        "orc",
        "orc_shaman",
        "hobgoblin",
        "gnoll",
        "bugbear",
        "lizard_man",
        "ogre",
        "troll",
        "skeleton",
        "zombie",
        "ghoul",
        "wight",
        "giant_rat",
        "wolf",
        "giant_spider",
        "carrion_crawler",
        "hell_hound",
        "young_black_dragon",
        "dark_mage",
    ]
)


def table() -> EncounterTable:
    return load_encounter_table()


def level(seed: int, **params: object) -> GeneratedLevel:
    return generate_level(LevelParams.model_validate({"seed": seed, **params}), table())


def dungeon(seed: int, **params: object) -> GeneratedDungeon:
    return generate_dungeon(DungeonParams.model_validate({"seed": seed, **params}), table())
