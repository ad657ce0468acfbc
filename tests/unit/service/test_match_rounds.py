"""A match's rounds worked out in memory (`match_rounds.Play`): deterministic, bounded per change,
paced, and the moment the clock must look at a match (`Match.due`)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from goldbox.game.genius.play import bot_rng
from goldbox.game.rng import Rng, derive_seed
from goldbox.service import match_rounds
from goldbox.service.match_rounds import Play
from goldbox.service.match_state import Entrant, Match
from tests.genius_toy_games import COUNTDOWN, HIGHEST, registered

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def toy_games() -> Iterator[None]:
    with registered():
        yield


def _match(game: str = HIGHEST, rounds: int = 3, pace_s: float = 0.0, *bots: str) -> Match:
    match = Match(game, {"rounds": rounds} if game == HIGHEST else {}, 2, 4, 30, pace_s, "creator")
    play = Play(match, 7, NOW)
    for strategy in bots:
        play.seat(Entrant.bot(strategy))
    return match


def test_a_match_survives_its_stored_form() -> None:
    match = _match(HIGHEST, 2, 0.0)
    play = Play(match, 7, NOW)
    play.seat(Entrant.person("acc-1", "ada"))
    play.seat(Entrant.bot("nine"))
    play.start()
    stored = json.loads(json.dumps(match.to_state()))
    assert Match.from_state(stored) == match
    assert stored["sealed"] == {"1": {"number": 9}}, "keys are strings in JSON"


def test_due_is_the_deadline_while_a_seat_is_missing_then_the_pace() -> None:
    match = _match(HIGHEST, 2, 5.0)
    assert match.due() is None, "not started: nothing to wait for"
    play = Play(match, 7, NOW)
    play.seat(Entrant.person("acc-1", "ada"))
    play.seat(Entrant.bot("nine"))
    play.start()
    assert match.due() == NOW + timedelta(seconds=30)
    Play(match, 7, NOW + timedelta(seconds=1)).seal(0, {"number": 3})
    assert match.due() == NOW + timedelta(seconds=5), "everyone acted: the end of the pace"
    early = Play(match, 7, NOW + timedelta(seconds=1))
    early.settle()
    assert early.resolved == [], "never before the pace has run"
    on_time = Play(match, 7, NOW + timedelta(seconds=5))
    on_time.settle()
    assert on_time.resolved == [1]
    assert match.opened_at == NOW + timedelta(seconds=5)


def test_the_same_seed_and_actions_give_the_same_events() -> None:
    def played() -> str:
        match = _match(HIGHEST, 3, 0.0, "random", "lucky", "nine")
        play = Play(match, 12345, NOW)
        play.start()
        return json.dumps([[e.type, e.data] for e in play.events]) + json.dumps(match.to_state())

    assert played() == played()


def test_one_change_resolves_a_bounded_number_of_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(match_rounds, "MAX_ROUNDS_AT_ONCE", 3)
    match = _match(HIGHEST, 10, 0.0, "nine", "random")
    play = Play(match, 7, NOW)
    play.start()
    assert play.resolved == [1, 2, 3]
    assert match.round == 4
    assert match.due() == NOW, "the rest is due at once, for the clock"
    later = Play(copy.deepcopy(match), 7, NOW)
    later.close_overdue()
    assert later.resolved == [4, 5, 6]


def test_the_deadline_fills_only_the_missing_seats() -> None:
    match = _match(HIGHEST, 1, 0.0)
    play = Play(match, 7, NOW)
    for name in ("ada", "bob", "cat"):
        play.seat(Entrant.person(f"acc-{name}", name))
    play.start()
    Play(match, 7, NOW).seal(1, {"number": 4})
    assert Play(match, 7, NOW + timedelta(seconds=29)).close_overdue() == []
    closing = Play(match, 7, NOW + timedelta(seconds=30))
    assert closing.close_overdue() == [0, 2]
    revealed = next(e for e in closing.events if e.type == "round.revealed")
    assert revealed.data["actions"] == {"0": {"number": 0}, "1": {"number": 4}, "2": {"number": 0}}
    assert revealed.data["audience"] == [], "for operators only"
    assert match.outcome is not None


def test_a_game_of_turns_opens_a_round_per_turn() -> None:
    match = Match(COUNTDOWN, {"start": 4}, 2, 3, 30, 0.0, None)
    play = Play(match, 7, NOW)
    play.seat(Entrant.bot("random"))
    play.seat(Entrant.bot("random"))
    play.start()
    opened = [e.data["awaiting"] for e in play.events if e.type == "round.opened"]
    assert opened == [[r % 2] for r in range(len(opened))]
    assert match.outcome is not None


def test_a_bots_stream_follows_the_bot_protocol() -> None:
    """Same seed every round of a seat (so forks repeat), counter moved on by round."""
    first, second = bot_rng(99, 2, 1), bot_rng(99, 2, 2)
    assert first.seed == second.seed == Rng(derive_seed(99, "bot", 2)).seed
    assert first.fork("tables").next64() == second.fork("tables").next64()
    assert first.next64() != second.next64()
    assert bot_rng(99, 3, 1).seed != first.seed
