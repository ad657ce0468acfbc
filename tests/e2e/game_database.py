"""The database a real `goldbox serve` plays on in the end-to-end tests, and what a test reads back
from it once the server has stopped: the stored games with their logs, and `goldbox replay`'s verdict.
Shared by the tests that play whole games (the crash test, the adventure)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from goldbox.store.database import engine_for_url, session_factory
from goldbox.store.game_log import GameLog, LoggedEvent, StoredGame
from tests.conftest import sqlite_url
from tests.e2e.live_server import ROOT

ServerDatabase = tuple[str, dict[str, str]]
"""The database URL, and the server's environment for it."""

KINDS = ["sqlite", pytest.param("postgresql-redis", marks=[pytest.mark.postgres, pytest.mark.redis])]
"""SQLite (the embedded default, no Redis) always; PostgreSQL with Redis when the test URLs are set."""


def server_database(
    request: pytest.FixtureRequest, tmp_path: Path, settings: dict[str, str]
) -> ServerDatabase:
    """A fresh database of the kind `request.param` names, and a quiet, fast server environment for
    it with `settings` on top."""
    env = {
        "GOLDBOX_SECRET_KEY": "e2e-" + "x" * 40,  # fixed, so tokens outlive a restart
        "GOLDBOX_LOG_LEVEL": "warning",
        "GOLDBOX_RATE_LIMITS_ENABLED": "false",
        "GOLDBOX_PASSWORD_HASH_MEMORY_KIB": "1024",
        "GOLDBOX_PASSWORD_HASH_TIME_COST": "1",
        **settings,
    }
    if request.param == "sqlite":
        url = sqlite_url(tmp_path)
    else:
        url = str(request.getfixturevalue("postgres_url"))
        env["GOLDBOX_REDIS_URL"] = str(request.getfixturevalue("redis_url"))
        env["GOLDBOX_REDIS_KEY_PREFIX"] = f"goldbox-e2e-{uuid.uuid4().hex[:8]}"
    return url, {**env, "GOLDBOX_DATABASE_URL": url}


async def read_games(url: str, game_ids: list[str]) -> dict[str, tuple[StoredGame, list[LoggedEvent]]]:
    """Each game as stored, with its whole log, read straight from the database."""
    engine = engine_for_url(url)
    try:
        games = GameLog(session_factory(engine))
        return {
            game_id: (await games.load(game_id), await games.events_after(game_id, 0, 1_000_000))
            for game_id in game_ids
        }
    finally:
        await engine.dispose()


def replay_command(url: str, game_id: str) -> subprocess.CompletedProcess[str]:
    """`goldbox replay` of one game, run as an operator would, with only the database URL set."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GOLDBOX_")}
    return subprocess.run(
        [sys.executable, "-m", "goldbox", "replay", game_id],
        cwd=ROOT,
        env={**environment, "GOLDBOX_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
