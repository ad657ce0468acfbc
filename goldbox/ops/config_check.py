"""`goldbox config check`: every problem with the configuration, one actionable line each."""

from __future__ import annotations

import asyncio
import errno
import socket
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.engine import make_url

from goldbox.infra import redis_client
from goldbox.ops.config import Settings, load_settings
from goldbox.store import migrate
from goldbox.store.database import engine_for_url

REACH_TIMEOUT_S = 3.0


@dataclass(frozen=True, slots=True)
class Finding:
    ok: bool
    line: str


def settings_problems(error: ValidationError) -> list[Finding]:
    """One line per invalid setting, named as the operator sets it; values are never echoed."""
    findings = []
    for problem in error.errors(include_url=False, include_input=False):
        field = ".".join(str(part) for part in problem["loc"])
        name = f"GOLDBOX_{field.upper()}" if field else "configuration"
        message = str(problem["msg"]).removeprefix("Value error, ")
        findings.append(Finding(False, f"{name}: {message}"))
    return findings


def check(config_file: Path | None) -> list[Finding]:
    try:
        settings = load_settings(config_file)
    except FileNotFoundError as exc:
        return [Finding(False, f"--config: {exc}")]
    except ValidationError as exc:
        return settings_problems(exc)
    findings = [Finding(True, f"settings valid (environment: {settings.env.value})")]
    missing_folder = _missing_sqlite_folder(settings)
    findings += [missing_folder] if missing_folder else asyncio.run(_reachability(settings))
    findings.append(_port_free(settings.host, settings.port))
    return findings


async def _reachability(settings: Settings) -> list[Finding]:
    findings = [await _database(settings)]
    if settings.redis_url:
        findings.append(await _redis(settings.redis_url))
    return findings


async def _database(settings: Settings) -> Finding:
    shown = make_url(settings.database_url).render_as_string(hide_password=True)
    engine = engine_for_url(settings.database_url)
    try:
        async with asyncio.timeout(REACH_TIMEOUT_S):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            current = await migrate.current_revision(engine)
    except TimeoutError:
        return Finding(False, f"GOLDBOX_DATABASE_URL: {shown} did not answer within {REACH_TIMEOUT_S:g}s")
    except Exception as exc:
        return Finding(False, f"GOLDBOX_DATABASE_URL: cannot connect to {shown}: {_short(exc)}")
    finally:
        await engine.dispose()
    head = migrate.head_revision()
    state = "up to date" if current == head else f"at {current}, will be migrated to {head} by goldbox serve"
    return Finding(True, f"database {shown} reachable, schema {state}")


def _missing_sqlite_folder(settings: Settings) -> Finding | None:
    database = make_url(settings.database_url).database
    if not settings.is_sqlite or not database or database == ":memory:":
        return None
    folder = Path(database).resolve().parent
    if folder.is_dir():
        return None
    return Finding(False, f"GOLDBOX_DATABASE_URL: folder {folder} does not exist: create it")


async def _redis(url: str) -> Finding:
    client = redis_client.connect(url)
    try:
        async with asyncio.timeout(REACH_TIMEOUT_S):
            await client.ping()
    except Exception as exc:
        return Finding(False, f"GOLDBOX_REDIS_URL: cannot reach Redis: {_short(exc)}")
    finally:
        await client.aclose()
    return Finding(True, "redis reachable")


def _port_free(host: str, port: int) -> Finding:
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return Finding(
                False, f"GOLDBOX_PORT: {host}:{port} is in use: stop the other server or pick a port"
            )
        return Finding(False, f"GOLDBOX_HOST: cannot listen on {host}:{port}: {exc.strerror}")
    return Finding(True, f"{host}:{port} is free")


def _short(exc: BaseException) -> str:
    return (f"{type(exc).__name__}: {exc}".splitlines() or [type(exc).__name__])[0][:200]
