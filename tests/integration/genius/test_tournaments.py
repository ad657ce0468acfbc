"""Tournaments over the API: a round robin of bots plays itself to the end with the right points and
moves the bots' ratings; a swiss pairs by points; players take part through their own matches;
refusals have stable codes."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.integration.genius.match_helpers import wait_for
from tests.integration.play.conftest import Player, code, ok, player

pytestmark = pytest.mark.timeout(120)

PD = "prisoners_dilemma"
SHORT = {"max_rounds": 12}
FOUR_BOTS = [{"kind": "bot", "strategy": s} for s in ("tit_for_tat", "grim_trigger", "pavlov", "random")]


def finished(someone: Player, tournament_id: str) -> dict[str, Any] | None:
    shown: dict[str, Any] = ok(someone("tournament.get", tournament_id=tournament_id))
    return shown if shown["status"] == "finished" else None


def points_from_tables(tournament: dict[str, Any]) -> Counter[int]:
    """Each entrant's points, worked out here from every table's winners: a sole winner 100, a
    shared win 30, anything else 0."""
    points: Counter[int] = Counter()
    for round_ in tournament["schedule"]:
        for table in round_["tables"]:
            winners = table["winners"]
            for seat, entrant in enumerate(table["entrants"]):
                points[entrant] += (100 if len(winners) == 1 else 30) if seat in winners else 0
    return points


def test_a_round_robin_of_bots_plays_itself_out_and_rates_the_bots(app: TestClient) -> None:
    ada = player(app, "ada")
    made = ok(ada("tournament.create", game=PD, format="round_robin", entrants=FOUR_BOTS, options=SHORT))
    assert (made["rounds"], made["table_size"], made["status"]) == (3, 2, "running")
    assert [e["name"] for e in made["entrants"]] == ["tit_for_tat", "grim_trigger", "pavlov", "random"]
    assert [len(round_["tables"]) for round_ in made["schedule"]] == [2]

    done = wait_for(lambda: finished(ada, made["id"]), "the tournament to finish")
    assert done["round"] == 3
    tables = [table for round_ in done["schedule"] for table in round_["tables"]]
    assert len(tables) == 6
    assert {frozenset(t["entrants"]) for t in tables} == {
        frozenset(pair) for pair in itertools.combinations(range(4), 2)
    }
    assert all(t["status"] == "finished" and t["match_id"] for t in tables)
    expected = points_from_tables(done)
    standings = done["standings"]
    assert {row["entrant"]: row["points"] for row in standings} == {e: expected[e] for e in range(4)}
    assert [row["rank"] for row in standings] == [1, 2, 3, 4]
    assert [row["points"] for row in standings] == sorted((row["points"] for row in standings), reverse=True)
    assert all(row["wins"] + row["draws"] + row["losses"] == 3 for row in standings)
    assert done["leader"] == standings[0]["name"]

    for table in tables:  # each table's match is a finished match of the tournament
        match = ok(ada("match.state", match_id=table["match_id"]))["match"]
        assert (match["status"], match["tournament_id"]) == ("finished", made["id"])
        assert [s["strategy"] for s in match["seats"]] == [
            made["entrants"][e]["strategy"] for e in table["entrants"]
        ]
        assert match["outcome"]["winners"] == table["winners"]

    ratings = ok(ada("rating.list", game=PD))["entries"]
    assert sorted(entry["name"] for entry in ratings) == ["grim_trigger", "pavlov", "random", "tit_for_tat"]
    assert all(entry["kind"] == "bot" and entry["matches"] == 3 and entry["rd"] < 350 for entry in ratings)
    assert [entry["rank"] for entry in ratings] == [1, 2, 3, 4]
    assert [entry["rating"] for entry in ratings] == sorted((e["rating"] for e in ratings), reverse=True)
    listed = ok(ada("tournament.list", status="finished"))["tournaments"]
    assert [(t["id"], t["leader"]) for t in listed] == [(made["id"], done["leader"])]


def test_a_swiss_pairs_by_points_without_rematches(app: TestClient) -> None:
    ada = player(app, "ada")
    bots = [
        {"kind": "bot", "strategy": s}
        for s in ("always_defect", "always_cooperate", "tit_for_tat", "grim_trigger", "pavlov")
    ]
    made = ok(ada("tournament.create", game=PD, format="swiss", entrants=bots, rounds=3, options=SHORT))
    assert made["rounds"] == 3
    first = made["schedule"][0]
    assert [t["entrants"] for t in first["tables"]] == [[0, 1], [2, 3]]  # entry order is the seeding
    assert first["byes"] == [4]
    done = wait_for(lambda: finished(ada, made["id"]), "the swiss to finish")
    pairs = [frozenset(t["entrants"]) for r in done["schedule"] for t in r["tables"]]
    assert len(pairs) == len(set(pairs)) == 6
    byes = [bye for r in done["schedule"] for bye in r["byes"]]
    assert len(byes) == len(set(byes)) == 3  # nobody sits out twice
    expected = points_from_tables(done)
    for bye in byes:
        expected[bye] += 100  # a swiss bye is worth a win
    assert {row["entrant"]: row["points"] for row in done["standings"]} == {e: expected[e] for e in range(5)}
    assert all(row["buchholz"] is not None for row in done["standings"])


def test_players_play_their_tables_and_reach_the_board(app: TestClient) -> None:
    """Two players who never act: every round defaults at its deadline, and the tournament still
    ends; their ratings reach the game's leaderboard."""
    ada, bob = player(app, "ada"), player(app, "bob")
    entrants = [{"kind": "player", "username": "ADA"}, {"kind": "player", "username": "bob"}]
    made = ok(
        ada(
            "tournament.create",
            game=PD,
            format="round_robin",
            entrants=entrants,
            options={"max_rounds": 1},
            round_deadline_s=1,
        )
    )
    assert [(e["kind"], e["name"]) for e in made["entrants"]] == [("player", "ada"), ("player", "bob")]
    match_id = wait_for(
        lambda: ok(bob("tournament.get", tournament_id=made["id"]))["schedule"][0]["tables"][0]["match_id"],
        "the match",
    )
    assert ok(bob("match.state", match_id=match_id))["you"] is not None
    done = wait_for(lambda: finished(ada, made["id"]), "the tournament to finish")
    assert [row["points"] for row in done["standings"]] == [30, 30]  # both defaulted: a shared win
    board = ok(ada("leaderboard.top", board="genius_prisoners_dilemma", period="all"))
    assert sorted(entry["user"] for entry in board["entries"]) == ["ada", "bob"]
    mine = ok(ada("rating.get", game=PD))
    assert (mine["entry"]["name"], mine["entry"]["kind"], mine["entry"]["matches"]) == ("ada", "human", 1)
    assert mine["rank"] in (1, 2)


