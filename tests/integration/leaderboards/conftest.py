"""The leaderboard API tests run on each pair of backends goldbox supports, as the auth tests do:
SQLite with the SQL leaderboard store, and (in CI) PostgreSQL with the Redis sorted-set store."""

from __future__ import annotations

from tests.integration.auth.conftest import app, auth_settings, backends

__all__ = ["app", "auth_settings", "backends"]
