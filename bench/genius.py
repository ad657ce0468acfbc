"""How many Genius matches of bots one server process keeps at one round per second, and how late
their rounds resolve.

Each step runs N matches of the iterated Prisoner's Dilemma at once, 8 bots a match, each match
paced at one round per second (`pace_s=1`): every round, all eight seats act (seven moves each, one
per opponent), so a round costs the rules, the bots and the service the most per match of any
shipped game that seats eight; the game's hidden length is drawn with `continuation` 0.99999 up to
`max_rounds` 1000, so matches outlast the step (one in a thousand ends within a minute). (Byzantine
Generals seats 8 too, but lasts at most 6 rounds; the Minority Game needs an odd table.)

The server runs in this process: the real `Services` of `goldbox serve` (the same wiring: events
published on the event bus, Redis with `--redis`, the match clock's timers and sweep, the ratings
and tournaments listeners, the other sweepers), on uvloop as uvicorn runs it, with the serving
process's GC tuning, but no HTTP and no client: bots need neither, so the figure is the match
service's own capacity (its database, the rules, the bots, the clock and the bus), with the whole
process's CPU to itself. A real server also spends CPU on its clients' requests and events.

Each step has a fresh database. Its matches are made one after another, spread over one pace
(`Matches.create_seated`), so their rounds do not all fall due at the same instant; after a warm-up
the step measures `--seconds`: the rounds resolved (counted from the committed changes), how late
each resolution committed after its due moment (the match clock's own measurement,
`MatchClock.lateness`, the figure behind `goldbox_genius_round_lateness_seconds`), and the CPU
seconds of the process. A step runs at full rate when its rounds per second reach 95% of the
matches running (a late round does not make the next one later, since a round's pace starts when it
opens, so a process that cannot keep up resolves fewer rounds a second), and keeps pace when its
p99 lateness is also under 100 ms (`--p99-ms`). Steps grow until one falls below full rate (all of
them with `--keep-going`): on a shared machine the lateness tail moves with the neighbours' disk
and CPU use, the rate much less.

A round's cost grows with its match's history (each bot's view holds every past round), so a step's
figure is for matches as old as the step's `round` column. `--by-age` shows that growth: the CPU of
one round at several ages, everything but the database, without running any step.

    .venv/bin/python -m bench.genius [--matches 10 25 50 100 200 400] [--seconds 20]
    .venv/bin/python -m bench.genius --postgres postgresql://postgres@127.0.0.1:5432/postgres \
        --redis redis://127.0.0.1:6379/0
    .venv/bin/python -m bench.genius --by-age [--ages 1 25 50 100 200] [--samples 50]

Exit status: 0 when every step ran (whether it kept pace or not), 1 when one could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

import orjson
import uvloop

from bench.actions import database
from goldbox.api.methods import build_registry
from goldbox.ops import gc_tuning
from goldbox.ops.config import Settings
from goldbox.ops.logging import configure_logging
from goldbox.service.match_clock import LATENESS_KEPT
from goldbox.service.match_rounds import Play
from goldbox.service.match_state import Entrant, Match
from goldbox.service.matches import Written
from goldbox.service.services import Services
from goldbox.store.database import json_text

GAME = "prisoners_dilemma"
STRATEGIES = (
    "tit_for_tat",
    "grim_trigger",
    "pavlov",
    "always_cooperate",
    "always_defect",
    "random",
    "tit_for_tat",
    "pavlov",
)
"""The eight seats of every match."""
OPTIONS = {"continuation": 0.99999, "max_rounds": 1000}
PACE_S = 1.0
DEADLINE_S = 30
"""Irrelevant here (bots seal as a round opens), but a match needs one."""
FULL_RATE = 0.95
"""A step runs at full rate when its rounds per second reach this share of its running matches;
it keeps pace when, besides, 99% of its rounds resolve within `--p99-ms` of their due moment."""
P99_LIMIT_MS = 100.0
DEFAULT_STEPS = (10, 25, 50, 100, 200, 400, 800)
DEFAULT_AGES = (1, 25, 50, 100, 200)
AGE_SEED = 2026
"""The seed of the match `--by-age` plays: any seed whose hidden length passes the oldest age."""


@dataclass(frozen=True)
class Step:
    """What one step measured."""

    matches: int
    running: int
    """Matches still running at the end of the window (a match's hidden length may end it)."""
    seconds: float
    rounds: int
    rounds_per_s: float
    lateness_p50_ms: float
    lateness_p95_ms: float
    lateness_p99_ms: float
    lateness_max_ms: float
    cpu_s: float
    full_rate: bool
    kept_pace: bool
    last_round: int
    """The round the matches had reached by the end (the median match): a round's cost grows with
    the match's history (`--by-age`)."""

    @property
    def cpu_share(self) -> float:
        """The process's CPU seconds per second of the window (1.0: one core busy)."""
        return self.cpu_s / self.seconds

    @property
    def cpu_ms_per_round(self) -> float:
        return 1000 * self.cpu_s / self.rounds if self.rounds else float("nan")


class Tally:
    """Counts, from every committed change to a match, the rounds it resolved and the matches it
    ended (an `after_commit` listener, as the event publisher is)."""

    def __init__(self) -> None:
        self.rounds = 0
        self.finished = 0
        self.reached: dict[str, int] = {}

    async def __call__(self, written: Written) -> None:
        self.rounds += len(written.resolved)
        self.finished += any(event.type == "match.finished" for event in written.events)
        self.reached[written.stored.id] = written.stored.match.round


def at_full_rate(rounds_per_s: float, running: int) -> bool:
    return rounds_per_s >= FULL_RATE * running


def percentile(samples: Sequence[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def server_settings(url: str, redis: str | None) -> Settings:
    """The server's defaults, on this database (and Redis), quiet."""
    return Settings(
        database_url=url,
        redis_url=redis,
        redis_key_prefix=f"goldbox-bench-{uuid.uuid4().hex[:8]}:",
        log_level="warning",
        secret_key="bench-" + "x" * 40,
    )


async def start_matches(services: Services, count: int) -> None:
    """`count` matches of eight bots, made one after another and spread over one pace."""
    entrants = [Entrant.bot(strategy) for strategy in STRATEGIES]
    loop = asyncio.get_running_loop()
    began = loop.time()
    for number in range(count):
        await asyncio.sleep(max(0.0, began + number * PACE_S / count - loop.time()))
        await services.matches.create_seated(
            GAME, OPTIONS, entrants, round_deadline_s=DEADLINE_S, pace_s=PACE_S
        )


async def run_step(
    settings: Settings, count: int, seconds: float, warmup_s: float, p99_limit_ms: float
) -> Step:
    services = Services.start(settings, build_registry())
    await services.open()
    if settings.gc_tuning:
        gc_tuning.tune_for_serving()
    tally = Tally()
    services.matches.after_commit.append(tally)
    clock = services.matches.clock
    try:
        await start_matches(services, count)
        await asyncio.sleep(warmup_s)
        skipped, rounds_before = len(clock.lateness()), tally.rounds
        cpu_before, began = time.process_time(), time.perf_counter()
        await asyncio.sleep(seconds)
        cpu_s, elapsed = time.process_time() - cpu_before, time.perf_counter() - began
        rounds = tally.rounds - rounds_before
        lateness = clock.lateness()
        if len(lateness) >= LATENESS_KEPT:
            raise RuntimeError(f"more than {LATENESS_KEPT} resolutions: the clock kept only the last ones")
        window_ms = [1000 * late for late in lateness[skipped:]]
        running = count - tally.finished
        last_round = int(statistics.median(tally.reached.values())) if tally.reached else 0
    finally:
        await services.close()
    p99 = percentile(window_ms, 0.99)
    full_rate = at_full_rate(rounds / elapsed, running)
    return Step(
        matches=count,
        running=running,
        seconds=elapsed,
        rounds=rounds,
        rounds_per_s=rounds / elapsed,
        lateness_p50_ms=statistics.median(window_ms) if window_ms else float("nan"),
        lateness_p95_ms=percentile(window_ms, 0.95),
        lateness_p99_ms=p99,
        lateness_max_ms=max(window_ms, default=float("nan")),
        cpu_s=cpu_s,
        full_rate=full_rate,
        kept_pace=full_rate and p99 < p99_limit_ms,
        last_round=last_round,
    )


@dataclass(frozen=True)
class Age:
    """What one round of a match costs at an age, without the database."""

    round: int
    state_kib: float
    cpu_ms: float


def round_cost_by_age(ages: Sequence[int], samples: int) -> list[Age]:
    """The CPU of one round of the bench's match at each age (the round it is in), all but the
    database's part: decoding its stored state, the round (`Play`: the rules resolve it, the next
    opens, the eight bots choose from their views) and encoding the new state. Measured on copies
    of the match at that age, with the serving process's GC tuning."""
    gc_tuning.tune_for_serving()
    match = Match(GAME, dict(OPTIONS), len(STRATEGIES), len(STRATEGIES), DEADLINE_S, PACE_S, creator=None)
    moment = datetime.now(UTC)
    pace = timedelta(seconds=PACE_S)
    opening = Play(match, AGE_SEED, moment)
    for strategy in STRATEGIES:
        opening.seat(Entrant.bot(strategy))
    opening.start()
    costs = []
    for age in sorted(ages):
        while match.round < age:
            moment += pace
            Play(match, AGE_SEED, moment).close_overdue()
        if match.outcome is not None:
            raise RuntimeError(f"the match ended at round {match.round}: choose another AGE_SEED")
        stored = json_text(match.to_state())
        started = time.process_time()
        for _ in range(samples):
            played = Match.from_state(orjson.loads(stored))
            Play(played, AGE_SEED, moment + pace).close_overdue()
            json_text(played.to_state())
        costs.append(Age(age, len(stored) / 1024, 1000 * (time.process_time() - started) / samples))
    return costs


def print_costs_by_age(args: argparse.Namespace) -> None:
    print(
        f"bench.genius --by-age: one round of {GAME} with {len(STRATEGIES)} bots, without the database "
        f"(decode the state, resolve, open the next round, the bots choose, encode); {args.samples} samples"
    )
    print(f"{'round':>5} | {'state':>9} | {'CPU a round':>11} | one core's rounds/s")
    costs = round_cost_by_age(args.ages, args.samples)
    for age in costs:
        print(
            f"{age.round:>5} | {age.state_kib:>5.1f} KiB | {age.cpu_ms:>8.2f} ms | {1000 / age.cpu_ms:>8.0f}"
        )
    if args.json:
        print(json.dumps({"game": GAME, "seats": len(STRATEGIES), "by_age": [asdict(age) for age in costs]}))


def measure(args: argparse.Namespace, count: int) -> Step:
    """One step on a fresh database of its own."""
    with database(args.postgres) as url:
        settings = server_settings(url, args.redis)
        return uvloop.run(run_step(settings, count, args.seconds, args.warmup, args.p99_ms))


def row(step: Step) -> str:
    verdict = "yes" if step.kept_pace else "late" if step.full_rate else "NO"
    return (
        f"{step.matches:>7} | {step.rounds_per_s:>8.1f} / {step.running:<5} | "
        f"{step.lateness_p50_ms:>6.1f} {step.lateness_p95_ms:>6.1f} {step.lateness_p99_ms:>7.1f} "
        f"{step.lateness_max_ms:>7.1f} | {step.cpu_s:>6.1f} s {100 * step.cpu_share:>4.0f}% "
        f"{step.cpu_ms_per_round:>5.2f} | {step.last_round:>5} | {verdict}"
    )


def highest(steps: Sequence[Step], what: str) -> Step | None:
    """Print the step with the most matches among `steps`, and its jitter; return it."""
    best = max(steps, key=lambda step: step.matches, default=None)
    if best is None:
        print(f"{what}: none")
    else:
        print(
            f"{what}: {best.matches} matches ({best.rounds_per_s:.1f} rounds/s); jitter there: p50 "
            f"{best.lateness_p50_ms:.1f} ms, p99 {best.lateness_p99_ms:.1f} ms, max {best.lateness_max_ms:.1f} ms"
        )
    return best


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.genius", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--matches",
        type=int,
        nargs="+",
        default=list(DEFAULT_STEPS),
        metavar="N",
        help="The steps: how many matches run at once in each (default: %(default)s).",
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="The measured window of each step.")
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="Seconds between the last match made and the window."
    )
    parser.add_argument("--postgres", metavar="URL", help="A PostgreSQL server to run on (default: SQLite).")
    parser.add_argument("--redis", metavar="URL", help="Redis for the event bus (default: in-process).")
    parser.add_argument(
        "--p99-ms", type=float, default=P99_LIMIT_MS, help="The p99 lateness a step keeping pace stays under."
    )
    parser.add_argument(
        "--keep-going", action="store_true", help="Run every step, even after one falls behind the rate."
    )
    parser.add_argument("--json", action="store_true", help="Also print a one-line JSON summary.")
    parser.add_argument(
        "--by-age",
        action="store_true",
        help="Instead of the steps: the CPU one round costs without the database, by the match's age.",
    )
    parser.add_argument(
        "--ages", type=int, nargs="+", default=list(DEFAULT_AGES), metavar="ROUND", help="Ages for --by-age."
    )
    parser.add_argument("--samples", type=int, default=50, help="Rounds timed at each age (--by-age).")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging("warning")
    if args.by_age:
        print_costs_by_age(args)
        return 0
    backend = "PostgreSQL" if args.postgres else "SQLite"
    bus = "Redis" if args.redis else "in-process"
    print(
        f"bench.genius: {GAME}, {len(STRATEGIES)} bots a match, pace {PACE_S:g} s, {backend}, "
        f"{bus} event bus, one process (Python {platform.python_version()}, uvloop, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})"
    )
    print(
        f"full rate: rounds/s >= {FULL_RATE:.0%} of the running matches; keeps pace: full rate and p99 "
        f"lateness < {args.p99_ms:g} ms (else 'late'); {args.seconds:g} s measured after a "
        f"{args.warmup:g} s warm-up; steps stop at the first below full rate"
    )
    print(
        f"{'matches':>7} | {'rounds/s / target':>16} | {'lateness ms p50    p95     p99     max':>37} | "
        f"{'CPU':>8} {'busy':>4} {'ms/round':>5} | round | kept",
        flush=True,
    )
    steps: list[Step] = []
    try:
        for count in args.matches:
            step = measure(args, count)
            steps.append(step)
            print(row(step), flush=True)
            if not step.full_rate and not args.keep_going:
                break
    except Exception as failed:  # a bench reports its failure plainly, with no figures
        print(f"benchmark failed: {failed!r}", file=sys.stderr)
        return 1
    best = highest([step for step in steps if step.kept_pace], "highest sustained (kept pace)")
    fastest = highest([step for step in steps if step.full_rate], "highest at full rate")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if args.json:
        summary = {
            "game": GAME,
            "seats": len(STRATEGIES),
            "pace_s": PACE_S,
            "backend": backend,
            "bus": bus,
            "steps": [asdict(step) for step in steps],
            "sustained": None if best is None else best.matches,
            "full_rate": None if fastest is None else fastest.matches,
        }
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
