"""Liar's Dice: rising bids, challenges that cost a die, seats going out, each cup seen by its owner
alone, and the probabilistic bot outplaying coin-flippers."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from math import comb

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.genius.bots.liars_dice import PROBABILISTIC, RANDOM, bid_probability, minimal_raises
from goldbox.game.genius.games.liars_dice import LIARS_DICE, beats, dice_showing
from goldbox.game.genius.play import bot_rng, play_out, round_rng
from goldbox.game.genius.protocol import GeniusEvent, State
from goldbox.game.genius.registry import bot_named, game_named
from goldbox.game.rng import Rng
from tests.unit.game.genius.checks import ACTIONS, refusal, transcript, verdict

SEEDS = st.integers(min_value=0, max_value=2**63 - 1)
PLAYERS = st.integers(min_value=2, max_value=6)
DICE = st.integers(min_value=1, max_value=4)
PROPERTIES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def table(
    cups: Sequence[Sequence[int]],
    bids: Sequence[tuple[int, Sequence[int]]] = (),
    turn: int = 0,
    ones_wild: bool = True,
    out: Sequence[int] = (),
) -> State:
    """A hand in progress with these cups (an empty cup: a seat that is out) and bids so far."""
    state, _ = LIARS_DICE.new_game(7, len(cups), {"ones_wild": ones_wild})
    return {
        **state,
        "dice": [sorted(cup) for cup in cups],
        "dice_counts": [len(cup) for cup in cups],
        "bids": [{"seat": seat, "bid": list(bid)} for seat, bid in bids],
        "turn": turn,
        "out": list(out),
    }


def act(state: State, action: dict[str, object], seed: int = 3) -> tuple[State, list[GeniusEvent]]:
    return LIARS_DICE.resolve(state, {state["turn"]: action}, Rng(seed))


def types(events: Sequence[GeniusEvent]) -> list[str]:
    return [event.type for event in events]


def random_game(seed: int, players: int, dice: int) -> list[State]:
    return play_out(LIARS_DICE, seed, [RANDOM] * players, {"dice_per_player": dice}).states


# --- setting up -------------------------------------------------------------------------------


def test_the_game_and_both_bots_are_registered() -> None:
    assert game_named("liars_dice") is LIARS_DICE
    assert bot_named("liars_dice", "random") is RANDOM
    assert bot_named("liars_dice", "probabilistic") is PROBABILISTIC


def test_a_new_game_rolls_every_cup_and_tells_each_seat_only_its_own_dice() -> None:
    state, events = LIARS_DICE.new_game(11, 3, {"dice_per_player": 4})
    assert state["dice_counts"] == [4, 4, 4]
    assert [len(cup) for cup in state["dice"]] == [4, 4, 4]
    assert all(1 <= die <= 6 for cup in state["dice"] for die in cup)
    assert types(events) == [
        "liars_dice.started",
        "liars_dice.hand_started",
        *["liars_dice.dice_rolled"] * 3,
    ]
    assert events[1].seats is None
    assert events[1].data == {"hand": 1, "starter": 0, "dice_counts": [4, 4, 4]}
    for seat, event in enumerate(events[2:]):
        assert event.seats == (seat,)
        assert event.data == {"hand": 1, "dice": state["dice"][seat]}
    assert LIARS_DICE.awaiting(state) == [0]


def test_the_options_default_to_five_dice_with_ones_wild() -> None:
    state, _ = LIARS_DICE.new_game(1, 2, {})
    assert state["options"] == {"dice_per_player": 5, "ones_wild": True}
    schema = LIARS_DICE.options_schema()
    assert schema["additionalProperties"] is False
    assert schema["properties"]["dice_per_player"]["default"] == 5
    assert schema["properties"]["dice_per_player"]["minimum"] == 1
    assert schema["properties"]["dice_per_player"]["maximum"] == 10
    assert schema["properties"]["ones_wild"]["default"] is True


@pytest.mark.parametrize(
    "options",
    [
        {"dice_per_player": 0},
        {"dice_per_player": 11},
        {"dice_per_player": True},
        {"dice_per_player": "5"},
        {"ones_wild": "yes"},
        {"ones_wild": 1},
        {"jokers": 2},
    ],
)
def test_bad_options_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(RuleError) as refused:
        LIARS_DICE.new_game(1, 3, options)
    assert refused.value.code == "BAD_OPTIONS"


@pytest.mark.parametrize("players", [0, 1, 7])
def test_two_to_six_players(players: int) -> None:
    with pytest.raises(RuleError) as refused:
        LIARS_DICE.new_game(1, players, {})
    assert refused.value.code == "BAD_PLAYER_COUNT"


# --- bidding ----------------------------------------------------------------------------------


def test_a_bid_beats_more_dice_or_as_many_of_a_higher_face() -> None:
    assert beats((1, 1), None)
    assert beats((3, 2), (2, 6))
    assert beats((2, 5), (2, 4))
    assert not beats((2, 4), (2, 4))
    assert not beats((2, 3), (2, 4))
    assert not beats((1, 6), (2, 2))


def test_the_opening_bid_may_be_anything_on_the_table_but_not_a_challenge() -> None:
    state = table([[2, 3], [4, 5, 6]])
    legal = LIARS_DICE.legal_actions(state, 0)
    assert legal["challenge"] is False
    assert len(legal["bids"]) == 5 * 6
    assert legal["bids"][0] == [1, 1]
    assert legal["bids"][-1] == [5, 6]
    assert refusal(LIARS_DICE, state, 0, {"challenge": True}) == "NOTHING_TO_CHALLENGE"


def test_after_a_bid_only_higher_bids_and_the_challenge_are_legal() -> None:
    state = table([[2, 3], [4, 5, 6]], bids=[(0, [3, 4])], turn=1)
    legal = LIARS_DICE.legal_actions(state, 1)
    assert legal["challenge"] is True
    assert legal["bids"][:3] == [[3, 5], [3, 6], [4, 1]]
    assert LIARS_DICE.legal_actions(state, 0) == {}
    assert LIARS_DICE.check_action(state, 1, {"bid": (3, 5)}) == {"bid": [3, 5]}
    assert LIARS_DICE.check_action(state, 1, {"bid": [4, 1]}) == {"bid": [4, 1]}
    assert LIARS_DICE.check_action(state, 1, {"challenge": True}) == {"challenge": True}


@pytest.mark.parametrize("bid", [[3, 4], [3, 3], [2, 6], [1, 1]])
def test_a_bid_no_higher_than_the_last_is_too_low(bid: list[int]) -> None:
    state = table([[2, 3], [4, 5, 6]], bids=[(0, [3, 4])], turn=1)
    assert refusal(LIARS_DICE, state, 1, {"bid": bid}) == "BID_TOO_LOW"


@pytest.mark.parametrize(
    "bid", [[0, 3], [-1, 3], [6, 2], [2, 0], [2, 7], [2], [2, 3, 4], "2x3", [True, 3], [2.0, 3], None]
)
def test_a_bid_that_is_not_quantity_and_face_on_this_table_is_a_bad_bid(bid: object) -> None:
    state = table([[2, 3], [4, 5, 6]])
    assert refusal(LIARS_DICE, state, 0, {"bid": bid}) == "BAD_BID"


@pytest.mark.parametrize(
    "action",
    [{}, {"challenge": False}, {"challenge": 1}, {"bid": [1, 2], "challenge": True}, {"fold": True}, ["bid"]],
)
def test_anything_but_a_bid_or_a_challenge_is_a_bad_action(action: object) -> None:
    state = table([[2, 3], [4, 5, 6]], bids=[(0, [1, 2])], turn=1)
    assert refusal(LIARS_DICE, state, 1, action) == "BAD_ACTION"  # type: ignore[arg-type]


def test_only_the_seat_whose_turn_it_is_may_act() -> None:
    state = table([[2, 3], [4, 5, 6], [1]], turn=1)
    assert refusal(LIARS_DICE, state, 0, {"bid": [1, 2]}) == "NOT_YOUR_TURN"
    assert refusal(LIARS_DICE, state, 2, {"bid": [1, 2]}) == "NOT_YOUR_TURN"
    with pytest.raises(RuleError) as refused:
        LIARS_DICE.resolve(state, {0: {"bid": [1, 2]}}, Rng(1))
    assert refused.value.code == "ACTIONS_MISSING"


def test_a_bid_passes_the_turn_to_the_next_seat_still_in() -> None:
    state = table([[2, 3], [], [4, 5]], turn=0, out=[1])
    after, events = act(state, {"bid": [2, 5]})
    assert after["turn"] == 2
    assert after["bids"] == [{"seat": 0, "bid": [2, 5]}]
    assert events == [GeniusEvent("liars_dice.bid", {"hand": 1, "seat": 0, "bid": [2, 5], "next": 2})]
    again, _ = act(after, {"bid": [3, 5]})
    assert again["turn"] == 0


# --- challenges -------------------------------------------------------------------------------


def test_ones_count_for_any_face_but_ones_when_wild() -> None:
    cups = [[1, 5, 5], [1, 2, 5]]
    assert dice_showing(cups, 5, ones_wild=True) == 5
    assert dice_showing(cups, 5, ones_wild=False) == 3
    assert dice_showing(cups, 1, ones_wild=True) == 2
    assert dice_showing(cups, 3, ones_wild=True) == 2


def test_a_challenged_bid_that_holds_costs_the_challenger_a_die_and_shows_every_cup() -> None:
    state = table([[1, 5, 5], [2, 3, 4], [5, 6]], bids=[(0, [4, 5])], turn=1)
    after, events = act(state, {"challenge": True})
    challenged = events[0]
    assert challenged.type == "liars_dice.challenged"
    assert challenged.seats is None
    assert challenged.data["dice"] == [[1, 5, 5], [2, 3, 4], [5, 6]]
    assert challenged.data["showing"] == 4
    assert challenged.data["bid_met"] is True
    assert challenged.data["loser"] == 1
    assert after["dice_counts"] == [3, 2, 2]
    assert after["past_hands"][-1]["loser"] == 1
    assert after["past_hands"][-1]["bids"] == [{"seat": 0, "bid": [4, 5]}]


def test_a_challenged_bid_that_fails_costs_the_bidder_a_die() -> None:
    state = table([[1, 5, 5], [2, 3, 4], [5, 6]], bids=[(0, [4, 5])], turn=1, ones_wild=False)
    after, events = act(state, {"challenge": True})
    assert events[0].data["showing"] == 3
    assert events[0].data["bid_met"] is False
    assert events[0].data["loser"] == 0
    assert after["dice_counts"] == [2, 3, 2]


def test_a_bid_on_ones_counts_only_ones() -> None:
    state = table([[1, 1], [2, 3]], bids=[(1, [3, 1])], turn=0)
    _, events = act(state, {"challenge": True})
    assert events[0].data["showing"] == 2
    assert events[0].data["loser"] == 1


def test_the_loser_opens_the_next_hand_with_fresh_dice_told_only_to_each_owner() -> None:
    state = table([[1, 5, 5], [2, 3, 4], [5, 6]], bids=[(0, [4, 5])], turn=1)
    after, events = act(state, {"challenge": True})
    assert after["hand"] == state["hand"] + 1
    assert after["turn"] == 1
    assert after["bids"] == []
    assert [len(cup) for cup in after["dice"]] == [3, 2, 2]
    started = [event for event in events if event.type == "liars_dice.hand_started"]
    assert started[0].data == {"hand": after["hand"], "starter": 1, "dice_counts": [3, 2, 2]}
    rolled = [event for event in events if event.type == "liars_dice.dice_rolled"]
    assert [(event.seats, event.data["dice"]) for event in rolled] == [
        ((seat,), after["dice"][seat]) for seat in range(3)
    ]


def test_a_seat_that_loses_its_last_die_is_out_and_the_next_seat_still_in_opens() -> None:
    state = table([[4, 4], [6], [2, 3]], bids=[(0, [2, 4]), (1, [3, 6])], turn=2)
    after, events = act(state, {"challenge": True})
    assert after["dice_counts"] == [2, 0, 2]
    assert after["out"] == [1]
    assert GeniusEvent("liars_dice.seat_out", {"seat": 1, "place": 3}) in events
    assert after["turn"] == 2
    assert after["dice"][1] == []
    assert LIARS_DICE.outcome(after) is None
    rolled = [event.seats for event in events if event.type == "liars_dice.dice_rolled"]
    assert rolled == [(0,), (2,)]


def test_the_last_seat_with_dice_wins_and_scores_count_the_seats_out_before_each() -> None:
    state = table([[3], [], [5, 5], []], bids=[(2, [2, 5])], turn=0, out=[3, 1])
    after, events = act(state, {"bid": [3, 5]})
    final, events = act(after, {"challenge": True})
    assert types(events)[-2:] == ["liars_dice.seat_out", "liars_dice.won"]
    assert events[-1].data == {"winner": 2, "out": [3, 1, 0]}
    assert final["winner"] == 2
    assert LIARS_DICE.awaiting(final) == []
    assert LIARS_DICE.legal_actions(final, 2) == {}
    assert refusal(LIARS_DICE, final, 2, {"bid": [1, 2]}) == "NOT_YOUR_TURN"
    outcome = LIARS_DICE.outcome(final)
    assert outcome is not None
    assert outcome.scores == (2.0, 1.0, 3.0, 0.0)
    assert outcome.winners == (2,)


def test_a_missed_turn_opens_with_the_lowest_bid_or_challenges_the_last() -> None:
    opening = table([[2, 3], [4, 5]])
    assert LIARS_DICE.default_action(opening, 0) == {"bid": [1, 1]}
    assert LIARS_DICE.check_action(opening, 0, LIARS_DICE.default_action(opening, 0)) == {"bid": [1, 1]}
    bid = table([[2, 3], [4, 5]], bids=[(0, [4, 6])], turn=1)
    assert LIARS_DICE.default_action(bid, 1) == {"challenge": True}


# --- views ------------------------------------------------------------------------------------


def test_a_seat_sees_its_own_dice_and_the_public_table_a_spectator_no_dice() -> None:
    state = table([[1, 5, 5], [2, 3, 4], [5, 6]], bids=[(0, [4, 5])], turn=1)
    mine = LIARS_DICE.view(state, 1)
    assert mine["your_dice"] == [2, 3, 4]
    assert mine["you"] == 1
    assert mine["dice_counts"] == [3, 3, 2]
    assert mine["dice_in_play"] == 8
    assert mine["bids"] == [{"seat": 0, "bid": [4, 5]}]
    assert mine["current_bid"] == [4, 5]
    assert mine["turn"] == 1
    text = json.dumps(mine)
    assert "[1, 5, 5]" not in text
    assert "[5, 6]" not in text
    spectator = LIARS_DICE.view(state, None)
    assert "your_dice" not in spectator
    assert "you" not in spectator
    assert {key: value for key, value in mine.items() if key not in ("you", "your_dice")} == spectator


def test_settled_hands_stay_public_in_every_view() -> None:
    state = table([[1, 5, 5], [2, 3, 4], [5, 6]], bids=[(0, [4, 5])], turn=1)
    after, _ = act(state, {"challenge": True})
    for seat in (None, 0, 1, 2):
        assert LIARS_DICE.view(after, seat)["past_hands"][-1]["dice"] == [[1, 5, 5], [2, 3, 4], [5, 6]]


# --- properties -------------------------------------------------------------------------------


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, dice=DICE)
def test_scores_are_placing_points_and_the_last_standing_wins(seed: int, players: int, dice: int) -> None:
    final = random_game(seed, players, dice)[-1]
    outcome = LIARS_DICE.outcome(final)
    assert outcome is not None
    assert sorted(outcome.scores) == [float(place) for place in range(players)]
    assert sum(outcome.scores) == players * (players - 1) / 2
    (winner,) = outcome.winners
    assert outcome.scores[winner] == players - 1
    assert final["dice_counts"][winner] > 0
    assert sum(1 for count in final["dice_counts"] if count > 0) == 1
    assert sorted([*final["out"], winner]) == list(range(players))


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, dice=DICE, pick=st.integers(0, 10_000), reroll=SEEDS)
def test_no_view_shows_dice_its_viewer_may_not_see(
    seed: int, players: int, dice: int, pick: int, reroll: int
) -> None:
    """Rolling other cups again (same counts) changes no seat's view; rolling every cup changes
    no spectator's view."""
    states = random_game(seed, players, dice)
    state = states[pick % len(states)]
    rng = Rng(reroll)

    def rerolled(keep: int | None) -> State:
        cups = [
            list(cup) if seat == keep else sorted(rng.randint(1, 6) for _ in cup)
            for seat, cup in enumerate(state["dice"])
        ]
        return {**state, "dice": cups}

    for seat in range(players):
        assert LIARS_DICE.view(rerolled(seat), seat) == LIARS_DICE.view(state, seat)
    assert LIARS_DICE.view(rerolled(None), None) == LIARS_DICE.view(state, None)


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, dice=DICE)
def test_rolled_dice_go_to_their_owner_alone(seed: int, players: int, dice: int) -> None:
    played = play_out(LIARS_DICE, seed, [RANDOM] * players, {"dice_per_player": dice})
    rolled = [event for event in played.events if event.type == "liars_dice.dice_rolled"]
    assert rolled
    for event in rolled:
        assert event.seats is not None
        assert len(event.seats) == 1
    assert all(event.seats is None for event in played.events if event.type != "liars_dice.dice_rolled")


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, dice=DICE, wild=st.booleans())
def test_the_same_seed_and_actions_give_byte_identical_games(
    seed: int, players: int, dice: int, wild: bool
) -> None:
    bots = [PROBABILISTIC if seat % 2 else RANDOM for seat in range(players)]
    options = {"dice_per_player": dice, "ones_wild": wild}
    first = play_out(LIARS_DICE, seed, bots, options)
    assert transcript(first) == transcript(play_out(LIARS_DICE, seed, bots, options))
    replayed: list[State] = [LIARS_DICE.new_game(seed, players, options)[0]]
    for number, actions in enumerate(first.actions, start=1):
        replayed.append(LIARS_DICE.resolve(replayed[-1], actions, round_rng(seed, number))[0])
    assert json.dumps(replayed, sort_keys=True) == json.dumps(first.states, sort_keys=True)


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, pick=st.integers(0, 10_000), action=ACTIONS)
def test_a_refused_action_leaves_the_state_unchanged(
    seed: int, players: int, pick: int, action: dict[str, object]
) -> None:
    states = random_game(seed, players, 2)
    state = states[pick % len(states)]
    before = copy.deepcopy(state)
    for seat in range(players):
        checked = verdict(LIARS_DICE, state, seat, action)
        if isinstance(checked, str):
            assert checked in {
                "NOT_YOUR_TURN",
                "BAD_ACTION",
                "BAD_BID",
                "BID_TOO_LOW",
                "NOTHING_TO_CHALLENGE",
            }
        else:
            legal = LIARS_DICE.legal_actions(state, seat)
            assert checked.get("bid") in legal["bids"] or (
                checked == {"challenge": True} and legal["challenge"]
            )
        assert state == before


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, dice=DICE)
def test_random_bots_finish_in_a_bounded_number_of_rounds(seed: int, players: int, dice: int) -> None:
    """Every challenge costs one die, so a game has at most n*d - 1 hands, and every bid raises the
    last, so a hand has at most 6 * (dice in play) bids before its challenge."""
    played = play_out(LIARS_DICE, seed, [RANDOM] * players, {"dice_per_player": dice})
    final = played.states[-1]
    total = players * dice
    assert len(final["past_hands"]) == total - sum(final["dice_counts"])
    assert len(played.actions) <= (total - 1) * (6 * total + 1)


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, dice=DICE, wild=st.booleans())
def test_bots_only_make_legal_moves(seed: int, players: int, dice: int, wild: bool) -> None:
    bots = [PROBABILISTIC if seat % 2 else RANDOM for seat in range(players)]
    played = play_out(LIARS_DICE, seed, bots, {"dice_per_player": dice, "ones_wild": wild})
    for number, (state, actions) in enumerate(zip(played.states, played.actions, strict=False)):
        for seat in actions:
            legal = LIARS_DICE.legal_actions(state, seat)
            view = LIARS_DICE.view(state, seat)
            for bot in (RANDOM, PROBABILISTIC):
                choice = bot.choose(view, legal, bot_rng(seed, seat, number))
                assert choice.get("bid") in legal["bids"] or (
                    choice == {"challenge": True} and legal["challenge"]
                )


