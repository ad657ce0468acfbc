"""Rounds resolve by themselves: at the players' deadline (missing actions become the default), at
the end of a pace, or at once when only bots are awaited; a process's sweep resolves the rounds of
a process that died; two processes racing on one deadline resolve it once. Short deadlines and
bounded waits keep these fast."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from goldbox.service.game_events import AUDIENCE
from goldbox.store.models import GameRecord
from tests.genius_toy_games import HIGHEST
from tests.integration.genius.match_helpers import finished, log, of_type, state, wait_for
from tests.integration.play.conftest import Database, Player, code, ok, player, server, services

pytestmark = pytest.mark.timeout(90)


def _revealed(app: TestClient, match_id: str) -> dict[int, dict[str, dict[str, int]]]:
    return {e.data["round"]: e.data["actions"] for e in of_type(log(app, match_id), "round.revealed")}


def _deadline_column(app: TestClient, match_id: str) -> datetime | None:
    async def read() -> datetime | None:
        async with services(app).sessions() as session:
            found: datetime | None = await session.scalar(
                select(GameRecord.turn_deadline).where(GameRecord.id == match_id)
            )
            return found

    assert app.portal is not None
    return app.portal.call(read)


def _measured(app: TestClient, count: int) -> None:
    """The process's clock measured the lateness of `count` resolutions (it records each once the
    change's listeners have run, a moment after the commit the log shows)."""
    lateness = services(app).matches.clock.lateness
    wait_for(lambda: len(lateness()) >= count, "the lateness to be recorded")
    assert len(lateness()) == count
    assert all(late >= 0 for late in lateness()), "never before its moment"


def _two_seated(app: TestClient, rounds: int = 2, deadline_s: int = 2) -> tuple[Player, Player, str]:
    ada, bob = player(app, "ada"), player(app, "bob")
    match_id = ok(
        ada(
            "match.create",
            game=HIGHEST,
            options={"rounds": rounds},
            max_players=2,
            round_deadline_s=deadline_s,
        )
    )["id"]
    ok(bob("match.join", match_id=match_id))
    started = ok(ada("match.start", match_id=match_id))
    assert _deadline_column(app, match_id) == datetime.fromisoformat(started["round_deadline"])
    return ada, bob, match_id


def test_a_missing_action_becomes_the_default_at_the_deadline(app: TestClient) -> None:
    ada, bob, match_id = _two_seated(app)
    ok(ada("match.act", match_id=match_id, action={"number": 5}, round=1))
    defaulted = wait_for(lambda: of_type(log(app, match_id), "round.defaulted"), "the deadline")
    assert {k: v for k, v in defaulted[0].data.items() if k != AUDIENCE} == {"round": 1, "seats": [1]}
    assert _revealed(app, match_id)[1] == {"0": {"number": 5}, "1": {"number": 0}}
    late = bob("match.act", match_id=match_id, action={"number": 9}, round=1)
    assert code(late) == "GBX_ROUND_CLOSED"
    assert late["error"]["data"]["details"] == {"round": 1, "current_round": 2}
    assert state(ada, match_id)["match"]["round"] == 2
    wait_for(lambda: finished(ada, match_id), "the second deadline")  # nobody acts: both default
    assert _revealed(app, match_id)[2] == {"0": {"number": 0}, "1": {"number": 0}}
    assert _deadline_column(app, match_id) is None, "a finished match waits for nothing"
    _measured(app, 2)


def test_a_match_of_bots_plays_to_its_end_at_once(app: TestClient) -> None:
    ada = player(app, "ada")
    match_id = ok(ada("match.create", game=HIGHEST, options={"rounds": 3}, join=False))["id"]
    for strategy in ("nine", "lucky", "broken", "cheat"):
        ok(ada("match.add_bot", match_id=match_id, strategy=strategy))
    over = ok(ada("match.start", match_id=match_id))
    assert over["status"] == "finished"
    assert [seat["name"] for seat in over["seats"]] == [
        "nine (bot)",
        "lucky (bot)",
        "broken (bot)",
        "cheat (bot)",
    ]
    lucky = of_type(log(app, match_id), "highest.dealt")[1].data["lucky"]
    for actions in _revealed(app, match_id).values():
        assert actions["0"] == {"number": 9}
        assert actions["1"] == {"number": lucky}, "a bot chooses from its own seat's view"
        assert actions["2"] == actions["3"] == {"number": 0}, "a failing or cheating bot plays the default"
    assert over["outcome"]["winners"] == ([0, 1] if lucky == 9 else [0])
    assert _deadline_column(app, match_id) is None


