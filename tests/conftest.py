"""Shared fixtures: databases (SQLite always; PostgreSQL and Redis when named), apps and clients.

PostgreSQL and Redis come from GOLDBOX_TEST_DATABASE_URL and GOLDBOX_TEST_REDIS_URL. Locally a
test that needs one is skipped when it is not configured; with CI=true it fails instead, so CI
can never pass by skipping them.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
from redis.asyncio import Redis
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from goldbox.ops.config import Settings, normalise_database_url
from goldbox.store import migrate
from goldbox.transport.app import create_app

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_ENV = "GOLDBOX_TEST_DATABASE_URL"
REDIS_ENV = "GOLDBOX_TEST_REDIS_URL"
T = TypeVar("T")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own GOLDBOX_* settings must not change what the tests see."""
    for name in list(os.environ):
        if name.startswith("GOLDBOX_") and not name.startswith("GOLDBOX_TEST_"):
            monkeypatch.delenv(name)


def unavailable(what: str) -> None:
    """Skip locally, fail in CI: a missing backend must never turn CI green."""
    if IN_CI:
        pytest.fail(f"CI=true but {what}", pytrace=False)
    pytest.skip(what)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run async set-up from a synchronous fixture, on a thread of its own with its own loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _admin_execute(url: str, statement: str) -> None:
    connection = await asyncio.wait_for(asyncpg.connect(_asyncpg_dsn(url)), 5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        unavailable(f"{POSTGRES_ENV} is not set")
    assert base
    base = normalise_database_url(base)
    name = f"goldbox_test_{uuid.uuid4().hex[:12]}"
    try:
        run_coroutine(_admin_execute(base, f'CREATE DATABASE "{name}"'))
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        unavailable(f"PostgreSQL at {POSTGRES_ENV} is unreachable: {exc}")
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        run_coroutine(_admin_execute(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def redis_url() -> str:
    url = os.environ.get(REDIS_ENV)
    if not url:
        unavailable(f"{REDIS_ENV} is not set")
    assert url
    client = Redis.from_url(url, socket_connect_timeout=3)
    try:
        await client.ping()
    except Exception as exc:
        unavailable(f"Redis at {REDIS_ENV} is unreachable: {exc}")
    finally:
        await client.aclose()
    return url


def sqlite_url(folder: Path) -> str:
    return f"sqlite+aiosqlite:///{folder / 'goldbox.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind goldbox supports, one test run per kind."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
async def migrated_url(database_url: str) -> str:
    await asyncio.to_thread(migrate.upgrade, database_url)
    return database_url


FAST_HASHING = {"password_hash_memory_kib": 1024, "password_hash_time_cost": 1}


def make_settings(database_url: str, **overrides: object) -> Settings:
    """Test settings: cheap password hashing, and rate limits off unless a test turns them on."""
    values: dict[str, object] = {
        "database_url": database_url,
        "log_level": "warning",
        "access_log": False,
        "rate_limits_enabled": False,
        "gc_tuning": False,  # it changes the whole test process's collector; tests/unit/ops covers it
        **FAST_HASHING,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    """Settings for an in-process app on a migrated SQLite file."""
    url = sqlite_url(tmp_path)
    migrate.upgrade(url)
    return make_settings(url)


@pytest.fixture
def client(sqlite_settings: Settings) -> Iterator[TestClient]:
    """The whole app in-process (lifespan included), for HTTP and WebSocket tests."""
    with TestClient(create_app(sqlite_settings)) as test_client:
        yield test_client
