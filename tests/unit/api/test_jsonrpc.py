"""The JSON-RPC 2.0 engine on its own: bytes in, bytes (or nothing) out, per the spec."""

from __future__ import annotations

import asyncio
import json
from typing import Any, cast

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.api import errors
from goldbox.api.call import Call, Transport
from goldbox.api.errors import ErrorCode, GbxError
from goldbox.api.jsonrpc import Deferred, JsonRpcEngine, _run_at_once
from goldbox.api.methods import system
from goldbox.api.models import NoParams, Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Principal, Role
from goldbox.service.services import Services

MAX_BATCH = 10
CORRELATION_ID = "corr-unit-test"
SECRET = "db password is hunter2"
DEEP_NESTING = ("[" * 10_000 + "]" * 10_000).encode()

test_methods = Registry()


class AddParams(Params):
    a: int
    b: int


class Sum(Result):
    total: int


class Done(Result):
    done: bool = True


class Opaque(Result):
    value: Any


@test_methods.method("test.add", role=None)
async def add(call: Call, params: AddParams) -> Sum:
    """Add two integers."""
    return Sum(total=params.a + params.b)


@test_methods.method("test.missing", role=None, errors=(errors.NOT_FOUND,))
async def missing(call: Call, params: NoParams) -> Done:
    """Always fail with a catalog error."""
    raise GbxError(errors.NOT_FOUND, "There is no game 42.", {"game_id": 42})


@test_methods.method("test.crash", role=None)
async def crash(call: Call, params: NoParams) -> Done:
    """Always fail with a bug."""
    raise RuntimeError(SECRET)


@test_methods.method("test.opaque", role=None)
async def opaque(call: Call, params: NoParams) -> Opaque:
    """Return a value JSON cannot carry (a bug in a method, caught when its result is encoded)."""
    return Opaque(value=object())


@test_methods.method("test.admin_only", role=Role.ADMIN)
async def admin_only(call: Call, params: NoParams) -> Done:
    """Only admins may call this."""
    return Done()


@test_methods.method("test.double", role=None)
def double(call: Call, params: AddParams) -> Sum:
    """Double a sum, without waiting for anything (an instant method)."""
    return Sum(total=2 * (params.a + params.b))


def build_engine() -> JsonRpcEngine:
    registry = Registry()
    registry.include(system.methods)
    registry.include(test_methods)
    return JsonRpcEngine(registry, MAX_BATCH)


ENGINE = build_engine()
# rpc.discover reads the services, which these tests do not have.
METHOD_NAMES = [method.name for method in ENGINE.registry if method.name != "rpc.discover"]


def make_call(principal: Principal | None = None) -> Call:
    # None of the methods used here touch the services.
    return Call(
        services=cast(Services, None),
        transport=Transport.HTTP,
        correlation_id=CORRELATION_ID,
        principal=principal,
    )


async def ask_raw(raw: bytes | str, principal: Principal | None = None) -> Any:
    """Send one raw message; the decoded reply, or None when the engine owes none."""
    reply = await ENGINE.answer(raw, make_call(principal))
    return None if reply is None else orjson.loads(reply)


async def ask(message: Any, principal: Principal | None = None) -> Any:
    return await ask_raw(orjson.dumps(message), principal)


def request(method: str, params: Any = None, request_id: Any = 1) -> dict[str, Any]:
    """A call; `params=None` leaves params out."""
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": request_id}
    if params is not None:
        message["params"] = params
    return message


def notification(method: str, params: Any = None) -> dict[str, Any]:
    message = request(method, params)
    del message["id"]
    return message


def assert_result(reply: Any, result: Any, request_id: Any = 1) -> None:
    assert reply == {"jsonrpc": "2.0", "result": result, "id": request_id}


def assert_error(reply: Any, code: ErrorCode, request_id: Any = 1) -> dict[str, Any]:
    """Check an error reply against its catalog entry; return error.data."""
    assert isinstance(reply, dict)
    assert set(reply) == {"jsonrpc", "error", "id"}
    assert reply["jsonrpc"] == "2.0"
    assert reply["id"] == request_id
    error = reply["error"]
    assert error["code"] == code.rpc_code
    assert isinstance(error["message"], str)
    data = error["data"]
    assert data["code"] == code.name
    assert data["correlation_id"] == CORRELATION_ID
    assert data["hint"] == code.hint
    return cast(dict[str, Any], data)


def failing_paths(data: dict[str, Any]) -> list[str]:
    return [detail["path"] for detail in data["details"]]


