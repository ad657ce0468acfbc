"""The iterated Prisoner's Dilemma: the payoff table, the round robin, the hidden length, and the
classic strategies doing what their names say."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.genius.bots.prisoners_dilemma import (
    ALWAYS_DEFECT,
    GRIM_TRIGGER,
    PAVLOV,
    RANDOM,
    STRATEGIES,
    TIT_FOR_TAT,
    PairwiseBot,
)
from goldbox.game.genius.games.prisoners_dilemma import PRISONERS_DILEMMA as PD
from goldbox.game.genius.games.prisoners_dilemma import draw_length
from goldbox.game.genius.play import bot_rng, play_out
from goldbox.game.genius.protocol import GeniusEvent, State
from goldbox.game.genius.registry import game_named, strategies_for
from goldbox.game.rng import Rng

MOVE = st.sampled_from(["C", "D"])


def new(players: int = 2, length: int = 1000) -> State:
    """A fresh game whose hidden length is set by the test."""
    state = PD.new_game(1, players, {"max_rounds": 1000})[0]
    return {**state, "length": length}


def moves_action(seat: int, moves: str) -> dict[str, Any]:
    """Seat `seat`'s action from one letter per opponent, in seat order."""
    opponents = [other for other in range(len(moves) + 1) if other != seat]
    return {"moves": {str(other): move for other, move in zip(opponents, moves, strict=True)}}


def play_round(state: State, rows: Sequence[str]) -> tuple[State, list[GeniusEvent]]:
    """Resolve a round where rows[seat] holds that seat's moves against its opponents, in seat order."""
    return PD.resolve(state, {seat: moves_action(seat, row) for seat, row in enumerate(rows)}, Rng(0))


def error_code(state: State, seat: int, action: Any) -> str:
    with pytest.raises(RuleError) as refused:
        PD.check_action(state, seat, action)
    return refused.value.code


def events_json(events: Sequence[GeniusEvent]) -> str:
    return json.dumps([[e.type, e.data, e.seats] for e in events], sort_keys=True)


@st.composite
def rounds_of_moves(draw: st.DrawFn, min_rounds: int = 1) -> tuple[int, list[list[str]]]:
    """A seat count and rounds of moves: rounds[r][seat] is one letter per opponent."""
    players = draw(st.integers(min_value=2, max_value=5))
    row = st.text(alphabet="CD", min_size=players - 1, max_size=players - 1)
    rounds = draw(
        st.lists(st.lists(row, min_size=players, max_size=players), min_size=min_rounds, max_size=6)
    )
    return players, rounds


def play(players: int, rounds: Sequence[Sequence[str]], length: int) -> tuple[list[State], list[GeniusEvent]]:
    state = new(players, length)
    states, events = [state], []
    for rows in rounds:
        state, more = play_round(state, rows)
        states.append(state)
        events.extend(more)
    return states, events


def test_the_game_is_registered_with_its_bots() -> None:
    assert game_named("prisoners_dilemma") is PD
    assert {bot.strategy for bot in strategies_for("prisoners_dilemma")} == {
        "tit_for_tat",
        "grim_trigger",
        "pavlov",
        "always_cooperate",
        "always_defect",
        "random",
    }


@pytest.mark.parametrize(
    ("first", "second", "payoffs"),
    [("C", "C", [3, 3]), ("C", "D", [0, 5]), ("D", "C", [5, 0]), ("D", "D", [1, 1])],
)
def test_the_payoff_table(first: str, second: str, payoffs: list[int]) -> None:
    state, events = play_round(new(), [first, second])
    assert state["totals"] == payoffs
    assert state["history"] == [
        {
            "round": 1,
            "moves": [[None, first], [second, None]],
            "payoffs": [[None, payoffs[0]], [payoffs[1], None]],
        }
    ]
    assert [(e.type, e.data["totals"]) for e in events] == [("pd.round", payoffs)]


