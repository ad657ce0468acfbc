"""Genius ratings: `rating.list` and `rating.get`.

Every finished Genius match updates the Glicko-2 ratings of its entrants in that game: people and
agents by account, built-in bots by strategy. `rating` starts at 1500 and moves with results, `rd`
(the rating deviation) says how sure it is (350 for a newcomer, shrinking with play), and
`volatility` how erratic the results have been. A match of more than two counts as a game between
every pair of seats, won by the higher final score. The game's leaderboard (`leaderboard.top`,
board `genius_<game>`) ranks people by the best rating they reached in each period.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import caller
from goldbox.api.models import Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role
from goldbox.service.match_checks import check_strategy, rules_of
from goldbox.service.match_state import BOT
from goldbox.service.ratings import EntrantRating

methods = Registry()

GameName = Field(min_length=1, max_length=64, description="A Genius game's name (genius.games).")


class RatingInfo(Result):
    kind: Literal["human", "agent", "bot"]
    name: str = Field(description="The player's username, or the bot's strategy.")
    strategy: str | None = Field(description="A bot's strategy; null for a person or an agent.")
    rating: float = Field(description="The Glicko-2 rating: 1500 to start, higher is stronger.")
    rd: float = Field(description="The rating deviation: how unsure the rating is (350 to start).")
    volatility: float = Field(description="How erratic the results have been (0.06 to start).")
    matches: int = Field(description="Rated matches played in this game.")
    updated_at: datetime | None = Field(
        description="When the last rated match ended its update; null if none."
    )

    @classmethod
    def of(cls, entry: EntrantRating) -> RatingInfo:
        return cls(
            kind=entry.kind,
            name=entry.name,
            strategy=entry.name if entry.kind == BOT else None,
            rating=round(entry.rating.rating, 2),
            rd=round(entry.rating.rd, 2),
            volatility=round(entry.rating.volatility, 6),
            matches=entry.matches,
            updated_at=entry.updated_at,
        )


class RankedRating(RatingInfo):
    rank: int = Field(description="1-based: the highest rating first (equal ratings: by entrant id).")


class RatingList(Result):
    game: str
    entries: list[RankedRating]


class RatingPlace(Result):
    game: str
    rank: int | None = Field(description="The place on rating.list; null before the first rated match.")
    entry: RatingInfo


class ListParams(Params):
    game: str = GameName
    limit: int = Field(20, ge=1, le=100, description="How many entrants, 1 to 100.")


class GetParams(Params):
    game: str = GameName
    username: str | None = Field(None, min_length=1, max_length=32, description="A player (any case).")
    strategy: str | None = Field(None, min_length=1, max_length=64, description="A built-in bot's strategy.")

    @model_validator(mode="after")
    def one_at_most(self) -> GetParams:
        if self.username is not None and self.strategy is not None:
            raise ValueError("name a username or a strategy, not both")
        return self


@methods.method("rating.list", role=Role.PLAYER, errors=(errors.INVALID_PARAMS,))
async def list_ratings(call: Call, params: ListParams) -> RatingList:
    """The entrants of a Genius game by rating, highest first: people, agents and bots."""
    rules_of(params.game)
    found = await call.services.ratings.ranking(params.game, params.limit)
    entries = [
        RankedRating(rank=rank, **RatingInfo.of(entry).model_dump())
        for rank, entry in enumerate(found, start=1)
    ]
    return RatingList(game=params.game, entries=entries)


@methods.method("rating.get", role=Role.PLAYER, errors=(errors.INVALID_PARAMS, errors.ACCOUNT_NOT_FOUND))
async def get_rating(call: Call, params: GetParams) -> RatingPlace:
    """One entrant's rating in a Genius game: a player by `username`, a bot by `strategy`, or yourself.

    Before their first rated match an entrant has the newcomer's rating (1500, rd 350) and no rank.
    """
    rules_of(params.game)
    ratings = call.services.ratings
    if params.strategy is not None:
        check_strategy(params.game, params.strategy)
        entry, rank = await ratings.of_bot(params.game, params.strategy)
    elif params.username is not None:
        entry, rank = await ratings.of_player(params.game, params.username)
    else:
        entry, rank = await ratings.of_player(params.game, None, caller(call).subject)
    return RatingPlace(game=params.game, rank=rank, entry=RatingInfo.of(entry))
