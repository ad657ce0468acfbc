"""The network of Consciousness Emergence: neurons on a 19x19 board and the links between them.

Links are not placed; they form by themselves between any two neurons close enough to each other:
within Euclidean distance 2.5, or 3.5 when either end is a connector. A link's strength is
1 / (1 + d), times 1.5 for each end that is a processor. Squared distances between squares are
integers, so "within 2.5" is `dx² + dy² <= 6` and "within 3.5" is `dx² + dy² <= 12`: exact
integer comparisons, no float edge at the boundary.

The board is its own spatial index: a square holds at most one neuron, so the neighbours of a
square are found by looking up the 36 squares within the widest reach (grid buckets of one square),
never by scanning every neuron. The patterns a new neuron closes (the loops through it, the
oscillators it beats in time with) are found from its links alone, so growing the network one
neuron at a time finds every pattern exactly once: each belongs to the neuron that closed it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

BOARD_SIZE = 19
SENSOR = "sensor"
PROCESSOR = "processor"
MEMORY = "memory"
CONNECTOR = "connector"
OSCILLATOR = "oscillator"
NEURON_TYPES = (SENSOR, PROCESSOR, MEMORY, CONNECTOR, OSCILLATOR)

LINK_REACH = 2.5
"""Two neurons link when they are at most this far apart..."""
CONNECTOR_REACH = 3.5
"""...or this far, when either of them is a connector."""
PROCESSOR_GAIN = 1.5
"""A processor amplifies: each processor end multiplies a link's strength by this."""
MEMORY_REVERBERATION = 1.5
"""A memory neuron keeps activation circling: a loop through one is worth this much more."""
OSCILLATOR_PERIOD = 4
"""An oscillator fires every this many rounds, from the round it was placed: its phase is
`placed round % OSCILLATOR_PERIOD`."""

Square = tuple[int, int]

_LINK_REACH2 = int(LINK_REACH * LINK_REACH)  # 6: the largest integer dx² + dy² within 2.5
_CONNECTOR_REACH2 = int(CONNECTOR_REACH * CONNECTOR_REACH)  # 12
# Every offset within the widest reach, nearest first; the order makes link tables deterministic.
_OFFSETS = sorted(
    ((dx, dy) for dx in range(-3, 4) for dy in range(-3, 4) if 0 < dx * dx + dy * dy <= _CONNECTOR_REACH2),
    key=lambda offset: (offset[0] ** 2 + offset[1] ** 2, offset[1], offset[0]),
)


@dataclass(frozen=True, slots=True)
class Neuron:
    """One placed neuron: where it stands, what it is, whose it is and when it was placed."""

    x: int
    y: int
    kind: str
    owner: int
    placed: int

    @property
    def phase(self) -> int:
        """When in the oscillator period this neuron fires (it matters only for oscillators)."""
        return self.placed % OSCILLATOR_PERIOD


def neuron_of(record: Mapping[str, Any]) -> Neuron:
    """A neuron from its JSON record in a state or a view: `{x, y, type, owner, round}`."""
    return Neuron(record["x"], record["y"], record["type"], record["owner"], record["round"])


@dataclass(frozen=True, slots=True)
class Loop:
    """A simple cycle in the link graph: a triangle, or a square without a shortcut across it."""

    members: tuple[int, ...]
    value: float


@dataclass(frozen=True, slots=True)
class Beat:
    """Two linked oscillators in the same phase: they fire together."""

    members: tuple[int, int]
    value: float


def on_board(x: int, y: int) -> bool:
    return 0 <= x < BOARD_SIZE and 0 <= y < BOARD_SIZE


def reach_squared(kind: str, other: str) -> int:
    """The largest squared distance at which a `kind` neuron and an `other` neuron link."""
    return _CONNECTOR_REACH2 if CONNECTOR in (kind, other) else _LINK_REACH2


def link_strength(distance_squared: int, kind: str, other: str) -> float:
    """1 / (1 + d), amplified by each processor end."""
    gain = PROCESSOR_GAIN ** ((kind == PROCESSOR) + (other == PROCESSOR))
    return gain / (1.0 + math.sqrt(distance_squared))


