"""Leaderboards: `leaderboard.top` and `leaderboard.around`.

Boards: `xp` (the best character's total XP), `depth` (the deepest dungeon level reached) and
`fastest_clear` (the fewest seconds to clear a dungeon) for the RPG, and one per Genius game,
`genius_<game>` (the best Glicko-2 rating the player reached in that game, rounded; people and
agents only, bots are on `rating.list`). Periods are UTC buckets: the current day, ISO week (Monday
to Sunday) or month, or `all` time; a period's board holds the best value reached within it. Ranks
are strict: on equal values the player who got there first ranks higher.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import caller
from goldbox.api.models import Params, Result
from goldbox.api.registry import Example, Registry
from goldbox.auth.roles import Role
from goldbox.infra.leaderboard_store import Board, Period, RankedScore
from goldbox.service.leaderboards import Standing

methods = Registry()

BOARD_DOC = (
    "`xp` (higher is better), `depth` (higher is better) or `fastest_clear` (seconds, lower is better); "
    "or a Genius game's `genius_<game>` (`genius_minority`, `genius_prisoners_dilemma`, …): the best "
    "rating reached in the period, higher is better."
)
PERIOD_DOC = "The current UTC `day`, ISO `week`, `month`, or `all` time."


class TopParams(Params):
    board: Board = Field(description=BOARD_DOC)
    period: Period = Field(Period.ALL, description=PERIOD_DOC)
    limit: int = Field(10, ge=1, le=100, description="How many entries, 1 to 100.")
    offset: int = Field(
        0, ge=0, le=1_000_000, description="How many entries to skip: the next page starts here."
    )


class AroundParams(Params):
    board: Board = Field(description=BOARD_DOC)
    period: Period = Field(Period.ALL, description=PERIOD_DOC)
    user: str | None = Field(
        None, min_length=1, max_length=32, description="A username (any case); none: yourself."
    )
    span: int = Field(5, ge=0, le=25, description="How many entries to show above and below the player.")


class Entry(Result):
    rank: int = Field(description="1-based; no two entries share a rank (equal values: earlier first).")
    user: str = Field(description="The player's username.")
    value: int = Field(description="XP, dungeon depth, seconds or a Genius rating, depending on the board.")
    achieved_at: datetime = Field(description="When this value was first reached in the period (UTC).")
    game_id: str | None = Field(description="The game it was reached in.")

    @classmethod
    def of(cls, entry: RankedScore) -> Entry:
        return cls(
            rank=entry.rank,
            user=entry.username,
            value=entry.value,
            achieved_at=entry.achieved_at,
            game_id=entry.game_id,
        )


class BoardPage(Result):
    board: Board
    period: Period
    bucket: str = Field(description="The period's name: `2026-11-23`, `2026-W48`, `2026-11` or `all`.")
    starts_at: datetime | None = Field(description="When the period began (UTC); none for `all`.")
    ends_at: datetime | None = Field(
        description="When the period ends and a new board starts; none for `all`."
    )
    total: int = Field(description="How many players are on this board in this period.")
    entries: list[Entry]


class BoardPlace(BoardPage):
    user: str = Field(description="The player asked about.")
    rank: int | None = Field(description="Their rank; none when they have no score on this board yet.")


def _page(standing: Standing) -> dict[str, object]:
    return {
        "board": standing.board,
        "period": standing.period,
        "bucket": standing.bucket,
        "starts_at": standing.starts_at,
        "ends_at": standing.ends_at,
        "total": standing.total,
        "entries": [Entry.of(entry) for entry in standing.entries],
    }


_TOP_EXAMPLE = Example(
    name="The week's deepest delvers",
    params={"board": "depth", "period": "week", "limit": 2},
    result={
        "board": "depth",
        "period": "week",
        "bucket": "2026-W48",
        "starts_at": "2026-11-23T00:00:00Z",
        "ends_at": "2026-11-30T00:00:00Z",
        "total": 7,
        "entries": [
            {"rank": 1, "user": "ada", "value": 6, "achieved_at": "2026-11-24T19:02:11Z", "game_id": "…"},
            {"rank": 2, "user": "brom", "value": 6, "achieved_at": "2026-11-25T08:40:57Z", "game_id": "…"},
        ],
    },
)


@methods.method("leaderboard.top", role=Role.PLAYER, errors=(errors.UNAVAILABLE,), examples=(_TOP_EXAMPLE,))
async def top(call: Call, params: TopParams) -> BoardPage:
    """The leading players of a board in the current period, a page at a time.

    Page with `offset`: ranks are strict and stable within a period, so pages meet without gaps
    or repeats.
    """
    standing = await call.services.leaderboards.top(params.board, params.period, params.limit, params.offset)
    return BoardPage.model_validate(_page(standing))


@methods.method("leaderboard.around", role=Role.PLAYER, errors=(errors.ACCOUNT_NOT_FOUND, errors.UNAVAILABLE))
async def around(call: Call, params: AroundParams) -> BoardPlace:
    """A player's rank on a board and the players just above and below them.

    Without `user`, yourself. A player with no score on the board yet gets `rank: null` and no
    entries; an unknown username is GBX_ACCOUNT_NOT_FOUND.
    """
    username = params.user if params.user is not None else caller(call).username
    standing = await call.services.leaderboards.around(params.board, params.period, username, params.span)
    shown = next((e.username for e in standing.entries if e.rank == standing.rank), username)
    return BoardPlace.model_validate({**_page(standing), "user": shown, "rank": standing.rank})
