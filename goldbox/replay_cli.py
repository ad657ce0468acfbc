"""`goldbox replay GAME_ID`: rebuild an RPG game from its seed and its logged commands.

Exit 0 when the rebuilt state equals the stored one (the log is whole and the rules gave the same
answers), 1 when they differ or the log has a gap, 2 when the game cannot be read. `--to SEQ` prints
the state as it stood after event SEQ instead.
"""

from __future__ import annotations

import asyncio
import json
import sys

import click

from goldbox.service.replay import comparable, plan_of, replay
from goldbox.store.database import engine_for_url, session_factory
from goldbox.store.game_log import GameLog, GameNotFound, LoggedEvent, StoredGame


async def _read(database_url: str, game_id: str) -> tuple[StoredGame, list[LoggedEvent]]:
    engine = engine_for_url(database_url)
    try:
        games = GameLog(session_factory(engine))
        game = await games.load(game_id)
        events: list[LoggedEvent] = []
        while True:
            page = await games.events_after(game_id, events[-1].seq if events else 0, 1000)
            if not page:
                return game, events
            events += page
    finally:
        await engine.dispose()


@click.command("replay")
@click.argument("game_id")
@click.option("--to", "to_seq", type=click.IntRange(0), default=None, help="Print the state after this seq.")
@click.pass_context
def replay_command(ctx: click.Context, game_id: str, to_seq: int | None) -> None:
    """Rebuild an RPG game from its seed and log; check it equals the stored state."""
    from goldbox.cli import load_settings_or_exit  # goldbox.cli imports this module: not at the top

    settings = load_settings_or_exit(ctx)
    try:
        game, events = asyncio.run(_read(settings.database_url, game_id))
    except GameNotFound:
        click.echo(f"there is no game {game_id}", err=True)
        sys.exit(2)
    if game.kind != "rpg":
        click.echo(f"game {game_id} is a {game.kind} game, not an RPG adventure", err=True)
        sys.exit(2)
    gaps = [e.seq for index, e in enumerate(events, start=1) if e.seq != index]
    if gaps or len(events) != game.version:
        click.echo(f"the log has a gap: {len(events)} events for version {game.version}", err=True)
        sys.exit(1)
    rebuilt = replay(plan_of(game.state), events, to_seq)
    if to_seq is not None:
        click.echo(json.dumps(rebuilt.to_state(), indent=1))
        return
    if json.dumps(rebuilt.to_state()) != json.dumps(comparable(game.state)):
        click.echo(
            f"game {game_id}: the replay of {len(events)} events differs from the stored state", err=True
        )
        sys.exit(1)
    click.echo(f"game {game_id}: {len(events)} events replayed; the state matches")
