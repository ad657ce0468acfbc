"""The baseline for `bench.rpc_overhead`: the least a Starlette app can do to answer `system.ping`.

It parses the JSON-RPC message (as any real server must) and answers with the same reply goldbox
gives, but has no middleware, no method registry, no validation, no metrics and no logging. The
gap between its throughput and goldbox's is the cost of everything goldbox adds around a call.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect


def pong_reply(raw: bytes | str) -> bytes:
    """The JSON-RPC reply to a ping, echoing the caller's id so clients can match it."""
    message: Any = orjson.loads(raw)
    request_id = message.get("id") if isinstance(message, dict) else None
    return orjson.dumps({"jsonrpc": "2.0", "result": {"pong": True}, "id": request_id})


async def rpc(request: Request) -> Response:
    """`POST /rpc`: one message in, one reply out."""
    return Response(pong_reply(await request.body()), media_type="application/json")


async def ws(websocket: WebSocket) -> None:
    """`/ws`: answer each text frame in turn until the client goes away."""
    await websocket.accept()
    try:
        while True:
            text = await websocket.receive_text()
            await websocket.send_text(pong_reply(text).decode())
    except WebSocketDisconnect:
        return


app = Starlette(routes=[Route("/rpc", rpc, methods=["POST"]), WebSocketRoute("/ws", ws)])
