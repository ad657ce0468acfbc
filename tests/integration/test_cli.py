"""The `goldbox` command, run in-process through Click's runner."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from goldbox import __version__
from goldbox.cli import main
from goldbox.store import migrate
from tests.conftest import sqlite_url

STRONG_SECRET = "k" * 48


def goldbox(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)


def problem_lines(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("✗")]


@pytest.fixture
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_version() -> None:
    result = goldbox("version")
    assert result.exit_code == 0
    assert result.output.strip() == f"goldbox {__version__}"


def test_config_check_passes_on_a_good_configuration(tmp_path: Path, free_port: int) -> None:
    result = goldbox(
        "config", "check", env={"GOLDBOX_DATABASE_URL": sqlite_url(tmp_path), "GOLDBOX_PORT": str(free_port)}
    )
    assert result.exit_code == 0, result.output
    assert problem_lines(result) == []
    assert "reachable" in result.output


def test_config_check_lists_each_invalid_setting_on_its_own_line() -> None:
    result = goldbox(
        "config",
        "check",
        env={"GOLDBOX_PORT": "eighty", "GOLDBOX_DATABASE_URL": "mysql://db/x", "GOLDBOX_WORKERS": "0"},
    )
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 3, result.output
    assert any(line.startswith("✗ GOLDBOX_PORT:") for line in lines)
    assert any(line.startswith("✗ GOLDBOX_DATABASE_URL:") and "postgresql+asyncpg" in line for line in lines)
    assert any(line.startswith("✗ GOLDBOX_WORKERS:") for line in lines)


def test_config_check_names_the_missing_production_secret() -> None:
    result = goldbox("config", "check", env={"GOLDBOX_ENV": "production"})
    assert result.exit_code == 1
    assert any("GOLDBOX_SECRET_KEY is unset" in line for line in problem_lines(result))


def test_config_check_never_echoes_the_secret() -> None:
    result = goldbox(
        "config", "check", env={"GOLDBOX_ENV": "production", "GOLDBOX_SECRET_KEY": "tiny-secret-value"}
    )
    assert result.exit_code == 1
    assert "tiny-secret-value" not in result.output


def test_config_check_reports_an_unreachable_database(free_port: int) -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port}/goldbox"
    result = goldbox("config", "check", env={"GOLDBOX_DATABASE_URL": url})
    assert result.exit_code == 1
    assert any("GOLDBOX_DATABASE_URL: cannot connect" in line for line in problem_lines(result))


def test_config_check_reports_a_missing_sqlite_folder(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/absent/goldbox.db"
    result = goldbox("config", "check", env={"GOLDBOX_DATABASE_URL": url})
    assert result.exit_code == 1
    assert any("does not exist" in line for line in problem_lines(result))


def test_config_check_reports_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = goldbox(
            "config", "check", env={"GOLDBOX_DATABASE_URL": sqlite_url(tmp_path), "GOLDBOX_PORT": str(port)}
        )
    assert result.exit_code == 1
    assert any(line.startswith("✗ GOLDBOX_PORT:") and "in use" in line for line in problem_lines(result))


def test_config_check_reports_unreachable_redis(tmp_path: Path, free_port: int) -> None:
    env = {
        "GOLDBOX_DATABASE_URL": sqlite_url(tmp_path),
        "GOLDBOX_REDIS_URL": f"redis://127.0.0.1:{free_port}/0",
    }
    result = goldbox("config", "check", env=env)
    assert result.exit_code == 1
    assert any(line.startswith("✗ GOLDBOX_REDIS_URL: cannot reach Redis") for line in problem_lines(result))


def test_config_check_reads_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "goldbox.toml"
    config.write_text('env = "production"\n')
    result = goldbox("--config", str(config), "config", "check")
    assert result.exit_code == 1
    assert any("GOLDBOX_SECRET_KEY" in line for line in problem_lines(result))


def test_invalid_settings_stop_serve_before_it_starts() -> None:
    result = goldbox("serve", "--port", "0")
    assert result.exit_code == 2
    assert "GOLDBOX_PORT" in result.output


def test_migrate_up_current_down_and_history(tmp_path: Path) -> None:
    env = {"GOLDBOX_DATABASE_URL": sqlite_url(tmp_path)}
    head = migrate.head_revision()
    assert "behind" in goldbox("migrate", "current", env=env).output
    assert f"database at {head}" in goldbox("migrate", "up", env=env).output
    assert goldbox("migrate", "current", env=env).output.strip() == f"{head} (up to date)"
    assert "empty (base)" in goldbox("migrate", "down", "--to", "base", env=env).output
    history = goldbox("migrate", "history").output
    assert all(revision.revision in history for revision in migrate.history())
