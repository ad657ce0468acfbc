"""An adventure as plain JSON data and back again, exactly: what a saved game stores after every action.

`dump_adventure` walks the adventure's dataclasses field by field. Mappings keep the order they were
filled in (the rules meet creatures in that order, so a restored game must too), sets become sorted
lists, points become `[x, y]` and a level its ASCII rows. `load_adventure` reads that back guided by
the dataclasses' own type hints, so a field added to the model with a default is saved and restored
with no change here. Dump, load and dump again gives the same data, and play continued from a loaded
copy gives the same events as play continued from the original.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from functools import cache
from typing import Any

from goldbox.game.rpg import commands
from goldbox.game.rpg.commands import Command
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.level import Level
from goldbox.game.rpg.rules import Adventure

_NONE = type(None)
_COMMANDS: dict[str, type] = {kind.__name__: kind for kind in typing.get_args(commands.Command)}


def dump_adventure(adventure: Adventure) -> dict[str, Any]:
    """The whole adventure as JSON-ready data (the same for the same adventure, byte for byte)."""
    value = plain(adventure)
    assert isinstance(value, dict)
    return value


def load_adventure(data: dict[str, Any]) -> Adventure:
    """The adventure `dump_adventure` saved, with every field as it was."""
    loaded = _decode(Adventure, data)
    assert isinstance(loaded, Adventure)
    return loaded


def dump_creature(creature: Creature) -> dict[str, Any]:
    """One creature (a character's sheet) as JSON-ready data."""
    value = plain(creature)
    assert isinstance(value, dict)
    return value


def load_creature(data: dict[str, Any]) -> Creature:
    loaded = _decode(Creature, data)
    assert isinstance(loaded, Creature)
    return loaded


def dump_command(command: Command) -> dict[str, Any]:
    """A command as `{type, params}`: what a game's log keeps so the game can be replayed."""
    return {"type": type(command).__name__, "params": plain(command)}


def load_command(data: dict[str, Any]) -> Command:
    """The command `dump_command` wrote; ValueError for a type the rules do not have."""
    kind = _COMMANDS.get(str(data.get("type")))
    if kind is None:
        raise ValueError(f"there is no command {data.get('type')!r}")
    loaded: Command = _decode(kind, data["params"])
    return loaded


def plain(value: Any) -> Any:
    """Any model value as JSON types: dataclasses as objects in field order, enums as their values."""
    if isinstance(value, Level):
        return {"width": value.width, "height": value.height, "rows": value.to_rows()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: plain(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return [plain(item) for item in sorted(value)]
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(kind: Any, value: Any) -> Any:
    """`value` (plain data) as the type `kind` names."""
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and _NONE in args:
            return None
        (inner,) = [arg for arg in args if arg is not _NONE]
        return _decode(inner, value)
    if kind is Level:
        return Level.from_rows(list(value["rows"]))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        fields = {item.name: _decode(hints[item.name], value[item.name]) for item in dataclasses.fields(kind)}
        return kind(**fields)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    if origin is dict:
        key_kind, item_kind = args
        return {_decode(key_kind, key): _decode(item_kind, item) for key, item in value.items()}
    if origin is list:
        return [_decode(args[0], item) for item in value]
    if origin in (set, frozenset):
        return origin(_decode(args[0], item) for item in value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in value)
        return tuple(_decode(arg, item) for arg, item in zip(args, value, strict=True))
    if kind is int:
        return int(value)
    return value
