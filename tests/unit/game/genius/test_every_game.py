"""Properties every registered Genius game must keep, whatever its rules: checked by playing
random games with each game's `random` bot through `play_out`, the service's own seeding."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.genius.play import play_out, round_rng
from goldbox.game.genius.protocol import GeniusGame
from goldbox.game.genius.registry import all_games, bot_named

GAMES = sorted(all_games())
SHIPPED = {"minority", "prisoners_dilemma", "byzantine_generals", "liars_dice", "consciousness_emergence"}
SEEDS = st.integers(min_value=0, max_value=2**63 - 1)
QUICK_OPTIONS: dict[str, dict[str, Any]] = {"consciousness_emergence": {"max_rounds": 20}}
"""Shorter games where a full one is long: the properties hold on every round, not only late ones."""
FEW = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _seat_counts(game: GeniusGame) -> list[int]:
    """Seat counts the game accepts, from its minimum, at most three of them and none above 7."""
    counts = []
    for players in range(game.min_players, min(game.max_players, 7) + 1):
        try:
            game.new_game(0, players, QUICK_OPTIONS.get(game.name, {}))
        except RuleError:
            continue
        counts.append(players)
    return counts[:3]


def _json_exact(value: Any) -> bool:
    """Survives a trip through JSON unchanged: plain dicts, lists, strings, numbers, bools, None."""
    return bool(json.loads(json.dumps(value)) == value)


def _play(name: str, seed: int, players: int) -> Any:
    game = all_games()[name]
    return play_out(game, seed, [bot_named(name, "random")] * players, QUICK_OPTIONS.get(name))


def test_every_shipped_game_is_registered_with_a_random_bot() -> None:
    assert set(GAMES) >= SHIPPED
    for name in GAMES:
        assert bot_named(name, "random").game == name


@pytest.mark.parametrize("name", GAMES)
@FEW
@given(seed=SEEDS, pick=st.integers(min_value=0, max_value=2))
def test_the_same_seed_and_actions_give_byte_identical_games(name: str, seed: int, pick: int) -> None:
    counts = _seat_counts(all_games()[name])
    players = counts[pick % len(counts)]
    first, second = _play(name, seed, players), _play(name, seed, players)
    assert json.dumps(first.states, sort_keys=True) == json.dumps(second.states, sort_keys=True)
    assert [(e.type, json.dumps(e.data, sort_keys=True), e.seats) for e in first.events] == [
        (e.type, json.dumps(e.data, sort_keys=True), e.seats) for e in second.events
    ]


@pytest.mark.parametrize("name", GAMES)
@FEW
@given(seed=SEEDS)
def test_a_finished_game_scores_every_seat_and_its_winners_have_the_best_score(name: str, seed: int) -> None:
    game = all_games()[name]
    players = _seat_counts(game)[0]
    outcome = _play(name, seed, players).outcome
    assert outcome is not None
    assert len(outcome.scores) == players
    assert set(outcome.winners) <= set(range(players))
    for winner in outcome.winners:
        assert outcome.scores[winner] == max(outcome.scores)
    assert game.awaiting(_play(name, seed, players).states[-1]) == []


@pytest.mark.parametrize("name", GAMES)
@FEW
@given(seed=SEEDS)
def test_states_views_and_events_are_plain_json(name: str, seed: int) -> None:
    game = all_games()[name]
    players = _seat_counts(game)[0]
    played = _play(name, seed, players)
    for state in [*played.states[:: max(1, len(played.states) // 10)], played.states[-1]]:
        assert _json_exact(state)
        for seat in [None, *range(players)]:
            assert _json_exact(game.view(state, seat))
        for seat in range(players):
            assert _json_exact(game.legal_actions(state, seat))
    for event in played.events:
        assert _json_exact(event.data)
        assert event.seats is None or set(event.seats) <= set(range(players))


@pytest.mark.parametrize("name", GAMES)
@FEW
@given(seed=SEEDS)
def test_rules_never_change_the_state_they_are_given(name: str, seed: int) -> None:
    """A refused action leaves the state as it was, and resolving a round returns a new state."""
    game = all_games()[name]
    players = _seat_counts(game)[0]
    played = _play(name, seed, players)
    for state, actions in list(zip(played.states, played.actions, strict=False))[:20]:
        before = copy.deepcopy(state)
        with pytest.raises(RuleError):
            game.check_action(state, game.awaiting(state)[0], {"no such action": True})
        for seat in set(range(players)) - set(game.awaiting(state)):
            with pytest.raises(RuleError):
                game.check_action(state, seat, game.default_action(state, game.awaiting(state)[0]))
        assert state == before
        game.resolve(state, actions, round_rng(seed, 0))
        assert state == before


@pytest.mark.parametrize("name", GAMES)
@FEW
@given(seed=SEEDS)
def test_default_actions_are_legal(name: str, seed: int) -> None:
    game = all_games()[name]
    players = _seat_counts(game)[0]
    for state in _play(name, seed, players).states[:30]:
        for seat in game.awaiting(state):
            game.check_action(state, seat, game.default_action(state, seat))
