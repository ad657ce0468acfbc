"""Multiplayer turns: the server ends an idle or departed player's turn, the monsters play on, and two
server processes sweeping one database end an overdue turn once. Short timers keep these fast."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from goldbox.service.dungeon_run import DungeonRun
from goldbox.service.turn_clock import TURN, awaited_turn
from goldbox.store.game_log import LoggedEvent
from goldbox.store.models import GameRecord
from tests.integration.play.conftest import Database, Player, ok, player, server, services
from tests.integration.play.play_helpers import (
    check_replay,
    log,
    new_character,
    stored,
    walk_to_a_monster,
)
from tests.integration.realtime.conftest import Reader

pytestmark = pytest.mark.timeout(90)

SEED = 25  # as test_play: a dungeon whose monsters are reachable
SHORT_S = 0.3
WAIT_S = 10.0


def _adventure(app: TestClient, name: str = "ada") -> tuple[Player, str, str]:
    """A player, a fighter and a one-player game on a known dungeon."""
    someone = player(app, name)
    hero = new_character(someone, name.title())
    game_id = ok(someone("game.create", seed=SEED, difficulty=2, depth=2, max_players=1))["id"]
    ok(someone("game.join", game_id=game_id, character_id=hero))
    return someone, game_id, hero


def _deadline_column(app: TestClient, game_id: str) -> datetime | None:
    async def read() -> datetime | None:
        async with services(app).sessions() as session:
            found: datetime | None = await session.scalar(
                select(GameRecord.turn_deadline).where(GameRecord.id == game_id)
            )
            return found

    portal = app.portal
    assert portal is not None
    return portal.call(read)


def _wait_for(app: TestClient, game_id: str, found: Callable[[list[LoggedEvent]], bool]) -> list[LoggedEvent]:
    """Poll the game's log until `found` holds (bounded)."""
    give_up = time.monotonic() + WAIT_S
    while True:
        events = log(app, game_id)
        if found(events):
            return events
        assert time.monotonic() < give_up, [e.type for e in events[-20:]]
        time.sleep(0.05)


def _timeouts(events: list[LoggedEvent]) -> list[LoggedEvent]:
    return [event for event in events if event.type == "turn.timed_out"]


def _one_end_per_turn(events: list[LoggedEvent]) -> None:
    """Each turn.timed_out ends the turn last started, and nothing ended that turn before it."""
    started: str | None = None
    for event in events:
        if event.type == "turn.started":
            started = event.data["creature"]
        elif event.type == "turn.timed_out":
            assert started == event.data["creature"], "ended a turn that was not running"
            started = None


# ------------------------------------------------------------------------------------------------ idle
def test_an_idle_players_turn_is_ended_by_the_server_and_the_monsters_play_on(database: Database) -> None:
    with server(database, turn_timeout_s=SHORT_S) as app:
        ada, game_id, hero = _adventure(app)
        with app.websocket_connect("/ws", headers={"Authorization": f"Bearer {ada.token}"}) as socket:
            reader = Reader(socket)
            assert "result" in reader.rpc("game.subscribe", {"game_id": game_id, "after_seq": 0})
            assert walk_to_a_monster(app, game_id, ada, hero)
            pending = stored(app, game_id).state[TURN]
            assert pending["creature"] == hero
            assert _deadline_column(app, game_id) == datetime.fromisoformat(pending["deadline"])
            assert ok(ada("game.state", game_id=game_id))["game"]["turn_deadline"] == pending["deadline"]
            while not any(event["type"] == "turn.timed_out" for event in reader.events):
                reader.read_one()  # published to the watching player (bounded by the test's timeout)
        shown = next(event for event in reader.events if event["type"] == "turn.timed_out")
        assert shown["data"] == {
            "creature": hero,
            "account": shown["data"]["account"],
            "reason": "idle",
            "by": "server",
        }
        events = _wait_for(
            app, game_id, lambda found: len(_timeouts(found)) >= 2 or stored(app, game_id).state["finished"]
        )
        first = next(i for i, event in enumerate(events) if event.type == "turn.timed_out")
        assert events[first].seq == shown["seq"]
        assert events[first + 1].type == "command"
        assert events[first + 1].data["type"] == "EndTurn"
        monsters = {
            cid
            for cid, c in stored(app, game_id).state["adventure"]["scene"]["creatures"].items()
            if c["side"] == "monsters"
        }
        after = events[first + 2 :]
        then = next(
            (i for i, e in enumerate(after) if e.type == "turn.started" and e.data["creature"] == hero),
            len(after),
        )
        assert any(e.type == "ai.decision" and e.data["creature"] in monsters for e in after[:then]), (
            "the monsters played after the turn ended"
        )
        assert all(event.data["creature"] == hero for event in _timeouts(events)), "only a player's turn"
        _one_end_per_turn(events)
        check_replay(app, game_id)