def test_with_three_or_more_players_every_pair_plays_its_own_game() -> None:
    # Seat 0 cooperates with 1 and defects on 2; seat 1 defects on both; seat 2 cooperates with both.
    state, _ = play_round(new(3), ["CD", "DD", "CC"])
    assert state["history"][0]["payoffs"] == [[None, 0, 5], [5, None, 5], [0, 0, None]]
    assert state["totals"] == [5, 10, 0]


def test_the_length_is_geometric_and_capped() -> None:
    assert {draw_length(Rng(seed), 0.95, 1) for seed in range(50)} == {1}
    lengths = [draw_length(Rng(seed), 0.5, 200) for seed in range(4000)]
    assert 1.9 < sum(lengths) / len(lengths) < 2.1
    assert lengths.count(1) / len(lengths) == pytest.approx(0.5, abs=0.03)
    assert max(draw_length(Rng(seed), 0.99, 7) for seed in range(50)) == 7


def test_a_new_game_draws_its_length_from_the_seed_and_tells_nobody() -> None:
    lengths = set()
    for seed in range(30):
        state, events = PD.new_game(seed, 2, {})
        lengths.add(state["length"])
        assert 1 <= state["length"] <= 200
        assert [(e.type, e.data) for e in events] == [
            ("pd.started", {"players": 2, "continuation": 0.95, "max_rounds": 200})
        ]
        assert "length" not in PD.view(state, None)
        assert PD.new_game(seed, 2, {})[0] == state
    assert len(lengths) > 5


def test_the_game_ends_after_its_length_and_the_last_event_tells_it() -> None:
    state = new(2, length=2)
    state, events = play_round(state, ["C", "C"])
    assert [e.type for e in events] == ["pd.round"]
    assert PD.outcome(state) is None
    state, events = play_round(state, ["D", "C"])
    assert [(e.type, e.data) for e in events][-1] == ("pd.ended", {"rounds": 2})
    assert PD.awaiting(state) == []
    assert PD.view(state, None)["over"] is True
    outcome = PD.outcome(state)
    assert outcome is not None
    assert outcome.scores == (8.0, 3.0)
    assert outcome.winners == (0,)


def test_equal_totals_share_the_win() -> None:
    state, _ = play_round(new(3, length=1), ["CC", "CC", "CC"])
    outcome = PD.outcome(state)
    assert outcome is not None
    assert outcome.winners == (0, 1, 2)


@pytest.mark.parametrize("players", [0, 1, 21])
def test_a_seat_count_outside_two_to_twenty_is_refused(players: int) -> None:
    with pytest.raises(RuleError) as refused:
        PD.new_game(1, players, {})
    assert refused.value.code == "BAD_PLAYER_COUNT"


@pytest.mark.parametrize(
    "options",
    [
        {"continuation": 0},
        {"continuation": 1},
        {"continuation": 1.5},
        {"continuation": -0.1},
        {"continuation": float("nan")},
        {"continuation": True},
        {"continuation": "0.5"},
        {"max_rounds": 0},
        {"max_rounds": 1001},
        {"max_rounds": 20.0},
        {"rounds": 10},
    ],
)
def test_bad_options_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(RuleError) as refused:
        PD.new_game(1, 2, options)
    assert refused.value.code == "BAD_OPTIONS"


def test_the_options_schema_gives_the_defaults() -> None:
    properties = PD.options_schema()["properties"]
    assert properties["continuation"]["default"] == 0.95
    assert properties["max_rounds"]["default"] == 200


def test_actions_are_normalised_to_one_move_per_opponent() -> None:
    three = new(3)
    assert PD.legal_actions(three, 1) == {"moves": ["C", "D"], "opponents": [0, 2]}
    assert PD.check_action(three, 1, {"moves": {"2": "D", "0": "C"}}) == {"moves": {"0": "C", "2": "D"}}
    assert PD.check_action(three, 1, {"moves": {2: "D", 0: "C"}}) == {"moves": {"0": "C", "2": "D"}}
    assert PD.check_action(new(2), 1, {"move": "D"}) == {"moves": {"0": "D"}}


