"""WebSocket keep-alive: the server pings, a live client stays, a silent one is dropped."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import websockets

from tests.conftest import sqlite_url
from tests.e2e.live_server import LiveServer

PING_OPCODE = 0x9


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder: Path = tmp_path_factory.mktemp("keepalive")
    env = {
        "GOLDBOX_DATABASE_URL": sqlite_url(folder),
        "GOLDBOX_WS_PING_INTERVAL_S": "0.3",
        "GOLDBOX_WS_PING_TIMEOUT_S": "0.5",
    }
    live = LiveServer(env, folder / "server.log").start()
    yield live
    live.stop()


def open_silent_socket(port: int) -> socket.socket:
    """A WebSocket client that completes the handshake and then never answers anything."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=5)
    key = base64.b64encode(os.urandom(16))
    raw.sendall(
        b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: " + key + b"\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    response = b""
    while b"\r\n\r\n" not in response:
        response += raw.recv(1024)
    assert response.startswith(b"HTTP/1.1 101"), response
    return raw


def opcodes_until_closed(raw: socket.socket, limit_s: float) -> tuple[list[int], bool]:
    """First-byte opcodes of the frames the server sends, and whether it closed the connection."""
    opcodes: list[int] = []
    deadline = time.monotonic() + limit_s
    raw.settimeout(0.5)
    while time.monotonic() < deadline:
        try:
            chunk = raw.recv(1024)
        except TimeoutError:
            continue
        if not chunk:
            return opcodes, True
        opcodes.append(chunk[0] & 0x0F)
    return opcodes, False


def test_a_client_that_stops_answering_pings_is_dropped(server: LiveServer) -> None:
    raw = open_silent_socket(server.port)
    try:
        opcodes, closed = opcodes_until_closed(raw, limit_s=5)
    finally:
        raw.close()
    assert PING_OPCODE in opcodes
    assert closed


async def test_a_client_that_answers_pings_stays_connected(server: LiveServer) -> None:
    async with websockets.connect(server.ws_url) as live_socket:
        await asyncio.sleep(1.5)
        await live_socket.send(json.dumps({"jsonrpc": "2.0", "method": "system.ping", "id": 1}))
        reply = json.loads(await asyncio.wait_for(live_socket.recv(), 5))
        assert reply["result"] == {"pong": True}
        pong_waiter = await live_socket.ping()
        latency = await asyncio.wait_for(pong_waiter, 5)
        assert latency >= 0