def test_the_timer_never_runs_outside_battle_or_on_a_monsters_turn(database: Database) -> None:
    with server(database, turn_timeout_s=SHORT_S) as app:
        ada, game_id, hero = _adventure(app)
        time.sleep(SHORT_S * 3)
        assert _timeouts(log(app, game_id)) == []
        assert TURN not in stored(app, game_id).state
        assert _deadline_column(app, game_id) is None
        assert ok(ada("game.state", game_id=game_id))["game"]["turn_deadline"] is None
        assert walk_to_a_monster(app, game_id, ada, hero)
        run = DungeonRun.from_state(stored(app, game_id).state)
        combat = run.adventure.combat
        assert combat is not None
        assert awaited_turn(run) is not None
        for index, creature_id in enumerate(combat.order):  # whoever's turn it were, only a player's waits
            combat.turn = index
            waits = awaited_turn(run)
            assert (waits is not None) == (creature_id == hero)
        events = _wait_for(app, game_id, lambda _: stored(app, game_id).state["adventure"]["combat"] is None)
        assert all(event.data["creature"] == hero for event in _timeouts(events))
        assert _deadline_column(app, game_id) is None, "no battle, or the game is over: no deadline"
        assert TURN not in stored(app, game_id).state
        count = len(_timeouts(log(app, game_id)))
        time.sleep(SHORT_S * 3)
        assert len(_timeouts(log(app, game_id))) == count


# ------------------------------------------------------------------------------------------- racing
RACE_TIMEOUT_S = 1.5  # long enough that the turn after the ended one is not overdue too on a busy machine


def test_two_server_processes_end_an_overdue_turn_once(database: Database) -> None:
    with (
        server(database, turn_timeout_s=RACE_TIMEOUT_S) as one,
        server(database, turn_timeout_s=RACE_TIMEOUT_S) as two,
    ):
        sweepers = [services(one).turns, services(two).turns]
        for app, turns in zip((one, two), sweepers, strict=True):
            assert app.portal is not None
            app.portal.call(turns.close)  # swept by hand below, both at once
        ada, game_id, hero = _adventure(one)
        assert walk_to_a_monster(one, game_id, ada, hero)
        time.sleep(RACE_TIMEOUT_S + 0.1)
        with ThreadPoolExecutor(max_workers=2) as pool:
            racing = [
                pool.submit(app.portal.call, turns.sweep)  # type: ignore[union-attr]
                for app, turns in zip((one, two), sweepers, strict=True)
            ]
            ended = [future.result() for future in racing]
        assert sorted(ended) == [0, 1]
        assert len(_timeouts(log(one, game_id))) == 1
        for app, turns in zip((one, two), sweepers, strict=True):
            app.portal.call(turns.start)  # type: ignore[union-attr]
        events = _wait_for(
            one, game_id, lambda found: len(_timeouts(found)) >= 3 or stored(one, game_id).state["finished"]
        )
        _one_end_per_turn(events)
        check_replay(two, game_id)


# --------------------------------------------------------------------------------------- presence
def test_a_player_who_disconnects_is_skipped_after_the_grace(database: Database) -> None:
    with server(database, turn_timeout_s=60.0, turn_grace_s=SHORT_S) as app:
        ada, game_id, hero = _adventure(app)
        assert walk_to_a_monster(app, game_id, ada, hero)
        time.sleep(SHORT_S * 3)
        assert _timeouts(log(app, game_id)) == [], "a player who never watched (HTTP only) has the full time"
        with app.websocket_connect("/ws", headers={"Authorization": f"Bearer {ada.token}"}) as socket:
            reader = Reader(socket)
            assert "result" in reader.rpc("game.subscribe", {"game_id": game_id, "after_seq": 0})
            time.sleep(SHORT_S * 3)
            assert _timeouts(log(app, game_id)) == [], "watching: the full time"
        events = _wait_for(app, game_id, lambda found: bool(_timeouts(found)))
        assert [event.data["reason"] for event in _timeouts(events)] == ["disconnected"]
        if stored(app, game_id).state.get(TURN, {}).get("creature") == hero:  # the next turn is skipped too
            events = _wait_for(app, game_id, lambda found: len(_timeouts(found)) >= 2)
            assert {event.data["reason"] for event in _timeouts(events)} == {"disconnected"}
        _one_end_per_turn(events)
        check_replay(app, game_id)
