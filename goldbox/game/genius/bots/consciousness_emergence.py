"""Built-in Consciousness Emergence bots: `random`, and `greedy`, which weighs candidate neurons
with the rules' own measure.

A bot sees what any player sees (the whole board; nothing in this game is hidden) and the legal
actions: every empty square and every neuron type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goldbox.game.genius.games.consciousness_level import Measure, Mind
from goldbox.game.genius.games.consciousness_network import (
    CONNECTOR_REACH,
    Neuron,
    Square,
    neuron_of,
)
from goldbox.game.genius.protocol import Action
from goldbox.game.genius.registry import register_bot
from goldbox.game.rng import Rng

GAME = "consciousness_emergence"
CANDIDATE_SQUARES = 24
"""How many squares near the network the greedy bot weighs each round (with every type on each)."""


def _placement(x: int, y: int, kind: str) -> Action:
    return {"place": {"x": x, "y": y, "type": kind}}


class RandomBot:
    """Any empty square and any type, each pair as likely as the next; passes only on a full board."""

    game = GAME
    strategy = "random"
    description = "Places a neuron of a random type on a random empty square."

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        if "place" not in legal or not legal["place"]["squares"]:
            return {"pass": True}
        x, y = rng.choice(legal["place"]["squares"])
        return _placement(x, y, rng.choice(legal["place"]["types"]))


def squares_near(neurons: list[Neuron], free: set[Square]) -> list[Square]:
    """The free squares a new neuron could link from (within a connector's reach of a neuron),
    row by row; every free square when none is that near (an empty board, a crowded network)."""
    reach = int(CONNECTOR_REACH)
    near = {
        (neuron.x + dx, neuron.y + dy)
        for neuron in neurons
        for dx in range(-reach, reach + 1)
        for dy in range(-reach, reach + 1)
    }
    return sorted(near & free or free, key=lambda square: (square[1], square[0]))


class GreedyBot:
    """Weighs up to `CANDIDATE_SQUARES` squares near the network, drawn at random, with every type
    on each, by what the rules' measure says its own contribution would become (then the level),
    as if nobody else placed anything this round; ties go to the first candidate drawn."""

    game = GAME
    strategy = "greedy"
    description = "Places the neuron, near the network, that most raises its own contribution."

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        if "place" not in legal or not legal["place"]["squares"]:
            return {"pass": True}
        seat, round_number = view["you"], view["round"]
        neurons = [neuron_of(record) for record in view["neurons"]]
        free = {(x, y) for x, y in legal["place"]["squares"]}
        candidates = squares_near(neurons, free)
        candidates = rng.sample(candidates, min(CANDIDATE_SQUARES, len(candidates)))
        mind = Mind(view["players"], neurons)
        best: tuple[float, float] | None = None
        choice = _placement(*candidates[0], legal["place"]["types"][0])
        for x, y in candidates:
            for kind in legal["place"]["types"]:
                measure = mind.measure_with(Neuron(x, y, kind, seat, round_number))
                worth = _worth(measure, seat)
                if best is None or worth > best:
                    best, choice = worth, _placement(x, y, kind)
        return choice


def _worth(measure: Measure, seat: int) -> tuple[float, float]:
    return (measure.contributions[seat], measure.level)


RANDOM = register_bot(RandomBot())
GREEDY = register_bot(GreedyBot())
