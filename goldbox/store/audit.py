"""The security audit log: append-only and hash-chained, so an edited, deleted or re-ordered row shows.

Each row's hash covers its own content and the previous row's hash, and the head row
(`audit_head`) holds the newest link, so cutting rows off the end shows too. A row is appended
inside the caller's transaction: it commits, or rolls back, with the change it records.

The canonical encoding a hash covers (version 1) is the UTF-8 bytes of the JSON object

    {"account_id", "actor", "at", "correlation_id", "details", "ip", "prev_hash", "seq", "type",
     "user_agent"}

with keys sorted, no whitespace (separators "," and ":"), non-ASCII characters written as
themselves, `at` as ISO-8601 UTC with microseconds ("2026-01-02T03:04:05.000006+00:00") and
`details` as JSON. `hash` is the lower-case hex SHA-256 of those bytes. Every value hashed is
exactly what both databases hand back, so a row verifies on the database that wrote it.

The chain proves rows were not changed after they were written; it cannot stop someone who can
write to the database from rewriting the whole chain and the head. Copy `audit_head` elsewhere
(logs, backups) to anchor it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import Row, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.store.models import AuditHeadRecord, AuditRecord

GENESIS_HASH: Final = "0" * 64
HEAD_ID: Final = 1
MAX_QUERY_LIMIT: Final = 1000
MAX_PROBLEMS: Final = 100

TYPE_MAX, ACTOR_MAX, ACCOUNT_ID_MAX = 64, 128, 36
IP_MAX, USER_AGENT_MAX, CORRELATION_ID_MAX = 64, 512, 128


class AuditType(StrEnum):
    """Every kind of security event; the values are stored and never renamed."""

    REGISTERED = "account.registered"
    LOGIN_SUCCEEDED = "auth.login_succeeded"
    LOGIN_FAILED = "auth.login_failed"
    LOCKED_OUT = "auth.locked_out"
    REFRESHED = "auth.refreshed"
    REFRESH_REUSED = "auth.refresh_reused"
    LOGGED_OUT = "auth.logged_out"
    PASSWORD_CHANGED = "account.password_changed"  # noqa: S105 (an event name)
    ROLE_CHANGED = "account.role_changed"
    TIER_CHANGED = "account.tier_changed"
    APIKEY_CREATED = "apikey.created"
    APIKEY_FIRST_USED = "apikey.first_used"
    APIKEY_REVOKED = "apikey.revoked"
    ADMIN_ACTION = "admin.action"


@dataclass(frozen=True)
class AuditEvent:
    """One security event to record. Values a client controls are cut to fit, never refused:
    an over-long User-Agent must not stop a login from being audited."""

    type: str
    actor: str
    account_id: str | None = None
    ip: str | None = None
    user_agent: str | None = None
    correlation_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _require_fit("type", str(self.type), TYPE_MAX)
        _require_fit("actor", self.actor, ACTOR_MAX)
        if self.account_id is not None:
            _require_fit("account_id", self.account_id, ACCOUNT_ID_MAX)
        if not isinstance(self.details, dict):
            raise TypeError("AuditEvent.details must be a dict")
        object.__setattr__(self, "type", str(self.type))
        object.__setattr__(self, "ip", _cut(self.ip, IP_MAX))
        object.__setattr__(self, "user_agent", _cut(self.user_agent, USER_AGENT_MAX))
        object.__setattr__(self, "correlation_id", _cut(self.correlation_id, CORRELATION_ID_MAX))


def _require_fit(name: str, value: str, limit: int) -> None:
    if not value or len(value) > limit:
        raise ValueError(f"AuditEvent.{name} must be 1 to {limit} characters, not {len(value)}")


def _cut(value: str | None, limit: int) -> str | None:
    return None if value is None else value[:limit]


HASHED_FIELDS: Final = (
    "seq",
    "at",
    "type",
    "actor",
    "account_id",
    "ip",
    "user_agent",
    "correlation_id",
    "details",
    "prev_hash",
)


def chain_hash(row: Mapping[str, Any]) -> str:
    """The hash of one link: its HASHED_FIELDS in the canonical encoding (see the module docstring)."""
    content = {name: row[name] for name in HASHED_FIELDS}
    content["at"] = _instant(content["at"])
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _instant(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("audit times must be aware datetimes")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _as_stored(details: dict[str, Any]) -> dict[str, Any]:
    """`details` as the database will hand it back: plain JSON, so its hash verifies later.

    Tuples become lists and keys strings; an aware datetime becomes ISO-8601 UTC text; anything
    else that is not JSON (or a NaN) is refused here rather than stored in a form that won't verify.
    """
    encoded = json.dumps(details, default=_json_extra, allow_nan=False)
    stored: dict[str, Any] = json.loads(encoded)
    return stored


def _json_extra(value: object) -> str:
    if isinstance(value, datetime):
        return _instant(value)
    raise TypeError(f"audit details hold a {type(value).__name__}, which is not JSON")


async def append_audit(session: AsyncSession, event: AuditEvent, now: datetime | None = None) -> AuditRecord:
    """Add `event` as the next link of the chain, inside the caller's transaction.

    Appends lock the head row until the transaction ends, so concurrent appends queue and the
    chain stays a single line. Use a `write_transaction` (on SQLite the lock is the database's
    write lock, taken at BEGIN), and append as the transaction's last write so the head is held
    briefly. `now` defaults to the clock read once the lock is held, so times rise with seq.
    """
    head = (
        await session.execute(
            select(AuditHeadRecord.seq, AuditHeadRecord.hash)
            .where(AuditHeadRecord.id == HEAD_ID)
            .with_for_update()
        )
    ).one_or_none()
    if head is None:
        raise RuntimeError("the audit log has no head row: run `goldbox audit verify` to investigate")
    at = datetime.now(UTC) if now is None else now
    if at.tzinfo is None:
        raise ValueError(f"append_audit needs an aware datetime, not {at!r}")
    link: dict[str, Any] = {
        "seq": head.seq + 1,
        "at": at.astimezone(UTC),
        "type": event.type,
        "actor": event.actor,
        "account_id": event.account_id,
        "ip": event.ip,
        "user_agent": event.user_agent,
        "correlation_id": event.correlation_id,
        "details": _as_stored(event.details),
        "prev_hash": head.hash,
    }
    record = AuditRecord(**link, hash=chain_hash(link))
    session.add(record)
    await session.flush()
    await session.execute(
        update(AuditHeadRecord).where(AuditHeadRecord.id == HEAD_ID).values(seq=record.seq, hash=record.hash)
    )
    return record


async def query_audit(
    session: AsyncSession,
    *,
    actor: str | None = None,
    type: str | None = None,
    account_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    before_seq: int | None = None,
) -> list[AuditRecord]:
    """Events matching every filter given, newest first. `since` is inclusive, `until` exclusive;
    page back in time by passing the last seq seen as `before_seq`. At most MAX_QUERY_LIMIT rows."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    query = select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(min(limit, MAX_QUERY_LIMIT))
    if actor is not None:
        query = query.where(AuditRecord.actor == actor)
    if type is not None:
        query = query.where(AuditRecord.type == type)
    if account_id is not None:
        query = query.where(AuditRecord.account_id == account_id)
    if since is not None:
        query = query.where(AuditRecord.at >= since)
    if until is not None:
        query = query.where(AuditRecord.at < until)
    if before_seq is not None:
        query = query.where(AuditRecord.seq < before_seq)
    return list((await session.scalars(query)).all())


