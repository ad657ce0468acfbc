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

`measure` makes the level of a network's assemblies (which `consciousness_mind` keeps as it grows);
`Others` makes it again for one assembly more, in a few additions: what a what-if needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple, TypeVar

from goldbox.game.genius.games.consciousness_network import NEURON_TYPES

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
_TYPES = len(NEURON_TYPES)


class Assembly(NamedTuple):
    """A connected component of the network and the patterns inside it, tallied by seat. (A named
    tuple, like `Measure`: what-ifs make many, and a tuple is quick to make.)"""

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
        return self.size * self.diversity  # as `_rank` computes it


class Measure(NamedTuple):
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
    """The level and contributions of a network made of `assemblies`."""
    return Others(assemblies, _EVERY, players).measure_with(None)


class Others:
    """The assemblies one more is to be measured with (it takes the place its first neuron gives it
    among them), arranged so that the measure with it takes a few additions: the running sums of
    the patterns of the active ones before that place, those after it, the most integrated, and
    the counts.

    The sums of patterns are float additions made in the order of the assemblies' first neurons,
    and `measure_with` makes the same additions in the same order as summing them all afresh: the
    running sums stop just before the newcomer's place. So the measure is the same to the last bit."""

    __slots__ = (
        "_after_beats",
        "_after_loops",
        "_beat_count",
        "_beats",
        "_core",
        "_core_rank",
        "_loop_count",
        "_loops",
        "_players",
    )

    def __init__(self, assemblies: Iterable[Assembly], first: int, players: int) -> None:
        active = sorted((a for a in assemblies if a.active), key=_first)
        before = [a for a in active if a.first < first]
        after = [a for a in active if a.first > first]
        self._loops = add_columns([a.loops_by_seat for a in before], [0.0] * players)
        self._beats = add_columns([a.beats_by_seat for a in before], [0.0] * players)
        # A row of zeros adds nothing (the sums are never -0.0, the one float that + 0.0 changes).
        self._after_loops = [a.loops_by_seat for a in after if any(a.loops_by_seat)]
        self._after_beats = [a.beats_by_seat for a in after if any(a.beats_by_seat)]
        self._core = min(active, key=_rank, default=None)
        self._core_rank = _rank(self._core) if self._core is not None else None
        self._loop_count = sum(a.loops for a in active)
        self._beat_count = sum(a.beats for a in active)
        self._players = players

    def measure_with(self, newcomer: Assembly | None) -> Measure:
        """The measure of these assemblies and `newcomer` (None: of these alone). Hot: the greedy
        bot calls it for every type on every square it weighs, hence the plain code."""
        loops_by_seat, beats_by_seat = self._loops, self._beats
        core, rank = self._core, self._core_rank
        loop_count, beat_count = self._loop_count, self._beat_count
        if newcomer is not None and newcomer.sensors > 0:
            if newcomer.loops:  # else its row is all zeros
                loops_by_seat = [a + b for a, b in zip(loops_by_seat, newcomer.loops_by_seat, strict=True)]
            if newcomer.beats:
                beats_by_seat = [a + b for a, b in zip(beats_by_seat, newcomer.beats_by_seat, strict=True)]
            newcomer_rank = _rank(newcomer)
            if rank is None or newcomer_rank < rank:
                core, rank = newcomer, newcomer_rank
            loop_count, beat_count = loop_count + newcomer.loops, beat_count + newcomer.beats
        if self._after_loops:
            loops_by_seat = add_columns(self._after_loops, loops_by_seat)
        if self._after_beats:
            beats_by_seat = add_columns(self._after_beats, beats_by_seat)
        loops, synchrony = sum(loops_by_seat), sum(beats_by_seat)
        integration = -rank[0] if rank is not None else 0.0  # the core's (negating is exact)
        terms = (
            (LOOP_WEIGHT * saturated(loops, LOOP_HALF), loops_by_seat, loops),
            (SYNCHRONY_WEIGHT * saturated(synchrony, SYNCHRONY_HALF), beats_by_seat, synchrony),
            (
                INTEGRATION_WEIGHT * saturated(integration, INTEGRATION_HALF),
                # whole numbers: `term * share` converts each exactly, as float(share) would
                core.neurons_by_seat if core is not None else (),
                float(core.size) if core is not None else 0.0,
            ),
        )
        contributions = [0.0] * self._players
        for term, shares, whole in terms:
            if whole > 0:
                contributions = [
                    part + term * share / whole for part, share in zip(contributions, shares, strict=True)
                ]
        return Measure(
            level=sum(term for term, _, _ in terms),
            contributions=tuple(contributions),
            loops=loops,
            loop_count=loop_count,
            synchrony=synchrony,
            beat_count=beat_count,
            integration=integration,
            assembly_size=core.size if core is not None else 0,
            assembly_kinds=len(core.kinds) if core is not None else 0,
        )


_EVERY = 1 << 62
"""A first neuron after every assembly's: `measure` stands nothing more among them."""


def _first(assembly: Assembly) -> int:
    return assembly.first


def _rank(assembly: Assembly) -> tuple[float, int, int]:
    """The most integrated assembly ranks first (least); ties: the larger, then the earliest."""
    size = assembly.size
    return (-(size * (len(assembly.kinds) / _TYPES)), -size, assembly.first)


def add_columns(rows: Sequence[Sequence[_Number]], start: list[_Number]) -> list[_Number]:
    """`start` plus each row in turn, seat by seat (the same additions, in the same order, as
    adding the rows one by one into a running total). `start` itself when there are no rows."""
    total = start
    for row in rows:
        total = [sum_so_far + value for sum_so_far, value in zip(total, row, strict=True)]
    return total
