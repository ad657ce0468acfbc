"""The password policy, the shipped list of leaked passwords, and argon2id hashing off the event loop."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
import unicodedata
from collections.abc import Iterator
from importlib import resources
from typing import Any, Literal

import argon2
import pytest

from goldbox.auth.passwords import (
    HASH_LANES,
    MAX_LENGTH,
    MIN_LENGTH,
    PasswordHasher,
    common_passwords,
    password_problem,
)
from goldbox.ops.config import Settings

GOOD = "correct horse battery staple"
FULLWIDTH_QWERTYUIOP = "".join(chr(ord(letter) + 0xFEE0) for letter in "QWERTYUIOP")


@pytest.fixture
def hasher() -> Iterator[PasswordHasher]:
    """Cheap parameters: the tests check behaviour, not cost."""
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, max_concurrency=2)
    yield hasher
    hasher.close()


# The policy


def test_a_good_password_passes() -> None:
    assert password_problem(GOOD) is None
    assert password_problem(GOOD, username="alice") is None


def test_the_length_bounds_are_inclusive() -> None:
    assert password_problem("gx7!kq2mzp") is None
    assert len("gx7!kq2mzp") == MIN_LENGTH
    assert password_problem("ab" * (MAX_LENGTH // 2)) is None


@pytest.mark.parametrize("password", ["", "short", "gx7!kq2mz"])
def test_a_short_password_is_refused(password: str) -> None:
    reason = password_problem(password)
    assert reason is not None
    assert "short" in reason
    assert str(MIN_LENGTH) in reason


@pytest.mark.parametrize("size", [MAX_LENGTH + 1, 1_000_000])
def test_a_long_password_is_refused(size: int) -> None:
    reason = password_problem("x" * size)
    assert reason is not None
    assert str(MAX_LENGTH) in reason


class _Recording(str):
    """A str that notes every call that would walk over its characters."""

    calls: list[str]

    def _note(self, name: str) -> None:
        self.__dict__.setdefault("calls", []).append(name)

    def casefold(self) -> str:
        self._note("casefold")
        return super().casefold()

    def lower(self) -> str:
        self._note("lower")
        return super().lower()

    def strip(self, chars: str | None = None) -> str:
        self._note("strip")
        return super().strip(chars)

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        self._note("encode")
        return super().encode(encoding, errors)


def test_a_huge_password_is_refused_before_any_work_on_it(monkeypatch: pytest.MonkeyPatch) -> None:
    normalize = unicodedata.normalize
    normalised_sizes: list[int] = []

    def spying_normalize(form: Literal["NFC", "NFD", "NFKC", "NFKD"], text: str) -> str:
        normalised_sizes.append(len(text))
        return normalize(form, text)

    monkeypatch.setattr(unicodedata, "normalize", spying_normalize)
    huge = _Recording("A" * 1_000_000)
    assert password_problem(huge, username="alice") is not None
    assert huge.__dict__.get("calls", []) == []
    assert all(size <= MAX_LENGTH for size in normalised_sizes)


@pytest.mark.parametrize(
    "password",
    ["qwertyuiop", "QWERTYUIOP", "Password123", "  1q2w3e4r5t  ", FULLWIDTH_QWERTYUIOP, "ManChester"],
)
def test_a_common_password_is_refused_whatever_its_case_width_or_padding(password: str) -> None:
    reason = password_problem(password)
    assert reason is not None
    assert "common" in reason


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("alice_in_chains", "alice_in_chains"),
        ("Alice.Wonderland", "alice.wonderland"),
        ("ZEUS-1234567", "zeus-1234567"),
    ],
)
def test_the_username_is_not_a_password(password: str, username: str) -> None:
    reason = password_problem(password, username=username)
    assert reason is not None
    assert "username" in reason
    assert password_problem(password, username="someone_else") is None


def test_a_password_that_is_not_valid_text_is_refused() -> None:
    assert password_problem("\ud800" * MIN_LENGTH) is not None


@pytest.mark.parametrize("password", ["hunter2", "QWERTYUIOP", "x" * 300, "Alice.Wonderland"])
def test_the_reason_never_quotes_the_password(password: str) -> None:
    reason = password_problem(password, username="alice.wonderland")
    assert reason is not None
    assert password not in reason
    assert password.lower() not in reason.lower()


def test_the_shipped_list_is_large_lower_case_and_says_where_it_came_from() -> None:
    text = (resources.files("goldbox.auth") / "data" / "common_passwords.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("#")
    entries = [line for line in lines if not line.startswith("#")]
    assert len(entries) >= 10_000
    assert len(entries) == len(set(entries))
    assert all(entry == entry.lower().strip() and entry for entry in entries)
    assert common_passwords() == frozenset(entries)
    assert {"123456", "password", "qwertyuiop"} <= common_passwords()


# Hashing


async def test_a_hash_verifies_its_password_and_no_other(hasher: PasswordHasher) -> None:
    stored = await hasher.hash(GOOD)
    assert stored.startswith("$argon2id$")
    assert GOOD not in stored
    assert await hasher.verify(stored, GOOD) is True
    assert await hasher.verify(stored, GOOD + "!") is False
    assert await hasher.verify(stored, "") is False


async def test_each_hash_has_its_own_salt(hasher: PasswordHasher) -> None:
    first, second = await hasher.hash(GOOD), await hasher.hash(GOOD)
    assert first != second
    assert await hasher.verify(first, GOOD)
    assert await hasher.verify(second, GOOD)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "garbage",
        "$argon2id$v=19$m=1024,t=1,p=1$",
        "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$bm90IGEgcmVhbCBoYXNo",
        "$argon2id$é",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    ],
)
async def test_a_corrupt_hash_never_verifies_and_never_raises(hasher: PasswordHasher, stored: str) -> None:
    assert await hasher.verify(stored, GOOD) is False
    assert hasher.needs_rehash(stored) is True


async def test_a_password_that_cannot_be_encoded_does_not_verify(hasher: PasswordHasher) -> None:
    stored = await hasher.hash(GOOD)
    assert await hasher.verify(stored, "\ud800") is False


async def test_needs_rehash_tells_old_parameters_from_current_ones(hasher: PasswordHasher) -> None:
    stored = await hasher.hash(GOOD)
    assert hasher.needs_rehash(stored) is False
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    try:
        assert stronger.needs_rehash(stored) is True
    finally:
        stronger.close()


async def test_an_unknown_user_pays_for_a_real_verify_and_is_refused(
    hasher: PasswordHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    original_hash, original_verify = argon2.PasswordHasher.hash, argon2.PasswordHasher.verify
    hashes: list[str] = []
    verifies: list[str] = []

    def counting_hash(self: argon2.PasswordHasher, password: str | bytes, **kwargs: Any) -> str:
        hashes.append("hash")
        return original_hash(self, password, **kwargs)

    def counting_verify(self: argon2.PasswordHasher, stored: str | bytes, password: str | bytes) -> bool:
        verifies.append("verify")
        return original_verify(self, stored, password)

    monkeypatch.setattr(argon2.PasswordHasher, "hash", counting_hash)
    monkeypatch.setattr(argon2.PasswordHasher, "verify", counting_verify)
    assert await hasher.verify_against_nothing(GOOD) is False
    assert await hasher.verify_against_nothing("") is False
    assert len(hashes) == 1, "the dummy hash is made once"
    assert len(verifies) == 2, "every call runs a real verify"


async def test_argon2_runs_on_a_worker_thread_not_the_event_loop(
    hasher: PasswordHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    original_hash, original_verify = argon2.PasswordHasher.hash, argon2.PasswordHasher.verify
    threads: list[int] = []

    def recording_hash(self: argon2.PasswordHasher, password: str | bytes, **kwargs: Any) -> str:
        threads.append(threading.get_ident())
        return original_hash(self, password, **kwargs)

    def recording_verify(self: argon2.PasswordHasher, stored: str | bytes, password: str | bytes) -> bool:
        threads.append(threading.get_ident())
        return original_verify(self, stored, password)

    monkeypatch.setattr(argon2.PasswordHasher, "hash", recording_hash)
    monkeypatch.setattr(argon2.PasswordHasher, "verify", recording_verify)
    stored = await hasher.hash(GOOD)
    await hasher.verify(stored, GOOD)
    await hasher.verify_against_nothing(GOOD)
    assert len(threads) == 4
    assert threading.get_ident() not in threads


async def test_more_hashes_than_workers_all_finish_and_never_exceed_the_bound(
    hasher: PasswordHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    original_hash = argon2.PasswordHasher.hash
    lock = threading.Lock()
    running = 0
    peak = 0

    def slow_hash(self: argon2.PasswordHasher, password: str | bytes, **kwargs: Any) -> str:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            time.sleep(0.02)  # long enough for the workers to overlap
            return original_hash(self, password, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(argon2.PasswordHasher, "hash", slow_hash)
    passwords = [f"password number {n}" for n in range(10)]
    stored = await asyncio.gather(*(hasher.hash(password) for password in passwords))
    assert len(set(stored)) == len(passwords)
    assert 1 <= peak <= 2
    for password, one in zip(passwords, stored, strict=True):
        assert await hasher.verify(one, password)


def test_max_concurrency_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_concurrency"):
        PasswordHasher(max_concurrency=0)


def test_the_defaults_are_the_rfc_9106_low_memory_cost_in_one_lane() -> None:
    hasher = PasswordHasher()
    try:
        profile = argon2.profiles.RFC_9106_LOW_MEMORY
        one_lane = dataclasses.replace(profile, parallelism=1)
        assert hasher.needs_rehash(argon2.PasswordHasher.from_parameters(one_lane).hash("x")) is False
        # hashes made with the profile's four lanes are redone at the next login
        assert hasher.needs_rehash(argon2.PasswordHasher.from_parameters(profile).hash("x")) is True
    finally:
        hasher.close()


def test_the_settings_default_to_one_lane() -> None:
    assert Settings.model_fields["password_hash_parallelism"].default == HASH_LANES == 1
