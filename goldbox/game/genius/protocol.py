"""The one protocol every Genius game's rules follow, so the service can run any of them.

A game is played in rounds. Each round the rules name the seats that must act (`awaiting`): all of
them in a simultaneous game (Minority Game), one in a game of turns (Liar's Dice). The service keeps
the actions sealed until every awaited seat has acted or the round's deadline passes (a missing
action becomes `default_action`), then hands them all to `resolve` at once.

Rules are pure: a state is a JSON-ready dict (str keys; str, int, float, bool, None, lists and
dicts), never mutated in place; every random draw comes from the `Rng` passed in. The same seed,
seat count, options and actions give the same states and events, byte for byte. Seats are numbered
0..n-1; who sits in them (a person, a bot, an agent) is the service's business, not the rules'.

Hidden information stays hidden: `view(state, seat)` is what that seat may know, `view(state, None)`
what a spectator may know, and an event names the seats that may see it (`GeniusEvent.seats`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from goldbox.game.rng import Rng

State = dict[str, Any]
"""A game's whole state, hidden parts included: JSON-ready, stored as is."""
Action = dict[str, Any]
"""One seat's action for a round, as JSON: `{"choice": "A"}`, `{"bid": [3, 5]}`, …"""


@dataclass(frozen=True, slots=True)
class GeniusEvent:
    """Something that happened, for the log. `seats` None: public (players and spectators);
    a tuple: only those seats may see it (a player's own dice, a private message)."""

    type: str
    data: dict[str, Any]
    seats: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a finished game ended: every seat's score, and the seats that won (more than one: they
    share the win, which tournaments count as a draw; none: nobody won)."""

    scores: tuple[float, ...]
    winners: tuple[int, ...]


class GeniusGame(Protocol):
    """The rules of one Genius game."""

    name: str
    """Stable id used in the API and the database (`minority`, `prisoners_dilemma`, …)."""
    title: str
    min_players: int
    max_players: int

    def new_game(
        self, seed: int, players: int, options: Mapping[str, Any]
    ) -> tuple[State, list[GeniusEvent]]:
        """A fresh game for `players` seats. Raises RuleError (`BAD_OPTIONS`, `BAD_PLAYER_COUNT`)
        for options or a seat count the game does not allow; unknown options are refused too."""
        ...

    def options_schema(self) -> dict[str, Any]:
        """The options `new_game` accepts, as a JSON Schema object with defaults (for docs and UIs)."""
        ...

    def awaiting(self, state: State) -> list[int]:
        """The seats that must act in the current round, ascending; empty once the game is over."""
        ...

    def legal_actions(self, state: State, seat: int) -> dict[str, Any]:
        """What `seat` may do now, described for a client or a bot (for example
        `{"choices": ["A", "B"]}`); `{}` when the seat is not awaited."""
        ...

    def check_action(self, state: State, seat: int, action: Mapping[str, Any]) -> Action:
        """The action in its normal form, or RuleError (`NOT_YOUR_TURN`, `ILLEGAL_ACTION`, …) when
        `seat` may not do it now. Called when the action is sealed, so a bad one is refused at once."""
        ...

    def default_action(self, state: State, seat: int) -> Action:
        """What an awaited seat does when its action is missing at the deadline."""
        ...

    def resolve(
        self, state: State, actions: Mapping[int, Action], rng: Rng
    ) -> tuple[State, list[GeniusEvent]]:
        """Play the round: `actions` holds exactly the awaited seats' checked actions. Returns the
        new state and what happened (the round's actions revealed, scores, a new round…)."""
        ...

    def view(self, state: State, seat: int | None) -> dict[str, Any]:
        """What `seat` may know of the game (None: a spectator, public information only)."""
        ...

    def outcome(self, state: State) -> Outcome | None:
        """The result once the game is over; None while it goes on."""
        ...


class Bot(Protocol):
    """A built-in strategy: it sees only its seat's view (what a person in that seat would see)
    and what it may do, and draws only from the `rng` it is given."""

    game: str
    strategy: str
    description: str

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        """The bot's action for this round. The bot keeps no memory between calls, so the `rng`
        contract lets it be both fresh and consistent: the service passes
        `Rng(derive_seed(match_seed, "bot", seat), round << 32)`. Its seed is the same at every
        call for that seat of that match, so `rng.fork(name)` (which depends on the seed only) is a
        stream the bot can redraw identically every round (a minority bot's strategy tables); the
        counter differs by round, so drawing from `rng` itself gives fresh randomness each round."""
        ...
