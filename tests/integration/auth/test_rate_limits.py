"""Request limits per address, per account tier and per socket, and the login lockout, seen through the API.

The whole app runs in-process with rate limits on (the test settings turn them off by default),
on each pair of backends: SQLite with in-process limits, and (in CI) PostgreSQL with Redis.
A thin ASGI wrapper lets one test speak from several client addresses, as separate players would.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2 as httpx
import orjson
import pytest
from sqlalchemy import func, select, update
from starlette.applications import Starlette
from starlette.testclient import TestClient, WebSocketDenialResponse, WebSocketTestSession
from starlette.types import Receive, Scope, Send

from goldbox.api import errors
from goldbox.service.services import Services
from goldbox.store.audit import AuditType
from goldbox.store.models import (
    AccountRecord,
    ApiKeyRecord,
    AuditRecord,
    AuthSessionRecord,
    RefreshTokenRecord,
)
from goldbox.transport.app import create_app
from tests.conftest import make_settings
from tests.integration.auth.rpc_client import PASSWORD, assert_error, register, result

pytestmark = pytest.mark.timeout(30)

PEER_HEADER = "x-test-peer"
OTHER_PEER = "198.51.100.20"
PING = {"jsonrpc": "2.0", "method": "system.ping", "id": 1}
BIG = "1000/minute"


class PeerFromHeader:
    """Takes the client address from a test-only header, so one TestClient can be many players."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            for name, value in scope["headers"]:
                if name == PEER_HEADER.encode():
                    scope = {**scope, "client": (value.decode(), 50000)}
        await self.app(scope, receive, send)


@contextmanager
def limited_app(backends: dict[str, object], **overrides: Any) -> Iterator[tuple[TestClient, Services]]:
    """The app on fresh backends (see conftest) with rate limits on, and the services it started."""
    chosen = {key: value for key, value in backends.items() if key != "database_url"}
    settings = make_settings(str(backends["database_url"]), **chosen, rate_limits_enabled=True, **overrides)
    app = create_app(settings)
    with TestClient(PeerFromHeader(app)) as client:
        yield client, app.state.services


def post(
    client: TestClient, method: str, token: str | None = None, peer: str | None = None, **params: Any
) -> httpx.Response:
    headers = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if peer is not None:
        headers[PEER_HEADER] = peer
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": 1}
    if params:
        message["params"] = params
    return client.post("/rpc", json=message, headers=headers)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    reply = post(client, "auth.login", username=username, password=password)
    token: str = result(reply.json())["access_token"]
    return token


def assert_rate_limited(response: httpx.Response, scope: str, limit: int) -> dict[str, Any]:
    """A 429 in the catalog's envelope, with a usable Retry-After."""
    assert response.status_code == 429, response.text
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 60
    assert response.headers["x-ratelimit-remaining"] == "0"
    assert response.headers["x-ratelimit-limit"] == str(limit)
    data = assert_error(response.json(), errors.RATE_LIMITED)
    assert data["details"]["scope"] == scope
    assert data["details"]["limit"] == limit
    assert data["details"]["retry_after_s"] == retry_after
    return data


def send_call(socket: WebSocketTestSession, method: str, call_id: int, **params: Any) -> None:
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": call_id}
    if params:
        message["params"] = params
    socket.send_text(orjson.dumps(message).decode())


def replies_by_id(socket: WebSocketTestSession, count: int) -> dict[int, dict[str, Any]]:
    replies = [socket.receive_json() for _ in range(count)]
    indexed = {reply["id"]: reply for reply in replies}
    assert len(indexed) == count, replies
    return indexed


# -- per address over HTTP ------------------------------------------------------------------------


def test_the_ip_limit_admits_its_budget_then_answers_429(backends: dict[str, object]) -> None:
    with limited_app(backends, rate_limit_ip="3/minute") as (client, _):
        started = time.time()
        allowed = [client.post("/rpc", json=PING) for _ in range(3)]
        refused = client.post("/rpc", json=PING)

        assert [response.status_code for response in allowed] == [200] * 3
        assert all(response.json()["result"] == {"pong": True} for response in allowed)
        assert [response.headers["x-ratelimit-limit"] for response in allowed] == ["3"] * 3
        assert [response.headers["x-ratelimit-remaining"] for response in allowed] == ["2", "1", "0"]
        for response in allowed:
            reset = response.headers["x-ratelimit-reset"]
            assert reset.isdigit(), reset
            assert math.floor(started) <= int(reset) <= math.ceil(time.time()) + 61
            assert "retry-after" not in response.headers
        assert_rate_limited(refused, "ip", 3)
        assert refused.headers["x-request-id"]
        assert refused.json()["error"]["data"]["correlation_id"] == refused.headers["x-request-id"]

        assert client.get("/health/live").status_code == 200
        other = client.post("/rpc", json=PING, headers={PEER_HEADER: OTHER_PEER})
        assert (other.status_code, other.json()["result"]) == (200, {"pong": True})
        assert other.headers["x-ratelimit-remaining"] == "2"
        assert_rate_limited(client.post("/rpc", json=PING), "ip", 3)