def test_refusals_have_stable_codes(app: TestClient) -> None:
    ada = player(app, "ada")

    def create(**params: Any) -> Any:
        return ada(
            "tournament.create", **{"game": PD, "format": "round_robin", "entrants": FOUR_BOTS, **params}
        )

    def rule(reply: Any) -> str:
        assert code(reply) == "GBX_INVALID_PARAMS", reply
        found: str = reply["error"]["data"]["details"][0]["rule"]
        return found

    assert rule(create(game="chess")) == "UNKNOWN_GAME"
    assert (
        rule(create(entrants=[*FOUR_BOTS[:3], {"kind": "bot", "strategy": "psychic"}])) == "UNKNOWN_STRATEGY"
    )
    ada_twice = [{"kind": "player", "username": "ada"}, {"kind": "player", "username": "ADA"}]
    assert rule(create(entrants=ada_twice)) == "DUPLICATE_ENTRANT"
    assert rule(create(rounds=4)) == "BAD_ROUNDS"
    assert rule(create(format="swiss", rounds=4)) == "BAD_ROUNDS"
    assert rule(create(options={"max_rounds": 0})) == "BAD_OPTIONS"
    assert rule(create(table_size=30)) == "BAD_PLAYER_COUNT"
    minority = [{"kind": "bot", "strategy": "random"}]
    assert code(create(entrants=minority)) == "GBX_INVALID_PARAMS"  # one entrant: the schema's minimum
    assert (
        code(create(entrants=[FOUR_BOTS[0], {"kind": "player", "username": "nobody"}]))
        == "GBX_ACCOUNT_NOT_FOUND"
    )
    assert code(ada("tournament.get", tournament_id="no-such-tournament")) == "GBX_NOT_FOUND"
    assert ok(ada("tournament.list"))["tournaments"] == []


