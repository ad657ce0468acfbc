"""An AI agent plays a Genius match against a real `goldbox serve`, through goldbox.client only.

The agent's account is made the way an operator makes one (`goldbox admin create-user --role
agent`), its owner mints an API key of role agent, and the agent, authenticated by that key alone,
creates a Prisoner's Dilemma match, seats a `tit_for_tat` bot, starts it and plays every round with
`play_match`. Its outcome must follow from the moves the replay reveals for every round. Then the
example agents run as scripts, as a person would run them, and must finish their matches.

On SQLite, and on PostgreSQL with Redis when GOLDBOX_TEST_DATABASE_URL and GOLDBOX_TEST_REDIS_URL
are set (required under CI=true).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from goldbox.client import GoldboxClient, MatchState, play_match
from goldbox.game.genius.games.prisoners_dilemma import PAYOFF
from tests.e2e.game_database import ServerDatabase
from tests.e2e.live_server import ROOT, LiveServer

pytestmark = pytest.mark.timeout(180)

AGENT = "pd-agent"
PASSWORD = "correct horse battery staple"
SCRIPT_TIMEOUT_S = 120


def create_agent_account(env: dict[str, str]) -> None:
    """`goldbox admin create-user --role agent`, run as an operator would, on the server's database."""
    command = ["admin", "create-user", "--username", AGENT, "--role", "agent", "--password-stdin"]
    made = subprocess.run(
        [sys.executable, "-m", "goldbox", *command],
        cwd=ROOT,
        env={**os.environ, **env},
        input=f"{PASSWORD}\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert "created agent" in made.stdout


async def agent_key(url: str) -> str:
    """The agent's owner logs in and mints an API key of role agent for it."""
    async with GoldboxClient(url, username=AGENT, password=PASSWORD) as owner:
        made = await owner.call("apikey.create", {"name": "pd", "role": "agent"})
    assert made["info"]["role"] == "agent"
    key: str = made["key"]
    return key


def defect_once(state: MatchState) -> dict[str, Any]:
    """Defect in round 1 to test the bot, cooperate after: tit for tat answers D in round 2 only."""
    return {"move": "D" if state.match.round == 1 else "C"}


def run_example(script: str, url: str, key: str, *options: str) -> dict[str, Any]:
    finished = subprocess.run(
        [sys.executable, f"examples/{script}", "--url", url, "--api-key", key, "--json", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT_S,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    summary: dict[str, Any] = json.loads(finished.stdout.strip().splitlines()[-1])
    return summary


async def test_an_agent_plays_a_prisoners_dilemma_to_the_end(
    database: ServerDatabase, tmp_path: Path
) -> None:
    _, env = database
    server = LiveServer(env, tmp_path / "server.log").start()
    try:
        create_agent_account(env)
        key = await agent_key(server.url)
        async with GoldboxClient(server.url, api_key=key) as agent:
            me = await agent.call("account.me")
            assert (me["auth"], me["acting_role"]) == ("api_key", "agent")
            games = {game.name: game for game in await agent.matches.games()}
            assert "tit_for_tat" in {s.strategy for s in games["prisoners_dilemma"].strategies}

            match = await agent.matches.create(
                "prisoners_dilemma", {"max_rounds": 8, "continuation": 0.9}, max_players=2
            )
            assert [(seat.kind, seat.name) for seat in match.seats] == [("agent", AGENT)]
            await agent.matches.add_bot(match.id, "tit_for_tat")
            started = await agent.matches.start(match.id)
            assert started.status == "running"

            played = await play_match(agent, match.id, defect_once, poll_s=10, timeout_s=120)
            replay = await agent.matches.replay(match.id)
    finally:
        server.stop()

    rounds = played.match.round
    assert played.match.finished
    assert played.seat == 0
    assert played.rounds_played == rounds
    assert [r.round for r in replay.rounds] == list(range(1, rounds + 1)), "the replay reveals every round"
    mine = [r.actions[0]["moves"]["1"] for r in replay.rounds]
    bots = [r.actions[1]["moves"]["0"] for r in replay.rounds]
    assert mine == ["D"] + ["C"] * (rounds - 1)
    assert bots == ["C", *mine[:-1]], "tit for tat repeats the agent's last move"
    scores = [
        float(sum(PAYOFF[(a, b)] for a, b in zip(mine, bots, strict=True))),
        float(sum(PAYOFF[(b, a)] for a, b in zip(mine, bots, strict=True))),
    ]
    assert played.outcome.scores == scores
    assert replay.outcome == played.outcome
    assert played.outcome.winners == ([0] if rounds == 1 else [0, 1])


async def test_the_example_agents_finish_their_matches(database: ServerDatabase, tmp_path: Path) -> None:
    _, env = database
    server = LiveServer(env, tmp_path / "server.log").start()
    try:
        create_agent_account(env)
        key = await agent_key(server.url)
        bots = ["--bots", "tit_for_tat,always_defect", "--max-rounds", "12", "--seed", "1"]
        pd = run_example("agent_prisoners_dilemma.py", server.url, key, *bots)
        minority = run_example("agent_minority.py", server.url, key, "--rounds", "12", "--seed", "1")
    finally:
        server.stop()
    for summary, game, players in ((pd, "prisoners_dilemma", 3), (minority, "minority", 5)):
        assert (summary["game"], summary["status"], summary["seat"]) == (game, "finished", 0)
        assert summary["rounds_played"] == summary["rounds"] >= 1
        assert summary["rounds"] <= 12
        assert len(summary["scores"]) == len(summary["seats"]) == players
        assert summary["seats"][0]["kind"] == "agent"
    assert minority["rounds"] == 12