def test_requests_with_bad_credentials_count_against_the_ip_limit(backends: dict[str, object]) -> None:
    """Every request spends the address's budget, or bad tokens and guessed keys go unthrottled."""
    with limited_app(backends, rate_limit_ip="3/minute") as (client, _):
        statuses = [
            post(client, "system.ping", token=credential).status_code
            for credential in ("not-a-jwt", "gbx_guessed-key-1", "gbx_guessed-key-2", "gbx_guessed-key-3")
        ]
        assert statuses == [401, 401, 401, 429]
        assert_rate_limited(client.post("/rpc", json=PING), "ip", 3)


# -- per account, by tier ---------------------------------------------------------------------------


async def _set_tier(services: Services, username: str, tier: str) -> None:
    async with services.sessions() as session, session.begin():
        await session.execute(
            update(AccountRecord).where(AccountRecord.username_key == username.lower()).values(tier=tier)
        )


def test_each_account_has_its_own_budget_set_by_its_tier(backends: dict[str, object]) -> None:
    tiers = {"default": "2/minute", "premium": "4/minute"}
    with limited_app(backends, rate_limit_ip=BIG, rate_limit_tiers=tiers) as (client, services):
        for name in ("ann", "ben"):
            register(client, name)
        ann, ben = log_in(client, "ann"), log_in(client, "ben")

        first, second, third = (post(client, "account.me", ann) for _ in range(3))
        assert [first.status_code, second.status_code] == [200, 200]
        assert [first.headers["x-ratelimit-limit"], second.headers["x-ratelimit-limit"]] == ["2", "2"]
        assert [first.headers["x-ratelimit-remaining"], second.headers["x-ratelimit-remaining"]] == [
            "1",
            "0",
        ]
        assert_rate_limited(third, "account", 2)

        for_ben = post(client, "account.me", ben)
        assert for_ben.status_code == 200
        assert result(for_ben.json())["account"]["username"] == "ben"
        assert for_ben.headers["x-ratelimit-remaining"] == "1"

        client.portal.call(_set_tier, services, "ann", "premium")  # type: ignore[union-attr]
        premium = log_in(client, "ann")  # a new token carries the new tier
        answers = [post(client, "account.me", premium) for _ in range(5)]
        assert [answer.status_code for answer in answers[:4]] == [200] * 4
        assert result(answers[0].json())["account"]["tier"] == "premium"
        assert [answer.headers["x-ratelimit-limit"] for answer in answers[:4]] == ["4"] * 4
        assert [answer.headers["x-ratelimit-remaining"] for answer in answers[:4]] == ["3", "2", "1", "0"]
        assert_rate_limited(answers[4], "account", 4)
        assert_rate_limited(post(client, "account.me", ann), "account", 2)


# -- over the WebSocket -----------------------------------------------------------------------------


def test_a_socket_over_the_ip_limit_gets_an_error_and_stays_open(backends: dict[str, object]) -> None:
    with (
        limited_app(backends, rate_limit_ip="3/1 second") as (client, _),
        client.websocket_connect("/ws") as socket,  # the upgrade spends one of the three
    ):
        for call_id in (1, 2, 3):
            send_call(socket, "system.ping", call_id)
        replies = replies_by_id(socket, 3)
        assert replies[1]["result"] == replies[2]["result"] == {"pong": True}
        refused = replies[3]
        assert set(refused) == {"jsonrpc", "error", "id"}
        assert refused["error"]["code"] == errors.RATE_LIMITED.rpc_code
        data = assert_error(refused, errors.RATE_LIMITED)
        assert (data["details"]["scope"], data["details"]["limit"]) == ("ip", 3)
        assert data["details"]["retry_after_s"] == 1

        with pytest.raises(WebSocketDenialResponse) as denied, client.websocket_connect("/ws"):
            pass
        assert denied.value.status_code == 429
        assert int(denied.value.headers["retry-after"]) >= 1
        assert_error(denied.value.json(), errors.RATE_LIMITED)

        time.sleep(1.1)
        send_call(socket, "system.ping", 4)
        assert socket.receive_json() == {"jsonrpc": "2.0", "result": {"pong": True}, "id": 4}


def test_the_message_rate_is_per_socket(backends: dict[str, object]) -> None:
    with (
        limited_app(backends, rate_limit_ip=BIG, ws_message_rate="5/second") as (client, _),
        client.websocket_connect("/ws") as chatty,
        client.websocket_connect("/ws") as quiet,
    ):
        for call_id in range(1, 7):
            send_call(chatty, "system.ping", call_id)
        replies = replies_by_id(chatty, 6)
        assert all(replies[call_id]["result"] == {"pong": True} for call_id in range(1, 6))
        data = assert_error(replies[6], errors.RATE_LIMITED)
        assert (data["details"]["scope"], data["details"]["limit"]) == ("socket", 5)

        for call_id in range(1, 6):
            send_call(quiet, "system.ping", call_id)
        assert all("result" in reply for reply in replies_by_id(quiet, 5).values())

        time.sleep(1.1)
        send_call(chatty, "system.ping", 7)
        assert chatty.receive_json()["result"] == {"pong": True}


