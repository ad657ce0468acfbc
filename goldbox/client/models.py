"""Typed results of the Genius match methods, mirroring the server's contract (MatchInfo and the rest).

They accept fields the server may add later (a newer server must not break an older agent) and are
frozen: a result is a snapshot of the match at the moment of the reply, not a live object.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MatchStatus = Literal["open", "running", "finished"]


class Snapshot(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Strategy(Snapshot):
    """A built-in bot: `match.add_bot {strategy}` seats one."""

    strategy: str
    description: str = ""


class GeniusGameInfo(Snapshot):
    name: str
    title: str
    min_players: int
    max_players: int
    options_schema: dict[str, Any] = Field(default_factory=dict)
    strategies: list[Strategy] = Field(default_factory=list)


class SeatInfo(Snapshot):
    seat: int
    kind: Literal["human", "agent", "bot"]
    name: str
    account_id: str | None = None
    strategy: str | None = None
    left: bool = False


class Outcome(Snapshot):
    """Every seat's score (by seat number) and the seats that won (several: a shared win)."""

    scores: list[float]
    winners: list[int]


class MatchInfo(Snapshot):
    id: str
    game: str
    title: str
    status: MatchStatus
    options: dict[str, Any] = Field(default_factory=dict)
    min_players: int
    max_players: int
    seats: list[SeatInfo] = Field(default_factory=list)
    creator: str | None = None
    round: int = 0
    """The current round (the last one once finished); 0 before the start."""
    round_deadline: datetime | None = None
    round_deadline_s: int = 30
    pace_s: float = 0.0
    version: int = 0
    """The seq of the match's last event: subscribe after it to see only what comes next."""
    outcome: Outcome | None = None
    tournament_id: str | None = None

    @property
    def finished(self) -> bool:
        return self.status == "finished"


class MatchState(Snapshot):
    """`match.state`: the match, your seat (None for a spectator), what your seat may know (`view`,
    the game's own shape), the seats awaited this round, what you may do (`legal`, empty when
    your seat is not awaited), your sealed action this round, and the seats that have acted."""

    match: MatchInfo
    you: int | None = None
    view: dict[str, Any] = Field(default_factory=dict)
    awaiting: list[int] = Field(default_factory=list)
    legal: dict[str, Any] = Field(default_factory=dict)
    sealed: dict[str, Any] | None = None
    acted: list[int] = Field(default_factory=list)

    @property
    def my_turn(self) -> bool:
        """Your seat is awaited this round and has not acted yet (`legal` is empty otherwise, and
        for a seat that left: the server plays its default action)."""
        return (
            self.match.status == "running"
            and self.you is not None
            and self.you in self.awaiting
            and self.sealed is None
            and bool(self.legal)
        )


class Acted(Snapshot):
    """`match.act`: the round the action counts for, the action as sealed (in its normal form),
    and whether it completed the round (the round then resolved at once)."""

    round: int
    sealed: dict[str, Any]
    resolved: bool
    match: MatchInfo


class ReplayRound(Snapshot):
    round: int
    actions: dict[int, dict[str, Any]]
    """Every awaited seat's action by seat, revealed (defaults for the seats that did not act in time)."""
    events: list[dict[str, Any]] = Field(default_factory=list)
    """The round's events (`{seq, type, data}`), private ones included."""


class Replay(Snapshot):
    """`match.replay`, once the match is over: every round with its actions revealed."""

    match: MatchInfo
    setup: list[dict[str, Any]] = Field(default_factory=list)
    """The rules' events when the game was dealt."""
    rounds: list[ReplayRound]
    outcome: Outcome | None = None


class PlayedMatch(Snapshot):
    """How a match went for the agent that played it with `play_match`."""

    match: MatchInfo
    seat: int | None
    outcome: Outcome
    rounds_played: int = Field(description="Rounds in which this agent sent its own action.")

    @property
    def score(self) -> float | None:
        return None if self.seat is None else self.outcome.scores[self.seat]

    @property
    def won(self) -> bool:
        return self.seat is not None and self.seat in self.outcome.winners
