"""`goldbox audit verify` on every supported database: 0 when intact, 1 when tampered, 2 when it can't look."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.cli import main
from goldbox.store.audit import AuditEvent, AuditType, append_audit
from goldbox.store.database import engine_for_url, session_factory, write_transaction
from goldbox.store.models import AuditHeadRecord, AuditRecord
from tests.conftest import sqlite_url

Sessions = async_sessionmaker[AsyncSession]


def run_goldbox(*args: str, database_url: str) -> Result:
    env = {"GOLDBOX_DATABASE_URL": database_url}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


async def goldbox(*args: str, database_url: str) -> Result:
    """From an async test, on a thread of its own: the command runs an event loop of its own."""
    return await asyncio.to_thread(run_goldbox, *args, database_url=database_url)


@pytest.fixture
async def sessions(migrated_url: str) -> AsyncIterator[Sessions]:
    engine = engine_for_url(migrated_url)
    yield session_factory(engine)
    await engine.dispose()


async def append_events(sessions: Sessions, count: int) -> None:
    for n in range(count):
        async with write_transaction(sessions) as session:
            await append_audit(session, AuditEvent(AuditType.LOGIN_FAILED, "anonymous", details={"n": n}))


async def test_verify_reports_an_intact_log(sessions: Sessions, migrated_url: str) -> None:
    await append_events(sessions, 3)
    result = await goldbox("audit", "verify", database_url=migrated_url)
    assert result.exit_code == 0, result.output
    assert "audit log intact: 3 rows" in result.output


async def test_verify_reports_an_empty_log_as_intact(migrated_url: str) -> None:
    result = await goldbox("audit", "verify", "--batch-size", "1", database_url=migrated_url)
    assert result.exit_code == 0, result.output
    assert "audit log intact: 0 rows" in result.output


async def test_verify_names_each_problem_and_exits_1(sessions: Sessions, migrated_url: str) -> None:
    await append_events(sessions, 4)
    async with sessions.begin() as session:
        await session.execute(update(AuditRecord).where(AuditRecord.seq == 2).values(details={"n": 99}))
        await session.execute(delete(AuditRecord).where(AuditRecord.seq == 4))
    result = await goldbox("audit", "verify", "--batch-size", "2", database_url=migrated_url)
    assert result.exit_code == 1, result.output
    problems = [line for line in result.output.splitlines() if line.startswith("✗")]
    assert len(problems) == 2, result.output
    assert problems[0].startswith("✗ seq 2: hash_mismatch:")
    assert problems[1].startswith("✗ seq 4: head_mismatch:")
    assert "audit log damaged: 2 problems in 3 rows checked" in result.output
    assert "intact" not in result.output


async def test_verify_notices_a_deleted_head(sessions: Sessions, migrated_url: str) -> None:
    await append_events(sessions, 1)
    async with sessions.begin() as session:
        await session.execute(delete(AuditHeadRecord))
    result = await goldbox("audit", "verify", database_url=migrated_url)
    assert result.exit_code == 1
    assert "✗ head: head_missing:" in result.output


def test_verify_exits_2_when_the_database_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_goldbox("audit", "verify", database_url=f"postgresql+asyncpg://postgres@127.0.0.1:{port}/x")
    assert result.exit_code == 2
    assert f"✗ cannot connect to postgresql+asyncpg://postgres@127.0.0.1:{port}/x" in result.output


def test_verify_exits_2_on_a_missing_sqlite_file_and_creates_none(tmp_path: Path) -> None:
    result = run_goldbox("audit", "verify", database_url=sqlite_url(tmp_path))
    assert result.exit_code == 2
    assert "no database at" in result.output
    assert list(tmp_path.iterdir()) == []


def test_verify_exits_2_on_a_database_never_migrated(tmp_path: Path) -> None:
    (tmp_path / "goldbox.db").touch()
    result = run_goldbox("audit", "verify", database_url=sqlite_url(tmp_path))
    assert result.exit_code == 2
    assert "goldbox migrate up" in result.output


def test_verify_exits_2_on_invalid_settings() -> None:
    result = run_goldbox("audit", "verify", database_url="mysql://db/x")
    assert result.exit_code == 2
    assert "GOLDBOX_DATABASE_URL" in result.output
