"""Staying logged in with a username and password: the access token, its refresh, and the socket.

An access token lives minutes (GOLDBOX_ACCESS_TOKEN_TTL_S); a socket it authenticated is closed by
the server (4002) when it expires unless `auth.resume` renews it first. So the client trades its
refresh token (`auth.refresh`) for a new pair well before then and resumes the socket with the new
access token. Refresh tokens are single use, and presenting a spent one ends the whole session, so
every refresh goes through one lock and is skipped when another task already renewed the pair. If
the session is gone anyway (logged out elsewhere, a refresh lost with its reply), the password logs
in afresh.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from goldbox.client.errors import AUTH_RETRYABLE, GoldboxError

Call = Callable[[str, Mapping[str, Any] | None], Awaitable[Any]]
"""A call on one particular socket (auth.login and auth.resume authenticate the socket they come on)."""


@dataclass(frozen=True, slots=True)
class Tokens:
    """A token pair, with when to renew it on this machine's monotonic clock (the server's
    `expires_in`, not its `expires_at`, so a skewed wall clock does not matter)."""

    access_token: str
    refresh_token: str
    renew_at: float
    expires_at: float
    account: Mapping[str, Any]

    @classmethod
    def of(cls, pair: Mapping[str, Any], renew_fraction: float, now: float) -> Tokens:
        lifetime = float(pair["expires_in"])
        return cls(
            access_token=str(pair["access_token"]),
            refresh_token=str(pair["refresh_token"]),
            renew_at=now + lifetime * renew_fraction,
            expires_at=now + lifetime,
            account=dict(pair.get("account") or {}),
        )


class LoginSession:
    """One account's login, shared by every socket the client opens in turn."""

    def __init__(self, username: str, password: str, renew_fraction: float = 0.8) -> None:
        if not 0 < renew_fraction < 1:
            raise ValueError("renew_fraction must be between 0 and 1: the share of a token's life to use")
        self.username = username
        self._password = password
        self._renew_fraction = renew_fraction
        self._lock = asyncio.Lock()
        self.tokens: Tokens | None = None
        self.renewals = 0
        """How many times the pair was refreshed or logged in again since the first login."""

    def __repr__(self) -> str:  # never show the password
        return f"LoginSession(username={self.username!r})"

    def renew_in(self) -> float:
        """Seconds until the pair should be renewed (0 when it is due or there is none)."""
        if self.tokens is None:
            return 0.0
        return max(0.0, self.tokens.renew_at - time.monotonic())

    async def authenticate(self, call: Call) -> None:
        """Authenticate a new socket: resume with the access token while it is not due for renewal,
        else refresh the pair first, else log in with the password."""
        async with self._lock:
            tokens = self.tokens
            if tokens is not None and time.monotonic() < tokens.renew_at:
                try:
                    await call("auth.resume", {"access_token": tokens.access_token})
                    return
                except GoldboxError as refused:
                    if refused.code not in AUTH_RETRYABLE:
                        raise
            await self._renew(call)

    async def renew(self, call: Call, seen: Tokens | None) -> None:
        """Renew the pair and resume the socket with it, unless it changed since `seen` (another
        task renewed it while this one waited for the lock)."""
        async with self._lock:
            if self.tokens is not seen:
                if self.tokens is not None:
                    await call("auth.resume", {"access_token": self.tokens.access_token})
                return
            await self._renew(call)

    async def _renew(self, call: Call) -> None:
        """Refresh and resume; when the refresh token no longer works, log in again."""
        if self.tokens is not None:
            try:
                pair = await call("auth.refresh", {"refresh_token": self.tokens.refresh_token})
            except GoldboxError as refused:
                if refused.code not in AUTH_RETRYABLE:
                    raise
            else:
                self._keep(pair)
                await call("auth.resume", {"access_token": self.tokens.access_token})
                return
        had_tokens = self.tokens is not None
        pair = await call("auth.login", {"username": self.username, "password": self._password})
        self._keep(pair, counts=had_tokens)

    def _keep(self, pair: Any, counts: bool = True) -> None:
        if not isinstance(pair, Mapping) or "access_token" not in pair:
            raise GoldboxError("GBX_MALFORMED_REPLY", "a login reply without tokens")
        self.tokens = Tokens.of(pair, self._renew_fraction, time.monotonic())
        if counts:
            self.renewals += 1
