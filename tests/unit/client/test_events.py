"""An event stream hands each seq over once, in order, and pauses instead of growing without bound."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from goldbox.client.events import EventStream, GameEvent


@dataclass
class FakeSource:
    watched: list[EventStream] = field(default_factory=list)
    unwatched: list[EventStream] = field(default_factory=list)
    paused: list[EventStream] = field(default_factory=list)

    async def watch(self, stream: EventStream) -> None:
        self.watched.append(stream)

    async def unwatch(self, stream: EventStream) -> None:
        self.unwatched.append(stream)

    def pause(self, stream: EventStream) -> None:
        self.paused.append(stream)


def event(seq: int) -> GameEvent:
    return GameEvent("g", seq, "creature.moved", {"n": seq})


async def drain(stream: EventStream, count: int) -> list[int]:
    async with asyncio.timeout(5):
        return [(await anext(stream)).seq for _ in range(count)]


def test_a_notification_becomes_an_event() -> None:
    params = {"game_id": "g", "seq": 4, "type": "t", "data": {"a": 1}, "published_at": 12}
    assert GameEvent.parse(params) == GameEvent("g", 4, "t", {"a": 1}, 12.0)
    assert GameEvent.parse({"game_id": "g", "seq": 5, "type": "t"}) == GameEvent("g", 5, "t", {})
    assert GameEvent.parse({"game_id": "g", "seq": "5", "type": "t"}) is None


async def test_repeated_and_old_seqs_are_dropped() -> None:
    """A resubscription that overlaps what already came (a replay after a reconnect) shows nothing twice."""
    source = FakeSource()
    stream = EventStream(source, "g", after_seq=2, capacity=16)
    await stream.start()
    for seq in [1, 2, 3, 4, 3, 4, 5, 5, 7]:
        stream.offer(event(seq))
    assert await drain(stream, 4) == [3, 4, 5, 7]
    assert stream.last_seq == 7


async def test_a_full_buffer_pauses_and_half_a_buffer_read_makes_room() -> None:
    source = FakeSource()
    stream = EventStream(source, "g", after_seq=0, capacity=4)
    await stream.start()
    for seq in range(1, 9):
        stream.offer(event(seq))
    assert source.paused == [stream]
    assert stream.paused
    assert not stream.live
    assert stream.last_seq == 4, "what did not fit was not taken in: it is fetched again after seq 4"
    room = asyncio.create_task(stream.room())
    assert await drain(stream, 1) == [1]
    await asyncio.sleep(0)
    assert not room.done()
    assert await drain(stream, 1) == [2]
    await asyncio.wait_for(room, 1)
    stream.unpause()
    for seq in range(5, 9):  # the client resubscribed after seq 4: they come again
        stream.offer(event(seq))
    assert await drain(stream, 4) == [3, 4, 5, 6]
    assert stream.paused, "full again at 7: paused again"
    assert source.paused == [stream, stream]


async def test_a_failed_stream_hands_over_what_it_holds_then_raises() -> None:
    stream = EventStream(FakeSource(), "g", after_seq=0, capacity=8)
    await stream.start()
    stream.offer(event(1))
    stream.end(ConnectionError("gone"))
    assert await drain(stream, 1) == [1]
    with pytest.raises(ConnectionError, match="gone"):
        await anext(stream)


async def test_closing_unwatches_once_and_ends_iteration() -> None:
    source = FakeSource()
    async with EventStream(source, "g", after_seq=0, capacity=8) as stream:
        assert source.watched == [stream]
        stream.offer(event(1))
        seen = [e.seq async for e in _until(stream, 1)]
    assert seen == [1]
    await stream.aclose()
    assert source.unwatched == [stream]
    assert [e async for e in stream] == []


async def _until(stream: EventStream, last: int) -> AsyncIterator[GameEvent]:
    async for e in stream:
        yield e
        if e.seq >= last:
            return
