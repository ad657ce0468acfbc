"""Calling the API as a client would, for the auth tests: over HTTP with or without credentials."""

from __future__ import annotations

import itertools
from typing import Any

from starlette.testclient import TestClient

from goldbox.api.errors import ErrorCode

PASSWORD = "correct horse battery staple"
_ids = itertools.count(1)


def rpc(
    client: TestClient,
    method: str,
    params: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """POST one call; returns the whole reply object (or the HTTP error body for a non-200)."""
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": next(_ids)}
    if params is not None:
        message["params"] = params
    return client.post("/rpc", json=message, headers=sent).json()


def result(reply: Any) -> Any:
    assert "result" in reply, reply
    return reply["result"]


def error_code(reply: Any) -> str:
    assert "error" in reply, reply
    return str(reply["error"]["data"]["code"])


def assert_error(reply: Any, code: ErrorCode) -> dict[str, Any]:
    assert error_code(reply) == code.name, reply
    data: dict[str, Any] = reply["error"]["data"]
    return data


def register(client: TestClient, username: str, password: str = PASSWORD, **extra: Any) -> dict[str, Any]:
    account: dict[str, Any] = result(
        rpc(client, "auth.register", {"username": username, "password": password, **extra})
    )
    return account


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, Any]:
    pair: dict[str, Any] = result(rpc(client, "auth.login", {"username": username, "password": password}))
    return pair


def signed_up(client: TestClient, username: str, **extra: Any) -> dict[str, Any]:
    """Register and log in: the token pair."""
    register(client, username, **extra)
    return login(client, username)
