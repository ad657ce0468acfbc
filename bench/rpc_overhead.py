"""How much of a bare Starlette endpoint's `system.ping` throughput goldbox keeps.

Runs goldbox and `bench.bare_app` side by side, each under uvicorn with one worker on
127.0.0.1, and drives both with the same asyncio load generator over HTTP (`POST /rpc`) and
WebSocket (`/ws`). Measurements alternate between the two servers, so machine noise lands on
both. Prints throughput, p50/p99 latency and the goldbox/bare ratio per transport.

    .venv/bin/python -m bench.rpc_overhead [--duration 5] [--concurrency 32] [--warmup 1] [--json]

Exit status: 0 when every measurement completed (whether or not the aim is met), 1 when a
server did not start or a request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import orjson
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from goldbox.ops.config import Settings

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
AIM = 0.70
READY_TIMEOUT_S = 20.0
READY_POLL_S = 0.1
STOP_TIMEOUT_S = 10.0
REQUEST_TIMEOUT_S = 10.0
PHASE_GRACE_S = 15.0
MAX_CALLS_PER_WORKER = 1_000_000
JSON_HEADERS = {"content-type": "application/json"}
TRANSPORTS = ("HTTP", "WS")
T = TypeVar("T")

Ping = Callable[[int], Awaitable[bool]]
"""Send one `system.ping` with the given id; True when the right reply came back."""


class BenchmarkFailed(Exception):
    """A server did not start, or a request failed: the figures would mean nothing."""


@dataclass(frozen=True)
class Server:
    """A uvicorn process under test, and where its output goes."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    ready_path: str

    def http_url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def ws_url(self, path: str) -> str:
        return f"ws://{HOST}:{self.port}{path}"


@dataclass
class Tally:
    """What the workers of one phase saw; shared by them (one event loop, so no lock)."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0


@dataclass(frozen=True)
class Result:
    """One measurement of one server over one transport."""

    transport: str
    server: str
    requests: int
    errors: int
    seconds: float
    throughput: float
    p50_ms: float
    p99_ms: float


# --- servers -----------------------------------------------------------------------------------


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it when binding port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def spawn(name: str, command: list[str], env: dict[str, str], log_path: Path, ready_path: str) -> Server:
    """Start a server; its output goes to a file so a full pipe can never stall it."""
    port = int(command[command.index("--port") + 1])
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Server(name, port, process, log_path, ready_path)


def start_goldbox(workdir: Path, settings: dict[str, str] | None = None) -> Server:
    """`goldbox serve` (one worker) on a throwaway SQLite file; access log off, as the bare app logs
    nothing; `settings` adds or overrides GOLDBOX_* variables.

    Request rate limits are off too: one address sending thousands of pings a second is what they
    exist to refuse.
    """
    port = free_port()
    env = {
        **os.environ,
        "GOLDBOX_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'bench.db'}",
        "GOLDBOX_LOG_LEVEL": "warning",
        "GOLDBOX_ACCESS_LOG": "false",
        "GOLDBOX_WORKERS": "1",
        "GOLDBOX_RATE_LIMITS_ENABLED": "false",
        **(settings or {}),
    }
    command = [sys.executable, "-m", "goldbox", "serve", "--port", str(port)]
    return spawn("goldbox", command, env, workdir / "goldbox.log", "/health/ready")


def start_bare(workdir: Path) -> Server:
    """The bare app under the options `goldbox serve` passes to uvicorn (where the CLI has them)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.bare_app:app",
        "--host",
        HOST,
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        "--no-server-header",
        "--ws-max-size",
        str(1_048_576),
        # served as goldbox serves by default: without permessage-deflate (GOLDBOX_WS_COMPRESSION)
        "--ws-per-message-deflate",
        str(Settings.model_fields["ws_compression"].default).lower(),
    ]
    return spawn("bare", command, dict(os.environ), workdir / "bare.log", "/rpc")


