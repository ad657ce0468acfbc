"""The hash-chained audit log on every supported database: one unbroken line, and any tampering shows."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import goldbox.store.audit as audit_module
from goldbox.store.audit import (
    GENESIS_HASH,
    AuditEvent,
    AuditReport,
    AuditType,
    append_audit,
    chain_hash,
    query_audit,
    verify_audit,
)
from goldbox.store.database import engine_for_url, session_factory, write_transaction
from goldbox.store.models import AuditHeadRecord, AuditRecord

Sessions = async_sessionmaker[AsyncSession]
T0 = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
CONCURRENT_WRITERS = 20


@pytest.fixture
async def sessions(migrated_url: str) -> AsyncIterator[Sessions]:
    engine = engine_for_url(migrated_url, pool_size=CONCURRENT_WRITERS, max_overflow=0)
    yield session_factory(engine)
    await engine.dispose()


def event(n: int = 0, **fields: Any) -> AuditEvent:
    values: dict[str, Any] = {
        "type": AuditType.LOGIN_SUCCEEDED,
        "actor": f"account:{n}",
        "account_id": f"acc-{n}",
        "ip": "203.0.113.7",
        "user_agent": "pytest",
        "correlation_id": f"corr-{n}",
        "details": {"n": n},
    }
    values.update(fields)
    return AuditEvent(**values)


async def append_each(sessions: Sessions, count: int, start: int = 1) -> list[AuditRecord]:
    """`count` events, each in its own transaction, one minute apart from T0."""
    records = []
    for n in range(start, start + count):
        async with write_transaction(sessions) as session:
            records.append(await append_audit(session, event(n), now=T0 + timedelta(minutes=n)))
    return records


async def rows(sessions: Sessions) -> list[AuditRecord]:
    async with sessions() as session:
        return list((await session.scalars(select(AuditRecord).order_by(AuditRecord.seq))).all())


async def head(sessions: Sessions) -> tuple[int, str]:
    async with sessions() as session:
        record = await session.get(AuditHeadRecord, 1)
        assert record is not None
        return record.seq, record.hash


async def tamper(sessions: Sessions, *statements: Any) -> None:
    """Change the tables behind goldbox's back, as someone with database access could."""
    async with sessions.begin() as session:
        for statement in statements:
            await session.execute(statement)


def found(report: AuditReport) -> list[tuple[int | None, str]]:
    return [(problem.seq, problem.kind) for problem in report.problems]


async def test_appends_form_one_chain_and_move_the_head(sessions: Sessions) -> None:
    appended = await append_each(sessions, 3)
    stored = await rows(sessions)
    assert [r.seq for r in stored] == [1, 2, 3]
    assert [r.hash for r in stored] == [r.hash for r in appended]
    assert [r.prev_hash for r in stored] == [GENESIS_HASH, stored[0].hash, stored[1].hash]
    for record in stored:
        assert chain_hash(vars(record)) == record.hash
    assert stored[1].at == T0 + timedelta(minutes=2)
    assert (stored[1].actor, stored[1].account_id, stored[1].details) == ("account:2", "acc-2", {"n": 2})
    assert await head(sessions) == (3, stored[2].hash)


async def test_an_intact_log_verifies_in_batches_with_progress(sessions: Sessions) -> None:
    await append_each(sessions, 5)
    progress: list[tuple[int, int]] = []
    report = await verify_audit(
        sessions, batch_size=2, on_progress=lambda done, total: progress.append((done, total))
    )
    assert (report.ok, report.rows_checked, report.problems) == (True, 5, [])
    assert progress == [(2, 5), (4, 5), (5, 5)]
    await append_each(sessions, 1, start=6)  # the read-only snapshot left the pool's connections writable
    assert (await verify_audit(sessions)).rows_checked == 6


async def test_an_empty_log_verifies(sessions: Sessions) -> None:
    report = await verify_audit(sessions)
    assert (report.ok, report.rows_checked, report.problems) == (True, 0, [])


@pytest.mark.parametrize(
    "change",
    [
        {"details": {"n": 99}},
        {"type": AuditType.ADMIN_ACTION.value},
        {"actor": "account:someone-else"},
        {"at": T0 + timedelta(minutes=3, microseconds=1)},
        {"account_id": None},
        {"ip": "198.51.100.1"},
        {"prev_hash": "f" * 64},
    ],
    ids=lambda change: next(iter(change)),
)
async def test_an_edited_row_no_longer_matches_its_hash(sessions: Sessions, change: dict[str, Any]) -> None:
    await append_each(sessions, 5)
    await tamper(sessions, update(AuditRecord).where(AuditRecord.seq == 3).values(**change))
    report = await verify_audit(sessions)
    expected = (
        [(3, "hash_mismatch")] if "prev_hash" not in change else [(3, "broken_link"), (3, "hash_mismatch")]
    )
    assert found(report) == expected
    assert not report.ok
    assert report.rows_checked == 5


