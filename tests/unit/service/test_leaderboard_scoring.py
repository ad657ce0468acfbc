"""Which scores the rules' events earn (the pure half of Leaderboards.record_events)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from goldbox.game.events import Event
from goldbox.infra.leaderboard_store import Board, Score
from goldbox.service.leaderboards import scores_from_events
from goldbox.store.game_log import LoggedEvent

AT = datetime(2026, 12, 1, 12, tzinfo=UTC)
OWNERS = {"c-ada": "acct-ada", "c-ada2": "acct-ada", "c-brom": "acct-brom"}
NAMES = {"acct-ada": "ada", "acct-brom": "brom"}


def earned(events: list[Event], **options: object) -> list[tuple[Board, str, int]]:
    scores = scores_from_events("game-1", OWNERS, events, AT, NAMES, **options)  # type: ignore[arg-type]
    assert all(score.game_id == "game-1" and score.at == AT for score in scores)
    return [(score.board, score.username, score.value) for score in scores]


def test_xp_goes_to_the_owner_of_the_character_and_monsters_earn_nothing() -> None:
    events = [
        Event("xp.gained", {"creature": "c-ada2", "amount": 40, "xp": 2040}),
        Event("xp.gained", {"creature": "orc-3", "amount": 40, "xp": 40}),
        Event("attack.hit", {"attacker": "c-ada", "target": "orc-3"}),
    ]
    assert earned(events) == [(Board.XP, "ada", 2040)]


def test_depth_and_clears_count_for_every_player_once() -> None:
    events = [Event("level.entered", {"depth": 4}), Event("dungeon.cleared", {"seconds": 95.9})]
    assert earned(events) == [
        (Board.DEPTH, "ada", 4),
        (Board.DEPTH, "brom", 4),
        (Board.FASTEST_CLEAR, "ada", 95),
        (Board.FASTEST_CLEAR, "brom", 95),
    ]


def test_a_clear_without_seconds_is_timed_from_the_games_start() -> None:
    events = [Event("dungeon.cleared", {"depth": 3, "party": ["c-ada"]})]
    assert earned(events, game_started_at=AT - timedelta(minutes=12, seconds=5)) == [
        (Board.FASTEST_CLEAR, "ada", 725),
        (Board.FASTEST_CLEAR, "brom", 725),
    ]
    assert earned(events) == []


def test_malformed_values_earn_nothing() -> None:
    events = [
        Event("xp.gained", {"creature": "c-ada", "amount": 1, "xp": True}),
        Event("xp.gained", {"creature": "c-ada", "amount": 1, "xp": "12"}),
        Event("level.entered", {"depth": -1}),
        Event("level.entered", {}),
        Event("xp.gained", {"creature": "c-brom", "amount": 1, "xp": 2**60}),
    ]
    assert earned(events) == []


def test_logged_events_score_like_the_rules_events() -> None:
    logged = [LoggedEvent(7, "xp.gained", {"creature": "c-brom", "amount": 5, "xp": 305})]
    scores = scores_from_events("game-1", OWNERS, logged, AT, NAMES)
    assert scores == [Score(Board.XP, "acct-brom", "brom", 305, AT, "game-1")]


def test_accounts_without_a_name_are_skipped() -> None:
    scores = scores_from_events("g", {"c-x": "acct-gone"}, [Event("level.entered", {"depth": 2})], AT, {})
    assert scores == []
