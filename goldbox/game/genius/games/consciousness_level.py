"""The consciousness level of a Consciousness Emergence network, and who contributed how much of it.

Three patterns raise the level, and only in an *active* assembly (a connected component of the
link graph holding at least one sensor: sensors inject the activation, a component without one is
dark and counts for nothing):

- loops C: the sum of the values of the loops (triangles, and squares without a chord); a loop is
  worth the mean strength of its links, times 1.5 if a memory neuron is in it;
- synchrony S: the sum of the strengths of the links between two oscillators in the same phase;
- integration I: of the active assemblies, the most integrated one's size x diversity, where
  diversity is the share of the five neuron types it holds (ties: the larger, then the one with the
  earliest neuron).

Each saturates (x / (x + h), with h the amount that gives half marks) and the level is their
weighted sum, so it stays in [0, 1): level = 0.4 C/(C + 40) + 0.3 S/(S + 3) + 0.3 I/(I + 30).

A seat's contribution is its share of each term: a loop's value is split evenly among the neurons
in it and a beat's between its two oscillators, each part going to the neuron's owner; the
integration term is split by the neurons each seat has in the integrated assembly. So
contribution(seat) = 0.4 C/(C + 40) C_seat/C + 0.3 S/(S + 3) S_seat/S + 0.3 I/(I + 30) n_seat/n,
and the contributions add up to the level.

`Mind` grows the network one neuron at a time and keeps, per assembly, the patterns found so far;
`Mind.measure_with` says what one more neuron would make of the level without placing it, which is
what the greedy bot weighs its candidates with. `mind_of` and `mind_after` give the mind of a
state's neurons from a small memo, so a round's views, bots and resolution build it once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from goldbox.game.genius.games.consciousness_network import (
    CONNECTOR,
    MEMORY,
    NEURON_TYPES,
    PROCESSOR,
    SENSOR,
    Network,
    Neuron,
    Ring,
    beats_closed_by,
    links_from,
    on_board,
    ring_values,
    rings_through,
)

LOOP_WEIGHT = 0.4
SYNCHRONY_WEIGHT = 0.3
INTEGRATION_WEIGHT = 0.3
LOOP_HALF = 40.0
"""The loop value C that gives half of the loop term."""
SYNCHRONY_HALF = 3.0
"""The synchrony S that gives half of the synchrony term."""
INTEGRATION_HALF = 30.0
"""The integration I (size x diversity) that gives half of the integration term."""

_Number = TypeVar("_Number", int, float)


@dataclass(frozen=True, slots=True)
class Assembly:
    """A connected component of the network and the patterns inside it, tallied by seat."""

    first: int
    """Its earliest neuron's id: names the assembly and breaks ties."""
    size: int
    kinds: frozenset[str]
    sensors: int
    neurons_by_seat: tuple[int, ...]
    loops_by_seat: tuple[float, ...]
    beats_by_seat: tuple[float, ...]
    loops: int
    beats: int

    @property
    def active(self) -> bool:
        return self.sensors > 0

    @property
    def diversity(self) -> float:
        return len(self.kinds) / len(NEURON_TYPES)

    @property
    def integration(self) -> float:
        return self.size * self.diversity


@dataclass(frozen=True, slots=True)
class Measure:
    """The level, every seat's contribution, and the patterns behind them (active assemblies only)."""

    level: float
    contributions: tuple[float, ...]
    loops: float
    loop_count: int
    synchrony: float
    beat_count: int
    integration: float
    assembly_size: int
    assembly_kinds: int

    def as_json(self) -> dict[str, object]:
        return {
            "level": self.level,
            "contributions": list(self.contributions),
            "patterns": {
                "loops": self.loops,
                "loop_count": self.loop_count,
                "synchrony": self.synchrony,
                "beat_count": self.beat_count,
                "integration": self.integration,
                "assembly_size": self.assembly_size,
                "assembly_types": self.assembly_kinds,
            },
        }


def saturated(amount: float, half: float) -> float:
    """amount / (amount + half): 0 at none, 1/2 at `half`, approaching 1."""
    return amount / (amount + half)


def measure(assemblies: Iterable[Assembly], players: int) -> Measure:
    """The level and contributions of a network made of `assemblies`, in order of their first neuron."""
    active = sorted((a for a in assemblies if a.active), key=lambda a: a.first)
    loops_by_seat = _add_columns([a.loops_by_seat for a in active], [0.0] * players)
    beats_by_seat = _add_columns([a.beats_by_seat for a in active], [0.0] * players)
    loops, synchrony = sum(loops_by_seat), sum(beats_by_seat)
    core = min(active, key=lambda a: (-a.integration, -a.size, a.first), default=None)
    integration = core.integration if core is not None else 0.0
    terms = (
        (LOOP_WEIGHT * saturated(loops, LOOP_HALF), loops_by_seat, loops),
        (SYNCHRONY_WEIGHT * saturated(synchrony, SYNCHRONY_HALF), beats_by_seat, synchrony),
        (
            INTEGRATION_WEIGHT * saturated(integration, INTEGRATION_HALF),
            [float(n) for n in core.neurons_by_seat] if core is not None else [0.0] * players,
            float(core.size) if core is not None else 0.0,
        ),
    )
    contributions = [0.0] * players
    for term, shares, whole in terms:
        if whole > 0:
            contributions = [
                part + term * share / whole for part, share in zip(contributions, shares, strict=True)
            ]
    return Measure(
        level=sum(term for term, _, _ in terms),
        contributions=tuple(contributions),
        loops=loops,
        loop_count=sum(a.loops for a in active),
        synchrony=synchrony,
        beat_count=sum(a.beats for a in active),
        integration=integration,
        assembly_size=core.size if core is not None else 0,
        assembly_kinds=len(core.kinds) if core is not None else 0,
    )


