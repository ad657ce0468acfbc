"""A Genius game's options and seat count, checked against the same specs that write its JSON
Schema, so the schema a client reads and the check `new_game` makes cannot drift apart.

Options arrive as JSON from a player creating a match: anything unknown, of the wrong type (a bool
is not a number here) or out of range is refused with `BAD_OPTIONS`, never guessed at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from goldbox.game.errors import RuleError


@dataclass(frozen=True, slots=True)
class WholeNumber:
    """A whole-number option from `minimum` to `maximum`; a `default` of None lets the game choose
    (the description says how), and then an explicit null asks for that choice too."""

    name: str
    description: str
    minimum: int
    maximum: int
    default: int | None

    def schema(self) -> dict[str, Any]:
        kind: str | list[str] = "integer" if self.default is not None else ["integer", "null"]
        return {
            "type": kind,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "default": self.default,
            "description": self.description,
        }

    def read(self, title: str, value: Any) -> int | None:
        if value is None and self.default is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not self.minimum <= value <= self.maximum:
            raise RuleError(
                "BAD_OPTIONS",
                f"{title}: {self.name} must be a whole number from {self.minimum} to {self.maximum}.",
                option=self.name,
            )
        return value


@dataclass(frozen=True, slots=True)
class Switch:
    """An on/off option."""

    name: str
    description: str
    default: bool

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean", "default": self.default, "description": self.description}

    def read(self, title: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise RuleError("BAD_OPTIONS", f"{title}: {self.name} must be true or false.", option=self.name)
        return value


@dataclass(frozen=True, slots=True)
class Chance:
    """A probability strictly between 0 and 1 (0 and 1 would make it a certainty, not a chance)."""

    name: str
    description: str
    default: float

    def schema(self) -> dict[str, Any]:
        return {
            "type": "number",
            "exclusiveMinimum": 0,
            "exclusiveMaximum": 1,
            "default": self.default,
            "description": self.description,
        }

    def read(self, title: str, value: Any) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value < 1:
            raise RuleError(
                "BAD_OPTIONS", f"{title}: {self.name} must be a number between 0 and 1.", option=self.name
            )
        return float(value)


Option = WholeNumber | Switch | Chance


def options_schema(specs: Sequence[Option]) -> dict[str, Any]:
    """The JSON Schema object of a game's options (no other properties allowed)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {spec.name: spec.schema() for spec in specs},
    }


def read_options(title: str, specs: Sequence[Option], options: Mapping[str, Any]) -> dict[str, Any]:
    """Every option by name, checked, with defaults filled in; RuleError `BAD_OPTIONS` otherwise."""
    if not isinstance(options, Mapping):
        raise RuleError("BAD_OPTIONS", f"{title}: options must be a JSON object.")
    known = {spec.name for spec in specs}
    unknown = sorted(str(name) for name in options if name not in known)
    if unknown:
        raise RuleError("BAD_OPTIONS", f"Unknown options for {title}: {unknown}.", unknown=unknown)
    return {spec.name: spec.read(title, options.get(spec.name, spec.default)) for spec in specs}


def check_players(title: str, minimum: int, maximum: int, players: int) -> None:
    """RuleError `BAD_PLAYER_COUNT` unless `players` is a seat count the game allows."""
    if not isinstance(players, int) or isinstance(players, bool) or not minimum <= players <= maximum:
        raise RuleError(
            "BAD_PLAYER_COUNT",
            f"{title} is for {minimum} to {maximum} players; got {players}.",
            players=players,
        )
