"""Playing a Genius game out without a server: the same seeding the service uses, so a match run
here and a match run online with the same seed and actions give the same events.

Seeds: round `r` (the first is 1) resolves with `round_rng(seed, r)`; a bot in seat `s` draws from
`bot_rng(seed, s, r)`, whose seed is the same every round and whose counter is not (the `Bot`
protocol says why). The service calls these two functions, so there is one definition of both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from goldbox.game.genius.protocol import Bot, GeniusEvent, GeniusGame, Outcome, State
from goldbox.game.rng import Rng, derive_seed

MAX_ROUNDS = 100_000
"""A game that has not ended after this many rounds has a bug: `play_out` stops and says so."""


def round_rng(seed: int, round_number: int) -> Rng:
    return Rng(derive_seed(seed, "round", round_number))


def bot_rng(seed: int, seat: int, round_number: int) -> Rng:
    return Rng(derive_seed(seed, "bot", seat), round_number << 32)


@dataclass(slots=True)
class PlayedGame:
    """A game played to its end: every state it passed through and every event, in order."""

    states: list[State] = field(default_factory=list)
    events: list[GeniusEvent] = field(default_factory=list)
    actions: list[dict[int, dict[str, Any]]] = field(default_factory=list)
    outcome: Outcome | None = None


def play_out(
    game: GeniusGame,
    seed: int,
    bots: Sequence[Bot],
    options: Mapping[str, Any] | None = None,
) -> PlayedGame:
    """Play a game with one bot per seat to its end. Each bot sees only its seat's view."""
    state, events = game.new_game(seed, len(bots), options or {})
    played = PlayedGame([state], list(events))
    for round_number in range(1, MAX_ROUNDS + 1):
        if game.outcome(state) is not None:
            break
        awaiting = game.awaiting(state)
        if not awaiting:
            raise RuntimeError(f"{game.name}: nobody is awaited but the game has no outcome")
        actions = {
            seat: game.check_action(
                state,
                seat,
                bots[seat].choose(
                    game.view(state, seat), game.legal_actions(state, seat), bot_rng(seed, seat, round_number)
                ),
            )
            for seat in awaiting
        }
        state, events = game.resolve(state, actions, round_rng(seed, round_number))
        played.states.append(state)
        played.events.extend(events)
        played.actions.append(actions)
    else:
        raise RuntimeError(f"{game.name}: no outcome after {MAX_ROUNDS} rounds")
    played.outcome = game.outcome(state)
    return played