def by_id(replies: Any) -> dict[Any, dict[str, Any]]:
    assert isinstance(replies, list)
    indexed = {reply["id"]: reply for reply in replies}
    assert len(indexed) == len(replies), "two replies share an id"
    return indexed


# Single calls and params.


async def test_single_call_gets_its_result_with_the_same_id() -> None:
    assert_result(await ask(request("system.ping", request_id="abc")), {"pong": True}, "abc")


@pytest.mark.parametrize("params", [{"a": 2, "b": 3}, [2, 3], {"b": 3, "a": 2}])
async def test_params_by_name_or_by_position(params: Any) -> None:
    assert_result(await ask(request("test.add", params)), {"total": 5})


@pytest.mark.parametrize("params", [None, {}, []])
async def test_a_method_without_params_takes_none_an_empty_object_or_an_empty_array(params: Any) -> None:
    assert_result(await ask(request("system.ping", params, 7)), {"pong": True}, 7)


@pytest.mark.parametrize("request_id", [0, -3, 2.5, "", "x" * 300, None])
async def test_every_valid_id_comes_back_unchanged(request_id: Any) -> None:
    assert_result(await ask(request("system.ping", request_id=request_id)), {"pong": True}, request_id)


async def test_too_many_positional_params_is_invalid_params() -> None:
    data = assert_error(await ask(request("test.add", [1, 2, 3])), errors.INVALID_PARAMS)
    assert failing_paths(data) == ["params"]


@pytest.mark.parametrize(
    ("params", "paths"),
    [
        pytest.param({"a": "two", "b": 3}, ["params.a"], id="wrong-type-by-name"),
        pytest.param(["two", 3], ["params.a"], id="wrong-type-by-position"),
        pytest.param({"a": 1.5, "b": []}, ["params.a", "params.b"], id="two-wrong-types"),
        pytest.param({"a": 1}, ["params.b"], id="missing"),
        pytest.param([1], ["params.b"], id="missing-by-position"),
        pytest.param({"a": 1, "b": 2, "c": 3}, ["params.c"], id="unknown"),
    ],
)
async def test_params_that_do_not_fit_the_schema_name_each_failing_field(
    params: Any, paths: list[str]
) -> None:
    data = assert_error(await ask(request("test.add", params)), errors.INVALID_PARAMS)
    assert sorted(failing_paths(data)) == paths
    for detail in data["details"]:
        assert set(detail) == {"path", "message", "type"}


# Notifications and batches.


@pytest.mark.parametrize(
    "message",
    [
        pytest.param(notification("system.ping"), id="known-method"),
        pytest.param(notification("no.such.method"), id="unknown-method"),
        pytest.param(notification("test.add", {"a": "x"}), id="invalid-params"),
        pytest.param(notification("test.crash"), id="method-fails"),
        pytest.param(notification("test.admin_only"), id="not-allowed"),
    ],
)
async def test_a_notification_gets_no_reply(message: dict[str, Any]) -> None:
    assert await ask(message) is None


async def test_a_null_id_is_a_call_not_a_notification() -> None:
    assert_result(await ask(request("system.ping", request_id=None)), {"pong": True}, None)


async def test_a_mixed_batch_answers_every_call_and_no_notification() -> None:
    replies = await ask(
        [
            request("system.ping", request_id=1),
            notification("system.ping"),
            {"foo": "boo"},
            request("test.add", {"a": 1, "b": 2}, "two"),
            notification("no.such.method"),
            request("no.such.method", request_id=3),
            42,
        ]
    )
    assert len(replies) == 5
    invalid = [reply for reply in replies if reply["id"] is None]
    assert len(invalid) == 2
    for reply in invalid:
        assert_error(reply, errors.INVALID_REQUEST, None)
    answered = by_id([reply for reply in replies if reply["id"] is not None])
    assert set(answered) == {1, "two", 3}
    assert_result(answered[1], {"pong": True}, 1)
    assert_result(answered["two"], {"total": 3}, "two")
    assert_error(answered[3], errors.METHOD_NOT_FOUND, 3)


async def test_a_batch_of_invalid_items_gets_one_error_each() -> None:
    replies = await ask([1, 2, 3])
    assert len(replies) == 3
    for reply in replies:
        assert_error(reply, errors.INVALID_REQUEST, None)


async def test_a_batch_of_only_notifications_gets_no_reply() -> None:
    assert await ask([notification("system.ping"), notification("no.such.method")]) is None


async def test_an_empty_batch_is_one_invalid_request_not_an_array() -> None:
    assert_error(await ask([]), errors.INVALID_REQUEST, None)


