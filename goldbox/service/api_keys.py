"""API keys: long-lived credentials for bots, AI agents and tools.

A key is shown once, at creation, and stored only as a hash. It acts with the role it was made
with, never more than its owner's role at the time of use. Managing keys needs a login session,
so a leaked key cannot mint more keys.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.call import Client
from goldbox.api.errors import GbxError
from goldbox.auth.opaque_tokens import API_KEY_DISPLAY_CHARS, digest, new_api_key
from goldbox.auth.roles import Principal, Role, api_key_credential
from goldbox.infra.revocations import Revocations, announce_end
from goldbox.service.logins import audit_event
from goldbox.store.audit import AuditType, append_audit
from goldbox.store.database import write_transaction
from goldbox.store.models import AccountRecord, ApiKeyRecord

LAST_USED_RESOLUTION = timedelta(minutes=1)  # how stale `last_used_at` may be: spares a write per call


class ApiKeys:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], revocations: Revocations) -> None:
        self.sessions = sessions
        self.revocations = revocations

    async def create(
        self,
        owner: Principal,
        name: str,
        role: Role,
        expires_at: datetime | None,
        client: Client,
        correlation_id: str,
    ) -> tuple[ApiKeyRecord, str]:
        """A new key and its one showing."""
        _require_session(owner)
        if not owner.role.may_act_as(role):
            raise GbxError(
                errors.FORBIDDEN,
                f"A {owner.role.value} cannot make a key with the role {role.value}.",
                {"required_role": role.value, "your_role": owner.role.value},
            )
        now = datetime.now(UTC)
        if expires_at is not None and expires_at <= now:
            raise GbxError(
                errors.INVALID_PARAMS,
                "The expiry must be in the future.",
                [{"path": "params.expires_at", "message": "must be in the future", "type": "value_error"}],
            )
        key = new_api_key()
        record = ApiKeyRecord(
            id=str(uuid.uuid4()),
            account_id=owner.subject,
            name=name,
            role=role.value,
            key_hash=digest(key),
            prefix=key[:API_KEY_DISPLAY_CHARS],
            created_at=now,
            expires_at=expires_at,
        )
        async with write_transaction(self.sessions) as session:
            session.add(record)
            await append_audit(
                session,
                audit_event(
                    AuditType.APIKEY_CREATED,
                    owner.actor,
                    client,
                    correlation_id,
                    owner.subject,
                    key_id=record.id,
                    name=name,
                    role=role.value,
                ),
            )
        return record, key

    async def list_for(self, owner: Principal) -> list[ApiKeyRecord]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(ApiKeyRecord)
                .where(ApiKeyRecord.account_id == owner.subject)
                .order_by(ApiKeyRecord.created_at.desc())
            )
            return list(rows.scalars())

    async def revoke(
        self, owner: Principal, key_id: str, client: Client, correlation_id: str
    ) -> ApiKeyRecord:
        """Revoke one of the caller's keys (an admin may revoke anyone's); it stops working at once."""
        _require_session(owner)
        async with write_transaction(self.sessions) as session:
            record = await session.get(ApiKeyRecord, key_id, with_for_update=True)
            if record is None or (record.account_id != owner.subject and owner.role is not Role.ADMIN):
                raise GbxError(errors.API_KEY_NOT_FOUND, details={"key_id": key_id})
            if record.revoked_at is None:
                record.revoked_at = datetime.now(UTC)
                await append_audit(
                    session,
                    audit_event(
                        AuditType.APIKEY_REVOKED,
                        owner.actor,
                        client,
                        correlation_id,
                        record.account_id,
                        key_id=record.id,
                        name=record.name,
                    ),
                )
        # Calls over HTTP look the key up each time; open sockets hear it here.
        await announce_end(self.revocations, api_key_credential(record.id))
        return record

    async def principal_for_key(self, key: str, client: Client, correlation_id: str) -> Principal:
        """The caller a key stands for, or GBX_TOKEN_INVALID (unknown, revoked or expired alike)."""
        now = datetime.now(UTC)
        async with self.sessions() as session:
            row = (
                await session.execute(
                    select(ApiKeyRecord, AccountRecord)
                    .join(AccountRecord, ApiKeyRecord.account_id == AccountRecord.id)
                    .where(ApiKeyRecord.key_hash == digest(key))
                )
            ).one_or_none()
        if row is None:
            raise GbxError(errors.TOKEN_INVALID, details={"reason": "unknown API key"})
        record, account = row
        if record.revoked_at is not None:
            raise GbxError(errors.TOKEN_INVALID, details={"reason": "the API key has been revoked"})
        if record.expires_at is not None and record.expires_at <= now:
            raise GbxError(errors.TOKEN_INVALID, details={"reason": "the API key has expired"})
        if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
            await self._note_use(record, client, correlation_id, now)
        key_role, owner_role = Role(record.role), Role(account.role)
        return Principal(
            subject=account.id,
            role=key_role if owner_role.may_act_as(key_role) else owner_role,
            username=account.username,
            tier=account.tier,
            api_key_id=record.id,
            expires_at=int(record.expires_at.timestamp()) if record.expires_at else None,
        )

    async def _note_use(
        self, record: ApiKeyRecord, client: Client, correlation_id: str, now: datetime
    ) -> None:
        async with write_transaction(self.sessions) as session:
            claimed = await session.execute(
                update(ApiKeyRecord)
                .where(ApiKeyRecord.id == record.id, ApiKeyRecord.last_used_at.is_(None))
                .values(last_used_at=now)
                .returning(ApiKeyRecord.id)
            )
            first_use = claimed.first() is not None
            if first_use:
                await append_audit(
                    session,
                    audit_event(
                        AuditType.APIKEY_FIRST_USED,
                        f"apikey:{record.id}",
                        client,
                        correlation_id,
                        record.account_id,
                        key_id=record.id,
                    ),
                )
            else:
                await session.execute(
                    update(ApiKeyRecord).where(ApiKeyRecord.id == record.id).values(last_used_at=now)
                )


def _require_session(principal: Principal) -> None:
    if principal.session_id is None:
        raise GbxError(
            errors.FORBIDDEN,
            "Managing API keys needs a login session, not an API key.",
            {"required": "session"},
        )
