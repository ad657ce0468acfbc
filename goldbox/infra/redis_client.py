"""The shared Redis connection pool, made only when GOLDBOX_REDIS_URL is set."""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis

CONNECT_TIMEOUT_S = 2.0
DEFAULT_MAX_CONNECTIONS = 100
POOL_WAIT_S = 5.0
"""How long a command waits for a free connection when all are busy, before it fails."""


def connect(url: str, max_connections: int = DEFAULT_MAX_CONNECTIONS) -> Redis:
    """A client for `url` with at most `max_connections` connections; a burst of commands (a thousand
    sockets closing at once) queues for them instead of failing. Connections open lazily, so a down
    Redis shows in health, not at import."""
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=POOL_WAIT_S,
        socket_connect_timeout=CONNECT_TIMEOUT_S,
        socket_timeout=CONNECT_TIMEOUT_S,
        health_check_interval=30,
    )
    return Redis.from_pool(pool)
