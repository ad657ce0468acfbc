"""Genius tournaments: `tournament.create`, `tournament.get` and `tournament.list`.

Anyone logged in may make a tournament of built-in bots and players. It runs itself: each round's
matches start at once (players find theirs in `tournament.get` or `match.list`, and play them as any
match), and when the last match of a round ends the next round is paired, until the last round's end
makes it `finished`. A tournament of bots only plays to its end on its own.

Points per match: a win 100, a draw or a shared win 30, a loss 0 (nobody winning is a loss for all).
Standings rank by points, then (swiss) Buchholz, the points of the opponents met, then the points
earned in the matches among the entrants still level, then the name. Formats, byes and tables are in
docs/GENIUS.md (## Tournaments).

Refusals: an unknown game or strategy, options the game refuses, a count of entrants or rounds the
format cannot play, or a player named twice are GBX_INVALID_PARAMS (the rule's code in
`details[0].rule`: UNKNOWN_GAME, UNKNOWN_STRATEGY, BAD_OPTIONS, BAD_PLAYER_COUNT, BAD_ROUNDS,
DUPLICATE_ENTRANT); a player who does not exist is GBX_ACCOUNT_NOT_FOUND; a sixth tournament of
yours while five still run is GBX_RULE_VIOLATION (TOO_MANY_TOURNAMENTS; admins are not limited).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import caller
from goldbox.api.models import Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role
from goldbox.game.genius.standings import Standing
from goldbox.service.matches import DEFAULT_ROUND_DEADLINE_S
from goldbox.service.tournament_plan import MAX_ENTRANTS, MAX_ROUNDS, MIN_ENTRANTS
from goldbox.service.tournaments import EntrantSpec, Table, Tournament

methods = Registry()

TournamentId = Field(min_length=1, max_length=36, description="The tournament's id (tournament.list).")


# ------------------------------------------------------------------------------------ params
class BotEntrant(Params):
    kind: Literal["bot"]
    strategy: str = Field(min_length=1, max_length=64, description="A strategy of the game (genius.games).")


class PlayerEntrant(Params):
    kind: Literal["player"]
    username: str = Field(min_length=1, max_length=32, description="A player's username (any case).")


EntrantParam = Annotated[BotEntrant | PlayerEntrant, Field(discriminator="kind")]


class CreateParams(Params):
    game: str = Field(min_length=1, max_length=64, description="A Genius game's name (genius.games).")
    format: Literal["round_robin", "swiss"] = Field(
        description="`round_robin`: everyone meets everyone; `swiss`: entrants of equal points meet."
    )
    entrants: list[EntrantParam] = Field(
        min_length=MIN_ENTRANTS,
        max_length=MAX_ENTRANTS,
        description="Bots and players in seeding order (round 1 of a swiss). A player enters once; a bot "
        "may enter several times (`random`, `random #2`…).",
    )
    rounds: int | None = Field(
        None,
        ge=1,
        le=MAX_ROUNDS,
        description="Round robin in pairs: a multiple of one cycle (default one); swiss in pairs: 1 to "
        "n-1 (default ceil(log2 n)); at tables: any (default 3).",
    )
    options: dict[str, Any] = Field(
        default_factory=dict, max_length=32, description="The game's options for every match."
    )
    table_size: int | None = Field(
        None,
        ge=2,
        le=128,
        description="The most players a match seats: 2 plays in pairs (the default for every game two "
        "can play), more at near-equal tables (the default for the others: as many as the game takes).",
    )
    round_deadline_s: int = Field(
        DEFAULT_ROUND_DEADLINE_S,
        ge=1,
        le=3600,
        description="Seconds each round of a match waits for players before missing actions default.",
    )
    pace_s: float = Field(
        0.0, ge=0, le=60, description="No round of a match resolves sooner (0: as soon as all acted)."
    )


class TournamentParams(Params):
    tournament_id: str = TournamentId


class ListParams(Params):
    game: str | None = Field(None, min_length=1, max_length=64, description="Only this game's tournaments.")
    status: Literal["running", "finished"] | None = Field(
        None, description="Only tournaments in this status."
    )


# ----------------------------------------------------------------------------------- results
class EntrantInfo(Result):
    entrant: int = Field(description="The entrant's number (entry order, from 0), as tables name them.")
    kind: Literal["bot", "player"]
    name: str = Field(description="The player's username, or the bot's strategy.")
    account_id: str | None
    strategy: str | None


class TableInfo(Result):
    table: int = Field(description="The table's number in its round, from 1.")
    entrants: list[int] = Field(description="The entrants in seat order (seat 0 first).")
    match_id: str | None = Field(description="The match played there (null until it is made).")
    status: Literal["pending", "running", "finished"]
    scores: list[float] | None = Field(description="Each seat's final score, once finished.")
    winners: list[int] | None = Field(description="The seats that won, once finished.")
    points: list[int] | None = Field(description="The tournament points each seat earned, once finished.")


class RoundInfo(Result):
    round: int
    byes: list[int] = Field(description="The entrants who sat this round out.")
    tables: list[TableInfo]


class StandingInfo(Result):
    rank: int = Field(description="1-based and strict: the tie-breaks always settle the order.")
    entrant: int
    name: str
    points: int
    wins: int
    draws: int = Field(description="Draws and shared wins.")
    losses: int
    byes: int
    buchholz: int | None = Field(description="Swiss: the points of every opponent met, summed.")
    head_to_head: int = Field(description="Points earned against the entrants level with this one.")


class TournamentSummary(Result):
    id: str
    game: str
    format: Literal["round_robin", "swiss"]
    status: Literal["running", "finished"]
    creator: str | None
    table_size: int
    rounds: int = Field(description="How many rounds it plays.")
    round: int = Field(description="The round being played (the last one once finished).")
    entrants: list[EntrantInfo]
    options: dict[str, Any]
    round_deadline_s: int
    pace_s: float
    created_at: datetime
    finished_at: datetime | None
    leader: str | None = Field(
        description="The name ranked first so far (the winner once finished); null before any result."
    )


class TournamentInfo(TournamentSummary):
    schedule: list[RoundInfo] = Field(description="Every round paired so far, with its tables and byes.")
    standings: list[StandingInfo]


class TournamentList(Result):
    tournaments: list[TournamentSummary]


def _table(table: Table) -> TableInfo:
    played = table.played
    status: Literal["pending", "running", "finished"] = (
        "finished" if played is not None else "pending" if table.match_id is None else "running"
    )
    return TableInfo(
        table=table.number,
        entrants=list(table.entrants),
        match_id=table.match_id,
        status=status,
        scores=None if table.scores is None else list(table.scores),
        winners=None if table.winners is None else list(table.winners),
        points=None
        if played is None
        else [played.points_of_seat(seat) for seat in range(len(table.entrants))],
    )


def _standing(row: Standing, names: list[str]) -> StandingInfo:
    return StandingInfo(
        rank=row.rank,
        entrant=row.entrant,
        name=names[row.entrant],
        points=row.points,
        wins=row.wins,
        draws=row.draws,
        losses=row.losses,
        byes=row.byes,
        buchholz=row.buchholz,
        head_to_head=row.head_to_head,
    )


def _any_result(tournament: Tournament) -> bool:
    return any(table.played is not None for table in tournament.tables)


def _summary(tournament: Tournament, standings: list[Standing]) -> dict[str, Any]:
    return {
        "id": tournament.id,
        "game": tournament.game,
        "format": tournament.format,
        "status": tournament.status,
        "creator": tournament.creator,
        "table_size": tournament.table_size,
        "rounds": tournament.rounds,
        "round": tournament.round,
        "entrants": [
            EntrantInfo(
                entrant=number,
                kind=entrant.kind,
                name=entrant.name,
                account_id=entrant.account_id,
                strategy=entrant.strategy,
            )
            for number, entrant in enumerate(tournament.entrants)
        ],
        "options": tournament.options,
        "round_deadline_s": tournament.round_deadline_s,
        "pace_s": tournament.pace_s,
        "created_at": tournament.created_at,
        "finished_at": tournament.finished_at,
        "leader": tournament.entrants[standings[0].entrant].name if _any_result(tournament) else None,
    }


def info(tournament: Tournament) -> TournamentInfo:
    standings = tournament.standings()
    names = [entrant.name for entrant in tournament.entrants]
    schedule = [
        RoundInfo(
            round=number,
            byes=[entrant for bye_round, entrant in tournament.byes if bye_round == number],
            tables=[_table(table) for table in tournament.tables if table.round == number],
        )
        for number in range(1, tournament.round + 1)
    ]
    return TournamentInfo.model_validate(
        {
            **_summary(tournament, standings),
            "schedule": schedule,
            "standings": [_standing(row, names) for row in standings],
        }
    )


@methods.method(
    "tournament.create",
    role=Role.PLAYER,
    errors=(errors.INVALID_PARAMS, errors.ACCOUNT_NOT_FOUND, errors.RULE_VIOLATION),
)
async def create(call: Call, params: CreateParams) -> TournamentInfo:
    """Make a tournament of bots and players; its first round starts at once.

    A tournament of bots only plays to its end on its own; players play their matches as any match.
    """
    specs = [
        EntrantSpec("bot", strategy=entrant.strategy)
        if isinstance(entrant, BotEntrant)
        else EntrantSpec("player", username=entrant.username)
        for entrant in params.entrants
    ]
    tournament = await call.services.tournaments.create(
        caller(call),
        params.game,
        params.format,
        specs,
        params.rounds,
        params.options,
        params.round_deadline_s,
        params.pace_s,
        params.table_size,
    )
    return info(tournament)


@methods.method("tournament.get", role=Role.PLAYER, errors=(errors.NOT_FOUND,))
async def get(call: Call, params: TournamentParams) -> TournamentInfo:
    """A tournament: its entrants, every round's tables with their matches and results, and the standings."""
    return info(await call.services.tournaments.get(params.tournament_id))


@methods.method("tournament.list", role=Role.PLAYER)
async def list_tournaments(call: Call, params: ListParams) -> TournamentList:
    """Tournaments newest first (at most 100), of one game or all, running or finished or both."""
    found = await call.services.tournaments.list_tournaments(params.game, params.status)
    return TournamentList(
        tournaments=[
            TournamentSummary.model_validate(_summary(tournament, tournament.standings()))
            for tournament in found
        ]
    )
