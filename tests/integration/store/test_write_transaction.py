"""`write_transaction` with row locks: concurrent read-then-write transactions wait their turn instead
of failing (SQLite) or losing updates (PostgreSQL)."""

from __future__ import annotations

import asyncio

from sqlalchemy import select, update

from goldbox.store.database import engine_for_url, session_factory, write_transaction
from goldbox.store.models import AuditHeadRecord

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
