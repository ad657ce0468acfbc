"""The turn a game waits for, and until when: what the turn timer keeps beside an RPG game's state.

In a battle the monsters play at once, inside the action that reaches their turn, so a game only
ever waits for a player. `PendingTurn` names that turn (the character, its player, the round and its
place in the order) and its deadline: when the server ends it for an idle player. It is stored in
the game's state under `turn`, and the deadline also in the games table's indexed `turn_deadline`
column, both written in the transaction that reached the turn, so every server process can see which
games are overdue. A player's own command during their turn restarts the clock (they are not idle);
anything else (someone joining, leaving) leaves it running.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from goldbox.game.events import Event
from goldbox.service.dungeon_run import DungeonRun

TURN = "turn"
"""The key of a game's state that holds its `PendingTurn` (absent when it waits for nobody)."""

TurnKey = tuple[str, str, int, int]
"""(character, account, round, place in the order): one turn, distinct from every other."""


@dataclass(frozen=True, slots=True)
class PendingTurn:
    creature: str
    account: str
    round: int
    turn: int
    deadline: datetime

    @property
    def key(self) -> TurnKey:
        return (self.creature, self.account, self.round, self.turn)

    def to_state(self) -> dict[str, Any]:
        return {
            "creature": self.creature,
            "account": self.account,
            "round": self.round,
            "turn": self.turn,
            "deadline": self.deadline.isoformat(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any] | None) -> PendingTurn | None:
        if not state:
            return None
        return cls(
            state["creature"],
            state["account"],
            int(state["round"]),
            int(state["turn"]),
            datetime.fromisoformat(state["deadline"]),
        )


def awaited_turn(run: DungeonRun) -> TurnKey | None:
    """The player's turn the battle waits for; None out of battle, in a finished game, or (never
    seen after an action, since monsters play at once) on a turn no player gives orders for."""
    combat = run.adventure.combat
    if run.finished or combat is None:
        return None
    actor = combat.actor
    if actor is None or actor not in run.adventure.party:
        return None
    player = run.player(actor)
    if player is None:
        return None
    return (actor, player.account_id, combat.round, combat.turn)


def next_pending_turn(
    previous: PendingTurn | None,
    run: DungeonRun,
    events: Sequence[Event],
    now: datetime,
    timeout_s: float,
) -> PendingTurn | None:
    """The pending turn after a change: the same one with the same deadline when the change neither
    moved the battle on nor was the player's own command, otherwise a fresh deadline."""
    key = awaited_turn(run)
    if key is None:
        return None
    acted = any(event.type == "command" for event in events)
    if previous is not None and previous.key == key and not acted:
        return previous
    return PendingTurn(*key, deadline=now + timedelta(seconds=timeout_s))
