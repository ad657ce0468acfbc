"""The mind of a Consciousness Emergence board: its network grown neuron by neuron, with the
assemblies (connected components) and the patterns tallied in each, and what-ifs on it.

Growing is incremental. A newcomer's links come from the squares around it; the loops it closes
are the ones through it (`rings_through`), its beats the in-phase oscillators it links to; its
assembly is the union of the assemblies it touches (union-find), their tallies added to its own.
Nothing else changes, so nothing else is recomputed: a state's mind is the same whichever way it
is built, and grown one neuron at a time it finds every pattern once.

A what-if (`Mind.measures_at`: a neuron weighed, not placed) does the same without changing the
mind, and measures the result with `Others`: the assemblies the newcomer would not join.
What does not depend on who would place the neuron is kept per square until the mind grows, so
the five types weighed on a square share it, and so do the bots of the other seats this round.

The rules stay pure and their states plain JSON: a mind is derived from a state's neurons, never
stored in it (`consciousness_memo` keeps the latest ones, so a round builds each once).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from goldbox.game.genius.games.consciousness_level import Assembly, Measure, Others, add_columns, measure
from goldbox.game.genius.games.consciousness_network import (
    CONNECTOR,
    MEMORY,
    PROCESSOR,
    SENSOR,
    Network,
    Neuron,
    Ring,
    Square,
    beats_closed_by,
    links_from,
    on_board,
    ring_values,
    rings_through,
    rings_within,
)


class Mind:
    """A network grown one neuron at a time, its assemblies kept by union-find with their tallies."""

    __slots__ = ("_assemblies", "_parent", "_sites", "network", "players")

    def __init__(self, players: int, neurons: Iterable[Neuron] = ()) -> None:
        self.players = players
        self.network = Network()
        self._parent: list[int] = []
        self._assemblies: dict[int, Assembly] = {}
        self._sites: dict[Square, _Site] = {}
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
        self._sites.clear()
        links = self.network.links_at(neuron.x, neuron.y, neuron.kind)
        reach = _Reach(rings_through(self.network, links), _Union(self, self._roots(links)))
        values = ring_values(reach.rings, links, neuron.kind == MEMORY)
        loops = reach.union.loops_with(self._tally(zip(reach.others, values, strict=True), neuron.owner))
        joined = self._joined(neuron, links, reach, loops)
        index = self.network.add(neuron, links)
        self._parent.append(index)
        for root in reach.union.roots:
            self._parent[root] = index
            del self._assemblies[root]
        self._assemblies[index] = joined
        return index

    def measure_with(self, neuron: Neuron) -> Measure:
        """The measure the network would have with `neuron` placed too; ValueError if its square
        is taken or off the board."""
        return self.measures_at(neuron.x, neuron.y, (neuron.kind,), neuron.owner, neuron.placed)[0]

    def measures_at(self, x: int, y: int, kinds: Sequence[str], owner: int, placed: int) -> list[Measure]:
        """`measure_with` for a neuron of each of `kinds` at (x, y), in that order."""
        self._check_room(x, y)
        site = self._sites.get((x, y))
        if site is None:
            site = self._sites[x, y] = _Site(self, x, y)
            site.prepare(kinds)
        rows: dict[str, tuple[float, ...]] = {}
        measures = []
        for kind in kinds:
            links, reach = site.links(kind), site.reach(kind)
            loops = rows.get(_valuing(kind))
            if loops is None:
                tally = self._tally(zip(reach.others, site.values(kind), strict=True), owner)
                loops = rows[_valuing(kind)] = reach.union.loops_with(tally)
            joined = self._joined(Neuron(x, y, kind, owner, placed), links, reach, loops)
            measures.append(reach.union.others_around().measure_with(joined))
        return measures

    def forget_squares(self) -> None:
        """Drop what was kept about the squares weighed on this mind (once its round is over)."""
        self._sites.clear()

    def _check_room(self, x: int, y: int) -> None:
        if not on_board(x, y) or (x, y) in self.network.squares:
            raise ValueError(f"no room for a neuron at {(x, y)}")

    def _roots(self, links: Iterable[int]) -> list[int]:
        """The roots of the linked neurons' assemblies (path halving keeps the walks short)."""
        parent, roots = self._parent, set()
        for index in links:
            while parent[index] != index:
                parent[index] = parent[parent[index]]
                index = parent[index]
            roots.add(index)
        return sorted(roots)

    def _joined(
        self, neuron: Neuron, links: dict[int, float], reach: _Reach, loops: tuple[float, ...]
    ) -> Assembly:
        """The assembly `neuron` would make of the ones it reaches, with its loops (`loops`: the
        assembly's loop values by seat, `_Union.loops_with`) and its beats."""
        union = reach.union
        beats = list(beats_closed_by(self.network, neuron, links))
        if beats:
            tally = self._tally([(beat.members[1:], beat.value) for beat in beats], neuron.owner)
            beats_by_seat = tuple(add_columns(union.beat_rows, tally))
        else:
            beats_by_seat = union.quiet_beats
        return Assembly(
            first=union.first,
            size=1 + union.size,
            kinds=union.kinds | {neuron.kind},
            sensors=(neuron.kind == SENSOR) + union.sensors,
            neurons_by_seat=union.neurons_with(neuron.owner),
            loops_by_seat=loops,
            beats_by_seat=beats_by_seat,
            loops=len(reach.rings) + union.loops,
            beats=len(beats) + union.beats,
        )

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


