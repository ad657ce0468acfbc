"""What a rated match puts on the leaderboards: every shipped Genius game has its board, people and
agents go on it with their new rating rounded, bots never do."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from goldbox.game.genius.glicko2 import Rating
from goldbox.game.genius.registry import all_games
from goldbox.infra.leaderboard_store import Board, Score
from goldbox.service.matches import FinishedSeat
from goldbox.service.ratings import RatingChange, board_scores, entrant_of, name_of

AT = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize("game", sorted(all_games()))
def test_every_shipped_game_has_a_board_that_fits_the_store(game: str) -> None:
    board = Board.for_genius(game)
    assert board is not None
    assert board.value == f"genius_{game}"
    assert len(board.value) <= 32  # leaderboard_scores.board is a String(32)
    assert not board.lower_is_better


def test_a_game_without_a_board_earns_no_scores() -> None:
    assert Board.for_genius("chess") is None
    change = RatingChange("acct", "human", "ada", "acct", Rating(), Rating(1600))
    assert board_scores("chess", "m-1", AT, [change]) == []


def test_people_and_agents_go_on_the_board_with_their_new_rating_rounded() -> None:
    changes = [
        RatingChange("acct-ada", "human", "ada", "acct-ada", Rating(), Rating(1662.3, 290)),
        RatingChange("acct-hal", "agent", "hal", "acct-hal", Rating(1700), Rating(1650.5, 200)),
        RatingChange("bot:pavlov", "bot", "pavlov", None, Rating(), Rating(1337.7)),
        RatingChange("acct-low", "human", "low", "acct-low", Rating(-10), Rating(-20)),
    ]
    assert board_scores("minority", "m-1", AT, changes) == [
        Score(Board.GENIUS_MINORITY, "acct-ada", "ada", 1662, AT, "m-1"),
        Score(Board.GENIUS_MINORITY, "acct-hal", "hal", 1650, AT, "m-1"),  # round half to even
        Score(Board.GENIUS_MINORITY, "acct-low", "low", 0, AT, "m-1"),  # a board holds no negatives
    ]


def test_a_seat_plays_for_its_account_or_its_strategy() -> None:
    person = FinishedSeat(0, "human", "ada", "acct-ada", None, False)
    bot = FinishedSeat(1, "bot", "pavlov (bot)", None, "pavlov", False)
    assert (entrant_of(person), name_of(person)) == ("acct-ada", "ada")
    assert (entrant_of(bot), name_of(bot)) == ("bot:pavlov", "pavlov")


def test_a_change_survives_its_json() -> None:
    change = RatingChange(
        "acct", "agent", "hal", "acct", Rating(1500, 350, 0.06), Rating(1612.5, 250.25, 0.059)
    )
    assert RatingChange.from_json(change.to_json()) == change
