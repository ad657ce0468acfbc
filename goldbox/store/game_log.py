"""The append-only event log and current state of every game, written in one transaction.

This is the durability rule in code: a command's events and the state they produce are committed
together, guarded by the game's version, before anyone is told the command happened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.store.models import GameEventRecord, GameRecord


class StaleVersion(Exception):
    """Someone else appended to the game after the caller read it; reload and try again."""

    def __init__(self, game_id: str, expected: int, actual: int) -> None:
        super().__init__(f"game {game_id} is at version {actual}, not {expected}")
        self.game_id = game_id
        self.expected = expected
        self.actual = actual


class GameNotFound(Exception):
    def __init__(self, game_id: str) -> None:
        super().__init__(f"there is no game {game_id}")
        self.game_id = game_id


@dataclass(frozen=True, slots=True)
class NewEvent:
    type: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    seq: int
    type: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredGame:
    id: str
    kind: str
    seed: int
    status: str
    version: int
    state: dict[str, Any]


class GameLog:
    """Games and their event logs, over any SQLAlchemy async database."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def create(self, game_id: str, kind: str, seed: int, state: dict[str, Any]) -> StoredGame:
        async with self._sessions.begin() as session:
            session.add(GameRecord(id=game_id, kind=kind, seed=seed, status="open", version=0, state=state))
        return StoredGame(game_id, kind, seed, "open", 0, state)

    async def load(self, game_id: str) -> StoredGame:
        async with self._sessions() as session:
            record = await session.get(GameRecord, game_id)
            if record is None:
                raise GameNotFound(game_id)
            return _stored(record)

    async def version_of(self, game_id: str) -> int:
        """The game's version (its last seq) without reading its state."""
        async with self._sessions() as session:
            version = await session.scalar(select(GameRecord.version).where(GameRecord.id == game_id))
        if version is None:
            raise GameNotFound(game_id)
        return int(version)

    async def append(
        self,
        game_id: str,
        expected_version: int,
        events: Sequence[NewEvent],
        new_state: dict[str, Any],
        status: str | None = None,
    ) -> list[LoggedEvent]:
        """Append `events` after `expected_version` and save `new_state`, all or nothing.

        Raises StaleVersion when the game moved on since the caller read it.
        """
        async with self._sessions.begin() as session:
            return await append_in(session, game_id, expected_version, events, new_state, status)

    async def events_after(self, game_id: str, after_seq: int, limit: int = 1000) -> list[LoggedEvent]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(GameEventRecord.seq, GameEventRecord.type, GameEventRecord.data)
                .where(GameEventRecord.game_id == game_id, GameEventRecord.seq > after_seq)
                .order_by(GameEventRecord.seq)
                .limit(limit)
            )
            return [LoggedEvent(seq, type_, data) for seq, type_, data in rows]

    @staticmethod
    async def _raise_for_missed_update(session: AsyncSession, game_id: str, expected: int) -> None:
        actual = await session.scalar(select(GameRecord.version).where(GameRecord.id == game_id))
        if actual is None:
            raise GameNotFound(game_id)
        raise StaleVersion(game_id, expected, actual)


async def append_in(
    session: AsyncSession,
    game_id: str,
    expected_version: int,
    events: Sequence[NewEvent],
    new_state: dict[str, Any],
    status: str | None = None,
    also: Mapping[str, Any] | None = None,
) -> list[LoggedEvent]:
    """`GameLog.append` inside a transaction the caller holds, so other rows (a character's sheet, a
    player joining) commit together with the events, or not at all. `also` names more columns of
    the game's row to write in the same statement (the turn deadline). Core statements on the
    tables, not ORM ones: this runs for every action, and the ORM's bookkeeping has nothing to do."""
    if not events:
        raise ValueError("append needs at least one event")
    new_version = expected_version + len(events)
    values: dict[str, Any] = {
        "version": new_version,
        "state": new_state,
        "updated_at": func.now(),
        **(also or {}),
    }
    if status is not None:
        values["status"] = status
    moved = await session.execute(
        update(_GAMES).where(_GAMES.c.id == game_id, _GAMES.c.version == expected_version).values(**values)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        await GameLog._raise_for_missed_update(session, game_id, expected_version)
    logged = [
        LoggedEvent(expected_version + offset, event.type, event.data)
        for offset, event in enumerate(events, start=1)
    ]
    await session.execute(
        insert(_EVENTS),
        [{"game_id": game_id, "seq": e.seq, "type": e.type, "data": e.data} for e in logged],
    )
    return logged


_GAMES = cast(Table, GameRecord.__table__)
_EVENTS = cast(Table, GameEventRecord.__table__)


def _stored(record: GameRecord) -> StoredGame:
    return StoredGame(record.id, record.kind, record.seed, record.status, record.version, record.state)
