"""Whether password hashing leaves the event loop free: `system.ping` latency, idle and while logins run.

Starts one `goldbox serve` (one worker, a throwaway SQLite file, goldbox's default argon2id cost,
access log off), registers N accounts, then measures `system.ping` over HTTP at a steady, modest
rate: first with the server idle, then while K clients log in back to back. Request rate limits are
off and the lockout thresholds raised, so what loads the server is hashing and nothing refuses a
login. Prints login throughput and latency, ping p50/p99 in both phases, and the ratio of the p99s:
argon2id runs in worker threads, so the aim is a ping p99 under login load below twice its idle value.

    .venv/bin/python -m bench.auth [--duration 10] [--accounts 16] [--login-concurrency 8] [--json]

Exit status: 0 when every measurement completed (whether or not the aim is met), 1 when the server
did not start or a request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import itertools
import json
import os
import platform
import secrets
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import uvicorn

from bench.rpc_overhead import (
    JSON_HEADERS,
    REQUEST_TIMEOUT_S,
    BenchmarkFailed,
    Ping,
    Server,
    http_ping,
    log_tail,
    percentile,
    run_client,
    stop,
    wait_ready,
)
from bench.rpc_overhead import start_goldbox as start_server
from goldbox.ops.config import Settings

AIM = 2.0
"""Ping p99 under login load must stay below this multiple of its idle p99."""
LOGIN_TIMEOUT_S = 60.0  # logins queue for the hashing threads: far slower than a ping, by design
SOLO_LOGINS = 5
PHASE_GRACE_S = 30.0
PASSWORD = f"bench-{secrets.token_urlsafe(12)}"  # random, so it is never on the common-password list

_DEFAULT = Settings.model_fields


def _maximum(name: str) -> int:
    """The largest value a setting accepts (its `le` bound)."""
    for rule in _DEFAULT[name].metadata:
        bound = getattr(rule, "le", None)
        if isinstance(bound, int):
            return bound
    raise LookupError(f"setting {name} has no upper bound")


DEFAULT_HASHING = {
    "GOLDBOX_PASSWORD_HASH_MEMORY_KIB": str(_DEFAULT["password_hash_memory_kib"].default),
    "GOLDBOX_PASSWORD_HASH_TIME_COST": str(_DEFAULT["password_hash_time_cost"].default),
    "GOLDBOX_PASSWORD_HASH_PARALLELISM": str(_DEFAULT["password_hash_parallelism"].default),
    "GOLDBOX_PASSWORD_HASH_CONCURRENCY": str(_DEFAULT["password_hash_concurrency"].default),
}
CHEAP_HASHING = {"GOLDBOX_PASSWORD_HASH_MEMORY_KIB": "1024", "GOLDBOX_PASSWORD_HASH_TIME_COST": "1"}
HASHING_OPTIONS = {
    "hash_memory_kib": "GOLDBOX_PASSWORD_HASH_MEMORY_KIB",
    "hash_time_cost": "GOLDBOX_PASSWORD_HASH_TIME_COST",
    "hash_parallelism": "GOLDBOX_PASSWORD_HASH_PARALLELISM",
    "hash_concurrency": "GOLDBOX_PASSWORD_HASH_CONCURRENCY",
}
"""Options that set one hashing setting each, to see what another cost would do."""
NOTHING_REFUSES = {
    "GOLDBOX_RATE_LIMITS_ENABLED": "false",
    # The settings' maxima: the benchmark's logins all succeed, but nothing must lock even if not.
    "GOLDBOX_LOGIN_ACCOUNT_FAILURES": str(_maximum("login_account_failures")),
    "GOLDBOX_LOGIN_IP_FAILURES": str(_maximum("login_ip_failures")),
}


@dataclass(frozen=True)
class Figures:
    """What one kind of request did in one phase."""

    requests: int
    seconds: float
    per_s: float
    p50_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, latencies: Sequence[float], seconds: float) -> Figures:
        ordered = sorted(latencies)
        return cls(
            requests=len(ordered),
            seconds=round(seconds, 3),
            per_s=len(ordered) / seconds if seconds > 0 else float("nan"),
            p50_ms=percentile(ordered, 0.50) * 1000,
            p99_ms=percentile(ordered, 0.99) * 1000,
            max_ms=(ordered[-1] if ordered else float("nan")) * 1000,
        )


@dataclass(frozen=True)
class Outcome:
    """Everything one run measured."""

    registered_in_s: float
    solo_login: Figures
    ping_idle: Figures
    ping_loaded: Figures
    logins: Figures

    @property
    def p99_ratio(self) -> float:
        return self.ping_loaded.p99_ms / self.ping_idle.p99_ms


# --- the server --------------------------------------------------------------------------------


def hashing_env(args: argparse.Namespace) -> dict[str, str]:
    """The argon2id settings the server runs with: goldbox's defaults unless the options say otherwise."""
    hashing = {**DEFAULT_HASHING, **(CHEAP_HASHING if args.cheap_hashing else {})}
    for option, setting in HASHING_OPTIONS.items():
        value = getattr(args, option)
        if value is not None:
            hashing[setting] = str(value)
    return hashing


