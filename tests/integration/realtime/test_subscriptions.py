"""game.subscribe / game.unsubscribe over the WebSocket: replay then live, resume after a drop with
nothing missed, a slow socket closed with 4009 while others go on, and every refusal's code."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from starlette.websockets import WebSocketDisconnect

from goldbox.api import errors
from goldbox.api.errors import ErrorCode
from goldbox.api.methods.subscriptions import CLOSE_RESUME
from goldbox.transport.websocket import RpcSocket
from tests.integration.auth.rpc_client import rpc
from tests.integration.realtime.conftest import Reader, Table

pytestmark = pytest.mark.timeout(30)

WS = "/ws"


def assert_refused(reply: Any, code: ErrorCode) -> dict[str, Any]:
    assert "error" in reply, reply
    assert reply["error"]["data"]["code"] == code.name, reply
    data: dict[str, Any] = reply["error"]["data"]
    return data


def test_replays_the_missed_events_then_streams_live_ones(table: Table) -> None:
    ada = table.player("ada")
    game_id = table.new_game(ada)
    table.act(game_id, count=3)
    with table.client.websocket_connect(WS, headers=ada.headers) as socket:
        reader = Reader(socket)
        reply = reader.rpc("game.subscribe", {"game_id": game_id, "after_seq": 1})
        assert reply["result"] == {"game_id": game_id, "after_seq": 1, "last_seq": 3}
        assert reader.seqs_until(3) == [2, 3]
        table.act(game_id, count=2)
        assert reader.seqs_until(5) == [2, 3, 4, 5]
        assert reader.events[0] == {"game_id": game_id, "seq": 2, "type": "creature.moved", "data": {"n": 2}}


def test_a_dropped_socket_resumes_with_exactly_the_missed_events(table: Table) -> None:
    ada = table.player("ada")
    game_id = table.new_game(ada)
    with table.client.websocket_connect(WS, headers=ada.headers) as socket:
        reader = Reader(socket)
        reader.rpc("game.subscribe", {"game_id": game_id})
        table.act(game_id, count=3)
        assert reader.seqs_until(3) == [1, 2, 3]
        held = reader.events[-1]["seq"]
    table.act(game_id, count=2)  # while the player is away
    table.act(game_id)
    assert table.services.game_events.subscriptions == 0, "the closed socket's subscription ended"
    with table.client.websocket_connect(WS, headers=ada.headers) as socket:
        reader = Reader(socket)
        assert (
            reader.rpc("game.subscribe", {"game_id": game_id, "after_seq": held})["result"]["last_seq"] == 6
        )
        assert reader.seqs_until(6) == [4, 5, 6]
        table.act(game_id)
        assert reader.seqs_until(7) == [4, 5, 6, 7]
        reader.quiet()
        assert [e["seq"] for e in reader.events] == [4, 5, 6, 7], "no duplicate across the hand-over"


def test_one_player_sees_what_another_players_action_logged(table: Table) -> None:
    ada, bob = table.player("ada"), table.player("bob")
    game_id = table.new_game(ada, bob)
    with (
        table.client.websocket_connect(WS, headers=ada.headers) as ada_socket,
        table.client.websocket_connect(WS, headers=bob.headers) as bob_socket,
    ):
        ada_reader, bob_reader = Reader(ada_socket), Reader(bob_socket)
        for reader in (ada_reader, bob_reader):
            reader.rpc("game.subscribe", {"game_id": game_id})
        table.act(game_id, count=2)
        table.act(game_id, audience=[ada.account_id])
        assert ada_reader.seqs_until(3) == [1, 2, 3]
        assert bob_reader.seqs_until(2) == [1, 2]
        bob_reader.quiet()
        assert [e["seq"] for e in bob_reader.events] == [1, 2], "seq 3 was for ada only"
        assert ada_reader.events[2]["data"] == {"n": 3}, "the audience stays on the server"


@pytest.fixture
def stuck_sockets(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Usernames whose sockets cannot take game events (a client that stopped reading)."""
    stuck: set[str] = set()
    send = RpcSocket.notify

    async def notify(self: RpcSocket, method: str, params: dict[str, Any]) -> None:
        if method == "game.event" and self.principal is not None and self.principal.username in stuck:
            await asyncio.Event().wait()
        await send(self, method, params)

    monkeypatch.setattr(RpcSocket, "notify", notify)
    return stuck


