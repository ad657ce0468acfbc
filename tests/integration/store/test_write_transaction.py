"""`write_transaction` with row locks: concurrent read-then-write transactions wait their turn instead
of failing (SQLite) or losing updates (PostgreSQL)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from goldbox.store import database, migrate
from goldbox.store.database import engine_for_url, session_factory, write_transaction
from goldbox.store.models import AuditHeadRecord
from tests.conftest import sqlite_url

WRITERS = 8


async def test_concurrent_read_then_write_transactions_all_commit(migrated_url: str) -> None:
    engine = engine_for_url(migrated_url, pool_size=WRITERS, max_overflow=0)
    sessions = session_factory(engine)

    async def bump() -> None:
        async with write_transaction(sessions) as session:
            seq = (await session.execute(select(AuditHeadRecord.seq).with_for_update())).scalar_one()
            await asyncio.sleep(0.01)  # let the others read the same value if they could
            await session.execute(update(AuditHeadRecord).values(seq=seq + 1))

    try:
        await asyncio.gather(*(bump() for _ in range(WRITERS)))
        async with sessions() as session:
            assert (await session.execute(select(AuditHeadRecord.seq))).scalar_one() == WRITERS
    finally:
        await engine.dispose()


async def test_sqlite_writers_of_one_process_take_turns_instead_of_timing_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own wait (sleep and retry) gives up after its busy timeout; writers queued in
    order never reach it. Ten writers each holding the lock 0.1 s outlast a 0.2 s timeout."""
    url = sqlite_url(tmp_path)
    await asyncio.to_thread(migrate.upgrade, url)
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 200)
    engine = database.engine_for_url(url)
    sessions = database.session_factory(engine)

    async def slow_bump() -> None:
        async with database.write_transaction(sessions) as session:
            seq = (await session.execute(select(AuditHeadRecord.seq))).scalar_one()
            await asyncio.sleep(0.1)
            await session.execute(update(AuditHeadRecord).values(seq=seq + 1))

    try:
        await asyncio.gather(*(slow_bump() for _ in range(10)))
        async with sessions() as session:
            assert (await session.execute(select(AuditHeadRecord.seq))).scalar_one() == 10
    finally:
        await engine.dispose()


async def test_a_failed_statement_does_not_carry_its_values_into_errors_or_logs(migrated_url: str) -> None:
    engine = engine_for_url(migrated_url)
    secret = "argon2id-hash-that-must-not-be-logged"
    try:
        with pytest.raises(IntegrityError) as failed:
            async with write_transaction(session_factory(engine)) as session:
                await session.execute(insert(AuditHeadRecord).values(id=1, seq=0, hash=secret))  # id 1 exists
        assert secret not in str(failed.value)
    finally:
        await engine.dispose()