# -- login lockout ----------------------------------------------------------------------------------


async def _row_counts(services: Services) -> dict[str, int]:
    counts = {}
    async with services.sessions() as session:
        for model in (AccountRecord, AuthSessionRecord, RefreshTokenRecord, ApiKeyRecord):
            counts[model.__tablename__] = (
                await session.execute(select(func.count()).select_from(model))
            ).scalar_one()
    return counts


async def _audit_since(services: Services, after_seq: int) -> list[AuditRecord]:
    async with services.sessions() as session:
        rows = await session.execute(
            select(AuditRecord).where(AuditRecord.seq > after_seq).order_by(AuditRecord.seq)
        )
        return list(rows.scalars())


def test_five_wrong_passwords_lock_the_account_and_only_the_audit_log_grows(
    backends: dict[str, object],
) -> None:
    with limited_app(backends) as (client, services):
        register(client, "lucy")
        portal = client.portal
        assert portal is not None
        before = portal.call(_row_counts, services)
        last_seq = max(row.seq for row in portal.call(_audit_since, services, 0))

        wrong = [post(client, "auth.login", username="lucy", password="not the password") for _ in range(5)]
        for reply in wrong:
            assert_error(reply.json(), errors.INVALID_CREDENTIALS)
        locked = post(client, "auth.login", username="lucy", password=PASSWORD)

        data = assert_error(locked.json(), errors.LOCKED_OUT)
        assert data["details"]["scope"] == "account"
        assert 58 <= data["details"]["retry_after_s"] <= 60
        assert portal.call(_row_counts, services) == before
        audit = portal.call(_audit_since, services, last_seq)
        assert [row.type for row in audit] == [AuditType.LOGIN_FAILED] * 5 + [AuditType.LOCKED_OUT]
        assert all(row.details.get("reason") == "wrong_password" for row in audit[:5])
        assert audit[5].details["scope"] == "account"
        assert {row.ip for row in audit} == {"testclient"}


def test_failures_from_one_address_lock_it_for_every_account(backends: dict[str, object]) -> None:
    with limited_app(backends, login_ip_failures=3) as (client, _):
        register(client, "ivy")
        for name in ("nobody1", "nobody2", "nobody3"):
            assert_error(
                post(client, "auth.login", username=name, password="guess-guess").json(),
                errors.INVALID_CREDENTIALS,
            )
        locked = assert_error(
            post(client, "auth.login", username="ivy", password=PASSWORD).json(), errors.LOCKED_OUT
        )
        assert locked["details"]["scope"] == "ip"
        assert 598 <= locked["details"]["retry_after_s"] <= 600
        elsewhere = post(client, "auth.login", peer=OTHER_PEER, username="ivy", password=PASSWORD)
        assert result(elsewhere.json())["account"]["username"] == "ivy"


def test_an_unknown_user_fails_exactly_as_a_wrong_password_does(backends: dict[str, object]) -> None:
    with limited_app(backends) as (client, _):
        register(client, "known")
        for_known = post(client, "auth.login", username="known", password="not the password")
        for_unknown = post(client, "auth.login", username="nobody-here", password="not the password")

    assert for_known.status_code == for_unknown.status_code
    known, unknown = for_known.json(), for_unknown.json()
    assert_error(known, errors.INVALID_CREDENTIALS)
    for reply in (known, unknown):
        reply["error"]["data"].pop("correlation_id")
        reply.pop("id")
    assert known == unknown


def test_a_batch_costs_as_many_requests_as_it_holds_calls(backends: dict[str, object]) -> None:
    with limited_app(backends, rate_limit_ip="5/minute") as (client, _):
        batch = [{**PING, "id": n} for n in range(1, 4)]
        first = client.post("/rpc", json=batch)
        assert first.status_code == 200
        assert first.headers["x-ratelimit-remaining"] == "2"
        refused = client.post("/rpc", json=batch)  # three more would make six
        assert refused.status_code == 429
        assert refused.json()["error"]["data"]["details"]["scope"] == "ip"
        assert refused.headers["x-ratelimit-remaining"] == "1"  # one left: not enough for this batch


def test_a_batch_on_a_socket_costs_its_calls_too(backends: dict[str, object]) -> None:
    with (
        limited_app(backends, rate_limit_ip="5/minute") as (client, _),
        client.websocket_connect("/ws") as socket,
    ):
        socket.send_text(orjson.dumps([{**PING, "id": n} for n in range(1, 4)]).decode())
        assert len(socket.receive_json()) == 3  # the upgrade and three calls: four of five
        socket.send_text(orjson.dumps([{**PING, "id": n} for n in range(4, 6)]).decode())
        reply = socket.receive_json()
        assert reply["error"]["data"]["code"] == "GBX_RATE_LIMITED"