def test_a_paced_match_of_bots_runs_to_its_end_by_itself(app: TestClient) -> None:
    ada = player(app, "ada")
    match_id = ok(ada("match.create", game=HIGHEST, options={"rounds": 3}, join=False, pace_s=0.2))["id"]
    ok(ada("match.add_bot", match_id=match_id, strategy="nine"))
    ok(ada("match.add_bot", match_id=match_id, strategy="random"))
    started = ok(ada("match.start", match_id=match_id))
    assert (started["status"], started["round"]) == ("running", 1), "a round waits for its pace"
    at_start = [e for e in log(app, match_id) if e.seq <= started["version"]]
    sealed = [e.data["seat"] for e in of_type(at_start, "round.action_sealed")]
    assert sealed == [0, 1], "the bots sealed as the round opened"
    over = wait_for(lambda: finished(ada, match_id), "the paced rounds")
    assert over["round"] == 3
    assert sorted(_revealed(app, match_id)) == [1, 2, 3]
    assert of_type(log(app, match_id), "round.defaulted") == []
    _measured(app, 3)


def test_a_player_who_leaves_a_running_match_plays_the_default(app: TestClient) -> None:
    ada, bob, match_id = _two_seated(app, rounds=2, deadline_s=600)
    left = ok(bob("match.leave", match_id=match_id))
    assert [seat["left"] for seat in left["seats"]] == [False, True]
    assert state(ada, match_id)["acted"] == [1]
    assert ok(ada("match.act", match_id=match_id, action={"number": 4}))["resolved"]
    assert ok(ada("match.act", match_id=match_id, action={"number": 4}))["match"]["status"] == "finished"
    assert _revealed(app, match_id) == {r: {"0": {"number": 4}, "1": {"number": 0}} for r in (1, 2)}
    assert code(bob("match.act", match_id=match_id, action={"number": 1})) == "GBX_MATCH_NOT_RUNNING"


def test_leaving_before_the_start_frees_the_seat(app: TestClient) -> None:
    ada, bob, cat = player(app, "ada"), player(app, "bob"), player(app, "cat")
    match_id = ok(ada("match.create", game=HIGHEST, max_players=3))["id"]
    ok(bob("match.join", match_id=match_id))
    ok(cat("match.join", match_id=match_id))
    seats = ok(bob("match.leave", match_id=match_id))["seats"]
    assert [(seat["seat"], seat["name"]) for seat in seats] == [(0, "ada"), (1, "cat")]
    assert code(bob("match.act", match_id=match_id, action={"number": 1})) == "GBX_MATCH_NOT_RUNNING"
    assert ok(bob("match.join", match_id=match_id))["seats"][2]["name"] == "bob"


def test_a_sweep_resolves_the_rounds_of_a_process_that_died(database: Database) -> None:
    with server(database) as gone, server(database) as alive:
        assert gone.portal is not None
        gone.portal.call(services(gone).matches.clock.close)  # its timers die with it
        _ada, _bob, match_id = _two_seated(gone, rounds=1)
        over = wait_for(lambda: of_type(log(alive, match_id), "match.finished"), "the other process's sweep")
        assert over
        assert _revealed(alive, match_id)[1] == {"0": {"number": 0}, "1": {"number": 0}}
        _measured(alive, 1)
        assert services(gone).matches.clock.lateness() == []


def test_two_processes_racing_on_one_deadline_resolve_it_once(database: Database) -> None:
    with server(database) as one, server(database) as two:
        clocks = [services(one).matches, services(two).matches]
        for app, matches in zip((one, two), clocks, strict=True):
            assert app.portal is not None
            app.portal.call(matches.clock.close)  # resolved by hand below, both at once
        ada, _bob, match_id = _two_seated(one, rounds=2)
        ok(ada("match.act", match_id=match_id, action={"number": 3}))
        time.sleep(2.1)  # past the two-second deadline
        with ThreadPoolExecutor(max_workers=2) as pool:
            racing = [
                pool.submit(app.portal.call, matches.resolve_due, match_id)  # type: ignore[union-attr]
                for app, matches in zip((one, two), clocks, strict=True)
            ]
            due = [future.result() for future in racing]
        assert sum(found is not None for found in due) == 1, due
        events = log(one, match_id)
        assert len(of_type(events, "round.defaulted")) == 1
        assert [e.data["round"] for e in of_type(events, "round.revealed")] == [1]
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert ok(ada("match.state", match_id=match_id))["match"]["round"] == 2
