"""Accounts over HTTP: register, log in, refresh, log out, change the password, API keys, bad tokens."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from goldbox.api import errors
from goldbox.auth.roles import Role
from goldbox.auth.tokens import TokenKind
from goldbox.ops.config import Settings
from goldbox.service.services import Services
from goldbox.store.models import AccountRecord, ApiKeyRecord, AuditRecord, AuthSessionRecord
from goldbox.transport.app import create_app
from tests.conftest import make_settings
from tests.integration.auth.rpc_client import (
    PASSWORD,
    assert_error,
    login,
    register,
    result,
    rpc,
    signed_up,
)

NEW_PASSWORD = "a different long passphrase"


def services_of(client: TestClient) -> Services:
    services: Services = client.app.state.services  # type: ignore[attr-defined]
    return services


def count(client: TestClient, model: type[Any]) -> int:
    async def counted() -> int:
        async with services_of(client).sessions() as session:
            return int((await session.execute(select(func.count()).select_from(model))).scalar_one())

    return int(client.portal.call(counted))  # type: ignore[union-attr]


def audit_types(client: TestClient) -> list[str]:
    async def read() -> list[str]:
        async with services_of(client).sessions() as session:
            return list((await session.execute(select(AuditRecord.type).order_by(AuditRecord.seq))).scalars())

    return list(client.portal.call(read))  # type: ignore[union-attr]


def http_status(client: TestClient, method: str, token: str, **params: Any) -> tuple[int, Any]:
    response = client.post(
        "/rpc",
        json={"jsonrpc": "2.0", "method": method, "params": params, "id": 1},
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code, response


def with_keys(settings: Settings, keys: dict[str, str], signing: str) -> Settings:
    return make_settings(settings.database_url, jwt_keys=keys, jwt_signing_key_id=signing)


# -- registering ------------------------------------------------------------------------------------


def test_register_then_login_then_me(app: TestClient) -> None:
    account = register(app, "Alice", email="alice@example.org")
    assert (account["username"], account["role"], account["tier"]) == ("Alice", "player", "default")
    pair = login(app, "alice")  # usernames log in without regard to case
    assert pair["token_type"] == "Bearer"
    assert pair["refresh_token"].startswith("gbr_")
    assert 0 < pair["expires_in"] <= 900
    me = result(rpc(app, "account.me", token=pair["access_token"]))
    assert me["account"]["id"] == account["id"]
    assert (me["auth"], me["session_id"], me["acting_role"]) == ("session", pair["session_id"], "player")
    assert audit_types(app) == ["account.registered", "auth.login_succeeded"]


def test_an_agent_may_register_itself_but_nobody_registers_as_admin(app: TestClient) -> None:
    assert register(app, "bot-7", role="agent")["role"] == "agent"
    data = assert_error(
        rpc(app, "auth.register", {"username": "sneaky", "password": PASSWORD, "role": "admin"}),
        errors.INVALID_PARAMS,
    )
    assert data["details"][0]["path"] == "params.role"
    assert count(app, AccountRecord) == 1


@pytest.mark.parametrize("taken", ["alice", "ALICE", "aLiCe"])
def test_usernames_are_unique_without_regard_to_case(app: TestClient, taken: str) -> None:
    register(app, "Alice")
    assert_error(rpc(app, "auth.register", {"username": taken, "password": PASSWORD}), errors.USERNAME_TAKEN)
    assert count(app, AccountRecord) == 1


@pytest.mark.parametrize(
    ("username", "password", "code"),
    [
        pytest.param("al", PASSWORD, errors.INVALID_USERNAME, id="too-short"),
        pytest.param("\u0430dmin", PASSWORD, errors.INVALID_USERNAME, id="cyrillic-a-confusable"),
        pytest.param("\uff41dmin", PASSWORD, errors.INVALID_USERNAME, id="fullwidth-confusable"),
        pytest.param("bob'; DROP TABLE accounts;--", PASSWORD, errors.INVALID_USERNAME, id="sql"),
        pytest.param("carol", "short", errors.WEAK_PASSWORD, id="short-password"),
        pytest.param("carol", "password123", errors.WEAK_PASSWORD, id="common-password"),
        pytest.param("carol", "x" * 257, errors.WEAK_PASSWORD, id="long-password"),
        pytest.param("carol", "x" * 5000, errors.INVALID_PARAMS, id="huge-password"),
    ],
)
def test_bad_registrations_write_nothing(app: TestClient, username: str, password: str, code: Any) -> None:
    assert_error(rpc(app, "auth.register", {"username": username, "password": password}), code)
    assert count(app, AccountRecord) == 0
    assert count(app, AuditRecord) == 0


def test_a_one_megabyte_password_is_refused_before_any_work(app: TestClient) -> None:
    body = {
        "jsonrpc": "2.0",
        "method": "auth.login",
        "params": {"username": "x", "password": "p" * 1_048_576},
    }
    response = app.post("/rpc", json={**body, "id": 1})
    assert response.status_code == 413  # over the body limit: refused before it is even parsed
    assert response.json()["error"]["data"]["code"] == errors.BODY_TOO_LARGE.name
    assert count(app, AuditRecord) == 0


# -- logging in -----------------------------------------------------------------------------------------


def test_wrong_password_and_unknown_user_look_the_same(app: TestClient) -> None:
    register(app, "dave")
    wrong = rpc(app, "auth.login", {"username": "dave", "password": "not the password"})
    unknown = rpc(app, "auth.login", {"username": "nobody", "password": "not the password"})
    assert wrong["error"] == {
        **unknown["error"],
        "data": {**unknown["error"]["data"], "correlation_id": wrong["error"]["data"]["correlation_id"]},
    }
    assert wrong["error"]["data"]["code"] == errors.INVALID_CREDENTIALS.name
    assert audit_types(app) == ["account.registered", "auth.login_failed", "auth.login_failed"]
    assert count(app, AuthSessionRecord) == 0


@pytest.mark.parametrize("username", ["' OR 1=1 --", 'a"; DELETE FROM accounts; --', "%", "_"])
def test_sql_metacharacters_in_a_login_are_just_characters(app: TestClient, username: str) -> None:
    register(app, "erin")
    assert_error(
        rpc(app, "auth.login", {"username": username, "password": PASSWORD}), errors.INVALID_CREDENTIALS
    )
    assert count(app, AccountRecord) == 1


# -- refreshing -------------------------------------------------------------------------------------------


def test_a_refresh_gives_a_new_pair_and_the_old_refresh_token_is_spent(app: TestClient) -> None:
    first = signed_up(app, "frank")
    second = result(rpc(app, "auth.refresh", {"refresh_token": first["refresh_token"]}))
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert second["session_id"] == first["session_id"]
    assert result(rpc(app, "account.me", token=second["access_token"]))["account"]["username"] == "frank"


def test_reusing_a_refresh_token_ends_the_session_and_is_audited(app: TestClient) -> None:
    first = signed_up(app, "grace")
    second = result(rpc(app, "auth.refresh", {"refresh_token": first["refresh_token"]}))
    reuse = rpc(app, "auth.refresh", {"refresh_token": first["refresh_token"]})
    assert assert_error(reuse, errors.SESSION_REVOKED)["details"] == {"reason": "refresh_reused"}
    # Both holders are out: the newest access token and refresh token stop working.
    status, response = http_status(app, "account.me", second["access_token"])
    assert status == 401
    assert response.json()["error"]["data"]["code"] == errors.SESSION_REVOKED.name
    assert_error(rpc(app, "auth.refresh", {"refresh_token": second["refresh_token"]}), errors.SESSION_REVOKED)
    assert "auth.refresh_reused" in audit_types(app)


@pytest.mark.parametrize("token", ["", "gbr_not-a-token", "x" * 4000])
def test_an_unknown_refresh_token_is_invalid(app: TestClient, token: str) -> None:
    reply = rpc(app, "auth.refresh", {"refresh_token": token})
    assert reply["error"]["data"]["code"] in {errors.TOKEN_INVALID.name, errors.INVALID_PARAMS.name}


# -- logging out ---------------------------------------------------------------------------------------------


def test_logout_stops_the_access_token_at_once(app: TestClient) -> None:
    pair = signed_up(app, "heidi")
    assert result(rpc(app, "auth.logout", token=pair["access_token"])) == {"logged_out": True}
    status, response = http_status(app, "account.me", pair["access_token"])
    assert status == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error"]["data"]["code"] == errors.SESSION_REVOKED.name
    assert_error(rpc(app, "auth.refresh", {"refresh_token": pair["refresh_token"]}), errors.SESSION_REVOKED)
    assert audit_types(app)[-1] == "auth.logged_out"


def test_logout_ends_only_that_session(app: TestClient) -> None:
    phone = signed_up(app, "ivan")
    laptop = login(app, "ivan")
    result(rpc(app, "auth.logout", token=phone["access_token"]))
    assert result(rpc(app, "account.me", token=laptop["access_token"]))["account"]["username"] == "ivan"


# -- changing the password -----------------------------------------------------------------------------------


def test_changing_the_password_ends_the_other_sessions(app: TestClient) -> None:
    here = signed_up(app, "judy")
    elsewhere = login(app, "judy")
    changed = result(
        rpc(
            app,
            "account.change_password",
            {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            token=here["access_token"],
        )
    )
    assert changed == {"other_sessions_ended": 1}
    assert result(rpc(app, "account.me", token=here["access_token"]))["account"]["username"] == "judy"
    assert http_status(app, "account.me", elsewhere["access_token"])[0] == 401
    assert_error(
        rpc(app, "auth.login", {"username": "judy", "password": PASSWORD}), errors.INVALID_CREDENTIALS
    )
    assert login(app, "judy", NEW_PASSWORD)["account"]["username"] == "judy"


def test_changing_the_password_needs_the_current_one_and_a_good_new_one(app: TestClient) -> None:
    token = signed_up(app, "kim")["access_token"]
    assert_error(
        rpc(
            app,
            "account.change_password",
            {"current_password": "wrong", "new_password": NEW_PASSWORD},
            token=token,
        ),
        errors.INVALID_CREDENTIALS,
    )
    assert_error(
        rpc(
            app, "account.change_password", {"current_password": PASSWORD, "new_password": "kim"}, token=token
        ),
        errors.WEAK_PASSWORD,
    )
    assert login(app, "kim")["account"]["username"] == "kim"


# -- bad access tokens ------------------------------------------------------------------------------------------


def _forged(app: TestClient, pair: dict[str, Any], **overrides: Any) -> str:
    """A token the server's own keys sign, with some claims changed (to reach the later checks)."""
    keys = services_of(app).logins.keys
    claims = {
        "subject": pair["account"]["id"],
        "role": Role.PLAYER,
        "session_id": pair["session_id"],
        "now": int(time.time()),
        "ttl_s": 900,
        "kind": TokenKind.ACCESS,
        **overrides,
    }
    token, _ = keys.issue(**claims)
    return token


