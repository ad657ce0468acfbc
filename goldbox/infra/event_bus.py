"""Channels that carry messages (bytes) to every listener in every server process: the event bus.

Two backends behind one interface (as every `infra/` backend): in-process memory when no Redis URL
is given (one server process), and Redis pub/sub when it is (several processes behave as one).

Delivery is at most once. Redis keeps nothing for a listener that is disconnected, and a listener
that falls more than `capacity` messages behind loses the overflow. Neither is silent: the listener's
next read returns `MISSED` (None) first, so whoever needs every message (a game's subscribers) fills
the gap from the database, where everything is kept. `subscribe` returns only once the channel is
live, so a message published after it returns reaches the subscription.
"""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import AsyncIterator
from typing import Any, Final

import structlog
from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

log = structlog.get_logger("goldbox.event_bus")

MISSED: Final = None
"""What a read returns when messages may have been lost since the previous read."""

DEFAULT_CAPACITY = 4096
_CLOSE_TIMEOUT_S = 5.0
_SUBSCRIBE_TIMEOUT_S = 5.0


class EventBusUnavailable(Exception):
    """The shared bus (Redis) could not be reached: the message was not published, or the channel
    could not be joined. Durable data is not affected; listeners catch up from the database."""


class BusSubscription:
    """One listener on one channel: an async iterator of messages, or `MISSED` after a loss."""

    def __init__(self, bus: EventBus, channel: str, capacity: int) -> None:
        self.channel = channel
        self._bus = bus
        self._capacity = capacity
        self._pending: deque[bytes] = deque()
        self._wakeup = asyncio.Event()
        self._missed = False
        self._closed = False

    def _offer(self, message: bytes) -> None:
        if len(self._pending) >= self._capacity:
            self._missed = True
        else:
            self._pending.append(message)
        self._wakeup.set()

    def _lose(self) -> None:
        """Messages may have gone by unseen (the bus reconnected)."""
        self._missed = True
        self._wakeup.set()

    async def next(self) -> bytes | None:
        """The next message, or MISSED; raises StopAsyncIteration once the subscription is closed."""
        while True:
            if self._closed:
                raise StopAsyncIteration
            if self._missed:
                self._missed = False
                return MISSED
            if self._pending:
                return self._pending.popleft()
            self._wakeup.clear()
            await self._wakeup.wait()

    def __aiter__(self) -> AsyncIterator[bytes | None]:
        return self

    async def __anext__(self) -> bytes | None:
        return await self.next()

    async def close(self) -> None:
        """Stop listening; a read waiting now ends the iteration."""
        if self._closed:
            return
        self._closed = True
        self._pending.clear()
        self._wakeup.set()
        await self._bus._leave(self)


class EventBus(ABC):
    """Publish bytes on named channels; every subscription to a channel, in any process, gets them."""

    shared: bool = True
    """Whether other server processes hear what this one publishes (False for the memory backend)."""

    def __init__(self) -> None:
        self._listeners: dict[str, set[BusSubscription]] = {}
        self._joining: dict[str, asyncio.Future[None]] = {}

    @abstractmethod
    async def publish(self, channel: str, message: bytes) -> None:
        """Send `message` to every subscription of `channel`; raises EventBusUnavailable."""

    async def subscribe(self, channel: str, capacity: int = DEFAULT_CAPACITY) -> BusSubscription:
        """Listen on `channel`; messages published after this returns are delivered."""
        subscription = BusSubscription(self, channel, capacity)
        listeners = self._listeners.setdefault(channel, set())
        if not listeners:  # the first here joins; the others wait until it has
            first: asyncio.Future[None] = asyncio.ensure_future(self._join(channel))
            self._joining[channel] = first
            first.add_done_callback(lambda done: self._channel_joined(channel, done))
        listeners.add(subscription)
        joining = self._joining.get(channel)
        if joining is not None:
            try:
                await asyncio.shield(joining)
            except BaseException:
                listeners.discard(subscription)
                if not listeners and self._listeners.get(channel) is listeners:
                    del self._listeners[channel]
                raise
        return subscription

    def _channel_joined(self, channel: str, done: asyncio.Future[None]) -> None:
        self._joining.pop(channel, None)
        if not done.cancelled():
            done.exception()  # retrieved here too: every waiter may have been cancelled

    async def _leave(self, subscription: BusSubscription) -> None:
        listeners = self._listeners.get(subscription.channel)
        if listeners is None:
            return
        listeners.discard(subscription)
        if not listeners:
            del self._listeners[subscription.channel]
            await self._part(subscription.channel)

    def _deliver(self, channel: str, message: bytes) -> None:
        for subscription in list(self._listeners.get(channel, ())):
            subscription._offer(message)

    def _lose_everything(self) -> None:
        for listeners in list(self._listeners.values()):
            for subscription in list(listeners):
                subscription._lose()

    async def _join(self, channel: str) -> None:  # noqa: B027 (a hook: only Redis has to join)
        """The channel has its first listener in this process."""

    async def _part(self, channel: str) -> None:  # noqa: B027
        """The channel's last listener in this process left."""

    async def start(self) -> None:  # noqa: B027
        """Begin hearing what other processes publish."""

    async def close(self) -> None:  # noqa: B027
        """Stop listening and let go of connections; never hangs."""


class MemoryEventBus(EventBus):
    """One process: publishing hands the message straight to the channel's subscriptions."""

    shared = False

    async def publish(self, channel: str, message: bytes) -> None:
        self._deliver(channel, message)