async def test_a_batch_at_the_limit_is_answered() -> None:
    replies = await ask([request("system.ping", request_id=n) for n in range(MAX_BATCH)])
    assert set(by_id(replies)) == set(range(MAX_BATCH))


async def test_a_batch_over_the_limit_is_one_error_naming_the_limit() -> None:
    reply = await ask([request("system.ping", request_id=n) for n in range(MAX_BATCH + 1)])
    data = assert_error(reply, errors.BATCH_TOO_LARGE, None)
    assert reply["error"]["code"] == -32600
    assert data["details"] == {"max": MAX_BATCH, "received": MAX_BATCH + 1}


# Invalid requests and parse errors.


@pytest.mark.parametrize(
    ("message", "reply_id"),
    [
        pytest.param({"jsonrpc": "1.0", "method": "system.ping", "id": 1}, 1, id="jsonrpc-1.0"),
        pytest.param({"jsonrpc": 2.0, "method": "system.ping", "id": 1}, 1, id="jsonrpc-number"),
        pytest.param({"method": "system.ping", "id": 1}, 1, id="jsonrpc-missing"),
        pytest.param({"jsonrpc": "2.0", "id": 1}, 1, id="method-missing"),
        pytest.param({"jsonrpc": "2.0", "method": 42, "id": 1}, 1, id="method-number"),
        pytest.param({"jsonrpc": "2.0", "method": None, "id": 1}, 1, id="method-null"),
        pytest.param({"jsonrpc": "2.0", "method": "", "id": 1}, 1, id="method-empty"),
        pytest.param({"jsonrpc": "2.0", "method": "system.ping", "id": True}, None, id="id-bool"),
        pytest.param({"jsonrpc": "2.0", "method": "system.ping", "id": {"a": 1}}, None, id="id-object"),
        pytest.param({"jsonrpc": "2.0", "method": "system.ping", "id": [1]}, None, id="id-array"),
        pytest.param(request("system.ping", "yes"), 1, id="params-string"),
        pytest.param(request("system.ping", 3), 1, id="params-number"),
        pytest.param(request("system.ping", True), 1, id="params-bool"),
        pytest.param({**request("system.ping"), "params": None}, 1, id="params-null"),
        pytest.param({**request("system.ping"), "extra": 1}, 1, id="unknown-member"),
        pytest.param(42, None, id="number"),
        pytest.param("system.ping", None, id="string"),
        pytest.param(None, None, id="null"),
    ],
)
async def test_an_invalid_request_is_invalid_request_with_the_id_when_it_is_valid(
    message: Any, reply_id: Any
) -> None:
    assert_error(await ask(message), errors.INVALID_REQUEST, reply_id)


async def test_an_invalid_request_without_an_id_is_still_answered() -> None:
    assert_error(await ask({"jsonrpc": "1.0", "method": "system.ping"}), errors.INVALID_REQUEST, None)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b'{"jsonrpc": "2.0", "method": "system.ping", "id": 1', id="truncated"),
        pytest.param(b"{'jsonrpc': '2.0'}", id="single-quotes"),
        pytest.param(b"", id="empty"),
        pytest.param(b"\xff\xfe", id="invalid-utf8"),
        pytest.param(DEEP_NESTING, id="nested-10000-deep"),
        pytest.param(b'{"id": 1e400}', id="infinite-number"),
        pytest.param('{"jsonrpc": "2.0", "method": "system.ping", "id": 1,}', id="str-trailing-comma"),
    ],
)
async def test_what_is_not_json_is_a_parse_error(raw: bytes | str) -> None:
    data = assert_error(await ask_raw(raw), errors.PARSE_ERROR, None)
    assert isinstance(data["details"]["reason"], str)


# Method outcomes and access.


async def test_an_unknown_method_is_method_not_found_with_the_callers_id() -> None:
    data = assert_error(await ask(request("no.such.method", request_id="q")), errors.METHOD_NOT_FOUND, "q")
    assert data["details"] is None


async def test_a_catalog_error_keeps_its_code_message_and_details() -> None:
    reply = await ask(request("test.missing", request_id=9))
    data = assert_error(reply, errors.NOT_FOUND, 9)
    assert reply["error"]["message"] == "There is no game 42."
    assert data["details"] == {"game_id": 42}


async def test_an_unexpected_exception_is_an_internal_error_that_reveals_nothing() -> None:
    raw = await ENGINE.answer(orjson.dumps(request("test.crash", request_id=4)), make_call())
    assert raw is not None
    reply = orjson.loads(raw)
    data = assert_error(reply, errors.INTERNAL_ERROR, 4)
    assert reply["error"]["message"] == errors.INTERNAL_ERROR.message
    assert data["details"] is None
    for leak in (SECRET, "RuntimeError", "Traceback", "test_jsonrpc", ".py"):
        assert leak.encode() not in raw


