"""Glicko-2 against the worked example in Glickman's paper, and the properties a player relies on."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldbox.game.genius.glicko2 import Game, Rating, pair_score, rate, rate_match

ratings = st.builds(
    Rating,
    rating=st.floats(500, 2500),
    rd=st.floats(30, 350),
    volatility=st.floats(0.03, 0.12),
)


def test_the_papers_worked_example() -> None:
    player = Rating(1500, 200, 0.06)
    games = [Game(Rating(1400, 30), 1), Game(Rating(1550, 100), 0), Game(Rating(1700, 300), 0)]
    after = rate(player, games)
    assert after.rating == pytest.approx(1464.06, abs=0.01)
    assert after.rd == pytest.approx(151.52, abs=0.01)
    assert after.volatility == pytest.approx(
        0.05999, abs=0.00001
    )  # the paper shows 0.059995… cut to 5 places


def test_a_period_without_games_only_widens_the_deviation() -> None:
    after = rate(Rating(1500, 200, 0.06), [])
    assert after.rating == 1500
    assert after.volatility == 0.06
    assert after.rd == pytest.approx(173.7178 * math.sqrt((200 / 173.7178) ** 2 + 0.06**2))


@given(ratings, ratings)
def test_a_win_never_lowers_the_rating_and_a_loss_never_raises_it(player: Rating, opponent: Rating) -> None:
    assert rate(player, [Game(opponent, 1)]).rating >= player.rating
    assert rate(player, [Game(opponent, 0)]).rating <= player.rating


@given(ratings, st.lists(st.tuples(ratings, st.sampled_from([0.0, 0.5, 1.0])), min_size=1, max_size=6))
def test_playing_leaves_the_deviation_below_sitting_out(
    player: Rating, played: list[tuple[Rating, float]]
) -> None:
    """Every game adds information: after play the deviation is below what the same period without
    games would leave at the player's new volatility."""
    after = rate(player, [Game(opponent, score) for opponent, score in played])
    idle = rate(Rating(player.rating, player.rd, after.volatility), [])
    assert after.rd < idle.rd
    assert 0 < after.volatility < 1


@given(st.floats(100, 350), st.floats(1200, 1800), st.sampled_from([0.0, 0.5, 1.0]))
def test_the_deviation_shrinks_after_play_against_a_known_opponent(
    rd: float, rating: float, score: float
) -> None:
    player = Rating(1500, rd, 0.06)
    assert rate(player, [Game(Rating(rating, 50), score)]).rd < rd


def test_pair_scores_follow_the_final_scores() -> None:
    assert (pair_score(5, 3), pair_score(3, 5), pair_score(4, 4)) == (1.0, 0.0, 0.5)


def test_a_match_of_three_is_three_pairwise_games() -> None:
    before = {"a": Rating(1500, 200), "b": Rating(1500, 200), "c": Rating(1500, 200)}
    after = rate_match(before, [("a", 9), ("b", 5), ("c", 5)])
    assert after["a"] == rate(before["a"], [Game(before["b"], 1), Game(before["c"], 1)])
    assert after["b"] == rate(before["b"], [Game(before["a"], 0), Game(before["c"], 0.5)])
    assert after["a"].rating > 1500 > after["b"].rating
    assert after["b"] == after["c"]


def test_newcomers_start_from_the_initial_rating() -> None:
    after = rate_match({}, [("x", 1), ("y", 0)])
    assert after["x"] == rate(Rating(), [Game(Rating(), 1)])
    assert after["x"].rating > 1500 > after["y"].rating


def test_an_entrant_plays_no_game_against_itself() -> None:
    assert rate_match({}, [("bot:random", 3), ("bot:random", 1)]) == {}
    after = rate_match({}, [("bot:random", 3), ("bot:random", 1), ("ada", 2)])
    assert after["ada"] == rate(Rating(), [Game(Rating(), 0), Game(Rating(), 1)])
    assert after["bot:random"] == rate(Rating(), [Game(Rating(), 1), Game(Rating(), 0)])
