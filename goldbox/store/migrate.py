"""Alembic, driven from code: the migrations ship inside the package, so no alembic.ini is needed.

These functions are synchronous (Alembic runs its own event loop in env.py); from async code,
call them through `asyncio.to_thread`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "-1") -> None:
    command.downgrade(alembic_config(database_url), revision)


@functools.cache
def head_revision() -> str:
    """The newest shipped migration. Read once: health probes ask for it every few seconds."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if head is None:
        raise RuntimeError("goldbox ships no migrations")
    return head


@dataclass(frozen=True, slots=True)
class Revision:
    revision: str
    down_revision: str | None
    message: str


def history() -> list[Revision]:
    """Every shipped migration, oldest first."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revisions = [
        Revision(r.revision, _single(r.down_revision), (r.doc or "").strip()) for r in script.walk_revisions()
    ]
    return list(reversed(revisions))


def _single(down: str | Sequence[str] | None) -> str | None:
    if down is not None and not isinstance(down, str):
        return ",".join(down)
    return down


VERSION_TABLE = "alembic_version"


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at, or None for a database never migrated.

    Read straight from Alembic's version table: health probes call this often, and Alembic's
    own reader logs on every call.
    """
    async with engine.connect() as connection:
        if not await connection.run_sync(_has_version_table):
            return None
        revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        return None if revision is None else str(revision)


def _has_version_table(connection: Connection) -> bool:
    return inspect(connection).has_table(VERSION_TABLE)
