"""The six attributes every character and monster has."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from enum import StrEnum


class Ability(StrEnum):
    STR = "str"
    DEX = "dex"
    CON = "con"
    INT = "int"
    WIS = "wis"
    CHA = "cha"


@dataclass(slots=True)
class Abilities:
    """Ability scores, 3 to 25 (18 is the human maximum)."""

    str: builtins.int = 10
    dex: builtins.int = 10
    con: builtins.int = 10
    int: builtins.int = 10
    wis: builtins.int = 10
    cha: builtins.int = 10

    def score(self, ability: Ability) -> builtins.int:
        value: builtins.int = getattr(self, ability.value)
        return value

    def as_dict(self) -> dict[builtins.str, builtins.int]:
        return {ability.value: self.score(ability) for ability in Ability}
