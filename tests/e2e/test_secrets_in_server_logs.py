"""A real `goldbox serve` keeps secrets out of its log too, uvicorn's own lines included.

The in-process scan (tests/integration/auth/test_secrets_stay_out_of_logs.py) cannot see what
uvicorn logs about connections; this one reads the whole log of a real server process.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
import websockets

from tests.conftest import sqlite_url
from tests.e2e.live_server import LiveServer

pytestmark = pytest.mark.timeout(60)

PASSWORD = "Live-Pa55phrase-Ty62mqv"
WRONG_PASSWORD = "Live-Wrong-Pa55-Bn41zzk"


def call(method: str, **params: Any) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}


async def rpc(http: httpx.AsyncClient, method: str, token: str | None = None, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return (await http.post("/rpc", json=call(method, **params), headers=headers)).json()


async def run_session(server: LiveServer) -> dict[str, str]:
    """Log in every way a client can, over HTTP and WebSocket; the secrets used, by label."""
    secrets = {"password": PASSWORD, "wrong password": WRONG_PASSWORD}
    async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
        assert "result" in await rpc(http, "auth.register", username="vera", password=PASSWORD)
        assert "error" in await rpc(http, "auth.login", username="vera", password=WRONG_PASSWORD)
        pair = (await rpc(http, "auth.login", username="vera", password=PASSWORD))["result"]
        secrets["access token"], secrets["refresh token"] = pair["access_token"], pair["refresh_token"]
        key = (await rpc(http, "apikey.create", pair["access_token"], name="bot"))["result"]["key"]
        secrets["api key"] = key
        assert (
            "result" in (await http.post("/rpc", json=call("account.me"), headers={"X-API-Key": key})).json()
        )
        ticket = (await rpc(http, "auth.ws_ticket", pair["access_token"]))["result"]["ticket"]
        secrets["ws ticket"] = ticket
    async with websockets.connect(f"{server.ws_url}?ticket={ticket}") as socket:
        await socket.send(json.dumps(call("account.me")))
        assert "result" in json.loads(await asyncio.wait_for(socket.recv(), 5))
    async with websockets.connect(server.ws_url) as socket:
        await socket.send(json.dumps(call("auth.login", username="vera", password=PASSWORD)))
        secrets["ws access token"] = json.loads(await asyncio.wait_for(socket.recv(), 5))["result"][
            "access_token"
        ]
    return secrets


@pytest.mark.parametrize("level", ["info", "debug"])
async def test_the_server_log_holds_no_secret(tmp_path: Path, level: str) -> None:
    env = {"GOLDBOX_DATABASE_URL": sqlite_url(tmp_path), "GOLDBOX_LOG_LEVEL": level}
    server = LiveServer(env, tmp_path / "server.log").start()
    try:
        secrets = await run_session(server)
    finally:
        server.stop()
        server.kill()
    log = server.log()
    assert "http_request" in log
    assert "server_stopped" in log
    assert leaking_lines(secrets, log) == []


def leaking_lines(secrets: dict[str, str], log: str) -> list[str]:
    """Each log line holding a secret, with the secret replaced by its label (never printed)."""
    return [
        line.replace(secret, f"<{label}>")
        for line in log.splitlines()
        for label, secret in secrets.items()
        if secret in line
    ]
