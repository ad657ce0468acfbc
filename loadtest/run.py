"""Run the load test: start `goldbox serve` on 127.0.0.1, ramp Locust players up to N, settle, hold, report.

    .venv/bin/python -m loadtest.run --players 100 --hold 60
    .venv/bin/python -m loadtest.run --players 1000 --ramp 10 --settle 30 --hold 60 --workers 2 \\
        --postgres postgresql://postgres@127.0.0.1:5432/postgres --redis redis://127.0.0.1:6379/0

The server under test gets a fresh database (a SQLite file in the output folder, or a throwaway
PostgreSQL database made beside the one named by --postgres and dropped afterwards), its own key
prefix in Redis (the keys are deleted afterwards), cheap password hashing (argon2id with 1 MiB and one
pass: 1,000 registrations would otherwise measure the hash), request rate limits off, and the access
log off. Each player sends its own X-Forwarded-For address (127.0.0.1 is a trusted proxy by default).
Everything goes to 127.0.0.1 and stops by itself: Locust runs for the ramp, the settling and the hold,
then the server is stopped.

Prints p50/p95/p99 for each RPC method (over HTTP) and for events on the WebSocket (their delivery,
from publish to receipt, and their latency after the action, from the actor's send to another
player's receipt), measured over the hold only, then the refusals, errors and connection troubles of
the whole run, and whether the targets (p99 < 100 ms for API calls, < 50 ms for events) are met.
Everything is also left in the output folder:
the summary (summary.json), the players' report (players.json), Locust's CSV files and the logs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
API_TARGET_MS = 100.0
EVENT_TARGET_MS = 50.0
START_TIMEOUT_S = 60.0


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m loadtest.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--players", type=int, default=100, help="Concurrent players to ramp up to.")
    parser.add_argument("--ramp", type=float, default=20.0, help="Players started per second.")
    parser.add_argument("--hold", type=float, default=60.0, help="Seconds to play at full strength.")
    parser.add_argument(
        "--settle", type=float, default=15.0, help="Seconds after the ramp before measuring starts."
    )
    parser.add_argument("--per-game", type=int, default=4, help="Players sharing one game (1 to 8).")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("MIN", "MAX"),
        help="Seconds a player waits between two actions.",
    )
    parser.add_argument("--workers", type=int, default=1, help="Server processes (goldbox serve --workers).")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="A PostgreSQL server (any database on it) to test "
        "against; a throwaway database is created there and dropped. Default: SQLite.",
    )
    parser.add_argument("--redis", metavar="URL", help="Redis for the server (events across workers).")
    parser.add_argument("--pool-size", type=int, default=10, help="PostgreSQL connections per worker.")
    parser.add_argument(
        "--seed", type=int, default=1, help="Dungeon seeds and the players' habits start here."
    )
    parser.add_argument("--out", type=Path, help="Folder for the results (default: a new temporary one).")
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def asyncpg_url(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, f"/{database}", parts.query, ""))


async def postgres_admin(url: str, statement: str) -> None:
    """Run one statement (CREATE or DROP DATABASE) on the server `url` names, outside a transaction."""
    import asyncpg

    connection = await asyncpg.connect(asyncpg_url(url, urlsplit(url).path.lstrip("/") or "postgres"))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _forget_redis_keys(url: str, prefix: str) -> None:
    """Deletes what the server under test left in Redis (presence, leaderboards): every key it wrote
    starts with this run's own prefix."""
    from redis.asyncio import Redis

    client = Redis.from_url(url)
    try:
        doomed = [key async for key in client.scan_iter(match=f"{prefix}*", count=1000)]
        for start in range(0, len(doomed), 1000):
            await client.delete(*doomed[start : start + 1000])
    finally:
        await client.aclose()


def database_url(options: argparse.Namespace, out: Path, tag: str) -> tuple[str, str | None]:
    """The server's GOLDBOX_DATABASE_URL, and the throwaway PostgreSQL database to drop afterwards."""
    if options.postgres is None:
        return f"sqlite+aiosqlite:///{out / 'goldbox.db'}", None
    name = f"goldbox_{tag}"
    asyncio.run(postgres_admin(options.postgres, f'CREATE DATABASE "{name}"'))
    parts = urlsplit(options.postgres)
    return urlunsplit(("postgresql+asyncpg", parts.netloc, f"/{name}", parts.query, "")), name