def test_expired_tampered_malformed_and_foreign_tokens_are_401_with_stable_codes(app: TestClient) -> None:
    pair = signed_up(app, "leo")
    header, payload, signature = pair["access_token"].split(".")
    cases = {
        "expired": (_forged(app, pair, now=int(time.time()) - 2000), errors.TOKEN_EXPIRED),
        "tampered": (f"{header}.{payload}x.{signature}", errors.TOKEN_INVALID),
        "bad-signature": (f"{header}.{payload}.{signature[::-1]}", errors.TOKEN_INVALID),
        "malformed": ("not-a-jwt", errors.TOKEN_INVALID),
        "a-ticket": (_forged(app, pair, kind=TokenKind.WS_TICKET), errors.TOKEN_INVALID),
    }
    for name, (token, code) in cases.items():
        status, response = http_status(app, "account.me", token)
        assert status == 401, name
        assert response.json()["error"]["data"]["code"] == code.name, name
        assert token not in response.text, name
    assert result(rpc(app, "system.ping"))["pong"] is True  # and the server keeps serving


def test_a_token_signed_with_an_unknown_kid_is_refused(sqlite_settings: Settings) -> None:
    signer = with_keys(sqlite_settings, {"retired": "r" * 32}, "retired")
    with TestClient(create_app(signer)) as old_server:
        pair = signed_up(old_server, "mallory")
    verifier = with_keys(sqlite_settings, {"current": "c" * 32}, "current")
    with TestClient(create_app(verifier)) as new_server:
        status, response = http_status(new_server, "account.me", pair["access_token"])
    assert status == 401
    assert "key" in response.json()["error"]["data"]["details"]["reason"]


