"""Who plays whom in each round of a Genius tournament.

Entrants are numbered 0..n-1 (their order of entry). A round seats them at tables, each table one
match with its entrants in seat order; an entrant with no table has a bye.

- Games of two seats are played in pairs. `round_robin` uses the circle method: everyone meets
  everyone once in n-1 rounds (n rounds and one bye a round when n is odd); a second cycle repeats
  the pairs with the seats swapped. `swiss` pairs entrants of equal standing, the best first, and
  never twice the same pair while a pairing without a rematch exists.
- Games of more seats are played at tables: the fewest tables of near-equal size the game accepts,
  everyone seated every round. For a round robin the tables are drawn afresh each round (from the
  tournament's seed), so everyone meets many others; for swiss they are filled in standing order,
  the leaders at the first table.

Pure: no I/O, and every draw comes from the `Rng` passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from goldbox.game.rng import Rng

SEARCH_BUDGET = 20_000
"""How many partial pairings the swiss search may try before it settles for fewest rematches."""


@dataclass(frozen=True, slots=True)
class Pairing:
    """One round's seating: each table's entrants in seat order, and who sits the round out."""

    tables: tuple[tuple[int, ...], ...]
    byes: tuple[int, ...] = ()


def round_robin_length(entrants: int) -> int:
    """Rounds in one cycle of the circle method: everyone meets everyone once."""
    return entrants - 1 if entrants % 2 == 0 else entrants


def round_robin(entrants: int, round_index: int) -> Pairing:
    """The pairs of round `round_index` (from 0) of the circle method. Entrant 0 stays put while
    the others turn one place a round; when n is odd an empty place joins the circle, and whoever
    faces it has the bye. Who takes the first seat alternates so that over a cycle everyone has it
    about half the time (within one game; two when n is odd); each later cycle swaps every pair."""
    places: list[int | None] = [*range(entrants), *([None] if entrants % 2 else [])]
    size = len(places)
    cycle, turn = divmod(round_index, size - 1)
    turned = places[1:]
    turned = turned[len(turned) - turn :] + turned[: len(turned) - turn]
    circle = [places[0], *turned]
    tables: list[tuple[int, ...]] = []
    byes: list[int] = []
    for index in range(size // 2):
        first, second = circle[index], circle[size - 1 - index]
        if first is None or second is None:
            byes.extend(entrant for entrant in (first, second) if entrant is not None)
            continue
        if ((turn if index == 0 else index) + cycle) % 2:
            first, second = second, first
        tables.append((first, second))
    return Pairing(tuple(tables), tuple(byes))


def swiss(ranked: Sequence[int], met: Collection[frozenset[int]], had_bye: Collection[int] = ()) -> Pairing:
    """Pairs for a swiss round. `ranked` is every entrant, best standing first; `met` the pairs that
    have already played. With an odd count the lowest-ranked entrant who has not had a bye sits out
    (the lowest of all once everyone has). Then each entrant, best first, meets the best-ranked one
    left they have not met, backtracking when that leaves others stuck; when no pairing avoids every
    rematch (or the search runs long) the best-ranked opponent with the fewest meetings is taken."""
    remaining = list(ranked)
    byes: tuple[int, ...] = ()
    if len(remaining) % 2:
        fresh = [entrant for entrant in remaining if entrant not in had_bye]
        bye = (fresh or remaining)[-1]
        remaining.remove(bye)
        byes = (bye,)
    pairs = _without_rematches(remaining, met) or _fewest_rematches(remaining, met)
    return Pairing(tuple(pairs), byes)


def _without_rematches(ranked: list[int], met: Collection[frozenset[int]]) -> list[tuple[int, int]] | None:
    budget = [SEARCH_BUDGET]

    def pair(left: list[int]) -> list[tuple[int, int]] | None:
        if not left:
            return []
        first, rest = left[0], left[1:]
        for index, candidate in enumerate(rest):
            budget[0] -= 1
            if budget[0] < 0:
                return None
            if frozenset((first, candidate)) in met:
                continue
            found = pair(rest[:index] + rest[index + 1 :])
            if found is not None:
                return [(first, candidate), *found]
        return None

    return pair(ranked)


def _fewest_rematches(ranked: list[int], met: Collection[frozenset[int]]) -> list[tuple[int, int]]:
    left = list(ranked)
    pairs: list[tuple[int, int]] = []
    while left:
        first = left.pop(0)
        fresh = [candidate for candidate in left if frozenset((first, candidate)) not in met]
        second = (fresh or left)[0]
        left.remove(second)
        pairs.append((first, second))
    return pairs


def table_sizes(entrants: int, max_players: int, fits: Callable[[int], bool]) -> tuple[int, ...] | None:
    """The sizes of the fewest tables of near-equal size (largest first) that seat everyone, each
    at most `max_players` and accepted by `fits` (the game's own rules: a minimum, an odd count…);
    None when no split works."""
    for count in range(-(-entrants // max_players), entrants + 1):
        base, extra = divmod(entrants, count)
        sizes = (base + 1,) * extra + (base,) * (count - extra)
        if sizes[0] <= max_players and all(fits(size) for size in set(sizes)):
            return sizes
    return None


def seat_tables(ordered: Sequence[int], sizes: Sequence[int]) -> Pairing:
    """Tables filled in order: the first `sizes[0]` entrants at the first table, and so on."""
    tables: list[tuple[int, ...]] = []
    start = 0
    for size in sizes:
        tables.append(tuple(ordered[start : start + size]))
        start += size
    return Pairing(tuple(tables))


def drawn_tables(entrants: int, sizes: Sequence[int], rng: Rng) -> Pairing:
    """Tables drawn at random: every entrant seated, the seats in a random order too."""
    order = list(range(entrants))
    rng.shuffle(order)
    return seat_tables(order, sizes)
