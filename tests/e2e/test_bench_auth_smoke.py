"""`python -m bench.auth` runs end to end against a real server and prints its summary.

A smoke test only: hashing is made cheap and nothing is timed (unit and e2e tests never time
anything; the benchmark's figures live in docs/PERFORMANCE.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from tests.e2e.live_server import ROOT

RUN_TIMEOUT_S = 90.0
SMOKE_ARGS = ["--duration", "1", "--accounts", "4", "--login-concurrency", "2", "--cheap-hashing", "--json"]
SUMMARY_KEYS = {
    "aim",
    "aim_met",
    "accounts",
    "cheap_hashing",
    "login_concurrency",
    "login_throughput",
    "logins",
    "ping_idle",
    "ping_under_load",
    "p99_ratio",
    "solo_login",
}
FIGURE_KEYS = {"requests", "seconds", "per_s", "p50_ms", "p99_ms", "max_ms"}


def run_bench(extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench.auth", *SMOKE_ARGS],
        cwd=ROOT,
        env={**os.environ, **(extra_env or {})},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def test_the_benchmark_runs_and_prints_its_summary() -> None:
    completed = run_bench()
    assert completed.returncode == 0, completed.stderr
    summary: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    assert summary.keys() >= SUMMARY_KEYS
    assert summary["cheap_hashing"] is True
    assert (summary["accounts"], summary["login_concurrency"]) == (4, 2)
    for phase in ("solo_login", "ping_idle", "ping_under_load", "logins"):
        assert summary[phase].keys() >= FIGURE_KEYS
        assert summary[phase]["requests"] > 0
    assert "ping p99 under login load is" in completed.stdout


def test_a_server_that_cannot_start_fails_the_benchmark() -> None:
    """Production without a secret key refuses to start: the benchmark must not report figures."""
    completed = run_bench({"GOLDBOX_ENV": "production"})
    assert completed.returncode == 1
    assert "benchmark failed" in completed.stderr
    assert "login throughput" not in completed.stdout