def test_rotating_keys_logs_nobody_out(sqlite_settings: Settings) -> None:
    old = with_keys(sqlite_settings, {"k1": "1" * 32}, "k1")
    with TestClient(create_app(old)) as server:
        before = signed_up(server, "nina")
    both = with_keys(sqlite_settings, {"k1": "1" * 32, "k2": "2" * 32}, "k2")
    with TestClient(create_app(both)) as server:
        assert (
            result(rpc(server, "account.me", token=before["access_token"]))["account"]["username"] == "nina"
        )
        after = result(rpc(server, "auth.refresh", {"refresh_token": before["refresh_token"]}))
    new_only = with_keys(sqlite_settings, {"k2": "2" * 32}, "k2")
    with TestClient(create_app(new_only)) as server:
        assert result(rpc(server, "account.me", token=after["access_token"]))["account"]["username"] == "nina"


def test_an_unknown_authorization_scheme_is_401(app: TestClient) -> None:
    response = app.post(
        "/rpc",
        json={"jsonrpc": "2.0", "method": "system.ping", "id": 1},
        headers={"Authorization": "Basic abc"},
    )
    assert response.status_code == 401
    assert response.json()["error"]["data"]["code"] == errors.TOKEN_INVALID.name


# -- API keys -----------------------------------------------------------------------------------------------------


