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
from collections.abc import Callable
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
    kind = type(value)
    if kind in _SCALARS:
        return value
    encode = _ENCODERS.get(kind)
    if encode is None:
        encode = _ENCODERS[kind] = _encoder_for(kind)
    return encode(value)


_SCALARS = frozenset({str, int, float, bool, _NONE})
_ENCODERS: dict[type, Any] = {}
"""How each type met so far becomes plain data: chosen once per type (an adventure holds hundreds
of thousands of values and saving one happens after every action)."""


def _encoder_for(kind: type) -> Any:
    if issubclass(kind, Level):
        return lambda level: {"width": level.width, "height": level.height, "rows": level.to_rows()}
    if dataclasses.is_dataclass(kind):
        names = tuple(item.name for item in dataclasses.fields(kind))
        return lambda value: {name: plain(getattr(value, name)) for name in names}
    if issubclass(kind, enum.Enum):
        return lambda member: member.value
    if issubclass(kind, dict):
        return lambda mapping: {str(key): plain(item) for key, item in mapping.items()}
    if issubclass(kind, set | frozenset):
        return lambda members: [plain(item) for item in sorted(members)]
    if issubclass(kind, list | tuple):
        return lambda items: [plain(item) for item in items]
    return lambda other: other


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(kind: Any, value: Any) -> Any:
    """`value` (plain data) as the type `kind` names."""
    return _decoder(kind)(value)


Decoder = Callable[[Any], Any]


@cache
def _decoder(kind: Any) -> Decoder:
    """How plain data becomes the type `kind` names: worked out once per type, as for `plain`."""
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in args if arg is not _NONE]
        decode_inner = _decoder(inner)
        if _NONE in args:
            return lambda value: None if value is None else decode_inner(value)
        return decode_inner
    if kind is Level:
        return lambda value: Level.from_rows(list(value["rows"]))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    if origin is dict:
        decode_key, decode_item = _decoder(args[0]), _decoder(args[1])
        return lambda value: {decode_key(key): decode_item(item) for key, item in value.items()}
    if origin is list:
        decode_item = _decoder(args[0])
        return lambda value: [decode_item(item) for item in value]
    if origin in (set, frozenset):
        decode_item = _decoder(args[0])
        return lambda value: origin(decode_item(item) for item in value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            decode_item = _decoder(args[0])
            return lambda value: tuple(decode_item(item) for item in value)
        decoders = [_decoder(arg) for arg in args]
        return lambda value: tuple(decode(item) for decode, item in zip(decoders, value, strict=True))
    if kind is int:
        return int
    return lambda value: value


def _dataclass_decoder(kind: type) -> Decoder:
    """Its fields' decoders are looked up at the first use, so a dataclass may refer to itself."""
    fields: list[tuple[str, Decoder]] | None = None

    def decode(value: Any) -> Any:
        nonlocal fields
        if fields is None:
            hints = _hints(kind)
            fields = [(item.name, _decoder(hints[item.name])) for item in dataclasses.fields(kind)]
        return kind(**{name: decode_field(value[name]) for name, decode_field in fields})

    return decode
