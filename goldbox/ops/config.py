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

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
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
    ws_ping_timeout_s: PositiveSeconds = Field(
        20.0, description="A socket whose pong is this late is closed."
    )
    metrics_enabled: bool = Field(True, description="Serve Prometheus metrics at `/metrics`.")

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
