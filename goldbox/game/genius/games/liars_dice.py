"""Liar's Dice: every player rolls a cup of hidden dice, then the players take turns bidding on
how many dice on the whole table show a face, until one calls the last bidder a liar.

A bid `[quantity, face]` claims that at least `quantity` dice among everyone's show `face`; with
`ones_wild` a 1 counts for any face except a bid on ones themselves. Each bid must be higher than
the last: more dice, or as many dice of a higher face. Instead of bidding, the seat whose turn it is
may challenge the last bid (never as the first action of a hand): all dice are shown, and the
bidder loses a die if the bid was not met, the challenger if it was. The loser opens the next hand
(or, if that was their last die and they are out, the next seat still in), with fresh dice for
everyone. The last seat with dice wins.

One seat acts per round. Each seat sees only its own dice; the bids, every seat's dice count and
the dice of hands already settled are public.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from goldbox.game.errors import RuleError
from goldbox.game.genius.bots import liars_dice as liars_dice_bots  # noqa: F401 -- registers the bots
from goldbox.game.genius.options import Switch, WholeNumber, check_players, options_schema, read_options
from goldbox.game.genius.protocol import Action, GeniusEvent, Outcome, State
from goldbox.game.genius.registry import register_game
from goldbox.game.rng import Rng

FACES = (1, 2, 3, 4, 5, 6)
WILD_FACE = 1
OPTIONS = (
    WholeNumber("dice_per_player", "How many dice each player starts with.", 1, 10, 5),
    Switch("ones_wild", "Ones count for any face, except in a bid on ones.", True),
)
ACTION_FORMS = '{"bid": [quantity, face]} or {"challenge": true}'

Bid = tuple[int, int]


def beats(bid: Bid, current: Bid | None) -> bool:
    """A higher bid: more dice, or as many dice of a higher face. Any bid opens a hand."""
    if current is None:
        return True
    return bid[0] > current[0] or (bid[0] == current[0] and bid[1] > current[1])


def dice_showing(dice: Sequence[Sequence[int]], face: int, ones_wild: bool) -> int:
    """How many dice on the table count for a bid on `face`."""
    wild = ones_wild and face != WILD_FACE
    return sum(1 for cup in dice for die in cup if die == face or (wild and die == WILD_FACE))


class LiarsDice:
    """The rules: a game of turns, one hand after another, until one seat keeps dice."""

    name = "liars_dice"
    title = "Liar's Dice"
    min_players = 2
    max_players = 6

    def new_game(
        self, seed: int, players: int, options: Mapping[str, Any]
    ) -> tuple[State, list[GeniusEvent]]:
        check_players(self.title, self.min_players, self.max_players, players)
        chosen = read_options(self.title, OPTIONS, options)
        state: State = {
            "players": players,
            "options": chosen,
            "dice_counts": [chosen["dice_per_player"]] * players,
            "dice": [],
            "hand": 0,
            "turn": None,
            "bids": [],
            "past_hands": [],
            "out": [],
            "winner": None,
        }
        started = GeniusEvent("liars_dice.started", {"players": players, "options": dict(chosen)})
        state, events = _deal(state, 0, Rng(seed))
        return state, [started, *events]

    def options_schema(self) -> dict[str, Any]:
        return options_schema(OPTIONS)

    def awaiting(self, state: State) -> list[int]:
        return [] if state["turn"] is None else [state["turn"]]

    def legal_actions(self, state: State, seat: int) -> dict[str, Any]:
        """Every bid the seat may make, lowest first, and whether it may challenge."""
        if seat not in self.awaiting(state):
            return {}
        current = _current_bid(state)
        bids = [
            [quantity, face]
            for quantity in range(1, sum(state["dice_counts"]) + 1)
            for face in FACES
            if beats((quantity, face), current)
        ]
        return {"bids": bids, "challenge": current is not None}

    def check_action(self, state: State, seat: int, action: Mapping[str, Any]) -> Action:
        if seat not in self.awaiting(state):
            raise RuleError("NOT_YOUR_TURN", "It is not your turn to bid.", seat=seat, turn=state["turn"])
        if not isinstance(action, Mapping) or set(action) not in ({"bid"}, {"challenge"}):
            raise RuleError("BAD_ACTION", f"An action is {ACTION_FORMS}.")
        if "challenge" in action:
            if action["challenge"] is not True:
                raise RuleError("BAD_ACTION", f"An action is {ACTION_FORMS}.")
            if _current_bid(state) is None:
                raise RuleError("NOTHING_TO_CHALLENGE", "Nobody has bid yet this hand: open with a bid.")
            return {"challenge": True}
        bid = _read_bid(action["bid"], sum(state["dice_counts"]))
        current = _current_bid(state)
        if not beats(bid, current):
            raise RuleError(
                "BID_TOO_LOW",
                "Bid more dice, or as many dice of a higher face, than the last bid.",
                bid=list(bid),
                current=None if current is None else list(current),
            )
        return {"bid": list(bid)}

    def default_action(self, state: State, seat: int) -> Action:
        """A seat that misses its turn challenges the last bid, or opens with the lowest bid."""
        return {"challenge": True} if _current_bid(state) is not None else {"bid": [1, FACES[0]]}

    def resolve(
        self, state: State, actions: Mapping[int, Action], rng: Rng
    ) -> tuple[State, list[GeniusEvent]]:
        awaited = self.awaiting(state)
        if sorted(actions) != awaited:
            raise RuleError("ACTIONS_MISSING", "The seat whose turn it is must act.", awaiting=awaited)
        seat = awaited[0]
        action = self.check_action(state, seat, actions[seat])
        if "challenge" in action:
            return _settle(state, seat, rng)
        bid = {"seat": seat, "bid": action["bid"]}
        following = _next_in(state["dice_counts"], seat)
        new_state = {**state, "bids": [*state["bids"], bid], "turn": following}
        return new_state, [GeniusEvent("liars_dice.bid", {"hand": state["hand"], **bid, "next": following})]

    def view(self, state: State, seat: int | None) -> dict[str, Any]:
        """The public table; a seat also sees its own dice. Nobody sees another's dice of this hand."""
        current = _current_bid(state)
        public: dict[str, Any] = {
            "game": self.name,
            "players": state["players"],
            "options": dict(state["options"]),
            "hand": state["hand"],
            "turn": state["turn"],
            "dice_counts": list(state["dice_counts"]),
            "dice_in_play": sum(state["dice_counts"]),
            "bids": copy.deepcopy(state["bids"]),
            "current_bid": None if current is None else list(current),
            "past_hands": copy.deepcopy(state["past_hands"]),
            "out": list(state["out"]),
            "over": state["winner"] is not None,
            "winner": state["winner"],
        }
        if seat is None:
            return public
        own = state["dice"][seat] if state["dice"] else []
        return {**public, "you": seat, "your_dice": list(own)}

    def outcome(self, state: State) -> Outcome | None:
        """Placing points: each seat scores how many seats went out before it (the winner: all)."""
        winner = state["winner"]
        if winner is None:
            return None
        scores = [0.0] * state["players"]
        for place, seat in enumerate(state["out"]):
            scores[seat] = float(place)
        scores[winner] = float(state["players"] - 1)
        return Outcome(scores=tuple(scores), winners=(winner,))


