"""`goldbox content ...`: commands for game designers working on the YAML content."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from goldbox.content.check import check_content
from goldbox.content.loader import data_directory


@click.group("content")
def content() -> None:
    """Work with the game's content (goldbox/data)."""


@content.command("check")
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A directory of content files to check instead of the shipped goldbox/data.",
)
def check(data_dir: Path | None) -> None:
    """Validate every content file: schema, references and balance. Exit 1 on errors (not on warnings)."""
    directory = data_dir if data_dir is not None else data_directory()
    report = check_content(directory)
    for line in report.lines():
        click.echo(line)
    click.echo(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s) in {directory}")
    sys.exit(1 if report.errors else 0)
