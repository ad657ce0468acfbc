"""Two real `goldbox serve` processes sharing PostgreSQL and Redis: a player subscribed on one sees,
live, the events of a game changed through the other, and resumes after a drop with nothing missed."""

from __future__ import annotations

import asyncio
import itertools
import json
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from tests.e2e.live_server import LiveServer

pytestmark = [pytest.mark.timeout(120), pytest.mark.postgres, pytest.mark.redis]

PASSWORD = "correct horse battery staple"
SEED = 25
WAIT_S = 10.0
_ids = itertools.count(1)


@contextmanager
def two_servers(folder: Path, env: dict[str, str]) -> Iterator[list[LiveServer]]:
    """Started one after the other (each migrates first); always stopped."""
    with ExitStack() as stack:
        servers = []
        for name in ("a", "b"):
            server = LiveServer(env, folder / f"{name}.log")
            stack.callback(server.kill)
            servers.append(server.start())
        yield servers
        for server in servers:
            server.stop()


class Client:
    """One player talking to one server over HTTP."""

    def __init__(self, http: httpx.AsyncClient, server: LiveServer) -> None:
        self.http, self.server, self.token = http, server, ""

    async def call(self, method: str, **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        body = {"jsonrpc": "2.0", "id": next(_ids), "method": method, "params": params}
        reply = (await self.http.post(f"{self.server.url}/rpc", json=body, headers=headers)).json()
        assert "result" in reply, reply
        return reply["result"]

    async def sign_up(self, name: str) -> None:
        await self.call("auth.register", username=name, password=PASSWORD)
        self.token = (await self.call("auth.login", username=name, password=PASSWORD))["access_token"]

    async def character(self, name: str) -> str:
        made = await self.call("character.create", name=name, race="human", **{"class": "fighter"})
        return str(made["info"]["id"])


async def subscribe(client: Client, game_id: str, after_seq: int) -> ClientConnection:
    socket = await websockets.connect(
        client.server.ws_url, additional_headers={"Authorization": f"Bearer {client.token}"}
    )
    await socket.send(
        json.dumps(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "game.subscribe",
                "params": {"game_id": game_id, "after_seq": after_seq},
            }
        )
    )
    return socket


async def events_until(socket: ClientConnection, seq: int) -> list[int]:
    """The seqs of the game.event notifications read until `seq` arrives (or its successor passes)."""
    seen: list[int] = []
    async with asyncio.timeout(WAIT_S):
        while not seen or seen[-1] < seq:
            message = json.loads(await socket.recv())
            if message.get("method") == "game.event":
                seen.append(message["params"]["seq"])
            elif "error" in message:
                raise AssertionError(message)
    return seen


async def test_a_player_on_one_process_sees_the_other_process_players_actions(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    env = {
        "GOLDBOX_DATABASE_URL": postgres_url,
        "GOLDBOX_REDIS_URL": redis_url,
        "GOLDBOX_REDIS_KEY_PREFIX": f"goldbox-e2e-{uuid.uuid4().hex[:8]}",
        "GOLDBOX_SECRET_KEY": "e2e-" + "x" * 40,
        "GOLDBOX_RATE_LIMITS_ENABLED": "false",
        "GOLDBOX_PASSWORD_HASH_MEMORY_KIB": "1024",
        "GOLDBOX_PASSWORD_HASH_TIME_COST": "1",
    }
    with two_servers(tmp_path, env) as (server_a, server_b):
        async with httpx.AsyncClient(timeout=10) as http:
            ada, bob = Client(http, server_a), Client(http, server_b)
            await ada.sign_up("ada")
            await bob.sign_up("bob")
            ada_hero, bob_hero = await ada.character("Ada"), await bob.character("Bob")
            game = await ada.call("game.create", seed=SEED, difficulty=2, depth=2, max_players=2)
            game_id = game["id"]
            await ada.call("game.join", game_id=game_id, character_id=ada_hero)
            joined = await bob.call("game.join", game_id=game_id, character_id=bob_hero)
            version = joined["game"]["version"]

            socket = await subscribe(bob, game_id, version)  # bob listens on B
            try:
                acted = await ada.call(
                    "action.search", game_id=game_id, character_id=ada_hero
                )  # ada acts on A
                last = acted["game"]["version"]
                assert last > version
                assert (await events_until(socket, last))[-1] == last, "ada's action reached bob on B"
            finally:
                await socket.close()

            await ada.call("action.search", game_id=game_id, character_id=ada_hero)  # while bob is away
            now = (await ada.call("action.search", game_id=game_id, character_id=ada_hero))["game"]["version"]
            bob.server = server_a
            socket = await subscribe(bob, game_id, last)  # bob comes back, on A this time
            try:
                resumed = await events_until(socket, now)
                assert resumed == sorted(set(resumed)), "in order, none twice"
                assert resumed[-1] == now
                assert resumed[0] > last
            finally:
                await socket.close()
