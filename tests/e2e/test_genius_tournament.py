"""A round-robin tournament of four bots on a real `goldbox serve`, driven over the WebSocket with
goldbox.client: it plays every pairing by itself, its standings follow from the tables' results,
every match's public events reach a spectator in order, and the bots' ratings move.

On SQLite, and on PostgreSQL with Redis when GOLDBOX_TEST_DATABASE_URL and GOLDBOX_TEST_REDIS_URL
are set (required under CI=true).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from goldbox.client import GoldboxClient
from goldbox.service.game_events import AUDIENCE, EVERYONE
from tests.e2e.game_database import ServerDatabase, read_games
from tests.e2e.live_server import LiveServer

pytestmark = pytest.mark.timeout(180)

PASSWORD = "correct horse battery staple"
BOTS = ["tit_for_tat", "grim_trigger", "pavlov", "random"]
POINTS = {"win": 100, "draw": 30, "loss": 0}
FINISH_WITHIN_S = 90.0


def register(url: str, username: str) -> None:
    body = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "auth.register",
        "params": {"username": username, "password": PASSWORD},
    }
    request = urllib.request.Request(
        f"{url}/rpc", json.dumps(body).encode(), {"content-type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert "result" in json.loads(answer.read())


async def finished_tournament(client: GoldboxClient, tournament_id: str) -> dict[str, Any]:
    """tournament.get until it says finished (bounded)."""
    async with asyncio.timeout(FINISH_WITHIN_S):
        while True:
            tournament: dict[str, Any] = await client.call("tournament.get", {"tournament_id": tournament_id})
            if tournament["status"] == "finished":
                return tournament
            await asyncio.sleep(0.5)


async def public_events(client: GoldboxClient, match_id: str) -> list[Any]:
    """Every event of a finished match a spectator is shown, through the socket's subscription."""
    seen = []
    async with asyncio.timeout(30), client.subscribe(match_id) as events:
        async for event in events:
            seen.append(event)
            if event.type == "match.finished":
                return seen
    raise AssertionError("the stream ended before match.finished")


async def test_a_round_robin_of_four_bots_ranks_them_and_rates_them(
    database: ServerDatabase, tmp_path: Path
) -> None:
    database_url, env = database
    server = LiveServer(env, tmp_path / "server.log").start()
    try:
        register(server.url, "organiser")
        async with GoldboxClient(server.url, username="organiser", password=PASSWORD) as client:
            before = await client.call("rating.list", {"game": "prisoners_dilemma", "limit": 100})
            assert before["entries"] == []
            made = await client.call(
                "tournament.create",
                {
                    "game": "prisoners_dilemma",
                    "format": "round_robin",
                    "entrants": [{"kind": "bot", "strategy": bot} for bot in BOTS],
                    "options": {"max_rounds": 12, "continuation": 0.9},
                },
            )
            tournament = await finished_tournament(client, made["id"])
            matches = [table for round_ in tournament["schedule"] for table in round_["tables"]]
            watched = await public_events(client, matches[0]["match_id"])
            ratings = await client.call("rating.list", {"game": "prisoners_dilemma", "limit": 100})
    finally:
        server.stop()

    pairs = {frozenset(table["entrants"]) for table in matches}
    assert pairs == {frozenset(p) for p in itertools.combinations(range(4), 2)}, "everyone met everyone once"
    assert all(table["status"] == "finished" and len(table["points"]) == 2 for table in matches)

    earned = dict.fromkeys(range(4), 0)
    for table in matches:
        for entrant, points in zip(table["entrants"], table["points"], strict=True):
            earned[entrant] += points
    standings = tournament["standings"]
    assert [row["rank"] for row in standings] == [1, 2, 3, 4]
    assert {row["entrant"]: row["points"] for row in standings} == earned
    for row in standings:
        assert row["wins"] + row["draws"] + row["losses"] == 3
        assert row["points"] == row["wins"] * POINTS["win"] + row["draws"] * POINTS["draw"]
    assert [row["points"] for row in standings] == sorted(earned.values(), reverse=True)
    assert tournament["leader"] == standings[0]["name"]

    _, logged = (await read_games(database_url, [matches[0]["match_id"]]))[matches[0]["match_id"]]
    public = [event for event in logged if event.data.get(AUDIENCE) == [EVERYONE]]
    assert [event.seq for event in watched] == [event.seq for event in public], "in order, none missing"
    assert [event.type for event in watched] == [event.type for event in public]
    assert "round.revealed" not in {event.type for event in watched}, "a spectator sees public events only"

    rated = {entry["strategy"]: entry for entry in ratings["entries"]}
    assert set(rated) == set(BOTS)
    assert all(entry["matches"] == 3 and entry["kind"] == "bot" for entry in rated.values())
    assert all(entry["rd"] < 350 for entry in rated.values()), "every rating grew surer"
    assert any(entry["rating"] != 1500 for entry in rated.values())
