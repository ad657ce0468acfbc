"""Accounts: registering, changing a password, and the operator's role changes.

Self-registration makes players and agents only. Admins are made on the command line
(`goldbox admin create-user --role admin`) or promoted by another admin: there is no default admin.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.call import Client
from goldbox.api.errors import GbxError
from goldbox.auth.passwords import PasswordHasher, password_problem
from goldbox.auth.roles import Principal, Role, account_credential
from goldbox.auth.usernames import username_key, username_problem
from goldbox.infra.revocations import announce_end
from goldbox.service.logins import Logins, audit_event
from goldbox.store.audit import AuditType, append_audit
from goldbox.store.database import write_transaction
from goldbox.store.models import AccountRecord


class Accounts:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], hasher: PasswordHasher, logins: Logins
    ) -> None:
        self.sessions = sessions
        self.hasher = hasher
        self.logins = logins

    async def register(
        self,
        username: str,
        password: str,
        email: str | None,
        role: Role,
        *,
        actor: str,
        client: Client,
        correlation_id: str,
    ) -> AccountRecord:
        """Create an account. Rules are checked before the (slow) hash; nothing is written on failure."""
        problem = username_problem(username)
        if problem:
            raise GbxError(errors.INVALID_USERNAME, details={"reason": problem})
        problem = password_problem(password, username)
        if problem:
            raise GbxError(errors.WEAK_PASSWORD, details={"reason": problem})
        key = username_key(username)
        if await self._find(key) is not None:
            raise GbxError(errors.USERNAME_TAKEN, details={"username": username})
        password_hash = await self.hasher.hash(password)
        now = datetime.now(UTC)
        account = AccountRecord(
            id=str(uuid.uuid4()),
            username=username,
            username_key=key,
            email=email,
            password_hash=password_hash,
            role=role.value,
            tier="admin" if role is Role.ADMIN else "default",
            created_at=now,
            password_changed_at=now,
        )
        try:
            async with write_transaction(self.sessions) as session:
                session.add(account)
                await session.flush()
                await append_audit(
                    session,
                    audit_event(
                        AuditType.REGISTERED,
                        actor,
                        client,
                        correlation_id,
                        account.id,
                        username=username,
                        role=role.value,
                    ),
                )
        except IntegrityError:  # registered by someone else since the check above
            raise GbxError(errors.USERNAME_TAKEN, details={"username": username}) from None
        return account

    async def get(self, account_id: str) -> AccountRecord:
        async with self.sessions() as session:
            account = await session.get(AccountRecord, account_id)
        if account is None:
            raise GbxError(errors.ACCOUNT_NOT_FOUND)
        return account

    async def change_password(
        self, principal: Principal, current: str, new: str, client: Client, correlation_id: str
    ) -> int:
        """Change the password and end every other session of the account; returns how many ended."""
        account = await self.get(principal.subject)
        # A stolen access token must not let anyone guess the password freely: wrong guesses count
        # toward the login lockout and are audited like failed logins.
        await self.logins.check_current_password(account, current, client, correlation_id)
        problem = password_problem(new, account.username)
        if problem:
            raise GbxError(errors.WEAK_PASSWORD, details={"reason": problem})
        new_hash = await self.hasher.hash(new)
        async with write_transaction(self.sessions) as session:
            stored = await session.get(AccountRecord, account.id, with_for_update=True)
            assert stored is not None
            stored.password_hash = new_hash
            stored.password_changed_at = datetime.now(UTC)
            ended = await self.logins.end_sessions_of(
                session, account.id, "password_changed", keep=principal.session_id
            )
            await append_audit(
                session,
                audit_event(
                    AuditType.PASSWORD_CHANGED,
                    principal.actor,
                    client,
                    correlation_id,
                    account.id,
                    other_sessions_ended=len(ended),
                ),
            )
        await self.logins.end_everywhere(*ended)
        return len(ended)

    async def set_role(
        self, username: str, role: Role, *, actor: str, client: Client, correlation_id: str
    ) -> AccountRecord:
        """Change an account's role; its sessions end, so no token keeps the old role."""
        async with write_transaction(self.sessions) as session:
            account = await self._find_for_update(session, username)
            previous = account.role
            account.role = role.value
            account.tier = _tier_after_role_change(account.tier, role)
            ended = await self.logins.end_sessions_of(session, account.id, "role_changed")
            await append_audit(
                session,
                audit_event(
                    AuditType.ROLE_CHANGED,
                    actor,
                    client,
                    correlation_id,
                    account.id,
                    previous_role=previous,
                    new_role=role.value,
                    sessions_ended=len(ended),
                ),
            )
        await self.logins.end_everywhere(*ended)
        await announce_end(self.logins.revocations, account_credential(account.id))  # sockets on its keys
        return account

    async def set_tier(
        self, username: str, tier: str, *, actor: str, client: Client, correlation_id: str
    ) -> AccountRecord:
        """Move an account to another rate-limit tier. Tokens carry the tier, so its sessions end."""
        async with write_transaction(self.sessions) as session:
            account = await self._find_for_update(session, username)
            previous, account.tier = account.tier, tier
            ended = await self.logins.end_sessions_of(session, account.id, "tier_changed")
            await append_audit(
                session,
                audit_event(
                    AuditType.TIER_CHANGED,
                    actor,
                    client,
                    correlation_id,
                    account.id,
                    previous_tier=previous,
                    new_tier=tier,
                    sessions_ended=len(ended),
                ),
            )
        await self.logins.end_everywhere(*ended)
        return account

    @staticmethod
    async def _find_for_update(session: AsyncSession, username: str) -> AccountRecord:
        account = (
            await session.execute(
                select(AccountRecord)
                .where(AccountRecord.username_key == username_key(username))
                .with_for_update()
            )
        ).scalar_one_or_none()
        if account is None:
            raise GbxError(errors.ACCOUNT_NOT_FOUND, details={"username": username})
        return account

    async def _find(self, key: str) -> AccountRecord | None:
        async with self.sessions() as session:
            return (
                await session.execute(select(AccountRecord).where(AccountRecord.username_key == key))
            ).scalar_one_or_none()


def _tier_after_role_change(tier: str, role: Role) -> str:
    """Admins get the admin budget; one who stops being admin goes back to the default one."""
    if role is Role.ADMIN:
        return "admin"
    return "default" if tier == "admin" else tier
