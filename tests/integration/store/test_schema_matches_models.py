"""The migrations build exactly the tables the models describe, on every supported database.

A model changed without a migration (or a migration that drifts from the models) fails here, so
it fails CI rather than a production upgrade.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Connection, MetaData, String
from sqlalchemy.ext.asyncio import AsyncEngine

from goldbox.store import migrate
from goldbox.store.database import engine_for_url
from goldbox.store.models import Base

# Stricter than autogenerate's defaults: column types and server defaults must match too.
COMPARE_OPTIONS = {"compare_type": True, "compare_server_default": True}


@pytest.fixture
async def migrated_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    await asyncio.to_thread(migrate.upgrade, database_url)
    engine = engine_for_url(database_url)
    yield engine
    await engine.dispose()


def differences(connection: Connection, metadata: MetaData) -> list[Any]:
    context = MigrationContext.configure(connection, opts=COMPARE_OPTIONS)
    return list(compare_metadata(context, metadata))


async def test_the_migrated_schema_matches_the_models(migrated_engine: AsyncEngine) -> None:
    async with migrated_engine.connect() as connection:
        found = await connection.run_sync(differences, Base.metadata)
    assert found == [], "the models and the migrations differ; add a migration:\n" + "\n".join(
        map(str, found)
    )


async def test_the_comparison_notices_a_model_without_a_migration(migrated_engine: AsyncEngine) -> None:
    """Guards the guard: a column added to a model alone must show up as a difference."""
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["audit_log"].append_column(Column("reason", String(64), nullable=True))
    async with migrated_engine.connect() as connection:
        found = await connection.run_sync(differences, changed)
    assert [(diff[0], diff[2], diff[3].name) for diff in found] == [("add_column", "audit_log", "reason")]