def test_illegal_actions_are_refused_with_stable_codes() -> None:
    three = new(3)
    assert error_code(three, 0, {"move": "C"}) == "BAD_ACTION"
    assert error_code(three, 0, {}) == "BAD_ACTION"
    assert error_code(three, 0, {"moves": "CC"}) == "BAD_ACTION"
    assert error_code(three, 0, {"moves": {"1": "C", "2": "C"}, "move": "C"}) == "BAD_ACTION"
    assert error_code(three, 0, {"moves": {"1": "C", 1: "D", "2": "C"}}) == "BAD_ACTION"
    assert error_code(three, 0, {"moves": {"1": "C", "2": "c"}}) == "BAD_MOVE"
    assert error_code(three, 0, {"moves": {"1": "C", "2": None}}) == "BAD_MOVE"
    assert error_code(three, 0, {"moves": {"0": "C", "1": "C", "2": "C"}}) == "NOT_AN_OPPONENT"
    assert error_code(three, 0, {"moves": {"1": "C", "3": "C"}}) == "NOT_AN_OPPONENT"
    assert error_code(three, 0, {"moves": {"1": "C", True: "C"}}) == "NOT_AN_OPPONENT"
    assert error_code(three, 0, {"moves": {"1": "C"}}) == "MISSING_MOVE"
    assert error_code(new(2), 0, {"move": "X"}) == "BAD_MOVE"


def test_a_seat_that_is_not_awaited_may_not_act() -> None:
    state = new(2, length=1)
    assert error_code(state, 2, {"move": "C"}) == "NOT_YOUR_TURN"
    over, _ = play_round(state, ["C", "C"])
    assert error_code(over, 0, {"move": "C"}) == "NOT_YOUR_TURN"
    assert PD.legal_actions(over, 0) == {}


def test_a_round_resolves_only_with_every_seat_s_action() -> None:
    state = new(3)
    before = copy.deepcopy(state)
    with pytest.raises(RuleError) as refused:
        PD.resolve(state, {0: moves_action(0, "CC"), 1: moves_action(1, "CC")}, Rng(0))
    assert refused.value.code == "ACTIONS_MISSING"
    with pytest.raises(RuleError):
        PD.resolve(state, {0: moves_action(0, "CC"), 1: moves_action(1, "CC"), 2: {"move": "C"}}, Rng(0))
    assert state == before


def test_a_missing_seat_plays_tit_for_tat() -> None:
    state = new(3)
    assert PD.default_action(state, 0) == {"moves": {"1": "C", "2": "C"}}
    state, _ = play_round(state, ["CC", "DC", "CD"])
    assert PD.default_action(state, 0) == {"moves": {"1": "D", "2": "C"}}
    assert PD.default_action(state, 1) == {"moves": {"0": "C", "2": "D"}}


def test_a_seat_s_view_is_the_public_record_plus_you() -> None:
    state, _ = play_round(new(2), ["C", "D"])
    spectator = PD.view(state, None)
    assert spectator == {
        "game": "prisoners_dilemma",
        "players": 2,
        "continuation": 0.95,
        "max_rounds": 1000,
        "payoffs": {"T": 5, "R": 3, "P": 1, "S": 0},
        "round": 2,
        "over": False,
        "history": [{"round": 1, "moves": [[None, "C"], ["D", None]], "payoffs": [[None, 0], [5, None]]}],
        "totals": [0, 5],
    }
    assert PD.view(state, 1) == {**spectator, "you": 1}