def start_goldbox(workdir: Path, hashing: dict[str, str]) -> Server:
    """`goldbox serve` with the hashing cost under test and nothing that would refuse a login."""
    return start_server(workdir, {**NOTHING_REFUSES, **hashing})


# --- requests ----------------------------------------------------------------------------------


async def call(
    session: aiohttp.ClientSession, url: str, method: str, params: dict[str, Any]
) -> dict[str, Any]:
    """One JSON-RPC call whose result must be an object; anything else fails the benchmark.

    The failure names the HTTP status and the error code, never the params (they hold a password).
    """
    body = orjson.dumps({"jsonrpc": "2.0", "method": method, "params": params, "id": 1})
    try:
        async with session.post(url, data=body, headers=JSON_HEADERS) as response:
            status, raw = response.status, await response.read()
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise BenchmarkFailed(f"{method}: {type(exc).__name__}: {exc}") from None
    try:
        reply = orjson.loads(raw)
    except orjson.JSONDecodeError:
        reply = None
    result = reply.get("result") if isinstance(reply, dict) else None
    if status != 200 or not isinstance(result, dict):
        raise BenchmarkFailed(f"{method}: HTTP {status}, {_error_code(reply)}")
    return result


def _error_code(reply: object) -> str:
    """The GBX code and message of an error reply, or what was wrong with the reply instead."""
    if not isinstance(reply, dict):
        return "a reply that is not a JSON object"
    error = reply.get("error")
    if not isinstance(error, dict):
        return "no result and no error"
    data = error.get("data")
    code = data.get("code") if isinstance(data, dict) else None
    return f"{code or error.get('code')}: {error.get('message')}"


async def log_in(session: aiohttp.ClientSession, url: str, username: str) -> None:
    result = await call(session, url, "auth.login", {"username": username, "password": PASSWORD})
    if not isinstance(result.get("access_token"), str) or not isinstance(result.get("refresh_token"), str):
        raise BenchmarkFailed("auth.login: the reply holds no token pair")


async def checked_ping(ping: Ping, request_id: int) -> None:
    try:
        ok = await ping(request_id)
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise BenchmarkFailed(f"system.ping: {type(exc).__name__}: {exc}") from None
    if not ok:
        raise BenchmarkFailed("system.ping: a wrong reply")


async def together(work: Iterable[Coroutine[Any, Any, None]]) -> None:
    """Run every coroutine to the end; the first failure cancels the rest and is raised as itself."""
    try:
        async with asyncio.TaskGroup() as group:
            for coroutine in work:
                group.create_task(coroutine)
    except ExceptionGroup as failures:
        failed = failures.subgroup(BenchmarkFailed)
        if failed is None:
            raise
        first = failed.exceptions[0]
        raise first if isinstance(first, BenchmarkFailed) else BenchmarkFailed(str(first)) from None


# --- the load ----------------------------------------------------------------------------------


