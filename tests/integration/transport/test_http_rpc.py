"""JSON-RPC over `POST /rpc` through the whole app: bad input never stops the server."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from typing import Any, cast

import orjson
import pytest
import sqlalchemy.exc
from httpx2 import Response
from starlette.testclient import TestClient

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.errors import ErrorCode
from goldbox.api.methods import build_registry
from goldbox.api.methods.system import Pong
from goldbox.api.models import NoParams, Params, Result
from goldbox.api.registry import Registry
from goldbox.ops.config import Settings
from goldbox.transport.app import create_app
from tests.conftest import make_settings

RPC = "/rpc"
JSON = {"content-type": "application/json"}
SECRET = "db password is hunter2"
TIMEOUT_S = 0.2
DEFAULT_MAX_BODY = 1_048_576
FRESH_ID = re.compile(r"[0-9a-f]{32}")


def call(method: str, request_id: Any = 1, **members: Any) -> dict[str, Any]:
    """A JSON-RPC call; `members` adds params or overrides any member."""
    return {"jsonrpc": "2.0", "method": method, "id": request_id, **members}


def post(client: TestClient, body: bytes, headers: dict[str, str] | None = None) -> Response:
    return client.post(RPC, content=body, headers=headers or JSON)


def assert_common_headers(response: Response) -> str:
    """Headers every response carries; return its request id."""
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    request_id = response.headers["x-request-id"]
    assert request_id
    return request_id


def assert_error_object(response: Response, error: Any, code: ErrorCode) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/json"
    assert error["code"] == code.rpc_code
    assert error["data"]["code"] == code.name
    assert error["data"]["correlation_id"] == assert_common_headers(response)
    return cast(dict[str, Any], error["data"])


def rpc_error(response: Response, code: ErrorCode, request_id: Any) -> dict[str, Any]:
    """A JSON-RPC error reply (HTTP 200); return error.data."""
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"jsonrpc", "error", "id"}
    assert (body["jsonrpc"], body["id"]) == ("2.0", request_id)
    return assert_error_object(response, body["error"], code)


def http_error(response: Response, code: ErrorCode) -> dict[str, Any]:
    """An error outside JSON-RPC proper: the code's HTTP status and `{"error": {...}}`; return error.data."""
    assert response.status_code == code.http_status
    body = response.json()
    assert set(body) == {"error"}
    return assert_error_object(response, body["error"], code)


def assert_still_serving(client: TestClient) -> None:
    response = client.post(RPC, json=call("system.ping", "after"))
    assert response.status_code == 200
    assert response.json() == {"jsonrpc": "2.0", "result": {"pong": True}, "id": "after"}
    assert_common_headers(response)


# A registry with methods the real one does not have: typed params, a failure, a slow call.
extra_methods = Registry()


class CountParams(Params):
    count: int


class Counted(Result):
    count: int


@extra_methods.method("test.count", role=None)
async def count(call: Call, params: CountParams) -> Counted:
    """Echo a count."""
    return Counted(count=params.count)


@extra_methods.method("test.crash", role=None)
async def crash(call: Call, params: NoParams) -> Counted:
    """Fail with a bug."""
    raise RuntimeError(SECRET)


@extra_methods.method("test.slow", role=None)
async def slow(call: Call, params: NoParams) -> Counted:
    """Take far longer than the request timeout."""
    await asyncio.sleep(2)
    return Counted(count=0)


def serve_extra_methods(settings: Settings) -> Iterator[TestClient]:
    registry = build_registry()
    registry.include(extra_methods)
    with TestClient(create_app(settings, registry)) as test_client:
        yield test_client


@pytest.fixture
def extra_client(sqlite_settings: Settings) -> Iterator[TestClient]:
    """The app with the extra methods and the default request timeout."""
    yield from serve_extra_methods(sqlite_settings)


@pytest.fixture
def impatient_client(sqlite_settings: Settings) -> Iterator[TestClient]:
    """The app with the extra methods and a request timeout of TIMEOUT_S."""
    yield from serve_extra_methods(make_settings(sqlite_settings.database_url, request_timeout_s=TIMEOUT_S))


