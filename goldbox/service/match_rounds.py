"""How a match moves on: seats filled, the start, sealed actions, bots, rounds resolved, the end.

`Play` is one change to a match, worked out in memory for the transaction that will write it: it
changes the decoded `Match` in place and collects the events to log, each with its audience (see
`goldbox.service.game_events.AUDIENCE`). It does no I/O and reads no clock: `now` is given, and
every random draw comes from the match's seed, so the same match, actions and moments give the same
events.

A round opens with `round.opened`; the seats the server plays (bots, and people who left) seal their
actions at once. Each sealed action is announced (`round.action_sealed {round, seat}`) but not shown.
Once every awaited seat has sealed, and the round's pace (`pace_s`) has run, the rules resolve the
round with `round_rng(seed, round)` (`goldbox.game.genius.play`, so `play_out` gives the same
events); their events go to the seats they name, the actions to the hidden `round.revealed`
(operators only, until the replay), and the next round opens, or the match ends with
`match.finished`. A round whose players' deadline passed first has its missing
actions filled with the rules' default (`round.defaulted {round, seats}`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import structlog

from goldbox.game.genius.play import bot_rng, round_rng
from goldbox.game.genius.protocol import Action, GeniusEvent, GeniusGame, Outcome
from goldbox.game.genius.registry import bot_named, game_named
from goldbox.service.game_events import AUDIENCE, EVERYONE
from goldbox.service.match_state import BOT, Entrant, Match, Seat, outcome_json
from goldbox.store.game_log import NewEvent

log = structlog.get_logger("goldbox.matches")

MAX_ROUNDS_AT_ONCE = 100
"""Rounds one change resolves at most (a match of bots without a pace runs on its own): the rest are
left due at once, for the match clock, so no transaction grows without bound."""


class Play:
    """One change to a match (see the module docstring)."""

    def __init__(self, match: Match, seed: int, now: datetime, rules: GeniusGame | None = None) -> None:
        self.match = match
        self.seed = seed
        self.now = now
        self.rules = rules if rules is not None else game_named(match.game)
        self.events: list[NewEvent] = []
        self.resolved: list[int] = []
        """The rounds this change resolved, in order."""

    @property
    def finished(self) -> bool:
        """This change ended the match."""
        return any(event.type == "match.finished" for event in self.events)

    # ------------------------------------------------------------------------------- the log
    def _log(self, type_: str, data: dict[str, Any], audience: list[str]) -> None:
        self.events.append(NewEvent(type_, {**data, AUDIENCE: audience}))

    def _public(self, type_: str, data: dict[str, Any]) -> None:
        self._log(type_, data, [EVERYONE])

    def _rules_events(self, events: list[GeniusEvent]) -> None:
        for event in events:
            audience = [EVERYONE] if event.seats is None else self.match.accounts_of(event.seats)
            self._log(event.type, event.data, audience)

    # --------------------------------------------------------------------------- before start
    def seat(self, entrant: Entrant) -> Seat:
        """A new seat, the next one, for `entrant`."""
        seat = entrant.seated(len(self.match.seats))
        self.match.seats.append(seat)
        self._public("match.seated", {"seat": seat.seat, "name": seat.name, "kind": seat.kind})
        return seat

    def unseat(self, seat: Seat) -> None:
        """Free a seat before the start; the seats after it move down one."""
        self.match.seats.remove(seat)
        for number, other in enumerate(self.match.seats):
            other.seat = number
        self._public("match.left", {"seat": seat.seat, "name": seat.name})

    def start(self) -> None:
        """Deal the rules' new game for the seated players and open the first round. RuleError
        (BAD_OPTIONS, BAD_PLAYER_COUNT) when the rules refuse this table."""
        match = self.match
        state, events = self.rules.new_game(self.seed, len(match.seats), match.options)
        match.rules = state
        self._public("match.started", {"seats": [seat.to_state() for seat in match.seats]})
        self._rules_events(events)
        outcome = self.rules.outcome(state)
        if outcome is not None:
            self._finish(outcome)
            return
        self._open_round()
        self.settle()

    # ------------------------------------------------------------------------------- rounds
    def seal(self, seat: int, action: dict[str, Any]) -> Action:
        """A player's action for this round, checked by the rules (RuleError if refused), sealed."""
        assert self.match.rules is not None
        checked = self.rules.check_action(self.match.rules, seat, action)
        self._seal(seat, checked)
        return checked

    def leave(self, seat: Seat) -> None:
        """A player left a running match: their seat plays the default action from now on."""
        seat.left = True
        self._public("match.left", {"seat": seat.seat, "name": seat.name})
        if seat.seat in self.match.missing():
            self._play_for(seat)
        self.settle()

    def ready(self) -> bool:
        """Every awaited seat has sealed, and the round's pace has run."""
        match = self.match
        paced = match.pace_until()
        return (
            match.rules is not None
            and match.outcome is None
            and not match.missing()
            and (paced is None or self.now >= paced)
        )

    def settle(self) -> None:
        """Resolve every round that is ready, opening the next after each (a bounded number)."""
        for _ in range(MAX_ROUNDS_AT_ONCE):
            if not self.ready():
                return
            self._resolve()
            if self.match.outcome is not None:
                return
            self._open_round()

    def close_overdue(self) -> list[int]:
        """At the players' deadline: the missing actions become the rules' defaults, then the round
        resolves (once its pace has run). Returns the seats defaulted."""
        match = self.match
        missing = match.missing()
        if missing and match.rules is not None and match.deadline is not None and self.now >= match.deadline:
            for seat in missing:
                match.sealed[seat] = self.rules.default_action(match.rules, seat)
            self._public("round.defaulted", {"round": match.round, "seats": missing})
        else:
            missing = []
        self.settle()
        return missing

    def _open_round(self) -> None:
        match = self.match
        assert match.rules is not None
        match.round += 1
        match.awaiting = list(self.rules.awaiting(match.rules))
        match.sealed = {}
        match.opened_at = self.now
        match.deadline = self.now + timedelta(seconds=match.round_deadline_s)
        self._public(
            "round.opened",
            {"round": match.round, "awaiting": match.awaiting, "deadline": match.deadline.isoformat()},
        )
        for seat in match.awaiting:
            if match.seats[seat].plays_by_itself:
                self._play_for(match.seats[seat])

    def _play_for(self, seat: Seat) -> None:
        """The server's action for a bot's seat, or a departed player's (the default)."""
        assert self.match.rules is not None
        if seat.kind == BOT and not seat.left and seat.strategy is not None:
            action = self._bot_action(seat.seat, seat.strategy)
        else:
            action = self.rules.default_action(self.match.rules, seat.seat)
        self._seal(seat.seat, action)

    def _bot_action(self, seat: int, strategy: str) -> Action:
        """What the bot chooses from its seat's view, checked by the rules; the default action when
        the bot fails or chooses what the rules refuse (logged)."""
        match = self.match
        assert match.rules is not None
        try:
            bot = bot_named(match.game, strategy)
            chosen = bot.choose(
                self.rules.view(match.rules, seat),
                self.rules.legal_actions(match.rules, seat),
                bot_rng(self.seed, seat, match.round),
            )
            return self.rules.check_action(match.rules, seat, chosen)
        except Exception as failed:  # a bot is not trusted to behave: the match goes on without it
            log.warning(
                "genius_bot_defaulted",
                game=match.game,
                strategy=strategy,
                seat=seat,
                round=match.round,
                error=repr(failed),
            )
            return self.rules.default_action(match.rules, seat)

    def _seal(self, seat: int, action: Action) -> None:
        self.match.sealed[seat] = action
        self._public("round.action_sealed", {"round": self.match.round, "seat": seat})

    def _resolve(self) -> None:
        match = self.match
        assert match.rules is not None
        actions = {seat: match.sealed[seat] for seat in match.awaiting}
        state, events = self.rules.resolve(match.rules, actions, round_rng(self.seed, match.round))
        match.rules = state
        self._rules_events(events)
        self._log(
            "round.revealed",
            {"round": match.round, "actions": {str(seat): action for seat, action in actions.items()}},
            [],
        )
        match.sealed = {}
        self.resolved.append(match.round)
        outcome = self.rules.outcome(state)
        if outcome is not None:
            self._finish(outcome)

    def _finish(self, outcome: Outcome) -> None:
        match = self.match
        match.outcome = outcome
        match.finished_at = self.now
        match.awaiting = []
        match.sealed = {}
        self._public("match.finished", outcome_json(outcome))
