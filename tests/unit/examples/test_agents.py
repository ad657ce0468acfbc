"""The example agents' strategies, on hand-made states: they answer what the game's history says."""

from __future__ import annotations

import random
from typing import Any

import pytest

from examples.agent_minority import FORECASTERS, CrowdForecaster
from examples.agent_prisoners_dilemma import GenerousTitForTat, generosity
from goldbox.client import MatchState

CLASSIC = {"T": 5, "R": 3, "P": 1, "S": 0}


def pd_state(history: list[list[list[str | None]]], you: int = 0) -> MatchState:
    players = 3
    return MatchState.model_validate(
        {
            "match": {
                "id": "m",
                "game": "prisoners_dilemma",
                "title": "PD",
                "status": "running",
                "min_players": 2,
                "max_players": players,
                "round": len(history) + 1,
            },
            "you": you,
            "view": {
                "players": players,
                "payoffs": CLASSIC,
                "history": [{"round": n + 1, "moves": moves} for n, moves in enumerate(history)],
            },
            "awaiting": [0, 1, 2],
            "legal": {"moves": ["C", "D"], "opponents": [s for s in range(players) if s != you]},
        }
    )


def test_generosity_is_a_third_with_the_classic_payoffs() -> None:
    assert generosity(CLASSIC) == pytest.approx(1 / 3)
    assert generosity({"T": 10, "R": 3, "P": 1, "S": 0}) == 0.0, "too tempting to forgive at all"


def test_generous_tit_for_tat_cooperates_first_and_answers_each_opponent() -> None:
    agent = GenerousTitForTat(random.Random(1))
    assert agent(pd_state([])) == {"moves": {"1": "C", "2": "C"}}
    # Seat 1 defected against us last round, seat 2 cooperated.
    last = [[None, "C", "C"], ["D", None, "C"], ["C", "C", None]]
    answers = [agent(pd_state([last]))["moves"] for _ in range(600)]
    assert all(answer["2"] == "C" for answer in answers)
    forgiven = sum(answer["1"] == "C" for answer in answers)
    assert forgiven == agent.forgiven
    assert 150 < forgiven < 250, "about a third of the defections are forgiven"


def minority_state(counts_of_a: list[int], players: int = 5) -> MatchState:
    history: list[dict[str, Any]] = [
        {"round": n + 1, "counts": {"A": a, "B": players - a}, "minority": "A" if a < players - a else "B"}
        for n, a in enumerate(counts_of_a)
    ]
    return MatchState.model_validate(
        {
            "match": {
                "id": "m",
                "game": "minority",
                "title": "Minority",
                "status": "running",
                "min_players": 3,
                "max_players": players,
                "round": len(history) + 1,
            },
            "you": 0,
            "view": {"players": players, "history": history},
            "awaiting": list(range(players)),
            "legal": {"choices": ["A", "B"]},
        }
    )


def test_without_history_the_forecaster_flips_a_coin() -> None:
    agent = CrowdForecaster(random.Random(3))
    assert {agent(minority_state([]))["choice"] for _ in range(50)} == {"A", "B"}
    assert agent.believed == {}


def test_the_forecaster_follows_its_most_accurate_forecast() -> None:
    """A crowd that alternates 4, 1, 4, 1 … of 5 on side A: the mirror and two-back forecasts are
    perfect; after a 1, both expect 4 on A, so the agent goes to B."""
    agent = CrowdForecaster(random.Random(3))
    counts = [4, 1] * 5
    errors = agent.errors(counts, 5)
    assert errors["two back"] == 0
    assert errors["same as last"] == 3
    assert agent(minority_state(counts))["choice"] == "B"
    assert set(agent.believed) <= {"mirror", "two back"}
    assert FORECASTERS["mirror"](counts, 5) == 4
