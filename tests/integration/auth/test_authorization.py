"""Every method's declared role holds on every transport: a walk over the whole registry."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient

from goldbox.api import errors
from goldbox.api.methods import build_registry
from goldbox.auth.roles import Role
from goldbox.service.services import Services
from tests.integration.auth.rpc_client import PASSWORD, assert_error, login, rpc, signed_up

REGISTRY = build_registry()
PROTECTED = [method for method in REGISTRY if not method.public]
ADMIN_ONLY = [method for method in REGISTRY if method.role is Role.ADMIN]
# A method joins this list only on purpose: anything else must need a login.
PUBLIC = {
    "system.ping",
    "system.version",
    "rpc.discover",
    "auth.register",
    "auth.login",
    "auth.refresh",
    "auth.resume",
}


@pytest.fixture
def tokens(app: TestClient) -> dict[str, str]:
    """An access token for a player, an agent and an admin."""
    services: Services = app.app.state.services  # type: ignore[attr-defined]
    found = {
        "player": signed_up(app, "pat")["access_token"],
        "agent": signed_up(app, "botty", role="agent")["access_token"],
    }
    app.portal.call(_make_admin, services)  # type: ignore[union-attr]
    found["admin"] = login(app, "root")["access_token"]
    return found


async def _make_admin(services: Services) -> None:
    from goldbox.api.call import Client

    await services.accounts.register(
        "root", PASSWORD, None, Role.ADMIN, actor="cli:test", client=Client("local"), correlation_id="t"
    )


def test_only_the_intended_methods_are_public() -> None:
    assert {method.name for method in REGISTRY if method.public} == PUBLIC


@pytest.mark.parametrize("method", [m.name for m in PROTECTED])
def test_every_protected_method_refuses_an_anonymous_caller_over_http(app: TestClient, method: str) -> None:
    assert_error(rpc(app, method), errors.UNAUTHENTICATED)


@pytest.mark.parametrize("method", [m.name for m in PROTECTED])
def test_every_protected_method_refuses_an_anonymous_caller_over_websocket(
    app: TestClient, method: str
) -> None:
    with app.websocket_connect("/ws") as socket:
        socket.send_text(orjson.dumps({"jsonrpc": "2.0", "method": method, "id": 1}).decode())
        assert_error(socket.receive_json(), errors.UNAUTHENTICATED)


@pytest.mark.parametrize("role", ["player", "agent"])
def test_every_admin_method_refuses_a_lesser_role_on_both_transports(
    app: TestClient, tokens: dict[str, str], role: str
) -> None:
    assert ADMIN_ONLY, "the registry should have admin methods"
    token = tokens[role]
    for method in ADMIN_ONLY:
        data = assert_error(rpc(app, method.name, token=token), errors.FORBIDDEN)
        assert data["details"]["required_role"] == "admin"
        with app.websocket_connect("/ws", headers={"Authorization": f"Bearer {token}"}) as socket:
            socket.send_text(orjson.dumps({"jsonrpc": "2.0", "method": method.name, "id": 1}).decode())
            assert_error(socket.receive_json(), errors.FORBIDDEN)


def test_an_admin_passes_the_role_check_of_every_method(app: TestClient, tokens: dict[str, str]) -> None:
    refusals = {errors.UNAUTHENTICATED.name, errors.FORBIDDEN.name, errors.SESSION_REVOKED.name}
    last = "auth.logout"  # it ends the session the other calls use
    for name in [m.name for m in PROTECTED if m.name != last] + [last]:
        reply: Any = rpc(app, name, token=tokens["admin"])
        if "error" in reply:  # invalid params, never a refusal of the caller
            assert reply["error"]["data"]["code"] not in refusals, (name, reply)
