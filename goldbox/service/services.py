"""Everything a running server holds: settings, database, Redis, the RPC engine, live sockets.

One `Services` is made per process at start-up and closed at shutdown; methods reach it
through their `Call`, never through globals.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from goldbox.api.jsonrpc import JsonRpcEngine
from goldbox.api.registry import Registry
from goldbox.infra import redis_client
from goldbox.ops import health
from goldbox.ops.config import Settings
from goldbox.store.database import create_engine, session_factory
from goldbox.store.game_log import GameLog

CloseSocket = Callable[[int, str], Awaitable[None]]


@dataclass
class Services:
    settings: Settings
    registry: Registry
    rpc: JsonRpcEngine
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    games: GameLog
    redis: Redis | None
    started_at: float = field(default_factory=time.monotonic)
    draining: bool = False
    sockets: dict[int, CloseSocket] = field(default_factory=dict)

    @classmethod
    def start(cls, settings: Settings, registry: Registry) -> Services:
        engine = create_engine(settings)
        sessions = session_factory(engine)
        return cls(
            settings=settings,
            registry=registry,
            rpc=JsonRpcEngine(registry, settings.rpc_max_batch),
            engine=engine,
            sessions=sessions,
            games=GameLog(sessions),
            redis=redis_client.connect(settings.redis_url) if settings.redis_url else None,
        )

    @property
    def uptime_s(self) -> float:
        return time.monotonic() - self.started_at

    @functools.cached_property
    def health_checks(self) -> list[health.Check]:
        """What /health and /health/ready probe: built once, run on every probe."""
        checks = [health.database_check(self.engine), health.migrations_check(self.engine)]
        if self.redis is not None:
            checks.append(health.redis_check(self.redis.ping))
        return checks

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()
