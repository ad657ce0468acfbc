"""How long to wait before reconnecting: exponential backoff with jitter, capped.

Many agents lose their sockets at the same moment when a server restarts. Doubling the wait spares
a server that is struggling; the jitter spreads the agents out so they do not all come back in the
same instant; the cap keeps a client from waiting minutes once the server is back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delays between attempts: attempt n waits a random time in [ceiling/2, ceiling], where the
    ceiling is `first_s * factor**n`, at most `max_s`. `give_up_after_s` bounds the whole effort:
    once that long has passed without a connection the client stops trying (None: never)."""

    first_s: float = 0.25
    max_s: float = 10.0
    factor: float = 2.0
    give_up_after_s: float | None = 300.0

    def __post_init__(self) -> None:
        if not 0 < self.first_s <= self.max_s:
            raise ValueError("Backoff needs 0 < first_s <= max_s")
        if self.factor < 1:
            raise ValueError("Backoff needs factor >= 1")
        if self.give_up_after_s is not None and self.give_up_after_s <= 0:
            raise ValueError("Backoff.give_up_after_s must be positive, or None for never")

    def delay(self, attempt: int, rng: random.Random) -> float:
        """The pause before attempt `attempt` (0 for the first retry)."""
        ceiling = self.max_s
        if attempt < 64:  # past that the power overflows long before it matters: the cap holds
            ceiling = min(self.max_s, self.first_s * self.factor**attempt)
        return rng.uniform(ceiling / 2, ceiling)