def test_an_api_key_is_shown_once_and_works_as_bearer_and_as_x_api_key(app: TestClient) -> None:
    session = signed_up(app, "oscar")["access_token"]
    created = result(rpc(app, "apikey.create", {"name": "minority-bot"}, token=session))
    key = created["key"]
    assert key.startswith("gbx_")
    assert created["info"]["role"] == "agent"
    assert key.startswith(created["info"]["prefix"])
    listed = result(rpc(app, "apikey.list", token=session))["keys"]
    assert [k["id"] for k in listed] == [created["info"]["id"]]
    assert key not in str(listed)
    for headers in ({"Authorization": f"Bearer {key}"}, {"X-API-Key": key}):
        me = result(rpc(app, "account.me", headers=headers))
        assert (me["auth"], me["api_key_id"], me["acting_role"]) == (
            "api_key",
            created["info"]["id"],
            "agent",
        )
    used = result(rpc(app, "apikey.list", token=session))["keys"][0]
    assert used["last_used_at"] is not None
    assert audit_types(app).count("apikey.first_used") == 1

    async def stored_hash() -> str:
        async with services_of(app).sessions() as db:
            return str((await db.execute(select(ApiKeyRecord.key_hash))).scalar_one())

    assert key not in app.portal.call(stored_hash)  # type: ignore[union-attr]


