"""Who is calling, and may they call now: credentials to a principal, then the rate limits.

Transport-neutral, so `POST /rpc` and `/ws` admit callers by the same rules. Rate limits fail
open: if Redis is unreachable, calls go on (and the failure is logged and shows in /health),
because refusing every player is worse than a few minutes without limits. Revocation checks
fail closed instead (see `infra/revocations.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from goldbox.api import errors
from goldbox.api.call import Client
from goldbox.api.errors import GbxError
from goldbox.auth.opaque_tokens import looks_like_api_key
from goldbox.auth.roles import Principal
from goldbox.infra.rate_limit import RateLimiter, RateLimiterUnavailable, Verdict
from goldbox.ops.config import Settings
from goldbox.service.api_keys import ApiKeys
from goldbox.service.session_checks import SessionChecks

log = structlog.get_logger("goldbox.gatekeeper")


class RateLimited(Exception):
    """Over a limit: the transport answers 429 (HTTP) or GBX_RATE_LIMITED (WebSocket)."""

    def __init__(self, verdict: Verdict, scope: str) -> None:
        super().__init__(scope)
        self.verdict = verdict
        self.scope = scope

    def error(self) -> GbxError:
        return GbxError(
            errors.RATE_LIMITED,
            details={
                "scope": self.scope,
                "limit": self.verdict.limit,
                "retry_after_s": self.verdict.retry_after_s,
            },
        )


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a request carried: an `Authorization` header and/or an `X-API-Key` header."""

    authorization: str | None = None
    api_key: str | None = None

    @property
    def present(self) -> bool:
        return bool(self.authorization or self.api_key)


class Gatekeeper:
    def __init__(
        self, settings: Settings, limiter: RateLimiter, session_checks: SessionChecks, api_keys: ApiKeys
    ) -> None:
        self.settings = settings
        self.limiter = limiter
        self.session_checks = session_checks
        self.api_keys = api_keys

    async def identify(
        self, credentials: Credentials, client: Client, correlation_id: str
    ) -> Principal | None:
        """The caller the credentials prove, None for none; GBX_TOKEN_* when they prove nothing."""
        if credentials.api_key:
            return await self.api_keys.principal_for_key(credentials.api_key, client, correlation_id)
        if not credentials.authorization:
            return None
        scheme, _, value = credentials.authorization.strip().partition(" ")
        value = value.strip()
        if scheme.lower() != "bearer" or not value:
            raise GbxError(
                errors.TOKEN_INVALID, details={"reason": "send 'Authorization: Bearer <token or gbx_ key>'"}
            )
        if looks_like_api_key(value):
            return await self.api_keys.principal_for_key(value, client, correlation_id)
        return await self.session_checks.principal_for_access_token(value)

    async def admit(self, client: Client, principal: Principal | None, calls: int = 1) -> Verdict | None:
        """Count `calls` requests against the address's and the account's limits.

        Returns the verdict whose figures the client should see (the account's when known), or
        None when limits are off or unavailable; raises RateLimited when over either limit.
        """
        by_address = await self.admit_address(client, calls)
        if principal is None:
            return by_address
        return await self.admit_account(principal, calls) or by_address

    async def admit_address(self, client: Client, calls: int = 1) -> Verdict | None:
        """The address's limit alone: checked before credentials, so guessing tokens or keys is
        throttled like everything else and costs no database lookup once over the limit."""
        return await self._spend(self.settings.rate_limit_ip, "ip", client.ip, calls)

    async def admit_account(self, principal: Principal, calls: int = 1) -> Verdict | None:
        tiers = self.settings.rate_limit_tiers
        return await self._spend(
            tiers.get(principal.tier, tiers["default"]), "account", principal.subject, calls
        )

    async def _spend(self, limit: str, scope: str, who: str, calls: int) -> Verdict | None:
        if not self.settings.rate_limits_enabled or calls < 1:
            return None
        try:
            verdict = await self.limiter.hit(limit, scope, who, cost=calls)
        except RateLimiterUnavailable:
            log.error("rate_limiter_unavailable", hint="requests are not being rate limited")
            return None
        if not verdict.allowed:
            raise RateLimited(verdict, scope)
        return verdict
