"""Leaderboards: scores from what happens in games, and the standings players ask for.

The boards, from the rules' events after each acknowledged action:

- `xp` (`xp.gained {creature, amount, xp}`): the highest total XP any one of the account's
  characters has reached, i.e. the account's best character. On the day, week and month boards
  it is the best total reached within that period (a veteran who plays today shows on today's
  board with the total reached today). A best total, not a sum of gains, so a retried action can
  never count twice.
- `depth` (`level.entered {depth}`): the deepest dungeon level reached, for every player in the game.
- `fastest_clear` (`dungeon.cleared {seconds}`): the fewest whole seconds taken to clear a
  dungeon, for every player in the game; lower is better. Without `seconds` in the event, the
  time from the game's creation to the clearing action.

Every board keeps a best value, and the store keeps the earlier moment of equal values, so
recording the same events again (a retried action, a replay) changes nothing: idempotent per
(game, seq) without a ledger of what was counted. That is what lets the score keeper
(`goldbox.service.score_keeper`) score a game's log again after a crash or an unreachable store.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.usernames import username_key
from goldbox.infra.leaderboard_store import (
    Board,
    LeaderboardStore,
    LeaderboardsUnavailable,
    Period,
    RankedScore,
    Score,
    bucket_bounds,
    bucket_of,
)
from goldbox.store.models import AccountRecord, GameRecord

log = structlog.get_logger("goldbox.leaderboards")


class ScoringEvent(Protocol):
    """What the scoring reads of an event: the rules' `Event` and the log's `LoggedEvent` both fit."""

    @property
    def type(self) -> str: ...

    @property
    def data(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Scoring:
    """One event to score, with the moment it counts at and who played the game then
    (character id -> account id): from an action just acknowledged, or from the game's log."""

    event: ScoringEvent
    at: datetime
    players: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Standing:
    """A slice of one board's current bucket."""

    board: Board
    period: Period
    bucket: str
    starts_at: datetime | None
    ends_at: datetime | None
    total: int
    entries: list[RankedScore]
    rank: int | None = None
    """The asked-about account's rank (for `around`); None when it has no entry."""