def test_a_game_of_more_seats_plays_at_tables_and_bots_may_enter_twice(app: TestClient) -> None:
    ada = player(app, "ada")
    bots = [{"kind": "bot", "strategy": s} for s in ("random", "inductive", "random", "inductive", "random")]
    made = ok(ada("tournament.create", game="minority", format="round_robin", entrants=bots))
    assert [e["name"] for e in made["entrants"]] == [
        "random",
        "inductive",
        "random #2",
        "inductive #2",
        "random #3",
    ]
    assert (made["table_size"], made["rounds"]) == (101, 3)
    assert [sorted(t["entrants"]) for t in made["schedule"][0]["tables"]] == [[0, 1, 2, 3, 4]]
    done = wait_for(lambda: finished(ada, made["id"]), "the minority tournament to finish")
    assert [len(r["tables"]) for r in done["schedule"]] == [1, 1, 1]
    expected = points_from_tables(done)
    assert {row["entrant"]: row["points"] for row in done["standings"]} == {e: expected[e] for e in range(5)}
    entries = ok(ada("rating.list", game="minority"))["entries"]
    assert sorted((entry["name"], entry["matches"]) for entry in entries) == [("inductive", 3), ("random", 3)]


def test_a_swiss_at_tables_seats_the_leaders_together(app: TestClient) -> None:
    ada = player(app, "ada")
    bots = [{"kind": "bot", "strategy": "heuristic" if n % 2 else "random"} for n in range(8)]
    made = ok(
        ada(
            "tournament.create",
            game="byzantine_generals",
            format="swiss",
            entrants=bots,
            table_size=4,
            rounds=2,
        )
    )
    assert [t["entrants"] for t in made["schedule"][0]["tables"]] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    done = wait_for(lambda: finished(ada, made["id"]), "the byzantine swiss to finish")
    after_first = points_from_tables({"schedule": done["schedule"][:1]})
    second = done["schedule"][1]["tables"]
    assert [len(t["entrants"]) for t in second] == [4, 4]
    assert min(after_first[e] for e in second[0]["entrants"]) >= max(
        after_first[e] for e in second[1]["entrants"]
    )


def test_a_player_may_run_five_tournaments_at_once(app: TestClient) -> None:
    ada, bob = player(app, "ada"), player(app, "bob")
    slow = {
        "game": PD,
        "format": "round_robin",
        "entrants": [{"kind": "player", "username": "ada"}, {"kind": "player", "username": "bob"}],
        "round_deadline_s": 3600,  # nobody acts: every one stays running
    }
    for _ in range(5):
        ok(ada("tournament.create", **slow))
    refused = ada("tournament.create", **slow)
    assert code(refused) == "GBX_RULE_VIOLATION"
    assert refused["error"]["data"]["details"]["rule"] == "TOO_MANY_TOURNAMENTS"
    ok(bob("tournament.create", **slow))  # the limit is each player's own
    running = ok(bob("tournament.list", status="running"))["tournaments"]
    assert [t["leader"] for t in running] == [None] * 6  # nothing played yet: nobody leads
