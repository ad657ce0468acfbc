"""The shared Redis connection pool, made only when GOLDBOX_REDIS_URL is set."""

from __future__ import annotations

from redis.asyncio import Redis

CONNECT_TIMEOUT_S = 2.0


def connect(url: str) -> Redis:
    """A client for `url`; connections open lazily, so a down Redis shows in health, not at import."""
    return Redis.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT_S,
        socket_timeout=CONNECT_TIMEOUT_S,
        health_check_interval=30,
    )
