"""`goldbox admin`: making the first admin and changing roles from the command line, audited."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from goldbox.service.session_checks import SESSION_RECHECK_S
from goldbox.store import migrate
from goldbox.store.database import engine_for_url, session_factory
from goldbox.store.models import AccountRecord, AuditRecord
from goldbox.transport.app import create_app
from tests.conftest import FAST_HASHING, make_settings, sqlite_url
from tests.integration.auth.rpc_client import PASSWORD, error_code, login, result, rpc
from tests.integration.test_cli import goldbox


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path)
    migrate.upgrade(url)
    return url


def env_for(url: str) -> dict[str, str]:
    return {
        "GOLDBOX_DATABASE_URL": url,
        "GOLDBOX_LOG_LEVEL": "warning",
        **{f"GOLDBOX_{key.upper()}": str(value) for key, value in FAST_HASHING.items()},
    }


def audit_rows(url: str) -> list[AuditRecord]:
    async def read() -> list[AuditRecord]:
        engine = engine_for_url(url)
        try:
            async with session_factory(engine)() as session:
                return list((await session.execute(select(AuditRecord).order_by(AuditRecord.seq))).scalars())
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_create_user_makes_the_first_admin(database: str) -> None:
    created = goldbox(
        "admin", "create-user", "--username", "root", "--role", "admin", "--password-stdin",
        env=env_for(database), input=f"{PASSWORD}\n",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    assert "created admin root" in created.output
    assert PASSWORD not in created.output
    (row,) = audit_rows(database)
    assert (row.type, row.actor.startswith("cli:"), row.details["role"]) == (
        "account.registered",
        True,
        "admin",
    )
    with TestClient(create_app(make_settings(database))) as client:
        token = login(client, "root")["access_token"]
        assert result(rpc(client, "account.me", token=token))["account"]["role"] == "admin"
        assert "events" in result(rpc(client, "admin.audit.query", {"limit": 5}, token=token))


def test_create_user_refuses_a_weak_password_and_writes_nothing(database: str) -> None:
    refused = goldbox(
        "admin", "create-user", "--username", "root", "--role", "admin", "--password-stdin",
        env=env_for(database), input="password\n",
    )  # fmt: skip
    assert refused.exit_code == 1
    assert "GBX_WEAK_PASSWORD" in refused.output
    assert audit_rows(database) == []


def test_set_role_promotes_and_ends_the_accounts_sessions(database: str) -> None:
    with TestClient(create_app(make_settings(database))) as client:
        result(rpc(client, "auth.register", {"username": "ops", "password": PASSWORD}))
        token = login(client, "ops")["access_token"]
        assert result(rpc(client, "account.me", token=token))["acting_role"] == "player"
        promoted = goldbox("admin", "set-role", "ops", "admin", env=env_for(database))
        assert promoted.exit_code == 0, promoted.output
        # The old token carried the old role: its session is over. Without Redis the server learns
        # it from the database, within SESSION_RECHECK_S.
        deadline = time.monotonic() + SESSION_RECHECK_S + 2
        while (
            client.post(
                "/rpc",
                json={"jsonrpc": "2.0", "method": "account.me", "id": 1},
                headers={"Authorization": f"Bearer {token}"},
            ).status_code
            == 200
        ):
            assert time.monotonic() < deadline, "the ended session still works"
            time.sleep(0.25)
        fresh = login(client, "ops")["access_token"]
        assert result(rpc(client, "account.me", token=fresh))["account"]["role"] == "admin"
    changed = [row for row in audit_rows(database) if row.type == "account.role_changed"]
    assert [(r.details["previous_role"], r.details["new_role"]) for r in changed] == [("player", "admin")]


def test_set_role_of_an_unknown_account_fails_clearly(database: str) -> None:
    missing = goldbox("admin", "set-role", "ghost", "admin", env=env_for(database))
    assert missing.exit_code == 1
    assert "GBX_ACCOUNT_NOT_FOUND" in missing.output


def test_self_registration_then_admin_rpc_is_forbidden_until_promoted(database: str) -> None:
    with TestClient(create_app(make_settings(database))) as client:
        result(rpc(client, "auth.register", {"username": "eve", "password": PASSWORD}))
        token = login(client, "eve")["access_token"]
        assert error_code(rpc(client, "admin.audit.query", token=token)) == "GBX_FORBIDDEN"

    async def role() -> str:
        engine = engine_for_url(database)
        try:
            async with session_factory(engine)() as session:
                return str((await session.execute(select(AccountRecord.role))).scalar_one())
        finally:
            await engine.dispose()

    assert asyncio.run(role()) == "player"


def test_set_tier_moves_the_account_and_is_audited(database: str) -> None:
    with TestClient(create_app(make_settings(database))) as client:
        result(rpc(client, "auth.register", {"username": "pro", "password": PASSWORD}))
        moved = goldbox("admin", "set-tier", "pro", "premium", env=env_for(database))
        assert moved.exit_code == 0, moved.output
        token = login(client, "pro")["access_token"]
        assert result(rpc(client, "account.me", token=token))["account"]["tier"] == "premium"
    assert goldbox("admin", "set-tier", "pro", "gold", env=env_for(database)).exit_code == 2  # not a tier
    changed = [row for row in audit_rows(database) if row.type == "account.tier_changed"]
    assert [(r.details["previous_tier"], r.details["new_tier"]) for r in changed] == [("default", "premium")]


def test_an_admin_sets_a_tier_over_rpc(database: str) -> None:
    created = goldbox(
        "admin", "create-user", "--username", "root", "--role", "admin", "--password-stdin",
        env=env_for(database), input=f"{PASSWORD}\n",
    )  # fmt: skip
    assert created.exit_code == 0
    with TestClient(create_app(make_settings(database))) as client:
        result(rpc(client, "auth.register", {"username": "fan", "password": PASSWORD}))
        token = login(client, "root")["access_token"]
        moved = result(
            rpc(client, "admin.account.set_tier", {"username": "fan", "tier": "premium"}, token=token)
        )
        assert moved["tier"] == "premium"
        assert error_code(
            rpc(client, "admin.account.set_tier", {"username": "ghost", "tier": "premium"}, token=token)
        ) == ("GBX_ACCOUNT_NOT_FOUND")
