"""For agents run from the command line: the connection and match arguments every such script takes,
a match against bots made and played, and the report it prints at the end. The examples in
`examples/` use it; so can yours.

Secrets may come from the environment (GOLDBOX_API_KEY, GOLDBOX_PASSWORD) rather than the command
line, where other users of the machine can read them in the process list.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

from goldbox.client.agent import Decide, play_match
from goldbox.client.client import GoldboxClient
from goldbox.client.models import PlayedMatch

URL_ENV = "GOLDBOX_URL"
API_KEY_ENV = "GOLDBOX_API_KEY"
USERNAME_ENV = "GOLDBOX_USERNAME"
PASSWORD_ENV = "GOLDBOX_PASSWORD"  # noqa: S105 -- a variable's name


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    """--url, and --api-key or --username/--password (each with its environment variable)."""
    parser.add_argument(
        "--url",
        default=os.environ.get(URL_ENV, "http://127.0.0.1:8080"),
        help=f"the goldbox server (default ${URL_ENV} or http://127.0.0.1:8080)",
    )
    parser.add_argument(
        "--api-key", default=os.environ.get(API_KEY_ENV), help=f"an API key gbx_… (or ${API_KEY_ENV})"
    )
    parser.add_argument("--username", default=os.environ.get(USERNAME_ENV), help=f"or ${USERNAME_ENV}")
    parser.add_argument(
        "--password", default=os.environ.get(PASSWORD_ENV), help=f"with --username (or ${PASSWORD_ENV})"
    )
    parser.add_argument("--json", action="store_true", help="print the outcome as one JSON object")


def client_from_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> GoldboxClient:
    """The client the arguments describe; a missing or doubled credential is a usage error."""
    if args.api_key and (args.username or args.password):
        parser.error("give --api-key or --username/--password, not both")
    if not args.api_key and not (args.username and args.password):
        parser.error(f"give --api-key (or ${API_KEY_ENV}), or --username and --password")
    if args.api_key:
        return GoldboxClient(args.url, api_key=args.api_key)
    return GoldboxClient(args.url, username=args.username, password=args.password)


def add_match_arguments(parser: argparse.ArgumentParser) -> None:
    """--round-deadline (how long each round of the match waits) and --timeout (for the whole match)."""
    parser.add_argument("--round-deadline", type=int, default=30, help="seconds each round waits")
    parser.add_argument("--timeout", type=float, default=1800.0, help="give up after this many seconds")


async def play_against_bots(
    parser: argparse.ArgumentParser,
    args: argparse.Namespace,
    game: str,
    options: Mapping[str, Any],
    bots: Sequence[str],
    decide: Decide,
) -> PlayedMatch:
    """Connect as the arguments say, make a match of `game` with this agent in the first seat and
    the `bots` (strategies) in the others, start it and play it to its end."""
    async with client_from_arguments(parser, args) as client:
        match = await client.matches.create(
            game, options, max_players=1 + len(bots), round_deadline_s=args.round_deadline
        )
        for bot in bots:
            await client.matches.add_bot(match.id, bot)
        await client.matches.start(match.id)
        return await play_match(client, match.id, decide, timeout_s=args.timeout)


def report(played: PlayedMatch, as_json: bool, lines: Sequence[str] = ()) -> str:
    """What a script prints at the end: each seat's score, the winners, how this agent did."""
    match, outcome = played.match, played.outcome
    if as_json:
        return json.dumps(
            {
                "match_id": match.id,
                "game": match.game,
                "status": match.status,
                "rounds": match.round,
                "seat": played.seat,
                "rounds_played": played.rounds_played,
                "scores": outcome.scores,
                "winners": outcome.winners,
                "won": played.won,
                "seats": [seat.model_dump() for seat in match.seats],
            }
        )
    table = [
        f"  seat {seat.seat} {seat.name:<20} {seat.strategy or seat.kind:<18} "
        f"{outcome.scores[seat.seat]:>8g}{'  winner' if seat.seat in outcome.winners else ''}"
        for seat in match.seats
    ]
    verdict = "won" if played.won else "did not win"
    return "\n".join(
        [
            f"{match.title} {match.id}: {match.status} after {match.round} rounds",
            *table,
            *lines,
            f"this agent (seat {played.seat}) played {played.rounds_played} rounds and {verdict}",
        ]
    )
