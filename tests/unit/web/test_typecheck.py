"""The browser client's JavaScript type-checks: `tsc` over its JSDoc types (tsconfig.json, strict).

It needs Node.js: without it the test is skipped, except under CI=true, where it fails.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import unavailable

ROOT = Path(__file__).resolve().parents[3]
INSTALL_TIMEOUT_S = 300
CHECK_TIMEOUT_S = 180


def test_the_browser_client_type_checks() -> None:
    npm, npx = shutil.which("npm"), shutil.which("npx")
    if shutil.which("node") is None or npm is None or npx is None:
        unavailable("Node.js (node, npm, npx) is not installed")
    assert npm is not None
    assert npx is not None
    if not (ROOT / "node_modules" / ".bin" / "tsc").exists():
        installed = _run([npm, "ci", "--no-audit", "--no-fund"], INSTALL_TIMEOUT_S)
        assert installed.returncode == 0, f"npm ci failed:\n{installed.stdout}\n{installed.stderr}"
    checked = _run([npx, "--no-install", "tsc", "-p", "tsconfig.json"], CHECK_TIMEOUT_S)
    assert checked.returncode == 0, f"tsc found errors:\n{checked.stdout}{checked.stderr}"


def _run(command: list[str], timeout_s: int) -> subprocess.CompletedProcess[str]:
    """Run `command` in the repository, its output kept for the failure message."""
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s, check=False)
