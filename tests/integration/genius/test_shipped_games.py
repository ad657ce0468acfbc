"""The shipped Minority Game and Prisoner's Dilemma played through the match API: people and bots at
one table, sealed choices revealed only by the replay, the rules' defaults at a deadline, and tables
of bots that play to their end by themselves."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.integration.genius.match_helpers import finished, log, of_type, state, wait_for
from tests.integration.play.conftest import code, ok, player

pytestmark = pytest.mark.timeout(90)


def test_three_people_play_the_minority_game(app: TestClient) -> None:
    ada, bob, cat, eve = (player(app, name) for name in ("ada", "bob", "cat", "eve"))
    match_id = ok(ada("match.create", game="minority", options={"rounds": 2}, max_players=3))["id"]
    ok(bob("match.join", match_id=match_id))
    ok(cat("match.join", match_id=match_id))
    ok(cat("match.start", match_id=match_id))
    assert state(ada, match_id)["legal"] == {"choices": ["A", "B"]}
    refused = ada("match.act", match_id=match_id, action={"choice": "C"})
    assert code(refused) == "GBX_RULE_VIOLATION"
    assert refused["error"]["data"]["details"]["rule"] == "BAD_CHOICE"
    rounds = [("A", "A", "B"), ("B", "A", "A")]
    for choices in rounds:
        for someone, choice in zip((ada, bob, cat), choices, strict=True):
            ok(someone("match.act", match_id=match_id, action={"choice": choice}))
            assert state(eve, match_id)["sealed"] is None
    over = state(eve, match_id)["match"]
    assert over["outcome"] == {"scores": [1.0, 0.0, 1.0], "winners": [0, 2]}
    results = [e.data["minority"] for e in of_type(log(app, match_id), "minority.round")]
    assert results == ["B", "B"]
    replay = ok(eve("match.replay", match_id=match_id))
    for played, choices in zip(replay["rounds"], rounds, strict=True):
        assert played["actions"] == {str(seat): {"choice": choice} for seat, choice in enumerate(choices)}


def test_a_minority_table_of_bots_plays_to_its_end(app: TestClient) -> None:
    ada = player(app, "ada")
    match_id = ok(ada("match.create", game="minority", options={"rounds": 30}, max_players=5, join=False))[
        "id"
    ]
    for strategy in ("inductive", "inductive", "inductive", "random", "random"):
        ok(ada("match.add_bot", match_id=match_id, strategy=strategy))
    over = ok(ada("match.start", match_id=match_id))
    assert over["status"] == "finished"
    assert len(over["outcome"]["scores"]) == 5
    events = log(app, match_id)
    assert len(of_type(events, "minority.round")) == 30
    assert len(of_type(events, "round.revealed")) == 30
    assert of_type(events, "round.defaulted") == []


def test_a_person_plays_the_prisoners_dilemma_against_a_bot(app: TestClient) -> None:
    ada, eve = player(app, "ada"), player(app, "eve")
    match_id = ok(
        ada(
            "match.create",
            game="prisoners_dilemma",
            options={"max_rounds": 4, "continuation": 0.9},
            max_players=2,
        )
    )["id"]
    ok(ada("match.add_bot", match_id=match_id, strategy="always_defect"))
    ok(ada("match.start", match_id=match_id))
    assert state(ada, match_id)["legal"] == {"moves": ["C", "D"], "opponents": [1]}
    played = 0
    while state(ada, match_id)["match"]["status"] == "running":
        assert played < 4, "max_rounds caps the match"
        sealed = ok(ada("match.act", match_id=match_id, action={"move": "C"}))
        assert sealed["sealed"] == {"moves": {"1": "C"}}, "the rules' normal form"
        assert sealed["resolved"]
        played += 1
    over = state(eve, match_id)["match"]
    assert over["outcome"] == {"scores": [0.0, 5.0 * played], "winners": [1]}
    replay = ok(eve("match.replay", match_id=match_id))
    assert [r["actions"] for r in replay["rounds"]] == [
        {"0": {"moves": {"1": "C"}}, "1": {"moves": {"0": "D"}}}
    ] * played
    assert any(e["type"] == "pd.ended" for e in replay["rounds"][-1]["events"])


def test_a_missing_prisoner_plays_tit_for_tat_at_the_deadline(app: TestClient) -> None:
    ada, bob = player(app, "ada"), player(app, "bob")
    options = {"max_rounds": 2, "continuation": 0.99}  # two rounds, bar a 1% chance of one
    match_id = ok(
        ada("match.create", game="prisoners_dilemma", options=options, max_players=2, round_deadline_s=2)
    )["id"]
    ok(bob("match.join", match_id=match_id))
    ok(bob("match.start", match_id=match_id))
    ok(ada("match.act", match_id=match_id, action={"move": "D"}, round=1))  # then nobody acts
    wait_for(lambda: finished(ada, match_id), "the deadlines")
    events = log(app, match_id)
    revealed = [e.data["actions"] for e in of_type(events, "round.revealed")]
    tit_for_tat = [{"moves": {"0": "C"}}, {"moves": {"0": "D"}}]  # cooperate, then repeat ada's move
    assert [actions["1"] for actions in revealed] == tit_for_tat[: len(revealed)]
    ada_played = [{"moves": {"1": "D"}}, {"moves": {"1": "C"}}]  # then her default repeats bob's C
    assert [actions["0"] for actions in revealed] == ada_played[: len(revealed)]
    assert [e.data["seats"] for e in of_type(events, "round.defaulted")] == [[1], [0, 1]][: len(revealed)]
