"""The one source of randomness for rules and generators: a seeded, serialisable RNG.

Why not `random.Random`? Its state is 2.5 KB of Mersenne Twister words, and the algorithms behind
its helper methods have changed between Python versions. A game log must replay byte for byte on
any machine, years later, and the state must be cheap to store after every action. This RNG is
SplitMix64 over a counter: its whole state is two integers (`seed`, `counter`), each draw is a few
integer operations, and the output depends on nothing but those two numbers.

Sub-seeds come from a stable name (`derive_seed(seed, "dungeon", 3)`), hashed with BLAKE2b, so
adding a generator or a draw in one place never shifts the numbers another place sees.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableSequence, Sequence
from typing import TypeVar

T = TypeVar("T")

_MASK64 = (1 << 64) - 1
_GOLDEN_GAMMA = 0x9E3779B97F4A7C15


def _mix64(z: int) -> int:
    """SplitMix64's finaliser: scrambles a 64-bit counter value into a well-spread output."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def derive_seed(seed: int, *names: str | int) -> int:
    """A 63-bit seed for the part of the world called `names`, independent of every other part."""
    text = ":".join([str(seed), *(str(name) for name in names)])
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


class Rng:
    """A deterministic random number generator whose state is `(seed, counter)`."""

    __slots__ = ("counter", "seed")

    def __init__(self, seed: int, counter: int = 0) -> None:
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise TypeError("an Rng seed must be an integer")
        self.seed = seed & _MASK64
        self.counter = counter

    def __repr__(self) -> str:
        return f"Rng(seed={self.seed}, counter={self.counter})"

    def state(self) -> tuple[int, int]:
        """What to store to resume this exact stream later: `Rng(*rng.state())`."""
        return (self.seed, self.counter)

    def fork(self, *names: str | int) -> Rng:
        """An independent stream for a named sub-task; drawing from it leaves this one untouched."""
        return Rng(derive_seed(self.seed, *names))

    def next64(self) -> int:
        """The next raw 64-bit output."""
        self.counter += 1
        return _mix64((self.seed + self.counter * _GOLDEN_GAMMA) & _MASK64)

    def below(self, bound: int) -> int:
        """A uniform integer in [0, bound), without modulo bias (rejection sampling)."""
        if bound <= 0:
            raise ValueError("below() needs a positive bound")
        limit = _MASK64 - (_MASK64 % bound) - 1 if bound & (bound - 1) else _MASK64
        while True:
            value = self.next64()
            if value <= limit:
                return value % bound

    def randint(self, low: int, high: int) -> int:
        """A uniform integer in [low, high], both ends included."""
        if high < low:
            raise ValueError("randint() needs low <= high")
        return low + self.below(high - low + 1)

    def random(self) -> float:
        """A uniform float in [0, 1) with 53 bits of precision."""
        return (self.next64() >> 11) * (1.0 / (1 << 53))

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self.random() < probability

    def choice(self, items: Sequence[T]) -> T:
        """One item, uniformly."""
        if not items:
            raise ValueError("choice() from an empty sequence")
        return items[self.below(len(items))]

    def weighted_choice(self, items: Sequence[T], weights: Sequence[float]) -> T:
        """One item, with probability proportional to its weight."""
        if len(items) != len(weights) or not items:
            raise ValueError("weighted_choice() needs as many positive weights as items")
        total = sum(weights)
        if total <= 0:
            raise ValueError("weighted_choice() needs a positive total weight")
        point = self.random() * total
        for item, weight in zip(items, weights, strict=True):
            point -= weight
            if point < 0:
                return item
        return items[-1]

    def shuffle(self, items: MutableSequence[T]) -> None:
        """Shuffle in place (Fisher-Yates)."""
        for index in range(len(items) - 1, 0, -1):
            other = self.below(index + 1)
            items[index], items[other] = items[other], items[index]

    def sample(self, items: Sequence[T], count: int) -> list[T]:
        """`count` distinct items, in random order."""
        if not 0 <= count <= len(items):
            raise ValueError("sample() count out of range")
        pool = list(items)
        self.shuffle(pool)
        return pool[:count]
