"""leaderboard.top and leaderboard.around over HTTP and the WebSocket, with scores recorded the way
the actions service records them: from the rules' events, through `Leaderboards.record_events`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient

from goldbox.api import errors
from goldbox.game.events import Event
from goldbox.service.services import Services
from tests.integration.auth.rpc_client import assert_error, result, rpc, signed_up

pytestmark = pytest.mark.timeout(30)


def services_of(app: TestClient) -> Services:
    services: Services = app.app.state.services  # type: ignore[attr-defined]
    return services


def record(app: TestClient, game_id: str, owners: dict[str, str], events: list[Event], at: datetime) -> int:
    """Record one action's events as the actions service does after acknowledging it."""
    portal = app.portal
    assert portal is not None
    counted: int = portal.call(services_of(app).leaderboards.record_events, game_id, owners, events, at)
    return counted


def names(page: dict[str, Any]) -> list[tuple[int, str, int]]:
    return [(entry["rank"], entry["user"], entry["value"]) for entry in page["entries"]]


@pytest.fixture
def played(app: TestClient) -> dict[str, str]:
    """Four players; ada, brom and cyn have played two games, dee has not played; their tokens."""
    tokens = {name: signed_up(app, name)["access_token"] for name in ("ada", "brom", "cyn", "dee")}
    ids = {
        name: result(rpc(app, "account.me", token=token))["account"]["id"] for name, token in tokens.items()
    }
    now = datetime.now(UTC)
    first = {"c-ada": ids["ada"], "c-brom": ids["brom"]}
    action = [
        Event("xp.gained", {"creature": "c-ada", "amount": 50, "xp": 1200}),
        Event("xp.gained", {"creature": "c-brom", "amount": 10, "xp": 800}),
        Event("xp.gained", {"creature": "orc-1", "amount": 5, "xp": 9999}),  # no player owns it
        Event("level.entered", {"depth": 3}),
        Event("attack.hit", {"attacker": "c-ada", "target": "orc-1"}),
    ]
    assert record(app, "game-1", first, action, now) == 4
    record(app, "game-1", first, [Event("dungeon.cleared", {"seconds": 640.7})], now)
    second = {"c-cyn": ids["cyn"]}
    earlier = now - timedelta(seconds=5)
    record(
        app, "game-2", second, [Event("xp.gained", {"creature": "c-cyn", "amount": 3, "xp": 1200})], earlier
    )
    record(app, "game-2", second, [Event("dungeon.cleared", {"seconds": 300})], earlier)
    return tokens


def test_top_ranks_ties_by_time_and_pages_meet(app: TestClient, played: dict[str, str]) -> None:
    token = played["dee"]
    first = result(rpc(app, "leaderboard.top", {"board": "xp", "period": "all", "limit": 2}, token=token))
    rest = result(rpc(app, "leaderboard.top", {"board": "xp", "limit": 2, "offset": 2}, token=token))
    assert names(first) == [(1, "cyn", 1200), (2, "ada", 1200)]  # cyn got there 5 s earlier
    assert names(rest) == [(3, "brom", 800)]
    assert first["total"] == rest["total"] == 3
    assert (first["bucket"], first["starts_at"], first["ends_at"]) == ("all", None, None)
    assert first["entries"][0]["game_id"] == "game-2"


def test_every_period_holds_todays_scores(app: TestClient, played: dict[str, str]) -> None:
    now = datetime.now(UTC)
    for period, bucket in [("day", now.strftime("%Y-%m-%d")), ("month", now.strftime("%Y-%m"))]:
        page = result(rpc(app, "leaderboard.top", {"board": "depth", "period": period}, token=played["ada"]))
        assert names(page) == [(1, "ada", 3), (2, "brom", 3)] or names(page) == [
            (1, "brom", 3),
            (2, "ada", 3),
        ]
        assert page["bucket"] == bucket
        assert datetime.fromisoformat(page["starts_at"]) <= now < datetime.fromisoformat(page["ends_at"])


def test_fastest_clear_puts_the_fewest_seconds_first(app: TestClient, played: dict[str, str]) -> None:
    page = result(
        rpc(app, "leaderboard.top", {"board": "fastest_clear", "period": "week"}, token=played["ada"])
    )
    assert (page["entries"][0]["user"], page["entries"][0]["value"]) == ("cyn", 300)
    assert sorted((entry["user"], entry["value"]) for entry in page["entries"][1:]) == [
        ("ada", 640),
        ("brom", 640),
    ]


def test_recording_the_same_action_again_counts_nothing_twice(
    app: TestClient, played: dict[str, str]
) -> None:
    before = result(rpc(app, "leaderboard.top", {"board": "xp"}, token=played["ada"]))
    ids = {entry["user"]: entry for entry in before["entries"]}
    ada = result(rpc(app, "account.me", token=played["ada"]))["account"]["id"]
    later = datetime.now(UTC)
    record(
        app,
        "game-1",
        {"c-ada": ada},
        [Event("xp.gained", {"creature": "c-ada", "amount": 50, "xp": 1200})],
        later,
    )
    after = result(rpc(app, "leaderboard.top", {"board": "xp"}, token=played["ada"]))
    assert after == before
    assert ids["ada"]["value"] == 1200