async def test_a_result_json_cannot_carry_is_an_internal_error_not_an_exception() -> None:
    reply = await ask(request("test.opaque", request_id=8))
    assert_error(reply, errors.INTERNAL_ERROR, 8)


async def test_a_result_json_cannot_carry_does_not_lose_the_rest_of_the_batch() -> None:
    replies = by_id(await ask([request("system.ping"), request("test.opaque", request_id=2)]))
    assert_result(replies[1], {"pong": True})
    assert_error(replies[2], errors.INTERNAL_ERROR, 2)


async def test_an_anonymous_caller_is_unauthenticated_for_a_role_method() -> None:
    data = assert_error(await ask(request("test.admin_only")), errors.UNAUTHENTICATED)
    assert data["details"] == {"required_role": "admin"}


@pytest.mark.parametrize("role", [Role.PLAYER, Role.AGENT])
async def test_a_lesser_role_is_forbidden(role: Role) -> None:
    reply = await ask(request("test.admin_only"), Principal("someone", role))
    data = assert_error(reply, errors.FORBIDDEN)
    assert data["details"] == {"required_role": "admin", "your_role": role.value}


async def test_an_admin_may_call_an_admin_method() -> None:
    assert_result(await ask(request("test.admin_only"), Principal("root", Role.ADMIN)), {"done": True})


async def test_a_public_method_needs_no_principal_but_accepts_one() -> None:
    assert_result(await ask(request("system.ping"), Principal("p", Role.PLAYER)), {"pong": True})


# Properties: whatever arrives, the engine answers with JSON-RPC or with nothing.

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=10), children, max_size=6)
    ),
    max_leaves=25,
)
# Integers JSON carries safely everywhere (I-JSON), so a sum of two stays encodable:
# results past 64 bits have their own test above.
SAFE_INTEGERS = st.integers(min_value=-(2**53), max_value=2**53)
PARAM_VALUES = SAFE_INTEGERS | st.none() | st.booleans() | st.text(max_size=5) | st.lists(SAFE_INTEGERS)
PARAMS = st.dictionaries(st.sampled_from(["a", "b", "c"]), PARAM_VALUES, max_size=3) | st.lists(
    PARAM_VALUES, max_size=4
)
WELL_FORMED_REQUESTS = st.fixed_dictionaries(
    {"jsonrpc": st.just("2.0"), "method": st.sampled_from([*METHOD_NAMES, "no.such.method"])},
    optional={"params": PARAMS, "id": st.integers() | st.text(max_size=5) | st.none()},
)
ODD_REQUESTS = st.fixed_dictionaries(
    {},
    optional={
        "jsonrpc": st.sampled_from(["2.0", "1.0"]) | JSON_SCALARS,
        "method": st.sampled_from(METHOD_NAMES) | JSON_SCALARS,
        "params": PARAMS | JSON_SCALARS,
        "id": JSON_SCALARS | st.lists(JSON_SCALARS, max_size=2),
        "extra": JSON_SCALARS,
    },
)
# Mostly well-formed, so the methods run and fail in every way they can.
REQUESTS = st.one_of(WELL_FORMED_REQUESTS, WELL_FORMED_REQUESTS, WELL_FORMED_REQUESTS, ODD_REQUESTS)
MESSAGES = REQUESTS | st.lists(REQUESTS | st.integers(), max_size=MAX_BATCH + 2)


def answer_now(raw: bytes | str) -> bytes | None:
    return asyncio.run(ENGINE.answer(raw, make_call()))


def assert_valid_response(response: Any) -> None:
    assert isinstance(response, dict)
    assert response["jsonrpc"] == "2.0"
    assert "id" in response
    assert ("result" in response) != ("error" in response)
    assert set(response) <= {"jsonrpc", "result", "error", "id"}
    if "error" in response:
        error = response["error"]
        assert isinstance(error["code"], int)
        assert not isinstance(error["code"], bool)
        assert isinstance(error["message"], str)
        assert error["data"]["correlation_id"] == CORRELATION_ID


def assert_valid_reply(reply: bytes | None) -> Any:
    """A reply is nothing, one response, or a non-empty array of responses; return it decoded."""
    if reply is None:
        return None
    decoded = orjson.loads(reply)
    if isinstance(decoded, list):
        assert decoded, "a batch reply must not be an empty array"
        for response in decoded:
            assert_valid_response(response)
    else:
        assert_valid_response(decoded)
    return decoded


