"""Health: is the process alive, and can it serve (database reachable and migrated, Redis answering)?"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from goldbox.store import migrate

CHECK_TIMEOUT_S = 2.0
SLOW_CHECK_MS = 1000.0


class Status(StrEnum):
    HEALTHY = "healthy"
    DEGRADED = "degraded"
    UNHEALTHY = "unhealthy"


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    ok: bool
    latency_ms: float
    error: str | None = None
    critical: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": "pass" if self.ok else "fail",
            "latency_ms": round(self.latency_ms, 2),
            "error": self.error,
        }


Probe = Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Check:
    """A named probe; a failing critical check makes the server not ready."""

    name: str
    probe: Probe
    critical: bool = True


async def run_check(check: Check) -> CheckResult:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(check.probe(), CHECK_TIMEOUT_S)
    except TimeoutError:
        error: str | None = f"no answer within {CHECK_TIMEOUT_S:g}s"
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
    else:
        error = None
    elapsed = (time.perf_counter() - started) * 1000
    return CheckResult(check.name, error is None, elapsed, error, check.critical)


async def run_checks(checks: list[Check]) -> list[CheckResult]:
    return list(await asyncio.gather(*(run_check(check) for check in checks)))


def overall(results: list[CheckResult]) -> Status:
    """Unhealthy when a critical check fails; degraded when a minor one fails or any answers slowly."""
    if any(not r.ok and r.critical for r in results):
        return Status.UNHEALTHY
    if any(not r.ok or r.latency_ms > SLOW_CHECK_MS for r in results):
        return Status.DEGRADED
    return Status.HEALTHY


def database_check(engine: AsyncEngine) -> Check:
    async def probe() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    return Check("database", probe)


def migrations_check(engine: AsyncEngine) -> Check:
    head = migrate.head_revision()

    async def probe() -> None:
        current = await migrate.current_revision(engine)
        if current != head:
            raise RuntimeError(
                f"database is at revision {current}, the code needs {head}: run goldbox migrate up"
            )

    return Check("migrations", probe)


def redis_check(ping: Callable[[], Awaitable[Any]]) -> Check:
    async def probe() -> None:
        await ping()

    return Check("redis", probe)