@settings(max_examples=60, deadline=None)
@given(game=rounds_of_moves())
def test_every_pair_is_paid_by_the_table_and_the_totals_add_up(game: tuple[int, list[list[str]]]) -> None:
    players, rounds = game
    states, _ = play(players, rounds, length=1000)
    pair_sums = {("C", "C"): 6, ("D", "D"): 2, ("C", "D"): 5, ("D", "C"): 5}
    for before, after in itertools.pairwise(states):
        record = after["history"][-1]
        moves, payoffs = record["moves"], record["payoffs"]
        for seat in range(players):
            for other in range(seat + 1, players):
                assert (
                    payoffs[seat][other] + payoffs[other][seat]
                    == pair_sums[(moves[seat][other], moves[other][seat])]
                )
        gained = [sum(p for p in row if p is not None) for row in payoffs]
        assert [b + g for b, g in zip(before["totals"], gained, strict=True)] == after["totals"]


@settings(max_examples=60, deadline=None)
@given(game=rounds_of_moves(), lengths=st.tuples(st.integers(0, 50), st.integers(0, 50)))
def test_the_hidden_length_shows_in_no_view_or_event_before_the_end(
    game: tuple[int, list[list[str]]], lengths: tuple[int, int]
) -> None:
    """Two games differing only in their length look the same to every seat and every watcher, and
    log the same events, for as long as both go on."""
    players, rounds = game
    first, first_events = play(players, rounds, length=len(rounds) + 1 + lengths[0])
    second, second_events = play(players, rounds, length=len(rounds) + 1 + lengths[1])
    for one, other in zip(first, second, strict=True):
        for seat in [None, *range(players)]:
            assert json.dumps(PD.view(one, seat), sort_keys=True) == json.dumps(
                PD.view(other, seat), sort_keys=True
            )
        for seat in range(players):
            assert PD.legal_actions(one, seat) == PD.legal_actions(other, seat)
            assert PD.default_action(one, seat) == PD.default_action(other, seat)
    assert events_json(first_events) == events_json(second_events)


@settings(max_examples=30, deadline=None)
@given(game=rounds_of_moves())
def test_the_same_moves_give_byte_identical_states_and_events(game: tuple[int, list[list[str]]]) -> None:
    players, rounds = game
    (states, events), (again, again_events) = (
        play(players, rounds, len(rounds)),
        play(players, rounds, len(rounds)),
    )
    assert json.dumps(states, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert events_json(events) == events_json(again_events)


@settings(max_examples=100, deadline=None)
@given(
    seat=st.integers(min_value=-1, max_value=3),
    action=st.dictionaries(
        st.sampled_from(["move", "moves", "x"]),
        st.one_of(
            MOVE,
            st.none(),
            st.integers(),
            st.dictionaries(
                st.one_of(st.sampled_from(["0", "1", "2", "3", "x"]), st.integers(-1, 3)),
                MOVE | st.text(max_size=1),
            ),
        ),
        max_size=2,
    ),
)
def test_a_refused_action_leaves_the_state_unchanged(seat: int, action: dict[str, Any]) -> None:
    state, _ = play_round(new(3), ["CD", "DC", "CC"])
    before = json.dumps(state, sort_keys=True)
    try:
        checked = PD.check_action(state, seat, action)
    except RuleError as refused:
        code = refused.code
    else:
        code = "accepted"
        assert set(checked["moves"]) == {str(other) for other in range(3) if other != seat}
    assert code in {"accepted", "NOT_YOUR_TURN", "BAD_ACTION", "BAD_MOVE", "NOT_AN_OPPONENT", "MISSING_MOVE"}
    assert json.dumps(state, sort_keys=True) == before


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**63 - 1),
    lineup=st.lists(st.sampled_from(STRATEGIES), min_size=2, max_size=5),
)
def test_the_bots_play_only_legal_actions(seed: int, lineup: list[PairwiseBot]) -> None:
    """play_out checks every bot's action with check_action, which refuses anything illegal."""
    played = play_out(PD, seed, lineup, {"continuation": 0.8, "max_rounds": 30})
    assert played.outcome is not None
    assert len(played.actions) == played.states[0]["length"]


