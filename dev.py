#!/usr/bin/env python3
"""One entry point for a fresh machine that has only Python 3.11+.

`python3 dev.py run` and `python3 dev.py test` create `.venv`, install the pinned
dependencies (again only when pyproject.toml or constraints.txt changed), then serve
or run the checks. Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".goldbox-installed"
INPUTS = ("pyproject.toml", "constraints.txt")


def _inputs_digest() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment() -> None:
    """Create the virtual environment and install pinned dependencies if they are stale."""
    if sys.version_info < (3, 11):  # noqa: UP036 -- dev.py runs under whatever python3 is on PATH
        sys.exit(f"goldbox needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print("creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = _inputs_digest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("installing pinned dependencies into .venv", flush=True)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def run(*args: str) -> int:
    return subprocess.call([str(PYTHON), "-m", *args], cwd=ROOT)


def command_run(extra: list[str]) -> int:
    return run("goldbox", "serve", *extra)


def command_test(extra: list[str]) -> int:
    """Lint, type-check, then test: the same steps CI runs."""
    for step in (("ruff", "check", "."), ("ruff", "format", "--check", "."), ("mypy",)):
        code = run(*step)
        if code:
            return code
    return run("pytest", *extra)


def command_lock(_extra: list[str]) -> int:
    """Re-pin every dependency to what is installed in .venv now."""
    frozen = subprocess.run(
        [str(PYTHON), "-m", "pip", "freeze", "--exclude-editable", "--exclude", "goldbox"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (ROOT / "constraints.txt").write_text(frozen)
    return 0


COMMANDS = {"run": command_run, "test": command_test, "lock": command_lock}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print("usage: python3 dev.py run|test|lock [args…]", file=sys.stderr)
        return 2
    ensure_environment()
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
