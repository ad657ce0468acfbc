"""Genius ratings: every finished match updates its entrants' Glicko-2 ratings, once.

One rating per (game, entrant): the entrant is the account for a person or an agent, and
`bot:<strategy>` for a built-in bot, so a tournament of bots moves the bots' ratings too. A match
is one rating period (goldbox.game.genius.glicko2): its entrants are rated against each other's
ratings from before it, every pair of seats a game scored by their final scores. A rating does not
decay while its entrant sits out.

A match is rated in one transaction that writes the new ratings and the match's id in
`genius_rated_matches`; a match already there is not rated again, so a retried or repeated report of
its end never counts twice. The people's new ratings then go to the game's leaderboard
(`genius_<game>`: the best rating reached in each period); the row's `on_boards` flag records that
they got there. Every server process sweeps now and then (`catch_up`): finished matches nobody rated
(the process died between the match's end and the rating) are rated, and ratings that did not reach
the boards (the leaderboard store was unreachable) are posted again, which is harmless twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.usernames import username_key
from goldbox.game.genius.glicko2 import Rating, rate_match
from goldbox.infra.leaderboard_store import (
    Board,
    Clock,
    LeaderboardStore,
    LeaderboardsUnavailable,
    Score,
    utc_now,
)
from goldbox.service.match_state import BOT, FINISHED, HUMAN, KIND_PREFIX, Match
from goldbox.service.matches import FinishedSeat, MatchFinished
from goldbox.service.periodic import Periodic
from goldbox.store.database import write_transaction
from goldbox.store.models import AccountRecord, GameRecord, GeniusRatedMatchRecord, GeniusRatingRecord

log = structlog.get_logger("goldbox.ratings")

MAX_ATTEMPTS = 5
CATCH_UP_INTERVAL_S = 10.0
CATCH_UP_BATCH = 50
"""Matches one sweep rates, and rated matches whose boards it posts, at most."""
CATCH_UP_AFTER = timedelta(seconds=30)
"""A match finished this long ago and still unrated lost its report: the sweep rates it. Younger
ones are left to the report on its way (rating twice is harmless, but wasted)."""
SWEEP_OVERLAP = timedelta(minutes=5)
"""How far each sweep looks back past what the last one covered: room for the database's clock
and the server's to differ, and for SQLite's whole-second `games.updated_at`."""
_STOP_TIMEOUT_S = 2.0


def entrant_of(seat: FinishedSeat) -> str:
    """Whose rating a seat plays for: its account, or `bot:<strategy>` for a built-in bot."""
    if seat.kind == BOT or seat.account_id is None:
        return f"bot:{seat.strategy}"
    return seat.account_id


def name_of(seat: FinishedSeat) -> str:
    """The name a rating is listed under: the username, or the bot's strategy."""
    return (seat.strategy or seat.name) if seat.kind == BOT else seat.name