def stop(server: Server) -> None:
    """SIGTERM, then SIGKILL if it has not gone within STOP_TIMEOUT_S."""
    if server.process.poll() is not None:
        return
    server.process.terminate()
    try:
        server.process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=STOP_TIMEOUT_S)


def log_tail(server: Server, lines: int = 20) -> str:
    """The end of a server's output, to explain why it failed."""
    try:
        text = server.log_path.read_text(errors="replace")
    except OSError:
        return "(no output)"
    return "\n".join(text.splitlines()[-lines:]) or "(no output)"


async def probe(session: aiohttp.ClientSession, server: Server) -> bool:
    """One readiness check: goldbox's /health/ready, or a ping answered by the bare app."""
    url = server.http_url(server.ready_path)
    try:
        if server.ready_path == "/rpc":
            async with session.post(url, data=ping_body(0), headers=JSON_HEADERS) as response:
                return response.status == 200 and is_pong(await response.read(), 0)
        async with session.get(url) as response:
            return response.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False


async def wait_ready(server: Server) -> None:
    """Poll until the server answers, it exits, or READY_TIMEOUT_S passes."""
    timeout = aiohttp.ClientTimeout(total=2.0)
    deadline = time.monotonic() + READY_TIMEOUT_S
    async with aiohttp.ClientSession(timeout=timeout) as session:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise BenchmarkFailed(f"{server.name} exited with {server.process.returncode}")
            if await probe(session, server):
                return
            await asyncio.sleep(READY_POLL_S)
    raise BenchmarkFailed(f"{server.name} was not ready after {READY_TIMEOUT_S:.0f} s")


# --- load --------------------------------------------------------------------------------------


def ping_body(request_id: int) -> bytes:
    return orjson.dumps({"jsonrpc": "2.0", "method": "system.ping", "id": request_id})


def is_pong(reply: bytes | str, request_id: int) -> bool:
    """Check each reply: a server that answers fast with errors must not look fast."""
    try:
        message = orjson.loads(reply)
    except orjson.JSONDecodeError:
        return False
    return (
        isinstance(message, dict)
        and message.get("result") == {"pong": True}
        and message.get("id") == request_id
    )


def http_ping(session: aiohttp.ClientSession, url: str) -> Ping:
    async def ping(request_id: int) -> bool:
        async with session.post(url, data=ping_body(request_id), headers=JSON_HEADERS) as response:
            return response.status == 200 and is_pong(await response.read(), request_id)

    return ping


def ws_ping(connection: ClientConnection) -> Ping:
    async def ping(request_id: int) -> bool:
        await connection.send(ping_body(request_id).decode())
        return is_pong(await connection.recv(), request_id)

    return ping


async def worker(ping: Ping, stop_at: float, tally: Tally) -> None:
    """Ping back to back until stop_at; a worker whose request fails stops, and the run fails."""
    for request_id in range(1, MAX_CALLS_PER_WORKER + 1):
        if time.perf_counter() >= stop_at:
            return
        started = time.perf_counter()
        try:
            ok = await ping(request_id)
        except (aiohttp.ClientError, WebSocketException, OSError, TimeoutError):
            ok = False
        if not ok:
            tally.errors += 1
            return
        tally.latencies.append(time.perf_counter() - started)


async def run_phase(pings: Sequence[Ping], seconds: float) -> tuple[Tally, float]:
    """Every ping function driven by its own worker for `seconds`; returns the tally and wall time."""
    tally = Tally()
    started = time.perf_counter()
    async with asyncio.timeout(seconds + PHASE_GRACE_S):
        await asyncio.gather(*(worker(ping, started + seconds, tally) for ping in pings))
    return tally, time.perf_counter() - started