def wait_until_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/health/ready", timeout=1.0) as answer:  # noqa: S310 (loopback)
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server was not ready within {START_TIMEOUT_S:.0f} s; see {log}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and all its descendants, from /proc (Linux)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(child) for child in children)
        except (OSError, IndexError, ValueError):
            continue
    return total


def run(options: argparse.Namespace) -> dict[str, Any]:
    tag = f"lt{os.getpid()}x{int(time.time()) % 100_000}"
    out = options.out or Path(tempfile.mkdtemp(prefix="goldbox-load-"))
    out.mkdir(parents=True, exist_ok=True)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65_536)), hard))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database, throwaway = database_url(options, out, tag)
    server_env = {
        **os.environ,
        "GOLDBOX_HOST": "127.0.0.1",
        "GOLDBOX_PORT": str(port),
        "GOLDBOX_DATABASE_URL": database,
        "GOLDBOX_DATABASE_POOL_SIZE": str(options.pool_size),
        "GOLDBOX_PASSWORD_HASH_MEMORY_KIB": "1024",
        "GOLDBOX_PASSWORD_HASH_TIME_COST": "1",
        "GOLDBOX_RATE_LIMITS_ENABLED": "false",
        "GOLDBOX_ACCESS_LOG": "false",
        "GOLDBOX_LOG_LEVEL": os.environ.get("GOLDBOX_LOG_LEVEL", "warning"),
    }
    if options.redis:
        server_env["GOLDBOX_REDIS_URL"] = options.redis
        server_env["GOLDBOX_REDIS_KEY_PREFIX"] = f"{tag}:"
    server_log = out / "server.log"
    command = [sys.executable, "-m", "goldbox", "serve", "--workers", str(options.workers)]
    ramp_s = math.ceil(options.players / options.ramp)
    run_s = ramp_s + math.ceil(options.settle) + math.ceil(options.hold)
    locust_env = {
        **os.environ,
        "LOADTEST_PLAYERS_PER_GAME": str(options.per_game),
        "LOADTEST_THINK_MIN_S": str(options.think[0]),
        "LOADTEST_THINK_MAX_S": str(options.think[1]),
        "LOADTEST_TAG": tag,
        "LOADTEST_SEED": str(options.seed),
        "LOADTEST_REPORT": str(out / "players.json"),
        "LOADTEST_SETTLE_S": str(options.settle),
        "PYTHONPATH": str(ROOT),
    }
    locust = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"),
        "--headless", "--users", str(options.players), "--spawn-rate", str(options.ramp),
        "--run-time", f"{run_s}s", "--host", url, "--csv", str(out / "locust"),
        "--stop-timeout", "5", "--loglevel", "WARNING", "--only-summary", "--exit-code-on-error", "0",
    ]  # fmt: skip
    print(f"goldbox load test: {options.players} players, {options.per_game} a game, ramp {options.ramp}/s "
          f"({ramp_s} s), settle {options.settle:.0f} s, hold {options.hold:.0f} s; {options.workers} worker(s), "
          f"{'PostgreSQL' if throwaway else 'SQLite'}{' + Redis' if options.redis else ''}; results in {out}",
          flush=True)  # fmt: skip
    with server_log.open("ab") as log:
        server = subprocess.Popen(  # noqa: S603 (our own interpreter)
            command, cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_until_ready(url, server, server_log)
        load_before = os.getloadavg()[0]
        server_cpu_before, started = cpu_seconds(server.pid), time.monotonic()
        with (out / "locust.log").open("wb") as log:
            players = subprocess.Popen(  # noqa: S603 (our own interpreter)
                locust, cwd=ROOT, env=locust_env, stdout=log, stderr=subprocess.STDOUT
            )
            try:
                players.wait(timeout=run_s + 120)
            except subprocess.TimeoutExpired:
                players.kill()
                players.wait()
            locust_cpu = _children_cpu()
        elapsed = time.monotonic() - started
        server_cpu = cpu_seconds(server.pid) - server_cpu_before
        load_after = os.getloadavg()[0]
    finally:
        server_exit = server.poll()  # None: it was still serving, as it should be
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if throwaway is not None:
            asyncio.run(
                postgres_admin(options.postgres, f'DROP DATABASE IF EXISTS "{throwaway}" WITH (FORCE)')
            )
        if options.redis:
            asyncio.run(_forget_redis_keys(options.redis, f"{tag}:"))
    report_path = out / "players.json"
    if not report_path.exists():
        raise SystemExit(f"the players wrote no report; see {out / 'locust.log'}")
    report: dict[str, Any] = json.loads(report_path.read_text())
    locust_log = (out / "locust.log").read_text(errors="replace")
    summary = {
        "players": options.players,
        "per_game": options.per_game,
        "think_s": list(options.think),
        "ramp_per_s": options.ramp,
        "hold_s": options.hold,
        "settle_s": options.settle,
        "workers": options.workers,
        "backend": ("PostgreSQL" if throwaway else "SQLite") + (" + Redis" if options.redis else ""),
        "wall_s": round(elapsed, 1),
        "cpu_s": {"server": round(server_cpu, 1), "load generator": round(locust_cpu, 1)},
        "load_average_1min": {"before": load_before, "after": load_after},
        "server_exit_during_run": server_exit,
        "load_generator_cpu_warning": "CPU usage above" in locust_log,
        "load_generator_exceptions": locust_log.count("Traceback (most recent call last)"),
        **report,
        "out": str(out),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    return summary


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _row(name: str, figures: dict[str, float], hold_s: float) -> str:
    if not figures.get("count"):
        return f"  {name:<28} {0:>8}"
    rate = figures["count"] / hold_s if hold_s else 0.0
    return (
        f"  {name:<28} {int(figures['count']):>8} {rate:>8.1f} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
        f"{figures['p99']:>8.1f} {figures['max']:>9.1f}"
    )


def print_summary(summary: dict[str, Any]) -> None:
    hold_s = float(summary["hold_s"])
    print(f"\nlatency over the {hold_s:.0f} s hold, in ms ({summary['backend']}, {summary['workers']} worker(s), "
          f"{summary['players']} players)")  # fmt: skip
    print(f"  {'what':<28} {'count':>8} {'per s':>8} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>9}")
    for name, figures in summary["latency_ms"].items():
        print(_row(name, figures, hold_s))
    for name, figures in summary["latency_ms_overall"].items():
        print(_row(f"= {name}", figures, hold_s))
    counts = summary["counts"]
    print(f"\nplayers seated {counts.get('players seated', 0)} of {summary['players']} in {summary['games']} games; "
          f"events received {counts.get('events received', 0)}")  # fmt: skip
    for key in sorted(counts):
        if key not in ("players seated", "events received", "players spawned", "hold started at"):
            print(f"  {key}: {counts[key]}")
    if summary["server_exit_during_run"] is not None:
        print(f"THE SERVER EXITED DURING THE RUN with {summary['server_exit_during_run']}: see its log")
    errors = summary["errors"]
    print(f"errors (whole run): {sum(errors.values())}; exceptions in the players: "
          f"{summary['load_generator_exceptions']}")  # fmt: skip
    for key, count in errors.items():
        print(f"  {key}: {count}")
    print(f"rules refusals (whole run, part of play): {sum(summary['refusals'].values())}")
    for key, count in list(summary["refusals"].items())[:8]:
        print(f"  {key}: {count}")
    cpu = summary["cpu_s"]
    print(f"CPU seconds over {summary['wall_s']} s: server {cpu['server']}, load generator {cpu['load generator']}"
          + (" (Locust warned that its CPU was saturated)" if summary["load_generator_cpu_warning"] else ""))  # fmt: skip
    load = summary["load_average_1min"]
    print(f"machine load average (1 min): {load['before']:.2f} before, {load['after']:.2f} after; "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    api = summary["latency_ms_overall"]["all play calls"].get("p99")
    delivery = summary["latency_ms"].get("WS game.event delivery", {}).get("p99")
    after_action = summary["latency_ms"].get("WS game.event after the action", {}).get("p99")
    print(f"targets: API p99 {api} ms (< {API_TARGET_MS:.0f}: {_verdict(api, API_TARGET_MS)}), "
          f"event delivery p99 {delivery} ms (< {EVENT_TARGET_MS:.0f}: {_verdict(delivery, EVENT_TARGET_MS)}); "
          f"events after the action p99 {after_action} ms (< {EVENT_TARGET_MS:.0f}: "
          f"{_verdict(after_action, EVENT_TARGET_MS)})")  # fmt: skip


def _verdict(p99: float | None, target_ms: float) -> str:
    return "met" if p99 is not None and p99 < target_ms else "NOT met"


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    summary = run(options)
    print_summary(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
