"""Load the tables the map generators draw from (goldbox/data/encounters.yaml).

Reading a file is I/O, so it happens here rather than in goldbox.pcg; the generators take the
validated `EncounterTable` as a parameter.
"""

from __future__ import annotations

from functools import cache

from goldbox.content.loot_tables import parse_table, read_data
from goldbox.pcg.tables import EncounterTable

ENCOUNTERS_FILE = "encounters.yaml"


def parse_encounter_table(text: str, source: str = ENCOUNTERS_FILE) -> EncounterTable:
    """An encounter table from YAML text; a malformed table is a PCG_BAD_TABLE error naming the problem."""
    return parse_table(EncounterTable, text, source)


@cache
def load_encounter_table() -> EncounterTable:
    """The encounter table shipped in goldbox/data/encounters.yaml (read once per process)."""
    return parse_encounter_table(read_data(ENCOUNTERS_FILE))