async def test_an_edited_row_given_a_fresh_hash_breaks_the_next_link(sessions: Sessions) -> None:
    await append_each(sessions, 4)
    row = {**vars((await rows(sessions))[1]), "actor": "account:forged"}
    await tamper(
        sessions,
        update(AuditRecord).where(AuditRecord.seq == 2).values(actor="account:forged", hash=chain_hash(row)),
    )
    assert found(await verify_audit(sessions)) == [(3, "broken_link")]


async def test_a_deleted_middle_row_is_missing(sessions: Sessions) -> None:
    await append_each(sessions, 5)
    await tamper(sessions, delete(AuditRecord).where(AuditRecord.seq == 3))
    report = await verify_audit(sessions)
    assert found(report) == [(3, "missing_rows")]
    assert report.rows_checked == 4


async def test_deleted_first_rows_are_missing(sessions: Sessions) -> None:
    await append_each(sessions, 5)
    await tamper(sessions, delete(AuditRecord).where(AuditRecord.seq <= 2))
    report = await verify_audit(sessions)
    assert found(report) == [(1, "missing_rows")]
    assert "1..2" in report.problems[0].message


async def test_a_deleted_newest_row_disagrees_with_the_head(sessions: Sessions) -> None:
    await append_each(sessions, 5)
    await tamper(sessions, delete(AuditRecord).where(AuditRecord.seq == 5))
    assert found(await verify_audit(sessions)) == [(5, "head_mismatch")]


async def test_a_head_moved_back_is_detected(sessions: Sessions) -> None:
    stored = await append_each(sessions, 5)
    await tamper(sessions, update(AuditHeadRecord).values(seq=3, hash=stored[2].hash))
    assert found(await verify_audit(sessions)) == [(4, "head_mismatch")]


async def test_a_head_with_another_hash_is_detected(sessions: Sessions) -> None:
    await append_each(sessions, 2)
    await tamper(sessions, update(AuditHeadRecord).values(hash="e" * 64))
    assert found(await verify_audit(sessions)) == [(2, "head_mismatch")]


async def test_a_deleted_head_row_is_detected(sessions: Sessions) -> None:
    await append_each(sessions, 3)
    await tamper(sessions, delete(AuditHeadRecord))
    report = await verify_audit(sessions)
    assert found(report) == [(None, "head_missing")]
    async with write_transaction(sessions) as session:
        with pytest.raises(RuntimeError, match="no head row"):
            await append_audit(session, event())


async def test_swapped_hashes_are_detected(sessions: Sessions) -> None:
    stored = await append_each(sessions, 5)
    await tamper(
        sessions,
        update(AuditRecord).where(AuditRecord.seq == 2).values(hash=stored[2].hash),
        update(AuditRecord).where(AuditRecord.seq == 3).values(hash=stored[1].hash),
    )
    assert found(await verify_audit(sessions)) == [
        (2, "hash_mismatch"),
        (3, "broken_link"),
        (3, "hash_mismatch"),
        (4, "broken_link"),
    ]


async def test_swapped_rows_are_detected(sessions: Sessions) -> None:
    await append_each(sessions, 5)
    await tamper(
        sessions,
        update(AuditRecord).where(AuditRecord.seq == 2).values(seq=-2),
        update(AuditRecord).where(AuditRecord.seq == 3).values(seq=2),
        update(AuditRecord).where(AuditRecord.seq == -2).values(seq=3),
    )
    assert found(await verify_audit(sessions)) == [
        (2, "broken_link"),
        (2, "hash_mismatch"),
        (3, "broken_link"),
        (3, "hash_mismatch"),
        (4, "broken_link"),
    ]


async def test_verification_stops_collecting_after_enough_problems(sessions: Sessions) -> None:
    async with write_transaction(sessions) as session:
        for n in range(audit_module.MAX_PROBLEMS + 20):
            await append_audit(session, event(n))
    await tamper(sessions, update(AuditRecord).values(actor="account:forged"))
    report = await verify_audit(sessions, batch_size=7)
    assert len(report.problems) == audit_module.MAX_PROBLEMS
    assert report.truncated
    assert not report.ok


