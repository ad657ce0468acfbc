"""Rate limits shared by every process of the server, on the `limits` library.

Two backends behind one interface (as every `infra/` backend): in-process memory when no Redis URL
is given (one server process), and Redis when it is (several processes spend one budget).

The strategy is the moving window: it counts exactly what happened in the last N seconds, so a
client cannot burst twice the limit across a fixed window's edge, and "5 failures within 60 s"
means just that. It stores one timestamp per unit spent (at most `amount` per key), which suits
the small limits goldbox uses; a limit of many thousands per key would cost as many entries.

Redis errors become `RateLimiterUnavailable`. The limiter does not choose to fail open or closed:
a request limit may well let traffic through while Redis is down, a login lockout should not.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import limits
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from goldbox.infra.redis_client import connect


class RateLimiterUnavailable(Exception):
    """The shared store could not be reached; the caller decides whether to let the request through."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one check of a limit found: whether it passed, and what is left of the budget."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: float
    """Epoch seconds when the oldest spent unit leaves the window, freeing room again."""

    @property
    def retry_after_s(self) -> int:
        """Whole seconds to wait (at least 1) when refused, rounded up so a retry is not early; 0 if allowed."""
        if self.allowed:
            return 0
        return max(1, math.ceil(self.reset_at - time.time()))

    def headers(self) -> list[tuple[str, str]]:
        """The conventional rate-limit headers; `X-RateLimit-Reset` is integer epoch seconds, rounded up."""
        headers = [
            ("X-RateLimit-Limit", str(self.limit)),
            ("X-RateLimit-Remaining", str(self.remaining)),
            ("X-RateLimit-Reset", str(math.ceil(self.reset_at))),
        ]
        if not self.allowed:
            headers.append(("Retry-After", str(self.retry_after_s)))
        return headers


@lru_cache(maxsize=256)
def _parse(limit: str) -> limits.RateLimitItem:
    """A limit string such as "120/minute", parsed once; a malformed one raises ValueError."""
    return limits.parse(limit)


def _escape(part: str) -> str:
    """Key parts are joined with "/", so a "/" inside one (an IP, a name) must not split it."""
    return part.replace("%", "%25").replace("/", "%2F")


class RateLimiter:
    """Spends and checks named budgets such as ("120/minute", "rpc", "ip", "10.0.0.1")."""

    def __init__(self, redis_url: str | None = None, key_prefix: str = "goldbox") -> None:
        self._redis: Redis | None = None
        self._memory: MemoryStorage | None = None
        storage: MemoryStorage | RedisStorage
        if redis_url is None:
            storage = self._memory = MemoryStorage()
        else:
            # Our own client (with goldbox's timeouts) lends its pool to `limits`, so close() can free it.
            self._redis = connect(redis_url)
            options: dict[str, Any] = {"connection_pool": self._redis.connection_pool}
            storage = RedisStorage(
                redis_url, implementation="redispy", key_prefix=f"{key_prefix}:rate", **options
            )
        self._strategy = MovingWindowRateLimiter(storage)

    async def hit(self, limit: str, *key: str, cost: int = 1) -> Verdict:
        """Spend `cost` units of `limit` for `key` if they are all there; a refused hit spends nothing."""
        item, parts = _parse(limit), [_escape(part) for part in key]
        with self._storage_errors():
            allowed = await self._strategy.hit(item, *parts, cost=cost)
            stats = await self._strategy.get_window_stats(item, *parts)
        return Verdict(allowed, item.amount, max(0, stats.remaining), stats.reset_time)

    async def test(self, limit: str, *key: str, cost: int = 1) -> Verdict:
        """Whether `cost` units could be spent now, spending nothing."""
        item, parts = _parse(limit), [_escape(part) for part in key]
        with self._storage_errors():
            allowed = await self._strategy.test(item, *parts, cost=cost)
            stats = await self._strategy.get_window_stats(item, *parts)
        return Verdict(allowed, item.amount, max(0, stats.remaining), stats.reset_time)

    async def clear(self, limit: str, *key: str) -> None:
        """Forget everything spent on `limit` for `key`, as if the window were new."""
        with self._storage_errors():
            await self._strategy.clear(_parse(limit), *[_escape(part) for part in key])

    async def close(self) -> None:
        """Let go of the Redis connections (or the memory backend's expiry task)."""
        if self._redis is not None:
            await self._redis.aclose()
        if self._memory is not None and self._memory.timer is not None:
            self._memory.timer.cancel()

    @contextlib.contextmanager
    def _storage_errors(self) -> Iterator[None]:
        """Turn the Redis client's many failure types into the one callers handle."""
        try:
            yield
        except (RedisError, StorageError, OSError) as exc:
            raise RateLimiterUnavailable(f"the rate limit store (Redis) is unreachable: {exc}") from exc
