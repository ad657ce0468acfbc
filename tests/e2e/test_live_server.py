"""A real `goldbox serve` process: HTTP, WebSocket, health, metrics, workers and graceful shutdown."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
import websockets
from websockets.asyncio.client import ClientConnection

from tests.conftest import sqlite_url
from tests.e2e.live_server import LiveServer
from tests.metrics_text import sample

PING = {"jsonrpc": "2.0", "method": "system.ping", "id": 1}


def rpc(method: str, call_id: int | str, **params: Any) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "method": method, "params": params, "id": call_id}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    live = LiveServer({"GOLDBOX_DATABASE_URL": sqlite_url(folder)}, folder / "server.log").start()
    yield live
    live.stop()


async def test_ping_version_and_batch_over_http(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
        reply = await http.post("/rpc", json=PING)
        assert reply.json() == {"jsonrpc": "2.0", "result": {"pong": True}, "id": 1}
        assert reply.headers["x-request-id"]
        batch = await http.post("/rpc", json=[rpc("system.version", 1), rpc("system.ping", 2)])
        assert [item["id"] for item in batch.json()] == [1, 2]
        discover = await http.post("/rpc", json=rpc("rpc.discover", 3))
        assert {"system.ping", "system.version", "rpc.discover"} <= {
            m["name"] for m in discover.json()["result"]["methods"]
        }


async def test_health_and_docs(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
        assert (await http.get("/health/live")).status_code == 200
        ready = await http.get("/health/ready")
        assert (ready.status_code, ready.json()["status"]) == (200, "ready")
        assert (await http.get("/health")).json()["status"] == "healthy"
        docs = await http.get("/api/docs")
        assert docs.status_code == 200
        assert "system.ping" in docs.text
        assert "GBX_INVALID_PARAMS" in docs.text


async def test_bad_input_leaves_the_server_serving(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        headers = {"content-type": "application/json"}
        assert (await http.post("/rpc", content=b"{not json", headers=headers)).json()["error"][
            "code"
        ] == -32700
        too_big = await http.post("/rpc", content=b"[" + b" " * 10_000_000 + b"]", headers=headers)
        assert too_big.status_code == 413
        deep = await http.post("/rpc", content=b"[" * 10_000 + b"]" * 10_000, headers=headers)
        assert deep.json()["error"]["code"] == -32700
    async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
        assert (await http.post("/rpc", json=PING)).json()["result"] == {"pong": True}


async def test_websocket_answers_many_calls_in_flight(server: LiveServer) -> None:
    async with websockets.connect(server.ws_url) as socket:
        for call_id in range(20):
            await socket.send(json.dumps(rpc("system.ping", call_id)))
        await socket.send("not json")
        replies = [json.loads(await asyncio.wait_for(socket.recv(), 5)) for _ in range(21)]
    answered = {reply["id"] for reply in replies if "result" in reply}
    assert answered == set(range(20))
    assert [reply["error"]["code"] for reply in replies if "error" in reply] == [-32700]


async def test_oversized_websocket_message_closes_with_1009(server: LiveServer) -> None:
    async with websockets.connect(server.ws_url, max_size=None) as socket:
        await socket.send("x" * 2_000_000)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 5)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009
    async with websockets.connect(server.ws_url) as socket:
        await socket.send(json.dumps(PING))
        assert json.loads(await asyncio.wait_for(socket.recv(), 5))["result"] == {"pong": True}


async def test_metrics_reflect_traffic(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
        before = (await http.get("/metrics")).text
        for _ in range(3):
            await http.post("/rpc", json=PING)
        after = (await http.get("/metrics")).text
    labels = {"method": "system.ping", "transport": "http", "outcome": "ok"}
    assert (
        sample(after, "goldbox_rpc_call_duration_seconds_count", **labels)
        - sample(before, "goldbox_rpc_call_duration_seconds_count", **labels)
        == 3
    )


def _slow_server(tmp_path: Path, **env: str) -> LiveServer:
    command = [sys.executable, "-m", "tests.e2e.slow_server"]
    settings = {"GOLDBOX_DATABASE_URL": sqlite_url(tmp_path), "GOLDBOX_SHUTDOWN_TIMEOUT_S": "10", **env}
    return LiveServer(settings, tmp_path / "server.log", command=command)


async def _expect_going_away(socket: ClientConnection) -> tuple[list[dict[str, Any]], int | None]:
    pushed: list[dict[str, Any]] = []
    try:
        while True:
            pushed.append(json.loads(await asyncio.wait_for(socket.recv(), 10)))
    except websockets.ConnectionClosed as closed:
        return pushed, closed.rcvd.code if closed.rcvd else None


async def test_sigterm_finishes_requests_in_flight_and_closes_sockets_with_1001(tmp_path: Path) -> None:
    server = _slow_server(tmp_path).start()
    try:
        async with (
            httpx.AsyncClient(base_url=server.url, timeout=15) as http,
            websockets.connect(server.ws_url) as socket,
        ):
            slow_call = asyncio.create_task(http.post("/rpc", json=rpc("test.sleep", 7, seconds=1.5)))
            await asyncio.sleep(0.4)
            server.terminate()
            pushed, close_code = await _expect_going_away(socket)
            reply = await slow_call
        assert close_code == 1001
        assert [message["method"] for message in pushed] == ["system.closing"]
        assert reply.status_code == 200
        assert reply.json() == {"jsonrpc": "2.0", "result": {"slept": 1.5}, "id": 7}
        assert await asyncio.to_thread(server.wait) in (0, -15)
        assert "server_stopped" in server.log()
    finally:
        server.kill()


async def test_two_workers_report_one_set_of_metrics(tmp_path: Path) -> None:
    folder = tmp_path
    server = LiveServer(
        {"GOLDBOX_DATABASE_URL": sqlite_url(folder), "GOLDBOX_WORKERS": "2"}, folder / "server.log"
    ).start()
    try:
        sockets = [await websockets.connect(server.ws_url) for _ in range(6)]
        for _ in range(30):
            async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
                await http.post("/rpc", json=PING)
        scrapes = []
        for _ in range(8):
            async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
                scrapes.append((await http.get("/metrics")).text)
        labels = {"method": "system.ping", "transport": "http", "outcome": "ok"}
        assert {sample(text, "goldbox_rpc_call_duration_seconds_count", **labels) for text in scrapes} == {
            30.0
        }
        assert {sample(text, "goldbox_websocket_connections") for text in scrapes} == {6.0}
        for socket in sockets:
            await socket.close()
    finally:
        server.stop()
        server.kill()
    assert server.log().count("server_started") == 2


@pytest.mark.postgres
@pytest.mark.redis
async def test_serves_on_postgresql_with_redis(tmp_path: Path, postgres_url: str, redis_url: str) -> None:
    env = {"GOLDBOX_DATABASE_URL": postgres_url, "GOLDBOX_REDIS_URL": redis_url}
    server = LiveServer(env, tmp_path / "server.log").start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
            ready = (await http.get("/health/ready")).json()
            assert {c["name"]: c["status"] for c in ready["checks"]} == {
                "database": "pass",
                "migrations": "pass",
                "redis": "pass",
            }
            assert (await http.post("/rpc", json=PING)).json()["result"] == {"pong": True}
        async with websockets.connect(server.ws_url) as socket:
            await socket.send(json.dumps(PING))
            assert json.loads(await asyncio.wait_for(socket.recv(), 5))["result"] == {"pong": True}
    finally:
        server.stop()
        server.kill()


async def test_sigterm_with_two_workers_closes_every_socket_with_1001(tmp_path: Path) -> None:
    env = {"GOLDBOX_DATABASE_URL": sqlite_url(tmp_path), "GOLDBOX_WORKERS": "2"}
    server = LiveServer(env, tmp_path / "server.log").start()
    try:
        sockets = [await websockets.connect(server.ws_url) for _ in range(6)]
        for socket in sockets:
            await socket.send(json.dumps(PING))
            assert json.loads(await asyncio.wait_for(socket.recv(), 5))["result"] == {"pong": True}
        server.terminate()
        endings = await asyncio.gather(*(_expect_going_away(socket) for socket in sockets))
        assert [code for _, code in endings] == [1001] * 6
        assert all([m["method"] for m in pushed] == ["system.closing"] for pushed, _ in endings)
        await asyncio.to_thread(server.wait)
        assert server.log().count("server_stopped") == 2
    finally:
        server.kill()


async def test_websockets_are_served_without_compression_unless_configured(
    server: LiveServer, tmp_path: Path
) -> None:
    async with websockets.connect(server.ws_url, compression="deflate") as socket:
        assert socket.response is not None
        assert "Sec-WebSocket-Extensions" not in socket.response.headers
        await socket.send(json.dumps(PING))
        assert json.loads(await asyncio.wait_for(socket.recv(), 5))["result"] == {"pong": True}
    settings = {"GOLDBOX_DATABASE_URL": sqlite_url(tmp_path), "GOLDBOX_WS_COMPRESSION": "true"}
    compressing = LiveServer(settings, tmp_path / "server.log").start()
    try:
        async with websockets.connect(compressing.ws_url, compression="deflate") as socket:
            assert socket.response is not None
            assert "permessage-deflate" in socket.response.headers.get("Sec-WebSocket-Extensions", "")
    finally:
        compressing.stop()
