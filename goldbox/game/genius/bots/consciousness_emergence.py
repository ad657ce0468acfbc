"""Built-in Consciousness Emergence bots: `random`, and `greedy`, which weighs candidate neurons
with the rules' own measure.

A bot sees what any player sees (the whole board; nothing in this game is hidden) and the legal
actions: every empty square and every neuron type.

The greedy bot runs on the match service's event loop, so it must be quick: it takes the mind of
the board from the rules' memo (the round's resolution, or the first seat's bot, built it) and
weighs each candidate with the incremental what-if (`Mind.measures_at`: the candidate's links,
the loops through it, its beats and the union of the assemblies it touches), the five types on
one square sharing the work. It never rebuilds the network per candidate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goldbox.game.genius.games.consciousness_level import Measure
from goldbox.game.genius.games.consciousness_memo import mind_of
from goldbox.game.genius.games.consciousness_network import BOARD_SIZE, CONNECTOR_REACH, Neuron, Square
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
    occupied = [0] * BOARD_SIZE  # bit x of occupied[y]: a neuron stands on (x, y)
    for neuron in neurons:
        occupied[neuron.y] |= 1 << neuron.x
    # Bit x + reach of wide[y]: a neuron stands in the same row within `reach` columns of x.
    wide = [0] * BOARD_SIZE
    for y, row in enumerate(occupied):
        for shift in range(2 * reach + 1):
            wide[y] |= row << shift
    near = [0] * BOARD_SIZE  # the same, within `reach` rows too
    for y in range(BOARD_SIZE):
        for other in range(max(0, y - reach), min(BOARD_SIZE, y + reach + 1)):
            near[y] |= wide[other]
    found = [(x, y) for x, y in free if 0 <= y < BOARD_SIZE and x + reach >= 0 and near[y] >> (x + reach) & 1]
    return sorted(found or free, key=lambda square: (square[1], square[0]))


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
        seat, round_number, kinds = view["you"], view["round"], legal["place"]["types"]
        mind = mind_of(view["players"], view["neurons"])
        free = {(x, y) for x, y in legal["place"]["squares"]}
        candidates = squares_near(mind.network.neurons, free)
        candidates = rng.sample(candidates, min(CANDIDATE_SQUARES, len(candidates)))
        best: tuple[float, float] | None = None
        choice = _placement(*candidates[0], kinds[0])
        for x, y in candidates:
            for kind, measure in zip(kinds, mind.measures_at(x, y, kinds, seat, round_number), strict=True):
                worth = _worth(measure, seat)
                if best is None or worth > best:
                    best, choice = worth, _placement(x, y, kind)
        return choice


def _worth(measure: Measure, seat: int) -> tuple[float, float]:
    return (measure.contributions[seat], measure.level)


RANDOM = register_bot(RandomBot())
GREEDY = register_bot(GreedyBot())
