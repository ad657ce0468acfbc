"""The tutorial: `tutorial.start`, a small fixed dungeon for a first-time player (goldbox.service.tutorial)."""

from __future__ import annotations

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import caller
from goldbox.api.models import Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role
from goldbox.service.tutorial import Tutorials

methods = Registry()


class TutorialParams(Params):
    character_id: str | None = Field(
        None,
        min_length=1,
        max_length=36,
        description="One of your characters to play the tutorial with. None: your first mage not in a "
        "game, or a ready-made mage (casting is one of the lessons).",
    )


class TutorialStarted(Result):
    game_id: str = Field(description="The tutorial's game: play it with game.state and action.*.")
    character_id: str = Field(description="The character standing at its entrance.")
    new_character: bool = Field(description="Whether a ready-made mage was made for it.")


@methods.method(
    "tutorial.start",
    role=Role.PLAYER,
    errors=(errors.NOT_FOUND, errors.CHARACTER_BUSY, errors.RULE_VIOLATION, errors.CONFLICT),
)
async def start(call: Call, params: TutorialParams) -> TutorialStarted:
    """Start the tutorial: a new one-player game in the tutorial's fixed dungeon (a door, two giant
    rats and their treasure beside the entrance), with your character at the entrance.

    A character still in an earlier tutorial of yours is taken out of it first and that game is closed;
    one in any other game is GBX_CHARACTER_BUSY.
    """
    tutorials = Tutorials(call.services.adventures, call.services.characters)
    seat = await tutorials.start(caller(call), params.character_id)
    return TutorialStarted(
        game_id=seat.game_id, character_id=seat.character_id, new_character=seat.new_character
    )
