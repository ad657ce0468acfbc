"""Migrations on every supported database: up, down, and the schema they build equals the models."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from goldbox.store import migrate
from goldbox.store.database import engine_for_url
from goldbox.store.models import Base


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = engine_for_url(database_url)
    yield engine
    await engine.dispose()


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


def schema_differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


async def test_upgrade_builds_exactly_the_models(database_url: str, engine: AsyncEngine) -> None:
    assert await migrate.current_revision(engine) is None
    await asyncio.to_thread(migrate.upgrade, database_url)
    assert await migrate.current_revision(engine) == migrate.head_revision()
    assert {"games", "game_events"} <= await table_names(engine)
    async with engine.connect() as connection:
        assert await connection.run_sync(schema_differences) == []


async def test_downgrade_to_base_removes_everything_and_upgrade_restores_it(
    database_url: str, engine: AsyncEngine
) -> None:
    await asyncio.to_thread(migrate.upgrade, database_url)
    await asyncio.to_thread(migrate.downgrade, database_url, "base")
    assert await migrate.current_revision(engine) is None
    assert await table_names(engine) <= {"alembic_version"}
    await asyncio.to_thread(migrate.upgrade, database_url)
    assert await migrate.current_revision(engine) == migrate.head_revision()


async def test_upgrade_twice_is_harmless(database_url: str, engine: AsyncEngine) -> None:
    await asyncio.to_thread(migrate.upgrade, database_url)
    await asyncio.to_thread(migrate.upgrade, database_url)
    assert await migrate.current_revision(engine) == migrate.head_revision()


def test_history_is_a_single_chain_from_base() -> None:
    revisions = migrate.history()
    assert revisions[0].down_revision is None
    for earlier, later in itertools.pairwise(revisions):
        assert later.down_revision == earlier.revision
    assert revisions[-1].revision == migrate.head_revision()


async def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path: object) -> None:
    engine = engine_for_url(f"sqlite+aiosqlite:///{tmp_path}/wal.db")
    try:
        async with engine.connect() as connection:
            assert (await connection.scalar(text("PRAGMA journal_mode"))) == "wal"
            assert (await connection.scalar(text("PRAGMA synchronous"))) == 2  # FULL
            assert (await connection.scalar(text("PRAGMA foreign_keys"))) == 1
    finally:
        await engine.dispose()
