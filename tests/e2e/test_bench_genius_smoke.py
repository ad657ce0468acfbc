"""`python -m bench.genius` runs a tiny step end to end and prints its table and summary.

A smoke test only: nothing is timed or compared with a target (unit and e2e tests never time
anything; the benchmark's figures live in docs/PERFORMANCE.md). Two matches of eight bots for two
seconds must resolve some rounds, each with its lateness measured by the match clock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from tests.e2e.live_server import ROOT

RUN_TIMEOUT_S = 90.0
SMOKE_ARGS = ["--matches", "2", "--seconds", "2", "--warmup", "0.5", "--keep-going", "--json"]
STEP_KEYS = {
    "matches",
    "running",
    "seconds",
    "rounds",
    "rounds_per_s",
    "lateness_p50_ms",
    "lateness_p95_ms",
    "lateness_p99_ms",
    "lateness_max_ms",
    "cpu_s",
    "full_rate",
    "kept_pace",
    "last_round",
}


def run_bench(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GOLDBOX_")}
    return subprocess.run(
        [sys.executable, "-m", "bench.genius", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def test_the_benchmark_runs_a_step_and_prints_its_summary() -> None:
    completed = run_bench(*SMOKE_ARGS)
    assert completed.returncode == 0, completed.stderr
    summary: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    assert (summary["game"], summary["seats"], summary["pace_s"]) == ("prisoners_dilemma", 8, 1.0)
    assert (summary["backend"], summary["bus"]) == ("SQLite", "in-process")
    (step,) = summary["steps"]
    assert step.keys() == STEP_KEYS
    assert (step["matches"], step["running"]) == (2, 2)
    assert step["rounds"] > 0, "the matches' rounds resolved by themselves"
    assert step["lateness_max_ms"] >= step["lateness_p99_ms"] >= step["lateness_p50_ms"]
    assert step["cpu_s"] > 0
    assert step["last_round"] >= 1
    assert summary["sustained"] in (None, 2)
    assert summary["full_rate"] in (None, 2)
    assert "full rate: rounds/s >=" in completed.stdout
    assert "highest at full rate:" in completed.stdout


def test_the_cost_by_age_plays_a_match_to_each_age() -> None:
    completed = run_bench("--by-age", "--ages", "3", "1", "--samples", "2", "--json")
    assert completed.returncode == 0, completed.stderr
    summary: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    ages = summary["by_age"]
    assert [age["round"] for age in ages] == [1, 3]
    assert ages[1]["state_kib"] > ages[0]["state_kib"], "the history grows the state"
    assert all(age["cpu_ms"] > 0 for age in ages)


def test_a_bad_database_fails_the_benchmark() -> None:
    """A server that cannot reach its database reports the failure, not figures."""
    completed = run_bench(
        "--matches", "1", "--seconds", "1", "--postgres", "postgresql://nobody@127.0.0.1:1/x"
    )
    assert completed.returncode == 1
    assert "benchmark failed" in completed.stderr
    assert "highest" not in completed.stdout