async def register(session: aiohttp.ClientSession, url: str, usernames: Sequence[str], clients: int) -> None:
    """Register every account, `clients` at a time (each registration hashes once)."""
    pending = iter(usernames)

    async def registrar() -> None:
        for username in pending:  # shared: each name is taken by exactly one registrar
            await call(session, url, "auth.register", {"username": username, "password": PASSWORD})

    await together(registrar() for _ in range(clients))


async def probe(ping: Ping, period: float, offset: float, stop_at: float, latencies: list[float]) -> None:
    """One probe client: a ping every `period` s. After a slow reply it sends at once, without
    catching up, so the probe's rate never rises to flood a server that is already slow."""
    next_at = time.perf_counter() + offset
    for request_id in itertools.count(1):
        delay = next_at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        started = time.perf_counter()
        if started >= stop_at:
            return
        await checked_ping(ping, request_id)
        latencies.append(time.perf_counter() - started)
        next_at = max(next_at + period, time.perf_counter())


def probes(
    pings: Sequence[Ping], rate: float, stop_at: float, latencies: list[float]
) -> list[Coroutine[Any, Any, None]]:
    """The probe clients, together sending `rate` pings a second, their sends spread evenly."""
    period = len(pings) / rate
    return [
        probe(ping, period, number * period / len(pings), stop_at, latencies)
        for number, ping in enumerate(pings)
    ]


async def log_in_repeatedly(
    session: aiohttp.ClientSession, url: str, usernames: Sequence[str], stop_at: float, latencies: list[float]
) -> None:
    """Log in back to back, one account after another, until `stop_at`."""
    for username in itertools.cycle(usernames):
        if time.perf_counter() >= stop_at:
            return
        started = time.perf_counter()
        await log_in(session, url, username)
        latencies.append(time.perf_counter() - started)


def rotated(items: Sequence[str], by: int) -> list[str]:
    """The items starting from the `by`-th, so clients begin on different accounts."""
    by %= len(items)
    return [*items[by:], *items[:by]]


