"""JSON-RPC over the WebSocket at /ws: bad frames never end the connection, replies match by id."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient, WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.errors import ErrorCode
from goldbox.api.methods import build_registry
from goldbox.api.models import NoParams, Result
from goldbox.api.registry import Registry
from goldbox.ops.config import Settings
from goldbox.transport.app import create_app
from tests.conftest import make_settings

# A reply that never comes must fail the test, not hang it.
pytestmark = pytest.mark.timeout(15)

WS = "/ws"
SLOW_S = 0.3
MAX_MESSAGE = 2048
PONG = {"pong": True}


def frame(method: str, request_id: Any = None) -> str:
    """A call as a text frame; with no id, a notification."""
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
    if request_id is not None:
        message["id"] = request_id
    return orjson.dumps(message).decode()


def assert_error(reply: Any, code: ErrorCode, request_id: Any) -> dict[str, Any]:
    assert set(reply) == {"jsonrpc", "error", "id"}
    assert (reply["jsonrpc"], reply["id"]) == ("2.0", request_id)
    assert reply["error"]["code"] == code.rpc_code
    data: dict[str, Any] = reply["error"]["data"]
    assert data["code"] == code.name
    assert data["correlation_id"]
    return data


def assert_answers_ping(socket: WebSocketTestSession, request_id: Any = "after") -> None:
    socket.send_text(frame("system.ping", request_id))
    assert socket.receive_json() == {"jsonrpc": "2.0", "result": PONG, "id": request_id}


def receive_by_id(socket: WebSocketTestSession, count: int) -> dict[Any, Any]:
    """Read `count` replies and index them by id, which must all differ."""
    replies = [socket.receive_json() for _ in range(count)]
    indexed = {reply["id"]: reply for reply in replies}
    assert len(indexed) == count
    return indexed


# An app with a slow method, two calls in flight per socket and small messages.
slow_methods = Registry()


class Slept(Result):
    slept_s: float


@slow_methods.method("test.slow", role=None)
async def slow(call: Call, params: NoParams) -> Slept:
    """Sleep a little before answering."""
    await asyncio.sleep(SLOW_S)
    return Slept(slept_s=SLOW_S)


@pytest.fixture
def tight_client(sqlite_settings: Settings) -> Iterator[TestClient]:
    registry = build_registry()
    registry.include(slow_methods)
    settings = make_settings(
        sqlite_settings.database_url, ws_max_in_flight=2, ws_max_message_bytes=MAX_MESSAGE
    )
    with TestClient(create_app(settings, registry)) as test_client:
        yield test_client


BAD_FRAMES = [
    pytest.param("this is not json", errors.PARSE_ERROR, None, id="not-json"),
    pytest.param("[" * 10_000 + "]" * 10_000, errors.PARSE_ERROR, None, id="nested-10000-deep"),
    pytest.param(
        '{"jsonrpc": "1.0", "method": "system.ping", "id": 3}', errors.INVALID_REQUEST, 3, id="jsonrpc-1.0"
    ),
    pytest.param(
        '{"jsonrpc": "2.0", "method": "system.ping", "params": "x", "id": 4}',
        errors.INVALID_REQUEST,
        4,
        id="params-string",
    ),
    pytest.param(
        '{"jsonrpc": "2.0", "method": "system.ping", "id": true}', errors.INVALID_REQUEST, None, id="id-bool"
    ),
    pytest.param("[]", errors.INVALID_REQUEST, None, id="empty-batch"),
    pytest.param(frame("no.such.method", "m"), errors.METHOD_NOT_FOUND, "m", id="unknown-method"),
]


@pytest.mark.parametrize(("text", "code", "request_id"), BAD_FRAMES)
def test_a_bad_frame_gets_its_error_and_the_socket_stays_open(
    client: TestClient, text: str, code: ErrorCode, request_id: Any
) -> None:
    with client.websocket_connect(WS) as socket:
        socket.send_text(text)
        assert_error(socket.receive_json(), code, request_id)
        assert_answers_ping(socket)


def test_a_batch_of_10000_is_too_large(client: TestClient) -> None:
    batch = ",".join(frame("system.ping", n) for n in range(10_000))
    with client.websocket_connect(WS) as socket:
        socket.send_text(f"[{batch}]")
        data = assert_error(socket.receive_json(), errors.BATCH_TOO_LARGE, None)
        assert data["details"] == {"max": 100, "received": 10_000}
        assert_answers_ping(socket)


def test_a_batch_is_one_reply_array(client: TestClient) -> None:
    with client.websocket_connect(WS) as socket:
        socket.send_text(f"[{frame('system.ping', 1)},{frame('system.ping')},{frame('no.such', 2)}]")
        replies = {reply["id"]: reply for reply in socket.receive_json()}
        assert set(replies) == {1, 2}
        assert replies[1]["result"] == PONG
        assert_error(replies[2], errors.METHOD_NOT_FOUND, 2)


def test_a_binary_frame_is_refused_and_the_socket_stays_open(client: TestClient) -> None:
    with client.websocket_connect(WS) as socket:
        socket.send_bytes(frame("system.ping", 1).encode())
        reply = socket.receive_json()
        assert_error(reply, errors.INVALID_REQUEST, None)
        assert "text frames" in reply["error"]["message"]
        assert_answers_ping(socket)


def test_a_message_over_the_limit_closes_the_socket_with_1009(tight_client: TestClient) -> None:
    with tight_client.websocket_connect(WS) as socket:
        socket.send_text(" " * (MAX_MESSAGE + 1))
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_text()
        assert closed.value.code == 1009
    with tight_client.websocket_connect(WS) as fresh:
        assert_answers_ping(fresh)


def test_a_message_at_the_limit_is_answered(tight_client: TestClient) -> None:
    text = frame("system.ping", "x")
    padded = text[:-1] + " " * (MAX_MESSAGE - len(text)) + "}"
    assert len(padded.encode()) == MAX_MESSAGE
    with tight_client.websocket_connect(WS) as socket:
        socket.send_text(padded)
        assert socket.receive_json() == {"jsonrpc": "2.0", "result": PONG, "id": "x"}


def test_pipelined_requests_are_all_answered_by_id(client: TestClient) -> None:
    with client.websocket_connect(WS) as socket:
        for request_id in range(1, 6):
            socket.send_text(frame("system.ping", request_id))
        socket.send_text(frame("system.version", "v"))
        socket.send_text(frame("no.such.method", "n"))
        replies = receive_by_id(socket, 7)
        for request_id in range(1, 6):
            assert replies[request_id]["result"] == PONG
        assert replies["v"]["result"]["name"] == "goldbox"
        assert_error(replies["n"], errors.METHOD_NOT_FOUND, "n")


def test_a_fast_call_is_answered_before_an_earlier_slow_one(tight_client: TestClient) -> None:
    with tight_client.websocket_connect(WS) as socket:
        socket.send_text(frame("test.slow", 1))
        socket.send_text(frame("system.ping", 2))
        assert socket.receive_json() == {"jsonrpc": "2.0", "result": PONG, "id": 2}
        assert socket.receive_json() == {"jsonrpc": "2.0", "result": {"slept_s": SLOW_S}, "id": 1}


def test_calls_past_the_in_flight_limit_wait_their_turn(tight_client: TestClient) -> None:
    started = time.monotonic()
    with tight_client.websocket_connect(WS) as socket:
        for request_id in (1, 2, 3):
            socket.send_text(frame("test.slow", request_id))
        replies = receive_by_id(socket, 3)
    # Two at a time: the third starts only when one of the first two is done.
    assert time.monotonic() - started >= 2 * SLOW_S - 0.05
    for request_id in (1, 2, 3):
        assert replies[request_id]["result"] == {"slept_s": SLOW_S}


def test_notifications_get_no_reply(client: TestClient) -> None:
    with client.websocket_connect(WS) as socket:
        socket.send_text(frame("system.ping"))
        socket.send_text(frame("no.such.method"))
        socket.send_text(f"[{frame('system.ping')},{frame('system.version')}]")
        # The next replies are the pings' own: nothing came for the notifications.
        assert_answers_ping(socket, 1)
        assert_answers_ping(socket, 2)


@pytest.fixture
def impatient_client(sqlite_settings: Settings) -> Iterator[TestClient]:
    """Calls may run 0.1 s: the slow method (0.3 s) always overruns."""
    registry = build_registry()
    registry.include(slow_methods)
    settings = make_settings(sqlite_settings.database_url, request_timeout_s=0.1)
    with TestClient(create_app(settings, registry)) as test_client:
        yield test_client


def test_a_call_past_the_timeout_gets_gbx_timeout_and_the_socket_goes_on(
    impatient_client: TestClient,
) -> None:
    with impatient_client.websocket_connect(WS) as socket:
        started = time.monotonic()
        socket.send_text(frame("test.slow", "late"))
        socket.send_text(frame("system.ping", "quick"))
        replies = receive_by_id(socket, 2)
        waited = time.monotonic() - started
        data = assert_error(replies["late"], errors.REQUEST_TIMEOUT, "late")
        assert data["details"] == {"timeout_s": 0.1}
        assert replies["quick"]["result"] == PONG
        assert waited < SLOW_S, "the slow call must be cut off, not waited for"
        assert_answers_ping(socket)


def test_correlation_ids_name_the_connection_and_count_its_messages(client: TestClient) -> None:
    with client.websocket_connect(WS, headers={"x-request-id": "conn-7"}) as socket:
        for request_id in ("a", "b"):
            socket.send_text(frame("no.such.method", request_id))
        first, second = (socket.receive_json()["error"]["data"]["correlation_id"] for _ in range(2))
    assert sorted([first, second]) == ["conn-7.1", "conn-7.2"]


class Waited(Result):
    gave_up: bool


@slow_methods.method("test.bounded_wait", role=None)
async def bounded_wait(call: Call, params: NoParams) -> Waited:
    """Wait under its own short timeout, as methods with deadlines of their own do."""
    try:
        async with asyncio.timeout(0.05):
            await asyncio.sleep(1)
    except TimeoutError:
        return Waited(gave_up=True)
    return Waited(gave_up=False)


def test_a_timeout_inside_a_method_cancels_only_that_method(tight_client: TestClient) -> None:
    with tight_client.websocket_connect(WS) as socket:
        socket.send_text(frame("test.bounded_wait", "bounded"))
        socket.send_text(frame("test.slow", "slow"))
        socket.send_text(frame("system.ping", "ping"))
        replies = receive_by_id(socket, 3)
        assert replies["bounded"]["result"] == {"gave_up": True}
        assert replies["slow"]["result"] == {"slept_s": SLOW_S}
        assert replies["ping"]["result"] == PONG
        assert_answers_ping(socket)