@pytest.mark.parametrize("settings_overrides", [{"event_queue_size": 4}])
def test_a_slow_socket_is_closed_with_a_resume_code_and_the_others_go_on(
    table: Table, stuck_sockets: set[str]
) -> None:
    ada, bob = table.player("ada"), table.player("bob")
    stuck_sockets.add("bob")
    game_id = table.new_game(ada, bob)
    with (
        table.client.websocket_connect(WS, headers=ada.headers) as ada_socket,
        table.client.websocket_connect(WS, headers=bob.headers) as bob_socket,
    ):
        ada_reader, bob_reader = Reader(ada_socket), Reader(bob_socket)
        for reader in (ada_reader, bob_reader):
            reader.rpc("game.subscribe", {"game_id": game_id})
        for _ in range(10):
            table.act(game_id)
        assert ada_reader.seqs_until(10) == list(range(1, 11))
        bob_reader.read_one()
        assert bob_reader.notices == [
            {
                "jsonrpc": "2.0",
                "method": "game.resume",
                "params": {"game_id": game_id, "after_seq": 0, "reason": "too_slow"},
            }
        ]
        with pytest.raises(WebSocketDisconnect) as closed:
            bob_reader.read_one()
        assert closed.value.code == CLOSE_RESUME
        table.act(game_id)
        assert ada_reader.seqs_until(11)[-1] == 11, "the fast socket never noticed"
    stuck_sockets.clear()
    with table.client.websocket_connect(WS, headers=bob.headers) as socket:
        reader = Reader(socket)
        reader.rpc("game.subscribe", {"game_id": game_id, "after_seq": 0})
        assert reader.seqs_until(11) == list(range(1, 12)), "bob resumes from where he was cut off"


def test_over_http_the_methods_say_to_use_the_websocket(table: Table) -> None:
    ada = table.player("ada")
    game_id = table.new_game(ada)
    for method in ("game.subscribe", "game.unsubscribe"):
        data = assert_refused(
            rpc(table.client, method, {"game_id": game_id}, token=ada.token), errors.WEBSOCKET_ONLY
        )
        assert data["details"] == {"sse": "GET /games/{game_id}/events"}


def test_bad_subscriptions_get_stable_codes_and_change_nothing(table: Table) -> None:
    ada, eve = table.player("ada"), table.player("eve")
    game_id = table.new_game(ada)
    table.act(game_id, count=2)
    with table.client.websocket_connect(WS, headers=eve.headers) as socket:
        reader = Reader(socket)
        assert_refused(reader.rpc("game.subscribe", {"game_id": game_id}), errors.GAME_NOT_WATCHABLE)
    with table.client.websocket_connect(WS) as socket:
        reader = Reader(socket)
        assert_refused(reader.rpc("game.subscribe", {"game_id": game_id}), errors.UNAUTHENTICATED)
    with table.client.websocket_connect(WS, headers=ada.headers) as socket:
        reader = Reader(socket)
        refusals: list[tuple[dict[str, Any], ErrorCode]] = [
            ({"game_id": "no-such-game"}, errors.GAME_NOT_WATCHABLE),
            ({"game_id": game_id, "after_seq": 3}, errors.SEQ_FROM_THE_FUTURE),
            ({"game_id": game_id, "after_seq": -1}, errors.INVALID_PARAMS),
        ]
        for params, code in refusals:
            assert_refused(reader.rpc("game.subscribe", params), code)
        assert_refused(reader.rpc("game.unsubscribe", {"game_id": game_id}), errors.NOT_SUBSCRIBED)
        assert table.services.game_events.subscriptions == 0
        assert reader.rpc("game.subscribe", {"game_id": game_id, "after_seq": 2})["result"]["last_seq"] == 2
        assert_refused(reader.rpc("game.subscribe", {"game_id": game_id}), errors.ALREADY_SUBSCRIBED)
        table.act(game_id)
        assert reader.seqs_until(3) == [3], "the refused calls changed nothing"


@pytest.mark.parametrize("settings_overrides", [{"ws_max_subscriptions": 3}])
def test_a_socket_watches_at_most_the_configured_number_of_games(table: Table) -> None:
    ada = table.player("ada")
    games = [table.new_game(ada) for _ in range(4)]
    with table.client.websocket_connect(WS, headers=ada.headers) as socket:
        reader = Reader(socket)
        for game_id in games[:3]:
            assert "result" in reader.rpc("game.subscribe", {"game_id": game_id})
        data = assert_refused(
            reader.rpc("game.subscribe", {"game_id": games[3]}), errors.TOO_MANY_SUBSCRIPTIONS
        )
        assert data["details"] == {"max": 3, "watching": sorted(games[:3])}
        assert reader.rpc("game.unsubscribe", {"game_id": games[0]})["result"] == {
            "game_id": games[0],
            "last_seq": 0,
        }
        assert "result" in reader.rpc("game.subscribe", {"game_id": games[3]})
        table.act(games[0])
        table.act(games[3])
        assert reader.seqs_until(1, games[3]) == [1]
        reader.quiet()
        assert [e["game_id"] for e in reader.events] == [games[3]], "nothing from the game left"


def test_live_events_say_when_they_were_published_and_replayed_ones_do_not(table: Table) -> None:
    ada = table.player("ada")
    game_id = table.new_game(ada)
    table.act(game_id, count=1)
    with table.client.websocket_connect(WS, headers=ada.headers) as socket:
        reader = Reader(socket)
        reader.rpc("game.subscribe", {"game_id": game_id, "after_seq": 0})
        reader.seqs_until(1)
        before = time.time()
        table.act(game_id, count=1)
        reader.seqs_until(2)
        replayed, live = reader.events
        assert "published_at" not in replayed
        assert before <= live["published_at"] <= time.time()
