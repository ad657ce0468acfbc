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
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from goldbox.api.jsonrpc import JsonRpcEngine
from goldbox.api.registry import Registry
from goldbox.auth.lockout import LoginGuard
from goldbox.auth.passwords import PasswordHasher
from goldbox.auth.tokens import TokenKeys
from goldbox.content.loader import load_content
from goldbox.infra import redis_client
from goldbox.infra.event_bus import event_bus_for
from goldbox.infra.leaderboard_store import leaderboard_store_for
from goldbox.infra.presence import presence_store_for
from goldbox.infra.rate_limit import RateLimiter
from goldbox.infra.revocations import Revocations, revocations_for
from goldbox.ops import health
from goldbox.ops.config import Settings
from goldbox.service.accounts import Accounts
from goldbox.service.adventures import Adventures, Outcome
from goldbox.service.api_keys import ApiKeys
from goldbox.service.characters import Characters
from goldbox.service.game_events import GameEvents
from goldbox.service.gatekeeper import Gatekeeper
from goldbox.service.leaderboards import Leaderboards
from goldbox.service.logins import Logins
from goldbox.service.matches import Matches, Written
from goldbox.service.ratings import Ratings
from goldbox.service.score_keeper import ScoreKeeper
from goldbox.service.session_checks import SessionChecks
from goldbox.service.tournaments import Tournaments
from goldbox.service.turns import Turns
from goldbox.store.database import create_engine, session_factory
from goldbox.store.game_log import GameLog

CloseSocket = Callable[[int, str], Awaitable[None]]
SessionEnded = Callable[[str], None]


@dataclass
class Services:
    settings: Settings
    registry: Registry
    rpc: JsonRpcEngine
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    games: GameLog
    redis: Redis | None
    hasher: PasswordHasher
    limiter: RateLimiter
    revocations: Revocations
    logins: Logins
    session_checks: SessionChecks
    accounts: Accounts
    api_keys: ApiKeys
    gatekeeper: Gatekeeper
    game_events: GameEvents
    characters: Characters
    adventures: Adventures
    leaderboards: Leaderboards
    score_keeper: ScoreKeeper
    turns: Turns
    matches: Matches
    ratings: Ratings
    tournaments: Tournaments
    started_at: float = field(default_factory=time.monotonic)
    draining: bool = False
    sockets: dict[int, CloseSocket] = field(default_factory=dict)
    session_sockets: dict[str, dict[int, SessionEnded]] = field(default_factory=dict)

    @classmethod
    def start(cls, settings: Settings, registry: Registry) -> Services:
        engine = create_engine(settings)
        sessions = session_factory(engine)
        redis = (
            redis_client.connect(settings.redis_url, settings.redis_max_connections)
            if settings.redis_url
            else None
        )
        hasher = PasswordHasher(
            time_cost=settings.password_hash_time_cost,
            memory_cost=settings.password_hash_memory_kib,
            parallelism=settings.password_hash_parallelism,
            max_concurrency=settings.password_hash_concurrency,
        )
        limiter = RateLimiter(settings.redis_url, key_prefix=settings.redis_key_prefix)
        guard = LoginGuard(
            limiter,
            account_failures=settings.login_account_failures,
            account_lockout_s=settings.login_account_lockout_s,
            ip_failures=settings.login_ip_failures,
            ip_lockout_s=settings.login_ip_lockout_s,
        )
        revocations = revocations_for(redis, settings.redis_key_prefix)
        logins = Logins(settings, sessions, hasher, guard, revocations, TokenKeys.from_settings(settings))
        api_keys = ApiKeys(sessions, revocations)
        session_checks = SessionChecks(settings, sessions, revocations, logins.keys, logins.end_everywhere)
        games = GameLog(sessions)
        bus = event_bus_for(redis, settings.redis_key_prefix)
        leaderboards = Leaderboards(
            leaderboard_store_for(redis, sessions, settings.redis_key_prefix), sessions
        )
        adventures = Adventures(sessions, settings.turn_timeout_s, settings.live_games)
        matches = Matches(sessions)
        services = cls(
            settings=settings,
            registry=registry,
            rpc=JsonRpcEngine(registry, settings.rpc_max_batch, unavailable=(PoolTimeout,)),
            engine=engine,
            sessions=sessions,
            games=games,
            redis=redis,
            hasher=hasher,
            limiter=limiter,
            revocations=revocations,
            logins=logins,
            accounts=Accounts(sessions, hasher, logins),
            api_keys=api_keys,
            session_checks=session_checks,
            gatekeeper=Gatekeeper(settings, limiter, session_checks, api_keys),
            game_events=GameEvents(games, sessions, bus, settings.event_queue_size),
            characters=Characters(sessions, load_content()),
            adventures=adventures,
            leaderboards=leaderboards,
            score_keeper=ScoreKeeper(leaderboards, sessions),
            turns=Turns(
                adventures,
                sessions,
                presence_store_for(redis, settings.redis_key_prefix),
                settings.turn_timeout_s,
                settings.turn_grace_s,
            ),
            matches=matches,
            ratings=Ratings(sessions, leaderboards.store),
            tournaments=Tournaments(sessions, matches),
        )
        revocations.on_session_ended(services._session_ended)
        services.adventures.after_commit += [services._publish_play, services._score_play]
        services.adventures.after_commit.append(services.turns.turn_began)
        services.game_events.on_watch = services.turns.watching
        services.matches.after_commit.append(services._publish_match)
        services.matches.on_finished += [services.ratings.match_finished, services.tournaments.match_finished]
        return services

    async def open(self, sweepers: bool = True) -> None:
        """Start what needs a running loop: hearing about sessions ended and game events published
        in other processes, and (`sweepers`: a server, not a one-off command) the turn sweeper, the
        leaderboard sweeper and the match clock."""
        await self.revocations.start()
        await self.game_events.bus.start()
        if sweepers:
            self.turns.start()
            self.score_keeper.start()
            self.matches.clock.start()
            self.ratings.start()
            self.tournaments.start()

    def watch_session(self, session_id: str, socket_id: int, on_end: SessionEnded) -> None:
        """Call `on_end` when this session ends (logout, refresh reuse, password or role change)."""
        self.session_sockets.setdefault(session_id, {})[socket_id] = on_end

    def unwatch_session(self, session_id: str, socket_id: int) -> None:
        watchers = self.session_sockets.get(session_id)
        if watchers is not None:
            watchers.pop(socket_id, None)
            if not watchers:
                del self.session_sockets[session_id]

    async def _publish_play(self, outcome: Outcome) -> None:
        """After an RPG action commits: its events to everyone watching the game."""
        await self.game_events.publish(outcome.game.id, outcome.events)

    async def _publish_match(self, written: Written) -> None:
        """After a match's change commits: its events to everyone watching the match."""
        await self.game_events.publish(written.stored.id, written.events)

    async def _score_play(self, outcome: Outcome) -> None:
        """After an RPG action commits: its XP, depth and clears to the leaderboards (or, failing
        that, to the leaderboard sweep, which finds them in the log)."""
        await self.score_keeper.record_action(outcome.game.id, outcome.accounts_by_character, outcome.events)

    def _session_ended(self, session_id: str) -> None:
        for on_end in list(self.session_sockets.get(session_id, {}).values()):
            on_end(session_id)

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
        await self.turns.close()
        await self.tournaments.close()
        await self.ratings.close()
        await self.matches.clock.close()
        await self.score_keeper.close()
        await self.game_events.close()
        await self.game_events.bus.close()
        await self.revocations.close()
        await self.limiter.close()
        self.hasher.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()
