"""Every refusal of the match methods has its stable code, and writes nothing: the match's version
(its last seq) is the same after it as before."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.genius_toy_games import HIGHEST
from tests.integration.genius.match_helpers import version
from tests.integration.play.conftest import Player, code, ok, player

pytestmark = pytest.mark.timeout(90)


def refused(app: TestClient, match_id: str, send: Callable[[], Any], expected: str) -> dict[str, Any]:
    """`send()` is answered with the refusal `expected`, and the match did not change; its error data."""
    before = version(app, match_id)
    reply = send()
    assert code(reply) == expected, reply
    assert version(app, match_id) == before, "a refusal wrote nothing"
    data: dict[str, Any] = reply["error"]["data"]
    return data


def _full_table(app: TestClient) -> tuple[Player, Player, Player, str]:
    ada, bob, cat = player(app, "ada"), player(app, "bob"), player(app, "cat")
    match_id = ok(ada("match.create", game=HIGHEST, options={"rounds": 1}, max_players=2))["id"]
    ok(bob("match.join", match_id=match_id))
    return ada, bob, cat, match_id


def test_seating_refusals(app: TestClient) -> None:
    ada, bob, cat, match_id = _full_table(app)
    refused(app, match_id, lambda: ada("match.join", match_id=match_id), "GBX_ALREADY_SEATED")
    full = refused(app, match_id, lambda: cat("match.join", match_id=match_id), "GBX_GAME_FULL")
    assert full["details"]["max_players"] == 2
    refused(app, match_id, lambda: ada("match.add_bot", match_id=match_id, strategy="nine"), "GBX_GAME_FULL")
    refused(
        app, match_id, lambda: cat("match.add_bot", match_id=match_id, strategy="nine"), "GBX_NOT_IN_MATCH"
    )
    refused(app, match_id, lambda: cat("match.start", match_id=match_id), "GBX_NOT_IN_MATCH")
    refused(app, match_id, lambda: cat("match.leave", match_id=match_id), "GBX_NOT_IN_MATCH")
    not_yet = refused(
        app,
        match_id,
        lambda: ada("match.act", match_id=match_id, action={"number": 1}),
        "GBX_MATCH_NOT_RUNNING",
    )
    assert not_yet["details"]["status"] == "open"
    refused(app, match_id, lambda: ada("match.replay", match_id=match_id), "GBX_MATCH_NOT_OVER")

    ok(ada("match.start", match_id=match_id))
    refused(app, match_id, lambda: cat("match.join", match_id=match_id), "GBX_MATCH_STARTED")
    refused(
        app, match_id, lambda: ada("match.add_bot", match_id=match_id, strategy="nine"), "GBX_MATCH_STARTED"
    )
    refused(app, match_id, lambda: bob("match.start", match_id=match_id), "GBX_MATCH_STARTED")
    refused(app, match_id, lambda: ada("match.replay", match_id=match_id), "GBX_MATCH_NOT_OVER")


def test_start_needs_the_games_least_players(app: TestClient) -> None:
    ada = player(app, "ada")
    match_id = ok(ada("match.create", game=HIGHEST))["id"]
    data = refused(app, match_id, lambda: ada("match.start", match_id=match_id), "GBX_RULE_VIOLATION")
    assert data["details"]["rule"] == "BAD_PLAYER_COUNT"
    assert (data["details"]["min_players"], data["details"]["seated"]) == (2, 1)


def test_acting_refusals(app: TestClient) -> None:
    ada, bob, cat, match_id = _full_table(app)
    ok(ada("match.start", match_id=match_id))
    illegal = refused(
        app,
        match_id,
        lambda: ada("match.act", match_id=match_id, action={"number": 42}),
        "GBX_RULE_VIOLATION",
    )
    assert illegal["details"]["rule"] == "ILLEGAL_ACTION"
    assert ok(ada("match.state", match_id=match_id))["sealed"] is None, "a refused action seals nothing"
    closed = refused(
        app,
        match_id,
        lambda: ada("match.act", match_id=match_id, action={"number": 1}, round=2),
        "GBX_ROUND_CLOSED",
    )
    assert closed["details"] == {"round": 2, "current_round": 1}
    refused(
        app, match_id, lambda: cat("match.act", match_id=match_id, action={"number": 1}), "GBX_NOT_IN_MATCH"
    )
    ok(ada("match.act", match_id=match_id, action={"number": 1}, round=1))
    twice = refused(
        app, match_id, lambda: ada("match.act", match_id=match_id, action={"number": 2}), "GBX_ALREADY_ACTED"
    )
    assert twice["details"] == {"round": 1, "seat": 0}
    assert ok(ada("match.state", match_id=match_id))["sealed"] == {"number": 1}, "the first action stands"
    ok(bob("match.act", match_id=match_id, action={"number": 1}))  # the only round: the match is over
    over = refused(
        app,
        match_id,
        lambda: bob("match.act", match_id=match_id, action={"number": 1}),
        "GBX_MATCH_NOT_RUNNING",
    )
    assert over["details"]["status"] == "finished"
    refused(app, match_id, lambda: ada("match.leave", match_id=match_id), "GBX_MATCH_NOT_RUNNING")


def test_unknown_matches_are_not_found(app: TestClient) -> None:
    ada = player(app, "ada")
    nowhere = str(uuid.uuid4())
    calls: list[tuple[str, dict[str, Any]]] = [
        ("match.state", {}),
        ("match.join", {}),
        ("match.start", {}),
        ("match.leave", {}),
        ("match.replay", {}),
        ("match.add_bot", {"strategy": "nine"}),
        ("match.act", {"action": {"number": 1}}),
    ]
    for method, params in calls:
        assert code(ada(method, match_id=nowhere, **params)) == "GBX_NOT_FOUND", method
    dungeon = ok(ada("game.create", seed=25, difficulty=1, depth=1, max_players=1))["id"]
    assert code(ada("match.state", match_id=dungeon)) == "GBX_NOT_FOUND", "an RPG game is not a match"


def test_bad_params_are_invalid_params_with_the_rules_code(app: TestClient) -> None:
    ada = player(app, "ada")

    def invalid(reply: Any) -> dict[str, Any]:
        assert code(reply) == "GBX_INVALID_PARAMS", reply
        detail: dict[str, Any] = reply["error"]["data"]["details"][0]
        return detail

    assert invalid(ada("match.create", game=HIGHEST, options={"rounds": 0})) | {"message": ""} == {
        "path": "params.options",
        "message": "",
        "type": "rule",
        "rule": "BAD_OPTIONS",
    }
    assert invalid(ada("match.create", game=HIGHEST, options={"colour": "red"}))["rule"] == "BAD_OPTIONS"
    assert invalid(ada("match.create", game="no_such_game"))["path"] == "params.game"
    assert invalid(ada("match.create", game=HIGHEST, max_players=5))["path"] == "params.max_players"
    assert invalid(ada("match.create", game=HIGHEST, round_deadline_s=0))["path"] == "params.round_deadline_s"
    assert invalid(ada("match.create", game=HIGHEST, pace_s=61))["path"] == "params.pace_s"
    assert ok(ada("match.list"))["matches"] == [], "nothing was made"
    match_id = ok(ada("match.create", game=HIGHEST))["id"]
    before = version(app, match_id)
    assert invalid(ada("match.add_bot", match_id=match_id, strategy="psychic"))["rule"] == "UNKNOWN_STRATEGY"
    assert invalid(ada("match.act", match_id=match_id, action="7"))["path"] == "params.action"
    assert version(app, match_id) == before
