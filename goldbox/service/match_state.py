"""A Genius match as the service stores it: the rules' state and everything around it.

A match is a row of the `games` table whose kind is `genius.<game>`. Its `state` column holds a
`Match`: the rules' own state (`rules`, None until the match starts), the options it was made with,
who sits in each seat (a person, an agent or a built-in bot), the round being played, the actions
sealed so far this round (kept here, and only here, until the round resolves), when the round opened
and when its players' deadline falls, and once it is over its outcome.

The moment the match clock next has to look at the match (`Match.due`) is also written to the row's
indexed `turn_deadline` column, in the same transaction, so every server process can find the
matches whose round is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from goldbox.game.genius.protocol import Action, Outcome

KIND_PREFIX = "genius."
OPEN, RUNNING, FINISHED = "open", "running", "finished"
HUMAN, AGENT, BOT = "human", "agent", "bot"


def kind_of(game: str) -> str:
    """The `games.kind` of a match of `game`."""
    return f"{KIND_PREFIX}{game}"


def is_match(kind: str) -> bool:
    return kind.startswith(KIND_PREFIX)


@dataclass(slots=True)
class Seat:
    """Who plays a seat: a person or an agent (an account), or a built-in bot (a strategy). A
    person who leaves a running match keeps the seat, which then plays the default action."""

    seat: int
    kind: str
    name: str
    account_id: str | None = None
    strategy: str | None = None
    left: bool = False

    @property
    def plays_by_itself(self) -> bool:
        """The server chooses this seat's actions: a bot, or a person who left."""
        return self.kind == BOT or self.left

    def to_state(self) -> dict[str, Any]:
        return {
            "seat": self.seat,
            "kind": self.kind,
            "name": self.name,
            "account_id": self.account_id,
            "strategy": self.strategy,
            "left": self.left,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Seat:
        return cls(
            int(state["seat"]),
            str(state["kind"]),
            str(state["name"]),
            state.get("account_id"),
            state.get("strategy"),
            bool(state.get("left", False)),
        )


@dataclass(frozen=True, slots=True)
class Entrant:
    """Someone to seat in a new match (`Matches.create_seated`): an account or a bot strategy."""

    kind: str
    name: str
    account_id: str | None = None
    strategy: str | None = None

    @classmethod
    def person(cls, account_id: str, username: str, agent: bool = False) -> Entrant:
        return cls(AGENT if agent else HUMAN, username, account_id=account_id)

    @classmethod
    def bot(cls, strategy: str) -> Entrant:
        return cls(BOT, bot_name(strategy), strategy=strategy)

    def seated(self, seat: int) -> Seat:
        return Seat(seat, self.kind, self.name, self.account_id, self.strategy)


def bot_name(strategy: str) -> str:
    return f"{strategy} (bot)"


@dataclass(slots=True)
class Match:
    """The stored shape of a match (see the module docstring). Decoded for one change, changed in
    place, and encoded again by the transaction that writes it."""

    game: str
    options: dict[str, Any]
    min_players: int
    max_players: int
    round_deadline_s: int
    pace_s: float
    creator: str | None
    tournament_id: str | None = None
    seats: list[Seat] = field(default_factory=list)
    rules: dict[str, Any] | None = None
    round: int = 0
    awaiting: list[int] = field(default_factory=list)
    sealed: dict[int, Action] = field(default_factory=dict)
    opened_at: datetime | None = None
    deadline: datetime | None = None
    outcome: Outcome | None = None
    finished_at: datetime | None = None

    @property
    def status(self) -> str:
        if self.outcome is not None:
            return FINISHED
        return OPEN if self.rules is None else RUNNING

    def seat_of(self, account_id: str) -> Seat | None:
        """The seat the account plays (left or not), if any."""
        return next((s for s in self.seats if s.account_id == account_id), None)

    def accounts_of(self, seats: tuple[int, ...]) -> list[str]:
        """The accounts that play those seats (bots have none), for an event's audience."""
        wanted = set(seats)
        return sorted({s.account_id for s in self.seats if s.seat in wanted and s.account_id})

    def missing(self) -> list[int]:
        """The awaited seats with no sealed action yet this round."""
        return [seat for seat in self.awaiting if seat not in self.sealed]

    def pace_until(self) -> datetime | None:
        if self.opened_at is None:
            return None
        return self.opened_at + timedelta(seconds=self.pace_s)

    def due(self) -> datetime | None:
        """When the match clock must next look at this match: the players' deadline while an
        awaited seat has not acted, once every seat has the end of the round's pace (a round never
        resolves before `opened_at + pace_s`); None when it waits for nothing (not started, over)."""
        if self.status != RUNNING or self.opened_at is None or self.deadline is None:
            return None
        paced = self.opened_at + timedelta(seconds=self.pace_s)
        return max(paced, self.deadline if self.missing() else self.opened_at)

    def to_state(self) -> dict[str, Any]:
        return {
            "game": self.game,
            "options": self.options,
            "min_players": self.min_players,
            "max_players": self.max_players,
            "round_deadline_s": self.round_deadline_s,
            "pace_s": self.pace_s,
            "creator": self.creator,
            "tournament_id": self.tournament_id,
            "seats": [seat.to_state() for seat in self.seats],
            "rules": self.rules,
            "round": self.round,
            "awaiting": list(self.awaiting),
            "sealed": {str(seat): action for seat, action in sorted(self.sealed.items())},
            "opened_at": _moment(self.opened_at),
            "deadline": _moment(self.deadline),
            "outcome": None if self.outcome is None else outcome_json(self.outcome),
            "finished_at": _moment(self.finished_at),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Match:
        outcome = state.get("outcome")
        return cls(
            game=str(state["game"]),
            options=dict(state.get("options") or {}),
            min_players=int(state["min_players"]),
            max_players=int(state["max_players"]),
            round_deadline_s=int(state["round_deadline_s"]),
            pace_s=float(state.get("pace_s", 0.0)),
            creator=state.get("creator"),
            tournament_id=state.get("tournament_id"),
            seats=[Seat.from_state(seat) for seat in state.get("seats", [])],
            rules=state.get("rules"),
            round=int(state.get("round", 0)),
            awaiting=[int(seat) for seat in state.get("awaiting", [])],
            sealed={int(seat): action for seat, action in (state.get("sealed") or {}).items()},
            opened_at=_parse(state.get("opened_at")),
            deadline=_parse(state.get("deadline")),
            outcome=None
            if outcome is None
            else Outcome(tuple(outcome["scores"]), tuple(int(w) for w in outcome["winners"])),
            finished_at=_parse(state.get("finished_at")),
        )


def seated_accounts(state: dict[str, Any]) -> set[str]:
    """The accounts seated in a stored match (left or not), read without decoding the rest."""
    return {seat["account_id"] for seat in state.get("seats", []) if seat.get("account_id")}


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {"scores": list(outcome.scores), "winners": list(outcome.winners)}


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)