BAD_BODIES = [
    pytest.param(
        b'{"jsonrpc": "2.0", "method": "system.ping", "id": 1', errors.PARSE_ERROR, None, id="malformed"
    ),
    pytest.param(b"\xff\xfe", errors.PARSE_ERROR, None, id="invalid-utf8"),
    pytest.param(b"", errors.PARSE_ERROR, None, id="empty-body"),
    pytest.param(("[" * 10_000 + "]" * 10_000).encode(), errors.PARSE_ERROR, None, id="nested-10000-deep"),
    pytest.param(
        orjson.dumps(call("system.ping", 2, jsonrpc="1.0")),
        errors.INVALID_REQUEST,
        2,
        id="jsonrpc-1.0",
    ),
    pytest.param(
        orjson.dumps(call("system.ping", 3, params="yes")), errors.INVALID_REQUEST, 3, id="params-string"
    ),
    pytest.param(
        orjson.dumps(call("system.ping", 4, params={"x": 1})), errors.INVALID_PARAMS, 4, id="params-unknown"
    ),
    pytest.param(orjson.dumps(call("system.ping", True)), errors.INVALID_REQUEST, None, id="id-bool"),
    pytest.param(b"[]", errors.INVALID_REQUEST, None, id="empty-batch"),
    pytest.param(
        orjson.dumps(call("no.such.method", "m")), errors.METHOD_NOT_FOUND, "m", id="unknown-method"
    ),
]


@pytest.mark.parametrize(("body", "code", "request_id"), BAD_BODIES)
def test_bad_input_gets_its_json_rpc_error_and_the_server_keeps_serving(
    client: TestClient, body: bytes, code: ErrorCode, request_id: Any
) -> None:
    rpc_error(post(client, body), code, request_id)
    assert_still_serving(client)


def test_a_batch_of_10000_is_too_large(client: TestClient) -> None:
    batch = [call("system.ping", n) for n in range(10_000)]
    data = rpc_error(client.post(RPC, json=batch), errors.BATCH_TOO_LARGE, None)
    assert data["details"] == {"max": 100, "received": 10_000}
    assert_still_serving(client)


def test_a_batch_is_answered_by_id(client: TestClient) -> None:
    batch = [call("system.ping", 1), {"jsonrpc": "2.0", "method": "system.ping"}, call("no.such", 2)]
    response = client.post(RPC, json=batch)
    assert response.status_code == 200
    replies = {reply["id"]: reply for reply in response.json()}
    assert set(replies) == {1, 2}
    assert replies[1]["result"] == {"pong": True}
    assert replies[2]["error"]["data"]["code"] == errors.METHOD_NOT_FOUND.name


def test_wrong_param_type_names_the_field(extra_client: TestClient) -> None:
    data = rpc_error(
        extra_client.post(RPC, json=call("test.count", 5, params={"count": "many"})), errors.INVALID_PARAMS, 5
    )
    assert [detail["path"] for detail in data["details"]] == ["params.count"]
    assert extra_client.post(RPC, json=call("test.count", 6, params=[7])).json()["result"] == {"count": 7}


def test_a_10_mb_body_is_refused_with_413(client: TestClient) -> None:
    response = post(client, b" " * (10 * 1024 * 1024))
    data = http_error(response, errors.BODY_TOO_LARGE)
    assert data["details"] == {"max_bytes": DEFAULT_MAX_BODY}
    assert_still_serving(client)


def test_a_streamed_body_without_a_length_is_refused_once_past_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b" " * 65_536

    response = client.post(RPC, content=chunks(), headers=JSON)
    assert "content-length" not in response.request.headers
    data = http_error(response, errors.BODY_TOO_LARGE)
    assert data["details"] == {"max_bytes": DEFAULT_MAX_BODY}
    assert_still_serving(client)


def test_a_body_at_the_limit_is_read(client: TestClient) -> None:
    message = orjson.dumps(call("system.ping", 1))
    body = message + b" " * (DEFAULT_MAX_BODY - len(message))
    assert post(client, body).json()["result"] == {"pong": True}


@pytest.mark.parametrize(
    "message",
    [
        pytest.param({"jsonrpc": "2.0", "method": "system.ping"}, id="one"),
        pytest.param([{"jsonrpc": "2.0", "method": "system.ping"}] * 3, id="batch"),
        pytest.param({"jsonrpc": "2.0", "method": "no.such.method"}, id="unknown-method"),
    ],
)
def test_notifications_only_get_204_and_no_body(client: TestClient, message: Any) -> None:
    response = client.post(RPC, json=message)
    assert response.status_code == 204
    assert response.content == b""
    assert_common_headers(response)


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain; charset=utf-8",
        "Text/Plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "application/xml",
    ],
)
def test_non_json_media_types_are_refused_with_415(client: TestClient, content_type: str) -> None:
    response = post(client, orjson.dumps(call("system.ping")), {"content-type": content_type})
    data = http_error(response, errors.UNSUPPORTED_MEDIA_TYPE)
    assert data["details"] == {"received": content_type.partition(";")[0].lower()}
    assert_still_serving(client)


