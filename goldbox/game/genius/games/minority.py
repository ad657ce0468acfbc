"""The Minority Game (Challet and Zhang, 1997): an odd number of players choose side A or side B at
once, every round; those who chose the side fewer players chose score a point.

Nobody can win by copying the crowd: if everyone reasoned alike, they would all land in the
majority. What a player can learn from is the public record (each round's head count and winning
side); who chose what stays with the service, which seals the actions until the round resolves.
An odd player count means there is always a strict minority (it may be empty: then nobody scores).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goldbox.game.errors import RuleError
from goldbox.game.genius.bots import minority as minority_bots  # noqa: F401 -- registers the bots
from goldbox.game.genius.options import WholeNumber, check_players, options_schema, read_options
from goldbox.game.genius.protocol import Action, GeniusEvent, Outcome, State
from goldbox.game.genius.registry import register_game
from goldbox.game.rng import Rng

SIDES = ("A", "B")
OPTIONS = (WholeNumber("rounds", "How many rounds the game lasts.", 1, 1000, 20),)


class MinorityGame:
    """The rules: all seats act every round, and the game lasts a fixed number of rounds."""

    name = "minority"
    title = "Minority Game"
    min_players = 3
    max_players = 101

    def new_game(
        self, seed: int, players: int, options: Mapping[str, Any]
    ) -> tuple[State, list[GeniusEvent]]:
        check_players(self.title, self.min_players, self.max_players, players)
        if players % 2 == 0:
            raise RuleError(
                "BAD_PLAYER_COUNT",
                f"The Minority Game needs an odd number of players, so that one side is always the "
                f"minority; got {players}.",
                players=players,
            )
        rounds = read_options(self.title, OPTIONS, options)["rounds"]
        state: State = {"players": players, "rounds": rounds, "scores": [0] * players, "history": []}
        return state, [GeniusEvent("minority.started", {"players": players, "rounds": rounds})]

    def options_schema(self) -> dict[str, Any]:
        return options_schema(OPTIONS)

    def awaiting(self, state: State) -> list[int]:
        return [] if _is_over(state) else list(range(state["players"]))

    def legal_actions(self, state: State, seat: int) -> dict[str, Any]:
        return {"choices": list(SIDES)} if seat in self.awaiting(state) else {}

    def check_action(self, state: State, seat: int, action: Mapping[str, Any]) -> Action:
        if seat not in self.awaiting(state):
            raise RuleError("NOT_YOUR_TURN", "You have no choice to make now.", seat=seat)
        if not isinstance(action, Mapping) or set(action) != {"choice"}:
            raise RuleError("BAD_ACTION", 'An action is {"choice": "A"} or {"choice": "B"}.')
        choice = action["choice"]
        if choice not in SIDES:
            raise RuleError("BAD_CHOICE", f"Choose side A or side B, not {choice!r}.", choice=choice)
        return {"choice": choice}

    def default_action(self, state: State, seat: int) -> Action:
        """A missing seat goes with side A: a fixed rule, so a replay never needs to guess."""
        return {"choice": SIDES[0]}

    def resolve(
        self, state: State, actions: Mapping[int, Action], rng: Rng
    ) -> tuple[State, list[GeniusEvent]]:
        awaited = self.awaiting(state)
        if sorted(actions) != awaited:
            raise RuleError("ACTIONS_MISSING", "Every seat must choose before the round resolves.")
        choices = [self.check_action(state, seat, actions[seat])["choice"] for seat in awaited]
        counts = {side: choices.count(side) for side in SIDES}
        minority = min(SIDES, key=lambda side: counts[side])
        scores = [
            score + (1 if choice == minority else 0)
            for score, choice in zip(state["scores"], choices, strict=True)
        ]
        record = {"round": len(state["history"]) + 1, "counts": counts, "minority": minority}
        new_state = {**state, "scores": scores, "history": [*state["history"], record]}
        return new_state, [GeniusEvent("minority.round", {**record, "scores": list(scores)})]

    def view(self, state: State, seat: int | None) -> dict[str, Any]:
        """Everything here is public; the only secret of a round, who chose what, never enters the
        state after it resolves (the service keeps the sealed actions)."""
        over = _is_over(state)
        public: dict[str, Any] = {
            "game": self.name,
            "players": state["players"],
            "rounds": state["rounds"],
            "round": len(state["history"]) + (0 if over else 1),
            "over": over,
            "history": [dict(record, counts=dict(record["counts"])) for record in state["history"]],
            "scores": list(state["scores"]),
        }
        return public if seat is None else {**public, "you": seat}

    def outcome(self, state: State) -> Outcome | None:
        if not _is_over(state):
            return None
        scores = state["scores"]
        best = max(scores)
        return Outcome(
            scores=tuple(float(score) for score in scores),
            winners=tuple(seat for seat, score in enumerate(scores) if score == best),
        )


def _is_over(state: State) -> bool:
    return bool(len(state["history"]) >= state["rounds"])


MINORITY = register_game(MinorityGame())
