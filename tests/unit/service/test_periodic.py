"""The periodic loop: a round that fails does not end it, and stopping ends it within the bound."""

from __future__ import annotations

import asyncio

from goldbox.service.periodic import Periodic


async def test_a_failing_round_is_followed_by_the_next_and_stop_ends_the_loop() -> None:
    rounds: list[int] = []
    four_rounds = asyncio.Event()

    async def work() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 4:
            four_rounds.set()
        if len(rounds) == 2:
            raise RuntimeError("the database blinked")

    loop = Periodic("test-loop", work, interval_s=0.01)
    loop.start()
    loop.start()  # a second start does not start a second loop
    async with asyncio.timeout(5):
        await four_rounds.wait()
    await loop.stop(timeout_s=1)
    done = len(rounds)
    await asyncio.sleep(0.05)
    assert len(rounds) == done, "nothing runs after stop"
    assert rounds[:4] == [0, 1, 2, 3]
