"""Genius matches: `genius.games` and `match.*`.

A match is played in rounds of sealed actions: every seat the round awaits seals one action
(`match.act`), nobody sees what the others chose until the round resolves, and a seat that has not
acted by the round's deadline plays the rules' default action. Watch a match's events with
`game.subscribe {game_id: match_id}` (or `GET /games/{match_id}/events`): anyone logged in may,
as a spectator who sees only public events; a seated player also sees the events of their seat.

Options are checked by the game's rules when the match is made: options or a seat count the rules
refuse are GBX_INVALID_PARAMS (the rule's code in `details[0].rule`, e.g. BAD_OPTIONS).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import caller
from goldbox.api.models import NoParams, Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role
from goldbox.game.genius.registry import all_games, strategies_for
from goldbox.service.match_store import StoredMatch
from goldbox.service.match_views import describe, replay, seat_view
from goldbox.service.matches import DEFAULT_ROUND_DEADLINE_S, Written

methods = Registry()

MatchId = Field(min_length=1, max_length=36, description="The match's id (match.list).")
GameName = Field(min_length=1, max_length=64, description="A Genius game's name (genius.games).")


# ----------------------------------------------------------------------------------- results
class StrategyInfo(Result):
    strategy: str
    description: str


class GeniusGameInfo(Result):
    name: str
    title: str
    min_players: int
    max_players: int
    options_schema: dict[str, Any] = Field(description="The options match.create takes, as JSON Schema.")
    strategies: list[StrategyInfo] = Field(description="The built-in bots match.add_bot can seat.")


class GeniusGames(Result):
    games: list[GeniusGameInfo]


class SeatInfo(Result):
    seat: int
    kind: Literal["human", "agent", "bot"]
    name: str = Field(description="The player's username, or the bot's name.")
    account_id: str | None
    strategy: str | None = Field(description="A bot's strategy; null for a person or an agent.")
    left: bool = Field(description="The player left: the seat plays the rules' default action.")


class OutcomeInfo(Result):
    scores: list[float] = Field(description="Every seat's score, by seat.")
    winners: list[int] = Field(description="The seats that won (several: they share the win; none: nobody).")


class MatchInfo(Result):
    id: str
    game: str
    title: str
    status: Literal["open", "running", "finished"]
    options: dict[str, Any]
    min_players: int
    max_players: int
    seats: list[SeatInfo]
    creator: str | None = Field(description="The account that made the match (null for a tournament's).")
    round: int = Field(description="The current round (the last one once finished); 0 before the start.")
    round_deadline: str | None = Field(
        description="When the current round's missing actions become the default (ISO 8601, UTC); "
        "null unless running."
    )
    round_deadline_s: int = Field(description="Seconds each round gives its players.")
    pace_s: float = Field(description="No round resolves sooner than this many seconds after it opened.")
    version: int = Field(description="The seq of the match's last event.")
    outcome: OutcomeInfo | None
    tournament_id: str | None


class MatchList(Result):
    matches: list[MatchInfo]


class MatchState(Result):
    match: MatchInfo
    you: int | None = Field(description="Your seat; null when you watch as a spectator.")
    view: dict[str, Any] = Field(
        description="What your seat may know of the game (a spectator: public information only)."
    )
    awaiting: list[int] = Field(description="The seats the current round waits for.")
    legal: dict[str, Any] = Field(
        description="What you may do now, as the rules describe it; {} unless the round awaits your "
        "action (not yet sealed)."
    )
    sealed: dict[str, Any] | None = Field(description="Your sealed action this round, if any.")
    acted: list[int] = Field(description="The seats that have sealed their action this round.")


class Acted(Result):
    round: int = Field(description="The round the action was sealed in.")
    sealed: dict[str, Any] = Field(description="Your action as the rules read it (its normal form).")
    resolved: bool = Field(description="The round resolved with your action (you were the last awaited).")
    match: MatchInfo


class RoundReplay(Result):
    round: int
    actions: dict[str, dict[str, Any]] = Field(description="Seat (as a string) -> the action it played.")
    events: list[dict[str, Any]] = Field(description="The round's events, `{seq, type, data}`, all of them.")


class Replay(Result):
    match: MatchInfo
    setup: list[dict[str, Any]] = Field(description="The rules' events when the game was dealt.")
    rounds: list[RoundReplay]
    outcome: OutcomeInfo | None


# ------------------------------------------------------------------------------------ params
class CreateParams(Params):
    game: str = GameName
    options: dict[str, Any] = Field(
        default_factory=dict,
        max_length=32,
        description="The game's options (genius.games gives each game's schema); checked by its rules.",
    )
    max_players: int | None = Field(
        None, ge=1, le=1000, description="Seats at the table; none: as many as the game allows."
    )
    round_deadline_s: int = Field(
        DEFAULT_ROUND_DEADLINE_S,
        ge=1,
        le=3600,
        description="Seconds each round waits for actions before missing ones become the default.",
    )
    pace_s: float = Field(
        0.0,
        ge=0,
        le=60,
        description="No round resolves sooner than this after it opened (0: as soon as all acted); "
        "a table of bots then plays one round per pace.",
    )
    join: bool = Field(True, description="Take the first seat yourself.")


class ListParams(Params):
    game: str | None = Field(None, min_length=1, max_length=64, description="Only this game's matches.")
    status: Literal["open", "running", "finished"] | None = Field(
        None, description="Only matches in this status."
    )


class MatchParams(Params):
    match_id: str = MatchId


class AddBotParams(Params):
    match_id: str = MatchId
    strategy: str = Field(min_length=1, max_length=64, description="A strategy of the game (genius.games).")


class ActParams(Params):
    match_id: str = MatchId
    action: dict[str, Any] = Field(
        max_length=16, description="Your action, as the game's rules take it (match.state's `legal`)."
    )
    round: int | None = Field(
        None,
        ge=1,
        description="The round you act in: when given and no longer current (it resolved), the action "
        "is refused with GBX_ROUND_CLOSED instead of counting for the next round.",
    )


# ----------------------------------------------------------------------------------- methods
def info(stored: StoredMatch) -> MatchInfo:
    return MatchInfo.model_validate(describe(stored))


def _written(written: Written) -> MatchInfo:
    return info(written.stored)


CHANGE_ERRORS = (errors.NOT_FOUND, errors.CONFLICT)


@methods.method("genius.games", role=Role.PLAYER)
def games(call: Call, params: NoParams) -> GeniusGames:
    """The Genius games this server runs, with their options and their built-in bots."""
    return GeniusGames(
        games=[
            GeniusGameInfo(
                name=rules.name,
                title=rules.title,
                min_players=rules.min_players,
                max_players=rules.max_players,
                options_schema=rules.options_schema(),
                strategies=[
                    StrategyInfo(strategy=bot.strategy, description=bot.description)
                    for bot in strategies_for(name)
                ],
            )
            for name, rules in sorted(all_games().items())
        ]
    )


@methods.method("match.create", role=Role.PLAYER, errors=(errors.INVALID_PARAMS,))
async def create(call: Call, params: CreateParams) -> MatchInfo:
    """Open a match of a Genius game; others join it with match.join, bots with match.add_bot.

    The options (and `max_players`) are checked by the game's rules now: a refusal is
    GBX_INVALID_PARAMS with the rule's code in `error.data.details[0].rule`."""
    written = await call.services.matches.create(
        caller(call),
        params.game,
        params.options,
        params.max_players,
        params.round_deadline_s,
        params.pace_s,
        params.join,
    )
    return _written(written)


