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

Speed (a round must not stall the match service): a neuron's link table is never changed once made
(adding a neuron replaces its neighbours' tables with extended copies), so `Network.copy` is a
few list copies that share every table. The loops through a newcomer are found from its
neighbours and theirs (`rings_through`), each table read once however many paths lead to it, and
those of a connector and of another type on the same square in one walk (`rings_within`).
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
Near = list[tuple[int, int, str]]
"""The neurons within a connector's reach of a square: (id, squared distance, type), nearest first."""
Ring = tuple[tuple[int, ...], tuple[float, ...], bool]
"""A loop through a newcomer, before its value is known: the other members in order around it
(first, middle[, last]), the strengths of the links between them, and whether one is a memory."""

_LINK_REACH2 = int(LINK_REACH * LINK_REACH)  # 6: the largest integer dx² + dy² within 2.5
_CONNECTOR_REACH2 = int(CONNECTOR_REACH * CONNECTOR_REACH)  # 12
# Every offset within the widest reach, nearest first; the order makes link tables deterministic.
_OFFSETS = sorted(
    ((dx, dy) for dx in range(-3, 4) for dy in range(-3, 4) if 0 < dx * dx + dy * dy <= _CONNECTOR_REACH2),
    key=lambda offset: (offset[0] ** 2 + offset[1] ** 2, offset[1], offset[0]),
)
_OFFSETS_AND_DISTANCES = [(dx, dy, dx * dx + dy * dy) for dx, dy in _OFFSETS]


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
        return phase_of(self.placed)


def phase_of(placed: int) -> int:
    """The phase of a neuron placed in round `placed`."""
    return placed % OSCILLATOR_PERIOD


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


def link_strength(distance_squared: int, kind: str, other: str) -> float:
    """1 / (1 + d), amplified by each processor end."""
    gain = PROCESSOR_GAIN ** ((kind == PROCESSOR) + (other == PROCESSOR))
    return gain / (1.0 + math.sqrt(distance_squared))


# link_strength for every distance and pair of types, computed by it once (the same floats).
_STRENGTHS = {
    (dx * dx + dy * dy, kind, other): link_strength(dx * dx + dy * dy, kind, other)
    for dx, dy in _OFFSETS
    for kind in NEURON_TYPES
    for other in NEURON_TYPES
}


def links_from(near: Near, kind: str) -> dict[int, float]:
    """The links a `kind` neuron would have to the neurons `near` its square, nearest first: to
    those within 2.5, and within 3.5 when either end is a connector."""
    reach = _CONNECTOR_REACH2 if kind == CONNECTOR else _LINK_REACH2
    return {
        other: _STRENGTHS[distance2, kind, other_kind]
        for other, distance2, other_kind in near
        if distance2 <= reach or (other_kind == CONNECTOR and distance2 <= _CONNECTOR_REACH2)
    }


class Network:
    """The neurons on the board (a neuron's id is its index: the order of placement) and their
    links, as a table from each neuron to its linked neighbours and the link strengths. A table
    lists the neighbours placed before the neuron nearest first, then the later ones by id."""

    __slots__ = ("links", "neurons", "squares")

    def __init__(self) -> None:
        self.neurons: list[Neuron] = []
        self.squares: dict[Square, int] = {}
        self.links: list[dict[int, float]] = []

    def __len__(self) -> int:
        return len(self.neurons)

    def copy(self) -> Network:
        """Another network with the same neurons, to grow apart; it shares the link tables."""
        twin = Network()
        twin.neurons, twin.squares, twin.links = list(self.neurons), dict(self.squares), list(self.links)
        return twin

    def near(self, x: int, y: int) -> Near:
        """The neurons within a connector's reach of (x, y), nearest first."""
        squares, neurons = self.squares, self.neurons
        found: Near = []
        for dx, dy, distance2 in _OFFSETS_AND_DISTANCES:
            other = squares.get((x + dx, y + dy))
            if other is not None:
                found.append((other, distance2, neurons[other].kind))
        return found

    def links_at(self, x: int, y: int, kind: str) -> dict[int, float]:
        """The links a `kind` neuron at (x, y) has, or would have, to the neurons on the board."""
        return links_from(self.near(x, y), kind)

    def add(self, neuron: Neuron, links: dict[int, float] | None = None) -> int:
        """Place a neuron and link it (`links`: its links, when already found); its id.
        ValueError when its square is taken or off the board."""
        square = (neuron.x, neuron.y)
        if not on_board(*square) or square in self.squares:
            raise ValueError(f"no room for a neuron at {square}")
        index = len(self.neurons)
        if links is None:
            links = self.links_at(neuron.x, neuron.y, neuron.kind)
        self.neurons.append(neuron)
        self.squares[square] = index
        self.links.append(links)
        tables = self.links
        for other, strength in links.items():
            tables[other] = {**tables[other], index: strength}
        return index

    def link_list(self) -> list[tuple[int, int, float]]:
        """Every link once, as (lower id, higher id, strength), sorted: a table lists its later
        neighbours last and by id, so reading the tables in order gives the sorted list."""
        return [
            (low, high, strength)
            for low, neighbours in enumerate(self.links)
            for high, strength in neighbours.items()
            if low < high
        ]


def network_of(neurons: list[Neuron]) -> Network:
    network = Network()
    for neuron in neurons:
        network.add(neuron)
    return network


def rings_through(network: Network, links: Mapping[int, float]) -> list[Ring]:
    """The loops through a neuron about to join `network` with `links`: triangles (two linked
    neighbours) and chordless squares (two unlinked neighbours with a common neighbour the newcomer
    does not link to). A square with a chord is two triangles already, so it is not counted again.

    The order is fixed (contributions are float sums, so it shows in their last digits): by the
    first neighbour's id, then the middle's place in the first's table, then the last's place in
    the middle's. A middle's neighbours among the newcomer's are listed once, when first met, so
    a square costs one look at each of them, not a walk through the middle's table."""
    return rings_within(network, links, links)[0]


def rings_within(
    network: Network, wide: Mapping[int, float], narrow: Mapping[int, float]
) -> tuple[list[Ring], list[Ring]]:
    """`rings_through` a newcomer linking to `wide`, and through one linking to `narrow`, some of
    the same neurons (a connector and another type on one square), in one walk: a loop of the
    narrow newcomer is one of the wide newcomer's, but where the middle of a square is linked only
    to the wide one (for it, two triangles)."""
    tables, neurons = network.links, network.neurons
    apart = narrow is not wide
    wide_rings: list[Ring] = []
    narrow_rings: list[Ring] = [] if apart else wide_rings
    wide_lasts: dict[int, list[int]] = {}  # middle: the newcomer's neighbours it links to, in its order
    narrow_lasts: dict[int, list[int]] = {}
    for first in sorted(wide):
        table = tables[first]
        both = apart and first in narrow
        for middle in table:
            if middle in wide:
                if middle > first:
                    ring: Ring = (
                        (first, middle),
                        (table[middle],),
                        MEMORY in (neurons[first].kind, neurons[middle].kind),
                    )
                    wide_rings.append(ring)
                    if both and middle in narrow:
                        narrow_rings.append(ring)
                if not both or middle in narrow:
                    continue
                lasts, found, within = narrow_lasts.get(middle), narrow_rings, narrow
            else:
                lasts, found, within = wide_lasts.get(middle), wide_rings, wide
            if lasts is None:
                lasts = [last for last in tables[middle] if last in within]
                (narrow_lasts if within is narrow and apart else wide_lasts)[middle] = lasts
            if len(lasts) > 1:
                for last in lasts:
                    if last > first and last not in table:
                        kinds = (neurons[first].kind, neurons[middle].kind, neurons[last].kind)
                        ring = ((first, middle, last), (table[middle], tables[middle][last]), MEMORY in kinds)
                        found.append(ring)
                        if both and found is wide_rings and last in narrow:
                            narrow_rings.append(ring)
    return wide_rings, narrow_rings


def ring_values(rings: list[Ring], links: Mapping[int, float], memory: bool) -> list[float]:
    """What each loop is worth: the mean strength of its links, more if a memory neuron keeps it
    going (`memory`: the newcomer is one); `links` are the newcomer's. The strengths are added in
    order around the loop from the newcomer, one after the other."""
    values = []
    for others, inner, remembers in rings:
        if len(inner) == 1:
            value = (links[others[0]] + inner[0] + links[others[1]]) / 3
        else:
            value = (links[others[0]] + inner[0] + inner[1] + links[others[2]]) / 4
        values.append(value * MEMORY_REVERBERATION if memory or remembers else value)
    return values


def loops_closed_by(network: Network, newcomer: Neuron, links: dict[int, float]) -> Iterator[Loop]:
    """The loops through a neuron about to join `network` with `links` (`rings_through`), valued;
    members in order around the loop starting from the newcomer."""
    newcomer_id, rings = len(network.neurons), rings_through(network, links)
    for ring, value in zip(rings, ring_values(rings, links, newcomer.kind == MEMORY), strict=True):
        yield Loop((newcomer_id, *ring[0]), value)


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
