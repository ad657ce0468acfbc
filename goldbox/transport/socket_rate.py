"""One WebSocket's own message rate, as a token bucket in the socket.

A socket lives in one process and its budget is nobody else's, so there is nothing to share and no
reason to pay for the shared limiter (a lock and a window per message, about 10 µs): this costs a
subtraction. The rate is written like every other limit (`50/second`) and parsed by `limits`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import limits


class SocketRate:
    """Allows bursts up to the limit's amount, refilled evenly over its period."""

    __slots__ = ("_clock", "_last", "_per_second", "_tokens", "amount")

    def __init__(self, rate: str, clock: Callable[[], float] = time.monotonic) -> None:
        item = limits.parse(rate)
        self._clock = clock
        self.amount = item.amount
        self._per_second = item.amount / item.get_expiry()
        self._tokens = float(item.amount)
        self._last = clock()

    def allow(self) -> bool:
        """Spend one message's token if there is one."""
        now = self._clock()
        self._tokens = min(self.amount, self._tokens + (now - self._last) * self._per_second)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    def retry_after_s(self) -> float:
        """Seconds until the next token."""
        return max(0.0, (1 - self._tokens) / self._per_second)
