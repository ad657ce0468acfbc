"""Load the tables the map generators draw from (goldbox/data/encounters.yaml).

Reading a file is I/O, so it happens here rather than in goldbox.pcg; the generators take the
validated `EncounterTable` as a parameter.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import ValidationError

from goldbox.pcg.errors import PcgError
from goldbox.pcg.tables import EncounterTable

ENCOUNTERS_FILE = "encounters.yaml"


def parse_encounter_table(text: str, source: str = ENCOUNTERS_FILE) -> EncounterTable:
    """An encounter table from YAML text; a malformed table is a PCG_BAD_TABLE error naming the problem."""
    try:
        raw = yaml.safe_load(text)
        return EncounterTable.model_validate(raw)
    except yaml.YAMLError as exc:
        raise PcgError("PCG_BAD_TABLE", f"{source} is not valid YAML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the table"
        raise PcgError("PCG_BAD_TABLE", f"{source}: {where}: {first['msg']}") from None


@cache
def load_encounter_table() -> EncounterTable:
    """The encounter table shipped in goldbox/data/encounters.yaml (read once per process)."""
    text = resources.files("goldbox").joinpath("data", ENCOUNTERS_FILE).read_text(encoding="utf-8")
    return parse_encounter_table(text)
