"""What a load-test player does next, decided from its party's view (`game.state` / an action's reply).

It plays like a person at the keyboard, not like a fuzzer: it walks only onto squares the map shows as
walkable and free, keeps a heading while exploring (so the party spreads through the dungeon), opens
doors it stands next to, and in battle attacks an adjacent enemy, closes in on the nearest one, or
ends its turn. It never acts out of turn. Pure: the same view and random draws give the same choice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from goldbox.game.rpg.level import DIRECTIONS

WALKABLE = frozenset(".'<>,")
"""Floor, open door, stairs, rubble. Lava, pits and known traps are walkable but a player avoids them."""
CLOSED_DOOR = "+"
ACTIVE = "active"


@dataclass(frozen=True, slots=True)
class Choice:
    method: str
    params: dict[str, Any]


@dataclass(slots=True)
class Explorer:
    """One player's habits: the heading it keeps while exploring."""

    rng: random.Random
    heading: str = field(default="n")

    def choose(self, view: dict[str, Any], me: str) -> Choice | None:
        """The next action for character `me`, or None when there is nothing to do but watch (not
        your turn in battle, or your character is down)."""
        mine = next((sheet for sheet in view.get("party", []) if sheet.get("id") == me), None)
        if mine is None or mine.get("status") != ACTIVE or mine.get("position") is None:
            return None
        here = (int(mine["position"][0]), int(mine["position"][1]))
        rows: list[str] = view["map"]["rows"]
        creatures = [c for c in view.get("creatures", []) if c.get("position") is not None]
        taken = {(int(c["position"][0]), int(c["position"][1])) for c in creatures}
        combat = view.get("combat")
        if combat is not None:
            if view.get("turn") != me:
                return None
            return self._fight(here, rows, creatures, taken, int(combat.get("movement_left") or 0))
        return self._explore(here, rows, taken)

    def _fight(
        self,
        here: tuple[int, int],
        rows: list[str],
        creatures: list[dict[str, Any]],
        taken: set[tuple[int, int]],
        movement_left: int,
    ) -> Choice:
        enemies = [c for c in creatures if c.get("side") == "monsters" and c.get("status") == ACTIVE]
        if not enemies:
            return Choice("action.end_turn", {})
        nearest = min(enemies, key=lambda c: (_distance(here, c["position"]), c["id"]))
        if _distance(here, nearest["position"]) <= 1:
            return Choice("action.attack", {"target": nearest["id"]})
        if movement_left > 0:
            goal = (int(nearest["position"][0]), int(nearest["position"][1]))
            closer = [
                d
                for d in _open_directions(here, rows, taken)
                if _distance(_step(here, d), goal) < _distance(here, goal)
            ]
            if closer:
                return Choice("action.move", {"steps": [self.rng.choice(sorted(closer))]})
        return Choice("action.end_turn", {})

    def _explore(self, here: tuple[int, int], rows: list[str], taken: set[tuple[int, int]]) -> Choice:
        doors = [d for d in DIRECTIONS if _glyph(rows, _step(here, d)) == CLOSED_DOOR]
        if doors and self.rng.random() < 0.5:
            return Choice("action.open_door", {"direction": self.rng.choice(sorted(doors))})
        if self.rng.random() < 0.05:
            return Choice("action.search", {})
        open_ways = _open_directions(here, rows, taken)
        if not open_ways:
            return Choice("action.search", {})
        if self.heading not in open_ways or self.rng.random() < 0.15:
            self.heading = self.rng.choice(sorted(open_ways))
        return Choice("action.move", {"steps": [self.heading]})


def _glyph(rows: list[str], point: tuple[int, int]) -> str:
    x, y = point
    if 0 <= y < len(rows) and 0 <= x < len(rows[y]):
        return rows[y][x]
    return "#"


def _step(point: tuple[int, int], direction: str) -> tuple[int, int]:
    dx, dy = DIRECTIONS[direction]
    return point[0] + dx, point[1] + dy


def _open_directions(here: tuple[int, int], rows: list[str], taken: set[tuple[int, int]]) -> list[str]:
    return [d for d in DIRECTIONS if _glyph(rows, _step(here, d)) in WALKABLE and _step(here, d) not in taken]


def _distance(a: tuple[int, int] | list[int], b: tuple[int, int] | list[int]) -> int:
    """Chebyshev distance, as the rules count squares."""
    return max(abs(int(a[0]) - int(b[0])), abs(int(a[1]) - int(b[1])))