@pytest.mark.parametrize(
    "content_type",
    [None, "application/json; charset=utf-8", "application/json-rpc", "application/vnd.x+json"],
)
def test_json_media_types_and_none_are_accepted(client: TestClient, content_type: str | None) -> None:
    headers = {} if content_type is None else {"content-type": content_type}
    response = client.post(RPC, content=orjson.dumps(call("system.ping")), headers=headers)
    assert response.request.headers.get("content-type") == content_type
    assert response.json()["result"] == {"pong": True}


def test_get_on_rpc_is_405(client: TestClient) -> None:
    data = http_error(client.get(RPC), errors.HTTP_METHOD_NOT_ALLOWED)
    assert data["details"] == {"path": RPC}
    assert_still_serving(client)


def test_405_names_the_allowed_method(client: TestClient) -> None:
    # RFC 9110 section 15.5.6: a 405 response MUST carry an Allow header.
    response = client.get(RPC)
    assert response.status_code == 405
    assert response.headers.get("allow") == "POST"


def test_an_unknown_path_is_404(client: TestClient) -> None:
    data = http_error(client.post("/no/such/path", json=call("system.ping")), errors.NOT_FOUND)
    assert data["details"] == {"path": "/no/such/path"}
    assert_still_serving(client)


def test_a_sane_request_id_is_echoed_everywhere(client: TestClient) -> None:
    sent = {"X-Request-ID": "client-req_42.a:b"}
    ok = client.post(RPC, json=call("system.ping"), headers=sent)
    assert assert_common_headers(ok) == "client-req_42.a:b"
    failed = post(client, b"{", {**JSON, **sent})
    assert rpc_error(failed, errors.PARSE_ERROR, None)["correlation_id"] == "client-req_42.a:b"


@pytest.mark.parametrize(
    "offered",
    [
        pytest.param("a" * 500, id="500-chars"),
        pytest.param("abc\ndef", id="newline"),
        pytest.param("two words", id="space"),
        pytest.param("", id="empty"),
    ],
)
def test_an_unsafe_request_id_is_replaced_by_a_fresh_one(client: TestClient, offered: str) -> None:
    response = post(client, b"{", {**JSON, "X-Request-ID": offered})
    request_id = rpc_error(response, errors.PARSE_ERROR, None)["correlation_id"]
    assert FRESH_ID.fullmatch(request_id)


def test_each_request_gets_its_own_request_id(client: TestClient) -> None:
    first, second = (assert_common_headers(client.post(RPC, json=call("system.ping"))) for _ in range(2))
    assert FRESH_ID.fullmatch(first)
    assert first != second


def test_a_slow_request_times_out_with_504(impatient_client: TestClient) -> None:
    started = time.monotonic()
    response = impatient_client.post(RPC, json=call("test.slow"))
    assert time.monotonic() - started < 1.5
    data = http_error(response, errors.REQUEST_TIMEOUT)
    assert data["details"] == {"timeout_s": TIMEOUT_S}
    assert_still_serving(impatient_client)


def test_a_failing_method_is_an_internal_error_that_reveals_nothing(extra_client: TestClient) -> None:
    response = extra_client.post(RPC, json=call("test.crash", 9))
    data = rpc_error(response, errors.INTERNAL_ERROR, 9)
    assert data["details"] is None
    for leak in (SECRET, "RuntimeError", "Traceback", ".py"):
        assert leak not in response.text
    assert_still_serving(extra_client)


# ---------------------------------------------------------------------------------- a full pool
pool_methods = Registry()


@pool_methods.method("test.pool_full", role=None)
async def pool_full(call: Call, params: NoParams) -> Pong:
    """Fail as SQLAlchemy does when no pooled connection frees up in time."""
    raise sqlalchemy.exc.TimeoutError("QueuePool limit of size 1 overflow 0 reached")


def test_a_full_database_pool_answers_unavailable_not_internal(sqlite_settings: Settings) -> None:
    registry = build_registry()
    registry.include(pool_methods)
    with TestClient(create_app(sqlite_settings, registry)) as app:
        reply = app.post("/rpc", json={"jsonrpc": "2.0", "method": "test.pool_full", "id": 1})
    assert reply.json()["error"]["data"]["code"] == "GBX_UNAVAILABLE"  # retry later, not a bug
    assert "QueuePool" not in reply.text
