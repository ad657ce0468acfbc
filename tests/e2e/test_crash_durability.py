"""The crash test: scripted players play one game against a real `goldbox serve` that is killed with
SIGKILL at random moments and restarted on the same database. Every action the server acknowledged
must be in the log, the log must have no gap, and `goldbox replay` must rebuild the stored state.

On SQLite always, and on PostgreSQL with Redis when GOLDBOX_TEST_DATABASE_URL and
GOLDBOX_TEST_REDIS_URL are set (required under CI=true). Traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import signal
from pathlib import Path

import pytest

from goldbox.store.game_log import LoggedEvent
from tests.e2e.crash_players import COMMAND_OF, Acknowledged, ScriptedPlayer
from tests.e2e.game_database import ServerDatabase, read_games, replay_command
from tests.e2e.live_server import LiveServer

pytestmark = pytest.mark.timeout(150)

SEED = 6  # the kills' moments and the players' choices
DUNGEON_SEED = 25
PLAYERS = ("ada", "bob", "cyd")
KILLS = 4  # each followed by a restart; one more kill ends the test with the players still acting
PLAY_BETWEEN_KILLS_S = (0.6, 2.4)
AUDIENCE = "audience"


def sigkill(server: LiveServer) -> None:
    assert server.process is not None
    assert server.process.poll() is None, "the server died by itself"
    os.kill(server.process.pid, signal.SIGKILL)
    assert server.process.wait(10) == -signal.SIGKILL


async def crash_repeatedly(
    server: LiveServer, players: list[ScriptedPlayer], rng: random.Random
) -> list[int]:
    """Kill and restart the server KILLS times while the players play, then kill it for good.
    Returns how many actions had been acknowledged at each kill."""
    acknowledged_at_kill: list[int] = []
    for kill in range(KILLS + 1):
        await asyncio.sleep(rng.uniform(*PLAY_BETWEEN_KILLS_S))
        sigkill(server)
        acknowledged_at_kill.append(sum(len(p.acknowledged) for p in players))
        if kill < KILLS:
            await asyncio.to_thread(server.start)
    return acknowledged_at_kill


def check_acknowledged(acknowledged: list[Acknowledged], events: list[LoggedEvent], version: int) -> None:
    """Each acknowledged action is in the log where its reply said: its command first, then the very
    events it was shown; no two acknowledged actions claim the same seq."""
    logged = {event.seq: event for event in events}
    previous_last = 0
    for action in sorted(acknowledged, key=lambda a: a.first_seq):
        assert previous_last < action.first_seq <= action.last_seq <= version, action
        command = logged[action.first_seq]
        assert command.type == "command", action
        assert command.data["type"] == COMMAND_OF[action.method], (action, command)
        assert command.data["params"]["actor"] == action.character_id
        assert command.data["account"] == action.account_id
        for shown in action.shown:
            assert action.first_seq <= shown["seq"] <= action.last_seq, (action, shown)
            stored = logged[shown["seq"]]
            mine = {key: value for key, value in stored.data.items() if key != AUDIENCE}
            assert (stored.type, mine) == (shown["type"], shown["data"]), (action, shown)
        previous_last = action.last_seq


async def test_acknowledged_actions_survive_sigkill_and_the_log_replays(
    database: ServerDatabase, tmp_path: Path
) -> None:
    url, env = database
    rng = random.Random(SEED)
    server = LiveServer(env, tmp_path / "server.log").start()
    stop = asyncio.Event()
    players = [ScriptedPlayer(name, server.url, random.Random(rng.random()), stop) for name in PLAYERS]
    try:
        for someone in players:
            await someone.sign_up()
            await someone.new_character()
        game_id = await players[0].open_game(DUNGEON_SEED, len(players))
        for someone in players:
            await someone.join(game_id)
        playing = [asyncio.create_task(someone.play()) for someone in players]
        try:
            acknowledged_at_kill = await crash_repeatedly(server, players, rng)
        finally:
            stop.set()
            await asyncio.wait_for(asyncio.gather(*playing), 15)
    finally:
        server.kill()
        for someone in players:
            await someone.http.aclose()

    for someone in players:
        assert someone.unexpected == [], (someone.name, someone.unexpected)
    acknowledged = [action for someone in players for action in someone.acknowledged]
    counts = [acknowledged_at_kill[0]] + [b - a for a, b in itertools.pairwise(acknowledged_at_kill)]
    assert all(count > 0 for count in counts), f"every life of the server acknowledged actions: {counts}"
    assert sum(someone.cut_off for someone in players) > 0, (
        "some requests were in flight when the server died"
    )

    game_ids = sorted({g for someone in players for g in someone.games})
    games = await read_games(url, game_ids)
    for game_id, (game, events) in games.items():
        assert [event.seq for event in events] == list(range(1, game.version + 1)), "no gap in the log"
        check_acknowledged([a for a in acknowledged if a.game_id == game_id], events, game.version)
        replayed = await asyncio.to_thread(replay_command, url, game_id)
        assert replayed.returncode == 0, replayed.stderr + replayed.stdout
        assert "the state matches" in replayed.stdout
