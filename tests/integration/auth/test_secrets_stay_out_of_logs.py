"""Passwords, tokens, keys and tickets never reach the logs, an error reply or the audit log.

One full auth session runs in-process with logging at debug level and the access log on; the
server's log output is captured at the file-descriptor level (goldbox logs to stderr), and every
secret the session used is then searched for in it, in every error body, and in every audit row.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select
from starlette.testclient import TestClient, WebSocketDenialResponse, WebSocketTestSession

from goldbox.api import errors
from goldbox.service.services import Services
from goldbox.store import migrate
from goldbox.store.audit import AuditType
from goldbox.store.models import AuditRecord
from goldbox.transport.app import create_app
from tests.conftest import make_settings, sqlite_url
from tests.integration.auth.rpc_client import assert_error

pytestmark = pytest.mark.timeout(30)

OLD_PASSWORD = "Old-Pa55phrase-qZx81mv"
NEW_PASSWORD = "New-Pa55phrase-Wk39tyr"
WRONG_PASSWORD = "Wrong-Pa55phrase-Hd27pl"
SIGNING_SECRET = "Signing-Secret-" + "r8T2" * 10
USERNAME = "logan"
USER_AGENT = "secret-scan/1.0"


@dataclass
class Session:
    """What a client saw: the secrets it held and every error body the server sent it."""

    client: TestClient
    secrets: dict[str, str] = field(default_factory=dict)
    error_bodies: list[str] = field(default_factory=list)

    def keep(self, label: str, secret: str) -> str:
        self.secrets[label] = secret
        return secret

    def keep_pair(self, label: str, pair: dict[str, Any]) -> dict[str, Any]:
        self.keep(f"{label} access token", pair["access_token"])
        self.keep(f"{label} refresh token", pair["refresh_token"])
        return pair

    def http(
        self, method: str, params: dict[str, Any] | None = None, *, token: str | None = None, **headers: str
    ) -> dict[str, Any]:
        sent = {"User-Agent": USER_AGENT, **{name.replace("_", "-"): v for name, v in headers.items()}}
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": 1}
        if params is not None:
            message["params"] = params
        response = self.client.post("/rpc", json=message, headers=sent)
        reply: dict[str, Any] = response.json()
        if response.status_code != 200 or "error" in reply:
            self.error_bodies.append(response.text)
        return reply

    def ws(self, socket: WebSocketTestSession, method: str, params: dict[str, Any] | None = None) -> Any:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": 1}
        if params is not None:
            message["params"] = params
        socket.send_text(orjson.dumps(message).decode())
        text = socket.receive_text()
        reply = json.loads(text)
        if "error" in reply:
            self.error_bodies.append(text)
        return reply

    def refused_upgrade(self, url: str) -> WebSocketDenialResponse:
        with pytest.raises(WebSocketDenialResponse) as denied, self.client.websocket_connect(url):
            pass
        self.error_bodies.append(denied.value.text)
        return denied.value


def ok(reply: dict[str, Any]) -> Any:
    assert "result" in reply, reply
    return reply["result"]


def run_full_session(session: Session) -> None:
    """Register, log in and out, refresh (and reuse), API keys, a password change, WebSockets."""
    keep = session.keep
    keep("old password", OLD_PASSWORD)
    keep("new password", NEW_PASSWORD)
    keep("wrong password", WRONG_PASSWORD)
    keep("signing secret", SIGNING_SECRET)

    ok(session.http("auth.register", {"username": USERNAME, "password": OLD_PASSWORD}))
    credentials = {"username": USERNAME, "password": WRONG_PASSWORD}
    assert_error(session.http("auth.login", credentials), errors.INVALID_CREDENTIALS)
    first = session.keep_pair(
        "first", ok(session.http("auth.login", {**credentials, "password": OLD_PASSWORD}))
    )
    refreshed = session.keep_pair(
        "refreshed", ok(session.http("auth.refresh", {"refresh_token": first["refresh_token"]}))
    )
    reused = session.http("auth.refresh", {"refresh_token": first["refresh_token"]})
    assert_error(reused, errors.SESSION_REVOKED)
    assert_error(session.http("account.me", token=refreshed["access_token"]), errors.SESSION_REVOKED)

    main = session.keep_pair(
        "main", ok(session.http("auth.login", {**credentials, "password": OLD_PASSWORD}))
    )
    token = main["access_token"]
    created = ok(session.http("apikey.create", {"name": "scan-bot"}, token=token))
    key = keep("api key", created["key"])
    keep("api key secret part", key[len(created["info"]["prefix"]) :])
    assert ok(session.http("account.me", x_api_key=key))["auth"] == "api_key"
    assert ok(session.http("account.me", token=key))["auth"] == "api_key"
    ok(session.http("apikey.revoke", {"key_id": created["info"]["id"]}, token=token))
    assert_error(session.http("account.me", x_api_key=key), errors.TOKEN_INVALID)
    assert_error(session.http("account.me", token=key), errors.TOKEN_INVALID)
    tampered = keep("tampered token", token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    assert_error(session.http("account.me", token=tampered), errors.TOKEN_INVALID)

    change = {"current_password": WRONG_PASSWORD, "new_password": NEW_PASSWORD}
    assert_error(session.http("account.change_password", change, token=token), errors.INVALID_CREDENTIALS)
    change["current_password"] = OLD_PASSWORD
    ok(session.http("account.change_password", change, token=token))

    ticket = keep("ws ticket", ok(session.http("auth.ws_ticket", token=token))["ticket"])
    with session.client.websocket_connect(f"/ws?ticket={ticket}") as socket:
        assert ok(session.ws(socket, "account.me"))["account"]["username"] == USERNAME
    assert session.refused_upgrade(f"/ws?ticket={ticket}").status_code == 401
    with session.client.websocket_connect("/ws") as socket:
        assert_error(session.ws(socket, "auth.login", credentials), errors.INVALID_CREDENTIALS)
        on_socket = ok(session.ws(socket, "auth.login", {**credentials, "password": NEW_PASSWORD}))
        session.keep_pair("websocket", on_socket)
        ok(session.ws(socket, "auth.resume", {"access_token": on_socket["access_token"]}))
        assert ok(session.ws(socket, "account.me"))["auth"] == "session"

    ok(session.http("auth.logout", token=token))
    assert_error(session.http("account.me", token=token), errors.SESSION_REVOKED)
    old = {**credentials, "password": OLD_PASSWORD}
    assert_error(session.http("auth.login", old), errors.INVALID_CREDENTIALS)


async def _audit_rows(services: Services) -> list[AuditRecord]:
    async with services.sessions() as db:
        return list((await db.execute(select(AuditRecord).order_by(AuditRecord.seq))).scalars())


def as_text(row: AuditRecord) -> str:
    """Every column of an audit row, as one string to search."""
    values = {column.key: getattr(row, column.key) for column in AuditRecord.__table__.columns}
    return json.dumps(values, default=str, ensure_ascii=False)


def leaks(secrets: dict[str, str], texts: dict[str, str]) -> list[str]:
    """Which secret shows up where, by label only (the message must not print the secret)."""
    return [
        f"{label} in {where}"
        for label, secret in secrets.items()
        for where, text in texts.items()
        if secret in text
    ]


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """The app points the root logger at the captured stream; later tests must not write to it."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("restored_logging")
@pytest.mark.parametrize("log_format", ["console", "json"])
def test_no_secret_reaches_logs_errors_or_the_audit_log(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], log_format: str
) -> None:
    url = sqlite_url(tmp_path)
    migrate.upgrade(url)
    settings = make_settings(
        url, log_level="debug", log_format=log_format, access_log=True, secret_key=SIGNING_SECRET
    )
    app = create_app(settings)  # after capture has begun, so its log handler writes into the capture
    services: Services
    with TestClient(app) as client:
        services = app.state.services
        session = Session(client)
        run_full_session(session)
        portal = client.portal
        assert portal is not None
        audit = portal.call(_audit_rows, services)
    captured = capfd.readouterr()
    logs = captured.out + captured.err

    for event in ("http_request", "ws_connected", "refresh_token_reused", "/rpc", "server_stopped"):
        assert event in logs, f"the capture missed {event!r}: is the server's logging captured at all?"
    assert "debug" in logs, "debug-level lines should be in the capture"
    assert {
        AuditType.REGISTERED,
        AuditType.LOGIN_FAILED,
        AuditType.LOGIN_SUCCEEDED,
        AuditType.REFRESHED,
        AuditType.REFRESH_REUSED,
        AuditType.APIKEY_CREATED,
        AuditType.APIKEY_FIRST_USED,
        AuditType.APIKEY_REVOKED,
        AuditType.PASSWORD_CHANGED,
        AuditType.LOGGED_OUT,
    } <= {row.type for row in audit}
    assert any(row.user_agent == USER_AGENT for row in audit), "the audit rows were read in full"
    assert len(session.error_bodies) >= 11

    texts = {"the logs": logs}
    texts.update({f"error body {n}": body for n, body in enumerate(session.error_bodies)})
    texts.update({f"audit row {row.seq} ({row.type})": as_text(row) for row in audit})
    assert leaks(session.secrets, texts) == []
