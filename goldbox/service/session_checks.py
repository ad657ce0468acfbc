"""Whether a credential still stands: access tokens, WebSocket tickets, and the sessions they name.

Checked on every authenticated call, so the order is cheapest first: the signature and expiry (no
I/O), then the shared store of ended sessions, then (only without a shared store) the database, at
most once per SESSION_RECHECK_S per session.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Principal
from goldbox.auth.tokens import TokenClaims, TokenKeys, TokenKind
from goldbox.infra.revocations import Revocations, RevocationsUnavailable
from goldbox.ops.config import Settings
from goldbox.store.models import AuthSessionRecord

log = structlog.get_logger("goldbox.auth")
SESSION_RECHECK_S = 5.0
_MAX_RECHECK_ENTRIES = 100_000


class SessionChecks:
    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        revocations: Revocations,
        keys: TokenKeys,
        end_everywhere: Callable[[str], Awaitable[None]],
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.revocations = revocations
        self.keys = keys
        self._end_everywhere = end_everywhere
        self._open_until: dict[str, float] = {}  # session id -> until when it is known to be open

    async def principal_for_access_token(self, token: str) -> Principal:
        claims = self.keys.verify(token, TokenKind.ACCESS, int(time.time()))
        return await self._live_principal(claims, claims.expires_at)

    async def _has_ended(self, session_id: str) -> bool:
        """Fails closed: if the shared store cannot say, the token might have been revoked."""
        try:
            return await self.revocations.has_ended(session_id)
        except RevocationsUnavailable:
            log.error("revocations_unavailable")
            raise GbxError(errors.UNAVAILABLE, details={"service": "session store"}) from None

    async def _open_in_database(self, session_id: str) -> bool:
        """Without a shared store, another process (a second worker, `goldbox admin`) may have ended
        the session: ask the database, at most once per SESSION_RECHECK_S per session."""
        if self.revocations.shared:
            return True
        now = time.monotonic()
        if self._open_until.get(session_id, 0.0) > now:
            return True
        async with self.sessions() as session:
            row = (
                await session.execute(
                    select(AuthSessionRecord.id, AuthSessionRecord.revoked_at).where(
                        AuthSessionRecord.id == session_id
                    )
                )
            ).one_or_none()
        if row is None or row.revoked_at is not None:
            await self._end_everywhere(session_id)  # closes this process's sockets of the session too
            return False
        if len(self._open_until) > _MAX_RECHECK_ENTRIES:
            self._open_until = {sid: until for sid, until in self._open_until.items() if until > now}
        self._open_until[session_id] = now + SESSION_RECHECK_S
        return True

    async def ws_ticket(self, principal: Principal) -> tuple[str, int]:
        """A single-use ticket that opens a WebSocket for this session (browsers cannot set headers)."""
        if principal.session_id is None:
            raise GbxError(
                errors.FORBIDDEN, "WebSocket tickets are for login sessions: send an API key as a header."
            )
        ticket, claims = self.keys.issue(
            subject=principal.subject,
            role=principal.role,
            username=principal.username,
            tier=principal.tier,
            session_id=principal.session_id,
            now=int(time.time()),
            ttl_s=self.settings.ws_ticket_ttl_s,
            kind=TokenKind.WS_TICKET,
        )
        return ticket, claims.expires_at

    async def principal_for_ticket(self, ticket: str) -> Principal:
        now = int(time.time())
        claims = self.keys.verify(ticket, TokenKind.WS_TICKET, now)
        try:
            first_use = await self.revocations.claim_once(claims.token_id, self.settings.ws_ticket_ttl_s + 60)
        except RevocationsUnavailable:
            raise GbxError(errors.UNAVAILABLE, details={"service": "session store"}) from None
        if not first_use:
            raise GbxError(errors.TOKEN_INVALID, details={"reason": "the ticket has already been used"})
        # The socket may live as long as an access token issued now would.
        return await self._live_principal(claims, now + self.settings.access_token_ttl_s)

    async def _live_principal(self, claims: TokenClaims, expires_at: int) -> Principal:
        if await self._has_ended(claims.session_id) or not await self._open_in_database(claims.session_id):
            raise GbxError(errors.SESSION_REVOKED)
        return Principal(
            subject=claims.subject,
            role=claims.role,
            username=claims.username,
            tier=claims.tier,
            session_id=claims.session_id,
            expires_at=expires_at,
        )