class Mind:
    """A network grown one neuron at a time, its assemblies kept by union-find with their tallies.

    Growing is incremental: a newcomer's links come from the squares around it, its loops are the
    ones through it (`rings_through`), its beats the in-phase oscillators it links to, and its
    assembly is the union of the assemblies it touches. `measure_with` and `measures_at` do the same
    for a neuron not placed, without changing the mind: the what-if the greedy bot weighs with."""

    __slots__ = ("_assemblies", "_parent", "network", "players")

    def __init__(self, players: int, neurons: Iterable[Neuron] = ()) -> None:
        self.players = players
        self.network = Network()
        self._parent: list[int] = []
        self._assemblies: dict[int, Assembly] = {}
        for neuron in neurons:
            self.grow(neuron)

    def copy(self) -> Mind:
        """Another mind with the same neurons, to grow apart (it shares what neither changes)."""
        twin = Mind(self.players)
        twin.network, twin._parent, twin._assemblies = (
            self.network.copy(),
            list(self._parent),
            dict(self._assemblies),
        )
        return twin

    def assemblies(self) -> list[Assembly]:
        return [self._assemblies[root] for root in sorted(self._assemblies)]

    def measure(self) -> Measure:
        return measure(self._assemblies.values(), self.players)

    def grow(self, neuron: Neuron) -> int:
        """Place a neuron (ValueError if its square is taken or off the board); its id."""
        self._check_room(neuron.x, neuron.y)
        links = self.network.links_at(neuron.x, neuron.y, neuron.kind)
        roots = self._roots(links)
        rings = rings_through(self.network, links)
        loops = self._loop_tally(neuron, links, rings)
        joined = self._joined(neuron, links, [self._assemblies[root] for root in roots], rings, loops)
        index = self.network.add(neuron, links)
        self._parent.append(index)
        for root in roots:
            self._parent[root] = index
            del self._assemblies[root]
        self._assemblies[index] = joined
        return index

    def measure_with(self, neuron: Neuron) -> Measure:
        """The measure the network would have with `neuron` placed too; ValueError if its square
        is taken or off the board."""
        return self.measures_at(neuron.x, neuron.y, (neuron.kind,), neuron.owner, neuron.placed)[0]

    def measures_at(self, x: int, y: int, kinds: Sequence[str], owner: int, placed: int) -> list[Measure]:
        """`measure_with` for a neuron of each of `kinds` at (x, y), in that order. The kinds share
        what they can: the neurons around; all but a connector link to the same ones, so they
        share the loops through the square and the assemblies they join; and a sensor and an
        oscillator value those loops alike."""
        self._check_room(x, y)
        near = self.network.near(x, y)
        reaches: dict[bool, tuple[list[Ring], list[Assembly], list[Assembly]]] = {}
        tallies: dict[str, list[float]] = {}
        measures = []
        for kind in kinds:
            links = links_from(near, kind)
            wide = kind == CONNECTOR
            reach = reaches.get(wide)
            if reach is None:
                roots = self._roots(links)
                parts = [self._assemblies[root] for root in roots]
                kept = [assembly for root, assembly in self._assemblies.items() if root not in roots]
                reach = reaches[wide] = (rings_through(self.network, links), parts, kept)
            rings, parts, kept = reach
            neuron = Neuron(x, y, kind, owner, placed)
            valuing = kind if kind in (PROCESSOR, MEMORY, CONNECTOR) else SENSOR
            loops = tallies.get(valuing)
            if loops is None:
                loops = tallies[valuing] = self._loop_tally(neuron, links, rings)
            measures.append(measure([*kept, self._joined(neuron, links, parts, rings, loops)], self.players))
        return measures

    def _check_room(self, x: int, y: int) -> None:
        if not on_board(x, y) or (x, y) in self.network.squares:
            raise ValueError(f"no room for a neuron at {(x, y)}")

    def _roots(self, links: dict[int, float]) -> list[int]:
        """The roots of the assemblies of the linked neurons (path halving keeps the walks short)."""
        parent, roots = self._parent, set()
        for index in links:
            while parent[index] != index:
                parent[index] = parent[parent[index]]
                index = parent[index]
            roots.add(index)
        return sorted(roots)

    def _joined(
        self,
        neuron: Neuron,
        links: dict[int, float],
        parts: list[Assembly],
        rings: list[Ring],
        loops: list[float],
    ) -> Assembly:
        """The one assembly `parts` become when `neuron` joins them, with the loops it closes
        (`rings`, worth `loops` by seat) and its beats."""
        neurons = [0] * self.players
        neurons[neuron.owner] += 1
        beats = list(beats_closed_by(self.network, neuron, links))
        return Assembly(
            first=min((part.first for part in parts), default=len(self.network)),
            size=1 + sum(part.size for part in parts),
            kinds=frozenset([neuron.kind]).union(*(part.kinds for part in parts)),
            sensors=(neuron.kind == SENSOR) + sum(part.sensors for part in parts),
            neurons_by_seat=tuple(_add_columns([p.neurons_by_seat for p in parts], neurons)),
            loops_by_seat=tuple(_add_columns([p.loops_by_seat for p in parts], loops)),
            beats_by_seat=tuple(
                _add_columns(
                    [p.beats_by_seat for p in parts],
                    self._tally([(beat.members[1:], beat.value) for beat in beats], neuron.owner),
                )
            ),
            loops=len(rings) + sum(part.loops for part in parts),
            beats=len(beats) + sum(part.beats for part in parts),
        )

    def _loop_tally(self, neuron: Neuron, links: dict[int, float], rings: list[Ring]) -> list[float]:
        """The value of the loops through `neuron`, by seat."""
        values = ring_values(rings, links, neuron.kind == MEMORY)
        return self._tally(zip([ring[0] for ring in rings], values, strict=True), neuron.owner)

    def _tally(self, patterns: Iterable[tuple[tuple[int, ...], float]], owner: int) -> list[float]:
        """Split each pattern's value evenly among its neurons (the newcomer, of `owner`, and the
        others named), each part to the neuron's owner; the sums by seat, in the patterns' order."""
        by_seat = [0.0] * self.players
        neurons = self.network.neurons
        for others, value in patterns:
            part = value / (len(others) + 1)
            by_seat[owner] += part
            for member in others:
                by_seat[neurons[member].owner] += part
        return by_seat