@methods.method("match.list", role=Role.PLAYER)
async def list_matches(call: Call, params: ListParams) -> MatchList:
    """Matches, newest first (at most 100), of one game or all, in one status or any."""
    found = await call.services.matches.list_matches(params.game, params.status)
    return MatchList(matches=[info(stored) for stored in found])


@methods.method(
    "match.join",
    role=Role.PLAYER,
    errors=(*CHANGE_ERRORS, errors.GAME_FULL, errors.MATCH_STARTED, errors.ALREADY_SEATED),
)
async def join(call: Call, params: MatchParams) -> MatchInfo:
    """Take the next free seat of an open match."""
    return _written(await call.services.matches.join(caller(call), params.match_id))


@methods.method(
    "match.add_bot",
    role=Role.PLAYER,
    errors=(
        *CHANGE_ERRORS,
        errors.INVALID_PARAMS,
        errors.GAME_FULL,
        errors.MATCH_STARTED,
        errors.NOT_IN_MATCH,
    ),
)
async def add_bot(call: Call, params: AddBotParams) -> MatchInfo:
    """Seat a built-in bot in an open match: its creator or one of its players may."""
    return _written(await call.services.matches.add_bot(caller(call), params.match_id, params.strategy))


@methods.method(
    "match.start",
    role=Role.PLAYER,
    errors=(*CHANGE_ERRORS, errors.MATCH_STARTED, errors.NOT_IN_MATCH, errors.RULE_VIOLATION),
)
async def start(call: Call, params: MatchParams) -> MatchInfo:
    """Start an open match with the seats taken (at least the game's min_players): the first round
    opens. Its creator or one of its players may."""
    return _written(await call.services.matches.start(caller(call), params.match_id))


