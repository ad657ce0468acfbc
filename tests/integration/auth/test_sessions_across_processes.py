"""With Redis, ending a session in one server instance closes its sockets in another and stops its
tokens there too. Two apps with their own services stand in for two processes: they share
nothing but the database and Redis."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from goldbox.api import errors
from goldbox.store import migrate
from goldbox.transport.app import create_app
from goldbox.transport.websocket import CLOSE_SESSION_ENDED
from tests.conftest import make_settings, sqlite_url
from tests.integration.auth.rpc_client import assert_error, result, rpc, signed_up
from tests.integration.auth.test_websocket_auth import close_code

pytestmark = pytest.mark.timeout(20)


def test_logout_in_one_process_reaches_the_other(tmp_path: Path, redis_url: str) -> None:
    url = sqlite_url(tmp_path)
    migrate.upgrade(url)
    settings = make_settings(url, redis_url=redis_url, secret_key="s" * 40)
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        pair = signed_up(first, "dora")
        headers = {"Authorization": f"Bearer {pair['access_token']}"}
        with second.websocket_connect("/ws", headers=headers) as socket:
            assert (
                result(rpc(second, "account.me", token=pair["access_token"]))["account"]["username"] == "dora"
            )
            result(rpc(first, "auth.logout", token=pair["access_token"]))
            assert close_code(socket) == CLOSE_SESSION_ENDED
        response = second.post(
            "/rpc", json={"jsonrpc": "2.0", "method": "account.me", "id": 1}, headers=headers
        )
        assert response.status_code == 401
        assert_error(response.json(), errors.SESSION_REVOKED)
