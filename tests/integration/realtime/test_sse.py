"""GET /games/{id}/events: Server-Sent Events with `id:` = seq, Last-Event-ID resume, heartbeats,
the API's credentials (or a ticket), and the API's errors before the stream begins."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import orjson
import pytest

from goldbox.api import errors
from goldbox.api.errors import ErrorCode
from tests.integration.auth.rpc_client import result, rpc
from tests.integration.realtime.conftest import Player, Table

pytestmark = pytest.mark.timeout(30)


class Frames:
    """Parses an event stream into (fields) frames; comments are kept as {"comment": …}."""

    def __init__(self, response: httpx.Response) -> None:
        self.lines: Iterator[str] = response.iter_lines()

    def next(self) -> dict[str, str]:
        frame: dict[str, str] = {}
        for line in self.lines:
            if not line:
                if frame:
                    return frame
                continue
            name, _, value = line.partition(":")
            frame[name or "comment"] = value.removeprefix(" ")
        raise AssertionError(f"the stream ended; last partial frame {frame}")

    def events(self, count: int) -> list[dict[str, Any]]:
        """The next `count` game events (heartbeats and the retry hint skipped), id checked."""
        found: list[dict[str, Any]] = []
        while len(found) < count:
            frame = self.next()
            if frame.get("event") == "game.event":
                body = orjson.loads(frame["data"])
                assert frame["id"] == str(body["seq"])
                found.append(body)
        return found


def events_url(game_id: str, **query: object) -> str:
    return f"/games/{game_id}/events" + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def seqs(events: list[dict[str, Any]]) -> list[int]:
    return [event["seq"] for event in events]


def test_replays_then_streams_with_the_seq_as_the_event_id(table: Table) -> None:
    ada = table.player("ada")
    game_id = table.new_game(ada)
    table.act(game_id, count=3)
    with table.client.stream("GET", events_url(game_id, after_seq=1), headers=ada.headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-store"
        frames = Frames(response)
        assert frames.next() == {"retry": "2000"}
        replayed = frames.events(2)
        assert replayed[0] == {"game_id": game_id, "seq": 2, "type": "creature.moved", "data": {"n": 2}}
        table.act(game_id, count=2)
        assert seqs(replayed + frames.events(2)) == [2, 3, 4, 5]


def test_last_event_id_resumes_exactly_after_the_last_event_seen(table: Table) -> None:
    ada = table.player("ada")
    game_id = table.new_game(ada)
    table.act(game_id, count=2)
    with table.client.stream("GET", events_url(game_id), headers=ada.headers) as response:
        last_id = Frames(response).events(2)[-1]["seq"]
    table.act(game_id, count=3)  # missed while away
    resume = {**ada.headers, "Last-Event-ID": str(last_id)}
    with table.client.stream("GET", events_url(game_id, after_seq=0), headers=resume) as response:
        frames = Frames(response)
        assert seqs(frames.events(3)) == [3, 4, 5], "the header wins over ?after_seq"
        table.act(game_id)
        assert seqs(frames.events(1)) == [6]


def ticket_for(table: Table, player: Player) -> str:
    return str(result(rpc(table.client, "auth.ws_ticket", token=player.token))["ticket"])


def test_an_eventsource_authenticates_with_a_single_use_ticket(table: Table) -> None:
    ada = table.player("ada")
    game_id = table.new_game(ada)
    table.act(game_id)
    ticket = ticket_for(table, ada)
    with table.client.stream("GET", events_url(game_id, ticket=ticket)) as response:
        assert seqs(Frames(response).events(1)) == [1]
    again = table.client.get(events_url(game_id, ticket=ticket))
    assert again.json()["error"]["data"]["code"] == errors.TOKEN_INVALID.name


def assert_refused(response: httpx.Response, code: ErrorCode) -> dict[str, Any]:
    assert response.status_code == code.http_status, response.text
    data: dict[str, Any] = response.json()["error"]["data"]
    assert data["code"] == code.name
    return data


def test_refusals_are_the_apis_errors_before_any_stream(table: Table) -> None:
    ada, eve = table.player("ada"), table.player("eve")
    game_id = table.new_game(ada)
    table.act(game_id, count=2)
    get = table.client.get
    unauthenticated = get(events_url(game_id))
    assert_refused(unauthenticated, errors.UNAUTHENTICATED)
    assert unauthenticated.headers["www-authenticate"].startswith("Bearer")
    assert_refused(
        get(events_url(game_id), headers={"Authorization": "Bearer nonsense"}), errors.TOKEN_INVALID
    )
    assert_refused(get(events_url(game_id), headers=eve.headers), errors.GAME_NOT_WATCHABLE)
    assert_refused(get(events_url("no-such-game"), headers=ada.headers), errors.GAME_NOT_WATCHABLE)
    future = assert_refused(
        get(events_url(game_id, after_seq=3), headers=ada.headers), errors.SEQ_FROM_THE_FUTURE
    )
    assert future["details"]["last_seq"] == 2
    assert_refused(get(events_url(game_id, after_seq="x"), headers=ada.headers), errors.INVALID_PARAMS)
    assert_refused(
        get(events_url(game_id), headers={**ada.headers, "Last-Event-ID": "-1"}), errors.INVALID_PARAMS
    )
    assert table.services.game_events.subscriptions == 0


@pytest.mark.parametrize("settings_overrides", [{"sse_heartbeat_s": 0.1, "request_timeout_s": 0.5}])
def test_an_idle_stream_beats_and_outlives_the_request_timeout(table: Table) -> None:
    ada = table.player("ada")
    game_id = table.new_game(ada)
    with table.client.stream("GET", events_url(game_id), headers=ada.headers) as response:
        frames = Frames(response)
        assert frames.next() == {"retry": "2000"}
        for _ in range(10):  # a second of heartbeats: twice the request timeout
            assert frames.next() == {"comment": "heartbeat"}
        table.act(game_id)
        assert seqs(frames.events(1)) == [1]
