"""Glicko-2 ratings (Mark Glickman, "Example of the Glicko-2 system", 2012), for the Genius games.

A rating is three numbers: `rating` (the skill estimate, 1500 to start), `rd` (the rating deviation:
how unsure the estimate is, 350 to start, smaller with play) and `volatility` (how erratic the
player's results are, 0.06 to start). A rating period here is one match: each match updates its
players at once, every player against the others' ratings from before the match.

A match of more than two seats counts as one game between every pair of seats, scored by their final
scores: 1 to the higher, 0 to the lower, 0.5 each on equal scores. An entrant holding several seats
(the same bot strategy twice) plays no game against itself.

Pure arithmetic: no I/O, no clock; the same inputs give the same floats.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SCALE = 173.7178
"""Glicko-2's internal scale: (rating - 1500) / SCALE."""
INITIAL_RATING = 1500.0
INITIAL_RD = 350.0
INITIAL_VOLATILITY = 0.06
TAU = 0.5
"""The system constant: how much the volatility may move in one period (Glickman suggests 0.3-1.2)."""
CONVERGENCE = 1e-6
"""The volatility iteration stops when its bracket is narrower than this."""
MAX_ITERATIONS = 200
"""A hard bound on each loop of the volatility search, so bad input can never hang a caller."""


@dataclass(frozen=True, slots=True)
class Rating:
    """One entrant's Glicko-2 rating, on the familiar scale (1500 / 350 / 0.06 for a newcomer)."""

    rating: float = INITIAL_RATING
    rd: float = INITIAL_RD
    volatility: float = INITIAL_VOLATILITY


@dataclass(frozen=True, slots=True)
class Game:
    """One game of a rating period: the opponent's rating before the period, and the player's score
    against them (1 a win, 0.5 a draw, 0 a loss)."""

    opponent: Rating
    score: float


def _g(phi: float) -> float:
    """How much a game against an opponent of deviation `phi` tells: less, the less sure their rating."""
    return 1.0 / math.sqrt(1.0 + 3.0 * phi * phi / (math.pi * math.pi))


def _expected(mu: float, mu_j: float, phi_j: float) -> float:
    return 1.0 / (1.0 + math.exp(-_g(phi_j) * (mu - mu_j)))


def _new_volatility(sigma: float, phi: float, v: float, delta: float, tau: float) -> float:
    """Step 5 of the algorithm: the Illinois variant of regula falsi on f(x) = 0, x = ln(sigma'^2)."""
    a = math.log(sigma * sigma)

    def f(x: float) -> float:
        ex = math.exp(x)
        return ex * (delta * delta - phi * phi - v - ex) / (2.0 * (phi * phi + v + ex) ** 2) - (x - a) / (
            tau * tau
        )

    low = a
    if delta * delta > phi * phi + v:
        high = math.log(delta * delta - phi * phi - v)
    else:
        k = 1
        while f(a - k * tau) < 0 and k < MAX_ITERATIONS:
            k += 1
        high = a - k * tau
    f_low, f_high = f(low), f(high)
    for _ in range(MAX_ITERATIONS):
        if abs(high - low) <= CONVERGENCE:
            break
        middle = low + (low - high) * f_low / (f_high - f_low)
        f_middle = f(middle)
        if f_middle * f_high <= 0:
            low, f_low = high, f_high
        else:
            f_low /= 2.0
        high, f_high = middle, f_middle
    return math.exp(low / 2.0)


def rate(player: Rating, games: Sequence[Game], tau: float = TAU) -> Rating:
    """The player's rating after one rating period holding `games` (all against ratings from before
    the period). Without games only the deviation grows, as the skill may have drifted unseen."""
    mu = (player.rating - INITIAL_RATING) / SCALE
    phi = player.rd / SCALE
    sigma = player.volatility
    if not games:
        return Rating(player.rating, SCALE * math.sqrt(phi * phi + sigma * sigma), sigma)
    information = 0.0
    improvement = 0.0
    for game in games:
        mu_j = (game.opponent.rating - INITIAL_RATING) / SCALE
        phi_j = game.opponent.rd / SCALE
        g = _g(phi_j)
        expected = _expected(mu, mu_j, phi_j)
        information += g * g * expected * (1.0 - expected)
        improvement += g * (game.score - expected)
    v = 1.0 / information
    delta = v * improvement
    sigma_new = _new_volatility(sigma, phi, v, delta, tau)
    phi_star = math.sqrt(phi * phi + sigma_new * sigma_new)
    phi_new = 1.0 / math.sqrt(1.0 / (phi_star * phi_star) + 1.0 / v)
    mu_new = mu + phi_new * phi_new * improvement
    return Rating(SCALE * mu_new + INITIAL_RATING, SCALE * phi_new, sigma_new)


def pair_score(mine: float, theirs: float) -> float:
    """A seat's score in its game against another seat of the same match, by their final scores."""
    if mine > theirs:
        return 1.0
    if mine < theirs:
        return 0.0
    return 0.5


def rate_match(ratings: Mapping[str, Rating], seats: Sequence[tuple[str, float]]) -> dict[str, Rating]:
    """New ratings after one match. `seats` holds each seat's entrant and final score; `ratings` each
    entrant's rating before the match (a newcomer may be missing: it starts at the initial rating).
    Every pair of seats held by different entrants is one game; entrants with no game (the match had
    no one else) are left out of the answer, unchanged."""
    games: dict[str, list[Game]] = {}
    for entrant, score in seats:
        for other, other_score in seats:
            if other != entrant:
                opponent = ratings.get(other, Rating())
                games.setdefault(entrant, []).append(Game(opponent, pair_score(score, other_score)))
    return {entrant: rate(ratings.get(entrant, Rating()), played) for entrant, played in games.items()}
