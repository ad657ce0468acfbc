"""RPG games: `game.create`, `game.list`, `game.join`, `game.leave`, `game.state`.

A game is a generated dungeon a party of players' characters goes down together. What a player is
shown of it passes through the fog of war (goldbox.service.game_views): no unexplored square and no
creature out of the party's sight ever leaves the server.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import caller
from goldbox.api.models import NoParams, Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Principal, Role
from goldbox.game.rpg.content import Content
from goldbox.service.adventures import Outcome, describe, seen_by
from goldbox.service.dungeon_run import DungeonRun
from goldbox.service.game_views import party_view
from goldbox.store.game_log import StoredGame

methods = Registry()


class CreateGameParams(Params):
    seed: int | None = Field(
        None,
        ge=0,
        lt=2**63,
        description="The dungeon's seed; the same seed makes the same dungeon. None: random.",
    )
    difficulty: int = Field(3, ge=1, le=10, description="1 (gentle) to 10 (deadly); rises every two levels.")
    depth: int = Field(3, ge=1, le=20, description="How many levels the dungeon has.")
    max_players: int = Field(4, ge=1, le=8, description="How many characters may join.")


class PlayerInfo(Result):
    character_id: str
    account_id: str
    name: str = Field(description="The character's name.")


class GameInfo(Result):
    id: str
    status: str = Field(description="`open` (waiting for players), `running` or `finished`.")
    version: int = Field(description="The sequence number of the game's last event.")
    difficulty: int
    depth: int
    current_depth: int = Field(description="The level the party is on (1 is the top).")
    max_players: int
    players: list[PlayerInfo]
    turn_deadline: str | None = Field(
        None,
        description="In battle, when the server ends the turn of the player it waits for unless they act "
        "(ISO 8601, UTC; GOLDBOX_TURN_TIMEOUT_S after the turn began or their last action); null otherwise.",
    )

    @classmethod
    def of(cls, stored: StoredGame) -> GameInfo:
        described = describe(stored)
        creatures = stored.state["adventure"]["scene"]["creatures"]
        players = [
            PlayerInfo(
                character_id=player["character_id"],
                account_id=player["account_id"],
                name=creatures.get(player["character_id"], {}).get("name", ""),
            )
            for player in described.pop("players")
        ]
        turn = stored.state.get("turn")
        return cls(**described, players=players, turn_deadline=turn["deadline"] if turn else None)


class GameList(Result):
    games: list[GameInfo]


class GameIdParams(Params):
    game_id: str = Field(min_length=1, max_length=36, description="The game's id (game.list).")


class SeatParams(Params):
    game_id: str = Field(min_length=1, max_length=36, description="The game's id (game.list).")
    character_id: str = Field(min_length=1, max_length=36, description="One of your characters.")


class GameView(Result):
    game: GameInfo
    view: dict[str, Any] = Field(
        description="What your party sees: `map` (rows of glyphs, `?` for unexplored squares), "
        "`creatures` in sight, `party` (full sheets with derived stats), `floor` items on explored "
        "squares, `combat` (round, initiative order, whose turn, movement left) or null, `quests`, "
        "and `turn`: the creature whose turn it is in battle (null while exploring: anyone may act)."
    )


class ChangeResult(Result):
    game: GameInfo
    events: list[dict[str, Any]] = Field(
        description="The events of this change you may see, each `{seq, type, data}`; the first of an "
        "action is `command`, what was asked."
    )
    view: dict[str, Any] = Field(description="Your party's view after the change, as game.state gives it.")


def view_of(stored: StoredGame, run: DungeonRun, content: Content) -> GameView:
    return GameView(game=GameInfo.of(stored), view=party_view(run.adventure, content))


def change_result(call: Call, outcome: Outcome) -> ChangeResult:
    """The reply to a change: the events the caller may see (their audience), and the new view."""
    shown = seen_by(outcome.events, caller(call).subject)
    return ChangeResult(
        game=GameInfo.of(outcome.game),
        events=[{"seq": e.seq, "type": e.type, "data": e.data} for e in shown],
        view=party_view(outcome.run.adventure, call.services.characters.content),
    )


def _who(call: Call) -> Principal:
    return caller(call)


@methods.method("game.create", role=Role.PLAYER, errors=(errors.RULE_VIOLATION,))
async def create(call: Call, params: CreateGameParams) -> GameInfo:
    """Generate a dungeon and open a game in it; join it with game.join."""
    stored = await call.services.adventures.create(
        _who(call), params.seed, params.difficulty, params.depth, params.max_players
    )
    return GameInfo.of(stored)


@methods.method("game.list", role=Role.PLAYER)
async def list_games(call: Call, params: NoParams) -> GameList:
    """Open and running games, newest first, with who plays in each."""
    return GameList(games=[GameInfo.of(stored) for stored in await call.services.adventures.list_games()])


@methods.method(
    "game.join",
    role=Role.PLAYER,
    errors=(errors.NOT_FOUND, errors.GAME_FULL, errors.GAME_OVER, errors.CHARACTER_BUSY, errors.CONFLICT),
)
async def join(call: Call, params: SeatParams) -> ChangeResult:
    """Bring one of your characters into a game; it appears beside the entrance of the current level."""
    outcome = await call.services.adventures.join(_who(call), params.game_id, params.character_id)
    return change_result(call, outcome)


@methods.method(
    "game.leave",
    role=Role.PLAYER,
    errors=(errors.NOT_FOUND, errors.NOT_IN_GAME, errors.NOT_YOUR_CHARACTER, errors.CONFLICT),
)
async def leave(call: Call, params: SeatParams) -> ChangeResult:
    """Take one of your characters out of a game. Its sheet (XP, gear, wounds) goes back to it; the
    game goes on without it."""
    outcome = await call.services.adventures.leave(_who(call), params.game_id, params.character_id)
    return change_result(call, outcome)


@methods.method("game.state", role=Role.PLAYER, errors=(errors.NOT_FOUND, errors.NOT_IN_GAME))
async def state(call: Call, params: GameIdParams) -> GameView:
    """Your party's view of a game you play in, under the fog of war."""
    stored, run = await call.services.adventures.member_view(_who(call), params.game_id)
    return view_of(stored, run, call.services.characters.content)