@settings(max_examples=200, deadline=None)
@given(st.binary() | st.text())
def test_any_bytes_get_a_json_rpc_reply_or_none(raw: bytes | str) -> None:
    assert_valid_reply(answer_now(raw))


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_any_json_value_gets_a_json_rpc_reply_or_none(value: Any) -> None:
    assert_valid_reply(answer_now(json.dumps(value).encode()))


def echoed_id(request: dict[str, Any]) -> Any:
    """The id a reply to `request` carries: its own when it is a valid id, else null."""
    request_id = request.get("id")
    valid = isinstance(request_id, str | int | float) and not isinstance(request_id, bool)
    return request_id if valid else None


@settings(max_examples=200, deadline=None)
@given(MESSAGES)
def test_any_request_shaped_message_gets_a_json_rpc_reply_or_none(message: Any) -> None:
    raw = json.dumps(message).encode()
    reply = assert_valid_reply(answer_now(raw))
    sent = orjson.loads(raw)  # the message as the engine read it (huge integers become floats)
    if isinstance(sent, dict) and isinstance(reply, dict):
        assert reply["id"] == echoed_id(sent)
    if isinstance(sent, list) and isinstance(reply, list):
        assert len(reply) <= len(sent)


# ------------------------------------------------------------------------------------ instant methods
def instant(message: Any) -> Any:
    reply = ENGINE.instant_reply(orjson.dumps(message), make_call())
    return reply if isinstance(reply, Deferred) or reply is None else orjson.loads(reply)


def test_plain_functions_are_instant_and_coroutines_are_not() -> None:
    assert ENGINE.registry.get("test.double").instant  # type: ignore[union-attr]
    assert ENGINE.registry.get("system.ping").instant  # type: ignore[union-attr]
    assert not ENGINE.registry.get("test.add").instant  # type: ignore[union-attr]


def test_instant_calls_are_answered_on_the_spot_and_the_rest_deferred() -> None:
    assert_result(instant(request("test.double", {"a": 2, "b": 3})), {"total": 10})
    assert_result(instant(request("system.ping")), {"pong": True})
    assert_error(instant(request("test.double", {"a": "x", "b": 3})), errors.INVALID_PARAMS)
    assert_error(instant(request("no.such.method")), errors.METHOD_NOT_FOUND)
    assert instant(notification("system.ping")) is None
    deferred = instant(request("test.add", {"a": 1, "b": 2}))
    assert isinstance(deferred, Deferred)
    assert deferred.message == request("test.add", {"a": 1, "b": 2})
    assert isinstance(instant([request("system.ping")]), Deferred)  # batches take the awaited path
    reply = ENGINE.instant_reply(b"{not json", make_call())
    assert isinstance(reply, bytes)
    assert_error(orjson.loads(reply), errors.PARSE_ERROR, request_id=None)


async def test_a_deferred_message_is_answered_like_any_other() -> None:
    deferred = ENGINE.instant_reply(orjson.dumps(request("test.add", {"a": 1, "b": 2})), make_call())
    assert isinstance(deferred, Deferred)
    reply = await ENGINE.answer_message(deferred.message, make_call())
    assert reply is not None
    assert_result(orjson.loads(reply), {"total": 3})
    assert_result(await ask(request("test.double", [4, 1])), {"total": 10})  # instant methods over HTTP too


def test_an_instant_method_that_waits_is_a_programming_error() -> None:
    async def waits() -> None:
        await asyncio.sleep(0)

    with pytest.raises(RuntimeError, match="waited"):
        _run_at_once(waits())


# ------------------------------------------------------------------------------- busy backends
class PoolFull(Exception):
    """Stands for a database pool with no free connection."""


busy_methods = Registry()


@busy_methods.method("test.busy", role=None)
async def busy(call: Call, params: NoParams) -> Done:
    """Fail the way a full database pool does."""
    raise PoolFull("QueuePool limit of size 5 overflow 10 reached")


async def test_a_busy_backend_answers_unavailable_not_internal() -> None:
    message = orjson.dumps(request("test.busy"))
    naming = JsonRpcEngine(busy_methods, MAX_BATCH, unavailable=(PoolFull,))
    reply = await naming.answer(message, make_call())
    assert reply is not None
    data = assert_error(orjson.loads(reply), errors.UNAVAILABLE)
    assert "QueuePool" not in json.dumps(data)
    plain = await JsonRpcEngine(busy_methods, MAX_BATCH).answer(message, make_call())
    assert plain is not None
    assert_error(orjson.loads(plain), errors.INTERNAL_ERROR)
