"""The play tests run the app in-process on SQLite, and (in CI) on PostgreSQL with Redis."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.testclient import TestClient

from goldbox.service.services import Services
from goldbox.store import migrate
from goldbox.transport.app import create_app
from tests.conftest import make_settings

PASSWORD = "correct horse battery staple"
_ids = itertools.count(1)


Database = tuple[str, dict[str, object]]


@pytest.fixture(params=["sqlite", pytest.param("postgresql-redis", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Database:
    """A migrated database (and, for PostgreSQL, a Redis key space) that several apps may share."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'goldbox.db'}"
        overrides: dict[str, object] = {}
    else:
        url = str(request.getfixturevalue("postgres_url"))
        overrides = {
            "redis_url": request.getfixturevalue("redis_url"),
            "redis_key_prefix": f"goldbox-test-{uuid.uuid4().hex[:12]}",
        }
    migrate.upgrade(url)
    return url, overrides


@contextmanager
def server(database: Database, **settings: object) -> Iterator[TestClient]:
    """One server process (in-process app) on the shared database."""
    url, overrides = database
    with TestClient(create_app(make_settings(url, **overrides, **settings))) as client:
        yield client


@pytest.fixture
def app(database: Database) -> Iterator[TestClient]:
    with server(database) as client:
        yield client


def services(client: TestClient) -> Services:
    found: Services = client.app.state.services  # type: ignore[attr-defined]
    return found


def call(client: TestClient, method: str, params: dict[str, Any], token: str) -> Any:
    message = {"jsonrpc": "2.0", "method": method, "params": params, "id": next(_ids)}
    return client.post("/rpc", json=message, headers={"Authorization": f"Bearer {token}"}).json()


def ok(reply: Any) -> Any:
    assert "result" in reply, reply
    return reply["result"]


def code(reply: Any) -> str:
    assert "error" in reply, reply
    found: str = reply["error"]["data"]["code"]
    return found


@dataclass
class Player:
    client: TestClient
    token: str

    def __call__(self, rpc_method: str, /, **params: Any) -> Any:
        return call(self.client, rpc_method, params, self.token)


def player(client: TestClient, name: str) -> Player:
    message = {"username": name, "password": PASSWORD}
    registered = client.post(
        "/rpc", json={"jsonrpc": "2.0", "method": "auth.register", "params": message, "id": 1}
    )
    assert "result" in registered.json(), registered.json()
    login = client.post(
        "/rpc", json={"jsonrpc": "2.0", "method": "auth.login", "params": message, "id": 2}
    ).json()
    token = login["result"]["access_token"]
    return Player(client, token)