# --- the probabilistic bot --------------------------------------------------------------------


def test_the_bid_probability_is_the_binomial_tail_of_the_unseen_dice() -> None:
    assert bid_probability([2, 5], [5, 1, 3], unseen=4, ones_wild=True) == 1.0
    assert bid_probability([8, 5], [5, 1, 3], unseen=4, ones_wild=True) == 0.0
    assert bid_probability([1, 6], [], unseen=1, ones_wild=True) == pytest.approx(1 / 3)
    assert bid_probability([1, 6], [], unseen=1, ones_wild=False) == pytest.approx(1 / 6)
    assert bid_probability([1, 1], [], unseen=1, ones_wild=True) == pytest.approx(1 / 6)
    assert bid_probability([2, 4], [4], unseen=2, ones_wild=True) == pytest.approx(1 - (2 / 3) ** 2)
    expected = sum(comb(10, k) * (1 / 3) ** k * (2 / 3) ** (10 - k) for k in range(4, 11))
    assert bid_probability([5, 3], [3, 6], unseen=10, ones_wild=True) == pytest.approx(expected)


def test_minimal_raises_are_the_lowest_legal_bid_on_each_face() -> None:
    legal = LIARS_DICE.legal_actions(table([[2, 3], [4, 5, 6]], bids=[(0, [3, 4])], turn=1), 1)
    assert minimal_raises(legal["bids"]) == [[3, 5], [3, 6], [4, 1], [4, 2], [4, 3], [4, 4]]