class Network:
    """The neurons on the board (a neuron's id is its index: the order of placement) and their
    links, as a table from each neuron to its linked neighbours and the link strengths."""

    __slots__ = ("links", "neurons", "squares")

    def __init__(self) -> None:
        self.neurons: list[Neuron] = []
        self.squares: dict[Square, int] = {}
        self.links: list[dict[int, float]] = []

    def __len__(self) -> int:
        return len(self.neurons)

    def links_at(self, x: int, y: int, kind: str) -> dict[int, float]:
        """The links a `kind` neuron at (x, y) has, or would have, to the neurons on the board."""
        found: dict[int, float] = {}
        for dx, dy in _OFFSETS:
            other = self.squares.get((x + dx, y + dy))
            if other is None:
                continue
            distance2 = dx * dx + dy * dy
            other_kind = self.neurons[other].kind
            if distance2 <= reach_squared(kind, other_kind):
                found[other] = link_strength(distance2, kind, other_kind)
        return found

    def add(self, neuron: Neuron) -> int:
        """Place a neuron and link it; its id. ValueError when its square is taken or off the board."""
        square = (neuron.x, neuron.y)
        if not on_board(*square) or square in self.squares:
            raise ValueError(f"no room for a neuron at {square}")
        index = len(self.neurons)
        links = self.links_at(neuron.x, neuron.y, neuron.kind)
        self.neurons.append(neuron)
        self.squares[square] = index
        self.links.append(links)
        for other, strength in links.items():
            self.links[other][index] = strength
        return index

    def link_list(self) -> list[tuple[int, int, float]]:
        """Every link once, as (lower id, higher id, strength), sorted."""
        return sorted(
            (low, high, strength)
            for low, neighbours in enumerate(self.links)
            for high, strength in neighbours.items()
            if low < high
        )


def network_of(neurons: list[Neuron]) -> Network:
    network = Network()
    for neuron in neurons:
        network.add(neuron)
    return network


def loops_closed_by(network: Network, newcomer: Neuron, links: dict[int, float]) -> Iterator[Loop]:
    """The loops through a neuron about to join `network` with `links`: triangles (two linked
    neighbours) and chordless squares (two unlinked neighbours with a common neighbour the newcomer
    does not link to). A square with a chord is two triangles already, so it is not counted again.
    Each loop is yielded once, members in order around it starting from the newcomer."""
    newcomer_id = len(network.neurons)
    for first in sorted(links):
        first_links = network.links[first]
        for middle, first_middle in first_links.items():
            strengths: tuple[float, ...]
            if middle in links:
                if middle > first:
                    strengths = (links[first], first_middle, links[middle])
                    yield _loop(network, newcomer, (newcomer_id, first, middle), strengths)
                continue
            middle_links = network.links[middle]
            for last, middle_last in middle_links.items():
                if last > first and last in links and last not in first_links:
                    strengths = (links[first], first_middle, middle_last, links[last])
                    yield _loop(network, newcomer, (newcomer_id, first, middle, last), strengths)


def _loop(network: Network, newcomer: Neuron, members: tuple[int, ...], strengths: tuple[float, ...]) -> Loop:
    """A loop is worth the mean strength of its links, more if a memory neuron keeps it going."""
    value = sum(strengths) / len(strengths)
    kinds = [newcomer.kind, *(network.neurons[member].kind for member in members[1:])]
    if MEMORY in kinds:
        value *= MEMORY_REVERBERATION
    return Loop(members, value)


def beats_closed_by(network: Network, newcomer: Neuron, links: dict[int, float]) -> Iterator[Beat]:
    """The in-phase oscillator pairs a neuron about to join `network` with `links` makes: each is
    worth the strength of the link between the two oscillators."""
    if newcomer.kind != OSCILLATOR:
        return
    newcomer_id = len(network.neurons)
    for other in sorted(links):
        partner = network.neurons[other]
        if partner.kind == OSCILLATOR and partner.phase == newcomer.phase:
            yield Beat((newcomer_id, other), links[other])
