"""The settings model: sources and their precedence, validation, production refusals, and its doc."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from goldbox.ops.config import Environment, Settings, load_settings
from goldbox.ops.config_doc import settings_table, table_in

DOC = Path(__file__).resolve().parents[3] / "docs" / "CONFIGURATION.md"
STRONG_SECRET = "s" * 48


def test_the_documented_table_is_the_model() -> None:
    assert table_in(DOC.read_text()) == settings_table(), (
        "docs/CONFIGURATION.md is out of date: paste the output of `goldbox config docs` between its markers"
    )


def test_every_setting_is_documented_with_a_description() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"
        assert f"`GOLDBOX_{name.upper()}`" in DOC.read_text()


def test_defaults_run_an_embedded_server() -> None:
    settings = load_settings()
    assert settings.env is Environment.DEVELOPMENT
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.redis_url is None
    assert settings.port == 8080


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLDBOX_PORT", "9123")
    monkeypatch.setenv("GOLDBOX_METRICS_ENABLED", "false")
    settings = load_settings()
    assert (settings.port, settings.metrics_enabled) == (9123, False)


def test_toml_file_is_read_and_the_environment_overrides_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "goldbox.toml"
    config.write_text('port = 7001\nworkers = 3\nlog_level = "warning"\n')
    monkeypatch.setenv("GOLDBOX_WORKERS", "5")
    settings = load_settings(config)
    assert (settings.port, settings.workers, settings.log_level) == (7001, 5, "warning")


def test_config_file_env_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "goldbox.toml"
    config.write_text("port = 7002\n")
    monkeypatch.setenv("GOLDBOX_CONFIG_FILE", str(config))
    assert load_settings().port == 7002


def test_unknown_key_in_the_file_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "goldbox.toml"
    config.write_text("prot = 7001\n")
    with pytest.raises(ValidationError, match="prot"):
        load_settings(config)


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_settings(tmp_path / "absent.toml")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/goldbox", "postgresql+asyncpg://u:p@db/goldbox"),
        ("postgresql://u@db/goldbox", "postgresql+asyncpg://u@db/goldbox"),
        ("sqlite:///var/goldbox.db", "sqlite+aiosqlite:///var/goldbox.db"),
        ("postgresql+asyncpg://u@db/x", "postgresql+asyncpg://u@db/x"),
    ],
)
def test_database_urls_get_the_async_driver(given: str, expected: str) -> None:
    assert load_settings(database_url=given).database_url == expected


@pytest.mark.parametrize("url", ["mysql://root@db/goldbox", "not a url", "postgresql+psycopg2://u@db/x"])
def test_unsupported_database_urls_are_refused_with_the_supported_ones_named(url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        load_settings(database_url=url)
    assert "database_url" in str(caught.value)


def test_redis_url_needs_a_redis_scheme() -> None:
    with pytest.raises(ValidationError, match="redis://"):
        load_settings(redis_url="http://cache:6379")
    assert load_settings(redis_url="rediss://cache:6380/1").redis_url == "rediss://cache:6380/1"


@pytest.mark.parametrize(
    ("field", "value"), [("port", 0), ("port", 70000), ("workers", 0), ("rpc_max_batch", 0)]
)
def test_out_of_range_numbers_are_refused(field: str, value: int) -> None:
    overrides: dict[str, object] = {field: value}
    with pytest.raises(ValidationError, match=field):
        load_settings(None, **overrides)


def test_production_refuses_a_missing_secret() -> None:
    with pytest.raises(ValidationError, match="GOLDBOX_SECRET_KEY is unset"):
        load_settings(env="production")


def test_production_refuses_a_short_secret_and_debug_logs() -> None:
    with pytest.raises(ValidationError) as caught:
        load_settings(env="production", secret_key="short", log_level="debug")
    message = str(caught.value)
    assert "shorter than 32 bytes" in message
    assert "GOLDBOX_LOG_LEVEL=debug" in message
    assert "short'" not in message, "the secret itself must never be echoed"


def test_production_with_a_strong_secret_starts_with_json_logs() -> None:
    settings = load_settings(env="production", secret_key=STRONG_SECRET)
    assert settings.json_logs
    assert settings.signing_secret() == STRONG_SECRET


def test_development_makes_one_ephemeral_secret_per_process() -> None:
    settings = load_settings()
    assert len(settings.signing_secret()) >= 32
    assert settings.signing_secret() == load_settings().signing_secret()
    assert STRONG_SECRET not in repr(load_settings(secret_key=STRONG_SECRET))
