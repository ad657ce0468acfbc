"""A match from its creation to its replay over the API: seats, the start, sealed actions, rounds
resolved as the last awaited seat acts, the end, and the replay that reveals every round."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.genius_toy_games import COUNTDOWN, HIGHEST
from tests.integration.genius.match_helpers import log, of_type, state
from tests.integration.play.conftest import code, ok, player, services

pytestmark = pytest.mark.timeout(90)


def test_genius_games_lists_each_game_with_its_options_and_bots(app: TestClient) -> None:
    ada = player(app, "ada")
    games = {game["name"]: game for game in ok(ada("genius.games"))["games"]}
    highest = games[HIGHEST]
    assert (highest["title"], highest["min_players"], highest["max_players"]) == (
        "Highest Number (test)",
        2,
        4,
    )
    assert highest["options_schema"]["properties"]["rounds"]["default"] == 3
    assert {bot["strategy"] for bot in highest["strategies"]} == {
        "random",
        "nine",
        "lucky",
        "broken",
        "cheat",
    }
    assert [bot["strategy"] for bot in games[COUNTDOWN]["strategies"]] == ["random"]


def test_two_players_play_a_match_to_its_end_and_replay_it(app: TestClient) -> None:
    ada, bob = player(app, "ada"), player(app, "bob")
    made = ok(ada("match.create", game=HIGHEST, options={"rounds": 2}, max_players=2, round_deadline_s=600))
    match_id = made["id"]
    assert made["status"] == "open"
    assert made["round"] == 0
    assert made["round_deadline"] is None
    assert made["seats"] == [
        {
            "seat": 0,
            "kind": "human",
            "name": "ada",
            "account_id": made["creator"],
            "strategy": None,
            "left": False,
        }
    ]
    joined = ok(bob("match.join", match_id=match_id))
    assert [seat["name"] for seat in joined["seats"]] == ["ada", "bob"]
    started = ok(bob("match.start", match_id=match_id))
    assert (started["status"], started["round"]) == ("running", 1)
    assert started["round_deadline"] is not None

    picks = [(7, 3), (2, 2)]
    for round_number, (ada_pick, bob_pick) in enumerate(picks, start=1):
        first = ok(ada("match.act", match_id=match_id, action={"number": ada_pick}, round=round_number))
        assert first["sealed"] == {"number": ada_pick}
        assert not first["resolved"]
        assert first["round"] == round_number
        mine = state(ada, match_id)
        assert (mine["you"], mine["sealed"], mine["acted"], mine["legal"]) == (
            0,
            {"number": ada_pick},
            [0],
            {},
        )
        theirs = state(bob, match_id)
        assert (theirs["you"], theirs["sealed"], theirs["acted"]) == (1, None, [0])
        assert theirs["legal"] == {"numbers": list(range(10))}
        assert len(theirs["view"]["history"]) == round_number - 1, "nothing of this round is shown yet"
        last = ok(bob("match.act", match_id=match_id, action={"number": bob_pick}))
        assert last["resolved"]
        assert last["round"] == round_number

    over = state(ada, match_id)["match"]
    assert over["status"] == "finished"
    assert over["round_deadline"] is None
    assert over["outcome"] == {"scores": [2.0, 1.0], "winners": [0]}
    events = log(app, match_id)
    assert [e.seq for e in events] == list(range(1, over["version"] + 1))
    assert len(of_type(events, "match.finished")) == 1

    replay = ok(bob("match.replay", match_id=match_id))
    assert replay["outcome"] == over["outcome"]
    assert [r["round"] for r in replay["rounds"]] == [1, 2]
    for played, (ada_pick, bob_pick) in zip(replay["rounds"], picks, strict=True):
        assert played["actions"] == {"0": {"number": ada_pick}, "1": {"number": bob_pick}}
        assert any(e["type"] == "highest.round" for e in played["events"])
        assert {e["data"]["seat"] for e in played["events"] if e["type"] == "highest.note"} == {0, 1}
    assert {e["data"]["seat"] for e in replay["setup"] if e["type"] == "highest.dealt"} == {0, 1}

    swept = app.portal.call(services(app).score_keeper.sweep)  # type: ignore[union-attr]
    assert swept.caught_up == 0, "a match earns no RPG scores: the leaderboard sweep finds it up to date"


def test_a_game_of_turns_awaits_one_seat_at_a_time(app: TestClient) -> None:
    ada, bob = player(app, "ada"), player(app, "bob")
    match_id = ok(ada("match.create", game=COUNTDOWN, options={"start": 3}, max_players=2))["id"]
    ok(bob("match.join", match_id=match_id))
    ok(ada("match.start", match_id=match_id))
    assert state(ada, match_id)["awaiting"] == [0]
    assert state(bob, match_id)["legal"] == {}
    refused = bob("match.act", match_id=match_id, action={"take": 1})
    assert code(refused) == "GBX_NOT_YOUR_TURN"
    assert refused["error"]["data"]["details"]["awaiting"] == [0]
    assert ok(ada("match.act", match_id=match_id, action={"take": 2}))["resolved"]
    assert state(bob, match_id)["legal"] == {"take": [1]}
    done = ok(bob("match.act", match_id=match_id, action={"take": 1}))
    assert done["match"]["outcome"] == {"scores": [0.0, 1.0], "winners": [1]}


def test_match_list_filters_by_game_and_status_newest_first(app: TestClient) -> None:
    ada = player(app, "ada")
    first = ok(ada("match.create", game=HIGHEST, join=False))["id"]
    second = ok(ada("match.create", game=COUNTDOWN))["id"]
    third = ok(ada("match.create", game=HIGHEST, max_players=2))["id"]
    ok(ada("match.add_bot", match_id=third, strategy="nine"))
    ok(ada("match.start", match_id=third))
    listed = [m["id"] for m in ok(ada("match.list"))["matches"]]
    assert listed[:3] == [third, second, first]
    assert [m["id"] for m in ok(ada("match.list", game=HIGHEST))["matches"]] == [third, first]
    assert [m["id"] for m in ok(ada("match.list", status="open"))["matches"]] == [second, first]
    assert [m["id"] for m in ok(ada("match.list", game=HIGHEST, status="running"))["matches"]] == [third]
    assert ok(ada("match.list", game="no_such_game"))["matches"] == []
