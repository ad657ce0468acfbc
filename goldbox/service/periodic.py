"""Work a server process repeats on a timer (the turn sweeper, the leaderboard score keeper): a loop
that outlives a failing round (logged, then tried again at the next) and stops within a bound."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import structlog

log = structlog.get_logger("goldbox.periodic")


class Periodic:
    """Runs `work` now and then every `interval_s` after each round ends, until stopped."""

    def __init__(self, name: str, work: Callable[[], Awaitable[object]], interval_s: float) -> None:
        self.name = name
        self.work = work
        self.interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._forever(), name=self.name)

    async def stop(self, timeout_s: float) -> None:
        """Cancel the loop and wait for it, at most `timeout_s` (a round stuck in I/O is left behind)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait({task}, timeout=timeout_s)

    async def _forever(self) -> None:
        while True:
            try:
                await self.work()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("periodic_work_failed", work=self.name)
            await asyncio.sleep(self.interval_s)
