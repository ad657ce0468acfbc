"""Tournament pairings: the circle method, swiss pairs without rematches, and tables for bigger games."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldbox.game.genius.pairings import (
    Pairing,
    drawn_tables,
    round_robin,
    round_robin_length,
    seat_tables,
    swiss,
    table_sizes,
)
from goldbox.game.rng import Rng


def seated(pairing: Pairing) -> list[int]:
    return [entrant for table in pairing.tables for entrant in table]


@pytest.mark.parametrize("entrants", range(2, 14))
def test_round_robin_meets_everyone_once_per_cycle(entrants: int) -> None:
    length = round_robin_length(entrants)
    rounds = [round_robin(entrants, index) for index in range(length)]
    met = Counter(frozenset(table) for pairing in rounds for table in pairing.tables)
    assert set(met) == {frozenset(pair) for pair in itertools.combinations(range(entrants), 2)}
    assert set(met.values()) == {1}
    for pairing in rounds:
        assert sorted(seated(pairing) + list(pairing.byes)) == list(range(entrants))
    byes = Counter(bye for pairing in rounds for bye in pairing.byes)
    assert byes == (Counter(range(entrants)) if entrants % 2 else Counter())


@pytest.mark.parametrize("entrants", [4, 5, 8])
def test_the_second_cycle_swaps_the_seats(entrants: int) -> None:
    length = round_robin_length(entrants)
    for index in range(length):
        first, second = round_robin(entrants, index), round_robin(entrants, index + length)
        assert second.tables == tuple((b, a) for a, b in first.tables)
        assert second.byes == first.byes


@pytest.mark.parametrize("entrants", range(2, 14))
def test_everyone_has_the_first_seat_about_half_the_time(entrants: int) -> None:
    tables = [
        table
        for index in range(round_robin_length(entrants))
        for table in round_robin(entrants, index).tables
    ]
    first = Counter(table[0] for table in tables)
    second = Counter(table[1] for table in tables)
    assert max(abs(first[e] - second[e]) for e in range(entrants)) <= (1 if entrants % 2 == 0 else 2)


def test_swiss_pairs_by_standing_and_gives_the_lowest_the_bye() -> None:
    assert swiss([3, 1, 0, 2, 4], met=set()) == Pairing(((3, 1), (0, 2)), (4,))
    assert swiss([3, 1, 0, 2, 4], met=set(), had_bye={4}) == Pairing(((3, 1), (0, 4)), (2,))
    assert swiss([0, 1, 2], met=set(), had_bye={0, 1, 2}).byes == (2,)


def test_swiss_avoids_a_rematch_by_looking_further_down() -> None:
    assert swiss([0, 1, 2, 3], met={frozenset((0, 1))}) == Pairing(((0, 2), (1, 3)))
    # 0-2 would leave 1 and 3 to meet again: backtrack to 0-3.
    assert swiss([0, 1, 2, 3], met={frozenset((0, 1)), frozenset((1, 3))}) == Pairing(((0, 3), (1, 2)))


def test_swiss_allows_a_rematch_only_when_it_must() -> None:
    assert swiss([1, 0], met={frozenset((0, 1))}) == Pairing(((1, 0),))
    everyone = {frozenset(pair) for pair in itertools.combinations(range(4), 2)} - {frozenset((2, 3))}
    assert swiss([0, 1, 2, 3], met=everyone) == Pairing(((0, 1), (2, 3)))


def _rematch_free_exists(entrants: list[int], met: set[frozenset[int]]) -> bool:
    if not entrants:
        return True
    first, rest = entrants[0], entrants[1:]
    return any(
        frozenset((first, other)) not in met and _rematch_free_exists([e for e in rest if e != other], met)
        for other in rest
    )


@given(
    st.integers(2, 8).flatmap(
        lambda n: st.tuples(
            st.permutations(range(n)),
            st.sets(st.sampled_from([frozenset(p) for p in itertools.combinations(range(n), 2)])),
        )
    )
)
def test_swiss_never_rematches_when_a_fresh_pairing_exists(
    case: tuple[list[int], set[frozenset[int]]],
) -> None:
    ranked, met = case
    pairing = swiss(ranked, met)
    assert sorted(seated(pairing) + list(pairing.byes)) == sorted(ranked)
    rest = [entrant for entrant in ranked if entrant not in pairing.byes]
    if _rematch_free_exists(rest, met):
        assert not any(frozenset(table) in met for table in pairing.tables)


def test_table_sizes_are_the_fewest_near_equal_tables_the_game_accepts() -> None:
    def odd(size: int) -> bool:
        return size >= 3 and size % 2 == 1

    def two_to_six(size: int) -> bool:
        return 2 <= size <= 6

    assert table_sizes(7, 101, odd) == (7,)
    assert table_sizes(4, 101, odd) is None
    assert table_sizes(8, 6, two_to_six) == (4, 4)
    assert table_sizes(13, 6, two_to_six) == (5, 4, 4)
    assert table_sizes(10, 5, odd) == (5, 5)
    assert table_sizes(12, 5, odd) == (3, 3, 3, 3)


def test_tables_seat_everyone() -> None:
    assert seat_tables([4, 2, 0, 1, 3], (3, 2)) == Pairing(((4, 2, 0), (1, 3)))
    drawn = drawn_tables(9, (5, 4), Rng(7))
    assert drawn == drawn_tables(9, (5, 4), Rng(7))
    assert sorted(seated(drawn)) == list(range(9))
    assert [len(table) for table in drawn.tables] == [5, 4]
