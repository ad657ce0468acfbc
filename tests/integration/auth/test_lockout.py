"""Login lockout on each rate-limit backend: accounts and IPs lock after failures, and unlock in time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from goldbox.auth.lockout import Lockout, LoginGuard
from goldbox.infra.rate_limit import RateLimiter, RateLimiterUnavailable
from tests.integration.infra.test_rate_limit import (
    BACKENDS,
    UNREACHABLE_REDIS,
    backend_url,
    open_limiter,
    unique_prefix,
)

IP = "203.0.113.7"


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest) -> str | None:
    return backend_url(request)


@pytest.fixture
async def limiter(store_url: str | None) -> AsyncIterator[RateLimiter]:
    async with open_limiter(store_url, unique_prefix()) as opened:
        yield opened


async def fail(guard: LoginGuard, times: int, account: str = "alice", ip: str = IP) -> list[Lockout | None]:
    return [await guard.record_failure(account, ip) for _ in range(times)]


async def test_the_fifth_failure_locks_the_account_for_a_minute(limiter: RateLimiter) -> None:
    guard = LoginGuard(limiter)
    assert await fail(guard, 4) == [None] * 4
    assert await guard.locked("alice", IP) is None
    lockout = await guard.record_failure("alice", IP)
    assert lockout is not None
    assert lockout.scope == "account"
    assert lockout.retry_after_s in (59, 60)
    assert await guard.locked("alice", "198.51.100.1") == lockout
    assert await guard.locked("bob", IP) is None


async def test_twenty_failures_from_one_ip_lock_it_for_ten_minutes(limiter: RateLimiter) -> None:
    guard = LoginGuard(limiter)
    spray = [await guard.record_failure(f"player{n}", IP) for n in range(20)]
    assert spray[:19] == [None] * 19
    assert spray[19] is not None
    assert (spray[19].scope, spray[19].retry_after_s in (599, 600)) == ("ip", True)
    assert await guard.locked("someone-new", IP) == spray[19]
    assert await guard.locked("player0", "198.51.100.1") is None


async def test_success_forgives_the_account_but_not_the_ip(limiter: RateLimiter) -> None:
    guard = LoginGuard(limiter, account_failures=3, ip_failures=4)
    assert await fail(guard, 2) == [None, None]
    await guard.record_success("alice")
    first, second = await fail(guard, 2)
    assert first is None, "the account's count started again"
    assert second is not None
    assert second.scope == "ip", "the IP still counts the failures before the success"


async def test_a_lock_refuses_with_the_longer_wait_when_both_apply(limiter: RateLimiter) -> None:
    guard = LoginGuard(limiter, account_failures=2, account_lockout_s=30, ip_failures=2, ip_lockout_s=90)
    _, both = await fail(guard, 2)
    assert both is not None
    assert (both.scope, both.retry_after_s in (89, 90)) == ("ip", True)
    account_only = await guard.locked("alice", "198.51.100.1")
    assert account_only is not None
    assert (account_only.scope, account_only.retry_after_s in (29, 30)) == ("account", True)


async def test_a_failure_during_a_lock_reports_it_without_extending_it(limiter: RateLimiter) -> None:
    guard = LoginGuard(limiter, account_failures=2, account_lockout_s=1)
    started = (await fail(guard, 2))[-1]
    again = await guard.record_failure("alice", IP)
    assert started is not None
    assert again == Lockout("account", 1)


async def test_the_lock_ends_after_its_period(limiter: RateLimiter) -> None:
    guard = LoginGuard(limiter, account_failures=2, account_lockout_s=1)
    assert (await fail(guard, 2))[-1] == Lockout("account", 1)
    await asyncio.sleep(1.05)
    assert await guard.locked("alice", IP) is None
    assert await guard.record_failure("alice", IP) is None, "the failures before the lock are gone too"


async def test_the_guard_fails_loudly_when_redis_is_down() -> None:
    limiter = RateLimiter(UNREACHABLE_REDIS, unique_prefix())
    guard = LoginGuard(limiter)
    try:
        with pytest.raises(RateLimiterUnavailable):
            await guard.locked("alice", IP)
        with pytest.raises(RateLimiterUnavailable):
            await guard.record_failure("alice", IP)
    finally:
        await limiter.close()


def test_limits_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        LoginGuard(RateLimiter(), account_failures=0)
