"""The load test's players play like people: legal-looking moves, attacks in battle, no acting out of turn."""

from __future__ import annotations

import random
from typing import Any

from loadtest.tactics import Explorer

ROWS = [
    "#####",
    "#...#",
    "#.+.#",
    "#...#",
    "#####",
]


def view(me_at: tuple[int, int], combat: dict[str, Any] | None = None, turn: str | None = None,
         creatures: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "map": {"rows": ROWS},
        "party": [{"id": "me", "status": "active", "position": list(me_at)}],
        "creatures": creatures or [],
        "combat": combat,
        "turn": turn,
    }


def test_exploring_only_steps_onto_open_free_squares() -> None:
    explorer = Explorer(random.Random(1))
    blocker = {"id": "friend", "side": "party", "status": "active", "position": [2, 1]}
    for seed in range(200):
        explorer.rng.seed(seed)
        choice = explorer.choose(view((1, 1), creatures=[blocker]), "me")
        assert choice is not None
        if choice.method == "action.move":
            assert choice.params["steps"] in (["s"],)  # e is taken, se is a closed door, the rest walls
        else:
            assert choice.method in ("action.open_door", "action.search")
            if choice.method == "action.open_door":
                assert choice.params == {"direction": "se"}


def test_in_battle_it_waits_for_its_turn_then_attacks_an_adjacent_enemy() -> None:
    orc = {"id": "orc-1", "side": "monsters", "status": "active", "position": [2, 1]}
    battle = {"round": 1, "movement_left": 3}
    explorer = Explorer(random.Random(2))
    assert explorer.choose(view((1, 1), battle, turn="someone", creatures=[orc]), "me") is None
    choice = explorer.choose(view((1, 1), battle, turn="me", creatures=[orc]), "me")
    assert choice is not None
    assert (choice.method, choice.params) == ("action.attack", {"target": "orc-1"})


def test_in_battle_it_closes_in_then_ends_its_turn_when_it_cannot_move() -> None:
    orc = {"id": "orc-1", "side": "monsters", "status": "active", "position": [3, 1]}
    explorer = Explorer(random.Random(3))
    moving = explorer.choose(view((1, 1), {"movement_left": 2}, turn="me", creatures=[orc]), "me")
    assert moving is not None
    assert moving.method == "action.move"
    assert moving.params["steps"] == ["e"]  # the only step that gets closer
    stuck = explorer.choose(view((1, 1), {"movement_left": 0}, turn="me", creatures=[orc]), "me")
    assert stuck is not None
    assert stuck.method == "action.end_turn"


def test_a_fallen_character_only_watches() -> None:
    fallen = view((1, 1))
    fallen["party"][0]["status"] = "unconscious"
    assert Explorer(random.Random(4)).choose(fallen, "me") is None
