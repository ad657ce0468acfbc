"""The password policy, and argon2id hashing that keeps the event loop free.

The policy follows NIST SP 800-63B: a minimum length, a generous maximum, and a check against
passwords that leaked often; no rules about character classes, which only push people to
"Password1!". Hashing is argon2id, run in a small thread pool of its own: argon2 releases the GIL, so
hashes run in parallel with the loop, and the pool's size caps both CPU and memory (~64 MiB per hash).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import secrets
import sys
import threading
import unicodedata
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import resources

import argon2
from argon2.exceptions import VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 256

_COMMON_PASSWORDS_FILE = "common_passwords.txt"
_DEFAULTS = argon2.profiles.RFC_9106_LOW_MEMORY


def _fold(text: str) -> str:
    """The form two passwords are compared in: a fullwidth 'PASSWORD ' and 'password' are one guess."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of leaked passwords, read once, on first use."""
    text = (resources.files("goldbox.auth") / "data" / _COMMON_PASSWORDS_FILE).read_text(encoding="utf-8")
    return frozenset(_fold(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str | None = None) -> str | None:
    """Why the password breaks the policy, in one sentence for the player, or None if it is fine.

    The maximum is checked first, on the raw length, so a huge password is refused before any work
    that grows with its size. The reason never quotes the password.
    """
    if len(password) > MAX_LENGTH:
        return f"The password is too long: the maximum is {MAX_LENGTH} characters."
    if len(password) < MIN_LENGTH:
        return f"The password is too short: it needs at least {MIN_LENGTH} characters."
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        return "The password contains characters that are not valid text (unpaired surrogates)."
    folded = _fold(password)
    if folded in common_passwords():
        return "The password is one of the most common leaked passwords, so it would be guessed quickly."
    if username is not None and folded == _fold(username):
        return "The password must not be the same as the username."
    return None


HASH_LANES = 1  # argon2 lanes per hash; see PasswordHasher
HASHING_NICENESS = 19  # the lowest priority: hashing takes only what the loop leaves


def _yield_to_the_loop() -> None:
    """Run this hashing thread at a lower CPU priority than the event loop's thread.

    A hash is a tenth of a second of pure CPU (and argon2's lanes, started from this thread, inherit
    the priority). On a machine with few cores, hashes at full priority take turns with the loop and
    every other request waits; at lower priority the loop runs first and logins take the rest.
    Linux gives each thread its own niceness; elsewhere this changes nothing.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


class PasswordHasher:
    """argon2id hashing and verification, each run in a bounded pool of worker threads.

    The defaults are the memory and passes of RFC 9106's "low memory" profile (t=3, m=64 MiB) with one
    lane instead of four: four lanes make libargon2 start and end a thread per lane for every slice of
    every pass, and that churn in the server's process delayed the event loop (docs/PERFORMANCE.md).
    A hash takes about 0.15 s. Tests pass cheap parameters.
    """

    def __init__(
        self,
        *,
        time_cost: int = _DEFAULTS.time_cost,
        memory_cost: int = _DEFAULTS.memory_cost,
        parallelism: int = HASH_LANES,
        max_concurrency: int = 4,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._argon2 = argon2.PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
            hash_len=_DEFAULTS.hash_len,
            salt_len=_DEFAULTS.salt_len,
            type=argon2.Type.ID,
        )
        self._executor = ThreadPoolExecutor(
            max_workers=max_concurrency, thread_name_prefix="goldbox-argon2", initializer=_yield_to_the_loop
        )
        self._dummy_hash: Future[str] | None = None

    async def hash(self, password: str) -> str:
        """The encoded argon2id hash, with a fresh salt, to store."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._argon2.hash, password)

    async def verify(self, stored_hash: str, password: str) -> bool:
        """Whether the password matches; False, never an exception, for a corrupt or foreign hash."""
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, self._verify_blocking, stored_hash, password
        )

    def needs_rehash(self, stored_hash: str) -> bool:
        """Whether the hash was made with other parameters (or is unreadable) and should be replaced."""
        try:
            return self._argon2.check_needs_rehash(stored_hash)
        except ValueError:  # InvalidHashError, or non-ASCII text
            return True

    async def verify_against_nothing(self, password: str) -> bool:
        """Spend what a real verify costs, then return False: an unknown username must not answer faster."""
        dummy = await asyncio.wrap_future(self._dummy())
        await self.verify(dummy, password)
        return False

    def close(self) -> None:
        """Stop the workers: queued hashes are cancelled, running ones finish in the background."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _dummy(self) -> Future[str]:
        # No await between the check and the assignment, so callers on the loop share one hash.
        if self._dummy_hash is None:
            self._dummy_hash = self._executor.submit(self._argon2.hash, secrets.token_urlsafe(32))
        return self._dummy_hash

    def _verify_blocking(self, stored_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(stored_hash, password)
        except (VerificationError, ValueError):  # mismatch, corrupt hash, or text that cannot be encoded
            return False
