"""A game's events as one consumer reads them: in seq order, each exactly once, across reconnects.

The server keeps every event, so losing a socket loses nothing as long as the client remembers the
last seq it took in and subscribes again after it. An `EventStream` is that memory: it accepts an
event only when its seq is past the last one it holds (a replay that overlaps live delivery is
dropped here, not shown twice), and the client resubscribes every live stream from `last_seq`
whenever it reconnects.

A stream's buffer is bounded. A consumer that stops reading does not make the client hold events
without limit: once the buffer is full the stream pauses (the client unsubscribes on the server and
drops what is still in flight) and, once the consumer has read half of it, subscribes again after
the last event it kept. The consumer sees no gap, just a later arrival.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol, Self


@dataclass(frozen=True, slots=True)
class GameEvent:
    """One logged event of a game (an RPG game or a match), as its watcher may see it.

    `published_at` (server wall-clock, epoch seconds) is there for events delivered live, None for
    events replayed from the log.
    """

    game_id: str
    seq: int
    type: str
    data: dict[str, Any]
    published_at: float | None = None

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> GameEvent | None:
        """From a `game.event` notification's params; None when they are not one."""
        game_id, seq, kind, data = (params.get(k) for k in ("game_id", "seq", "type", "data"))
        if not (isinstance(game_id, str) and isinstance(seq, int) and isinstance(kind, str)):
            return None
        published = params.get("published_at")
        return cls(
            game_id=game_id,
            seq=seq,
            type=kind,
            data=dict(data) if isinstance(data, Mapping) else {},
            published_at=float(published) if isinstance(published, int | float) else None,
        )


class EventSource(Protocol):
    """What a stream needs from its client: to start and stop the server's side of it."""

    async def watch(self, stream: EventStream) -> None:
        """Register the stream and subscribe on the server after `stream.last_seq`."""
        ...

    async def unwatch(self, stream: EventStream) -> None:
        """Forget the stream and unsubscribe on the server."""
        ...

    def pause(self, stream: EventStream) -> None:
        """The stream's buffer is full: stop the server's side until the consumer makes room."""
        ...


class EventStream:
    """One game's events for one consumer: an async iterator, and an async context manager that
    unsubscribes when it exits. Made by `GoldboxClient.subscribe`."""

    def __init__(self, source: EventSource, game_id: str, after_seq: int, capacity: int) -> None:
        if capacity < 2:
            raise ValueError("an event buffer holds at least 2 events")
        self.game_id = game_id
        self.last_seq = after_seq
        """The seq of the last event taken in: a resubscription starts after it."""
        self._source = source
        self._capacity = capacity
        self._buffer: deque[GameEvent] = deque()
        self._arrived = asyncio.Event()
        self._room = asyncio.Event()
        self._started = False
        self.paused = False
        self.ended = False
        self._failure: BaseException | None = None

    @property
    def failure(self) -> BaseException | None:
        """Why the stream ended, if it did not end by being closed."""
        return self._failure

    @property
    def live(self) -> bool:
        """Subscribed (or to be resubscribed on the next socket)."""
        return self._started and not self.ended and not self.paused

    async def start(self) -> Self:
        """Subscribe (once); refusals (no such game, not yours to watch) raise GoldboxError."""
        if not self._started and not self.ended:
            self._started = True
            try:
                await self._source.watch(self)
            except BaseException:
                self.ended = True
                raise
        return self

    async def aclose(self) -> None:
        """Stop watching: iteration ends once the events already taken in are read."""
        if self.ended:
            return
        self.end(None)
        if self._started:
            await self._source.unwatch(self)

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.aclose()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> GameEvent:
        await self.start()
        while not self._buffer:
            if self._failure is not None:
                raise self._failure
            if self.ended:
                raise StopAsyncIteration
            self._arrived.clear()
            await self._arrived.wait()
        event = self._buffer.popleft()
        if self.paused and len(self._buffer) <= self._capacity // 2:
            self._room.set()
        return event

    def offer(self, event: GameEvent) -> None:
        """Take in an event from the socket: dropped when already held, when ended or paused."""
        if self.ended or self.paused or event.seq <= self.last_seq:
            return
        if len(self._buffer) >= self._capacity:
            self.paused = True
            self._room.clear()
            self._source.pause(self)
            return
        self._buffer.append(event)
        self.last_seq = event.seq
        self._arrived.set()

    async def room(self) -> None:
        """Wait until a paused stream's consumer has read half its buffer (or the stream ended)."""
        await self._room.wait()

    def unpause(self) -> None:
        self.paused = False

    def end(self, failure: BaseException | None) -> None:
        """No more events: iteration raises `failure` (or stops) once the buffer is read."""
        if self.ended:
            return
        self.ended = True
        self._failure = failure
        self._arrived.set()
        self._room.set()
