"""Ratings from finished matches (SQLite with the SQL board store; PostgreSQL with Redis): once per
match however often its end is reported, Glickman's numbers, people on the game's leaderboard with
the best rating of each period, bots on `rating.list` only, and the sweep that rates an unreported
match or reposts ratings that missed the boards."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from starlette.testclient import TestClient

from goldbox.game.genius.glicko2 import Game, Rating, rate
from goldbox.game.genius.protocol import Outcome
from goldbox.infra.leaderboard_store import LeaderboardStore, LeaderboardsUnavailable, Score
from goldbox.service.match_state import Entrant
from goldbox.service.matches import FinishedSeat, Matches, MatchFinished
from goldbox.service.ratings import Ratings
from tests.integration.play.conftest import Player, code, ok, player, services

pytestmark = pytest.mark.timeout(60)
T = TypeVar("T")
PD = "prisoners_dilemma"
BOARD = "genius_prisoners_dilemma"


def run(app: TestClient, work: Callable[[], Awaitable[T]]) -> T:
    assert app.portal is not None
    return app.portal.call(work)


def account_of(someone: Player) -> str:
    found: str = ok(someone("account.me"))["account"]["id"]
    return found


def person(seat: int, name: str, account_id: str) -> FinishedSeat:
    return FinishedSeat(seat, "human", name, account_id, None, False)


def bot(seat: int, strategy: str) -> FinishedSeat:
    return FinishedSeat(seat, "bot", f"{strategy} (bot)", None, strategy, False)


def ended(
    match_id: str, seats: Sequence[FinishedSeat], scores: Sequence[float], at: datetime
) -> MatchFinished:
    best = max(scores)
    winners = tuple(seat for seat, score in enumerate(scores) if score == best)
    return MatchFinished(match_id, PD, tuple(seats), Outcome(tuple(scores), winners), None, at)


def board(someone: Player, period: str = "all") -> list[tuple[str, int]]:
    page = ok(someone("leaderboard.top", board=BOARD, period=period))
    return [(entry["user"], entry["value"]) for entry in page["entries"]]


def test_a_match_is_rated_once_however_often_its_end_is_told(app: TestClient) -> None:
    ada = player(app, "ada")
    ratings = services(app).ratings
    now = datetime.now(UTC)
    won = ended("match-1", [person(0, "ada", account_of(ada)), bot(1, "tit_for_tat")], [30, 12], now)
    for _ in range(3):
        run(app, lambda: ratings.match_finished(won))
    winner = rate(Rating(), [Game(Rating(), 1)])
    loser = rate(Rating(), [Game(Rating(), 0)])
    mine = ok(ada("rating.get", game=PD))
    assert mine["entry"]["matches"] == 1
    assert mine["entry"]["rating"] == round(winner.rating, 2)
    assert mine["entry"]["rd"] == round(winner.rd, 2)
    assert mine["rank"] == 1
    theirs = ok(ada("rating.get", game=PD, strategy="tit_for_tat"))
    assert (theirs["entry"]["kind"], theirs["entry"]["matches"], theirs["rank"]) == ("bot", 1, 2)
    assert theirs["entry"]["rating"] == round(loser.rating, 2)
    assert board(ada) == [("ada", round(winner.rating))]  # the bot has no account, so no place


def test_the_board_keeps_the_best_rating_of_the_period_and_the_list_the_current_one(app: TestClient) -> None:
    ada, bob = player(app, "ada"), player(app, "bob")
    ratings = services(app).ratings
    seats = [person(0, "ada", account_of(ada)), person(1, "bob", account_of(bob))]
    now = datetime.now(UTC)
    run(app, lambda: ratings.match_finished(ended("m-1", seats, [5, 1], now)))
    peak = ok(ada("rating.get", game=PD))["entry"]["rating"]
    run(app, lambda: ratings.match_finished(ended("m-2", seats, [0, 4], now + timedelta(seconds=1))))
    run(app, lambda: ratings.match_finished(ended("m-3", seats, [0, 4], now + timedelta(seconds=2))))
    listed = ok(bob("rating.list", game=PD))["entries"]
    assert [(entry["name"], entry["matches"]) for entry in listed] == [("bob", 3), ("ada", 3)]
    assert listed[1]["rating"] < peak
    assert listed[0]["rating"] < peak
    for period in ("day", "week", "month", "all"):
        # ada stays on top with the best rating she reached, not where she is now.
        assert board(ada, period) == [("ada", round(peak)), ("bob", round(listed[0]["rating"]))]
    assert code(ada("rating.get", game=PD, username="nobody")) == "GBX_ACCOUNT_NOT_FOUND"
    assert code(ada("rating.list", game="chess")) == "GBX_INVALID_PARAMS"
    assert code(ada("rating.get", game=PD, strategy="psychic")) == "GBX_INVALID_PARAMS"
    fresh = ok(ada("rating.get", game="minority", username="BOB"))
    assert (fresh["entry"]["name"], fresh["entry"]["rating"], fresh["entry"]["matches"], fresh["rank"]) == (
        "bob",
        1500,
        0,
        None,
    )


def test_a_multiplayer_match_counts_every_pair_by_final_score(app: TestClient) -> None:
    ada = player(app, "ada")
    ratings = services(app).ratings
    seats = [person(0, "ada", account_of(ada)), bot(1, "random"), bot(2, "pavlov")]
    run(app, lambda: ratings.match_finished(ended("m-3p", seats, [4, 4, 9], datetime.now(UTC))))
    expected = rate(Rating(), [Game(Rating(), 0.5), Game(Rating(), 0)])
    assert ok(ada("rating.get", game=PD))["entry"]["rating"] == round(expected.rating, 2)
    names = [entry["name"] for entry in ok(ada("rating.list", game=PD))["entries"]]
    assert names[0] == "pavlov"


class UnreachableBoards(LeaderboardStore):
    """A leaderboard store that is down."""

    async def submit(self, scores: Sequence[Score]) -> None:
        raise LeaderboardsUnavailable("down for the test")

    async def top(self, *args: Any, **kwargs: Any) -> Any:
        raise LeaderboardsUnavailable("down for the test")

    async def count(self, *args: Any, **kwargs: Any) -> Any:
        raise LeaderboardsUnavailable("down for the test")

    async def rank_of(self, *args: Any, **kwargs: Any) -> Any:
        raise LeaderboardsUnavailable("down for the test")


def test_the_sweep_reposts_ratings_that_missed_the_boards(app: TestClient) -> None:
    ada, bob = player(app, "ada"), player(app, "bob")
    live = services(app)
    seats = [person(0, "ada", account_of(ada)), person(1, "bob", account_of(bob))]
    cut_off = Ratings(live.sessions, UnreachableBoards())
    run(app, lambda: cut_off.match_finished(ended("m-lost", seats, [3, 1], datetime.now(UTC))))
    assert ok(ada("rating.get", game=PD))["entry"]["matches"] == 1  # rated all the same
    assert board(ada) == []
    sweeper = Ratings(live.sessions, live.leaderboards.store)
    assert run(app, sweeper.catch_up) == 1
    assert [name for name, _ in board(ada)] == ["ada", "bob"]
    assert run(app, sweeper.catch_up) == 0  # posted once: nothing left to do


def test_the_sweep_rates_a_match_whose_end_was_never_told(app: TestClient) -> None:
    live = services(app)
    later = Ratings(
        live.sessions, live.leaderboards.store, clock=lambda: datetime.now(UTC) + timedelta(minutes=5)
    )
    assert run(app, later.catch_up) == 0  # a first sweep over everything; the next looks at recent matches
    deaf = Matches(live.sessions)  # no listeners: as if the process died after the match's last commit
    written = run(
        app,
        lambda: deaf.create_seated(
            PD, {"max_rounds": 5}, [Entrant.bot("tit_for_tat"), Entrant.bot("pavlov")]
        ),
    )
    assert written.stored.status == "finished"
    someone = player(app, "ada")
    assert ok(someone("rating.list", game=PD))["entries"] == []
    soon = Ratings(live.sessions, live.leaderboards.store)
    assert run(app, soon.catch_up) == 0  # just finished: its report may still be on its way
    assert run(app, later.catch_up) == 1
    assert run(app, later.catch_up) == 0
    entries = ok(someone("rating.list", game=PD))["entries"]
    assert sorted((entry["name"], entry["matches"]) for entry in entries) == [
        ("pavlov", 1),
        ("tit_for_tat", 1),
    ]
