"""Hashing threads yield the CPU to the event loop: they run at the lowest priority (Linux)."""

from __future__ import annotations

import os
import sys
import threading

import argon2
import pytest

from goldbox.auth.passwords import HASHING_NICENESS, PasswordHasher


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priority is a Linux feature")
async def test_hashes_run_at_the_lowest_priority_and_the_loop_keeps_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[int] = []
    real_hash = argon2.PasswordHasher.hash

    def recording_hash(self: argon2.PasswordHasher, password: str | bytes, **kwargs: object) -> str:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return str(real_hash(self, password))

    monkeypatch.setattr(argon2.PasswordHasher, "hash", recording_hash)
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, max_concurrency=2)
    try:
        await hasher.hash("a long enough passphrase")
    finally:
        hasher.close()
    assert seen == [HASHING_NICENESS]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < HASHING_NICENESS  # the loop's own
