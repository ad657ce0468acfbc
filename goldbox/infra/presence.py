"""Who is watching which game: the presence the turn timer asks about before skipping a player.

A player is *watching* a game while at least one of their event streams on it (a WebSocket
`game.subscribe` or the SSE stream) is open in some server process. Each open stream is a mark
(a random token) that expires `ttl_s` after it was last refreshed; the process holding the stream
refreshes it well before then, so a process that dies leaves marks that simply run out. A stream
that closes marks itself as ended at once.

A player is *gone* when they have watched the game (within `memory_s`) and no mark is live any more:
their turns are skipped after a short grace. A player who never opened a stream (an HTTP-only
client, a bot) is *unknown*, and only the full turn timer applies to them.

Two backends behind one interface, one shared test suite: memory (one process) and Redis, where
each (game, player) is one sorted set of tokens scored by expiry time in milliseconds, the key
itself kept for `memory_s` after its last change.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from enum import StrEnum

from redis.asyncio import Redis

Clock = Callable[[], float]
"""Seconds since the epoch, shared by every process (wall time, not monotonic)."""

DEFAULT_TTL_S = 30.0
DEFAULT_MEMORY_S = 3600.0


class Attendance(StrEnum):
    WATCHING = "watching"
    """At least one open stream on the game."""
    GONE = "gone"
    """Watched it lately; every stream is closed or expired."""
    UNKNOWN = "unknown"
    """Never watched it (or not for `memory_s`)."""


class PresenceStore(ABC):
    def __init__(self, ttl_s: float, memory_s: float, clock: Clock) -> None:
        self.ttl_s = ttl_s
        self.memory_s = memory_s
        self.clock = clock

    @abstractmethod
    async def arrive(self, game_id: str, account_id: str, token: str) -> None:
        """A stream opened: a live mark, and the player's old ended marks forgotten."""

    @abstractmethod
    async def refresh(self, marks: list[tuple[str, str, str]]) -> None:
        """Keep these (game, account, token) marks live for another `ttl_s`."""

    @abstractmethod
    async def depart(self, game_id: str, account_id: str, token: str) -> None:
        """A stream closed: its mark ends now (and is remembered, so the player counts as gone)."""

    @abstractmethod
    async def attendance(self, game_id: str, account_id: str) -> Attendance:
        """Whether the player is watching the game, gone from it, or never watched it."""

    async def close(self) -> None:
        return None


class MemoryPresence(PresenceStore):
    """Presence in one process: (game, account) -> token -> expiry, and when each last changed."""

    def __init__(
        self, ttl_s: float = DEFAULT_TTL_S, memory_s: float = DEFAULT_MEMORY_S, clock: Clock = time.time
    ) -> None:
        super().__init__(ttl_s, memory_s, clock)
        self._marks: dict[tuple[str, str], dict[str, float]] = {}
        self._touched: dict[tuple[str, str], float] = {}

    def _touch(self, key: tuple[str, str], now: float) -> dict[str, float]:
        self._touched[key] = now
        return self._marks.setdefault(key, {})

    async def arrive(self, game_id: str, account_id: str, token: str) -> None:
        now = self.clock()
        marks = self._touch((game_id, account_id), now)
        for old in [t for t, expiry in marks.items() if expiry <= now]:
            del marks[old]
        marks[token] = now + self.ttl_s

    async def refresh(self, marks: list[tuple[str, str, str]]) -> None:
        now = self.clock()
        for key in [key for key, touched in self._touched.items() if touched + self.memory_s <= now]:
            self._marks.pop(key, None)
            del self._touched[key]
        for game_id, account_id, token in marks:
            self._touch((game_id, account_id), now)[token] = now + self.ttl_s

    async def depart(self, game_id: str, account_id: str, token: str) -> None:
        now = self.clock()
        self._touch((game_id, account_id), now)[token] = now

    async def attendance(self, game_id: str, account_id: str) -> Attendance:
        now = self.clock()
        key = (game_id, account_id)
        touched = self._touched.get(key)
        if touched is None or touched + self.memory_s <= now:
            self._marks.pop(key, None)
            self._touched.pop(key, None)
            return Attendance.UNKNOWN
        marks = self._marks.get(key, {})
        if any(expiry > now for expiry in marks.values()):
            return Attendance.WATCHING
        return Attendance.GONE if marks else Attendance.UNKNOWN


class RedisPresence(PresenceStore):
    """Presence shared by every process: one sorted set per (game, account), tokens scored by expiry."""

    def __init__(
        self,
        redis: Redis,
        key_prefix: str,
        ttl_s: float = DEFAULT_TTL_S,
        memory_s: float = DEFAULT_MEMORY_S,
        clock: Clock = time.time,
    ) -> None:
        super().__init__(ttl_s, memory_s, clock)
        self._redis = redis
        self._prefix = key_prefix

    def _key(self, game_id: str, account_id: str) -> str:
        return f"{self._prefix}:presence:{game_id}:{account_id}"

    def _ms(self, seconds: float) -> int:
        return int(seconds * 1000)

    async def arrive(self, game_id: str, account_id: str, token: str) -> None:
        key, now = self._key(game_id, account_id), self.clock()
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, "-inf", self._ms(now))
            pipe.zadd(key, {token: self._ms(now + self.ttl_s)})
            pipe.pexpire(key, self._ms(self.memory_s))
            await pipe.execute()

    async def refresh(self, marks: list[tuple[str, str, str]]) -> None:
        if not marks:
            return
        now = self.clock()
        async with self._redis.pipeline(transaction=False) as pipe:
            for game_id, account_id, token in marks:
                key = self._key(game_id, account_id)
                pipe.zadd(key, {token: self._ms(now + self.ttl_s)})
                pipe.pexpire(key, self._ms(self.memory_s))
            await pipe.execute()

    async def depart(self, game_id: str, account_id: str, token: str) -> None:
        key, now = self._key(game_id, account_id), self.clock()
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {token: self._ms(now)})
            pipe.pexpire(key, self._ms(self.memory_s))
            await pipe.execute()

    async def attendance(self, game_id: str, account_id: str) -> Attendance:
        key, now = self._key(game_id, account_id), self.clock()
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.zcount(key, f"({self._ms(now)}", "+inf")
            pipe.zcard(key)
            live, known = await pipe.execute()
        if int(live) > 0:
            return Attendance.WATCHING
        return Attendance.GONE if int(known) > 0 else Attendance.UNKNOWN


def presence_store_for(redis: Redis | None, key_prefix: str, ttl_s: float = DEFAULT_TTL_S) -> PresenceStore:
    """Redis when the server has one (presence across processes), memory otherwise."""
    if redis is None:
        return MemoryPresence(ttl_s)
    return RedisPresence(redis, key_prefix, ttl_s)
