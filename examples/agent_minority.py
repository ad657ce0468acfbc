"""An agent that plays the Minority Game by forecasting the crowd, as in Arthur's El Farol bar.

Every round each player picks side A or B and those on the smaller side score. There is no right
answer to copy: if everyone expected side A to be empty, everyone would go there. So the agent keeps
a handful of simple forecasters of how many will pick A (the same as last round, the mirror of last
round, the average of the last few, the trend, the count two and three rounds back), scores each by
how far off it has been recently, believes the best one, and goes where it expects the minority to
be. Forecasters that worked stop working once the crowd adapts, and others take over.

The script makes a match, seats the bots named by --bots (an even number: the game needs an odd
player count), starts it, plays to the end and prints the outcome:

    python examples/agent_minority.py --url http://127.0.0.1:8080 --api-key gbx_…
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
from collections.abc import Callable, Sequence
from typing import Any

from goldbox.client import MatchState
from goldbox.client.script import add_connection_arguments, add_match_arguments, play_against_bots, report

Forecast = Callable[[Sequence[int], int], float | None]
"""From the past counts of A (oldest first) and the player count, the next count of A; None when
there is not yet enough history."""


def _back(lag: int) -> Forecast:
    return lambda counts, players: counts[-lag] if len(counts) >= lag else None


def _mirror(counts: Sequence[int], players: int) -> float | None:
    return players - counts[-1] if counts else None


def _mean(counts: Sequence[int], players: int) -> float | None:
    return sum(counts[-4:]) / len(counts[-4:]) if counts else None


def _trend(counts: Sequence[int], players: int) -> float | None:
    return min(players, max(0, 2 * counts[-1] - counts[-2])) if len(counts) >= 2 else None


FORECASTERS: dict[str, Forecast] = {
    "same as last": _back(1),
    "mirror": _mirror,
    "mean of 4": _mean,
    "trend": _trend,
    "two back": _back(2),
    "three back": _back(3),
}


class CrowdForecaster:
    """Believes the forecaster with the smallest error over the last `window` rounds."""

    def __init__(self, rng: random.Random, window: int = 8) -> None:
        self.rng = rng
        self.window = window
        self.believed: dict[str, int] = {}

    def errors(self, counts: Sequence[int], players: int) -> dict[str, float]:
        """Each forecaster's mean absolute error over the recent rounds it could forecast."""
        scored: dict[str, float] = {}
        start = max(0, len(counts) - self.window)
        for name, forecast in FORECASTERS.items():
            misses = [
                abs(guess - counts[n])
                for n in range(start, len(counts))
                if (guess := forecast(counts[:n], players)) is not None
            ]
            if misses:
                scored[name] = sum(misses) / len(misses)
        return scored

    def __call__(self, state: MatchState) -> dict[str, Any]:
        players: int = state.view["players"]
        counts = [record["counts"]["A"] for record in state.view["history"]]
        errors = self.errors(counts, players)
        if not errors:
            return {"choice": self.rng.choice(state.legal["choices"])}
        best = min(errors, key=lambda name: (errors[name], name))
        self.believed[best] = self.believed.get(best, 0) + 1
        expected = FORECASTERS[best](counts, players)
        assert expected is not None
        if expected * 2 == players:  # a dead heat expected: either side is a guess
            return {"choice": self.rng.choice(state.legal["choices"])}
        return {"choice": "A" if expected * 2 < players else "B"}


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_connection_arguments(parser)
    parser.add_argument(
        "--bots", default="inductive,inductive,random,random", help="the others' strategies (an even number)"
    )
    parser.add_argument("--rounds", type=int, default=30, help="how many rounds the game lasts")
    parser.add_argument("--seed", type=int, default=None, help="seed of the agent's coin for even odds")
    add_match_arguments(parser)
    args = parser.parse_args(argv)
    bots = [bot for bot in args.bots.split(",") if bot]
    if len(bots) % 2:
        parser.error("the Minority Game needs an odd number of players: name an even number of bots")
    strategy = CrowdForecaster(random.Random(args.seed))

    played = await play_against_bots(parser, args, "minority", {"rounds": args.rounds}, bots, strategy)
    believed = ", ".join(f"{name} {rounds}" for name, rounds in sorted(strategy.believed.items()))
    print(report(played, args.json, [f"forecasters believed (rounds): {believed or 'none'}"]))
    return 0 if played.match.finished else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
