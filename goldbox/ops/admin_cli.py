"""`goldbox admin`: the operator's way in. There is no default admin: the first one is made here."""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click
from rich.console import Console

from goldbox.api.call import Client
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Role
from goldbox.ops.config import TIERS, Settings
from goldbox.ops.correlation import new_correlation_id
from goldbox.service.services import Services

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
T = TypeVar("T")
ROLE_CHOICE = click.Choice([role.value for role in Role])


def _cli_actor() -> str:
    return f"cli:{getpass.getuser()}"


def _settings_of(ctx: click.Context) -> Settings:
    from goldbox.cli import load_settings_or_exit  # the CLI's own reader: same messages, same exit codes

    return load_settings_or_exit(ctx)


def _run(settings: Settings, work: Callable[[Services], Awaitable[T]]) -> T:
    """Run `work` against a short-lived Services; a catalog error ends the command with its message."""

    async def main() -> T:
        from goldbox.api.methods import build_registry

        services = Services.start(settings, build_registry())
        await services.open(sweepers=False)  # a command ends in a moment: no timers to race its close
        try:
            return await work(services)
        finally:
            await services.close()

    try:
        return asyncio.run(main())
    except GbxError as exc:
        details = f" ({exc.details})" if exc.details else ""
        err.print(f"[red]✗[/] {exc.code.name}: {exc.message}{details}", highlight=False)
        sys.exit(1)


@click.group()
def admin() -> None:
    """Make and manage operator accounts."""


@admin.command("create-user")
@click.option("--username", required=True, help="3 to 32 of A-Z a-z 0-9 _ - .")
@click.option("--role", type=ROLE_CHOICE, default=Role.PLAYER.value, show_default=True)
@click.option("--email", default=None)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input instead of prompting."
)
@click.pass_context
def create_user(
    ctx: click.Context, username: str, role: str, email: str | None, password_stdin: bool
) -> None:
    """Create an account with any role (the only way to make the first admin)."""
    settings = _settings_of(ctx)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)

    async def work(services: Services) -> str:
        account = await services.accounts.register(
            username,
            password,
            email,
            Role(role),
            actor=_cli_actor(),
            client=Client("local"),
            correlation_id=new_correlation_id(),
        )
        return account.id

    account_id = _run(settings, work)
    out.print(f"[green]✓[/] created {role} {username} ({account_id})", highlight=False)


@admin.command("set-role")
@click.argument("username")
@click.argument("role", type=ROLE_CHOICE)
@click.pass_context
def set_role(ctx: click.Context, username: str, role: str) -> None:
    """Give an account another role; its sessions end so no token keeps the old one."""
    settings = _settings_of(ctx)

    async def work(services: Services) -> str:
        account = await services.accounts.set_role(
            username,
            Role(role),
            actor=_cli_actor(),
            client=Client("local"),
            correlation_id=new_correlation_id(),
        )
        return account.id

    _run(settings, work)
    out.print(f"[green]✓[/] {username} is now {role}", highlight=False)


@admin.command("set-tier")
@click.argument("username")
@click.argument("tier", type=click.Choice(list(TIERS)))
@click.pass_context
def set_tier(ctx: click.Context, username: str, tier: str) -> None:
    """Move an account to another rate-limit tier (GOLDBOX_RATE_LIMIT_TIERS); its sessions end."""
    settings = _settings_of(ctx)

    async def work(services: Services) -> str:
        account = await services.accounts.set_tier(
            username, tier, actor=_cli_actor(), client=Client("local"), correlation_id=new_correlation_id()
        )
        return account.id

    _run(settings, work)
    out.print(f"[green]✓[/] {username} is now in the {tier} tier", highlight=False)