def _read_bid(value: Any, dice_in_play: int) -> Bid:
    """A bid as `(quantity, face)`, or RuleError `BAD_BID` if it is not one this table allows."""
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(part, int) and not isinstance(part, bool) for part in value)
    ):
        raise RuleError("BAD_BID", "A bid is [quantity, face], two whole numbers.", bid=value)
    quantity, face = value
    if face not in FACES:
        raise RuleError("BAD_BID", "A bid's face is from 1 to 6.", bid=list(value))
    if not 1 <= quantity <= dice_in_play:
        raise RuleError(
            "BAD_BID", f"A bid's quantity is from 1 to the {dice_in_play} dice in play.", bid=list(value)
        )
    return (quantity, face)


def _current_bid(state: State) -> Bid | None:
    if not state["bids"]:
        return None
    quantity, face = state["bids"][-1]["bid"]
    return (quantity, face)


def _next_in(dice_counts: Sequence[int], seat: int) -> int:
    """The next seat after `seat`, going round the table, that still has dice."""
    players = len(dice_counts)
    for step in range(1, players + 1):
        candidate = (seat + step) % players
        if dice_counts[candidate] > 0:
            return candidate
    raise ValueError("no seat has dice left")


def _deal(state: State, starter: int, rng: Rng) -> tuple[State, list[GeniusEvent]]:
    """A new hand: fresh dice for every seat still in (each told only its own), `starter` to bid."""
    hand = state["hand"] + 1
    dice = [sorted(rng.randint(1, 6) for _ in range(count)) for count in state["dice_counts"]]
    events = [
        GeniusEvent(
            "liars_dice.hand_started",
            {"hand": hand, "starter": starter, "dice_counts": list(state["dice_counts"])},
        )
    ]
    events += [
        GeniusEvent("liars_dice.dice_rolled", {"hand": hand, "dice": list(cup)}, seats=(seat,))
        for seat, cup in enumerate(dice)
        if cup
    ]
    return {**state, "hand": hand, "dice": dice, "bids": [], "turn": starter}, events


def _settle(state: State, challenger: int, rng: Rng) -> tuple[State, list[GeniusEvent]]:
    """A challenge: show every cup, take a die from the loser, then deal again or end the game."""
    options = state["options"]
    quantity, face = state["bids"][-1]["bid"]
    bidder = state["bids"][-1]["seat"]
    showing = dice_showing(state["dice"], face, options["ones_wild"])
    met = showing >= quantity
    loser = challenger if met else bidder
    record = {
        "hand": state["hand"],
        "bids": copy.deepcopy(state["bids"]),
        "challenger": challenger,
        "bidder": bidder,
        "bid": [quantity, face],
        "dice": [list(cup) for cup in state["dice"]],
        "showing": showing,
        "bid_met": met,
        "loser": loser,
    }
    dice_counts = list(state["dice_counts"])
    dice_counts[loser] -= 1
    events = [GeniusEvent("liars_dice.challenged", {**record, "dice_counts": list(dice_counts)})]
    out = list(state["out"])
    if dice_counts[loser] == 0:
        out.append(loser)
        events.append(
            GeniusEvent("liars_dice.seat_out", {"seat": loser, "place": state["players"] - len(out) + 1})
        )
    settled = {
        **state,
        "dice_counts": dice_counts,
        "past_hands": [*state["past_hands"], record],
        "out": out,
    }
    still_in = [seat for seat, count in enumerate(dice_counts) if count > 0]
    if len(still_in) == 1:
        winner = still_in[0]
        final = {**settled, "dice": [], "bids": [], "turn": None, "winner": winner}
        return final, [*events, GeniusEvent("liars_dice.won", {"winner": winner, "out": list(out)})]
    starter = loser if dice_counts[loser] > 0 else _next_in(dice_counts, loser)
    dealt, deal_events = _deal(settled, starter, rng)
    return dealt, [*events, *deal_events]


LIARS_DICE = register_game(LiarsDice())
