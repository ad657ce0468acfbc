"""Who played a game at each seq, followed through its log's joins and leaves (the catch-up scores
an event for the players of its own time, as the action did when it was first scored)."""

from __future__ import annotations

from goldbox.service.score_keeper import PartyChange, players_at

CHANGES = [
    PartyChange(1, True, "c-ada", "ada"),
    PartyChange(2, True, "c-brom", "brom"),
    PartyChange(5, False, "c-brom", None),
    PartyChange(8, True, "c-brom", "brom"),  # back again
    PartyChange(9, False, "c-ada", None),
]


def test_each_seq_sees_the_joins_and_leaves_before_it() -> None:
    assert players_at([3, 6, 10], CHANGES) == [
        {"c-ada": "ada", "c-brom": "brom"},
        {"c-ada": "ada"},
        {"c-brom": "brom"},
    ]


def test_before_anyone_joined_there_are_no_players() -> None:
    assert players_at([1], CHANGES) == [{}]
    assert players_at([4], []) == [{}]


def test_a_join_without_an_account_is_ignored() -> None:
    assert players_at([3], [PartyChange(1, True, "c-ada", None), PartyChange(2, True, None, "x")]) == [{}]
