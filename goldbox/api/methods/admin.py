"""Operator methods: `admin.*`, for admins only. Each call is itself written to the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import AccountInfo, caller
from goldbox.api.models import Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role
from goldbox.service.logins import audit_event
from goldbox.store.audit import AuditType, append_audit, query_audit
from goldbox.store.database import write_transaction
from goldbox.store.models import AuditRecord

methods = Registry()


class AuditQueryParams(Params):
    actor: str | None = Field(None, max_length=128, description="e.g. `account:<id>` or `apikey:<id>`.")
    type: str | None = Field(None, max_length=64, description="An event type, e.g. `auth.login_failed`.")
    account_id: str | None = Field(None, max_length=36, description="Events about this account.")
    since: datetime | None = None
    until: datetime | None = None
    before_seq: int | None = Field(
        None, ge=1, description="For the next page: the last page's `next_before_seq`."
    )
    limit: int = Field(100, ge=1, le=1000)


class AuditEntry(Result):
    seq: int
    at: datetime
    type: str
    actor: str
    account_id: str | None
    ip: str | None
    user_agent: str | None
    correlation_id: str | None
    details: dict[str, Any]

    @classmethod
    def of(cls, record: AuditRecord) -> AuditEntry:
        return cls(
            seq=record.seq,
            at=record.at,
            type=record.type,
            actor=record.actor,
            account_id=record.account_id,
            ip=record.ip,
            user_agent=record.user_agent,
            correlation_id=record.correlation_id,
            details=record.details,
        )


class AuditPage(Result):
    events: list[AuditEntry] = Field(description="Newest first.")
    next_before_seq: int | None = Field(None, description="Pass as `before_seq` for older events.")


class SetRoleParams(Params):
    username: str = Field(min_length=1, max_length=64)
    role: Role


class SetTierParams(Params):
    username: str = Field(min_length=1, max_length=64)
    tier: Literal["default", "premium", "admin"] = Field(description="Its budget: GOLDBOX_RATE_LIMIT_TIERS.")


async def _record_admin_action(call: Call, action: str, **details: object) -> None:
    principal = caller(call)
    async with write_transaction(call.services.sessions) as session:
        await append_audit(
            session,
            audit_event(
                AuditType.ADMIN_ACTION,
                principal.actor,
                call.client,
                call.correlation_id,
                None,
                action=action,
                **details,
            ),
        )


@methods.method("admin.audit.query", role=Role.ADMIN)
async def audit_query(call: Call, params: AuditQueryParams) -> AuditPage:
    """Search the security audit log, newest first, a page at a time."""
    await _record_admin_action(
        call, "admin.audit.query", filters=params.model_dump(mode="json", exclude_none=True)
    )
    async with call.services.sessions() as session:
        records = await query_audit(
            session,
            actor=params.actor,
            type=params.type,
            account_id=params.account_id,
            since=params.since,
            until=params.until,
            limit=params.limit,
            before_seq=params.before_seq,
        )
    events = [AuditEntry.of(record) for record in records]
    full_page = len(events) == params.limit
    return AuditPage(events=events, next_before_seq=events[-1].seq if full_page and events else None)


@methods.method("admin.account.set_role", role=Role.ADMIN, errors=(errors.ACCOUNT_NOT_FOUND,))
async def set_role(call: Call, params: SetRoleParams) -> AccountInfo:
    """Give an account another role. Its sessions end, so no token keeps the old role."""
    account = await call.services.accounts.set_role(
        params.username,
        params.role,
        actor=caller(call).actor,
        client=call.client,
        correlation_id=call.correlation_id,
    )
    return AccountInfo.of(account)


@methods.method("admin.account.set_tier", role=Role.ADMIN, errors=(errors.ACCOUNT_NOT_FOUND,))
async def set_tier(call: Call, params: SetTierParams) -> AccountInfo:
    """Move an account to another rate-limit tier. Its sessions end, since tokens carry the tier."""
    account = await call.services.accounts.set_tier(
        params.username,
        params.tier,
        actor=caller(call).actor,
        client=call.client,
        correlation_id=call.correlation_id,
    )
    return AccountInfo.of(account)