async def test_a_row_that_cannot_be_decoded_is_reported_not_fatal(
    sessions: Sessions, migrated_url: str
) -> None:
    if not migrated_url.startswith("sqlite"):
        pytest.skip("PostgreSQL enforces column types, so such a row cannot exist there")
    await append_each(sessions, 4)
    await tamper(sessions, text("UPDATE audit_log SET at = 'yesterday' WHERE seq = 2"))
    await tamper(sessions, text("UPDATE audit_log SET details = '{not json' WHERE seq = 3"))
    report = await verify_audit(sessions, batch_size=10)
    assert found(report) == [(2, "unreadable_row"), (3, "unreadable_row")]
    assert report.rows_checked == 4


async def test_a_rolled_back_transaction_leaves_no_row_and_no_gap(sessions: Sessions) -> None:
    async def audited_change_that_fails() -> None:
        async with write_transaction(sessions) as session:
            await append_audit(session, event(2))
            raise LookupError("the change being audited failed")

    await append_each(sessions, 1)
    with pytest.raises(LookupError):
        await audited_change_that_fails()
    await append_each(sessions, 1, start=3)
    stored = await rows(sessions)
    assert [(r.seq, r.actor) for r in stored] == [(1, "account:1"), (2, "account:3")]
    assert await head(sessions) == (2, stored[1].hash)
    assert (await verify_audit(sessions)).ok


async def test_several_appends_in_one_transaction_chain(sessions: Sessions) -> None:
    async with write_transaction(sessions) as session:
        first = await append_audit(session, event(1))
        second = await append_audit(session, event(2))
    assert (first.seq, second.seq, second.prev_hash) == (1, 2, first.hash)
    assert (await verify_audit(sessions)).rows_checked == 2


async def test_concurrent_appends_make_one_unbroken_chain(sessions: Sessions) -> None:
    async def append_one(n: int) -> int:
        async with write_transaction(sessions) as session:
            await asyncio.sleep(0.001)  # let the others start their transactions too
            record = await append_audit(session, event(n))
            await asyncio.sleep(0.005)  # hold the head a while: a racing append would fork the chain
            return record.seq

    seqs = await asyncio.gather(*(append_one(n) for n in range(CONCURRENT_WRITERS)))
    assert sorted(seqs) == list(range(1, CONCURRENT_WRITERS + 1))
    stored = await rows(sessions)
    assert {r.actor for r in stored} == {f"account:{n}" for n in range(CONCURRENT_WRITERS)}
    assert [r.at for r in stored] == sorted(r.at for r in stored)  # the clock is read under the lock
    report = await verify_audit(sessions)
    assert (report.ok, report.rows_checked) == (True, CONCURRENT_WRITERS)


async def test_verification_during_appends_sees_a_consistent_snapshot(sessions: Sessions) -> None:
    async def append_one(n: int) -> None:
        async with write_transaction(sessions) as session:
            await append_audit(session, event(n))

    outcomes = await asyncio.gather(
        *(append_one(n) for n in range(10)), *(verify_audit(sessions, batch_size=2) for _ in range(4))
    )
    reports = [outcome for outcome in outcomes if isinstance(outcome, AuditReport)]
    assert all(report.ok for report in reports), [report.problems for report in reports]


async def test_unicode_and_nested_details_round_trip_and_verify(sessions: Sessions) -> None:
    details = {
        "name": 'Ærøskøbing 北京 🐉 "quoted" \\ back\nslash',
        "nested": {"list": [1, -0.5, 1e300, None, True, {"deep": ["x", []]}], "empty": {}},
        "pair": (1, 2),
        "when": datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=5))),
        "big": 2**62,
    }
    unusual = event(1, details=details, user_agent="Mozilla/5.0 ü" + "x" * 600, ip="f" * 100)
    async with write_transaction(sessions) as session:
        returned = await append_audit(session, unusual)
    expected = {**details, "pair": [1, 2], "when": "2026-01-01T22:04:05.000006+00:00"}
    assert returned.details == expected
    (stored,) = await rows(sessions)
    assert stored.details == expected
    assert stored.user_agent is not None
    assert len(stored.user_agent) == 512
    assert stored.user_agent.startswith("Mozilla/5.0 ü")
    assert stored.ip == "f" * 64
    assert (await verify_audit(sessions)).ok