class _Union:
    """The assemblies a newcomer would join (`roots`), summed up for the one they would become
    with it, and the other assemblies, arranged (`Others`) to measure it with.

    The joined assembly's tallies by seat are the newcomer's, then each part's added in turn, as
    `Mind.grow` always made them (float sums: the order shows in the last digits); the neurons
    (whole numbers) and the beats of a newcomer without any are the same for every type."""

    __slots__ = (
        "_around",
        "_mind",
        "_neurons",
        "_neurons_by_owner",
        "beat_rows",
        "beats",
        "first",
        "kinds",
        "loop_rows",
        "loops",
        "quiet_beats",
        "roots",
        "sensors",
        "size",
    )

    def __init__(self, mind: Mind, roots: list[int]) -> None:
        self._mind, self.roots = mind, roots
        self._around: Others | None = None
        self.first, self.size, self.sensors, self.loops, self.beats = len(mind.network), 0, 0, 0, 0
        self.kinds: frozenset[str] = frozenset()
        parts = [mind._assemblies[root] for root in roots]
        for part in parts:
            self.first = min(self.first, part.first)
            self.size, self.sensors = self.size + part.size, self.sensors + part.sensors
            self.loops, self.beats = self.loops + part.loops, self.beats + part.beats
            self.kinds = self.kinds | part.kinds
        self.loop_rows = [part.loops_by_seat for part in parts]
        self.beat_rows = [part.beats_by_seat for part in parts]
        self.quiet_beats = tuple(add_columns(self.beat_rows, [0.0] * mind.players))
        self._neurons = [part.neurons_by_seat for part in parts]
        self._neurons_by_owner: dict[int, tuple[int, ...]] = {}

    def loops_with(self, tally: list[float]) -> tuple[float, ...]:
        """The joined assembly's loop values by seat, the newcomer's being `tally`."""
        return tuple(add_columns(self.loop_rows, tally))

    def neurons_with(self, owner: int) -> tuple[int, ...]:
        """The joined assembly's neurons by seat, the newcomer being `owner`'s."""
        neurons = self._neurons_by_owner.get(owner)
        if neurons is None:
            newcomer = [0] * self._mind.players
            newcomer[owner] = 1
            neurons = self._neurons_by_owner[owner] = tuple(add_columns(self._neurons, newcomer))
        return neurons

    def others_around(self) -> Others:
        """The assemblies the newcomer would not join, around the place its assembly would take."""
        if self._around is None:
            roots, mind = set(self.roots), self._mind
            kept = (assembly for root, assembly in mind._assemblies.items() if root not in roots)
            self._around = Others(kept, self.first, mind.players)
        return self._around


class _Reach:
    """The loops through a newcomer with these links (`rings`, and the other members of each:
    `others`) and the assemblies it would join (`union`)."""

    __slots__ = ("others", "rings", "union")

    def __init__(self, rings: list[Ring], union: _Union) -> None:
        self.rings, self.union = rings, union
        self.others = [ring[0] for ring in rings]


class _Site:
    """What an empty square offers a newcomer, whoever places it, worked out when first asked for:
    the links of each type; the `_Reach` of a connector and of the other types (all link to the
    same neurons), their loops found in one walk when both are wanted (`rings_within`), sharing
    the `_Union` when they join the same assemblies; the loops' values for each way of valuing
    them (`_valuing`)."""

    __slots__ = ("_links", "_mind", "_near", "_reaches", "_unions", "_values")

    def __init__(self, mind: Mind, x: int, y: int) -> None:
        self._mind, self._near = mind, mind.network.near(x, y)
        self._links: dict[str, dict[int, float]] = {}
        self._reaches: dict[bool, _Reach] = {}
        self._unions: dict[tuple[int, ...], _Union] = {}
        self._values: dict[str, list[float]] = {}

    def links(self, kind: str) -> dict[int, float]:
        links = self._links.get(kind)
        if links is None:
            links = self._links[kind] = links_from(self._near, kind)
        return links

    def reach(self, kind: str) -> _Reach:
        reach = self._reaches.get(kind == CONNECTOR)
        if reach is None:
            links, network = self.links(kind), self._mind.network
            reach = self._reaches[kind == CONNECTOR] = _Reach(
                rings_through(network, links), self._union(links)
            )
        return reach

    def prepare(self, kinds: Sequence[str]) -> None:
        """On a new site: find the loops of a connector and of another type in one walk, when
        both are to be weighed."""
        other = next((kind for kind in kinds if kind != CONNECTOR), None)
        if CONNECTOR in kinds and other is not None:
            connector, narrow = self.links(CONNECTOR), self.links(other)
            wide_rings, narrow_rings = rings_within(self._mind.network, connector, narrow)
            self._reaches[True] = _Reach(wide_rings, self._union(connector))
            self._reaches[False] = _Reach(narrow_rings, self._union(narrow))

    def values(self, kind: str) -> list[float]:
        values = self._values.get(_valuing(kind))
        if values is None:
            values = ring_values(self.reach(kind).rings, self.links(kind), kind == MEMORY)
            self._values[_valuing(kind)] = values
        return values

    def _union(self, links: dict[int, float]) -> _Union:
        roots = self._mind._roots(links)
        union = self._unions.get(tuple(roots))
        if union is None:
            union = self._unions[tuple(roots)] = _Union(self._mind, roots)
        return union


def _valuing(kind: str) -> str:
    """Types that value the loops through them alike share this: all but a processor (stronger
    links), a memory (reverberation) and a connector (other loops) value them as a sensor does."""
    return kind if kind in (PROCESSOR, MEMORY, CONNECTOR) else SENSOR
