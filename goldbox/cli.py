"""The `goldbox` command: serve, migrate, check the configuration, print the version."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from goldbox import __version__
from goldbox.ops.config import Settings, load_settings
from goldbox.ops.config_check import check, settings_problems
from goldbox.ops.logging import configure_logging

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    """Settings from the file, the environment and the flags; invalid ones end the command."""
    chosen = {key: value for key, value in overrides.items() if value is not None}
    try:
        return load_settings(ctx.obj["config"], **chosen)
    except FileNotFoundError as exc:
        err.print(f"[red]✗[/] --config: {exc}")
    except ValidationError as exc:
        for finding in settings_problems(exc):
            err.print(f"[red]✗[/] {finding.line}", highlight=False)
        err.print("run `goldbox config check` after fixing these")
    sys.exit(2)


def load_settings_or_exit(ctx: click.Context) -> Settings:
    """For commands in other modules: the settings this invocation runs with."""
    return _settings(ctx)


@click.group()
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A TOML file of settings (environment variables override it).",
)
@click.version_option(__version__, prog_name="goldbox")
@click.pass_context
def main(ctx: click.Context, config_file: Path | None) -> None:
    """goldbox: a game server for the Gold Box RPG and the Genius games."""
    ctx.obj = {"config": config_file}


@main.command()
@click.option("--host", help="Address to listen on (GOLDBOX_HOST).")
@click.option("--port", type=int, help="Port to listen on (GOLDBOX_PORT).")
@click.option("--workers", type=int, help="Server processes (GOLDBOX_WORKERS).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None) -> None:
    """Bring the database up to date, then serve HTTP and WebSocket until SIGTERM."""
    from goldbox.transport.server import serve as run_server

    settings = _settings(ctx, host=host, port=port, workers=workers)
    configure_logging(settings.log_level, settings.json_logs)
    err.print(
        f"goldbox {__version__} on http://{settings.host}:{settings.port} "
        f"(API docs at /api/docs, health at /health)",
        highlight=False,
    )
    run_server(settings, ctx.obj["config"])


@main.group()
def migrate() -> None:
    """Manage the database schema."""


@migrate.command("up")
@click.option("--to", "revision", default="head", show_default=True, help="Target revision.")
@click.pass_context
def migrate_up(ctx: click.Context, revision: str) -> None:
    """Apply migrations up to a revision."""
    from goldbox.store import migrate as store_migrate

    _move_schema(ctx, store_migrate.upgrade, revision)


@migrate.command("down")
@click.option("--to", "revision", default="-1", show_default=True, help="Target revision, or -N steps back.")
@click.pass_context
def migrate_down(ctx: click.Context, revision: str) -> None:
    """Revert migrations down to a revision (default: one step)."""
    from goldbox.store import migrate as store_migrate

    _move_schema(ctx, store_migrate.downgrade, revision)


@migrate.command("current")
@click.pass_context
def migrate_current(ctx: click.Context) -> None:
    """Show the revision the database is at, and whether it is the newest."""
    from goldbox.store import migrate as store_migrate

    settings = _settings(ctx)
    current = _current(settings)
    head = store_migrate.head_revision()
    note = "up to date" if current == head else f"behind: newest is {head}; run goldbox migrate up"
    out.print(f"{current or 'empty (base)'} ({note})")


@migrate.command("history")
def migrate_history() -> None:
    """List every migration goldbox ships, oldest first."""
    from goldbox.store import migrate as store_migrate

    table = Table("revision", "follows", "description")
    for revision in store_migrate.history():
        table.add_row(revision.revision, revision.down_revision or "(base)", revision.message)
    out.print(table)


@main.group()
def config() -> None:
    """Inspect the configuration."""


@config.command("check")
@click.pass_context
def config_check(ctx: click.Context) -> None:
    """Validate every setting and reach every backend; exit 1 with one line per problem."""
    findings = check(ctx.obj["config"])
    for finding in findings:
        mark = "[green]✓[/]" if finding.ok else "[red]✗[/]"
        (out if finding.ok else err).print(f"{mark} {finding.line}", highlight=False)
    if not all(finding.ok for finding in findings):
        sys.exit(1)


@config.command("docs")
def config_docs() -> None:
    """Print the settings table of docs/CONFIGURATION.md, generated from the settings model."""
    from goldbox.ops.config_doc import settings_table

    click.echo(settings_table())


@main.command()
def version() -> None:
    """Print the version."""
    out.print(f"goldbox {__version__}", highlight=False)


def _move_schema(ctx: click.Context, move: Callable[[str, str], None], revision: str) -> None:
    settings = _settings(ctx)
    move(settings.database_url, revision)
    out.print(f"database at {_current(settings) or 'empty (base)'}")


def _current(settings: Settings) -> str | None:
    from goldbox.store import migrate as store_migrate
    from goldbox.store.database import engine_for_url

    async def read() -> str | None:
        engine = engine_for_url(settings.database_url)
        try:
            return await store_migrate.current_revision(engine)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _register_command_groups() -> None:
    from goldbox.content.cli import content
    from goldbox.ops.admin_cli import admin
    from goldbox.ops.audit_cli import audit
    from goldbox.pcg_cli import pcg
    from goldbox.pcg_content_cli import CONTENT_COMMANDS
    from goldbox.replay_cli import replay_command
    from goldbox.rpg_cli import simulate

    main.add_command(admin)
    main.add_command(content)
    main.add_command(audit)
    for command in CONTENT_COMMANDS:
        pcg.add_command(command)
    main.add_command(pcg)
    main.add_command(simulate)
    main.add_command(replay_command)


_register_command_groups()
