"""Rebuilding an RPG game from its seed and its log: what `goldbox replay` and the tests check.

Only three kinds of logged event change a game: `player.joined` (with the character's sheet),
`player.left` and `command` (the command and the account that gave it); everything else is what
the rules answered. Replaying those through the same `DungeonRun` code gives the stored state again,
byte for byte, or the game has been corrupted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from goldbox.game.rpg.state_codec import load_command, load_creature
from goldbox.service.dungeon_run import DungeonPlan, DungeonRun, new_run
from goldbox.store.game_log import LoggedEvent


def plan_of(state: dict[str, Any]) -> DungeonPlan:
    dungeon = state["dungeon"]
    return DungeonPlan(dungeon["seed"], dungeon["difficulty"], dungeon["depth"], dungeon["max_players"])


def replay(plan: DungeonPlan, events: Iterable[LoggedEvent], to_seq: int | None = None) -> DungeonRun:
    """The game as it stood after event `to_seq` (the end of the log by default)."""
    run = new_run(plan)
    for event in events:
        if to_seq is not None and event.seq > to_seq:
            break
        data = event.data
        if event.type == "player.joined":
            run.join(load_creature(data["sheet"]), data["account"])
        elif event.type == "player.left":
            run.leave(data["character"])
        elif event.type == "command":
            run.act(load_command(data), data["account"])
    return run


def comparable(state: dict[str, Any]) -> dict[str, Any]:
    """A stored state without what the service adds beside the run (the game's creator, and the
    turn timer's pending turn, whose deadline is a moment, not a rule)."""
    return {key: value for key, value in state.items() if key not in ("owner", "turn")}
