"""The rate limiter on each backend: one suite, run on in-process memory and on Redis."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from goldbox.infra.rate_limit import RateLimiter, RateLimiterUnavailable, Verdict

BACKENDS = ["memory", pytest.param("redis", marks=pytest.mark.redis)]
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def backend_url(request: pytest.FixtureRequest) -> str | None:
    """None for the memory backend; the test Redis for the redis one (skipped or failed if absent)."""
    if request.param == "memory":
        return None
    return str(request.getfixturevalue("redis_url"))


@contextlib.asynccontextmanager
async def open_limiter(url: str | None, key_prefix: str) -> AsyncIterator[RateLimiter]:
    """A limiter whose Redis keys (all under `key_prefix`) are deleted afterwards."""
    limiter = RateLimiter(url, key_prefix)
    try:
        yield limiter
    finally:
        await limiter.close()
        if url is not None:
            async with Redis.from_url(url) as redis:
                keys = [key async for key in redis.scan_iter(match=f"{key_prefix}:*")]
                if keys:
                    await redis.delete(*keys)


def unique_prefix() -> str:
    return f"goldbox-test-{uuid.uuid4().hex[:12]}"


async def sleep_until(epoch_s: float) -> None:
    await asyncio.sleep(max(0.0, epoch_s - time.time()) + 0.05)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest) -> str | None:
    return backend_url(request)


@pytest.fixture
def key_prefix() -> str:
    return unique_prefix()


@pytest.fixture
async def limiter(store_url: str | None, key_prefix: str) -> AsyncIterator[RateLimiter]:
    async with open_limiter(store_url, key_prefix) as opened:
        yield opened


async def test_allows_the_limit_then_refuses(limiter: RateLimiter) -> None:
    verdicts = [await limiter.hit("3/minute", "rpc", "alice") for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert [v.remaining for v in verdicts] == [2, 1, 0, 0]
    assert {v.limit for v in verdicts} == {3}


async def test_a_refusal_says_how_long_to_wait(limiter: RateLimiter) -> None:
    allowed = await limiter.hit("1/minute", "rpc", "alice")
    refused = await limiter.hit("1/minute", "rpc", "alice")
    assert allowed.retry_after_s == 0
    assert 1 <= refused.retry_after_s <= 60
    assert refused.reset_at == pytest.approx(time.time() + 60, abs=2)


async def test_headers_carry_the_budget_and_retry_after_only_when_refused(limiter: RateLimiter) -> None:
    allowed = dict((await limiter.hit("2/minute", "rpc", "bob")).headers())
    await limiter.hit("2/minute", "rpc", "bob")
    refused = await limiter.hit("2/minute", "rpc", "bob")
    assert allowed.keys() == {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}
    assert (allowed["X-RateLimit-Limit"], allowed["X-RateLimit-Remaining"]) == ("2", "1")
    assert int(allowed["X-RateLimit-Reset"]) == pytest.approx(time.time() + 60, abs=2)
    headers = dict(refused.headers())
    assert headers["X-RateLimit-Remaining"] == "0"
    assert headers["Retry-After"] == str(refused.retry_after_s)


async def test_test_spends_nothing(limiter: RateLimiter) -> None:
    assert (await limiter.test("2/minute", "rpc", "carol")).remaining == 2
    await limiter.hit("2/minute", "rpc", "carol")
    checked = await limiter.test("2/minute", "rpc", "carol")
    assert (checked.allowed, checked.remaining) == (True, 1)
    await limiter.hit("2/minute", "rpc", "carol")
    assert not (await limiter.test("2/minute", "rpc", "carol")).allowed


async def test_a_hit_can_cost_several_units_and_a_refused_one_costs_none(limiter: RateLimiter) -> None:
    assert (await limiter.hit("5/minute", "export", "dave", cost=3)).remaining == 2
    too_dear = await limiter.hit("5/minute", "export", "dave", cost=3)
    assert (too_dear.allowed, too_dear.remaining) == (False, 2)
    assert not (await limiter.test("5/minute", "export", "dave", cost=3)).allowed
    last = await limiter.hit("5/minute", "export", "dave", cost=2)
    assert (last.allowed, last.remaining) == (True, 0)


async def test_clear_forgets_what_was_spent(limiter: RateLimiter) -> None:
    await limiter.hit("1/minute", "rpc", "erin")
    await limiter.clear("1/minute", "rpc", "erin")
    assert (await limiter.hit("1/minute", "rpc", "erin")).allowed


async def test_keys_and_limits_are_independent(limiter: RateLimiter) -> None:
    await limiter.hit("1/minute", "rpc", "a/b")
    assert not (await limiter.test("1/minute", "rpc", "a/b")).allowed
    assert (await limiter.hit("1/minute", "rpc", "a", "b")).allowed, "a '/' in a key part must not split it"
    assert (await limiter.hit("1/minute", "rpc", "other")).allowed
    assert (await limiter.hit("1/minute", "ws", "a/b")).allowed
    assert (await limiter.hit("2/minute", "rpc", "a/b")).allowed


async def test_the_window_moves_with_time(limiter: RateLimiter) -> None:
    first = await limiter.hit("2/1 second", "rpc", "frank")
    await asyncio.sleep(0.4)
    await limiter.hit("2/1 second", "rpc", "frank")
    assert not (await limiter.hit("2/1 second", "rpc", "frank")).allowed
    await sleep_until(first.reset_at)
    assert (await limiter.hit("2/1 second", "rpc", "frank")).allowed, "the first hit left the window"
    assert not (await limiter.hit("2/1 second", "rpc", "frank")).allowed, "the second is still in it"


async def test_limiters_on_one_redis_share_the_budget(
    limiter: RateLimiter, store_url: str | None, key_prefix: str
) -> None:
    async with open_limiter(store_url, key_prefix) as other_process:
        await limiter.hit("1/minute", "rpc", "grace")
        seen_elsewhere = await other_process.hit("1/minute", "rpc", "grace")
    shared = store_url is not None
    assert seen_elsewhere.allowed is not shared


async def test_an_unknown_limit_string_is_a_value_error(limiter: RateLimiter) -> None:
    with pytest.raises(ValueError, match="couldn't parse"):
        await limiter.hit("lots per fortnight", "rpc", "heidi")


async def test_unreachable_redis_is_one_clear_error() -> None:
    limiter = RateLimiter(UNREACHABLE_REDIS, unique_prefix())
    try:
        for attempt in (limiter.hit, limiter.test, limiter.clear):
            with pytest.raises(RateLimiterUnavailable, match="unreachable") as caught:
                await attempt("1/minute", "rpc", "ivan")
            assert isinstance(caught.value.__cause__, RedisError)
    finally:
        await limiter.close()


def test_retry_after_rounds_up_and_is_at_least_one_second() -> None:
    now = time.time()
    assert Verdict(False, 1, 0, now + 2.2).retry_after_s == 3
    assert Verdict(False, 1, 0, now - 5).retry_after_s == 1
    assert Verdict(True, 1, 1, now + 30).retry_after_s == 0
    assert dict(Verdict(True, 1, 1, 1_800_000_000.2).headers())["X-RateLimit-Reset"] == "1800000001"
