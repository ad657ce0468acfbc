"""The auth tests run on each pair of backends goldbox supports: SQLite with in-process limits and
revocations, and (in CI) PostgreSQL with Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from goldbox.ops.config import Settings
from goldbox.store import migrate
from goldbox.transport.app import create_app
from tests.conftest import make_settings


@pytest.fixture(
    params=["sqlite-memory", pytest.param("postgresql-redis", marks=pytest.mark.postgres)],
)
def backends(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Settings overrides naming a migrated database and, for the second pair, Redis."""
    if request.param == "sqlite-memory":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'goldbox.db'}"
        migrate.upgrade(url)
        return {"database_url": url}
    url = str(request.getfixturevalue("postgres_url"))
    migrate.upgrade(url)
    # A prefix of its own, so limits and lockouts counted by other tests sharing this Redis never leak in.
    prefix = f"goldbox-test-{uuid.uuid4().hex[:12]}"
    return {
        "database_url": url,
        "redis_url": request.getfixturevalue("redis_url"),
        "redis_key_prefix": prefix,
    }


@pytest.fixture
def auth_settings(backends: dict[str, object]) -> Settings:
    overrides = {key: value for key, value in backends.items() if key != "database_url"}
    return make_settings(str(backends["database_url"]), **overrides)


@pytest.fixture
def app(auth_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(auth_settings)) as client:
        yield client