@dataclass(frozen=True, slots=True)
class RatingChange:
    """One entrant's rating before and after a match."""

    entrant: str
    kind: str
    name: str
    account_id: str | None
    before: Rating
    after: Rating

    def to_json(self) -> dict[str, Any]:
        return {
            "entrant": self.entrant,
            "kind": self.kind,
            "name": self.name,
            "account_id": self.account_id,
            "before": _rating_json(self.before),
            "after": _rating_json(self.after),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RatingChange:
        return cls(
            data["entrant"],
            data["kind"],
            data["name"],
            data.get("account_id"),
            Rating(**data["before"]),
            Rating(**data["after"]),
        )


@dataclass(frozen=True, slots=True)
class EntrantRating:
    """An entrant's current rating in one game, as the rating API shows it."""

    game: str
    entrant: str
    kind: str
    name: str
    rating: Rating
    matches: int
    updated_at: datetime | None


def _rating_json(rating: Rating) -> dict[str, float]:
    return {"rating": rating.rating, "rd": rating.rd, "volatility": rating.volatility}


def board_scores(game: str, match_id: str, at: datetime, changes: Sequence[RatingChange]) -> list[Score]:
    """The leaderboard entries a rated match earns: each person's (or agent's) new rating, rounded."""
    board = Board.for_genius(game)
    if board is None:
        return []
    return [
        Score(board, change.account_id, change.name, max(0, round(change.after.rating)), at, match_id)
        for change in changes
        if change.kind != BOT and change.account_id is not None
    ]


def finished_from_state(match_id: str, match: Match) -> MatchFinished | None:
    """What the end of a stored match reported (or would have): for the sweep of unrated matches."""
    if match.outcome is None or match.finished_at is None:
        return None
    seats = tuple(FinishedSeat(s.seat, s.kind, s.name, s.account_id, s.strategy, s.left) for s in match.seats)
    return MatchFinished(match_id, match.game, seats, match.outcome, match.tournament_id, match.finished_at)


class Ratings:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        boards: LeaderboardStore,
        clock: Clock = utc_now,
        interval_s: float = CATCH_UP_INTERVAL_S,
    ) -> None:
        self.sessions = sessions
        self.boards = boards
        self.clock = clock
        self._sweeper = Periodic("rating-sweeper", self.catch_up, interval_s)
        self._swept_since: datetime | None = None
        """Matches last changed before this were all rated at the last sweep: the next looks only
        after it (the first sweep of a process looks at every finished match)."""

    # ------------------------------------------------------------------------------ rating
    async def match_finished(self, ended: MatchFinished) -> None:
        """The `on_finished` listener: rate the match (unless it was), then post to the boards."""
        changes = await self.rate(ended)
        if changes is not None:
            await self._post(ended.game, ended.match_id, ended.finished_at, changes)

    async def rate(self, ended: MatchFinished) -> list[RatingChange] | None:
        """Rate a finished match in one transaction; None when it was rated already."""
        for _attempt in range(MAX_ATTEMPTS):
            try:
                return await self._rate_once(ended)
            except IntegrityError:
                continue  # another writer added the match or a newcomer's rating first: look again
        raise RuntimeError(f"match {ended.match_id} could not be rated in {MAX_ATTEMPTS} attempts")

    async def _rate_once(self, ended: MatchFinished) -> list[RatingChange] | None:
        seats = {entrant_of(seat): seat for seat in ended.seats}
        results = [
            (entrant_of(seat), float(score))
            for seat, score in zip(ended.seats, ended.outcome.scores, strict=True)
        ]
        async with write_transaction(self.sessions) as session:
            if await session.get(GeniusRatedMatchRecord, ended.match_id) is not None:
                return None
            held = await self._locked(session, ended.game, sorted(seats))
            before = {entrant: Rating(r.rating, r.rd, r.volatility) for entrant, r in held.items()}
            after = rate_match(before, results)
            now = self.clock()
            changes: list[RatingChange] = []
            for entrant in sorted(after):
                seat = seats[entrant]
                new = after[entrant]
                changes.append(
                    RatingChange(
                        entrant,
                        seat.kind,
                        name_of(seat),
                        None if seat.kind == BOT else seat.account_id,
                        before.get(entrant, Rating()),
                        new,
                    )
                )
                row = held.get(entrant)
                if row is None:
                    row = GeniusRatingRecord(game=ended.game, entrant=entrant, matches=0)
                    session.add(row)
                row.kind, row.name = seat.kind, name_of(seat)
                row.rating, row.rd, row.volatility = new.rating, new.rd, new.volatility
                row.matches += 1
                row.updated_at = now
            session.add(
                GeniusRatedMatchRecord(
                    match_id=ended.match_id,
                    game=ended.game,
                    finished_at=ended.finished_at,
                    rated_at=now,
                    changes=[change.to_json() for change in changes],
                    on_boards=not board_scores(ended.game, ended.match_id, ended.finished_at, changes),
                )
            )
        log.info("genius_match_rated", match_id=ended.match_id, game=ended.game, entrants=len(changes))
        return changes

    @staticmethod
    async def _locked(session: AsyncSession, game: str, entrants: list[str]) -> dict[str, GeniusRatingRecord]:
        """The entrants' rating rows, locked (on PostgreSQL) in one order so two matches sharing
        entrants cannot deadlock."""
        rows = await session.scalars(
            select(GeniusRatingRecord)
            .where(GeniusRatingRecord.game == game, GeniusRatingRecord.entrant.in_(entrants))
            .order_by(GeniusRatingRecord.entrant)
            .with_for_update()
        )
        return {row.entrant: row for row in rows}

    async def _post(self, game: str, match_id: str, at: datetime, changes: Sequence[RatingChange]) -> bool:
        """The people's new ratings to the game's board; True once they are there."""
        scores = board_scores(game, match_id, at, changes)
        if not scores:
            return True
        try:
            await self.boards.submit(scores)
        except LeaderboardsUnavailable:
            log.warning("genius_ratings_not_on_boards", match_id=match_id, game=game)
            return False
        async with write_transaction(self.sessions) as session:
            await session.execute(
                update(GeniusRatedMatchRecord)
                .where(GeniusRatedMatchRecord.match_id == match_id)
                .values(on_boards=True)
            )
        return True

    # ---------------------------------------------------------------------------- catching up
    def start(self) -> None:
        self._sweeper.start()

    async def close(self) -> None:
        await self._sweeper.stop(_STOP_TIMEOUT_S)

    async def catch_up(self) -> int:
        """Rate the finished matches whose report was lost, and post the ratings that missed the
        boards; returns how many matches it rated or posted."""
        done = 0
        for ended in await self._unrated():
            changes = await self.rate(ended)
            if changes is not None:
                done += 1
                await self._post(ended.game, ended.match_id, ended.finished_at, changes)
        async with self.sessions() as session:
            unposted = list(
                await session.scalars(
                    select(GeniusRatedMatchRecord)
                    .where(GeniusRatedMatchRecord.on_boards.is_(False))
                    .order_by(GeniusRatedMatchRecord.rated_at)
                    .limit(CATCH_UP_BATCH)
                )
            )
        for rated in unposted:
            changes = [RatingChange.from_json(change) for change in rated.changes]
            done += await self._post(rated.game, rated.match_id, rated.finished_at, changes)
        return done

    async def _unrated(self) -> list[MatchFinished]:
        """Finished matches with no rating yet, the oldest first, that finished long enough ago."""
        now = self.clock()
        rated = exists().where(GeniusRatedMatchRecord.match_id == GameRecord.id)
        query = select(GameRecord.id, GameRecord.state).where(
            GameRecord.kind.startswith(KIND_PREFIX), GameRecord.status == FINISHED, ~rated
        )
        if self._swept_since is not None:
            query = query.where(GameRecord.updated_at >= self._swept_since)
        query = query.order_by(GameRecord.updated_at, GameRecord.id).limit(CATCH_UP_BATCH)
        async with self.sessions() as session:
            rows = (await session.execute(query)).all()
        if len(rows) < CATCH_UP_BATCH:  # nothing older is left behind: later sweeps look at less
            self._swept_since = now - CATCH_UP_AFTER - SWEEP_OVERLAP
        found = [finished_from_state(match_id, Match.from_state(state)) for match_id, state in rows]
        settled = now - CATCH_UP_AFTER
        return [ended for ended in found if ended is not None and ended.finished_at <= settled]

    # ------------------------------------------------------------------------------- reads
    async def ranking(self, game: str, limit: int) -> list[EntrantRating]:
        """The game's entrants, highest rating first (bots included)."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(GeniusRatingRecord)
                .where(GeniusRatingRecord.game == game)
                .order_by(GeniusRatingRecord.rating.desc(), GeniusRatingRecord.entrant)
                .limit(limit)
            )
            return [_shown(row) for row in rows]

    async def of_bot(self, game: str, strategy: str) -> tuple[EntrantRating, int | None]:
        """A built-in bot's rating in the game, and its rank (see `rating_of`)."""
        return await self.rating_of(game, f"bot:{strategy}", BOT, strategy)

    async def of_player(
        self, game: str, username: str | None, account_id: str | None = None
    ) -> tuple[EntrantRating, int | None]:
        """A person's (or agent's) rating in the game, by username or account id, and its rank;
        GBX_ACCOUNT_NOT_FOUND for an unknown account."""
        found_id, name = await account_named(self.sessions, username, account_id)
        return await self.rating_of(game, found_id, HUMAN, name)

    async def rating_of(
        self, game: str, entrant: str, kind: str, name: str
    ) -> tuple[EntrantRating, int | None]:
        """The entrant's rating in the game and its rank on `ranking` (None before the first
        rated match, when the rating is a newcomer's: 1500 / 350 / 0.06)."""
        record = GeniusRatingRecord
        async with self.sessions() as session:
            row = await session.get(record, (game, entrant))
            if row is None:
                return EntrantRating(game, entrant, kind, name, Rating(), 0, None), None
            ahead = await session.scalar(
                select(func.count())
                .select_from(record)
                .where(
                    record.game == game,
                    or_(
                        record.rating > row.rating,
                        and_(record.rating == row.rating, record.entrant < row.entrant),
                    ),
                )
            )
        return _shown(row), int(ahead or 0) + 1


async def account_named(
    sessions: async_sessionmaker[AsyncSession], username: str | None, account_id: str | None = None
) -> tuple[str, str]:
    """(account id, username) of the account with that username (any case) or that id;
    GBX_ACCOUNT_NOT_FOUND when there is none."""
    query = select(AccountRecord.id, AccountRecord.username)
    if username is not None:
        query = query.where(AccountRecord.username_key == username_key(username))
    else:
        query = query.where(AccountRecord.id == account_id)
    async with sessions() as session:
        found = (await session.execute(query)).one_or_none()
    if found is None:
        raise GbxError(errors.ACCOUNT_NOT_FOUND, details={"user": username or account_id})
    return str(found[0]), str(found[1])


def _shown(row: GeniusRatingRecord) -> EntrantRating:
    return EntrantRating(
        row.game,
        row.entrant,
        row.kind,
        row.name,
        Rating(row.rating, row.rd, row.volatility),
        row.matches,
        row.updated_at,
    )
