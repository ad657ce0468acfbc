"""Quests, the world around the party, and the game's content: `quest.list`, `world.query`, `content.*`
(with `content.creation`, what `character.create` accepts).

`world.query` answers from a spatial index over what the party sees now (creatures in sight, items on
explored squares), so a query can never find something hidden in the fog. The content is static: it
is read once per process and its answers are built once.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import Field, model_validator

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import caller
from goldbox.api.models import NoParams, Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role
from goldbox.content.loader import load_content
from goldbox.game.rpg.abilities import Ability
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creation import (
    NAME_LENGTH,
    POINT_BUY_BUDGET,
    POINT_BUY_COSTS,
    STANDARD_ARRAY,
    CreationMethod,
    spell_choices,
)
from goldbox.game.rpg.state_codec import plain
from goldbox.service.game_views import sight_index

methods = Registry()

MAX_NEAREST = 50


class QuestListParams(Params):
    game_id: str = Field(min_length=1, max_length=36, description="A game you play in.")


class QuestList(Result):
    quests: list[dict[str, Any]] = Field(
        description="Every quest of the game: id, title, description, objectives with progress, reward, status."
    )


class WorldQueryParams(Params):
    game_id: str = Field(min_length=1, max_length=36, description="A game you play in.")
    rect: tuple[int, int, int, int] | None = Field(
        None, description="[x0, y0, x1, y1]: everything seen in that rectangle, edges included."
    )
    center: tuple[int, int] | None = Field(None, description="[x, y]: the centre for `radius` or `nearest`.")
    radius: float | None = Field(
        None, ge=0, le=256, description="Everything seen within this distance of `center`."
    )
    nearest: int | None = Field(None, ge=1, le=MAX_NEAREST, description="The k things seen nearest `center`.")

    @model_validator(mode="after")
    def _one_shape(self) -> WorldQueryParams:
        shapes = [self.rect is not None, self.radius is not None, self.nearest is not None]
        if sum(shapes) != 1:
            raise ValueError("give exactly one of rect, radius or nearest")
        if (self.radius is not None or self.nearest is not None) and self.center is None:
            raise ValueError("radius and nearest need a center")
        return self


class Found(Result):
    id: str = Field(description="A creature's id, or `item:<uid>` for an item on the floor.")
    kind: Literal["creature", "item"]
    point: tuple[int, int]


class WorldAnswer(Result):
    found: list[Found]


class Catalogue(Result):
    entries: dict[str, dict[str, Any]] = Field(
        description="Each definition by id, as the YAML content gives it."
    )


class RaceChoice(Result):
    id: str
    name: str
    description: str
    adjustments: dict[Ability, int] = Field(description="Added to the rolled or bought scores.")
    minimums: dict[Ability, int] = Field(description="Scores the race needs, after its adjustments.")
    maximums: dict[Ability, int] = Field(description="Higher scores come down to these.")
    classes: list[str] = Field(description="The classes the race may take.")


class ClassChoice(Result):
    id: str
    name: str
    description: str
    hit_die: int
    minimums: dict[Ability, int] = Field(description="Scores the class needs, after racial adjustments.")
    prime_requisites: list[Ability] = Field(description="Rolled scores go to these first by default.")
    spell_choices: list[str] = Field(
        description="First-level spells a new member may add to the spellbook (`spell`); empty for "
        "classes without one."
    )


class CreationRules(Result):
    abilities: list[Ability] = Field(description="The six scores, in the order a sheet lists them.")
    races: list[RaceChoice]
    classes: list[ClassChoice]
    methods: list[CreationMethod]
    point_buy_budget: int
    point_buy_costs: dict[int, int] = Field(description="Score -> its total cost; every score starts at 8.")
    standard_array: list[int]
    name_length: int


def creation_rules(content: Content) -> CreationRules:
    """What a character creation form offers, read from the content and the creation rules."""
    races = [
        RaceChoice(
            id=race.id,
            name=race.name,
            description=race.description,
            adjustments=race.adjustments,
            minimums=race.minimums,
            maximums=race.maximums,
            classes=[class_id for class_id in race.classes if class_id in content.classes],
        )
        for race in content.races.values()
    ]
    classes = [
        ClassChoice(
            id=class_def.id,
            name=class_def.name,
            description=class_def.description,
            hit_die=class_def.hit_die,
            minimums=class_def.minimums,
            prime_requisites=class_def.prime_requisites,
            spell_choices=spell_choices(class_def, content),
        )
        for class_def in content.classes.values()
    ]
    return CreationRules(
        abilities=list(Ability),
        races=races,
        classes=classes,
        methods=list(CreationMethod),
        point_buy_budget=POINT_BUY_BUDGET,
        point_buy_costs=POINT_BUY_COSTS,
        standard_array=list(STANDARD_ARRAY),
        name_length=NAME_LENGTH,
    )


@methods.method("quest.list", role=Role.PLAYER, errors=(errors.NOT_FOUND, errors.NOT_IN_GAME))
async def list_quests(call: Call, params: QuestListParams) -> QuestList:
    """The quests of a game you play in, with their progress."""
    _stored, run = await call.services.adventures.member_view(caller(call), params.game_id)
    return QuestList(quests=[plain(quest) for quest in run.adventure.quests])


@methods.method("world.query", role=Role.PLAYER, errors=(errors.NOT_FOUND, errors.NOT_IN_GAME))
async def query(call: Call, params: WorldQueryParams) -> WorldAnswer:
    """What your party sees in a rectangle, within a radius, or nearest a square (`rect`, `radius` or
    `nearest`, one of them). Nothing in the fog is ever found."""
    _stored, run = await call.services.adventures.member_view(caller(call), params.game_id)
    index = sight_index(run.adventure)
    if params.rect is not None:
        ids = index.in_rect(*params.rect)
    elif params.radius is not None and params.center is not None:
        ids = index.in_radius(params.center, params.radius)
    else:
        assert params.center is not None
        assert params.nearest is not None
        ids = index.nearest(params.center, params.nearest)
    return WorldAnswer(
        found=[
            Found(id=oid, kind="item" if oid.startswith("item:") else "creature", point=index.position(oid))
            for oid in ids
        ]
    )


@cache
def _catalogue(part: str) -> Catalogue:
    definitions = getattr(load_content(), part)
    return Catalogue(
        entries={key: value.model_dump(mode="json") for key, value in sorted(definitions.items())}
    )


@methods.method("content.spells", role=Role.PLAYER)
async def spells(call: Call, params: NoParams) -> Catalogue:
    """Every spell: level, class, range, area, duration, saving throw and effects."""
    return _catalogue("spells")


@methods.method("content.items", role=Role.PLAYER)
async def items(call: Call, params: NoParams) -> Catalogue:
    """Every item a generated treasure or a starting kit can hold: weapons, armour, potions, scrolls, wands."""
    return _catalogue("items")


@methods.method("content.monsters", role=Role.PLAYER)
async def monsters(call: Call, params: NoParams) -> Catalogue:
    """Every monster: hit dice, AC, attacks, special abilities, XP."""
    return _catalogue("monsters")


@methods.method("content.creation", role=Role.PLAYER)
async def creation(call: Call, params: NoParams) -> CreationRules:
    """What character.create accepts: the races (adjustments, minimums, maximums, classes), the classes
    (minimums, prime requisites, a new mage's spell choices), the point-buy budget and costs, and the
    standard array."""
    return creation_rules(call.services.characters.content)
