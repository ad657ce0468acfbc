"""Characters: `character.*`. Each player keeps their own; nobody sees or touches another's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import caller
from goldbox.api.models import NoParams, Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role
from goldbox.game.rpg.abilities import Ability
from goldbox.game.rpg.creation import NAME_LENGTH, CreationMethod
from goldbox.service.characters import sheet_of
from goldbox.service.game_views import sheet
from goldbox.store.models import CharacterRecord

methods = Registry()


class CreateCharacterParams(Params):
    name: str = Field(min_length=1, max_length=NAME_LENGTH, description="The character's name.")
    race: str = Field(description="A race id from races.yaml: human, elf, half_elf, dwarf, gnome, halfling.")
    class_id: str = Field(
        alias="class",
        description="A class id from classes.yaml: fighter, paladin, ranger, cleric, mage, thief.",
    )
    method: CreationMethod = Field(
        CreationMethod.ROLL,
        description="How the six scores are found: `roll` (4d6 drop the lowest, the server rolls), "
        "`point_buy` (32 points over scores of 8 to 18) or `standard_array` (15, 14, 13, 12, 10, 8).",
    )
    scores: dict[Ability, int] | None = Field(
        None,
        description="For point_buy (required) and standard_array (optional): a score for each of "
        "str, dex, con, int, wis, cha.",
    )
    priority: list[Ability] | None = Field(
        None,
        max_length=6,
        description="For roll and standard_array without scores: the abilities in the order the "
        "highest values go to (the rest follow the class's prime requisites).",
    )
    spell: str | None = Field(None, description="A mage's extra first-level spell for the spellbook.")


class CharacterInfo(Result):
    id: str
    name: str
    race: str
    class_id: str = Field(description="The character's class.")
    level: int
    xp: int
    game_id: str | None = Field(description="The game the character is in now, if any.")
    created_at: datetime

    @classmethod
    def of(cls, record: CharacterRecord) -> CharacterInfo:
        return cls(
            id=record.id,
            name=record.name,
            race=record.race,
            class_id=record.class_id,
            level=record.level,
            xp=record.xp,
            game_id=record.game_id,
            created_at=record.created_at,
        )


class CharacterSheet(Result):
    info: CharacterInfo
    sheet: dict[str, Any] = Field(
        description="The whole sheet (scores, hit points, gear, spells, effects) and `derived`: armour "
        "class, THAC0, the five saving throws, movement in squares per round and spell slots per level."
    )


class CharacterList(Result):
    characters: list[CharacterInfo]


class CharacterIdParams(Params):
    character_id: str = Field(min_length=1, max_length=36, description="One of your characters' ids.")


def _sheet(call: Call, record: CharacterRecord) -> CharacterSheet:
    content = call.services.characters.content
    return CharacterSheet(info=CharacterInfo.of(record), sheet=sheet(sheet_of(record), content))


@methods.method("character.create", role=Role.PLAYER, errors=(errors.RULE_VIOLATION,))
async def create(call: Call, params: CreateCharacterParams) -> CharacterSheet:
    """Make a new level-1 character. The server draws the dice.

    A choice the rules forbid (unknown race, a class the race cannot take, scores over budget, scores
    under a minimum) is GBX_RULE_VIOLATION with the rule's code in error.data.details.rule.
    """
    record = await call.services.characters.create(
        caller(call),
        name=params.name,
        race=params.race,
        class_id=params.class_id,
        method=params.method,
        scores=params.scores,
        priority=params.priority,
        spell=params.spell,
    )
    return _sheet(call, record)


@methods.method("character.list", role=Role.PLAYER)
async def list_characters(call: Call, params: NoParams) -> CharacterList:
    """Your characters, oldest first."""
    records = await call.services.characters.list_for(caller(call))
    return CharacterList(characters=[CharacterInfo.of(record) for record in records])


@methods.method("character.get", role=Role.PLAYER, errors=(errors.NOT_FOUND,))
async def get(call: Call, params: CharacterIdParams) -> CharacterSheet:
    """One of your characters with its whole sheet and derived stats (AC, THAC0, saves, movement, slots)."""
    return _sheet(call, await call.services.characters.get(caller(call), params.character_id))


@methods.method("character.delete", role=Role.PLAYER, errors=(errors.NOT_FOUND, errors.CHARACTER_BUSY))
async def delete(call: Call, params: CharacterIdParams) -> CharacterInfo:
    """Retire one of your characters for good. Refused while it is in a game (leave it first)."""
    return CharacterInfo.of(await call.services.characters.delete(caller(call), params.character_id))
