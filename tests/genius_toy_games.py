"""Two tiny Genius games and their bots, for testing the match service without the real games.

- `toy_highest` (2-4 seats, simultaneous): every round each seat picks a number 0-9; the highest
  picks score a point. Each seat is dealt a secret lucky number at the start (an event for that seat
  only, and in its view only), and hears a private note after each round.
- `toy_countdown` (2-3 seats, turns): a pile of `start` stones; the seat whose turn it is takes 1
  or 2; whoever takes the last stone wins.

`registered()` adds them to the registry for the length of a `with` block.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from goldbox.game.errors import RuleError
from goldbox.game.genius import registry
from goldbox.game.genius.protocol import Action, GeniusEvent, Outcome, State
from goldbox.game.rng import Rng

HIGHEST, COUNTDOWN = "toy_highest", "toy_countdown"


def _options(options: Mapping[str, Any], name: str, low: int, high: int, default: int) -> int:
    unknown = set(options) - {name}
    if unknown:
        raise RuleError("BAD_OPTIONS", f"Unknown options: {sorted(unknown)}.")
    value = options.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise RuleError("BAD_OPTIONS", f"{name} must be a whole number from {low} to {high}.")
    return value


def _players(players: int, low: int, high: int) -> None:
    if not low <= players <= high:
        raise RuleError("BAD_PLAYER_COUNT", f"This game takes {low} to {high} players.")


def _winners(scores: list[int]) -> tuple[int, ...]:
    best = max(scores)
    return tuple(seat for seat, score in enumerate(scores) if score == best)


class Highest:
    name = HIGHEST
    title = "Highest Number (test)"
    min_players = 2
    max_players = 4

    def new_game(
        self, seed: int, players: int, options: Mapping[str, Any]
    ) -> tuple[State, list[GeniusEvent]]:
        rounds = _options(options, "rounds", 1, 50, 3)
        _players(players, self.min_players, self.max_players)
        rng = Rng(seed)
        lucky = [rng.below(10) for _ in range(players)]
        state = {"rounds": rounds, "round": 1, "scores": [0] * players, "lucky": lucky, "history": []}
        events = [GeniusEvent("highest.dealt", {"seat": s, "lucky": n}, (s,)) for s, n in enumerate(lucky)]
        return state, events

    def options_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {"rounds": {"type": "integer", "minimum": 1, "maximum": 50, "default": 3}},
            "additionalProperties": False,
        }

    def awaiting(self, state: State) -> list[int]:
        return [] if state["round"] > state["rounds"] else list(range(len(state["scores"])))

    def legal_actions(self, state: State, seat: int) -> dict[str, Any]:
        return {"numbers": list(range(10))} if seat in self.awaiting(state) else {}

    def check_action(self, state: State, seat: int, action: Mapping[str, Any]) -> Action:
        if seat not in self.awaiting(state):
            raise RuleError("NOT_YOUR_TURN", "The round does not wait for you.")
        number = action.get("number")
        if set(action) != {"number"} or not isinstance(number, int) or not 0 <= number <= 9:
            raise RuleError(
                "ILLEGAL_ACTION", 'Pick a number from 0 to 9: {"number": n}.', action=dict(action)
            )
        return {"number": number}

    def default_action(self, state: State, seat: int) -> Action:
        return {"number": 0}

    def resolve(
        self, state: State, actions: Mapping[int, Action], rng: Rng
    ) -> tuple[State, list[GeniusEvent]]:
        picks = [actions[seat]["number"] for seat in range(len(state["scores"]))]
        winners = list(_winners(picks))
        scores = [score + (1 if seat in winners else 0) for seat, score in enumerate(state["scores"])]
        roll = rng.below(1000)
        new = {**state, "round": state["round"] + 1, "scores": scores, "history": [*state["history"], picks]}
        events = [GeniusEvent("highest.round", {"round": state["round"], "picks": picks, "winners": winners})]
        events += [
            GeniusEvent("highest.note", {"seat": seat, "roll": roll + seat}, (seat,))
            for seat in range(len(picks))
        ]
        return new, events

    def view(self, state: State, seat: int | None) -> dict[str, Any]:
        shown = {key: state[key] for key in ("rounds", "round", "scores", "history")}
        if seat is not None:
            shown["lucky"] = state["lucky"][seat]
        return shown

    def outcome(self, state: State) -> Outcome | None:
        if state["round"] <= state["rounds"]:
            return None
        return Outcome(tuple(float(s) for s in state["scores"]), _winners(state["scores"]))


class Countdown:
    name = COUNTDOWN
    title = "Countdown (test)"
    min_players = 2
    max_players = 3

    def new_game(
        self, seed: int, players: int, options: Mapping[str, Any]
    ) -> tuple[State, list[GeniusEvent]]:
        start = _options(options, "start", 1, 30, 5)
        _players(players, self.min_players, self.max_players)
        return {"pile": start, "turn": 0, "players": players, "winner": None}, []

    def options_schema(self) -> dict[str, Any]:
        return {"type": "object", "properties": {"start": {"type": "integer", "default": 5}}}

    def awaiting(self, state: State) -> list[int]:
        return [] if state["winner"] is not None else [state["turn"]]

    def legal_actions(self, state: State, seat: int) -> dict[str, Any]:
        return {"take": [n for n in (1, 2) if n <= state["pile"]]} if seat in self.awaiting(state) else {}

    def check_action(self, state: State, seat: int, action: Mapping[str, Any]) -> Action:
        if seat not in self.awaiting(state):
            raise RuleError("NOT_YOUR_TURN", "It is not your turn.")
        take = action.get("take")
        if take not in self.legal_actions(state, seat)["take"]:
            raise RuleError("ILLEGAL_ACTION", "Take 1 or 2 stones, no more than the pile holds.")
        return {"take": take}

    def default_action(self, state: State, seat: int) -> Action:
        return {"take": 1}

    def resolve(
        self, state: State, actions: Mapping[int, Action], rng: Rng
    ) -> tuple[State, list[GeniusEvent]]:
        seat = state["turn"]
        pile = state["pile"] - actions[seat]["take"]
        winner = seat if pile == 0 else None
        new = {**state, "pile": pile, "turn": (seat + 1) % state["players"], "winner": winner}
        return new, [
            GeniusEvent("countdown.took", {"seat": seat, "take": actions[seat]["take"], "pile": pile})
        ]

    def view(self, state: State, seat: int | None) -> dict[str, Any]:
        return {"pile": state["pile"], "turn": state["turn"]}

    def outcome(self, state: State) -> Outcome | None:
        winner = state["winner"]
        if winner is None:
            return None
        return Outcome(tuple(1.0 if s == winner else 0.0 for s in range(state["players"])), (winner,))


class ToyBot:
    def __init__(self, game: str, strategy: str, description: str, choose: Any) -> None:
        self.game = game
        self.strategy = strategy
        self.description = description
        self._choose = choose

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        chosen: Action = self._choose(view, legal, rng)
        return chosen


def _broken(view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
    raise RuntimeError("this bot always fails")


def _peeking(view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
    """Plays its own lucky number: the view it is handed is its seat's."""
    return {"number": view["lucky"]}


BOTS = [
    ToyBot(
        HIGHEST, "random", "Any number.", lambda view, legal, rng: {"number": rng.choice(legal["numbers"])}
    ),
    ToyBot(HIGHEST, "nine", "Always 9.", lambda view, legal, rng: {"number": 9}),
    ToyBot(HIGHEST, "lucky", "Its own lucky number.", _peeking),
    ToyBot(HIGHEST, "broken", "Raises every time.", _broken),
    ToyBot(HIGHEST, "cheat", "Picks 99.", lambda view, legal, rng: {"number": 99}),
    ToyBot(
        COUNTDOWN, "random", "Any legal take.", lambda view, legal, rng: {"take": rng.choice(legal["take"])}
    ),
]


@contextmanager
def registered() -> Iterator[None]:
    """The toy games and bots in the registry, for the block only."""
    registry.all_games()  # the shipped games first, so loading them later cannot clash
    games = [registry.register_game(Highest()), registry.register_game(Countdown())]
    bots = [registry.register_bot(bot) for bot in BOTS]
    try:
        yield
    finally:
        for game in games:
            registry.GAMES.pop(game.name, None)
        for bot in bots:
            registry.BOTS.pop((bot.game, bot.strategy), None)
