"""The event bus on each backend: one suite, run on in-process memory and on Redis pub/sub."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from goldbox.infra.event_bus import (
    MISSED,
    BusSubscription,
    EventBus,
    EventBusUnavailable,
    MemoryEventBus,
    RedisEventBus,
    event_bus_for,
)
from goldbox.infra.redis_client import connect

pytestmark = pytest.mark.timeout(30)

BACKENDS = ["memory", pytest.param("redis", marks=pytest.mark.redis)]
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
WAIT_S = 3.0


@pytest.fixture
def key_prefix() -> str:
    return f"goldbox-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest) -> str | None:
    """None for the memory backend; the test Redis for the redis one (skipped or failed if absent)."""
    return None if request.param == "memory" else str(request.getfixturevalue("redis_url"))


@pytest.fixture
async def redis(store_url: str | None) -> AsyncIterator[Redis | None]:
    if store_url is None:
        yield None
        return
    client = connect(store_url)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
async def bus(redis: Redis | None, key_prefix: str) -> AsyncIterator[EventBus]:
    opened = event_bus_for(redis, key_prefix)
    await opened.start()
    try:
        yield opened
    finally:
        await opened.close()


async def next_message(subscription: BusSubscription) -> bytes | None:
    return await asyncio.wait_for(subscription.next(), WAIT_S)


async def test_the_backend_follows_the_url(bus: EventBus, redis: Redis | None) -> None:
    assert isinstance(bus, MemoryEventBus if redis is None else RedisEventBus)
    assert bus.shared is (redis is not None)


async def test_every_subscription_of_a_channel_gets_each_message_in_order(bus: EventBus) -> None:
    first = await bus.subscribe("game:1")
    second = await bus.subscribe("game:1")
    for n in range(5):
        await bus.publish("game:1", f"m{n}".encode())
    for subscription in (first, second):
        assert [await next_message(subscription) for _ in range(5)] == [f"m{n}".encode() for n in range(5)]


async def test_channels_are_separate(bus: EventBus) -> None:
    one = await bus.subscribe("game:1")
    two = await bus.subscribe("game:2")
    await bus.publish("game:2", b"for two")
    await bus.publish("game:1", b"for one")
    assert await next_message(one) == b"for one"
    assert await next_message(two) == b"for two"


async def test_a_message_published_before_subscribing_is_not_delivered(bus: EventBus) -> None:
    await bus.publish("game:1", b"too early")
    subscription = await bus.subscribe("game:1")
    await bus.publish("game:1", b"in time")
    assert await next_message(subscription) == b"in time"


async def test_a_listener_that_falls_behind_is_told_it_missed_messages(bus: EventBus) -> None:
    slow = await bus.subscribe("game:1", capacity=2)
    fast = await bus.subscribe("game:1", capacity=100)
    for n in range(5):
        await bus.publish("game:1", f"m{n}".encode())
    assert [await next_message(fast) for _ in range(5)] == [f"m{n}".encode() for n in range(5)]
    assert await next_message(slow) is MISSED
    assert [await next_message(slow), await next_message(slow)] == [b"m0", b"m1"]
    await bus.publish("game:1", b"after")
    assert await next_message(slow) == b"after"


async def test_closing_a_subscription_ends_its_iteration_and_stops_delivery(bus: EventBus) -> None:
    leaving = await bus.subscribe("game:1")
    staying = await bus.subscribe("game:1")
    waiting = asyncio.create_task(leaving.next())
    await asyncio.sleep(0)
    await leaving.close()
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(waiting, WAIT_S)
    await bus.publish("game:1", b"still here")
    assert await next_message(staying) == b"still here"
    assert [message async for message in leaving] == []


async def test_a_channel_can_be_left_and_joined_again(bus: EventBus) -> None:
    first = await bus.subscribe("game:1")
    await first.close()
    again = await bus.subscribe("game:1")
    await bus.publish("game:1", b"back")
    assert await next_message(again) == b"back"


@pytest.mark.redis
async def test_two_buses_on_one_redis_hear_each_other(redis_url: str, key_prefix: str) -> None:
    """Two server processes: what one publishes, the other's subscriptions receive."""
    clients = [connect(redis_url), connect(redis_url)]
    buses = [RedisEventBus(client, key_prefix) for client in clients]
    try:
        listening = await buses[1].subscribe("game:7")
        await buses[0].publish("game:7", b"from the other process")
        assert await next_message(listening) == b"from the other process"
    finally:
        for bus, client in zip(buses, clients, strict=True):
            await bus.close()
            await client.aclose()


@pytest.mark.redis
async def test_prefixes_keep_deployments_apart(redis_url: str, key_prefix: str) -> None:
    clients = [connect(redis_url), connect(redis_url)]
    mine, theirs = RedisEventBus(clients[0], key_prefix), RedisEventBus(clients[1], key_prefix + "-other")
    try:
        listening = await mine.subscribe("game:1")
        await theirs.publish("game:1", b"not for you")
        await mine.publish("game:1", b"for you")
        assert await next_message(listening) == b"for you"
    finally:
        for bus, client in zip((mine, theirs), clients, strict=True):
            await bus.close()
            await client.aclose()


async def test_an_unreachable_redis_is_a_clear_error_and_close_does_not_hang() -> None:
    client = connect(UNREACHABLE_REDIS)
    bus = RedisEventBus(client)
    try:
        with pytest.raises(EventBusUnavailable):
            await bus.publish("game:1", b"lost")
        with pytest.raises(EventBusUnavailable):
            await bus.subscribe("game:1")
    finally:
        await asyncio.wait_for(bus.close(), 7)
        await client.aclose()
