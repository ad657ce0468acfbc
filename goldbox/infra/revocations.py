"""Ended sessions and spent single-use tokens, shared by every process of the server.

An access token is a signed JWT the server does not look up; to make logout take effect at once,
every authenticated call also asks here whether the token's session has ended. The mark lives as
long as an access token can (after that the token is dead anyway). Listeners hear of each ending,
in every process, so live WebSockets of the session can be closed.

Two backends behind one interface (as every `infra/` backend): in-process memory (one server
process) and Redis (several processes behave as one).
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Callable

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

log = structlog.get_logger("goldbox.revocations")

SessionEnded = Callable[[str], None]
_CHANNEL = "goldbox:sessions-ended"


class RevocationsUnavailable(Exception):
    """The shared store could not be reached: callers fail closed (the token might be revoked)."""


class Revocations(ABC):
    shared: bool = True
    """Whether every server process sees the same marks (False for the in-process backend)."""

    def __init__(self) -> None:
        self._listeners: list[SessionEnded] = []

    def on_session_ended(self, listener: SessionEnded) -> None:
        self._listeners.append(listener)

    def _tell_listeners(self, session_id: str) -> None:
        for listener in self._listeners:
            try:
                listener(session_id)
            except Exception:
                log.exception("session_ended_listener_failed")

    @abstractmethod
    async def end_session(self, session_id: str, ttl_s: int) -> None:
        """Mark the session ended for `ttl_s` seconds and tell every listener in every process."""

    @abstractmethod
    async def has_ended(self, session_id: str) -> bool: ...

    @abstractmethod
    async def claim_once(self, token_id: str, ttl_s: int) -> bool:
        """True the first time a token id is claimed (within `ttl_s`), False ever after."""

    async def start(self) -> None:  # noqa: B027 (a hook: only the Redis backend listens)
        """Begin hearing about sessions other processes end."""

    async def close(self) -> None:  # noqa: B027
        """Stop listening and let go of connections."""


class MemoryRevocations(Revocations):
    shared = False

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._clock = clock
        self._ended: dict[str, float] = {}
        self._claimed: dict[str, float] = {}

    async def end_session(self, session_id: str, ttl_s: int) -> None:
        self._forget_expired()
        self._ended[session_id] = self._clock() + ttl_s
        self._tell_listeners(session_id)

    async def has_ended(self, session_id: str) -> bool:
        until = self._ended.get(session_id)
        return until is not None and until > self._clock()

    async def claim_once(self, token_id: str, ttl_s: int) -> bool:
        self._forget_expired()
        until = self._claimed.get(token_id)
        if until is not None and until > self._clock():
            return False
        self._claimed[token_id] = self._clock() + ttl_s
        return True

    def _forget_expired(self) -> None:
        now = self._clock()
        for marks in (self._ended, self._claimed):
            for key in [key for key, until in marks.items() if until <= now]:
                del marks[key]


_CLOSE_TIMEOUT_S = 5.0


class RedisRevocations(Revocations):
    def __init__(self, redis: Redis, key_prefix: str = "goldbox") -> None:
        super().__init__()
        self._redis = redis
        self._prefix = key_prefix
        self._listener_task: asyncio.Task[None] | None = None
        self._closing = False

    async def end_session(self, session_id: str, ttl_s: int) -> None:
        try:
            await self._redis.set(f"{self._prefix}:ended:{session_id}", b"1", ex=ttl_s)
            await self._redis.publish(f"{self._prefix}:{_CHANNEL}", session_id)
        except RedisError as exc:
            raise RevocationsUnavailable(str(exc)) from exc

    async def has_ended(self, session_id: str) -> bool:
        try:
            return bool(await self._redis.exists(f"{self._prefix}:ended:{session_id}"))
        except RedisError as exc:
            raise RevocationsUnavailable(str(exc)) from exc

    async def claim_once(self, token_id: str, ttl_s: int) -> bool:
        try:
            return bool(await self._redis.set(f"{self._prefix}:claimed:{token_id}", b"1", ex=ttl_s, nx=True))
        except RedisError as exc:
            raise RevocationsUnavailable(str(exc)) from exc

    async def start(self) -> None:
        self._listener_task = asyncio.create_task(self._listen())

    async def _listen(self) -> None:
        """Relay endings published by any process (this one included) to this process's listeners."""
        while not self._closing:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(f"{self._prefix}:{_CHANNEL}")
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            data = message["data"]
                            self._tell_listeners(data.decode() if isinstance(data, bytes) else str(data))
            except (RedisError, OSError):
                if self._closing:
                    return
                log.warning("revocation_listener_lost_redis", retry_in_s=1)
                await asyncio.sleep(1)

    async def close(self) -> None:
        """Stop the listener. A cancellation that lands inside redis-py can come out as a connection
        error, which the loop would take for a lost Redis and retry forever: the flag ends the loop
        then, and the wait is bounded so shutdown never hangs on it."""
        self._closing = True
        task, self._listener_task = self._listener_task, None
        if task is None:
            return
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=_CLOSE_TIMEOUT_S)
        if not done:
            log.warning("revocation_listener_did_not_stop", waited_s=_CLOSE_TIMEOUT_S)
        elif not task.cancelled() and task.exception() is not None:
            log.warning("revocation_listener_failed", error=repr(task.exception()))


def revocations_for(redis: Redis | None, key_prefix: str = "goldbox") -> Revocations:
    return MemoryRevocations() if redis is None else RedisRevocations(redis, key_prefix)


ANNOUNCEMENT_TTL_S = 60


async def announce_end(revocations: Revocations, credential: str) -> None:
    """Tell every process a credential other than a session has ended (an API key, an account's
    role); a lost announcement is logged, not raised: the database already says so."""
    try:
        await revocations.end_session(credential, ANNOUNCEMENT_TTL_S)
    except RevocationsUnavailable:
        log.error("credential_end_not_broadcast", credential=credential)