def test_a_revoked_key_stops_working_at_once(app: TestClient) -> None:
    session = signed_up(app, "peggy")["access_token"]
    created = result(rpc(app, "apikey.create", {"name": "tool"}, token=session))
    result(rpc(app, "apikey.revoke", {"key_id": created["info"]["id"]}, token=session))
    response = app.post(
        "/rpc",
        json={"jsonrpc": "2.0", "method": "account.me", "id": 1},
        headers={"X-API-Key": created["key"]},
    )
    assert response.status_code == 401
    assert response.json()["error"]["data"]["code"] == errors.TOKEN_INVALID.name
    assert "apikey.revoked" in audit_types(app)


def test_key_roles_are_capped_and_keys_cannot_make_keys(app: TestClient) -> None:
    session = signed_up(app, "quinn")["access_token"]
    data = assert_error(
        rpc(app, "apikey.create", {"name": "x", "role": "admin"}, token=session), errors.FORBIDDEN
    )
    assert data["details"]["required_role"] == "admin"
    key = result(rpc(app, "apikey.create", {"name": "y"}, token=session))["key"]
    assert_error(rpc(app, "apikey.create", {"name": "z"}, headers={"X-API-Key": key}), errors.FORBIDDEN)


def test_nobody_revokes_anothers_key(app: TestClient) -> None:
    owner = signed_up(app, "rita")["access_token"]
    other = signed_up(app, "sam")["access_token"]
    key_id = result(rpc(app, "apikey.create", {"name": "k"}, token=owner))["info"]["id"]
    assert_error(rpc(app, "apikey.revoke", {"key_id": key_id}, token=other), errors.API_KEY_NOT_FOUND)


def test_an_expired_key_is_refused(app: TestClient) -> None:
    session = signed_up(app, "tina")["access_token"]
    past = assert_error(
        rpc(app, "apikey.create", {"name": "old", "expires_at": "2020-01-01T00:00:00Z"}, token=session),
        errors.INVALID_PARAMS,
    )
    assert past["details"][0]["path"] == "params.expires_at"
    soon = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 2))
    key = result(rpc(app, "apikey.create", {"name": "brief", "expires_at": soon}, token=session))["key"]
    assert result(rpc(app, "account.me", headers={"X-API-Key": key}))["auth"] == "api_key"
    time.sleep(2.2)
    assert (
        app.post(
            "/rpc", json={"jsonrpc": "2.0", "method": "account.me", "id": 1}, headers={"X-API-Key": key}
        ).status_code
        == 401
    )


def test_guesses_sent_at_once_cannot_slip_past_the_lockout(app: TestClient) -> None:
    register(app, "uma")
    guesses = [
        {
            "jsonrpc": "2.0",
            "method": "auth.login",
            "params": {"username": "uma", "password": f"guess {n}"},
            "id": n,
        }
        for n in range(1, 31)
    ]
    right = {
        "jsonrpc": "2.0",
        "method": "auth.login",
        "params": {"username": "uma", "password": PASSWORD},
        "id": 99,
    }
    replies = {reply["id"]: reply for reply in app.post("/rpc", json=[*guesses, right]).json()}
    codes = [replies[n]["error"]["data"]["code"] for n in range(1, 31)]
    assert codes.count(errors.INVALID_CREDENTIALS.name) == 5  # the lockout's allowance, no more
    assert codes.count(errors.LOCKED_OUT.name) == 25
    assert_error(replies[99], errors.LOCKED_OUT)  # the right password too: the account is locked


def test_a_promotion_brings_the_admin_tier_and_a_demotion_takes_it_away(app: TestClient) -> None:
    register(app, "vera")
    services = services_of(app)

    async def promote_then_demote() -> tuple[str, str]:
        from goldbox.api.call import Client

        promoted = await services.accounts.set_role(
            "vera", Role.ADMIN, actor="cli:test", client=Client("local"), correlation_id="t1"
        )
        demoted = await services.accounts.set_role(
            "vera", Role.PLAYER, actor="cli:test", client=Client("local"), correlation_id="t2"
        )
        return promoted.tier, demoted.tier

    assert app.portal.call(promote_then_demote) == ("admin", "default")  # type: ignore[union-attr]
