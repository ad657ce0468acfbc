"""Load the loot tables the item generator draws from (goldbox/data/loot.yaml).

Reading a file is I/O, so it happens here rather than in goldbox.pcg; the item generator takes the
validated `LootTables` as a parameter.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from goldbox.pcg.errors import PcgError
from goldbox.pcg.loot_tables import LootTables

LOOT_FILE = "loot.yaml"

M = TypeVar("M", bound=BaseModel)


def parse_table(model: type[M], text: str, source: str) -> M:
    """A table from YAML text; a malformed one is a PCG_BAD_TABLE error naming the file and the field."""
    try:
        raw = yaml.safe_load(text)
        return model.model_validate(raw)
    except yaml.YAMLError as exc:
        raise PcgError("PCG_BAD_TABLE", f"{source} is not valid YAML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the table"
        raise PcgError("PCG_BAD_TABLE", f"{source}: {where}: {first['msg']}") from None


def read_data(*parts: str) -> str:
    """The text of a file shipped under goldbox/data/."""
    return resources.files("goldbox").joinpath("data", *parts).read_text(encoding="utf-8")


def parse_loot_tables(text: str, source: str = LOOT_FILE) -> LootTables:
    return parse_table(LootTables, text, source)


@cache
def load_loot_tables() -> LootTables:
    """The loot tables shipped in goldbox/data/loot.yaml (read once per process)."""
    return parse_loot_tables(read_data(LOOT_FILE))