def test_around_shows_the_neighbours_of_a_named_player_or_the_caller(
    app: TestClient, played: dict[str, str]
) -> None:
    place = result(
        rpc(app, "leaderboard.around", {"board": "xp", "user": "BROM", "span": 1}, token=played["dee"])
    )
    assert (place["user"], place["rank"], place["total"]) == ("brom", 3, 3)
    assert names(place) == [(2, "ada", 1200), (3, "brom", 800)]
    mine = result(rpc(app, "leaderboard.around", {"board": "xp"}, token=played["cyn"]))
    assert (mine["user"], mine["rank"]) == ("cyn", 1)
    assert [entry["user"] for entry in mine["entries"]] == ["cyn", "ada", "brom"]


def test_a_player_without_a_score_has_no_rank(app: TestClient, played: dict[str, str]) -> None:
    place = result(rpc(app, "leaderboard.around", {"board": "depth"}, token=played["dee"]))
    assert (place["user"], place["rank"], place["entries"]) == ("dee", None, [])


def test_bad_requests_get_stable_codes(app: TestClient, played: dict[str, str]) -> None:
    token = played["ada"]
    assert_error(
        rpc(app, "leaderboard.around", {"board": "xp", "user": "nobody"}, token=token),
        errors.ACCOUNT_NOT_FOUND,
    )
    assert_error(rpc(app, "leaderboard.top", {"board": "gold"}, token=token), errors.INVALID_PARAMS)
    assert_error(
        rpc(app, "leaderboard.top", {"board": "xp", "period": "year"}, token=token), errors.INVALID_PARAMS
    )
    assert_error(
        rpc(app, "leaderboard.top", {"board": "xp", "limit": 101}, token=token), errors.INVALID_PARAMS
    )
    assert_error(
        rpc(app, "leaderboard.top", {"board": "xp", "offset": -1}, token=token), errors.INVALID_PARAMS
    )
    assert_error(rpc(app, "leaderboard.top", {"board": "xp"}), errors.UNAUTHENTICATED)


def test_an_agent_with_an_api_key_may_read_the_boards(app: TestClient, played: dict[str, str]) -> None:
    key = result(rpc(app, "apikey.create", {"name": "ranker", "role": "agent"}, token=played["ada"]))["key"]
    page = result(rpc(app, "leaderboard.top", {"board": "xp", "limit": 1}, headers={"X-API-Key": key}))
    assert names(page) == [(1, "cyn", 1200)]
    place = result(rpc(app, "leaderboard.around", {"board": "xp", "span": 0}, headers={"X-API-Key": key}))
    assert (place["user"], place["rank"]) == ("ada", 2)


def test_the_websocket_gives_the_same_answers(app: TestClient, played: dict[str, str]) -> None:
    token = played["brom"]
    calls = [
        ("leaderboard.top", {"board": "xp", "limit": 2, "offset": 1}),
        ("leaderboard.around", {"board": "fastest_clear", "period": "day", "span": 1}),
    ]
    over_http = [result(rpc(app, method, params, token=token)) for method, params in calls]
    with app.websocket_connect("/ws", headers={"Authorization": f"Bearer {token}"}) as socket:
        for n, (method, params) in enumerate(calls, start=1):
            socket.send_text(
                orjson.dumps({"jsonrpc": "2.0", "id": n, "method": method, "params": params}).decode()
            )
        replies = {reply["id"]: reply for reply in (socket.receive_json() for _ in calls)}
    assert [result(replies[n]) for n in range(1, len(calls) + 1)] == over_http


def test_the_methods_are_documented(app: TestClient) -> None:
    document = app.get("/api/openrpc.json").json()
    described = {method["name"]: method for method in document["methods"]}
    assert {"leaderboard.top", "leaderboard.around"} <= set(described)
    assert "fastest_clear" in orjson.dumps(described["leaderboard.top"]).decode()


def test_a_clear_without_seconds_is_timed_from_the_games_creation(
    app: TestClient, played: dict[str, str]
) -> None:
    portal = app.portal
    assert portal is not None
    portal.call(services_of(app).games.create, "game-3", "rpg", 7, {})
    dee = result(rpc(app, "account.me", token=played["dee"]))["account"]["id"]
    cleared = Event("dungeon.cleared", {"depth": 2, "party": ["c-dee"]})
    record(app, "game-3", {"c-dee": dee}, [cleared], datetime.now(UTC) + timedelta(seconds=90))
    place = result(rpc(app, "leaderboard.around", {"board": "fastest_clear", "span": 0}, token=played["dee"]))
    [entry] = place["entries"]
    assert (entry["user"], entry["game_id"]) == ("dee", "game-3")
    assert 89 <= entry["value"] <= 91