class ProblemKind(StrEnum):
    """What verification can find wrong; the values are stable, for scripts and alerts."""

    HASH_MISMATCH = "hash_mismatch"
    BROKEN_LINK = "broken_link"
    MISSING_ROWS = "missing_rows"
    UNREADABLE_ROW = "unreadable_row"
    HEAD_MISMATCH = "head_mismatch"
    HEAD_MISSING = "head_missing"


@dataclass(frozen=True, slots=True)
class AuditProblem:
    seq: int | None
    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The outcome of `verify_audit`. `truncated` means it stopped at MAX_PROBLEMS problems."""

    rows_checked: int
    problems: list[AuditProblem]
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


_COLUMNS = tuple(getattr(AuditRecord, name) for name in (*HASHED_FIELDS, "hash"))


@dataclass(frozen=True, slots=True)
class _Link:
    """A row as verification sees it; `content_hash` is None when its content cannot be read."""

    seq: int
    prev_hash: str
    hash: str
    content_hash: str | None
    unreadable: str = ""


class _ChainWalk:
    """The checks, fed one row at a time in seq order."""

    def __init__(self) -> None:
        self.rows = 0
        self.last_seq = 0
        self.last_hash = GENESIS_HASH
        self.problems: list[AuditProblem] = []

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS

    def note(self, seq: int | None, kind: ProblemKind, message: str) -> None:
        if not self.full:
            self.problems.append(AuditProblem(seq, kind.value, message))

    def check(self, link: _Link) -> None:
        self.rows += 1
        expected = self.last_seq + 1
        if link.seq != expected:
            # The rows in the gap are gone, and with them the hash this row's prev_hash names.
            self.note(
                expected,
                ProblemKind.MISSING_ROWS,
                f"{_rows(expected, link.seq - 1)} missing: the log goes on at row {link.seq}",
            )
        elif link.prev_hash != self.last_hash:
            follows = f"follow row {self.last_seq}" if self.last_seq else "start the chain"
            self.note(
                link.seq,
                ProblemKind.BROKEN_LINK,
                f"row {link.seq} does not {follows}: its prev_hash is not "
                + (f"row {self.last_seq}'s hash" if self.last_seq else "the genesis hash"),
            )
        if link.content_hash is None:
            self.note(
                link.seq, ProblemKind.UNREADABLE_ROW, f"row {link.seq} cannot be read: {link.unreadable}"
            )
        elif link.content_hash != link.hash:
            self.note(
                link.seq,
                ProblemKind.HASH_MISMATCH,
                f"row {link.seq} does not match its hash: it was changed after it was written",
            )
        self.last_seq, self.last_hash = link.seq, link.hash

    def check_head(self, head: Row[int, str] | None) -> None:
        if head is None:
            self.note(None, ProblemKind.HEAD_MISSING, "the head row (audit_head id 1) is missing")
        elif head.seq > self.last_seq:
            self.note(
                self.last_seq + 1,
                ProblemKind.HEAD_MISMATCH,
                f"the head names row {head.seq} as the newest, but the log ends at row {self.last_seq}: "
                f"{_rows(self.last_seq + 1, head.seq)} deleted",
            )
        elif head.seq < self.last_seq:
            self.note(
                head.seq + 1,
                ProblemKind.HEAD_MISMATCH,
                f"{_rows(head.seq + 1, self.last_seq)} beyond the head (row {head.seq}): "
                "added, or the head moved back, outside goldbox",
            )
        elif head.hash != self.last_hash:
            self.note(head.seq, ProblemKind.HEAD_MISMATCH, f"the head's hash is not row {head.seq}'s hash")


def _rows(first: int, last: int) -> str:
    return f"row {first}" if first == last else f"rows {first}..{last}"


async def verify_audit(
    sessions: async_sessionmaker[AsyncSession],
    batch_size: int = 1000,
    on_progress: Callable[[int, int], None] | None = None,
) -> AuditReport:
    """Walk the whole chain in seq order, `batch_size` rows at a time, and report every break.

    The walk reads one snapshot (REPEATABLE READ on PostgreSQL, one read transaction on SQLite),
    so appends made meanwhile neither show up half-way nor look like tampering. `on_progress`
    gets (rows checked, total rows) after each batch.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    walk = _ChainWalk()
    async with sessions() as session:
        snapshot = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        postgres = session.get_bind().dialect.name == "postgresql"
        await session.connection(execution_options=snapshot if postgres else {})  # begins the one read
        head = (
            await session.execute(
                select(AuditHeadRecord.seq, AuditHeadRecord.hash).where(AuditHeadRecord.id == HEAD_ID)
            )
        ).one_or_none()
        total = (await session.scalar(select(func.count()).select_from(AuditRecord))) or 0
        while not walk.full:
            batch = await _links_after(session, walk.last_seq, batch_size)
            for link in batch:
                walk.check(link)
            if on_progress is not None:
                on_progress(walk.rows, total)
            if len(batch) < batch_size:
                break
    truncated = walk.full
    if not truncated:
        walk.check_head(head)
    return AuditReport(walk.rows, walk.problems, truncated)


