"""The tutorial's lessons played in order, as a player following its steps would: memorise Sleep,
walk through the door to the monsters, put them to sleep, strike them down, pick up their loot.

Pure choices over the party's view (what game.state shows), named as API actions, so the same
player can be run through the rules (tests/unit/service/test_tutorial_dungeon.py proves it wins
the tutorial's dungeon) and through the browser's play screen (tests/browser/test_play.py does
each choice with keys and clicks). Same dungeon, same choices: the same game, event for event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.play_routes import CLOSED_DOOR, Point, direction_of, route

SPELL = "sleep"
SPELL_RANGE = 6

View = dict[str, Any]
Choice = tuple[str, dict[str, Any]]
"""An action's method and its params (without game_id and character_id)."""


def here_of(view: View, me: str) -> Point:
    x, y = next(s for s in view["party"] if s["id"] == me)["position"]
    return (x, y)


def foes_of(view: View) -> list[dict[str, Any]]:
    return [
        c for c in view["creatures"] if c["side"] == "monsters" and c["status"] == "active" and c["position"]
    ]


def closed_doors(rows: list[str]) -> set[Point]:
    return {(x, y) for y, row in enumerate(rows) for x, glyph in enumerate(row) if glyph == CLOSED_DOOR}


def _distance(a: Point, b: Point) -> int:
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def _way(view: View, here: Point, goals: set[Point]) -> list[Point] | None:
    blocked = {(c["position"][0], c["position"][1]) for c in view["creatures"] if c["position"]}
    return route(view["map"]["rows"], here, goals - {here}, blocked - goals)


def _step(view: View, here: Point, goals: set[Point]) -> Choice:
    """One step on the shortest known way to `goals`, opening a closed door that stands in it."""
    way = _way(view, here, goals)
    assert way, (here, goals)
    direction = direction_of(here, way[0])
    if view["map"]["rows"][way[0][1]][way[0][0]] == CLOSED_DOOR:
        return ("action.open_door", {"direction": direction})
    return ("action.move", {"steps": [direction]})


@dataclass
class Lessons:
    """The next lesson's action for the character `me`, from what the party sees."""

    me: str
    rested: bool = False
    looted: bool = False

    def next(self, view: View) -> Choice | None:
        """The next action, or None when every lesson is done (the loot is picked up)."""
        sheet = next(s for s in view["party"] if s["id"] == self.me)
        here = here_of(view, self.me)
        if view["combat"] is not None:
            return self._fight(view, sheet, here)
        if not self.rested:
            self.rested = True
            return ("action.rest", {"memorise": {"1": [SPELL]}})
        foes = {(c["position"][0], c["position"][1]) for c in foes_of(view)}
        if foes:
            return _step(view, here, foes)
        if view["floor"] and not any(c["side"] == "monsters" for c in view["creatures"]):
            return self._loot(view, here)
        return _step(view, here, closed_doors(view["map"]["rows"]))

    def _fight(self, view: View, sheet: dict[str, Any], here: Point) -> Choice:
        """Sleep the foes from afar, then strike the sleepers; step nearer when none is in reach."""
        foes = sorted(foes_of(view), key=lambda c: (_distance(here, tuple(c["position"])), c["id"]))
        nearest = foes[0]
        there = (nearest["position"][0], nearest["position"][1])
        if SPELL in sheet["memorised"].get("1", []) and _distance(here, there) <= SPELL_RANGE:
            return ("action.cast", {"spell": SPELL, "point": [there[0], there[1]]})
        if _distance(here, there) <= 1:
            return ("action.attack", {"target": nearest["id"]})
        if view["combat"]["movement_left"] > 0:
            return _step(view, here, {there})
        return ("action.end_turn", {})

    def _loot(self, view: View, here: Point) -> Choice | None:
        """Walk to the nearest treasure and pick up one thing there; None once that is done."""
        if self.looted:
            return None
        rows = view["map"]["rows"]
        lying = [
            (len(way), floor["item"]["uid"], (floor["point"][0], floor["point"][1]))
            for floor in view["floor"]
            if (way := route(rows, here, {(floor["point"][0], floor["point"][1])}, set())) is not None
        ]
        assert lying, "no treasure within reach"
        _, uid, goal = min(lying)
        if goal != here:
            return _step(view, here, {goal})
        self.looted = True
        return ("action.pickup", {"item": uid})
