"""One account on a real server's WebSocket, for the end-to-end match tests: JSON-RPC calls over
the socket (each reply matched to its call by id, so calls and the events of a subscription may
interleave in any order), and every `game.event` notification kept in arrival order. Every wait is
bounded."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2 as httpx
import websockets
from websockets.asyncio.client import ClientConnection

PASSWORD = "correct horse battery staple"
WAIT_S = 15.0
_ids = itertools.count(1)

Message = dict[str, Any]


def code(reply: Message) -> str:
    """The GBX_* code of an error reply ("" for a result)."""
    return str(reply.get("error", {}).get("data", {}).get("code", ""))


async def sign_up(http: httpx.AsyncClient, url: str, username: str) -> str:
    """Register `username` over HTTP and log in; the access token."""
    for method in ("auth.register", "auth.login"):
        body = {
            "jsonrpc": "2.0",
            "id": next(_ids),
            "method": method,
            "params": {"username": username, "password": PASSWORD},
        }
        reply = (await http.post(f"{url}/rpc", json=body)).json()
        assert "result" in reply, (method, reply)
    token: str = reply["result"]["access_token"]
    return token


@dataclass
class MatchSocket:
    """A WebSocket logged in with `token` (a bearer header on the upgrade)."""

    ws_url: str
    token: str
    events: list[Message] = field(default_factory=list)
    """The params of every `game.event` received, in arrival order."""
    others: list[Message] = field(default_factory=list)
    """Anything else the server sent unasked (resume notices, errors without a call)."""
    _socket: ClientConnection | None = None
    _reader: asyncio.Task[None] | None = None
    _replies: dict[int, asyncio.Future[Message]] = field(default_factory=dict)
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def open(self) -> MatchSocket:
        self._socket = await websockets.connect(
            self.ws_url, additional_headers={"Authorization": f"Bearer {self.token}"}
        )
        self._reader = asyncio.create_task(self._read(self._socket))
        return self

    async def _read(self, socket: ClientConnection) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for text in socket:
                message = json.loads(text)
                waiting = self._replies.pop(message.get("id"), None) if "id" in message else None
                if message.get("method") == "game.event":
                    self.events.append(message["params"])
                    self._arrived.set()
                elif waiting is not None:
                    waiting.set_result(message)
                else:
                    self.others.append(message)

    async def reply(self, method: str, /, **params: Any) -> Message:
        """Call `method` over the socket; its whole reply (a result or an error)."""
        assert self._socket is not None, "open the socket first"
        call_id = next(_ids)
        answered: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        self._replies[call_id] = answered
        await self._socket.send(
            json.dumps({"jsonrpc": "2.0", "id": call_id, "method": method, "params": params})
        )
        async with asyncio.timeout(WAIT_S):
            return await answered

    async def result(self, method: str, /, **params: Any) -> Message:
        """Call `method`; its result (an error fails the test)."""
        answer = await self.reply(method, **params)
        assert "result" in answer, (method, params, answer)
        found: Message = answer["result"]
        return found

    async def refusal(self, method: str, /, **params: Any) -> Message:
        """Call `method`, which must be refused; the error's data (`code`, `details`)."""
        answer = await self.reply(method, **params)
        assert "error" in answer, (method, params, answer)
        data: Message = answer["error"]["data"]
        return data

    async def event(self, wanted: Callable[[Message], bool]) -> Message:
        """The first event received that is `wanted`, waiting for it if need be (bounded)."""
        async with asyncio.timeout(WAIT_S):
            while True:
                found = next((event for event in self.events if wanted(event)), None)
                if found is not None:
                    return found
                self._arrived.clear()
                await self._arrived.wait()

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            await asyncio.wait_for(self._reader, WAIT_S)
