"""Matches in the database: a match's row of the `games` table (kind `genius.<game>`) read, made
and moved on to its next version, and its log read back. The statements only: the transaction,
the locks and the decisions are `matches.Matches`'."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from goldbox.service.match_checks import match_not_found
from goldbox.service.match_state import KIND_PREFIX, Match, is_match, kind_of
from goldbox.store.game_log import LoggedEvent, NewEvent, append_in
from goldbox.store.models import GameEventRecord, GameRecord


@dataclass(frozen=True, slots=True)
class StoredMatch:
    """A match as committed: its row's id, seed and version, and its decoded state."""

    id: str
    seed: int
    version: int
    match: Match

    @property
    def status(self) -> str:
        return self.match.status


async def read_match(session: AsyncSession, match_id: str, lock: bool) -> StoredMatch:
    """The match (GBX_NOT_FOUND when there is none, or the id is another kind of game's); `lock`:
    inside a writing transaction, its row is locked (PostgreSQL; SQLite's writer holds all)."""
    query = select(GameRecord.kind, GameRecord.seed, GameRecord.version, GameRecord.state).where(
        GameRecord.id == match_id
    )
    row = (await session.execute(query.with_for_update() if lock else query)).one_or_none()
    if row is None or not is_match(row.kind):
        raise match_not_found(match_id)
    return StoredMatch(match_id, row.seed, row.version, Match.from_state(row.state))


async def insert_match(
    session: AsyncSession, match_id: str, match: Match, seed: int, now: datetime
) -> StoredMatch:
    """The new match's row, at version 0. Its creation time to the microsecond (the database's
    default is to the second on SQLite), which match.list orders by."""
    session.add(
        GameRecord(
            id=match_id,
            kind=kind_of(match.game),
            seed=seed,
            status=match.status,
            version=0,
            state=match.to_state(),
            created_at=now,
        )
    )
    await session.flush()
    return StoredMatch(match_id, seed, 0, Match.from_state(match.to_state()))


async def append_change(
    session: AsyncSession, stored: StoredMatch, events: list[NewEvent], match: Match
) -> list[LoggedEvent]:
    """A change's events and the match after it as the next version, with the moment the match
    clock must next look at it (`games.turn_deadline`); nothing when the change has no events.
    The RPG leaderboard's watermark (`games.scored_seq`) moves with the version: a match earns no
    RPG scores (its ratings are kept by `goldbox.service.ratings`), so the leaderboard sweep has
    nothing to read in its log and must not find it behind."""
    if not events:
        return []
    new_version = stored.version + len(events)
    return await append_in(
        session,
        stored.id,
        stored.version,
        events,
        match.to_state(),
        match.status,
        {"turn_deadline": match.due(), "scored_seq": new_version},
    )


async def select_matches(
    session: AsyncSession, game: str | None, status: str | None, limit: int
) -> list[StoredMatch]:
    """Matches newest first, of one game or all, in one status or any."""
    query = select(GameRecord.id, GameRecord.seed, GameRecord.version, GameRecord.state)
    if game is None:
        query = query.where(GameRecord.kind.startswith(KIND_PREFIX))
    else:
        query = query.where(GameRecord.kind == kind_of(game))
    if status is not None:
        query = query.where(GameRecord.status == status)
    rows = await session.execute(query.order_by(GameRecord.created_at.desc(), GameRecord.id).limit(limit))
    return [StoredMatch(r.id, r.seed, r.version, Match.from_state(r.state)) for r in rows]


async def events_of(session: AsyncSession, stored: StoredMatch) -> list[LoggedEvent]:
    """The match's whole log up to the version read, hidden events included."""
    rows = await session.execute(
        select(GameEventRecord.seq, GameEventRecord.type, GameEventRecord.data)
        .where(GameEventRecord.game_id == stored.id, GameEventRecord.seq <= stored.version)
        .order_by(GameEventRecord.seq)
    )
    return [LoggedEvent(seq, type_, data) for seq, type_, data in rows]
