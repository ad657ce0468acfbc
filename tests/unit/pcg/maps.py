"""Shared helpers for the map generator tests: the shipped encounter table and small generators."""

from __future__ import annotations

from goldbox.content.loader import load_content
from goldbox.content.pcg_tables import load_encounter_table
from goldbox.pcg.dungeon import generate_dungeon, generate_level
from goldbox.pcg.model import GeneratedDungeon, GeneratedLevel
from goldbox.pcg.params import DungeonParams, LevelParams
from goldbox.pcg.tables import EncounterTable

# The monsters the game has (test_monsters pins that list against the issue's): encounter tables
# and generated levels may name only these.
MONSTER_IDS = frozenset(load_content().monsters)


def table() -> EncounterTable:
    return load_encounter_table()


def level(seed: int, **params: object) -> GeneratedLevel:
    return generate_level(LevelParams.model_validate({"seed": seed, **params}), table())


def dungeon(seed: int, **params: object) -> GeneratedDungeon:
    return generate_dungeon(DungeonParams.model_validate({"seed": seed, **params}), table())
