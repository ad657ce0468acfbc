"""Work a service starts on its own and does not wait for (telling a subscriber it ended, writing a
player's presence): a failure is logged, not lost, and closing waits for what is left, within a bound."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

import structlog

log = structlog.get_logger("goldbox.background")


class BackgroundTasks:
    def __init__(self, failure_event: str) -> None:
        self.failure_event = failure_event
        """What the log calls a failure of this owner's work."""
        self._tasks: set[asyncio.Task[None]] = set()

    def run(self, work: Awaitable[None]) -> asyncio.Task[None]:
        """Start `work`; an exception from it is logged under `failure_event`."""

        async def logged() -> None:
            try:
                await work
            except Exception:
                log.exception(self.failure_event)

        return self.keep(asyncio.get_running_loop().create_task(logged()))

    def keep(self, task: asyncio.Task[None]) -> asyncio.Task[None]:
        """Hold on to a task started elsewhere until it ends, so closing waits for it too."""
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def wait(self, timeout_s: float) -> None:
        """Wait for every task still running, at most `timeout_s`."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout_s)
