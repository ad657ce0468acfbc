"""The Minority Game: the minority scores, odd seat counts only, a public record for every view, and
the inductive bots coordinating better than coins."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.genius.bots.minority import INDUCTIVE, RANDOM, InductiveMinorityBot, memory_for
from goldbox.game.genius.games.minority import MINORITY
from goldbox.game.genius.play import bot_rng, play_out, round_rng
from goldbox.game.genius.protocol import GeniusEvent, State
from goldbox.game.genius.registry import bot_named, game_named
from goldbox.game.rng import Rng

SIDE = st.sampled_from(["A", "B"])


def new(players: int = 5, rounds: int = 3) -> State:
    return MINORITY.new_game(1, players, {"rounds": rounds})[0]


def play_round(state: State, choices: str) -> tuple[State, list[GeniusEvent]]:
    """Resolve one round in which seat i chooses choices[i]."""
    actions = {seat: {"choice": choice} for seat, choice in enumerate(choices)}
    return MINORITY.resolve(state, actions, Rng(0))


def error_code(state: State, seat: int, action: Any) -> str:
    with pytest.raises(RuleError) as refused:
        MINORITY.check_action(state, seat, action)
    return refused.value.code


def as_json(states: Sequence[State], events: Sequence[GeniusEvent]) -> str:
    return json.dumps(
        {"states": list(states), "events": [[e.type, e.data, e.seats] for e in events]}, sort_keys=True
    )


@st.composite
def games(draw: st.DrawFn) -> tuple[int, list[str]]:
    """An odd seat count and a few rounds of choices, one string of sides per round."""
    players = draw(st.integers(min_value=1, max_value=7)) * 2 + 1
    rounds = draw(st.lists(st.lists(SIDE, min_size=players, max_size=players), min_size=1, max_size=8))
    return players, ["".join(sides) for sides in rounds]


def play(players: int, rounds: Sequence[str]) -> tuple[list[State], list[GeniusEvent]]:
    state, events = MINORITY.new_game(7, players, {"rounds": len(rounds)})
    states = [state]
    for choices in rounds:
        state, more = play_round(state, choices)
        states.append(state)
        events.extend(more)
    return states, events


def test_the_game_is_registered_with_its_bots() -> None:
    assert game_named("minority") is MINORITY
    assert bot_named("minority", "random") is RANDOM
    assert bot_named("minority", "inductive") is INDUCTIVE


def test_a_new_game_awaits_every_seat_for_the_default_twenty_rounds() -> None:
    state, events = MINORITY.new_game(3, 7, {})
    assert state["rounds"] == 20
    assert MINORITY.awaiting(state) == list(range(7))
    assert MINORITY.legal_actions(state, 6) == {"choices": ["A", "B"]}
    assert MINORITY.outcome(state) is None
    assert [(e.type, e.data, e.seats) for e in events] == [
        ("minority.started", {"players": 7, "rounds": 20}, None)
    ]
    assert MINORITY.options_schema()["properties"]["rounds"]["default"] == 20


@pytest.mark.parametrize("players", [1, 2, 4, 6, 100, 102, 103])
def test_an_even_or_out_of_range_seat_count_is_refused(players: int) -> None:
    with pytest.raises(RuleError) as refused:
        MINORITY.new_game(1, players, {})
    assert refused.value.code == "BAD_PLAYER_COUNT"


@pytest.mark.parametrize("players", [3, 5, 101])
def test_odd_seat_counts_from_three_to_a_hundred_and_one_are_allowed(players: int) -> None:
    assert MINORITY.new_game(1, players, {})[0]["players"] == players


@pytest.mark.parametrize(
    "options",
    [{"rounds": 0}, {"rounds": 1001}, {"rounds": "5"}, {"rounds": True}, {"rounds": 2.0}, {"turns": 5}],
)
def test_bad_options_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(RuleError) as refused:
        MINORITY.new_game(1, 5, options)
    assert refused.value.code == "BAD_OPTIONS"


def test_the_seats_on_the_smaller_side_score_a_point() -> None:
    state, events = play_round(new(), "AABBB")
    assert state["scores"] == [1, 1, 0, 0, 0]
    assert state["history"] == [{"round": 1, "counts": {"A": 2, "B": 3}, "minority": "A"}]
    assert [(e.type, e.data) for e in events] == [
        (
            "minority.round",
            {"round": 1, "counts": {"A": 2, "B": 3}, "minority": "A", "scores": [1, 1, 0, 0, 0]},
        )
    ]
    state, _ = play_round(state, "BBBAA")
    assert state["scores"] == [1, 1, 0, 1, 1]


def test_when_everyone_picks_one_side_the_empty_side_wins_and_nobody_scores() -> None:
    state, _ = play_round(new(), "BBBBB")
    assert state["history"][0]["minority"] == "A"
    assert state["scores"] == [0, 0, 0, 0, 0]


def test_the_highest_total_wins_and_ties_share_the_win() -> None:
    state = new(players=3, rounds=2)
    state, _ = play_round(state, "ABB")
    state, _ = play_round(state, "BAB")
    assert MINORITY.awaiting(state) == []
    outcome = MINORITY.outcome(state)
    assert outcome is not None
    assert outcome.scores == (1.0, 1.0, 0.0)
    assert outcome.winners == (0, 1)


def test_a_game_where_nobody_ever_scores_is_a_draw_for_everyone() -> None:
    state, _ = play_round(new(players=3, rounds=1), "AAA")
    outcome = MINORITY.outcome(state)
    assert outcome is not None
    assert outcome.winners == (0, 1, 2)


def test_an_action_is_a_choice_of_side() -> None:
    state = new()
    assert MINORITY.check_action(state, 0, {"choice": "B"}) == {"choice": "B"}
    assert error_code(state, 0, {}) == "BAD_ACTION"
    assert error_code(state, 0, {"side": "A"}) == "BAD_ACTION"
    assert error_code(state, 0, {"choice": "A", "also": 1}) == "BAD_ACTION"
    assert error_code(state, 0, ["choice", "A"]) == "BAD_ACTION"
    for choice in ["C", "a", 1, None, ["A"]]:
        assert error_code(state, 0, {"choice": choice}) == "BAD_CHOICE"


def test_a_seat_that_is_not_awaited_may_not_act() -> None:
    state = new(players=3, rounds=1)
    assert error_code(state, 3, {"choice": "A"}) == "NOT_YOUR_TURN"
    assert error_code(state, -1, {"choice": "A"}) == "NOT_YOUR_TURN"
    over, _ = play_round(state, "ABB")
    assert error_code(over, 0, {"choice": "A"}) == "NOT_YOUR_TURN"
    assert MINORITY.legal_actions(over, 0) == {}


def test_a_round_resolves_only_with_every_seat_s_action() -> None:
    state = new(players=3)
    before = copy.deepcopy(state)
    with pytest.raises(RuleError) as refused:
        MINORITY.resolve(state, {0: {"choice": "A"}, 1: {"choice": "B"}}, Rng(0))
    assert refused.value.code == "ACTIONS_MISSING"
    with pytest.raises(RuleError):
        MINORITY.resolve(state, {0: {"choice": "A"}, 1: {"choice": "B"}, 2: {"choice": "X"}}, Rng(0))
    assert state == before


def test_a_missing_seat_goes_with_side_a() -> None:
    state = new()
    assert MINORITY.default_action(state, 2) == {"choice": "A"}
    assert MINORITY.check_action(state, 2, MINORITY.default_action(state, 2)) == {"choice": "A"}


def test_views_show_the_public_record_and_a_seat_s_view_adds_you() -> None:
    state, _ = play_round(new(rounds=3), "ABABB")
    spectator = MINORITY.view(state, None)
    assert spectator == {
        "game": "minority",
        "players": 5,
        "rounds": 3,
        "round": 2,
        "over": False,
        "history": [{"round": 1, "counts": {"A": 2, "B": 3}, "minority": "A"}],
        "scores": [1, 0, 1, 0, 0],
    }
    assert MINORITY.view(state, 3) == {**spectator, "you": 3}


@settings(max_examples=60, deadline=None)
@given(game=games())
def test_each_round_gives_as_many_points_as_the_minority_has_seats(game: tuple[int, list[str]]) -> None:
    players, rounds = game
    states, _ = play(players, rounds)
    for before, after, choices in zip(states, states[1:], rounds, strict=False):
        record = after["history"][-1]
        gained = [new - old for new, old in zip(after["scores"], before["scores"], strict=True)]
        assert (
            sum(gained) == record["counts"][record["minority"]] == min(choices.count("A"), choices.count("B"))
        )
        assert record["counts"][record["minority"]] < players / 2
        assert gained == [int(choice == record["minority"]) for choice in choices]


@settings(max_examples=40, deadline=None)
@given(game=games())
def test_views_hold_only_the_public_record(game: tuple[int, list[str]]) -> None:
    """Who chose what is never stored: games with the same head counts and the same scores look the
    same to everyone, whoever was in the majority."""
    players, rounds = game
    states, _ = play(players, rounds)
    for state in states:
        spectator = MINORITY.view(state, None)
        assert json.loads(json.dumps(spectator)) == spectator
        assert "you" not in spectator
        for seat in range(players):
            assert MINORITY.view(state, seat) == {**spectator, "you": seat}
    mirrored, _ = play(players, [choices[::-1] for choices in rounds])
    for state, mirror in zip(states, mirrored, strict=True):
        assert MINORITY.view(state, None)["history"] == MINORITY.view(mirror, None)["history"]
        assert MINORITY.view(state, None)["scores"] == MINORITY.view(mirror, None)["scores"][::-1]


@settings(max_examples=30, deadline=None)
@given(game=games())
def test_the_same_actions_give_byte_identical_states_and_events(game: tuple[int, list[str]]) -> None:
    players, rounds = game
    assert as_json(*play(players, rounds)) == as_json(*play(players, rounds))


@settings(max_examples=100, deadline=None)
@given(
    seat=st.integers(min_value=-2, max_value=6),
    action=st.dictionaries(
        st.sampled_from(["choice", "side", ""]),
        st.one_of(SIDE, st.text(max_size=2), st.integers(), st.none(), st.booleans()),
        max_size=2,
    ),
)
def test_a_refused_action_leaves_the_state_unchanged(seat: int, action: dict[str, Any]) -> None:
    state, _ = play_round(new(), "ABABA")
    before = json.dumps(state, sort_keys=True)
    try:
        checked = MINORITY.check_action(state, seat, action)
    except RuleError as refused:
        code = refused.code
    else:
        code = "accepted"
        assert checked == {"choice": action["choice"]}
        assert 0 <= seat < 5
    assert code in {"accepted", "NOT_YOUR_TURN", "BAD_ACTION", "BAD_CHOICE"}
    assert json.dumps(state, sort_keys=True) == before


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**63 - 1),
    lineup=st.lists(st.sampled_from([RANDOM, INDUCTIVE]), min_size=3, max_size=9).filter(
        lambda bots: len(bots) % 2 == 1
    ),
)
def test_the_bots_play_only_legal_actions(seed: int, lineup: list[Any]) -> None:
    """play_out checks every bot's action with check_action, which refuses anything illegal."""
    played = play_out(MINORITY, seed, lineup, {"rounds": 12})
    assert played.outcome is not None
    for actions in played.actions:
        assert all(action["choice"] in ("A", "B") for action in actions.values())


