"""The iterated Prisoner's Dilemma, as a round robin: every round each seat chooses, against each
other seat, to cooperate (C) or defect (D), and every pair is paid by the classic table: both
cooperate 3 each (R, the reward), both defect 1 each (P, the punishment), a defector against a
cooperator 5 (T, the temptation) and the cooperator 0 (S, the sucker's payoff).

Defecting pays more in any single round, yet pairs who keep cooperating earn more over many rounds;
that only holds while nobody knows which round is the last (in a known last round, defecting is
free, and the reasoning unravels backwards). So the length is drawn at the start (another round
follows with probability `continuation`, up to `max_rounds`) and kept in the state, out of every
view and event, until the game is over.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goldbox.game.errors import RuleError
from goldbox.game.genius.bots import prisoners_dilemma as pd_bots  # noqa: F401 -- registers the bots
from goldbox.game.genius.options import Chance, WholeNumber, check_players, options_schema, read_options
from goldbox.game.genius.protocol import Action, GeniusEvent, Outcome, State
from goldbox.game.genius.registry import register_game
from goldbox.game.rng import Rng, derive_seed

COOPERATE, DEFECT = "C", "D"
MOVES = (COOPERATE, DEFECT)
TEMPTATION, REWARD, PUNISHMENT, SUCKER = 5, 3, 1, 0
PAYOFF = {
    (COOPERATE, COOPERATE): REWARD,
    (COOPERATE, DEFECT): SUCKER,
    (DEFECT, COOPERATE): TEMPTATION,
    (DEFECT, DEFECT): PUNISHMENT,
}
"""What a seat earns against one opponent: PAYOFF[(its move, the opponent's move)]."""
OPTIONS = (
    Chance("continuation", "The chance that another round follows each round.", 0.95),
    WholeNumber("max_rounds", "The game ends after this many rounds at the latest.", 1, 1000, 200),
)


class PrisonersDilemma:
    """The rules: all seats act every round, for a number of rounds nobody sees in advance."""

    name = "prisoners_dilemma"
    title = "Iterated Prisoner's Dilemma"
    min_players = 2
    max_players = 20

    def new_game(
        self, seed: int, players: int, options: Mapping[str, Any]
    ) -> tuple[State, list[GeniusEvent]]:
        check_players(self.title, self.min_players, self.max_players, players)
        chosen = read_options(self.title, OPTIONS, options)
        continuation, max_rounds = chosen["continuation"], chosen["max_rounds"]
        state: State = {
            "players": players,
            "continuation": continuation,
            "max_rounds": max_rounds,
            "length": draw_length(Rng(derive_seed(seed, self.name, "length")), continuation, max_rounds),
            "history": [],
            "totals": [0] * players,
        }
        started = {"players": players, "continuation": continuation, "max_rounds": max_rounds}
        return state, [GeniusEvent("pd.started", started)]

    def options_schema(self) -> dict[str, Any]:
        return options_schema(OPTIONS)

    def awaiting(self, state: State) -> list[int]:
        return [] if _is_over(state) else list(range(state["players"]))

    def legal_actions(self, state: State, seat: int) -> dict[str, Any]:
        if seat not in self.awaiting(state):
            return {}
        return {"moves": list(MOVES), "opponents": _opponents(state, seat)}

    def check_action(self, state: State, seat: int, action: Mapping[str, Any]) -> Action:
        """`{"moves": {"1": "C", "2": "D"}}`, one move against every opponent; with two players
        `{"move": "C"}` too. The normal form is `moves` with the opponents' seats as string keys."""
        if seat not in self.awaiting(state):
            raise RuleError("NOT_YOUR_TURN", "You have no moves to make now.", seat=seat)
        opponents = [str(other) for other in _opponents(state, seat)]
        if not isinstance(action, Mapping) or len(action) != 1:
            raise RuleError("BAD_ACTION", 'An action is {"moves": {"<seat>": "C" or "D", …}}.')
        if "move" in action and len(opponents) == 1:
            moves: Mapping[Any, Any] = {opponents[0]: action["move"]}
        elif isinstance(action.get("moves"), Mapping):
            moves = action["moves"]
        else:
            raise RuleError(
                "BAD_ACTION", 'An action is {"moves": {"<seat>": "C" or "D", …}}, one per opponent.'
            )
        normal: dict[str, str] = {}
        for key, move in moves.items():
            opponent = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
            if opponent not in opponents:
                raise RuleError("NOT_AN_OPPONENT", f"{key!r} is not an opponent's seat.", opponents=opponents)
            if opponent in normal:
                raise RuleError("BAD_ACTION", f"Two moves against seat {opponent}.", opponent=opponent)
            if move not in MOVES:
                raise RuleError("BAD_MOVE", f"A move is C or D, not {move!r}.", move=move)
            normal[opponent] = move
        missing = [opponent for opponent in opponents if opponent not in normal]
        if missing:
            raise RuleError("MISSING_MOVE", f"Choose a move against seats {missing} too.", missing=missing)
        return {"moves": {opponent: normal[opponent] for opponent in opponents}}

    def default_action(self, state: State, seat: int) -> Action:
        """A missing seat plays tit for tat: it cooperates in the first round, then repeats what each
        opponent last did to it, so an absent player neither exploits nor invites exploitation."""
        last = state["history"][-1]["moves"] if state["history"] else None
        return {
            "moves": {
                str(other): COOPERATE if last is None else last[other][seat]
                for other in _opponents(state, seat)
            }
        }

    def resolve(
        self, state: State, actions: Mapping[int, Action], rng: Rng
    ) -> tuple[State, list[GeniusEvent]]:
        awaited = self.awaiting(state)
        if sorted(actions) != awaited:
            raise RuleError("ACTIONS_MISSING", "Every seat must move before the round resolves.")
        chosen = [self.check_action(state, seat, actions[seat])["moves"] for seat in awaited]
        moves = [
            [None if other == seat else chosen[seat][str(other)] for other in awaited] for seat in awaited
        ]
        payoffs = [
            [
                None if other == seat else PAYOFF[(chosen[seat][str(other)], chosen[other][str(seat)])]
                for other in awaited
            ]
            for seat in awaited
        ]
        totals = [
            total + sum(payoff for payoff in row if payoff is not None)
            for total, row in zip(state["totals"], payoffs, strict=True)
        ]
        record = {"round": len(state["history"]) + 1, "moves": moves, "payoffs": payoffs}
        new_state = {**state, "history": [*state["history"], record], "totals": totals}
        events = [GeniusEvent("pd.round", {**record, "totals": list(totals)})]
        if _is_over(new_state):
            events.append(GeniusEvent("pd.ended", {"rounds": new_state["length"]}))
        return new_state, events

    def view(self, state: State, seat: int | None) -> dict[str, Any]:
        """The public record, which is everything but `length`: the one secret of the game (each
        round's moves are sealed by the service, then public once the round resolves)."""
        over = _is_over(state)
        public: dict[str, Any] = {
            "game": self.name,
            "players": state["players"],
            "continuation": state["continuation"],
            "max_rounds": state["max_rounds"],
            "payoffs": {"T": TEMPTATION, "R": REWARD, "P": PUNISHMENT, "S": SUCKER},
            "round": len(state["history"]) + (0 if over else 1),
            "over": over,
            "history": [
                {
                    "round": record["round"],
                    "moves": [list(row) for row in record["moves"]],
                    "payoffs": [list(row) for row in record["payoffs"]],
                }
                for record in state["history"]
            ],
            "totals": list(state["totals"]),
        }
        return public if seat is None else {**public, "you": seat}

    def outcome(self, state: State) -> Outcome | None:
        if not _is_over(state):
            return None
        totals = state["totals"]
        best = max(totals)
        return Outcome(
            scores=tuple(float(total) for total in totals),
            winners=tuple(seat for seat, total in enumerate(totals) if total == best),
        )


def draw_length(rng: Rng, continuation: float, max_rounds: int) -> int:
    """The game's hidden length: geometric (after each round, another follows with probability
    `continuation`), capped at `max_rounds`."""
    length = 1
    while length < max_rounds and rng.chance(continuation):
        length += 1
    return length


def _is_over(state: State) -> bool:
    return bool(len(state["history"]) >= state["length"])


def _opponents(state: State, seat: int) -> list[int]:
    return [other for other in range(state["players"]) if other != seat]


PRISONERS_DILEMMA = register_game(PrisonersDilemma())
