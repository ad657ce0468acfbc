"""Losing the socket: the client reconnects, authenticates again and resubscribes after the last seq it
holds, so a game's events arrive once each and in order, with none lost, however the socket died."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from goldbox.client import Backoff, ConnectionLost, EventStream, GoldboxClient, GoldboxError
from goldbox.store.models import GamePlayerRecord
from tests.integration.client.conftest import Served, until

pytestmark = pytest.mark.timeout(60)

QUIET_S = 0.3
"""How long to listen for an event that should not come (a duplicate)."""


async def read_until(stream: EventStream, seq: int) -> list[int]:
    """The seqs read up to and including `seq` (bounded)."""
    seqs: list[int] = []
    async with asyncio.timeout(10):
        async for event in stream:
            seqs.append(event.seq)
            if event.seq >= seq:
                return seqs
    raise AssertionError(f"the stream ended at {seqs[-1:]} before seq {seq}")


async def nothing_more(stream: EventStream) -> None:
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(anext(stream), QUIET_S)


@pytest.mark.parametrize("failure", ["network_cut", "server_close", "token_expired_close"])
async def test_events_survive_a_dropped_socket_without_loss_or_repeat(served: Served, failure: str) -> None:
    account = await served.register("ada")
    game_id = await served.game_with(account)
    await served.act(game_id, 3)
    async with served.player("ada") as client, client.subscribe(game_id) as events:
        assert await read_until(events, 3) == [1, 2, 3]
        await served.act(game_id, 2)
        assert await read_until(events, 5) == [4, 5]

        if failure == "network_cut":
            served.proxy.cut()  # no closing handshake: the cable is pulled
        else:
            served.proxy.hold()  # the client cannot come back until the events below are logged
            code = 4002 if failure == "token_expired_close" else 1012
            await served.close_sockets(code, failure)
        await until(lambda: not client.connected)
        await served.act(game_id, 4)  # logged while the client is away: replayed on its return
        served.proxy.restore()

        await until(lambda: client.connected)
        await served.act(game_id, 3)  # live again
        assert await read_until(events, 12) == list(range(6, 13))
        await nothing_more(events)
        assert client.reconnects == 1
        assert await client.call("account.me") is not None


async def test_many_drops_in_a_row_lose_nothing(served: Served) -> None:
    account = await served.register("ada")
    game_id = await served.game_with(account)
    seen: list[int] = []
    async with served.player("ada") as client, client.subscribe(game_id) as events:
        for round_ in range(5):
            await served.act(game_id, 2)
            served.proxy.cut()
            await until(lambda: not client.connected)
            await served.act(game_id, 2)
            served.proxy.restore()
            seen += await read_until(events, 4 * (round_ + 1))
        await nothing_more(events)
        assert client.reconnects == 5
    assert seen == list(range(1, 21))


async def test_a_reader_that_falls_behind_loses_nothing(served: Served) -> None:
    """A buffer of 4 and 40 events at once: the stream pauses, catches up, and still shows each once."""
    account = await served.register("ada")
    game_id = await served.game_with(account)
    async with served.player("ada", event_buffer=4) as client, client.subscribe(game_id) as events:
        await served.act(game_id, 40)
        await until(lambda: events.paused)
        assert await read_until(events, 40) == list(range(1, 41))
        await nothing_more(events)


async def test_the_servers_resume_notice_is_followed(served: Served) -> None:
    """A subscription the server ended by itself (`game.resume`, e.g. its database failed) is taken
    up again after the last seq, on the same socket."""
    account = await served.register("ada")
    game_id = await served.game_with(account)
    async with served.player("ada") as client, client.subscribe(game_id) as events:
        await served.act(game_id, 2)
        assert await read_until(events, 2) == [1, 2]
        for subscription in list(served.services.game_events.by_connection.values()):
            watching = subscription[game_id]
            assert watching is not None
            watching._end("unavailable")
        await served.act(game_id, 3)
        assert await read_until(events, 5) == [3, 4, 5]
        await nothing_more(events)
        assert client.reconnects == 0


async def test_a_client_that_cannot_come_back_gives_up(served: Served) -> None:
    account = await served.register("ada")
    game_id = await served.game_with(account)
    patient = Backoff(first_s=0.05, max_s=0.1, give_up_after_s=0.5)
    async with served.player("ada", backoff=patient) as client, client.subscribe(game_id) as events:
        served.proxy.cut()
        with pytest.raises(ConnectionLost):
            await read_until(events, 1)
        with pytest.raises(ConnectionLost, match="stopped reconnecting"):
            await client.call("system.ping")


async def test_an_api_key_client_reconnects_with_its_key(served: Served) -> None:
    account = await served.register("ada")
    game_id = await served.game_with(account)
    async with served.player("ada") as owner:
        key = (await owner.call("apikey.create", {"name": "agent"}))["key"]
    async with GoldboxClient(served.url, api_key=key, backoff=Backoff(first_s=0.05, max_s=0.5)) as agent:
        async with agent.subscribe(game_id) as events:
            await served.act(game_id, 1)
            assert await read_until(events, 1) == [1]
            served.proxy.cut()
            await until(lambda: not agent.connected)
            await served.act(game_id, 1)
            served.proxy.restore()
            assert await read_until(events, 2) == [2]
        me = await agent.call("account.me")
    assert me["auth"] == "api_key"


async def test_a_game_one_may_not_watch_is_refused_at_subscribe(served: Served) -> None:
    await served.register("ada")
    other = await served.register("bob")
    game_id = await served.game_with(other)
    async with served.player("ada") as client:
        with pytest.raises(GoldboxError) as refused:
            async with client.subscribe(game_id):
                pass
        assert refused.value.code == "GBX_GAME_NOT_WATCHABLE"
        with pytest.raises(GoldboxError) as refused:
            await anext(client.subscribe("no-such-game"))
        assert refused.value.code == "GBX_GAME_NOT_WATCHABLE"
        with pytest.raises(GoldboxError):  # refused again, not "already watched": nothing was kept
            await client.subscribe(game_id).start()


async def test_a_stream_the_server_no_longer_allows_ends_with_the_refusal(served: Served) -> None:
    """The player left the game while the client was away: resubscribing is refused, and the
    stream ends with that refusal (after the events it already holds); the client carries on."""
    account = await served.register("ada")
    game_id = await served.game_with(account)
    async with served.player("ada") as client, client.subscribe(game_id) as events:
        await served.act(game_id, 1)
        assert await read_until(events, 1) == [1]
        await served.act(game_id, 1)  # held by the stream, unread, when the refusal comes
        await until(lambda: events.last_seq == 2)
        served.proxy.cut()
        await until(lambda: not client.connected)
        async with served.services.sessions.begin() as session:
            await session.execute(
                update(GamePlayerRecord)
                .where(GamePlayerRecord.game_id == game_id)
                .values(left_at=datetime.now(UTC))
            )
        served.proxy.restore()
        assert await read_until(events, 2) == [2]
        with pytest.raises(GoldboxError) as refused:
            await read_until(events, 3)
        assert refused.value.code == "GBX_GAME_NOT_WATCHABLE"
        assert await client.call("system.ping", idempotent=True) == {"pong": True}
