"""What one RPG action costs the server, with games kept decoded between actions and without.

Runs the whole app in this process (Starlette's test client: HTTP stack, JSON-RPC, service, database)
on a fresh SQLite file or a throwaway PostgreSQL database. Four players sit in one game, out of battle,
and take turns: each round one of them searches (an action: read, rules, write, publish) and another
asks for `game.state` (a read). The same script runs once with `GOLDBOX_LIVE_GAMES` at its default
and once at 0 (every call decodes the stored game), and prints, for each, the CPU the process spent
per call and the calls' wall-clock p50/p99. No target: this shows where the live-games cache stands.

    .venv/bin/python -m bench.actions [--rounds 300] [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from goldbox.ops.config import Settings
from goldbox.service.live_games import DEFAULT_KEPT
from goldbox.store import migrate
from goldbox.transport.app import create_app
from loadtest.run import database_url, postgres_admin

PASSWORD = "correct horse battery staple"
SEED = 25
PLAYERS = 4
_ids = itertools.count(1)


@dataclass
class Figures:
    live_games: int
    calls: int
    cpu_ms_per_call: float
    action_p50_ms: float
    action_p99_ms: float
    state_p50_ms: float
    state_p99_ms: float


def _call(client: TestClient, token: str, rpc_method: str, /, **params: Any) -> Any:
    body = {"jsonrpc": "2.0", "id": next(_ids), "method": rpc_method, "params": params}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    reply = client.post("/rpc", json=body, headers=headers).json()
    if "result" not in reply:
        raise RuntimeError(f"{rpc_method}: {reply}")
    return reply["result"]


def _seat_party(client: TestClient) -> tuple[str, list[tuple[str, str]]]:
    """Four players, a fighter each, all in one game: the game id and (token, character) per player."""
    party = []
    for index in range(PLAYERS):
        name = f"bench{index}"
        _call(client, "", "auth.register", username=name, password=PASSWORD)
        token = _call(client, "", "auth.login", username=name, password=PASSWORD)["access_token"]
        made = _call(
            client,
            token,
            "character.create",
            name=f"Hero{index}",
            race="human",
            method="standard_array",
            **{"class": "fighter"},
        )
        party.append((token, made["info"]["id"]))
    game_id = _call(
        client, party[0][0], "game.create", seed=SEED, difficulty=2, depth=2, max_players=PLAYERS
    )["id"]
    for token, hero in party:
        _call(client, token, "game.join", game_id=game_id, character_id=hero)
    return game_id, party


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(database_url: str, live_games: int, rounds: int) -> Figures:
    settings = Settings(
        database_url=database_url,
        log_level="warning",
        access_log=False,
        rate_limits_enabled=False,
        metrics_enabled=False,
        password_hash_memory_kib=1024,
        password_hash_time_cost=1,
        secret_key="bench-" + "x" * 40,
        live_games=live_games,
    )
    with TestClient(create_app(settings)) as client:
        game_id, party = _seat_party(client)
        actions: list[float] = []
        states: list[float] = []
        cpu_started = time.process_time()
        for round_number in range(rounds):
            token, hero = party[round_number % PLAYERS]
            started = time.perf_counter()
            _call(client, token, "action.search", game_id=game_id, character_id=hero)
            actions.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            _call(client, party[(round_number + 1) % PLAYERS][0], "game.state", game_id=game_id)
            states.append((time.perf_counter() - started) * 1000)
        cpu_s = time.process_time() - cpu_started
    return Figures(
        live_games,
        2 * rounds,
        cpu_s * 1000 / (2 * rounds),
        statistics.median(actions),
        _percentile(actions, 0.99),
        statistics.median(states),
        _percentile(states, 0.99),
    )


@contextlib.contextmanager
def database(postgres: str | None) -> Iterator[str]:
    """A migrated, empty database for one measurement, removed afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        options = argparse.Namespace(postgres=postgres)
        url, throwaway = database_url(options, Path(folder), f"bench_{uuid.uuid4().hex[:8]}")
        try:
            migrate.upgrade(url)
            yield url
        finally:
            if throwaway is not None and postgres is not None:
                asyncio.run(postgres_admin(postgres, f'DROP DATABASE IF EXISTS "{throwaway}" WITH (FORCE)'))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.actions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300, help="Actions (and as many game.state) to time.")
    parser.add_argument("--postgres", metavar="URL", help="A PostgreSQL server to test on (default: SQLite).")
    args = parser.parse_args(argv)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"bench.actions: {args.rounds} actions and {args.rounds} game.state on {backend}, one process")
    print(
        f"{'live games':>10} | {'CPU/call':>9} | {'action p50 / p99':>17} | {'state p50 / p99':>16}",
        flush=True,
    )
    for live_games in (DEFAULT_KEPT, 0):
        with database(args.postgres) as url:
            figures = measure(url, live_games, args.rounds)
        print(
            f"{figures.live_games:>10} | {figures.cpu_ms_per_call:>6.2f} ms | "
            f"{figures.action_p50_ms:>6.2f} / {figures.action_p99_ms:>6.2f} ms | "
            f"{figures.state_p50_ms:>5.2f} / {figures.state_p99_ms:>6.2f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
