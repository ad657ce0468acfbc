"""`goldbox audit`: check the security audit log from the command line.

`verify` exits 0 when the chain is whole, 1 when it found tampering (one line per problem) and 2
when it could not look (database unreachable, or never migrated), so a cron job or an alert can
tell "damaged" from "could not check".
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from goldbox.ops.config import Settings
from goldbox.store.audit import AuditReport, verify_audit
from goldbox.store.database import engine_for_url, session_factory

REACH_TIMEOUT_S = 5.0

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class CannotCheck(Exception):
    """The audit log could not be read at all: a reason to exit 2, not a finding about the log."""


@click.group()
def audit() -> None:
    """Check the security audit log."""


@audit.command("verify")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=1000,
    show_default=True,
    help="Rows read per query.",
)
@click.pass_context
def verify(ctx: click.Context, batch_size: int) -> None:
    """Recompute every hash and link of the audit log; exit 1 if any row was changed or removed."""
    from goldbox.cli import load_settings_or_exit  # goldbox.cli imports this module: not at the top

    settings = load_settings_or_exit(ctx)
    with Progress(
        TextColumn("checking the audit log"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        bar = progress.add_task("verify", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(bar, completed=done, total=total)

        try:
            _require_sqlite_file(settings)
            report = asyncio.run(_verify(settings, batch_size, advance))
        except CannotCheck as exc:
            progress.stop()
            err.print(f"[red]✗[/] {escape(str(exc))}", highlight=False)
            sys.exit(2)
    _print_report(report)
    if not report.ok:
        sys.exit(1)


def _print_report(report: AuditReport) -> None:
    if report.ok:
        out.print(f"audit log intact: {_count(report.rows_checked, 'row')}", highlight=False)
        return
    for problem in report.problems:
        where = "head" if problem.seq is None else f"seq {problem.seq}"
        err.print(f"[red]✗[/] {where}: {problem.kind}: {escape(problem.message)}", highlight=False)
    stopped = f", stopped after the first {len(report.problems)}" if report.truncated else ""
    err.print(
        f"audit log damaged: {_count(len(report.problems), 'problem')} "
        f"in {_count(report.rows_checked, 'row')} checked{stopped}",
        highlight=False,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


async def _verify(
    settings: Settings, batch_size: int, on_progress: Callable[[int, int], None]
) -> AuditReport:
    engine = engine_for_url(settings.database_url)
    try:
        await _require_audit_log(settings, engine)
        return await verify_audit(session_factory(engine), batch_size, on_progress)
    finally:
        await engine.dispose()


async def _require_audit_log(settings: Settings, engine: AsyncEngine) -> None:
    """Fail clearly, before walking anything, when the database cannot be reached or has no log."""
    shown = make_url(settings.database_url).render_as_string(hide_password=True)
    try:
        async with asyncio.timeout(REACH_TIMEOUT_S), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            migrated = await connection.run_sync(_has_audit_log)
    except TimeoutError:
        raise CannotCheck(f"{shown} did not answer within {REACH_TIMEOUT_S:g}s") from None
    except Exception as exc:
        reason = (str(exc).splitlines() or [""])[0][:200]
        raise CannotCheck(f"cannot connect to {shown}: {type(exc).__name__}: {reason}") from None
    if not migrated:
        raise CannotCheck(f"{shown} has no audit log yet: run `goldbox migrate up`")


def _require_sqlite_file(settings: Settings) -> None:
    """SQLite would create an empty file at a mistyped path; checking must not leave one behind."""
    database = make_url(settings.database_url).database
    if settings.is_sqlite and database and database != ":memory:" and not Path(database).is_file():
        raise CannotCheck(f"no database at {database}: check GOLDBOX_DATABASE_URL")


def _has_audit_log(connection: Connection) -> bool:
    inspector = inspect(connection)
    return inspector.has_table("audit_log") and inspector.has_table("audit_head")
