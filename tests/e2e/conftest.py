"""Fixtures for the end-to-end tests that play whole games against a real server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.game_database import KINDS, ServerDatabase, server_database


@pytest.fixture
def server_settings() -> dict[str, str]:
    """Extra server environment for the `database` fixture; a test module overrides it when its game
    needs a setting of its own."""
    return {}


@pytest.fixture(params=KINDS)
def database(
    request: pytest.FixtureRequest, tmp_path: Path, server_settings: dict[str, str]
) -> ServerDatabase:
    """The database URL and the server's environment for it: SQLite, then PostgreSQL with Redis."""
    return server_database(request, tmp_path, server_settings)
