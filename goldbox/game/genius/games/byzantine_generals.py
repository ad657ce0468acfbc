"""Byzantine Generals (Lamport, Shostak and Pease, 1982): generals around a city must agree to
attack or to retreat, talking only by private messengers, while some of them are traitors.

At the start each seat is secretly made loyal or a traitor (floor((n-1)/3) traitors unless the
`traitors` option says fewer: with n >= 3t+1 agreement is possible in principle). Every general is
told a private preference, attack or retreat; a traitor's is only a cover story, what it would
relay to look loyal. The traitors know each other, as in the classic problem where the faulty may
collude; the loyal know only their own role.

The game is `message_rounds` rounds of messages, then one vote. In a message round every seat, at
once, sends each other general it chooses one order, attack or retreat; each message reaches its
recipient alone. In the vote every seat votes attack or retreat. The loyal win (1 point each) if
every loyal general votes the same, whichever way; the traitors win (1 point each) on a split. The
traitors' own votes never decide anything. Once the votes are in, every role, preference and vote
is made public; messages stay with their recipients.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goldbox.game.errors import RuleError
from goldbox.game.genius.bots import byzantine_generals as byzantine_bots  # noqa: F401 -- registers the bots
from goldbox.game.genius.options import WholeNumber, check_players, options_schema, read_options
from goldbox.game.genius.protocol import Action, GeniusEvent, Outcome, State
from goldbox.game.genius.registry import register_game
from goldbox.game.rng import Rng

ORDERS = ("attack", "retreat")
LOYAL = "loyal"
TRAITOR = "traitor"
MESSAGES = "messages"
VOTE = "vote"
OVER = "over"
OPTIONS = (
    WholeNumber(
        "traitors",
        "How many traitors, from 1 to floor((players-1)/3); null: that maximum.",
        1,
        4,
        None,
    ),
    WholeNumber("message_rounds", "How many rounds of messages come before the vote.", 1, 5, 2),
)


def most_traitors(players: int) -> int:
    """The most traitors the loyal can still, in principle, agree despite: n >= 3t + 1."""
    return (players - 1) // 3


class ByzantineGenerals:
    """The rules: every seat acts in every round; message rounds, then the vote."""

    name = "byzantine_generals"
    title = "Byzantine Generals"
    min_players = 4
    max_players = 13

    def new_game(
        self, seed: int, players: int, options: Mapping[str, Any]
    ) -> tuple[State, list[GeniusEvent]]:
        check_players(self.title, self.min_players, self.max_players, players)
        chosen = read_options(self.title, OPTIONS, options)
        limit = most_traitors(players)
        traitors = limit if chosen["traitors"] is None else chosen["traitors"]
        if traitors > limit:
            raise RuleError(
                "BAD_OPTIONS",
                f"{self.title}: {players} generals allow at most {limit} traitors (n >= 3t + 1).",
                option="traitors",
            )
        rng = Rng(seed)
        traitor_seats = sorted(rng.sample(range(players), traitors))
        roles = [TRAITOR if seat in traitor_seats else LOYAL for seat in range(players)]
        preferences = [rng.choice(ORDERS) for _ in range(players)]
        state: State = {
            "players": players,
            "options": {"traitors": traitors, "message_rounds": chosen["message_rounds"]},
            "roles": roles,
            "preferences": preferences,
            "phase": MESSAGES,
            "round": 1,
            "inboxes": [[] for _ in range(players)],
            "sent": [[] for _ in range(players)],
            "votes": None,
        }
        events = [GeniusEvent("byzantine_generals.started", {"players": players, **state["options"]})]
        events += [
            GeniusEvent("byzantine_generals.orders", _secret_orders(state, seat), seats=(seat,))
            for seat in range(players)
        ]
        return state, events

    def options_schema(self) -> dict[str, Any]:
        return options_schema(OPTIONS)

    def awaiting(self, state: State) -> list[int]:
        return [] if state["phase"] == OVER else list(range(state["players"]))

    def legal_actions(self, state: State, seat: int) -> dict[str, Any]:
        if seat not in self.awaiting(state):
            return {}
        if state["phase"] == MESSAGES:
            return {"messages": {"to": _others(state, seat), "orders": list(ORDERS)}}
        return {"vote": list(ORDERS)}

    def check_action(self, state: State, seat: int, action: Mapping[str, Any]) -> Action:
        if seat not in self.awaiting(state):
            raise RuleError("NOT_YOUR_TURN", "The generals have voted: the game is over.", seat=seat)
        phase = state["phase"]
        if not isinstance(action, Mapping) or set(action) not in ({MESSAGES}, {VOTE}):
            raise RuleError(
                "BAD_ACTION", 'An action is {"messages": {"<seat>": "attack", ...}} or {"vote": "retreat"}.'
            )
        if phase not in action:
            raise RuleError(
                "WRONG_PHASE",
                f"This is a round of {'messages' if phase == MESSAGES else 'voting'}.",
                phase=phase,
            )
        if phase == VOTE:
            return {VOTE: _read_order(action[VOTE])}
        return {MESSAGES: _read_messages(state, seat, action[MESSAGES])}

    def default_action(self, state: State, seat: int) -> Action:
        """What a loyal general would do: tell everyone its preference, then vote for it."""
        preference = state["preferences"][seat]
        if state["phase"] == VOTE:
            return {VOTE: preference}
        return {MESSAGES: {str(other): preference for other in _others(state, seat)}}

    def resolve(
        self, state: State, actions: Mapping[int, Action], rng: Rng
    ) -> tuple[State, list[GeniusEvent]]:
        awaited = self.awaiting(state)
        if sorted(actions) != awaited:
            raise RuleError("ACTIONS_MISSING", "Every general must act before the round resolves.")
        checked = [self.check_action(state, seat, actions[seat]) for seat in awaited]
        if state["phase"] == VOTE:
            return _count_votes(state, [action[VOTE] for action in checked])
        return _deliver(state, [action[MESSAGES] for action in checked])

    def view(self, state: State, seat: int | None) -> dict[str, Any]:
        """The phase for all; a seat's own role, preference, fellow traitors, inbox and sent
        messages for that seat alone; every role and vote once the game is over."""
        public: dict[str, Any] = {
            "game": self.name,
            "players": state["players"],
            "traitors": state["options"]["traitors"],
            "message_rounds": state["options"]["message_rounds"],
            "phase": state["phase"],
            "round": state["round"],
            "over": state["phase"] == OVER,
        }
        if state["phase"] == OVER:
            public.update(_revealed(state))
        if seat is None:
            return public
        return {
            **public,
            "you": seat,
            **_secret_orders(state, seat),
            "inbox": [dict(received) for received in state["inboxes"][seat]],
            "sent": [dict(messages) for messages in state["sent"][seat]],
        }

    def outcome(self, state: State) -> Outcome | None:
        if state["phase"] != OVER:
            return None
        winning = LOYAL if _consensus(state) is not None else TRAITOR
        winners = tuple(seat for seat, role in enumerate(state["roles"]) if role == winning)
        scores = tuple(1.0 if seat in winners else 0.0 for seat in range(state["players"]))
        return Outcome(scores=scores, winners=winners)


def _others(state: State, seat: int) -> list[int]:
    return [other for other in range(state["players"]) if other != seat]


def _secret_orders(state: State, seat: int) -> dict[str, Any]:
    """What only `seat` knows from the start: its role, its preference, and, for a traitor, the
    other traitors."""
    role = state["roles"][seat]
    secret: dict[str, Any] = {"role": role, "preference": state["preferences"][seat]}
    if role == TRAITOR:
        secret["fellow_traitors"] = [
            other for other in _others(state, seat) if state["roles"][other] == TRAITOR
        ]
    return secret


def _read_order(value: Any) -> str:
    if value not in ORDERS:
        raise RuleError("BAD_ORDER", 'An order is "attack" or "retreat".', order=value)
    return str(value)


def _read_messages(state: State, seat: int, messages: Any) -> dict[str, str]:
    """The messages as {"<recipient>": order}, by recipient; RuleError for anyone who is not
    another general at this table (`BAD_RECIPIENT`) or an order that is not one (`BAD_ORDER`)."""
    if not isinstance(messages, Mapping):
        raise RuleError("BAD_ACTION", 'Messages are an object: {"<seat>": "attack" or "retreat", ...}.')
    normal: dict[int, str] = {}
    for recipient, order in messages.items():
        number = _seat_number(recipient)
        if number is None or number == seat or not 0 <= number < state["players"]:
            raise RuleError(
                "BAD_RECIPIENT", "Send messages to the other generals, by seat number.", recipient=recipient
            )
        if number in normal:
            raise RuleError("BAD_RECIPIENT", "One message per general per round.", recipient=recipient)
        normal[number] = _read_order(order)
    return {str(number): normal[number] for number in sorted(normal)}


def _seat_number(recipient: Any) -> int | None:
    """A recipient as a seat number: JSON object keys are strings ("3"); plain digits only."""
    if isinstance(recipient, int) and not isinstance(recipient, bool):
        return recipient
    if isinstance(recipient, str) and recipient.isascii() and recipient.isdigit():
        return int(recipient)
    return None


def _deliver(state: State, outgoing: list[dict[str, str]]) -> tuple[State, list[GeniusEvent]]:
    """Hand every message to its recipient alone; then the next message round, or the vote."""
    players = state["players"]
    round_number = state["round"]
    received: list[dict[str, str]] = [{} for _ in range(players)]
    for sender, messages in enumerate(outgoing):
        for recipient, order in messages.items():
            received[int(recipient)][str(sender)] = order
    events = [
        GeniusEvent(
            "byzantine_generals.messages_received",
            {"round": round_number, "messages": received[seat]},
            seats=(seat,),
        )
        for seat in range(players)
    ]
    last = round_number >= state["options"]["message_rounds"]
    following = (
        {"phase": VOTE, "round": round_number} if last else {"phase": MESSAGES, "round": round_number + 1}
    )
    events.append(GeniusEvent("byzantine_generals.round_closed", {"round": round_number, "next": following}))
    new_state = {
        **state,
        **following,
        "inboxes": [[*inbox, received[seat]] for seat, inbox in enumerate(state["inboxes"])],
        "sent": [[*sent, outgoing[seat]] for seat, sent in enumerate(state["sent"])],
    }
    return new_state, events


def _count_votes(state: State, votes: list[str]) -> tuple[State, list[GeniusEvent]]:
    """The vote ends the game: every role, preference and vote is shown."""
    over = {**state, "phase": OVER, "votes": votes}
    return over, [GeniusEvent("byzantine_generals.match_over", _revealed(over))]


def _consensus(state: State) -> str | None:
    """The order every loyal general voted for, or None on a split."""
    loyal_votes = {vote for vote, role in zip(state["votes"], state["roles"], strict=True) if role == LOYAL}
    return loyal_votes.pop() if len(loyal_votes) == 1 else None


def _revealed(state: State) -> dict[str, Any]:
    consensus = _consensus(state)
    return {
        "roles": list(state["roles"]),
        "preferences": list(state["preferences"]),
        "votes": list(state["votes"]),
        "consensus": consensus,
        "winning_side": LOYAL if consensus is not None else TRAITOR,
    }


BYZANTINE_GENERALS = register_game(ByzantineGenerals())
