"""The database engine: SQLite (embedded default) or PostgreSQL, chosen by URL.

SQLite runs in WAL mode with synchronous=FULL: an acknowledged commit survives a crash of the
process or the machine. Pool checkouts feed the `goldbox_db_pool_connections_in_use` gauge.

A transaction that reads and then writes must say so up front (`write_transaction`). On SQLite it
then takes the write lock at BEGIN; otherwise a concurrent writer that commits between its read and
its write makes the write fail at once ("database is locked") instead of waiting its turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from sqlalchemy import Connection, event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from goldbox.ops import metrics
from goldbox.ops.config import Settings

SQLITE_BUSY_TIMEOUT_MS = 5000


def create_engine(settings: Settings) -> AsyncEngine:
    return engine_for_url(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_timeout=settings.database_pool_timeout_s,
    )


def engine_for_url(
    url: str, *, pool_size: int = 5, max_overflow: int = 5, pool_timeout: float = 10.0
) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,
            json_serializer=json_text,
            json_deserializer=orjson.loads,
        )
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        event.listen(engine.sync_engine, "begin", _begin_sqlite)
    else:
        engine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            pool_pre_ping=True,
            hide_parameters=True,  # a failed statement's values (hashes, emails) stay out of logs
            json_serializer=json_text,
            json_deserializer=orjson.loads,
        )
    event.listen(engine.sync_engine, "checkout", _on_checkout)
    event.listen(engine.sync_engine, "checkin", _on_checkin)
    return engine


def json_text(value: Any) -> str:
    """JSON columns (a game's state, its events) as text: orjson is about ten times faster than the
    standard library on a game's state, which is written after every action. Integers past 64 bits,
    which orjson refuses, take the standard library's way."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def write_transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session in a transaction that will write; committed on success, rolled back on error.

    On SQLite, this process's writers also queue on a lock first: SQLite's own wait is a sleep and
    retry, which under load lets late writers overtake early ones until some time out.
    """
    engine = sessions.kw.get("bind")
    turn = _sqlite_writer_turns.setdefault(engine, asyncio.Lock()) if _is_sqlite(engine) else None
    async with turn or contextlib.nullcontext(), sessions() as session, session.begin():
        await session.connection(execution_options={_WRITE_OPTION: True})
        yield session


_sqlite_writer_turns: weakref.WeakKeyDictionary[Any, asyncio.Lock] = weakref.WeakKeyDictionary()


def _is_sqlite(engine: Any) -> bool:
    return isinstance(engine, AsyncEngine) and engine.dialect.name == "sqlite"


_WRITE_OPTION = "goldbox_writes"


def _begin_sqlite(connection: Connection) -> None:
    """SQLite's driver would begin lazily and always DEFERRED; goldbox begins itself (see above)."""
    writes = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # goldbox emits BEGIN itself: see _begin_sqlite
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=FULL",
        "PRAGMA foreign_keys=ON",
        f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
    ):
        cursor.execute(pragma)
    cursor.close()


def _on_checkout(*_args: Any) -> None:
    metrics.DB_POOL_IN_USE.inc()


def _on_checkin(*_args: Any) -> None:
    metrics.DB_POOL_IN_USE.dec()
