"""`content.creation`: what a character creation form offers is what `character.create` enforces."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.integration.play.conftest import code, ok, player


def _rules(app: TestClient, name: str) -> tuple[Any, dict[str, Any]]:
    someone = player(app, name)
    return someone, ok(someone("content.creation"))


def _spend(rules: dict[str, Any], budget: int) -> dict[str, int]:
    """A point-buy spread that costs exactly `budget`, priced with the published costs only."""
    costs = {int(score): cost for score, cost in rules["point_buy_costs"].items()}
    scores = dict.fromkeys(rules["abilities"], 8)
    left = budget
    for ability in rules["abilities"]:
        affordable = [score for score, cost in costs.items() if cost <= left]
        scores[ability] = max(affordable)
        left -= costs[scores[ability]]
    assert left == 0
    return scores


def test_the_rules_name_every_race_and_class_with_their_minimums(app: TestClient) -> None:
    _someone, rules = _rules(app, "ruth")
    assert rules["abilities"] == ["str", "dex", "con", "int", "wis", "cha"]
    races = {race["id"]: race for race in rules["races"]}
    classes = {entry["id"]: entry for entry in rules["classes"]}
    assert set(races) == {"human", "elf", "half_elf", "dwarf", "gnome", "halfling"}
    assert set(classes) == {"fighter", "paladin", "ranger", "cleric", "mage", "thief"}
    assert classes["fighter"]["minimums"] == {"str": 9, "con": 7}
    assert classes["paladin"]["minimums"]["cha"] == 17
    assert "paladin" not in races["elf"]["classes"]
    assert races["elf"]["adjustments"] == {"dex": 1, "con": -1}
    assert rules["methods"] == ["roll", "point_buy", "standard_array"]
    assert rules["standard_array"] == [15, 14, 13, 12, 10, 8]
    assert classes["fighter"]["spell_choices"] == []
    assert classes["mage"]["spell_choices"]
    assert "magic_missile" not in classes["mage"]["spell_choices"]  # already in the starting book


def test_a_spread_priced_by_the_published_costs_is_accepted_and_one_point_more_is_not(
    app: TestClient,
) -> None:
    someone, rules = _rules(app, "priya")
    budget = rules["point_buy_budget"]
    exact = ok(
        someone(
            "character.create",
            name="Exact",
            race="human",
            method="point_buy",
            scores=_spend(rules, budget),
            **{"class": "fighter"},
        )
    )
    assert exact["info"]["class_id"] == "fighter"
    over = someone(
        "character.create",
        name="Over",
        race="human",
        method="point_buy",
        scores=_spend(rules, budget + 1),
        **{"class": "fighter"},
    )
    assert code(over) == "GBX_RULE_VIOLATION"
    assert over["error"]["data"]["details"]["rule"] == "CREATE_INVALID_POINT_BUY"


def test_a_class_minimum_from_the_rules_is_the_one_the_server_checks(app: TestClient) -> None:
    someone, rules = _rules(app, "pim")
    paladin = next(entry for entry in rules["classes"] if entry["id"] == "paladin")
    scores = {ability: max(8, paladin["minimums"].get(ability, 8)) for ability in rules["abilities"]}
    scores["cha"] = paladin["minimums"]["cha"] - 1
    reply = someone(
        "character.create",
        name="Almost",
        race="human",
        method="point_buy",
        scores=scores,
        **{"class": "paladin"},
    )
    assert code(reply) == "GBX_RULE_VIOLATION"
    details = reply["error"]["data"]["details"]
    assert details["rule"] == "CREATE_BELOW_MINIMUM"
    assert (details["ability"], details["minimum"]) == ("cha", 17)