async def _links_after(session: AsyncSession, after: int, size: int) -> list[_Link]:
    """The next `size` rows after seq `after`, hashed.

    SQLite enforces no column types, so a tampered row may hold a value that cannot be decoded
    (a date that is not a date, text that is not JSON); then the batch is read again row by row
    and that row alone is reported, instead of verification failing.
    """
    following = select(*_COLUMNS).where(AuditRecord.seq > after).order_by(AuditRecord.seq).limit(size)
    try:
        return [_hashed(row) for row in (await session.execute(following)).all()]
    except (ValueError, TypeError):
        pass
    keys = await session.execute(
        select(AuditRecord.seq, AuditRecord.prev_hash, AuditRecord.hash)
        .where(AuditRecord.seq > after)
        .order_by(AuditRecord.seq)
        .limit(size)
    )
    links = []
    for seq, prev_hash, hash_ in keys.all():
        try:
            links.append(
                _hashed((await session.execute(select(*_COLUMNS).where(AuditRecord.seq == seq))).one())
            )
        except (ValueError, TypeError) as exc:
            links.append(_Link(seq, prev_hash, hash_, None, f"{type(exc).__name__}: {exc}"[:200]))
    return links


def _hashed(row: Row[Any]) -> _Link:
    fields = row._asdict()
    try:
        content_hash: str | None = chain_hash(fields)
        unreadable = ""
    except (ValueError, TypeError) as exc:
        content_hash, unreadable = None, f"{type(exc).__name__}: {exc}"[:200]
    return _Link(fields["seq"], fields["prev_hash"], fields["hash"], content_hash, unreadable)
