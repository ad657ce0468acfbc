"""The server's configuration: one pydantic-settings model, read from GOLDBOX_* and an optional TOML file.

Precedence, highest first: keyword arguments, environment variables, the TOML file named by
`--config` or `GOLDBOX_CONFIG_FILE`, then the defaults below. `docs/CONFIGURATION.md` lists every
field; a test keeps the two in step.
"""

from __future__ import annotations

import functools
import os
import secrets
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from limits import parse as parse_rate_limit
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

CONFIG_FILE_ENV = "GOLDBOX_CONFIG_FILE"
MIN_SECRET_BYTES = 32

SUPPORTED_DATABASE_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
REDIS_SCHEMES = ("redis", "rediss", "unix")

_config_file: ContextVar[Path | None] = ContextVar("goldbox_config_file", default=None)


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class LogFormat(StrEnum):
    AUTO = "auto"
    JSON = "json"
    CONSOLE = "console"


class InsecureConfiguration(ValueError):
    """Production was asked to run with a default that is only safe on a developer's machine."""


def normalise_database_url(url: str) -> str:
    """Accept the URLs operators paste (postgres://, sqlite:///) and pick goldbox's async drivers."""
    for plain, driver in (
        ("postgres://", "postgresql+asyncpg://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


PositiveSeconds = Annotated[float, Field(gt=0, le=3600)]
RateLimit = Annotated[str, Field(description="A rate such as `120/minute` or `10/second`.")]
TIERS = ("default", "premium", "admin")
DEFAULT_TIER_LIMITS = {"default": "300/minute", "premium": "1200/minute", "admin": "6000/minute"}


class Settings(BaseSettings):
    """Everything an operator can set. Field descriptions are the documentation."""

    model_config = SettingsConfigDict(env_prefix="GOLDBOX_", extra="forbid", validate_default=True)

    env: Environment = Field(
        Environment.DEVELOPMENT,
        description="`development` or `production`; production refuses insecure defaults.",
    )
    host: str = Field("127.0.0.1", description="Address `goldbox serve` listens on.")
    port: int = Field(8080, ge=1, le=65535, description="TCP port `goldbox serve` listens on.")
    workers: int = Field(1, ge=1, le=64, description="Server processes sharing the port.")
    database_url: str = Field(
        "sqlite+aiosqlite:///./goldbox.db",
        description="SQLAlchemy URL: a SQLite file (WAL mode) or `postgresql+asyncpg://…`.",
    )
    database_pool_size: int = Field(10, ge=1, le=500, description="PostgreSQL connections kept open.")
    database_max_overflow: int = Field(
        10, ge=0, le=500, description="Extra PostgreSQL connections allowed under load."
    )
    database_pool_timeout_s: PositiveSeconds = Field(
        10.0, description="How long a request waits for a free database connection."
    )
    redis_url: str | None = Field(
        None, description="Redis URL for shared sessions, cache, rate limits and events; unset: in-process."
    )
    redis_max_connections: int = Field(
        100,
        ge=4,
        le=10_000,
        description="Connections each server process opens to Redis at most; when all are busy, a "
        "command waits up to 5 s for one.",
    )
    redis_key_prefix: str = Field(
        "goldbox",
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="Prefix of every Redis key and channel, so deployments can share one Redis.",
    )
    secret_key: SecretStr | None = Field(
        None,
        description=f"Signing secret, at least {MIN_SECRET_BYTES} bytes. Required in production; "
        "in development an ephemeral one is made at start.",
    )
    log_level: str = Field("info", description="debug, info, warning or error.")
    log_format: LogFormat = Field(
        LogFormat.AUTO, description="`json`, `console`, or `auto` (JSON in production, console otherwise)."
    )
    access_log: bool = Field(True, description="Log one line per HTTP request (method, path, status, time).")
    max_body_bytes: int = Field(
        1_048_576, ge=1024, le=64 * 1_048_576, description="Largest HTTP request body accepted (413 above)."
    )
    request_timeout_s: PositiveSeconds = Field(
        30.0, description="A request or WebSocket call running longer fails with GBX_TIMEOUT (504 over HTTP)."
    )
    shutdown_timeout_s: PositiveSeconds = Field(
        15.0, description="On SIGTERM, how long requests in flight may take to finish."
    )
    rpc_max_batch: int = Field(100, ge=1, le=10_000, description="Most calls in one JSON-RPC batch.")
    ws_max_message_bytes: int = Field(
        1_048_576,
        ge=1024,
        le=64 * 1_048_576,
        description="Largest WebSocket message (closed with 1009 above).",
    )
    ws_max_in_flight: int = Field(
        32, ge=1, le=1024, description="Calls one WebSocket may have running at once; more wait their turn."
    )
    ws_ping_interval_s: PositiveSeconds = Field(
        20.0, description="Seconds between WebSocket keep-alive pings."
    )
    ws_compression: bool = Field(
        False,
        description=(
            "Offer permessage-deflate on WebSockets. Off by default: game messages are small, and"
            " compression costs CPU on every message and zlib memory on every socket."
        ),
    )
    ws_ping_timeout_s: PositiveSeconds = Field(
        20.0, description="A socket whose pong is this late is closed."
    )
    event_queue_size: int = Field(
        256,
        ge=1,
        le=100_000,
        description="Game events one subscriber may fall behind by; beyond, its subscription ends "
        "(WebSocket close 4009) and it resumes from its last seq.",
    )
    ws_max_subscriptions: int = Field(
        10, ge=1, le=1000, description="Games one WebSocket may watch at once (`game.subscribe`)."
    )
    sse_heartbeat_s: PositiveSeconds = Field(
        15.0, description="Seconds between heartbeat comments on an idle event stream (SSE)."
    )
    turn_timeout_s: float = Field(
        60.0,
        gt=0,
        le=86_400,
        description="Seconds a player may take over their turn in an RPG battle; then the server ends "
        "it for them (`turn.timed_out`) and the game goes on.",
    )
    turn_grace_s: float = Field(
        5.0,
        ge=0,
        le=3600,
        description="Seconds a player whose last event stream (WebSocket or SSE) on a game closed keeps "
        "their turn before the server ends it, instead of the whole turn timeout.",
    )
    live_games: int = Field(
        256,
        ge=0,
        le=100_000,
        description="RPG games each server process keeps decoded in memory between actions (the most "
        "recently played); an action on one of them skips restoring it from the database. 0 turns it off.",
    )
    gc_tuning: bool = Field(
        True,
        description="Once started, freeze what the process loaded and collect garbage less often "
        "(see `goldbox/ops/gc_tuning.py`): the collector's full passes otherwise pause requests "
        "for 100 ms and more under load.",
    )
    metrics_enabled: bool = Field(True, description="Serve Prometheus metrics at `/metrics`.")
    jwt_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description='Token signing keys by key id, as JSON (`{"2026-11": "…"}`), each at least '
        f"{MIN_SECRET_BYTES} bytes. All verify; `jwt_signing_key_id` signs. Empty: one key derived "
        "from `secret_key`.",
    )
    jwt_signing_key_id: str | None = Field(
        None, description="Which of `jwt_keys` signs new tokens; may be left out when there is one key."
    )
    access_token_ttl_s: int = Field(900, ge=60, le=86_400, description="Lifetime of an access token.")
    refresh_token_ttl_s: int = Field(
        604_800, ge=300, le=90 * 86_400, description="Lifetime of a refresh token (each is single use)."
    )
    ws_ticket_ttl_s: int = Field(
        30, ge=5, le=300, description="Lifetime of a single-use WebSocket ticket (`auth.ws_ticket`)."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Web origins allowed to call the API from a browser (HTTP CORS and the WebSocket "
        "`Origin`), comma-separated. The server's own origin is always allowed; `*` allows any "
        "(refused in production).",
    )
    forwarded_allow_ips: str = Field(
        "127.0.0.1",
        description="Proxies trusted to set X-Forwarded-For (the client address used by rate limits "
        "and the audit log), comma-separated, or `*`.",
    )
    rate_limits_enabled: bool = Field(True, description="Enforce the request rate limits below.")
    rate_limit_ip: RateLimit = Field("600/minute", description="Requests one client address may make.")
    rate_limit_tiers: dict[str, RateLimit] = Field(
        default_factory=lambda: dict(DEFAULT_TIER_LIMITS),
        description="Requests one account may make, by tier (`default`, `premium`, `admin`), as JSON.",
    )
    ws_message_rate: RateLimit = Field("50/second", description="Messages one WebSocket may send.")
    login_account_failures: int = Field(
        5, ge=1, le=1000, description="Failed logins for one account before it is locked."
    )
    login_account_lockout_s: int = Field(60, ge=1, le=86_400, description="How long that lock lasts.")
    login_ip_failures: int = Field(
        20, ge=1, le=10_000, description="Failed logins from one address before it is locked."
    )
    login_ip_lockout_s: int = Field(600, ge=1, le=86_400, description="How long that lock lasts.")
    password_hash_memory_kib: int = Field(
        65_536, ge=1024, le=4_194_304, description="argon2id memory cost per hash, in KiB."
    )
    password_hash_time_cost: int = Field(3, ge=1, le=20, description="argon2id passes per hash.")
    password_hash_parallelism: int = Field(
        1,
        ge=1,
        le=16,
        description="argon2id lanes per hash (threads one hash may use); 1 keeps hashing off the loop's core.",
    )
    password_hash_concurrency: int = Field(
        4,
        ge=1,
        le=64,
        description="Password hashes computed at once per process (each takes the memory above).",
    )

    @field_validator("database_url")
    @classmethod
    def _supported_database_url(cls, value: str) -> str:
        url = normalise_database_url(value)
        try:
            driver = make_url(url).drivername
        except ArgumentError:
            raise ValueError(f"{value!r} is not a database URL") from None
        if driver not in SUPPORTED_DATABASE_DRIVERS:
            raise ValueError(
                f"driver {driver!r} is not supported: use sqlite+aiosqlite:///path/to/goldbox.db "
                "or postgresql+asyncpg://user:password@host:5432/dbname"
            )
        return url

    @field_validator("redis_url")
    @classmethod
    def _supported_redis_url(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in REDIS_SCHEMES:
            raise ValueError("use redis://host:6379/0, rediss:// (TLS) or unix:///path/to/redis.sock")
        return value

    @field_validator("jwt_keys")
    @classmethod
    def _strong_jwt_keys(cls, value: dict[str, SecretStr]) -> dict[str, SecretStr]:
        for kid, key in value.items():
            if not kid or len(kid) > 64:
                raise ValueError("each key id must be 1 to 64 characters")
            if len(key.get_secret_value().encode()) < MIN_SECRET_BYTES:
                raise ValueError(f"key {kid!r} is shorter than {MIN_SECRET_BYTES} bytes")
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip().rstrip("/") for part in value.split(",") if part.strip()]
        return value

    @field_validator("rate_limit_ip", "ws_message_rate")
    @classmethod
    def _parsable_rate(cls, value: str) -> str:
        return _checked_rate(value)

    @field_validator("rate_limit_tiers")
    @classmethod
    def _every_tier(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = set(value) - set(TIERS)
        if unknown:
            raise ValueError(
                f"unknown tier(s) {', '.join(sorted(unknown))}: the tiers are {', '.join(TIERS)}"
            )
        merged = {**DEFAULT_TIER_LIMITS, **value}
        return {tier: _checked_rate(rate) for tier, rate in merged.items()}

    @model_validator(mode="after")
    def _signing_key_known(self) -> Settings:
        if self.jwt_signing_key_id is not None and self.jwt_signing_key_id not in self.jwt_keys:
            raise ValueError(f"jwt_signing_key_id {self.jwt_signing_key_id!r} is not one of jwt_keys")
        if self.jwt_signing_key_id is None and len(self.jwt_keys) > 1:
            raise ValueError("several jwt_keys are set: name the one that signs in jwt_signing_key_id")
        return self

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        level = value.lower()
        if level not in {"debug", "info", "warning", "error"}:
            raise ValueError("must be one of debug, info, warning, error")
        return level

    @model_validator(mode="after")
    def _production_is_secure(self) -> Settings:
        if self.env is Environment.PRODUCTION:
            problems = production_problems(self)
            if problems:
                raise InsecureConfiguration("; ".join(problems))
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file.get())
        return (init_settings, env_settings, toml)

    @property
    def json_logs(self) -> bool:
        if self.log_format is LogFormat.AUTO:
            return self.env is Environment.PRODUCTION
        return self.log_format is LogFormat.JSON

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def signing_secret(self) -> str:
        """The configured secret, or (development only) one made for this process."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        return _ephemeral_secret()


def _checked_rate(value: str) -> str:
    try:
        parse_rate_limit(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a rate: write e.g. 120/minute or 10/second") from None
    return value


@functools.cache
def _ephemeral_secret() -> str:
    return secrets.token_urlsafe(48)


def production_problems(settings: Settings) -> list[str]:
    """What would make this configuration unsafe to run in production, one line each."""
    problems: list[str] = []
    secret = settings.secret_key.get_secret_value() if settings.secret_key else ""
    if not secret:
        problems.append(
            "GOLDBOX_SECRET_KEY is unset: set it to a random string of at least "
            f"{MIN_SECRET_BYTES} bytes (python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    elif len(secret.encode()) < MIN_SECRET_BYTES:
        problems.append(f"GOLDBOX_SECRET_KEY is shorter than {MIN_SECRET_BYTES} bytes: use a longer one")
    if "*" in settings.cors_origins:
        problems.append("GOLDBOX_CORS_ORIGINS contains '*': list the web origins that may call the API")
    if settings.log_level == "debug":
        problems.append("GOLDBOX_LOG_LEVEL=debug in production may log request details: use info")
    return problems


def config_file_from_env() -> Path | None:
    raw = os.environ.get(CONFIG_FILE_ENV)
    return Path(raw) if raw else None


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Read the configuration; `config_file` defaults to GOLDBOX_CONFIG_FILE.

    Raises pydantic.ValidationError (or FileNotFoundError for a missing file) with every problem.
    """
    path = config_file or config_file_from_env()
    if path is not None and not path.is_file():
        raise FileNotFoundError(f"configuration file {path} does not exist")
    token = _config_file.set(path)
    try:
        return Settings(**overrides)
    finally:
        _config_file.reset(token)
