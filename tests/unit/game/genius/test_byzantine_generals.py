"""Byzantine Generals: secret roles and preferences, private messengers, the vote that the loyal win
only together, and the heuristic loyal holding together against the heuristic traitors."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.genius.bots.byzantine_generals import (
    HEURISTIC,
    RANDOM,
    loyal_opinion,
    quorum_opinion,
    split_targets,
)
from goldbox.game.genius.games.byzantine_generals import BYZANTINE_GENERALS, LOYAL, ORDERS, TRAITOR
from goldbox.game.genius.play import play_out, round_rng
from goldbox.game.genius.protocol import Action, Bot, GeniusEvent, State
from goldbox.game.genius.registry import bot_named, game_named
from goldbox.game.rng import Rng
from tests.unit.game.genius.checks import ACTIONS, refusal, transcript, verdict

GAME = BYZANTINE_GENERALS
SEEDS = st.integers(min_value=0, max_value=2**63 - 1)
PLAYERS = st.integers(min_value=4, max_value=13)
ROUNDS = st.integers(min_value=1, max_value=5)
PROPERTIES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODES = {"NOT_YOUR_TURN", "BAD_ACTION", "WRONG_PHASE", "BAD_RECIPIENT", "BAD_ORDER"}


def camp(roles: str, preferences: str, rounds: int = 2) -> State:
    """A fresh game with these roles ("L"oyal, "T"raitor) and preferences ("a"ttack, "r"etreat)."""
    state, _ = GAME.new_game(5, len(roles), {"message_rounds": rounds})
    return {
        **state,
        "options": {"traitors": roles.count("T"), "message_rounds": rounds},
        "roles": [TRAITOR if role == "T" else LOYAL for role in roles],
        "preferences": ["attack" if preference == "a" else "retreat" for preference in preferences],
    }


def everyone(state: State, choose: Any) -> dict[int, Action]:
    return {seat: choose(seat) for seat in GAME.awaiting(state)}


def votes(state: State, ballot: str) -> State:
    """Skip to the vote and cast `ballot` ("a"/"r" per seat); return the final state."""
    state = {**state, "phase": "vote", "round": state["options"]["message_rounds"]}
    cast = {seat: {"vote": "attack" if mark == "a" else "retreat"} for seat, mark in enumerate(ballot)}
    return GAME.resolve(state, cast, Rng(1))[0]


def played(seed: int, players: int, rounds: int, bots: Sequence[Bot], traitors: int | None = None) -> Any:
    options: dict[str, Any] = {"message_rounds": rounds, "traitors": traitors}
    return play_out(GAME, seed, bots, options)


# --- setting up -------------------------------------------------------------------------------


def test_the_game_and_both_bots_are_registered() -> None:
    assert game_named("byzantine_generals") is GAME
    assert bot_named("byzantine_generals", "random") is RANDOM
    assert bot_named("byzantine_generals", "heuristic") is HEURISTIC


@pytest.mark.parametrize("players", range(4, 14))
def test_a_new_game_seats_the_most_traitors_n_allows_and_tells_each_general_alone(players: int) -> None:
    state, events = GAME.new_game(players * 31, players, {})
    traitors = [seat for seat, role in enumerate(state["roles"]) if role == TRAITOR]
    assert len(traitors) == (players - 1) // 3 == state["options"]["traitors"]
    assert set(state["preferences"]) <= set(ORDERS)
    assert events[0] == GeniusEvent(
        "byzantine_generals.started", {"players": players, "traitors": len(traitors), "message_rounds": 2}
    )
    assert events[0].seats is None
    for seat, event in enumerate(events[1:]):
        assert event.type == "byzantine_generals.orders"
        assert event.seats == (seat,)
        assert event.data["role"] == state["roles"][seat]
        assert event.data["preference"] == state["preferences"][seat]
        if seat in traitors:
            assert event.data["fellow_traitors"] == [other for other in traitors if other != seat]
        else:
            assert "fellow_traitors" not in event.data
    assert GAME.awaiting(state) == list(range(players))
    assert (state["phase"], state["round"]) == ("messages", 1)


def test_fewer_traitors_and_more_message_rounds_may_be_chosen() -> None:
    state, _ = GAME.new_game(3, 10, {"traitors": 1, "message_rounds": 5})
    assert state["roles"].count(TRAITOR) == 1
    assert state["options"] == {"traitors": 1, "message_rounds": 5}
    assert GAME.new_game(3, 10, {"traitors": None})[0]["options"]["traitors"] == 3
    schema = GAME.options_schema()["properties"]
    assert schema["traitors"]["default"] is None
    assert schema["message_rounds"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 5,
        "default": 2,
        "description": schema["message_rounds"]["description"],
    }


@pytest.mark.parametrize(
    ("players", "options"),
    [
        (6, {"traitors": 2}),
        (13, {"traitors": 5}),
        (7, {"traitors": 0}),
        (7, {"traitors": True}),
        (7, {"traitors": "1"}),
        (7, {"message_rounds": 0}),
        (7, {"message_rounds": 6}),
        (7, {"message_rounds": 2.5}),
        (7, {"commanders": 1}),
    ],
)
def test_bad_options_are_refused(players: int, options: dict[str, object]) -> None:
    with pytest.raises(RuleError) as refused:
        GAME.new_game(1, players, options)
    assert refused.value.code == "BAD_OPTIONS"


@pytest.mark.parametrize("players", [3, 14])
def test_four_to_thirteen_generals(players: int) -> None:
    with pytest.raises(RuleError) as refused:
        GAME.new_game(1, players, {})
    assert refused.value.code == "BAD_PLAYER_COUNT"


# --- messages ---------------------------------------------------------------------------------


def test_in_a_message_round_every_general_may_write_to_every_other() -> None:
    state = camp("LTLL", "arra")
    assert GAME.legal_actions(state, 1) == {"messages": {"to": [0, 2, 3], "orders": ["attack", "retreat"]}}
    checked = GAME.check_action(state, 1, {"messages": {3: "attack", "0": "retreat"}})
    assert checked == {"messages": {"0": "retreat", "3": "attack"}}
    assert list(checked["messages"]) == ["0", "3"]
    assert GAME.check_action(state, 1, {"messages": {}}) == {"messages": {}}


@pytest.mark.parametrize(
    "messages",
    [{"0": "attack"}, {"4": "attack"}, {"-1": "attack"}, {"x": "attack"}, {" 2": "attack"}, {True: "attack"}],
)
def test_a_message_to_no_other_general_has_a_bad_recipient(messages: dict[Any, str]) -> None:
    assert refusal(GAME, camp("LTLL", "arra"), 0, {"messages": messages}) == "BAD_RECIPIENT"


def test_one_message_per_general_per_round() -> None:
    action = {"messages": {"1": "attack", 1: "retreat"}}
    assert refusal(GAME, camp("LTLL", "arra"), 0, action) == "BAD_RECIPIENT"


@pytest.mark.parametrize("order", ["charge", None, 1, ["attack"], "Attack"])
def test_an_order_is_attack_or_retreat(order: object) -> None:
    assert refusal(GAME, camp("LTLL", "arra"), 0, {"messages": {"1": order}}) == "BAD_ORDER"
    voting = {**camp("LTLL", "arra"), "phase": "vote"}
    assert refusal(GAME, voting, 0, {"vote": order}) == "BAD_ORDER"


@pytest.mark.parametrize(
    "action",
    [{}, {"shout": "attack"}, {"messages": {}, "vote": "attack"}, {"messages": ["1", "attack"]}, ["vote"]],
)
def test_anything_but_messages_or_a_vote_is_a_bad_action(action: Any) -> None:
    assert refusal(GAME, camp("LTLL", "arra"), 0, action) == "BAD_ACTION"


def test_voting_during_messages_or_writing_during_the_vote_is_the_wrong_phase() -> None:
    state = camp("LTLL", "arra")
    assert refusal(GAME, state, 0, {"vote": "attack"}) == "WRONG_PHASE"
    voting = {**state, "phase": "vote"}
    assert refusal(GAME, voting, 0, {"messages": {"1": "attack"}}) == "WRONG_PHASE"
    assert GAME.legal_actions(voting, 0) == {"vote": ["attack", "retreat"]}


def test_every_message_reaches_its_recipient_alone() -> None:
    state = camp("LTLL", "arra")
    sent: dict[int, Action] = {
        0: {"messages": {"1": "attack", "2": "attack", "3": "attack"}},
        1: {"messages": {"0": "attack", "2": "retreat"}},
        2: {"messages": {"3": "retreat"}},
        3: {"messages": {}},
    }
    after, events = GAME.resolve(state, sent, Rng(1))
    assert after["inboxes"] == [
        [{"1": "attack"}],
        [{"0": "attack"}],
        [{"0": "attack", "1": "retreat"}],
        [{"0": "attack", "2": "retreat"}],
    ]
    assert after["sent"][1] == [{"0": "attack", "2": "retreat"}]
    private = events[:4]
    assert [(event.type, event.seats) for event in private] == [
        ("byzantine_generals.messages_received", (seat,)) for seat in range(4)
    ]
    assert private[3].data == {"round": 1, "messages": {"0": "attack", "2": "retreat"}}
    assert events[4] == GeniusEvent(
        "byzantine_generals.round_closed", {"round": 1, "next": {"phase": "messages", "round": 2}}
    )
    assert (after["phase"], after["round"]) == ("messages", 2)
    assert GAME.view(after, 3)["inbox"] == [{"0": "attack", "2": "retreat"}]
    assert GAME.view(after, 2)["sent"] == [{"3": "retreat"}]


def test_after_the_last_message_round_comes_the_vote() -> None:
    state = camp("LTLL", "arra", rounds=1)
    after, events = GAME.resolve(
        state, everyone(state, lambda seat: GAME.default_action(state, seat)), Rng(1)
    )
    assert events[-1].data == {"round": 1, "next": {"phase": "vote", "round": 1}}
    assert GAME.awaiting(after) == [0, 1, 2, 3]
    assert GAME.legal_actions(after, 2) == {"vote": ["attack", "retreat"]}


def test_a_round_resolves_only_with_every_generals_action() -> None:
    state = camp("LTLL", "arra")
    with pytest.raises(RuleError) as refused:
        GAME.resolve(state, {0: {"messages": {}}, 1: {"messages": {}}}, Rng(1))
    assert refused.value.code == "ACTIONS_MISSING"


def test_a_missing_general_tells_everyone_its_preference_and_votes_for_it() -> None:
    state = camp("LTLL", "arra")
    assert GAME.default_action(state, 1) == {"messages": {"0": "retreat", "2": "retreat", "3": "retreat"}}
    assert GAME.default_action({**state, "phase": "vote"}, 3) == {"vote": "attack"}


# --- the vote ---------------------------------------------------------------------------------


def test_the_loyal_win_together_whatever_the_traitors_vote() -> None:
    final = votes(camp("LTLL", "arra"), "aaaa")
    outcome = GAME.outcome(final)
    assert outcome is not None
    assert outcome.winners == (0, 2, 3)
    assert outcome.scores == (1.0, 0.0, 1.0, 1.0)
    assert GAME.outcome(votes(camp("LTLL", "arra"), "rarr")) == outcome


def test_a_split_among_the_loyal_is_the_traitors_win() -> None:
    final = votes(camp("LTLLTLL", "arrarra"), "aarrara")
    outcome = GAME.outcome(final)
    assert outcome is not None
    assert outcome.winners == (1, 4)
    assert outcome.scores == (0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def test_the_end_shows_every_role_preference_and_vote_to_all() -> None:
    state = camp("LTLL", "arra")
    state = {**state, "phase": "vote"}
    final, events = GAME.resolve(state, {seat: {"vote": "retreat"} for seat in range(4)}, Rng(1))
    revealed = {
        "roles": ["loyal", "traitor", "loyal", "loyal"],
        "preferences": ["attack", "retreat", "retreat", "attack"],
        "votes": ["retreat"] * 4,
        "consensus": "retreat",
        "winning_side": "loyal",
    }
    assert events == [GeniusEvent("byzantine_generals.match_over", revealed)]
    assert GAME.awaiting(final) == []
    assert GAME.legal_actions(final, 0) == {}
    assert refusal(GAME, final, 0, {"vote": "attack"}) == "NOT_YOUR_TURN"
    spectator = GAME.view(final, None)
    assert {key: spectator[key] for key in revealed} == revealed
    assert spectator["over"] is True


def test_no_outcome_before_the_vote() -> None:
    assert GAME.outcome(camp("LTLL", "arra")) is None


# --- views ------------------------------------------------------------------------------------


def test_a_loyal_general_sees_its_own_orders_and_mail_only() -> None:
    state = camp("LTLLTLL", "arrarra")
    state["inboxes"] = [[{"1": "attack"}] if seat == 0 else [{"0": "retreat"}] for seat in range(7)]
    state["sent"] = [[{"5": "retreat"}] for _ in range(7)]
    view = GAME.view(state, 0)
    assert view["role"] == "loyal"
    assert view["preference"] == "attack"
    assert "fellow_traitors" not in view
    assert view["inbox"] == [{"1": "attack"}]
    assert view["sent"] == [{"5": "retreat"}]
    assert view["traitors"] == 2
    assert "roles" not in view


def test_a_traitor_knows_the_other_traitors() -> None:
    view = GAME.view(camp("LTLLTLL", "arrarra"), 4)
    assert view["role"] == "traitor"
    assert view["fellow_traitors"] == [1]


def test_a_spectator_sees_no_role_preference_or_message() -> None:
    view = GAME.view(camp("LTLL", "arra"), None)
    assert view == {
        "game": "byzantine_generals",
        "players": 4,
        "traitors": 1,
        "message_rounds": 2,
        "phase": "messages",
        "round": 1,
        "over": False,
    }


# --- properties -------------------------------------------------------------------------------


def disguised(state: State, viewer: int | None, rng: Rng) -> State:
    """The same game but for everything `viewer` may not know, drawn again: the other generals'
    preferences, which of them are traitors (unless the viewer is one, or the game is over) and
    every message neither sent to nor by the viewer."""
    players = state["players"]
    over = state["phase"] == "over"
    roles = list(state["roles"])
    preferences = list(state["preferences"])
    if not over:
        if viewer is None or roles[viewer] == LOYAL:
            others = [seat for seat in range(players) if seat != viewer]
            shuffled = [roles[seat] for seat in others]
            rng.shuffle(shuffled)
            for seat, role in zip(others, shuffled, strict=True):
                roles[seat] = role
        preferences = [
            order if seat == viewer else rng.choice(ORDERS) for seat, order in enumerate(preferences)
        ]

    def reworded(sender: int, recipient: int, order: str) -> str:
        return order if viewer in (sender, recipient) else rng.choice(ORDERS)

    inboxes = [
        [{sender: reworded(int(sender), seat, order) for sender, order in got.items()} for got in inbox]
        for seat, inbox in enumerate(state["inboxes"])
    ]
    sent = [
        [{to: reworded(seat, int(to), order) for to, order in messages.items()} for messages in outbox]
        for seat, outbox in enumerate(state["sent"])
    ]
    return {**state, "roles": roles, "preferences": preferences, "inboxes": inboxes, "sent": sent}


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, rounds=ROUNDS, pick=st.integers(0, 10), redraw=SEEDS)
def test_no_view_shows_what_its_viewer_may_not_know(
    seed: int, players: int, rounds: int, pick: int, redraw: int
) -> None:
    states = played(seed, players, rounds, [RANDOM] * players).states
    state = states[pick % len(states)]
    rng = Rng(redraw)
    for viewer in [None, *range(players)]:
        assert GAME.view(disguised(state, viewer, rng), viewer) == GAME.view(state, viewer)


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, rounds=ROUNDS)
def test_private_events_go_to_their_general_alone(seed: int, players: int, rounds: int) -> None:
    game = played(seed, players, rounds, [RANDOM] * players)
    for event in game.events:
        if event.type in ("byzantine_generals.orders", "byzantine_generals.messages_received"):
            assert event.seats is not None
            assert len(event.seats) == 1
        else:
            assert event.seats is None
            assert "roles" not in event.data or event.type == "byzantine_generals.match_over"


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, rounds=ROUNDS)
def test_the_winning_side_scores_one_each_and_the_rest_nothing(seed: int, players: int, rounds: int) -> None:
    game = played(seed, players, rounds, ([RANDOM, HEURISTIC] * 7)[:players])
    final = game.states[-1]
    outcome = game.outcome
    assert outcome is not None
    side = final["roles"][outcome.winners[0]]
    assert outcome.winners == tuple(seat for seat, role in enumerate(final["roles"]) if role == side)
    assert sum(outcome.scores) == len(outcome.winners)
    assert all(
        score == (1.0 if seat in outcome.winners else 0.0) for seat, score in enumerate(outcome.scores)
    )
    loyal_votes = {vote for vote, role in zip(final["votes"], final["roles"], strict=True) if role == LOYAL}
    assert (side == LOYAL) == (len(loyal_votes) == 1)


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, rounds=ROUNDS)
def test_the_same_seed_and_actions_give_byte_identical_games(seed: int, players: int, rounds: int) -> None:
    bots = [HEURISTIC if seat % 3 else RANDOM for seat in range(players)]
    first = played(seed, players, rounds, bots)
    assert transcript(first) == transcript(played(seed, players, rounds, bots))
    replayed: list[State] = [GAME.new_game(seed, players, {"message_rounds": rounds})[0]]
    for number, actions in enumerate(first.actions):
        replayed.append(GAME.resolve(replayed[-1], actions, round_rng(seed, number))[0])
    assert json.dumps(replayed, sort_keys=True) == json.dumps(first.states, sort_keys=True)


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, pick=st.integers(0, 10), action=ACTIONS)
def test_a_refused_action_leaves_the_state_unchanged(
    seed: int, players: int, pick: int, action: Action
) -> None:
    states = played(seed, players, 2, [RANDOM] * players).states
    state = states[pick % len(states)]
    before = copy.deepcopy(state)
    for seat in range(players):
        checked = verdict(GAME, state, seat, action)
        if isinstance(checked, str):
            assert checked in CODES
        else:
            assert set(checked) == {state["phase"]}
        assert state == before


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, rounds=ROUNDS)
def test_random_bots_finish_after_the_message_rounds_and_the_vote(
    seed: int, players: int, rounds: int
) -> None:
    game = played(seed, players, rounds, [RANDOM] * players)
    assert len(game.actions) == rounds + 1
    assert game.outcome is not None


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, rounds=ROUNDS)
def test_bots_only_send_and_vote_what_the_rules_allow(seed: int, players: int, rounds: int) -> None:
    """Every bot, in every seat (so in both roles), at every round of a game."""
    game = played(seed, players, rounds, ([HEURISTIC, RANDOM] * 7)[:players])
    for number, state in enumerate(game.states[:-1]):
        for seat in GAME.awaiting(state):
            view, legal = GAME.view(state, seat), GAME.legal_actions(state, seat)
            for bot in (RANDOM, HEURISTIC):
                choice = bot.choose(view, legal, Rng(seed).fork(seat, number))
                assert GAME.check_action(state, seat, choice) == choice


# --- the heuristic bot ------------------------------------------------------------------------


def test_attack_needs_a_quorum_of_n_minus_t_voices() -> None:
    assert quorum_opinion(["attack"] * 3 + ["retreat"], players=4, traitors=1) == "attack"
    assert quorum_opinion(["attack"] * 2 + ["retreat"] * 2, players=4, traitors=1) == "retreat"
    assert quorum_opinion(["attack"] * 4 + ["retreat"] * 3, players=7, traitors=2) == "retreat"
    assert quorum_opinion(["attack"] * 5, players=7, traitors=2) == "attack"
    assert loyal_opinion("attack", [], players=4, traitors=1) == "attack"
    assert loyal_opinion("attack", [{"1": "attack", "2": "retreat", "3": "retreat"}], 4, 1) == "retreat"


def test_the_traitors_agree_on_one_split_of_the_others() -> None:
    assert split_targets(7, 1, [4]) == {0: "attack", 2: "attack", 3: "retreat", 5: "retreat", 6: "retreat"}
    assert split_targets(7, 4, [1]) == split_targets(7, 1, [4])


@pytest.mark.parametrize("players", range(4, 14))
@pytest.mark.parametrize("rounds", [2, 3, 5])
def test_heuristic_loyal_generals_agree_despite_heuristic_traitors(players: int, rounds: int) -> None:
    """With n >= 3t + 1 and two message rounds or more, every seeded game ends in consensus: the
    traitors' split lasts one round (the loyal who heard attack are fewer than n - 2t)."""
    for traitors in range(1, (players - 1) // 3 + 1):
        for seed in range(12):
            game = played(seed, players, rounds, [HEURISTIC] * players, traitors)
            assert game.outcome is not None
            assert game.states[-1]["roles"][game.outcome.winners[0]] == LOYAL


@PROPERTIES
@given(seed=SEEDS, players=PLAYERS, rounds=ROUNDS)
def test_loyal_generals_of_one_mind_vote_it_even_after_one_round(
    seed: int, players: int, rounds: int
) -> None:
    """Validity: when every loyal general starts with the same preference, the heuristic loyal all
    vote that preference, whatever the heuristic traitors say."""
    state, _ = GAME.new_game(seed, players, {"message_rounds": rounds})
    shared = state["preferences"][state["roles"].index(LOYAL)]
    state = {
        **state,
        "preferences": [
            shared if role == LOYAL else order
            for role, order in zip(state["roles"], state["preferences"], strict=True)
        ],
    }
    while GAME.outcome(state) is None:
        actions = {
            seat: HEURISTIC.choose(GAME.view(state, seat), GAME.legal_actions(state, seat), Rng(seat))
            for seat in GAME.awaiting(state)
        }
        state, _ = GAME.resolve(state, actions, Rng(0))
    assert {vote for vote, role in zip(state["votes"], state["roles"], strict=True) if role == LOYAL} == {
        shared
    }
