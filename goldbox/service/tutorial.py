"""The tutorial: a small fixed dungeon where a new player learns to move, open doors, fight, cast and loot.

Every tutorial is the same one-level dungeon (`TUTORIAL_PLAN`), chosen because beside its entrance a
closed door opens on a room where two giant rats guard treasure: the browser's tutorial walks the
player through it step by step (tests/unit/service/test_tutorial_dungeon.py proves the dungeon still
is what the tutorial teaches in, so a change to the generators cannot break it silently). A player
without a mage gets a ready-made one, since casting is one of the lessons. Starting the tutorial
again takes the character out of its earlier tutorial game and closes that game (it is one player's
and nobody else can join it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Principal
from goldbox.game.rpg.creation import CreationMethod
from goldbox.service.adventures import FINISHED, Adventures
from goldbox.service.characters import Characters
from goldbox.service.dungeon_run import DungeonPlan
from goldbox.store.database import write_transaction
from goldbox.store.models import CharacterRecord, GameRecord

TUTORIAL_PLAN = DungeonPlan(seed=319, difficulty=1, depth=1, max_players=1)
"""The tutorial's dungeon: found by searching seeds for a door, weak monsters and loot near the entrance."""

APPRENTICE_NAME = "Apprentice"
APPRENTICE_RACE = "human"
TUTOR_CLASS = "mage"


@dataclass(frozen=True, slots=True)
class TutorialSeat:
    """Where the player's tutorial runs: the new game and the character playing it."""

    game_id: str
    character_id: str
    new_character: bool


class Tutorials:
    def __init__(self, adventures: Adventures, characters: Characters) -> None:
        self.adventures = adventures
        self.characters = characters

    async def start(self, caller: Principal, character_id: str | None) -> TutorialSeat:
        """A fresh tutorial game with the chosen character (or the caller's first free mage, or a new
        ready-made one) standing at its entrance."""
        record, made = await self._tutor(caller, character_id)
        if record.game_id is not None:
            await self._leave_earlier_tutorial(caller, record)
        plan = TUTORIAL_PLAN
        game = await self.adventures.create(caller, plan.seed, plan.difficulty, plan.depth, plan.max_players)
        await self.adventures.join(caller, game.id, record.id)
        return TutorialSeat(game.id, record.id, made)

    async def _tutor(self, caller: Principal, character_id: str | None) -> tuple[CharacterRecord, bool]:
        if character_id is not None:
            return await self.characters.get(caller, character_id), False
        for record in await self.characters.list_for(caller):
            if record.class_id == TUTOR_CLASS and (
                record.game_id is None or await self._is_tutorial_of(caller, record.game_id)
            ):
                return record, False
        made = await self.characters.create(
            caller,
            name=APPRENTICE_NAME,
            race=APPRENTICE_RACE,
            class_id=TUTOR_CLASS,
            method=CreationMethod.STANDARD_ARRAY,
        )
        return made, True

    async def _is_tutorial_of(self, caller: Principal, game_id: str) -> bool:
        """Whether a game is a tutorial the caller started: the tutorial's dungeon, made by them."""
        stored, _run = await self.adventures.current(game_id)
        dungeon = stored.state["dungeon"]
        plan = DungeonPlan(dungeon["seed"], dungeon["difficulty"], dungeon["depth"], dungeon["max_players"])
        return plan == TUTORIAL_PLAN and stored.state.get("owner") == caller.subject

    async def _leave_earlier_tutorial(self, caller: Principal, record: CharacterRecord) -> None:
        game_id = record.game_id
        assert game_id is not None
        if not await self._is_tutorial_of(caller, game_id):
            raise GbxError(
                errors.CHARACTER_BUSY, f"{record.name} is already in a game.", {"game_id": game_id}
            )
        await self.adventures.leave(caller, game_id, record.id)
        async with write_transaction(self.adventures.sessions) as session:
            await session.execute(update(GameRecord).where(GameRecord.id == game_id).values(status=FINISHED))
