"""The pending turn: only a player's turn in battle waits, and its clock restarts only when the
battle moves on or the player acts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from goldbox.game.events import Event
from goldbox.game.rpg.combat import Combat
from goldbox.game.rpg.creature import Side
from goldbox.service.dungeon_run import DungeonRun, new_run
from goldbox.service.turn_clock import PendingTurn, awaited_turn, next_pending_turn
from tests.unit.service.test_dungeon_run import PLAN, _hero

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
TIMEOUT_S = 60.0


def _battle() -> tuple[DungeonRun, str, str]:
    run = new_run(PLAN)
    hero = _hero(run)
    monster = next(cid for cid, c in run.adventure.scene.creatures.items() if c.side is Side.MONSTERS)
    run.adventure.combat = Combat(round=1, order=[hero, monster], turn=0)
    return run, hero, monster


def test_no_turn_waits_outside_battle() -> None:
    run = new_run(PLAN)
    _hero(run)
    run.adventure.combat = None
    assert awaited_turn(run) is None
    assert next_pending_turn(None, run, [], NOW, TIMEOUT_S) is None


def test_a_players_turn_waits_with_a_deadline_and_a_monsters_never_does() -> None:
    run, hero, _monster = _battle()
    pending = next_pending_turn(None, run, [], NOW, TIMEOUT_S)
    assert pending == PendingTurn(hero, "account-1", 1, 0, NOW + timedelta(seconds=TIMEOUT_S))
    assert PendingTurn.from_state(pending.to_state()) == pending
    assert run.adventure.combat is not None
    run.adventure.combat.turn = 1
    assert awaited_turn(run) is None
    run.adventure.combat.turn = 0
    run.finished = True
    assert awaited_turn(run) is None


def test_the_clock_restarts_only_when_the_battle_moves_on_or_the_player_acts() -> None:
    run, hero, _monster = _battle()
    first = next_pending_turn(None, run, [], NOW, TIMEOUT_S)
    later = NOW + timedelta(seconds=10)
    someone_joined = [Event("player.joined", {"character": "other"})]
    assert next_pending_turn(first, run, someone_joined, later, TIMEOUT_S) == first
    moved = [Event("command", {"type": "Move"}), Event("creature.moved", {"creature": hero})]
    restarted = next_pending_turn(first, run, moved, later, TIMEOUT_S)
    assert restarted is not None
    assert restarted.deadline == later + timedelta(seconds=TIMEOUT_S)
    assert run.adventure.combat is not None
    run.adventure.combat.round = 2  # the same player's turn in the next round is a new turn
    next_round = next_pending_turn(first, run, [], later, TIMEOUT_S)
    assert next_round is not None
    assert (next_round.round, next_round.deadline) == (2, later + timedelta(seconds=TIMEOUT_S))