async def timed(work: Callable[[float], Awaitable[None]], seconds: float) -> float:
    """Run `work(stop_at)` for `seconds` (plus a grace for calls in flight); the wall time it took."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(seconds + PHASE_GRACE_S):
            await work(started + seconds)
    except TimeoutError:
        raise BenchmarkFailed(
            f"requests still unanswered {PHASE_GRACE_S:g} s after the phase ended"
        ) from None
    return time.perf_counter() - started


async def measure(server: Server, args: argparse.Namespace) -> Outcome:
    await wait_ready(server)
    url = server.http_url("/rpc")
    usernames = [f"bench{number:04d}" for number in range(args.accounts)]
    probe_connector = aiohttp.TCPConnector(limit=args.ping_clients)
    login_connector = aiohttp.TCPConnector(limit=args.login_concurrency)
    async with (
        aiohttp.ClientSession(
            connector=probe_connector, timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
        ) as probe_session,
        aiohttp.ClientSession(
            connector=login_connector, timeout=aiohttp.ClientTimeout(total=LOGIN_TIMEOUT_S)
        ) as login_session,
    ):
        pings = [http_ping(probe_session, url)] * args.ping_clients
        started = time.perf_counter()
        await register(login_session, url, usernames, args.login_concurrency)
        registered_in_s = time.perf_counter() - started
        print(f"registered {args.accounts} accounts in {registered_in_s:.1f} s", flush=True)

        solo: list[float] = []
        for username in itertools.islice(itertools.cycle(usernames), SOLO_LOGINS):
            begun = time.perf_counter()
            await log_in(login_session, url, username)
            solo.append(time.perf_counter() - begun)
        if args.warmup > 0:
            await timed(lambda stop_at: together(probes(pings, args.ping_rate, stop_at, [])), args.warmup)

        idle: list[float] = []
        idle_s = await timed(
            lambda stop_at: together(probes(pings, args.ping_rate, stop_at, idle)), args.duration
        )
        print(f"ping idle: {len(idle)} pings in {idle_s:.1f} s", flush=True)

        loaded: list[float] = []
        logins: list[float] = []

        async def under_load(stop_at: float) -> None:
            clients = [
                log_in_repeatedly(login_session, url, rotated(usernames, number), stop_at, logins)
                for number in range(args.login_concurrency)
            ]
            await together([*probes(pings, args.ping_rate, stop_at, loaded), *clients])

        loaded_s = await timed(under_load, args.duration)
        print(
            f"ping under login load: {len(loaded)} pings, {len(logins)} logins in {loaded_s:.1f} s",
            flush=True,
        )
    if not idle or not loaded or not logins:
        raise BenchmarkFailed("a phase finished without a single completed request: raise --duration")
    return Outcome(
        registered_in_s=round(registered_in_s, 3),
        solo_login=Figures.of(solo, sum(solo)),
        ping_idle=Figures.of(idle, idle_s),
        ping_loaded=Figures.of(loaded, loaded_s),
        logins=Figures.of(logins, loaded_s),
    )


# --- report ------------------------------------------------------------------------------------


def header(args: argparse.Namespace, idle: str) -> str:
    hashing = hashing_env(args)
    cost = (
        f"argon2id t={hashing['GOLDBOX_PASSWORD_HASH_TIME_COST']}, "
        f"m={hashing['GOLDBOX_PASSWORD_HASH_MEMORY_KIB']} KiB, "
        f"p={hashing['GOLDBOX_PASSWORD_HASH_PARALLELISM']}, "
        f"{hashing['GOLDBOX_PASSWORD_HASH_CONCURRENCY']} hashes at once"
    )
    if args.cheap_hashing:
        kind = "CHEAP (--cheap-hashing: a smoke run, not a measurement)"
    elif any(getattr(args, option) is not None for option in HASHING_OPTIONS):
        kind = "set by the --hash-* options"
    else:
        kind = "goldbox's defaults"
    uvloop = "yes" if importlib.util.find_spec("uvloop") else "no"
    return "\n".join(
        [
            "goldbox logins and the event loop: system.ping latency, idle and while logins run",
            f"python {platform.python_version()}, uvicorn {uvicorn.__version__}, one worker (uvloop: {uvloop}), "
            "throwaway SQLite file, access log off",
            f"{os.cpu_count()} CPU core(s), shared by the server's loop, its hashing threads and this load "
            f"generator; CPU idle {idle} in the second before the run (anything else running skews the figures)",
            f"password hashing: {kind}: {cost}",
            "request rate limits off, lockout thresholds at their maxima: nothing refuses a login",
            f"{args.accounts} accounts, {args.login_concurrency} login client(s); ping probe: {args.ping_clients} "
            f"client(s), {args.ping_rate:g} pings/s in all; {args.duration:g} s per phase after "
            f"{args.warmup:g} s of warm-up",
            "",
        ]
    )


def cpu_idle_before(seconds: float = 1.0) -> str:
    """How idle the machine's CPUs were over the last `seconds` (Linux), to flag a busy machine."""

    def idle_and_total() -> tuple[int, int]:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, everything

    try:
        idle_before, total_before = idle_and_total()
        time.sleep(seconds)
        idle_after, total_after = idle_and_total()
    except (OSError, ValueError, IndexError):
        return "unknown"
    return f"{(idle_after - idle_before) / max(1, total_after - total_before):.0%}"


TABLE_HEAD = f"{'phase':<22} {'requests':>8} {'per s':>8} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}"


def row(name: str, figures: Figures) -> str:
    return (
        f"{name:<22} {figures.requests:>8} {figures.per_s:>8.1f} "
        f"{figures.p50_ms:>9.2f} {figures.p99_ms:>9.2f} {figures.max_ms:>9.2f}"
    )


def verdict_line(ratio: float) -> str:
    verdict = "met" if ratio < AIM else "NOT met"
    return f"ping p99 under login load is {ratio:.2f}× idle (aim < {AIM:g}×: {verdict})"  # noqa: RUF001