def probabilistic_choice(state: State) -> dict[str, object]:
    seat = state["turn"]
    return PROBABILISTIC.choose(LIARS_DICE.view(state, seat), LIARS_DICE.legal_actions(state, seat), Rng(0))


def test_the_probabilistic_bot_calls_an_unlikely_bid_and_raises_on_what_it_holds() -> None:
    assert probabilistic_choice(table([[2, 2], [3, 3, 3, 4]], bids=[(1, [5, 2])], turn=0)) == {
        "challenge": True
    }
    assert probabilistic_choice(table([[2, 5], [3, 3, 4, 4]], bids=[(1, [1, 3])], turn=0)) == {"bid": [1, 5]}
    assert probabilistic_choice(table([[6, 6, 6], [2, 3]])) == {"bid": [1, 6]}
    assert probabilistic_choice(table([[6, 6], [2, 3]], bids=[(1, [4, 6])], turn=0)) == {"challenge": True}


def test_the_probabilistic_bot_beats_random_bots_most_of_the_time() -> None:
    """Seeded games, one probabilistic bot at a table of random bots, its seat moving round."""
    wins = games = 0
    for players in (2, 3, 4):
        for seed in range(30):
            seat = seed % players
            bots = [RANDOM] * players
            bots[seat] = PROBABILISTIC
            outcome = play_out(LIARS_DICE, seed, bots).outcome
            assert outcome is not None
            wins += outcome.winners == (seat,)
            games += 1
    assert wins >= 0.9 * games
