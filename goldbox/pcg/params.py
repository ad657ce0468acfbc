"""The parameters every map generator takes, with their allowed ranges.

A parameter model refuses anything outside its range with a `PcgError` whose message names the
allowed range, before a single tile is drawn. Models are strict: the seed and every size must be
real integers (not `True`, not `3.5`, not `"7"`), and unknown parameters are refused.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from goldbox.pcg.errors import PcgError

Biome = Literal["cave", "dungeon", "forest", "mountain", "swamp", "desert"]
BIOMES: tuple[str, ...] = get_args(Biome)

TerrainKind = Literal["biome", "cave", "maze", "braided_maze"]
TERRAIN_KINDS: tuple[str, ...] = get_args(TerrainKind)

MIN_SIZE = 16
MAX_SIZE = 256


class PcgParams(BaseModel):
    """Base of every generator's parameters: strict, frozen, and refusing with a `PcgError`."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @model_validator(mode="wrap")
    @classmethod
    def _refuse_clearly(cls, data: Any, handler: Any) -> Any:
        try:
            return handler(data)
        except ValidationError as exc:
            raise _pcg_error(cls, exc.errors()[0]) from None

    @classmethod
    def ranges(cls) -> dict[str, str]:
        """Each parameter and what it accepts, for help texts and docs."""
        return {name: _allowed(cls, name) for name in cls.model_fields}


def _bounds(model: type[BaseModel], name: str) -> tuple[Any, Any]:
    low: Any = None
    high: Any = None
    field = model.model_fields.get(name)
    for rule in field.metadata if field else ():
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
    return low, high


def _allowed(model: type[BaseModel], name: str) -> str:
    field = model.model_fields[name]
    choices = get_args(field.annotation)
    if choices and all(isinstance(choice, str) for choice in choices):
        return "one of " + ", ".join(choices)
    low, high = _bounds(model, name)
    kind = {"int": "an integer", "bool": "true or false"}.get(
        getattr(field.annotation, "__name__", ""), str(field.annotation)
    )
    if low is not None and high is not None:
        return f"{kind} from {low} to {high}"
    return kind


def _pcg_error(model: type[BaseModel], error: ErrorDetails) -> PcgError:
    name = ".".join(str(part) for part in error["loc"]) or "parameters"
    got = error.get("input")
    kind = error["type"]
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        low, high = _bounds(model, name)
        return PcgError(
            "PCG_PARAM_OUT_OF_RANGE",
            f"{name} must be from {low} to {high}; got {got!r}",
            param=name,
            minimum=low,
            maximum=high,
            got=got,
        )
    if name == "biome" and kind == "literal_error":
        return PcgError(
            "PCG_UNKNOWN_BIOME",
            f"there is no biome called {got!r}; choose one of {', '.join(BIOMES)}",
            param=name,
            allowed=list(BIOMES),
            got=got,
        )
    if kind == "missing":
        return PcgError("PCG_BAD_PARAMS", f"{name} is required ({_allowed(model, name)})", param=name)
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields)
        return PcgError(
            "PCG_BAD_PARAMS", f"unknown parameter {name!r}; the parameters are {allowed}", param=name
        )
    return PcgError(
        "PCG_BAD_PARAMS",
        f"{name} must be {_allowed(model, name) if name in model.model_fields else 'valid'}; got {got!r}",
        param=name,
        got=got,
    )


class TerrainParams(PcgParams):
    """An open map: a biome's tile mix, a cellular-automaton cave, or a maze."""

    seed: int
    width: int = Field(64, ge=MIN_SIZE, le=MAX_SIZE)
    height: int = Field(64, ge=MIN_SIZE, le=MAX_SIZE)
    difficulty: int = Field(3, ge=1, le=10)
    biome: Biome = "cave"
    kind: TerrainKind = "biome"


class LevelParams(PcgParams):
    """One dungeon level: BSP rooms over a biome's terrain, with doors, traps, monsters and treasure."""

    seed: int
    width: int = Field(64, ge=MIN_SIZE, le=MAX_SIZE)
    height: int = Field(64, ge=MIN_SIZE, le=MAX_SIZE)
    difficulty: int = Field(3, ge=1, le=10)
    party_level: int = Field(1, ge=1, le=20)
    party_size: int = Field(4, ge=1, le=8)
    biome: Biome = "dungeon"
    rooms: int = Field(10, ge=2, le=64)
    depth: int = Field(1, ge=1, le=20)
    stairs_down: bool = True
    boss: bool = False


class DungeonParams(PcgParams):
    """A stack of levels linked by stairs; difficulty rises as it goes down."""

    seed: int
    depth: int = Field(3, ge=1, le=20)
    width: int = Field(64, ge=MIN_SIZE, le=MAX_SIZE)
    height: int = Field(64, ge=MIN_SIZE, le=MAX_SIZE)
    difficulty: int = Field(3, ge=1, le=10)
    party_level: int = Field(1, ge=1, le=20)
    party_size: int = Field(4, ge=1, le=8)
    biome: Biome = "dungeon"
    rooms: int = Field(10, ge=2, le=64)
