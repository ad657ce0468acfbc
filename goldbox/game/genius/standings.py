"""A Genius tournament's standings: points for each match, and the tie-breaks that order equal points.

Points per match, for each seat: a win (the match's only winner) 100, a draw 30, a loss 0. A shared
win (several winners) counts as a draw for each winner; a seat that did not win has lost, even when
nobody won. A bye is worth `bye_points` (the tournament's format decides).

Equal points are separated, in order, by:
1. Buchholz (swiss only): the sum of the points of every opponent met, so beating strong entrants
   counts more than beating weak ones. A bye adds nothing.
2. Head-to-head: the points each earned in the matches where another entrant of the tied group
   also sat.
3. The name, alphabetically (by `str.casefold`, then as written), so the order is always total.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

WIN_POINTS = 100
DRAW_POINTS = 30
LOSS_POINTS = 0


@dataclass(frozen=True, slots=True)
class Played:
    """A finished match of the tournament: its entrants in seat order, and the outcome by seat."""

    entrants: tuple[int, ...]
    scores: tuple[float, ...]
    winners: tuple[int, ...]

    def points_of_seat(self, seat: int) -> int:
        if seat not in self.winners:
            return LOSS_POINTS
        return WIN_POINTS if len(self.winners) == 1 else DRAW_POINTS

    def points(self) -> dict[int, int]:
        """Each entrant's points from this match."""
        return {entrant: self.points_of_seat(seat) for seat, entrant in enumerate(self.entrants)}


@dataclass(frozen=True, slots=True)
class Standing:
    entrant: int
    rank: int
    """1-based and strict: tie-breaks always settle the order."""
    points: int
    wins: int
    draws: int
    losses: int
    byes: int
    buchholz: int | None
    """Swiss only: the opponents' points summed (None in a round robin)."""
    head_to_head: int
    """Points earned against the entrants level with this one after the tie-breaks above; 0 alone."""


def met_pairs(played: Iterable[Played]) -> set[frozenset[int]]:
    """Every pair of entrants that has shared a table."""
    return {
        frozenset((first, second))
        for match in played
        for first in match.entrants
        for second in match.entrants
        if first != second
    }


def standings(
    names: Sequence[str],
    played: Sequence[Played],
    byes: Sequence[int],
    bye_points: int,
    buchholz: bool,
) -> list[Standing]:
    """Every entrant, best first. `names[i]` names entrant i; `byes` lists each bye's entrant (one
    entry per bye); `buchholz` turns that tie-break on (swiss)."""
    count = len(names)
    points = [0] * count
    tally = [[0, 0, 0] for _ in range(count)]  # wins, draws, losses
    for match in played:
        for entrant, earned in match.points().items():
            points[entrant] += earned
            tally[entrant][(WIN_POINTS, DRAW_POINTS, LOSS_POINTS).index(earned)] += 1
    bye_count = [0] * count
    for entrant in byes:
        points[entrant] += bye_points
        bye_count[entrant] += 1
    opponents_points = [0] * count
    for match in played:
        for entrant in match.entrants:
            opponents_points[entrant] += sum(points[other] for other in match.entrants if other != entrant)

    def level(entrant: int) -> tuple[int, int]:
        return (points[entrant], opponents_points[entrant] if buchholz else 0)

    head_to_head = [0] * count
    for _, group in groupby(sorted(range(count), key=level), key=level):
        tied = set(group)
        if len(tied) > 1:
            for match in played:
                present = tied.intersection(match.entrants)
                if len(present) > 1:
                    for entrant, earned in match.points().items():
                        if entrant in present:
                            head_to_head[entrant] += earned

    order = sorted(
        range(count),
        key=lambda e: (-points[e], -level(e)[1], -head_to_head[e], names[e].casefold(), names[e]),
    )
    return [
        Standing(
            entrant=entrant,
            rank=rank,
            points=points[entrant],
            wins=tally[entrant][0],
            draws=tally[entrant][1],
            losses=tally[entrant][2],
            byes=bye_count[entrant],
            buchholz=opponents_points[entrant] if buchholz else None,
            head_to_head=head_to_head[entrant],
        )
        for rank, entrant in enumerate(order, start=1)
    ]