def test_tit_for_tat_opens_with_cooperation_then_copies_the_last_move() -> None:
    assert TIT_FOR_TAT.move_against([], [], Rng(0)) == "C"
    assert TIT_FOR_TAT.move_against(["C"], ["D"], Rng(0)) == "D"
    assert TIT_FOR_TAT.move_against(["C", "D"], ["D", "C"], Rng(0)) == "C"


def test_grim_trigger_never_forgives_a_defection() -> None:
    assert GRIM_TRIGGER.move_against([], [], Rng(0)) == "C"
    assert GRIM_TRIGGER.move_against(["C", "C"], ["C", "C"], Rng(0)) == "C"
    assert GRIM_TRIGGER.move_against(["C", "D", "D", "D"], ["D", "C", "C", "C"], Rng(0)) == "D"


@pytest.mark.parametrize(
    ("mine", "theirs", "next_move"),
    [("C", "C", "C"), ("C", "D", "D"), ("D", "C", "D"), ("D", "D", "C")],
)
def test_pavlov_stays_after_a_win_and_shifts_after_a_loss(mine: str, theirs: str, next_move: str) -> None:
    assert PAVLOV.move_against([], [], Rng(0)) == "C"
    assert PAVLOV.move_against(["C", mine], ["C", theirs], Rng(0)) == next_move


def test_the_bots_treat_each_opponent_by_that_pair_s_history() -> None:
    """Seat 1 cooperated with seat 0 and defected on seat 2: in round 2 seat 0's tit for tat and
    grim trigger keep cooperating with seat 1, and seat 2's punish it."""
    state, _ = play_round(new(3), ["CC", "CD", "CC"])
    for bot in (TIT_FOR_TAT, GRIM_TRIGGER):
        assert bot.choose(PD.view(state, 0), PD.legal_actions(state, 0), Rng(0)) == {
            "moves": {"1": "C", "2": "C"}
        }
        assert bot.choose(PD.view(state, 2), PD.legal_actions(state, 2), Rng(0)) == {
            "moves": {"0": "C", "1": "D"}
        }
    # Pavlov in seat 1: with seat 0 both cooperated (stay C); against seat 2 it defected on a cooperator (stay D).
    assert PAVLOV.choose(PD.view(state, 1), PD.legal_actions(state, 1), Rng(0)) == {
        "moves": {"0": "C", "2": "D"}
    }


def test_scripted_matches_play_out_as_the_strategies_promise() -> None:
    """Grim trigger against Pavlov never sees a defection; tit for tat against always-defect loses
    only the first round; two random bots vary their moves round to round."""
    peaceful = play_out(PD, 3, [GRIM_TRIGGER, PAVLOV], {"continuation": 0.9, "max_rounds": 40})
    assert {
        move
        for actions in peaceful.actions
        for action in actions.values()
        for move in action["moves"].values()
    } == {"C"}
    exploited = play_out(PD, 3, [TIT_FOR_TAT, ALWAYS_DEFECT], {"continuation": 0.9, "max_rounds": 40})
    rounds = len(exploited.actions)
    assert exploited.states[-1]["totals"] == [rounds - 1, 5 + rounds - 1]
    coins = play_out(PD, 3, [RANDOM, RANDOM], {"continuation": 0.99, "max_rounds": 40})
    assert {actions[0]["moves"]["1"] for actions in coins.actions} == {"C", "D"}


def test_the_random_bot_draws_fresh_moves_each_round_from_the_service_rng() -> None:
    state = new(5)
    legal = PD.legal_actions(state, 0)
    view = PD.view(state, 0)
    choices = [RANDOM.choose(view, legal, bot_rng(8, 0, round_number)) for round_number in range(6)]
    assert len({json.dumps(choice, sort_keys=True) for choice in choices}) > 1
    assert RANDOM.choose(view, legal, bot_rng(8, 0, 2)) == choices[2]