def _add_columns(rows: Sequence[Sequence[_Number]], start: list[_Number]) -> list[_Number]:
    """`start` plus each row in turn, seat by seat (the same additions, in the same order, as
    adding the rows one by one into a running total)."""
    total = start
    for row in rows:
        total = [sum_so_far + value for sum_so_far, value in zip(total, row, strict=True)]
    return total


KEPT_MINDS = 64
"""How many minds the memo keeps (a full board's is about half a megabyte, most of it shared with
the mind of the state before): enough for the matches one process plays at once."""
_Fingerprint = tuple[tuple[int, int, str, int, int], ...]
_minds: dict[tuple[int, _Fingerprint], Mind] = {}


def mind_of(players: int, records: Sequence[Mapping[str, Any]]) -> Mind:
    """The mind of these neurons (their records in a state or a view), from the memo or built.

    The memo is keyed by the players and every neuron's whole record, so the mind found there is
    the one a build would make: it saves time and decides nothing. The mind is shared: do not grow
    it (grow a `copy`). The rules run on one thread; under threads a lost race costs a rebuild."""
    return _remembered(players, _fingerprint(records))


def mind_after(
    players: int, records: Sequence[Mapping[str, Any]], placed: Sequence[Mapping[str, Any]]
) -> Mind:
    """The mind of `records` and then `placed`: the memo's mind of `records`, copied and grown (a
    round's placements, which the next views and bots then find in the memo)."""
    before, added = _fingerprint(records), _fingerprint(placed)
    mind = _remembered(players, before, refresh=False).copy()
    for fields in added:
        mind.grow(Neuron(*fields))
    _keep((players, before + added), mind)
    return mind


def forget_minds() -> None:
    """Empty the memo (for benchmarks of a cold start)."""
    _minds.clear()


def _fingerprint(records: Sequence[Mapping[str, Any]]) -> _Fingerprint:
    return tuple((r["x"], r["y"], r["type"], r["owner"], r["round"]) for r in records)


def _remembered(players: int, neurons: _Fingerprint, refresh: bool = True) -> Mind:
    """The memo's mind of `neurons`, or a new one; kept as the most recent unless not `refresh`
    (the state before a round is seldom asked for again)."""
    key = (players, neurons)
    mind = _minds.get(key)
    if mind is None:
        mind = Mind(players, (Neuron(*fields) for fields in neurons))
    if refresh:
        _keep(key, mind)
    return mind


def _keep(key: tuple[int, _Fingerprint], mind: Mind) -> None:
    """Keep a mind as the most recent, forgetting the least recent beyond `KEPT_MINDS`."""
    _minds.pop(key, None)
    _minds[key] = mind
    while len(_minds) > KEPT_MINDS:
        _minds.pop(next(iter(_minds)), None)
