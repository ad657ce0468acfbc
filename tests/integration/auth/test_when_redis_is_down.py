"""With Redis configured but unreachable, credentials fail closed with GBX_UNAVAILABLE (503), never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from goldbox.api import errors
from goldbox.store import migrate
from goldbox.transport.app import create_app
from tests.conftest import make_settings, sqlite_url
from tests.integration.auth.rpc_client import PASSWORD, register, result, rpc

DEAD_REDIS = "redis://127.0.0.1:1/0"
pytestmark = pytest.mark.timeout(30)


def test_logins_and_token_checks_answer_503_not_500(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    migrate.upgrade(url)
    with TestClient(create_app(make_settings(url))) as healthy:
        register(healthy, "otto")
        token = result(rpc(healthy, "auth.login", {"username": "otto", "password": PASSWORD}))["access_token"]
    settings = make_settings(url, redis_url=DEAD_REDIS, secret_key=None)
    with TestClient(create_app(settings)) as broken:
        login = broken.post(
            "/rpc",
            json={
                "jsonrpc": "2.0",
                "method": "auth.login",
                "params": {"username": "otto", "password": PASSWORD},
                "id": 1,
            },
        ).json()
        assert login["error"]["data"]["code"] == errors.UNAVAILABLE.name
        me = broken.post(
            "/rpc",
            json={"jsonrpc": "2.0", "method": "account.me", "id": 2},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert me.status_code == 503
        assert me.json()["error"]["data"]["code"] == errors.UNAVAILABLE.name
        assert result(rpc(broken, "system.ping"))["pong"] is True