async def test_times_are_kept_in_utc_to_the_microsecond(sessions: Sessions) -> None:
    local = datetime(2026, 6, 1, 9, 30, 0, 999999, tzinfo=timezone(timedelta(hours=-7)))
    async with write_transaction(sessions) as session:
        await append_audit(session, event(1), now=local)
    (stored,) = await rows(sessions)
    assert stored.at == local
    assert stored.at.tzinfo == UTC
    assert (await verify_audit(sessions)).ok


async def test_what_cannot_be_stored_faithfully_is_refused(sessions: Sessions) -> None:
    async with write_transaction(sessions) as session:
        with pytest.raises(TypeError, match="not JSON"):
            await append_audit(session, event(details={"key": object()}))
        with pytest.raises(ValueError, match="JSON"):
            await append_audit(session, event(details={"ratio": float("nan")}))
        with pytest.raises(ValueError, match="aware"):
            await append_audit(session, event(), now=datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="actor"):
        AuditEvent(type=AuditType.LOGGED_OUT, actor="")
    with pytest.raises(ValueError, match="type"):
        AuditEvent(type="x" * 65, actor="anonymous")
    assert await rows(sessions) == []


def test_events_cut_what_clients_send_and_keep_plain_type_names() -> None:
    cut = AuditEvent(type=AuditType.REFRESHED, actor="anonymous", correlation_id="c" * 300, ip="1" * 65)
    assert type(cut.type) is str
    assert cut.type == "auth.refreshed"
    assert (cut.correlation_id, cut.ip) == ("c" * 128, "1" * 64)


def test_the_encoding_is_stable() -> None:
    """The canonical encoding is a format: changing it would break every stored chain."""
    link = {
        "seq": 1,
        "at": T0,
        "type": "auth.logged_out",
        "actor": "account:a",
        "account_id": "a",
        "ip": None,
        "user_agent": None,
        "correlation_id": None,
        "details": {"b": 1, "a": "é"},
        "prev_hash": GENESIS_HASH,
    }
    assert chain_hash(link) == chain_hash({**link, "details": {"a": "é", "b": 1}})
    canonical = (
        '{"account_id":"a","actor":"account:a","at":"2026-03-01T12:00:00.123456+00:00",'
        '"correlation_id":null,"details":{"a":"é","b":1},"ip":null,'
        f'"prev_hash":"{GENESIS_HASH}","seq":1,"type":"auth.logged_out","user_agent":null}}'
    )
    assert chain_hash(link) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def seed_for_queries(sessions: Sessions) -> None:
    plan = [
        (AuditType.LOGIN_SUCCEEDED, "account:a", "a"),
        (AuditType.LOGIN_FAILED, "anonymous", "b"),
        (AuditType.LOGIN_SUCCEEDED, "account:b", "b"),
        (AuditType.APIKEY_CREATED, "account:a", "a"),
        (AuditType.LOGIN_SUCCEEDED, "account:a", "a"),
    ]
    for minute, (type_, actor, account) in enumerate(plan, start=1):
        async with write_transaction(sessions) as session:
            await append_audit(
                session, AuditEvent(type_, actor, account_id=account), now=T0 + timedelta(minutes=minute)
            )


async def test_queries_filter_and_list_newest_first(
    sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seed_for_queries(sessions)

    async def seqs(**filters: Any) -> list[int]:
        async with sessions() as session:
            return [record.seq for record in await query_audit(session, **filters)]

    assert await seqs() == [5, 4, 3, 2, 1]
    assert await seqs(actor="account:a") == [5, 4, 1]
    assert await seqs(type=AuditType.LOGIN_SUCCEEDED) == [5, 3, 1]
    assert await seqs(account_id="b") == [3, 2]
    assert await seqs(actor="account:a", type="auth.login_succeeded") == [5, 1]
    assert await seqs(since=T0 + timedelta(minutes=2), until=T0 + timedelta(minutes=4)) == [3, 2]
    assert await seqs(since=(T0 + timedelta(minutes=4)).astimezone(timezone(timedelta(hours=2)))) == [5, 4]
    assert await seqs(limit=2) == [5, 4]
    assert await seqs(limit=2, before_seq=4) == [3, 2]
    assert await seqs(actor="nobody") == []
    monkeypatch.setattr(audit_module, "MAX_QUERY_LIMIT", 3)
    assert await seqs(limit=1000) == [5, 4, 3]
    with pytest.raises(ValueError, match="limit"):
        await seqs(limit=0)