@methods.method(
    "match.leave",
    role=Role.PLAYER,
    errors=(*CHANGE_ERRORS, errors.NOT_IN_MATCH, errors.MATCH_NOT_RUNNING),
)
async def leave(call: Call, params: MatchParams) -> MatchInfo:
    """Leave a match. Before the start your seat is freed; after it, your seat stays and plays the
    rules' default action in every round to the end."""
    return _written(await call.services.matches.leave(caller(call), params.match_id))


@methods.method("match.state", role=Role.PLAYER, errors=(errors.NOT_FOUND,))
async def state(call: Call, params: MatchParams) -> MatchState:
    """A match as you may see it: your seat's view, what you may do, your own sealed action.

    Anyone may ask; without a seat you see what a spectator sees (`you` null, public view)."""
    stored = await call.services.matches.current(params.match_id)
    return MatchState.model_validate(seat_view(stored, caller(call).subject))


@methods.method(
    "match.act",
    role=Role.PLAYER,
    errors=(
        *CHANGE_ERRORS,
        errors.MATCH_NOT_RUNNING,
        errors.NOT_IN_MATCH,
        errors.ROUND_CLOSED,
        errors.NOT_YOUR_TURN,
        errors.ALREADY_ACTED,
        errors.RULE_VIOLATION,
    ),
)
async def act(call: Call, params: ActParams) -> Acted:
    """Seal your action for the current round. Nobody sees it until the round resolves, which it
    does once every awaited seat has sealed (and the match's pace has run) or at the deadline.

    A sealed action is final (GBX_ALREADY_ACTED); an action the rules refuse is GBX_RULE_VIOLATION
    (the rule's code in `error.data.details.rule`) and seals nothing."""
    acted = await call.services.matches.act(caller(call), params.match_id, params.action, params.round)
    return Acted(
        round=acted.round, sealed=acted.sealed, resolved=acted.resolved, match=_written(acted.written)
    )


@methods.method("match.replay", role=Role.PLAYER, errors=(errors.NOT_FOUND, errors.MATCH_NOT_OVER))
async def replay_match(call: Call, params: MatchParams) -> Replay:
    """A finished match from start to end: every round's actions and events, private ones included.
    Before the end it would give the game away: GBX_MATCH_NOT_OVER."""
    stored, events = await call.services.matches.log_of(params.match_id)
    return Replay.model_validate(replay(stored, events))
