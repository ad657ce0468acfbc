"""An agent that plays the iterated Prisoner's Dilemma with generous tit for tat.

Tit for tat cooperates first, then answers each opponent with that opponent's last move: it is never
the first to defect, punishes a defection at once and forgives as soon as the other does. Its
weakness is noise: one defection between two tit-for-tat players echoes back and forth for ever.
The generous version forgives a defection now and then (with probability
min(1 - (T-R)/(R-S), (R-P)/(T-P)), a third with the classic payoffs, per Nowak and Sigmund), which
breaks such echoes while still making defection against it unprofitable.

The script makes a match, seats the bots named by --bots, starts it, plays to the end and prints
the outcome:

    python examples/agent_prisoners_dilemma.py --url http://127.0.0.1:8080 --api-key gbx_…
    python examples/agent_prisoners_dilemma.py --username ada --password '…' --bots pavlov,always_defect
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
from collections.abc import Mapping
from typing import Any

from goldbox.client import MatchState
from goldbox.client.script import add_connection_arguments, add_match_arguments, play_against_bots, report

COOPERATE, DEFECT = "C", "D"


def generosity(payoffs: Mapping[str, int]) -> float:
    """How often to forgive a defection: the largest share that still leaves defecting against
    this player worse than cooperating with it."""
    temptation, reward, punishment, sucker = (payoffs[k] for k in ("T", "R", "P", "S"))
    return max(
        0.0,
        min(1 - (temptation - reward) / (reward - sucker), (reward - punishment) / (temptation - punishment)),
    )


class GenerousTitForTat:
    """Cooperates first; then repeats each opponent's last move against it, forgiving a defection
    with probability `generosity` (from the game's own payoffs)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.forgiven = 0

    def __call__(self, state: MatchState) -> dict[str, Any]:
        view, me = state.view, state.you
        assert me is not None
        history = view["history"]
        forgive = generosity(view["payoffs"])
        moves: dict[str, str] = {}
        for opponent in state.legal["opponents"]:
            answer = COOPERATE
            if history and history[-1]["moves"][opponent][me] == DEFECT:
                answer = DEFECT
                if self.rng.random() < forgive:
                    answer = COOPERATE
                    self.forgiven += 1
            moves[str(opponent)] = answer
        return {"moves": moves}


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_connection_arguments(parser)
    parser.add_argument("--bots", default="tit_for_tat", help="the opponents' strategies, comma-separated")
    parser.add_argument("--max-rounds", type=int, default=50, help="the game ends after this many rounds")
    parser.add_argument("--continuation", type=float, default=0.95, help="chance another round follows")
    parser.add_argument("--seed", type=int, default=None, help="seed of the agent's forgiveness")
    add_match_arguments(parser)
    args = parser.parse_args(argv)
    bots = [bot for bot in args.bots.split(",") if bot]
    strategy = GenerousTitForTat(random.Random(args.seed))

    options = {"max_rounds": args.max_rounds, "continuation": args.continuation}
    played = await play_against_bots(parser, args, "prisoners_dilemma", options, bots, strategy)
    print(report(played, args.json, [f"forgave {strategy.forgiven} defections"]))
    return 0 if played.match.finished else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