def report(outcome: Outcome, args: argparse.Namespace, idle: str) -> None:
    print(f"\n{TABLE_HEAD}")
    print(row("one login at a time", outcome.solo_login))
    print(row("ping, idle", outcome.ping_idle))
    print(row("ping, under logins", outcome.ping_loaded))
    print(row("logins", outcome.logins))
    print(f"\nlogin throughput: {outcome.logins.per_s:.1f} logins/s with {args.login_concurrency} client(s)")
    print(verdict_line(outcome.p99_ratio))
    if args.json:
        summary = {
            "aim": AIM,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "accounts": args.accounts,
            "login_concurrency": args.login_concurrency,
            "ping_clients": args.ping_clients,
            "ping_rate": args.ping_rate,
            "cheap_hashing": args.cheap_hashing,
            "hashing": hashing_env(args),
            "cpu_count": os.cpu_count(),
            "cpu_idle_before": idle,
            "python": platform.python_version(),
            "registered_in_s": outcome.registered_in_s,
            "solo_login": asdict(outcome.solo_login),
            "ping_idle": asdict(outcome.ping_idle),
            "ping_under_load": asdict(outcome.ping_loaded),
            "logins": asdict(outcome.logins),
            "login_throughput": round(outcome.logins.per_s, 3),
            "p99_ratio": round(outcome.p99_ratio, 4),
            "aim_met": outcome.p99_ratio < AIM,
        }
        print(json.dumps(summary))


# --- main --------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=_within(0, 300), default=10.0, help="seconds per phase (10)")
    parser.add_argument("--accounts", type=int, default=16, help="accounts registered and logged into (16)")
    parser.add_argument(
        "--login-concurrency", type=int, default=8, help="clients logging in back to back (8)"
    )
    parser.add_argument("--ping-clients", type=int, default=4, help="clients of the ping probe (4)")
    parser.add_argument(
        "--ping-rate",
        type=_within(0, 10_000),
        default=200.0,
        help="pings per second, all probe clients (200)",
    )
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of pings before measuring (1)")
    parser.add_argument(
        "--cheap-hashing",
        action="store_true",
        help="argon2id at t=1, m=1 MiB: for smoke tests only, the figures then mean nothing",
    )
    for option, setting in HASHING_OPTIONS.items():
        parser.add_argument(
            f"--{option.replace('_', '-')}", type=int, default=None, help=f"{setting} (goldbox's default)"
        )
    parser.add_argument("--json", action="store_true", help="also print a one-line JSON summary")
    args = parser.parse_args(argv)
    if not 1 <= args.accounts <= 10_000:
        parser.error("--accounts must be between 1 and 10000")
    if not 1 <= args.login_concurrency <= 256:
        parser.error("--login-concurrency must be between 1 and 256")
    if not 1 <= args.ping_clients <= 64:
        parser.error("--ping-clients must be between 1 and 64")
    for option in HASHING_OPTIONS:
        value = getattr(args, option)
        if value is not None and value < 1:
            parser.error(f"--{option.replace('_', '-')} must be at least 1")
    if not 0 <= args.warmup <= 60:
        parser.error("--warmup must be between 0 and 60")
    return args


def _within(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a number above `low` and at most `high`."""

    def number(text: str) -> float:
        value = float(text)
        if not low < value <= high:
            raise argparse.ArgumentTypeError(f"must be more than {low:g} and at most {high:g}")
        return value

    return number


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    idle = cpu_idle_before()
    print(header(args, idle), flush=True)
    with tempfile.TemporaryDirectory(prefix="goldbox-bench-auth-") as tmp:
        server = start_goldbox(Path(tmp), hashing_env(args))
        try:
            outcome = run_client(measure(server, args))
        except BenchmarkFailed as exc:
            print(f"\nbenchmark failed: {exc}", file=sys.stderr)
            print(f"--- {server.name} output ---\n{log_tail(server)}", file=sys.stderr)
            return 1
        finally:
            stop(server)
    report(outcome, args, idle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
