"""Consciousness Emergence: the players grow one neural network together on a 19x19 board, each
placing a neuron a round, until the network's consciousness level reaches the target.

Every round all seats act at once: place a neuron of one of five types on an empty square, or
pass. Two or more seats choosing the same square collide and none of them places anything. Links
form by themselves between nearby neurons (`consciousness_network`), and the loops, synchronised
oscillators and integrated assemblies they make raise a shared level in [0, 1)
(`consciousness_level`). The level belongs to everyone; a seat's score is its contribution, the
share of the level its own neurons make. The game ends once the level reaches `target_level`,
when the board is full, or after `max_rounds` rounds; the greatest contribution wins.

Nothing is hidden: the board, the links, the level and every contribution are public; only the
actions of the round being played stay sealed, and the service keeps those.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from goldbox.game.errors import RuleError
from goldbox.game.genius.bots import consciousness_emergence as bots  # noqa: F401 -- registers the bots
from goldbox.game.genius.games.consciousness_level import Measure
from goldbox.game.genius.games.consciousness_memo import mind_after, network_of_state
from goldbox.game.genius.games.consciousness_mind import Mind
from goldbox.game.genius.games.consciousness_network import (
    BOARD_SIZE,
    NEURON_TYPES,
    OSCILLATOR_PERIOD,
    on_board,
    phase_of,
)
from goldbox.game.genius.options import WholeNumber, check_players, options_schema, read_options
from goldbox.game.genius.protocol import Action, GeniusEvent, Outcome, State
from goldbox.game.genius.registry import register_game
from goldbox.game.rng import Rng

NAME = "consciousness_emergence"
TITLE = "Consciousness Emergence"
ACTION_FORMS = '{"place": {"x": 0-18, "y": 0-18, "type": "sensor"|…}} or {"pass": true}'
PASS: Action = {"pass": True}
SCORE_DIGITS = 9
"""Scores are contributions rounded to this many decimals, so float noise cannot split a tie."""


@dataclass(frozen=True, slots=True)
class TargetLevel:
    """The level that ends the game: a number above 0 and at most 1 (the level only nears 1)."""

    name: str = "target_level"
    default: float = 0.8
    description: str = "The consciousness level that ends the game (above 0, at most 1)."

    def schema(self) -> dict[str, Any]:
        return {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 1,
            "default": self.default,
            "description": self.description,
        }

    def read(self, value: Any) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value <= 1:
            raise RuleError("BAD_OPTIONS", f"{TITLE}: {self.name} must be a number above 0 and at most 1.")
        return float(value)


TARGET_LEVEL = TargetLevel()
MAX_ROUNDS = WholeNumber("max_rounds", "Rounds before the game ends whatever the level.", 1, 500, 100)


def read_game_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """`max_rounds` and `target_level`, checked, defaults filled in; RuleError `BAD_OPTIONS`."""
    if not isinstance(options, Mapping):
        raise RuleError("BAD_OPTIONS", f"{TITLE}: options must be a JSON object.")
    others = {name: value for name, value in options.items() if name != TARGET_LEVEL.name}
    chosen = read_options(TITLE, (MAX_ROUNDS,), others)
    chosen[TARGET_LEVEL.name] = TARGET_LEVEL.read(options.get(TARGET_LEVEL.name, TARGET_LEVEL.default))
    return chosen


def read_placement(action: Mapping[str, Any]) -> Action:
    """An action in its normal form, judged on its own (not against the board): RuleError
    `BAD_ACTION` for a malformed one, `BAD_NEURON_TYPE`, `OFF_BOARD`."""
    if not isinstance(action, Mapping) or set(action) not in ({"place"}, {"pass"}):
        raise RuleError("BAD_ACTION", f"An action is {ACTION_FORMS}.")
    if "pass" in action:
        if action["pass"] is not True:
            raise RuleError("BAD_ACTION", f"An action is {ACTION_FORMS}.")
        return dict(PASS)
    place = action["place"]
    if (
        not isinstance(place, Mapping)
        or set(place) != {"x", "y", "type"}
        or not all(isinstance(place[axis], int) and not isinstance(place[axis], bool) for axis in "xy")
    ):
        raise RuleError("BAD_ACTION", f"A placement is {ACTION_FORMS}: whole-number x and y, and a type.")
    x, y, kind = place["x"], place["y"], place["type"]
    if kind not in NEURON_TYPES:
        raise RuleError(
            "BAD_NEURON_TYPE", f"A neuron is one of {', '.join(NEURON_TYPES)}.", type=str(kind)[:40]
        )
    if not on_board(x, y):
        raise RuleError("OFF_BOARD", f"The board's squares run from 0 to {BOARD_SIZE - 1}.", x=x, y=y)
    return {"place": {"x": x, "y": y, "type": kind}}


class ConsciousnessEmergence:
    """The rules: a simultaneous game; every seat places a neuron (or passes) each round."""

    name = NAME
    title = TITLE
    min_players = 2
    max_players = 8

    def new_game(
        self, seed: int, players: int, options: Mapping[str, Any]
    ) -> tuple[State, list[GeniusEvent]]:
        check_players(self.title, self.min_players, self.max_players, players)
        chosen = read_game_options(options)
        state: State = {
            "players": players,
            "options": chosen,
            "round": 1,
            "neurons": [],
            **Mind(players).measure().as_json(),
            "ended": None,
        }
        started = GeniusEvent(
            f"{NAME}.started", {"players": players, "options": dict(chosen), "board_size": BOARD_SIZE}
        )
        return state, [started]

    def options_schema(self) -> dict[str, Any]:
        schema = options_schema((MAX_ROUNDS,))
        schema["properties"][TARGET_LEVEL.name] = TARGET_LEVEL.schema()
        return schema

    def awaiting(self, state: State) -> list[int]:
        return [] if state["ended"] is not None else list(range(state["players"]))

    def legal_actions(self, state: State, seat: int) -> dict[str, Any]:
        """Every empty square (as [x, y], row by row) and every type; passing is always allowed."""
        if seat not in self.awaiting(state):
            return {}
        taken = {(record["x"], record["y"]) for record in state["neurons"]}
        squares = [[x, y] for y in range(BOARD_SIZE) for x in range(BOARD_SIZE) if (x, y) not in taken]
        return {"place": {"squares": squares, "types": list(NEURON_TYPES)}, "pass": True}

    def check_action(self, state: State, seat: int, action: Mapping[str, Any]) -> Action:
        if seat not in self.awaiting(state):
            raise RuleError(
                "NOT_YOUR_TURN", "Every seat acts each round, but only while the game goes on.", seat=seat
            )
        checked = read_placement(action)
        if "place" in checked:
            x, y = checked["place"]["x"], checked["place"]["y"]
            if any(record["x"] == x and record["y"] == y for record in state["neurons"]):
                raise RuleError("SQUARE_TAKEN", f"A neuron already stands on ({x}, {y}).", x=x, y=y)
        return checked

    def default_action(self, state: State, seat: int) -> Action:
        """A seat that does not act passes."""
        return dict(PASS)

    def resolve(
        self, state: State, actions: Mapping[int, Action], rng: Rng
    ) -> tuple[State, list[GeniusEvent]]:
        """Place every neuron whose square no other seat chose this round, then measure the level."""
        for seat in actions:
            if seat not in self.awaiting(state):
                raise RuleError("NOT_YOUR_TURN", "Only awaited seats act.", seat=seat)
        round_number = state["round"]
        chosen = {
            seat: self.check_action(state, seat, actions.get(seat, PASS)) for seat in self.awaiting(state)
        }
        placed, events = _place(chosen, round_number, len(state["neurons"]))
        neurons = [*state["neurons"], *placed]
        measure = mind_after(state["players"], state["neurons"], placed).measure()
        events.append(GeniusEvent(f"{NAME}.measured", {"round": round_number, **measure.as_json()}))
        ended = _ending(state["options"], measure, len(neurons), round_number)
        new_state: State = {
            **state,
            "neurons": neurons,
            **measure.as_json(),
            "round": round_number if ended else round_number + 1,
            "ended": ended,
        }
        if ended:
            outcome = _outcome_of(new_state)
            events.append(
                GeniusEvent(
                    f"{NAME}.ended",
                    {
                        "reason": ended,
                        "round": round_number,
                        "level": measure.level,
                        "scores": list(outcome.scores),
                        "winners": list(outcome.winners),
                    },
                )
            )
        return new_state, events

    def view(self, state: State, seat: int | None) -> dict[str, Any]:
        """Everything: the board, the neurons, their links, the level and every contribution."""
        neurons = state["neurons"]
        tables = network_of_state(state["players"], neurons).links
        rows = [["."] * BOARD_SIZE for _ in range(BOARD_SIZE)]
        for record in neurons:
            rows[record["y"]][record["x"]] = record["type"][0]
        outcome = _outcome_of(state) if state["ended"] else None
        return {
            "game": NAME,
            "players": state["players"],
            "options": dict(state["options"]),
            "round": state["round"],
            "you": seat,
            "board_size": BOARD_SIZE,
            "board": ["".join(row) for row in rows],
            "types": list(NEURON_TYPES),
            "oscillator_period": OSCILLATOR_PERIOD,
            "neurons": [
                {"id": index, **record, "phase": phase_of(record["round"])}
                for index, record in enumerate(neurons)
            ],
            # Network.link_list's order: a table lists its later neighbours last, by id.
            "links": [
                [low, high, strength]
                for low, table in enumerate(tables)
                for high, strength in table.items()
                if low < high
            ],
            "level": state["level"],
            "contributions": list(state["contributions"]),
            "patterns": dict(state["patterns"]),
            "over": state["ended"] is not None,
            "ended": state["ended"],
            "winners": list(outcome.winners) if outcome is not None else None,
        }

    def outcome(self, state: State) -> Outcome | None:
        return _outcome_of(state) if state["ended"] else None


def _place(
    chosen: Mapping[int, Action], round_number: int, next_id: int
) -> tuple[list[dict[str, Any]], list[GeniusEvent]]:
    """The neurons placed this round (in seat order, ids from `next_id`) and the events: passes,
    collisions (nobody gets a square two seats chose), placements."""
    by_square: dict[tuple[int, int], list[int]] = {}
    events: list[GeniusEvent] = []
    for seat in sorted(chosen):
        if "place" in chosen[seat]:
            place = chosen[seat]["place"]
            by_square.setdefault((place["x"], place["y"]), []).append(seat)
        else:
            events.append(GeniusEvent(f"{NAME}.passed", {"round": round_number, "seat": seat}))
    placed: list[dict[str, Any]] = []
    for (x, y), seats in sorted(by_square.items(), key=lambda item: item[1][0]):
        if len(seats) > 1:
            events.append(
                GeniusEvent(
                    f"{NAME}.neuron_collided", {"round": round_number, "x": x, "y": y, "seats": seats}
                )
            )
            continue
        seat = seats[0]
        record = {"x": x, "y": y, "type": chosen[seat]["place"]["type"], "owner": seat, "round": round_number}
        events.append(GeniusEvent(f"{NAME}.neuron_placed", {"id": next_id + len(placed), **record}))
        placed.append(record)
    return placed, events


def _ending(options: Mapping[str, Any], measure: Measure, neurons: int, round_number: int) -> str | None:
    """Why the game ends after this round, or None: the level reached, a full board, the last round."""
    if measure.level >= options["target_level"]:
        return "target_level"
    if neurons >= BOARD_SIZE * BOARD_SIZE:
        return "board_full"
    if round_number >= options["max_rounds"]:
        return "max_rounds"
    return None


def _outcome_of(state: State) -> Outcome:
    """Scores are the contributions; the greatest wins (ties share; with nothing contributed, nobody)."""
    scores = tuple(round(value, SCORE_DIGITS) for value in state["contributions"])
    best = max(scores)
    winners = tuple(seat for seat, score in enumerate(scores) if score == best) if best > 0 else ()
    return Outcome(scores=scores, winners=winners)


CONSCIOUSNESS_EMERGENCE = register_game(ConsciousnessEmergence())