def percentile(ordered: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted samples."""
    if not ordered:
        return float("nan")
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(transport: str, server: Server, tally: Tally, seconds: float) -> Result:
    ordered = sorted(tally.latencies)
    return Result(
        transport=transport,
        server=server.name,
        requests=len(ordered),
        errors=tally.errors,
        seconds=round(seconds, 3),
        throughput=len(ordered) / seconds,
        p50_ms=percentile(ordered, 0.50) * 1000,
        p99_ms=percentile(ordered, 0.99) * 1000,
    )


async def warm_then_measure(pings: Sequence[Ping], warmup: float, duration: float) -> tuple[Tally, float]:
    """Warm up on the same connections (discarded), then measure."""
    if warmup > 0:
        warm, _ = await run_phase(pings, warmup)
        if warm.errors:
            raise BenchmarkFailed(f"{warm.errors} request(s) failed during warm-up")
    return await run_phase(pings, duration)


async def measure_http(server: Server, args: argparse.Namespace) -> Result:
    """N workers share one session whose connector keeps at most N keep-alive connections."""
    connector = aiohttp.TCPConnector(limit=args.concurrency)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        pings = [http_ping(session, server.http_url("/rpc"))] * args.concurrency
        tally, seconds = await warm_then_measure(pings, args.warmup, args.duration)
    return summarise("HTTP", server, tally, seconds)


async def measure_ws(server: Server, args: argparse.Namespace) -> Result:
    """N sockets, each with one ping in flight at a time."""
    async with contextlib.AsyncExitStack() as stack:
        connections = [
            await stack.enter_async_context(
                connect(
                    server.ws_url("/ws"), open_timeout=REQUEST_TIMEOUT_S, close_timeout=5, ping_interval=None
                )
            )
            for _ in range(args.concurrency)
        ]
        tally, seconds = await warm_then_measure(
            [ws_ping(connection) for connection in connections], args.warmup, args.duration
        )
    return summarise("WS", server, tally, seconds)


async def measure(transport: str, server: Server, args: argparse.Namespace) -> Result:
    if server.process.poll() is not None:
        raise BenchmarkFailed(f"{server.name} exited with {server.process.returncode}")
    result = await (measure_http if transport == "HTTP" else measure_ws)(server, args)
    if result.errors:
        raise BenchmarkFailed(f"{transport} {server.name}: {result.errors} request(s) failed")
    return result


def schedule(servers: Sequence[Server], rounds: int) -> Iterator[tuple[str, Server]]:
    """Bare then goldbox per transport, reversed every other round so drift hits both alike."""
    for number in range(rounds):
        order = list(servers) if number % 2 == 0 else list(reversed(servers))
        for transport in TRANSPORTS:
            for server in order:
                yield transport, server


# --- report ------------------------------------------------------------------------------------


def header(args: argparse.Namespace) -> str:
    cores = os.cpu_count()
    return "\n".join(
        [
            "goldbox RPC overhead: system.ping against a bare Starlette endpoint",
            f"python {platform.python_version()}, uvicorn {uvicorn.__version__}, one worker per server, "
            f"loop/http/ws implementations auto-picked alike (uvloop: {_importable('uvloop')}, "
            f"httptools: {_importable('httptools')})",
            f"{cores} CPU core(s): the load generator shares them with the server under test, so the "
            "figures are lower than a dedicated client would show",
            "WebSocket permessage-deflate "
            + ("on" if Settings.model_fields["ws_compression"].default else "off")
            + " for both (goldbox's default, GOLDBOX_WS_COMPRESSION)",
            "access log off for both (GOLDBOX_ACCESS_LOG=false; the bare app logs nothing), "
            "goldbox on a throwaway SQLite file with request rate limits off",
            f"concurrency {args.concurrency}, warm-up {args.warmup:g} s, {args.duration:g} s per measurement, "
            f"{args.rounds} round(s), best round reported",
            "",
        ]
    )


def _importable(module: str) -> str:
    try:
        __import__(module)
    except ImportError:
        return "no"
    return "yes"


def row(result: Result) -> str:
    return (
        f"{result.transport:<9} {result.server:<8} {result.requests:>9} "
        f"{result.throughput:>11.0f} {result.p50_ms:>8.2f} {result.p99_ms:>8.2f}"
    )


TABLE_HEAD = f"{'transport':<9} {'server':<8} {'requests':>9} {'req/s':>11} {'p50 ms':>8} {'p99 ms':>8}"


def best_of(results: Sequence[Result]) -> list[Result]:
    """For each transport and server, the run with the highest throughput."""
    best: dict[tuple[str, str], Result] = {}
    for result in results:
        key = (result.transport, result.server)
        if key not in best or result.throughput > best[key].throughput:
            best[key] = result
    return [best[key] for key in sorted(best, key=lambda k: (TRANSPORTS.index(k[0]), k[1] != "bare"))]


def ratios(best: Sequence[Result]) -> dict[str, float]:
    by_key = {(result.transport, result.server): result.throughput for result in best}
    return {
        transport: by_key[(transport, "goldbox")] / by_key[(transport, "bare")]
        for transport in TRANSPORTS
        if (transport, "goldbox") in by_key and (transport, "bare") in by_key
    }


def ratio_line(transport: str, ratio: float) -> str:
    verdict = "met" if ratio >= AIM else "NOT met"
    return f"{transport}: goldbox keeps {ratio:.1%} of bare throughput (aim ≥ {AIM:.0%}: {verdict})"


def report(results: Sequence[Result], args: argparse.Namespace) -> None:
    best = best_of(results)
    kept = ratios(best)
    print(f"\nbest of {args.rounds} round(s)\n{TABLE_HEAD}")
    for result in best:
        print(row(result))
    print()
    for transport, ratio in kept.items():
        print(ratio_line(transport, ratio))
    if args.json:
        summary = {
            "aim": AIM,
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "rounds": args.rounds,
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "best": [asdict(result) for result in best],
            "runs": [asdict(result) for result in results],
            "ratios": {transport: round(ratio, 4) for transport, ratio in kept.items()},
            "aim_met": all(ratio >= AIM for ratio in kept.values()),
        }
        print(json.dumps(summary))


# --- main --------------------------------------------------------------------------------------


async def run(servers: Sequence[Server], args: argparse.Namespace) -> list[Result]:
    for server in servers:
        await wait_ready(server)
    print(f"each run\n{TABLE_HEAD}", flush=True)
    results = []
    for transport, server in schedule(servers, args.rounds):
        result = await measure(transport, server, args)
        print(row(result), flush=True)
        results.append(result)
    return results


def run_client(main_coroutine: Coroutine[Any, Any, T]) -> T:
    """uvloop for the load generator too when installed: a cheaper client leaves the server more CPU."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main_coroutine)
    return uvloop.run(main_coroutine)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=_positive, default=5.0, help="seconds per measurement (5)")
    parser.add_argument("--concurrency", type=int, default=32, help="connections and workers (32)")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of warm-up per measurement (1)")
    parser.add_argument("--rounds", type=int, default=2, help="times each measurement runs; best kept (2)")
    parser.add_argument("--json", action="store_true", help="also print a one-line JSON summary")
    args = parser.parse_args(argv)
    if not 1 <= args.concurrency <= 1024:
        parser.error("--concurrency must be between 1 and 1024")
    if not 1 <= args.rounds <= 10:
        parser.error("--rounds must be between 1 and 10")
    if not 0 <= args.warmup <= 60:
        parser.error("--warmup must be between 0 and 60")
    return args


def _positive(text: str) -> float:
    value = float(text)
    if not 0 < value <= 300:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 300")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    print(header(args), flush=True)
    servers: list[Server] = []
    with tempfile.TemporaryDirectory(prefix="goldbox-bench-") as tmp:
        try:
            servers.append(start_bare(Path(tmp)))
            servers.append(start_goldbox(Path(tmp)))
            results = run_client(run(servers, args))
        except BenchmarkFailed as exc:
            print(f"\nbenchmark failed: {exc}", file=sys.stderr)
            for server in servers:
                print(f"--- {server.name} output ---\n{log_tail(server)}", file=sys.stderr)
            return 1
        finally:
            for server in servers:
                stop(server)
    report(results, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
