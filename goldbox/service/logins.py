"""Logging in and out: sessions, access tokens, single-use refresh tokens, WebSocket tickets.

A login opens a session. The session issues one short-lived access token (a JWT naming the session)
and one refresh token at a time. Spending a refresh token gives a new pair; showing a spent one again
means two parties hold it, so the session ends for both and the event is audited. Ending a session
(logout, reuse, a password change, a role change) reaches every process at once through
`Revocations`, so its access tokens stop working and its WebSockets close.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.call import Client
from goldbox.api.errors import GbxError
from goldbox.auth.keyed_locks import KeyedLocks
from goldbox.auth.lockout import LoginGuard
from goldbox.auth.opaque_tokens import digest, new_refresh_token
from goldbox.auth.passwords import MAX_LENGTH, PasswordHasher
from goldbox.auth.roles import Principal, Role
from goldbox.auth.tokens import TokenKeys, TokenKind
from goldbox.auth.usernames import username_key
from goldbox.infra.rate_limit import RateLimiterUnavailable
from goldbox.infra.revocations import Revocations, RevocationsUnavailable
from goldbox.ops.config import Settings
from goldbox.store.audit import AuditEvent, AuditType, append_audit
from goldbox.store.database import write_transaction
from goldbox.store.models import AccountRecord, AuthSessionRecord, RefreshTokenRecord

log = structlog.get_logger("goldbox.auth")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    """What a login or a refresh hands the client."""

    access_token: str
    access_expires_at: int
    refresh_token: str
    refresh_expires_at: int
    session_id: str
    account: AccountRecord


def audit_event(
    type_: AuditType,
    actor: str,
    client: Client,
    correlation_id: str,
    account_id: str | None,
    **details: object,
) -> AuditEvent:
    return AuditEvent(
        type=type_,
        actor=actor,
        account_id=account_id,
        ip=client.ip,
        user_agent=client.user_agent,
        correlation_id=correlation_id,
        details=dict(details),
    )


class Logins:
    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        hasher: PasswordHasher,
        guard: LoginGuard,
        revocations: Revocations,
        keys: TokenKeys,
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.hasher = hasher
        self.guard = guard
        self.revocations = revocations
        self.keys = keys
        self._open_until: dict[str, float] = {}
        self._attempts = KeyedLocks()  # session id -> until when it is known to be open

    # -- logging in -------------------------------------------------------------------------------

    async def login(self, username: str, password: str, client: Client, correlation_id: str) -> IssuedTokens:
        """Check the password (at the same cost whether or not the account exists) and open a session.

        Attempts on one account, and from one address, take turns: otherwise a burst of guesses sent
        at once (a batch, parallel requests) would all pass the lockout check before the first
        failure was counted.
        """
        key = username_key(username)[:64]
        async with self._password_attempt(key, client.ip):
            return await self._attempt_login(key, password, client, correlation_id)

    @asynccontextmanager
    async def _password_attempt(self, key: str, ip: str) -> AsyncIterator[None]:
        """Attempts on one account, and from one address, take turns; none starts while locked out."""
        async with self._attempts.hold(f"account:{key}"), self._attempts.hold(f"ip:{ip}"):
            lockout = await self._guarded(self.guard.locked(key, ip))
            if lockout is not None:
                raise _locked_out(lockout.scope, lockout.retry_after_s)
            yield

    async def _attempt_login(
        self, key: str, password: str, client: Client, correlation_id: str
    ) -> IssuedTokens:
        async with self.sessions() as session:
            account = (
                await session.execute(select(AccountRecord).where(AccountRecord.username_key == key))
            ).scalar_one_or_none()
        if len(password) > MAX_LENGTH:
            valid = False  # no account has such a password; hashing a megabyte would only burn CPU
        elif account is None:
            valid = await self.hasher.verify_against_nothing(password)
        else:
            valid = await self.hasher.verify(account.password_hash, password)
        if account is None or not valid:
            await self._failed_login(key, account, client, correlation_id)
            raise GbxError(errors.INVALID_CREDENTIALS)
        await self._guarded(self.guard.record_success(key))
        new_hash = (
            await self.hasher.hash(password) if self.hasher.needs_rehash(account.password_hash) else None
        )
        return await self._open_session(account, client, correlation_id, new_hash)

    async def check_current_password(
        self, account: AccountRecord, password: str, client: Client, correlation_id: str
    ) -> None:
        """For changes that need the password again: same lockout, same audit as a login."""
        key = account.username_key
        async with self._password_attempt(key, client.ip):
            if not await self.hasher.verify(account.password_hash, password):
                await self._failed_login(
                    key, account, client, correlation_id, reason="wrong_current_password"
                )
                raise GbxError(errors.INVALID_CREDENTIALS, "The current password is wrong.")

    @staticmethod
    async def _guarded(step: Awaitable[T]) -> T:
        """Lockout bookkeeping fails closed: without it, password guessing would be unlimited."""
        try:
            return await step
        except RateLimiterUnavailable:
            log.error("login_guard_unavailable")
            raise GbxError(errors.UNAVAILABLE, details={"service": "rate limiter"}) from None

    async def _failed_login(
        self,
        key: str,
        account: AccountRecord | None,
        client: Client,
        correlation_id: str,
        reason: str | None = None,
    ) -> None:
        lockout = await self._guarded(self.guard.record_failure(key, client.ip))
        actor = f"account:{account.id}" if account else "anonymous"
        account_id = account.id if account else None
        async with write_transaction(self.sessions) as session:
            reason = reason or ("wrong_password" if account else "unknown_user")
            await append_audit(
                session,
                audit_event(AuditType.LOGIN_FAILED, actor, client, correlation_id, account_id, reason=reason),
            )
            if lockout is not None:
                await append_audit(
                    session,
                    audit_event(
                        AuditType.LOCKED_OUT,
                        actor,
                        client,
                        correlation_id,
                        account_id,
                        scope=lockout.scope,
                        retry_after_s=lockout.retry_after_s,
                    ),
                )

    async def _open_session(
        self, account: AccountRecord, client: Client, correlation_id: str, new_hash: str | None
    ) -> IssuedTokens:
        now = _now()
        session_id = str(uuid.uuid4())
        refresh_token = new_refresh_token()
        refresh_expires = now + timedelta(seconds=self.settings.refresh_token_ttl_s)
        async with write_transaction(self.sessions) as session:
            session.add(
                AuthSessionRecord(
                    id=session_id,
                    account_id=account.id,
                    created_at=now,
                    expires_at=refresh_expires,
                    ip=client.ip[:64],
                    user_agent=(client.user_agent or "")[:512] or None,
                )
            )
            session.add(
                RefreshTokenRecord(
                    token_hash=digest(refresh_token),
                    session_id=session_id,
                    issued_at=now,
                    expires_at=refresh_expires,
                )
            )
            if new_hash is not None:
                await session.execute(
                    update(AccountRecord).where(AccountRecord.id == account.id).values(password_hash=new_hash)
                )
            await append_audit(
                session,
                audit_event(
                    AuditType.LOGIN_SUCCEEDED,
                    f"account:{account.id}",
                    client,
                    correlation_id,
                    account.id,
                    session_id=session_id,
                ),
            )
        return self._issue(account, session_id, refresh_token, refresh_expires)

    def _issue(
        self, account: AccountRecord, session_id: str, refresh_token: str, refresh_expires: datetime
    ) -> IssuedTokens:
        access_token, claims = self.keys.issue(
            subject=account.id,
            role=Role(account.role),
            username=account.username,
            tier=account.tier,
            session_id=session_id,
            now=int(time.time()),
            ttl_s=self.settings.access_token_ttl_s,
            kind=TokenKind.ACCESS,
        )
        return IssuedTokens(
            access_token=access_token,
            access_expires_at=claims.expires_at,
            refresh_token=refresh_token,
            refresh_expires_at=int(refresh_expires.timestamp()),
            session_id=session_id,
            account=account,
        )

    # -- refreshing ---------------------------------------------------------------------------------

    async def refresh(self, refresh_token: str, client: Client, correlation_id: str) -> IssuedTokens:
        """Spend a refresh token for a new pair; a spent one shown again ends the session."""
        now = _now()
        outcome: GbxError | None = None
        reused_session: str | None = None
        issued: tuple[AccountRecord, str, str, datetime] | None = None
        async with write_transaction(self.sessions) as session:
            row = (
                await session.execute(
                    select(RefreshTokenRecord, AuthSessionRecord, AccountRecord)
                    .join(AuthSessionRecord, RefreshTokenRecord.session_id == AuthSessionRecord.id)
                    .join(AccountRecord, AuthSessionRecord.account_id == AccountRecord.id)
                    .where(RefreshTokenRecord.token_hash == digest(refresh_token))
                    .with_for_update()
                )
            ).one_or_none()
            if row is None:
                raise GbxError(errors.TOKEN_INVALID, details={"reason": "unknown refresh token"})
            token, auth_session, account = row
            actor = f"account:{account.id}"
            if auth_session.revoked_at is not None:
                outcome = GbxError(errors.SESSION_REVOKED, details={"reason": auth_session.revoked_reason})
            elif token.used_at is not None:
                await self._end_in_db(session, auth_session.id, "refresh_reused", now)
                await append_audit(
                    session,
                    audit_event(
                        AuditType.REFRESH_REUSED,
                        actor,
                        client,
                        correlation_id,
                        account.id,
                        session_id=auth_session.id,
                    ),
                )
                outcome = GbxError(errors.SESSION_REVOKED, details={"reason": "refresh_reused"})
                reused_session = auth_session.id
            elif token.expires_at <= now:
                outcome = GbxError(
                    errors.TOKEN_EXPIRED, details={"expired_at": int(token.expires_at.timestamp())}
                )
            else:
                token.used_at = now
                new_token = new_refresh_token()
                expires = now + timedelta(seconds=self.settings.refresh_token_ttl_s)
                auth_session.expires_at = expires
                session.add(
                    RefreshTokenRecord(
                        token_hash=digest(new_token),
                        session_id=auth_session.id,
                        issued_at=now,
                        expires_at=expires,
                    )
                )
                await append_audit(
                    session,
                    audit_event(
                        AuditType.REFRESHED,
                        actor,
                        client,
                        correlation_id,
                        account.id,
                        session_id=auth_session.id,
                    ),
                )
                issued = (account, auth_session.id, new_token, expires)
        if reused_session is not None:
            log.warning("refresh_token_reused", session_id=reused_session)
            await self._end_everywhere(reused_session)
        if outcome is not None:
            raise outcome
        assert issued is not None
        return self._issue(*issued)

    # -- ending sessions ------------------------------------------------------------------------------

    async def logout(self, principal: Principal, client: Client, correlation_id: str) -> None:
        if principal.session_id is None:
            raise GbxError(
                errors.FORBIDDEN,
                "An API key has no session to log out of: revoke the key with apikey.revoke.",
            )
        async with write_transaction(self.sessions) as session:
            await self._end_in_db(session, principal.session_id, "logout", _now())
            await append_audit(
                session,
                audit_event(
                    AuditType.LOGGED_OUT,
                    principal.actor,
                    client,
                    correlation_id,
                    principal.subject,
                    session_id=principal.session_id,
                ),
            )
        await self._end_everywhere(principal.session_id)

    async def end_sessions_of(
        self, session: AsyncSession, account_id: str, reason: str, keep: str | None = None
    ) -> list[str]:
        """End every live session of an account (but `keep`) inside the caller's transaction.

        The caller must then pass the ids to `end_everywhere` once its transaction has committed.
        """
        query = select(AuthSessionRecord.id).where(
            AuthSessionRecord.account_id == account_id, AuthSessionRecord.revoked_at.is_(None)
        )
        if keep is not None:
            query = query.where(AuthSessionRecord.id != keep)
        ended = list((await session.execute(query)).scalars())
        for session_id in ended:
            await self._end_in_db(session, session_id, reason, _now())
        return ended

    async def end_everywhere(self, *session_ids: str) -> None:
        for session_id in session_ids:
            await self._end_everywhere(session_id)

    @staticmethod
    async def _end_in_db(session: AsyncSession, session_id: str, reason: str, now: datetime) -> None:
        await session.execute(
            update(AuthSessionRecord)
            .where(AuthSessionRecord.id == session_id, AuthSessionRecord.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
        )

    async def _end_everywhere(self, session_id: str) -> None:
        """Access tokens live at most `access_token_ttl_s`: the mark need not outlive them."""
        try:
            await self.revocations.end_session(session_id, self.settings.access_token_ttl_s + 60)
        except RevocationsUnavailable:
            # The database already records the end (refresh is refused); access tokens of the session
            # may work elsewhere until Redis is back or they expire. Loud, because it matters.
            log.error("session_end_not_broadcast", session_id=session_id)
            raise GbxError(errors.UNAVAILABLE, details={"service": "session store"}) from None


def _locked_out(scope: str, retry_after_s: int) -> GbxError:
    return GbxError(errors.LOCKED_OUT, details={"scope": scope, "retry_after_s": retry_after_s})


def _now() -> datetime:
    return datetime.now(UTC)