def test_the_memory_grows_with_the_crowd() -> None:
    assert [memory_for(players) for players in (3, 5, 11, 25, 51, 101)] == [1, 1, 2, 3, 4, 5]


def test_the_inductive_bot_keeps_its_tables_all_match_and_each_seat_has_its_own() -> None:
    memory = memory_for(25)
    first = InductiveMinorityBot.tables(bot_rng(11, 4, 0), memory)
    assert InductiveMinorityBot.tables(bot_rng(11, 4, 37), memory) == first
    assert InductiveMinorityBot.tables(bot_rng(11, 5, 0), memory) != first
    assert InductiveMinorityBot.tables(bot_rng(12, 4, 0), memory) != first


def test_the_inductive_bot_follows_the_table_that_would_have_won_most() -> None:
    """Over a random history, the bot plays the prediction of whichever table would have been in
    the minority more often so far (ties aside, where it may pick either)."""
    players, seat, seed = 25, 3, 5
    memory = memory_for(players)
    sides = Rng(99)
    history: list[dict[str, Any]] = []
    decided = 0
    for round_number in range(40):
        tables, prehistory = InductiveMinorityBot.tables(bot_rng(seed, seat, round_number), memory)
        winners = [*prehistory, *("AB".index(record["minority"]) for record in history)]
        points = [
            sum(table[_key(winners[i : i + memory])] == winners[i + memory] for i in range(len(history)))
            for table in tables
        ]
        view = {"players": players, "history": history, "you": seat}
        choice = INDUCTIVE.choose(view, {"choices": ["A", "B"]}, bot_rng(seed, seat, round_number))
        if points[0] != points[1]:
            best = tables[points.index(max(points))]
            assert choice == {"choice": "AB"[best[_key(winners[-memory:])]]}
            decided += 1
        history.append({"round": round_number + 1, "counts": {}, "minority": sides.choice("AB")})
    assert decided > 20


