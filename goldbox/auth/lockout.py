"""Login lockout: too many failed passwords lock an account, and far more lock the IP they came from.

The account lock stops guessing one player's password; the IP lock stops one source spraying many
accounts. Both count failures in a moving window as long as the lock, and the failure that fills
the window starts a lock of its own key, so a lock lasts exactly its period from that failure.

Account keys are opaque: the caller passes the same key for unknown names as for real ones (the
lower-cased username), so a lockout tells an attacker nothing about which accounts exist.

A `RateLimiterUnavailable` from Redis passes through; callers should fail closed and refuse the
login, since a guard that cannot count is no guard.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass
from typing import Literal

from goldbox.infra.rate_limit import RateLimiter, Verdict

Scope = Literal["account", "ip"]


@dataclass(frozen=True, slots=True)
class Lockout:
    """Logins are refused for this scope for `retry_after_s` more seconds."""

    scope: Scope
    retry_after_s: int


@dataclass(frozen=True, slots=True)
class _Rule:
    failures: str
    lock: str

    @classmethod
    def of(cls, failures: int, lockout_s: int) -> _Rule:
        if failures < 1 or lockout_s < 1:
            raise ValueError("lockout failures and seconds must be at least 1")
        return cls(f"{failures}/{lockout_s} seconds", f"1/{lockout_s} seconds")


def _seconds_left(verdict: Verdict) -> int:
    return max(1, math.ceil(verdict.reset_at - time.time()))


def _longest(lockouts: list[Lockout | None]) -> Lockout | None:
    """Of the locks in force, the one that ends last is the one the player must wait out."""
    found = [lockout for lockout in lockouts if lockout is not None]
    return max(found, key=lambda lockout: lockout.retry_after_s, default=None)


class LoginGuard:
    """Asked before a password is checked, and told of every failure and success afterwards."""

    def __init__(
        self,
        limiter: RateLimiter,
        account_failures: int = 5,
        account_lockout_s: int = 60,
        ip_failures: int = 20,
        ip_lockout_s: int = 600,
    ) -> None:
        self._limiter = limiter
        self._rules: dict[Scope, _Rule] = {
            "account": _Rule.of(account_failures, account_lockout_s),
            "ip": _Rule.of(ip_failures, ip_lockout_s),
        }

    async def locked(self, account_key: str, ip: str) -> Lockout | None:
        """The lock (the longer, if both) that refuses this login now; check before verifying a password."""
        return _longest(
            list(await asyncio.gather(self._lock_on("account", account_key), self._lock_on("ip", ip)))
        )

    async def record_failure(self, account_key: str, ip: str) -> Lockout | None:
        """Count a failed login; returns the lock in force after it (usually the one it just started)."""
        return _longest(list(await asyncio.gather(self._fail("account", account_key), self._fail("ip", ip))))

    async def record_success(self, account_key: str) -> None:
        """A right password forgives the account's failures; the IP's stay, or a sprayer could reset them."""
        await self._limiter.clear(self._rules["account"].failures, "login-fail", "account", account_key)

    async def _lock_on(self, scope: Scope, who: str) -> Lockout | None:
        verdict = await self._limiter.test(self._rules[scope].lock, "login-lock", scope, who)
        return None if verdict.allowed else Lockout(scope, verdict.retry_after_s)

    async def _fail(self, scope: Scope, who: str) -> Lockout | None:
        rule = self._rules[scope]
        counted = await self._limiter.hit(rule.failures, "login-fail", scope, who)
        if counted.allowed and counted.remaining > 0:
            return None
        # The window is full: this failure starts the lock, or (in a race) finds it already started.
        lock = await self._limiter.hit(rule.lock, "login-lock", scope, who)
        return Lockout(scope, _seconds_left(lock))
