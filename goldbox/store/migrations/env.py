"""Alembic's entry point, run by `goldbox migrate` and by `goldbox serve` at start.

On PostgreSQL an advisory lock serialises migrations, so several servers starting at once
against one database do not race each other.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection, text

from goldbox.store.database import engine_for_url
from goldbox.store.models import Base

MIGRATION_LOCK_ID = 0x60_1D_B0_C5


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    with context.begin_transaction():
        context.run_migrations()


async def _run_online(url: str) -> None:
    engine = engine_for_url(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


url = context.config.get_main_option("sqlalchemy.url")
if url is None:
    raise RuntimeError("goldbox migrations need sqlalchemy.url")
asyncio.run(_run_online(url))
