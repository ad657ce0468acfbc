"""The Redis pool: a burst of commands larger than the pool waits for connections instead of failing
(a thousand sockets closing at once once ran the presence store out of them)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from goldbox.infra.presence import Attendance, RedisPresence
from goldbox.infra.redis_client import connect

pytestmark = [pytest.mark.timeout(30), pytest.mark.redis]

STREAMS = 1000
POOL = 8


async def test_a_burst_larger_than_the_pool_queues_for_connections(redis_url: str) -> None:
    redis = connect(redis_url, max_connections=POOL)
    presence = RedisPresence(redis, f"goldbox-test-{uuid.uuid4().hex[:12]}")
    try:
        players = [f"player{index}" for index in range(STREAMS)]
        await asyncio.gather(*(presence.arrive("g1", player, f"{player}-socket") for player in players))
        await asyncio.gather(*(presence.depart("g1", player, f"{player}-socket") for player in players))
        seen = await asyncio.gather(*(presence.attendance("g1", player) for player in players))
        assert set(seen) == {Attendance.GONE}
    finally:
        await redis.aclose()