class RedisEventBus(EventBus):
    """Redis pub/sub: one connection per process listens on every channel this process needs.

    Channels are named `<prefix>:bus:<channel>`. When the connection drops, redis-py reconnects and
    subscribes again; every subscription is then told it may have missed messages.
    """

    def __init__(self, redis: Redis, key_prefix: str = "goldbox") -> None:
        super().__init__()
        self._redis = redis
        self._prefix = f"{key_prefix}:bus:"
        self._control = f"{self._prefix}~listener".encode()
        self._pubsub: PubSub | None = None
        self._listener_task: asyncio.Task[None] | None = None
        self._confirmations: dict[bytes, list[asyncio.Future[None]]] = {}
        self._listening: asyncio.Future[None] | None = None
        self._closing = False

    def _name(self, channel: str) -> bytes:
        return (self._prefix + channel).encode()

    async def publish(self, channel: str, message: bytes) -> None:
        try:
            await self._redis.publish(self._name(channel), message)
        except (RedisError, OSError) as exc:
            raise EventBusUnavailable(f"the event bus (Redis) is unreachable: {exc}") from exc

    async def start(self) -> None:
        """Start the listener: it keeps one pub/sub connection subscribed (at least to a control
        channel, so its read loop never runs dry) and relays messages to the subscriptions."""
        if self._listener_task is None and not self._closing:
            self._listening = asyncio.get_running_loop().create_future()
            self._listener_task = asyncio.create_task(self._listen())

    async def _join(self, channel: str) -> None:
        await self.start()
        name = self._name(channel)
        joined = asyncio.get_running_loop().create_future()
        self._confirmations.setdefault(name, []).append(joined)
        try:
            async with asyncio.timeout(_SUBSCRIBE_TIMEOUT_S):
                assert self._listening is not None
                await asyncio.shield(self._listening)
                assert self._pubsub is not None
                await self._pubsub.subscribe(name)
                await joined
        except EventBusUnavailable:
            raise
        except (RedisError, OSError, TimeoutError) as exc:
            raise EventBusUnavailable(f"could not listen on the event bus (Redis): {exc!r}") from exc
        finally:
            waiting = self._confirmations.get(name, [])
            if joined in waiting:
                waiting.remove(joined)

    async def _part(self, channel: str) -> None:
        if self._pubsub is None or self._closing:
            return
        try:
            await self._pubsub.unsubscribe(self._name(channel))
        except (RedisError, OSError) as exc:
            log.warning("event_bus_unsubscribe_failed", channel=channel, error=repr(exc))

    async def _listen(self) -> None:
        while not self._closing:
            if self._listening is None or self._listening.done():
                self._listening = asyncio.get_running_loop().create_future()
            try:
                await self._relay()
            except (RedisError, OSError) as exc:
                if self._closing:
                    return
                log.warning("event_bus_lost_redis", error=repr(exc), retry_in_s=1)
                if not self._listening.done():  # joins fail at once until Redis is back
                    self._listening.set_exception(EventBusUnavailable(repr(exc)))
                    self._listening.exception()  # marks it retrieved: joins may never look
                self._lose_everything()
                await self._drop_pubsub()
                await asyncio.sleep(1)

    async def _relay(self) -> None:
        pubsub = self._pubsub = self._redis.pubsub()
        await pubsub.subscribe(self._control)
        channels = [self._name(channel) for channel in self._listeners]
        if channels:
            await pubsub.subscribe(*channels)
        assert pubsub.connection is not None
        pubsub.connection.register_connect_callback(self._reconnected)
        if self._listening is not None and not self._listening.done():
            self._listening.set_result(None)
        async for message in pubsub.listen():
            self._handle(message)

    def _handle(self, message: dict[str, Any]) -> None:
        kind, name = message.get("type"), message.get("channel")
        if not isinstance(name, bytes):
            return
        if kind == "message" and name.startswith(self._prefix.encode()):
            self._deliver(name[len(self._prefix) :].decode(), bytes(message["data"]))
        elif kind == "subscribe":
            for joined in self._confirmations.pop(name, []):
                if not joined.done():
                    joined.set_result(None)

    async def _reconnected(self, connection: Any) -> None:
        """redis-py reconnected the pub/sub connection (and subscribes again): messages may be lost."""
        log.warning("event_bus_reconnected")
        self._lose_everything()

    async def _drop_pubsub(self) -> None:
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            with contextlib.suppress(RedisError, OSError):
                await asyncio.wait_for(pubsub.aclose(), 1.0)  # type: ignore[no-untyped-call]

    async def close(self) -> None:
        """Stop the listener. As in `revocations.py`, a cancellation inside redis-py may come out as
        a connection error, so a flag ends the loop and the wait is bounded: shutdown never hangs."""
        self._closing = True
        task, self._listener_task = self._listener_task, None
        if task is not None:
            task.cancel()
            done, _ = await asyncio.wait({task}, timeout=_CLOSE_TIMEOUT_S)
            if not done:
                log.warning("event_bus_listener_did_not_stop", waited_s=_CLOSE_TIMEOUT_S)
            elif not task.cancelled() and task.exception() is not None:
                log.warning("event_bus_listener_failed", error=repr(task.exception()))
        await self._drop_pubsub()


def event_bus_for(redis: Redis | None, key_prefix: str = "goldbox") -> EventBus:
    """The memory bus without Redis, the Redis one with it: chosen by GOLDBOX_REDIS_URL."""
    return MemoryEventBus() if redis is None else RedisEventBus(redis, key_prefix)
