"""The database engine: SQLite (embedded default) or PostgreSQL, chosen by URL.

SQLite runs in WAL mode with synchronous=FULL: an acknowledged commit survives a crash of the
process or the machine. Pool checkouts feed the `goldbox_db_pool_connections_in_use` gauge.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
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
        engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    else:
        engine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            pool_pre_ping=True,
        )
    event.listen(engine.sync_engine, "checkout", _on_checkout)
    event.listen(engine.sync_engine, "checkin", _on_checkin)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
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