def _key(winners: Sequence[int]) -> int:
    return int("".join(str(side) for side in winners), 2)


def attendance_spread(strategy: str, players: int, rounds: int, seeds: range) -> float:
    """The mean squared distance of side A's head count from half the seats, per seat."""
    bots = [bot_named("minority", strategy)] * players
    squares: list[float] = []
    for seed in seeds:
        played = play_out(MINORITY, seed, bots, {"rounds": rounds})
        squares.extend((record["counts"]["A"] - players / 2) ** 2 for record in played.states[-1]["history"])
    return sum(squares) / len(squares) / players


def test_inductive_bots_keep_the_attendance_nearer_the_middle_than_coins() -> None:
    """Challet and Zhang's result, on fixed seeds: coins spread about 0.25 per seat (a binomial's
    variance); inductive agents learn to split more evenly."""
    inductive = attendance_spread("inductive", 25, 60, range(6))
    coins = attendance_spread("random", 25, 60, range(6))
    assert 0.2 < coins < 0.3
    assert inductive < 0.8 * coins


def test_round_seeding_does_not_change_a_minority_round() -> None:
    """The rules draw nothing when a round resolves: any round rng gives the same result."""
    state = new()
    actions = {seat: {"choice": side} for seat, side in enumerate("ABBAB")}
    assert MINORITY.resolve(state, actions, round_rng(1, 0)) == MINORITY.resolve(
        state, actions, round_rng(2, 9)
    )