def _whole(value: object) -> int | None:
    """A non-negative whole number from event data (seconds may come as a float), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if value >= 0 else None


def scores_from_events(
    game_id: str,
    account_ids_by_character: Mapping[str, str],
    events: Sequence[ScoringEvent],
    at: datetime,
    usernames: Mapping[str, str],
    game_started_at: datetime | None = None,
) -> list[Score]:
    """The scores a batch of events earns; events for creatures no player owns earn nothing."""
    players = sorted({account for account in account_ids_by_character.values() if account in usernames})
    scores: list[Score] = []

    def earn(board: Board, account_id: str, value: int) -> None:
        try:
            scores.append(Score(board, account_id, usernames[account_id], value, at, game_id))
        except ValueError:
            log.warning("leaderboard_value_out_of_range", board=board.value, value=value, game_id=game_id)

    for event in events:
        if event.type == "xp.gained":
            owner = account_ids_by_character.get(str(event.data.get("creature")))
            total = _whole(event.data.get("xp"))
            if owner in usernames and owner is not None and total is not None:
                earn(Board.XP, owner, total)
        elif event.type == "level.entered":
            depth = _whole(event.data.get("depth"))
            if depth is not None:
                for account_id in players:
                    earn(Board.DEPTH, account_id, depth)
        elif event.type == "dungeon.cleared":
            seconds = _whole(event.data.get("seconds"))
            if seconds is None and game_started_at is not None:
                seconds = max(0, int((at - game_started_at).total_seconds()))
            if seconds is not None:
                for account_id in players:
                    earn(Board.FASTEST_CLEAR, account_id, seconds)
    return scores


SCORING_EVENTS = frozenset({"xp.gained", "level.entered", "dungeon.cleared"})


def _needs_start(events: Iterable[ScoringEvent]) -> bool:
    return any(e.type == "dungeon.cleared" and _whole(e.data.get("seconds")) is None for e in events)


def as_utc(moment: datetime) -> datetime:
    """An aware UTC moment from a database timestamp (SQLite hands back naive UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Leaderboards:
    def __init__(self, store: LeaderboardStore, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.store = store
        self.sessions = sessions

    async def record_events(
        self,
        game_id: str,
        account_ids_by_character: Mapping[str, str],
        events: Sequence[ScoringEvent],
        at: datetime,
    ) -> int:
        """Update the boards from one action's events, all counted at `at`; returns how many
        scores were submitted. Raises LeaderboardsUnavailable when the store cannot be reached."""
        return await self.record(game_id, [Scoring(event, at, account_ids_by_character) for event in events])

    async def record(self, game_id: str, scorings: Sequence[Scoring]) -> int:
        """Update the boards from a game's events, each counted at its own moment for the players
        of its own time; returns how many scores were submitted. Raises LeaderboardsUnavailable
        when the store cannot be reached (nothing is lost: the same events may be recorded again)."""
        scorings = [scoring for scoring in scorings if scoring.event.type in SCORING_EVENTS]
        if not scorings:
            return 0
        accounts = {account for scoring in scorings for account in scoring.players.values()}
        usernames = await self._usernames(sorted(accounts))
        needs_start = _needs_start(scoring.event for scoring in scorings)
        started = await self._game_started_at(game_id) if needs_start else None
        scores = [
            score
            for scoring in scorings
            for score in scores_from_events(
                game_id, scoring.players, [scoring.event], scoring.at, usernames, started
            )
        ]
        await self.store.submit(scores)
        return len(scores)

    async def top(self, board: Board, period: Period, limit: int, offset: int = 0) -> Standing:
        """Ranks `offset + 1` to `offset + limit` of the board's current bucket."""
        with _unavailable():
            entries = await self.store.top(board, period, limit, offset)
            total = await self.store.count(board, period)
        return self._standing(board, period, total, entries)

    async def around(self, board: Board, period: Period, username: str, span: int) -> Standing:
        """The account's place with up to `span` entries either side; GBX_ACCOUNT_NOT_FOUND for an
        unknown username, and no entries (rank None) for an account not on the board."""
        account_id = await self._account_id(username)
        with _unavailable():
            entries = await self.store.around(board, period, account_id, span)
            total = await self.store.count(board, period)
        rank = next((entry.rank for entry in entries if entry.account_id == account_id), None)
        return self._standing(board, period, total, entries, rank)

    def _standing(
        self,
        board: Board,
        period: Period,
        total: int,
        entries: list[RankedScore],
        rank: int | None = None,
    ) -> Standing:
        now = self.store.clock()
        starts, ends = bucket_bounds(period, now)
        return Standing(board, period, bucket_of(period, now), starts, ends, total, entries, rank)

    async def _account_id(self, username: str) -> str:
        async with self.sessions() as session:
            account_id = await session.scalar(
                select(AccountRecord.id).where(AccountRecord.username_key == username_key(username))
            )
        if account_id is None:
            raise GbxError(errors.ACCOUNT_NOT_FOUND, details={"user": username})
        return account_id

    async def _game_started_at(self, game_id: str) -> datetime | None:
        async with self.sessions() as session:
            created = await session.scalar(select(GameRecord.created_at).where(GameRecord.id == game_id))
        return None if created is None else as_utc(created)

    async def _usernames(self, account_ids: list[str]) -> dict[str, str]:
        if not account_ids:
            return {}
        async with self.sessions() as session:
            rows = await session.execute(
                select(AccountRecord.id, AccountRecord.username).where(AccountRecord.id.in_(account_ids))
            )
            return {account_id: username for account_id, username in rows}


@contextlib.contextmanager
def _unavailable() -> Iterator[None]:
    """Turns an unreachable store into GBX_UNAVAILABLE for the caller of a query."""
    try:
        yield
    except LeaderboardsUnavailable as exc:
        raise GbxError(errors.UNAVAILABLE, details={"service": "leaderboards"}) from exc
