"""Authentication on the WebSocket: by header, by first message, by ticket; ended and expired sessions."""

from __future__ import annotations

import time
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient, WebSocketDenialResponse, WebSocketTestSession

from goldbox.api import errors
from goldbox.auth.roles import Role
from goldbox.auth.tokens import TokenKind
from goldbox.service.services import Services
from goldbox.transport.websocket import CLOSE_SESSION_ENDED, CLOSE_TOKEN_EXPIRED
from tests.integration.auth.rpc_client import PASSWORD, assert_error, login, result, rpc, signed_up

pytestmark = pytest.mark.timeout(20)


def call(
    socket: WebSocketTestSession, method: str, params: dict[str, Any] | None = None, request_id: int = 1
) -> Any:
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": request_id}
    if params is not None:
        message["params"] = params
    socket.send_text(orjson.dumps(message).decode())
    return socket.receive_json()


def close_code(socket: WebSocketTestSession) -> int:
    """Read until the server closes the socket; its close code (a notification may come first)."""
    for _ in range(5):
        message = socket.receive()
        if message["type"] == "websocket.close":
            return int(message["code"])
    raise AssertionError("the socket was not closed")


def test_an_anonymous_socket_may_call_public_methods_only(app: TestClient) -> None:
    with app.websocket_connect("/ws") as socket:
        assert result(call(socket, "system.ping")) == {"pong": True}
        assert_error(call(socket, "account.me"), errors.UNAUTHENTICATED)


def test_logging_in_over_the_socket_authenticates_it(app: TestClient) -> None:
    signed_up(app, "ursula")
    with app.websocket_connect("/ws") as socket:
        pair = result(call(socket, "auth.login", {"username": "ursula", "password": PASSWORD}))
        assert pair["account"]["username"] == "ursula"
        assert result(call(socket, "account.me", request_id=2))["session_id"] == pair["session_id"]


def test_auth_resume_authenticates_with_an_access_token(app: TestClient) -> None:
    pair = signed_up(app, "victor")
    with app.websocket_connect("/ws") as socket:
        resumed = result(call(socket, "auth.resume", {"access_token": pair["access_token"]}))
        assert resumed["session_id"] == pair["session_id"]
        assert result(call(socket, "account.me", request_id=2))["account"]["username"] == "victor"


@pytest.mark.parametrize("header", ["authorization", "x-api-key"])
def test_credentials_in_the_upgrade_headers(app: TestClient, header: str) -> None:
    session = signed_up(app, "wendy")["access_token"]
    if header == "authorization":
        headers = {"Authorization": f"Bearer {session}"}
    else:
        headers = {"X-API-Key": result(rpc(app, "apikey.create", {"name": "bot"}, token=session))["key"]}
    with app.websocket_connect("/ws", headers=headers) as socket:
        assert result(call(socket, "account.me"))["account"]["username"] == "wendy"


def test_bad_credentials_refuse_the_upgrade_with_401(app: TestClient) -> None:
    with (
        pytest.raises(WebSocketDenialResponse) as refused,
        app.websocket_connect("/ws", headers={"Authorization": "Bearer not-a-token"}),
    ):
        pass
    assert refused.value.status_code == 401
    assert refused.value.json()["error"]["data"]["code"] == errors.TOKEN_INVALID.name


def test_a_ticket_opens_one_socket_once(app: TestClient) -> None:
    session = signed_up(app, "xena")["access_token"]
    ticket = result(rpc(app, "auth.ws_ticket", token=session))
    assert ticket["expires_at"] - time.time() <= 30
    with app.websocket_connect(f"/ws?ticket={ticket['ticket']}") as socket:
        assert result(call(socket, "account.me"))["account"]["username"] == "xena"
    with (
        pytest.raises(WebSocketDenialResponse) as refused,
        app.websocket_connect(f"/ws?ticket={ticket['ticket']}"),
    ):
        pass
    assert refused.value.status_code == 401
    assert "used" in refused.value.json()["error"]["data"]["details"]["reason"]


def test_an_access_token_is_not_a_ticket(app: TestClient) -> None:
    session = signed_up(app, "yuri")["access_token"]
    with pytest.raises(WebSocketDenialResponse), app.websocket_connect(f"/ws?ticket={session}"):
        pass


def test_logout_closes_every_socket_of_the_session_with_4001(app: TestClient) -> None:
    pair = signed_up(app, "zack")
    other = login(app, "zack")
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    with (
        app.websocket_connect("/ws", headers=headers) as first,
        app.websocket_connect(
            "/ws", headers={"Authorization": f"Bearer {other['access_token']}"}
        ) as unrelated,
    ):
        assert result(call(first, "system.ping"))["pong"]
        with app.websocket_connect("/ws", headers=headers) as second:
            assert result(call(second, "auth.logout")) == {"logged_out": True}  # the reply comes first
            assert close_code(second) == CLOSE_SESSION_ENDED
        assert close_code(first) == CLOSE_SESSION_ENDED
        assert result(call(unrelated, "account.me"))["account"]["username"] == "zack"  # another session


def test_refresh_reuse_closes_the_sessions_sockets(app: TestClient) -> None:
    pair = signed_up(app, "amy")
    with app.websocket_connect("/ws", headers={"Authorization": f"Bearer {pair['access_token']}"}) as socket:
        result(rpc(app, "auth.refresh", {"refresh_token": pair["refresh_token"]}))
        assert_error(
            rpc(app, "auth.refresh", {"refresh_token": pair["refresh_token"]}), errors.SESSION_REVOKED
        )
        assert close_code(socket) == CLOSE_SESSION_ENDED


def _short_lived_token(app: TestClient, pair: dict[str, Any], ttl_s: int) -> str:
    services: Services = app.app.state.services  # type: ignore[attr-defined]
    token, _ = services.logins.keys.issue(
        subject=pair["account"]["id"],
        role=Role.PLAYER,
        session_id=pair["session_id"],
        now=int(time.time()),
        ttl_s=ttl_s,
        kind=TokenKind.ACCESS,
    )
    return token


def test_a_socket_whose_token_expires_is_closed_with_4002(app: TestClient) -> None:
    pair = signed_up(app, "bea")
    with app.websocket_connect("/ws") as socket:
        result(call(socket, "auth.resume", {"access_token": _short_lived_token(app, pair, 2)}))
        started = time.monotonic()
        assert close_code(socket) == CLOSE_TOKEN_EXPIRED
        assert time.monotonic() - started < 4


def test_resuming_with_a_fresh_token_keeps_the_socket_open(app: TestClient) -> None:
    pair = signed_up(app, "cid")
    with app.websocket_connect("/ws") as socket:
        result(call(socket, "auth.resume", {"access_token": _short_lived_token(app, pair, 2)}))
        result(call(socket, "auth.resume", {"access_token": pair["access_token"]}, request_id=2))
        time.sleep(2.5)
        assert result(call(socket, "account.me", request_id=3))["account"]["username"] == "cid"


def test_a_socket_on_a_revoked_api_key_is_closed(app: TestClient) -> None:
    session = signed_up(app, "dex")["access_token"]
    created = result(rpc(app, "apikey.create", {"name": "bot"}, token=session))
    with app.websocket_connect("/ws", headers={"X-API-Key": created["key"]}) as socket:
        assert result(call(socket, "account.me"))["auth"] == "api_key"
        result(rpc(app, "apikey.revoke", {"key_id": created["info"]["id"]}, token=session))
        assert close_code(socket) == CLOSE_SESSION_ENDED
