"""Built-in players of the Minority Game.

`inductive` is the adaptive agent of Challet and Zhang's model: it remembers the last `m` winning
sides, holds `S` strategy tables (each maps every possible memory to a side), gives every table a
virtual point each round that table would have been in the minority, and plays the table with the
most points. Against each other such agents spread over both sides better than coins do, which is
the game's famous result.

A bot keeps nothing between rounds, so it rebuilds its tables and their points every round: the
points from the public history in its view, the tables from `rng.fork("tables")`. That relies on the
`Bot.choose` rng contract (`goldbox.game.genius.protocol`): the rng's seed is the same at every call
for one seat of one match, so the fork, which depends on the seed alone, gives the same tables every
round, and different seats (and matches) get different tables. Fresh randomness (breaking a tie
between equally good tables, a coin flip) is drawn from `rng` itself, whose counter moves per round.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from goldbox.game.genius.protocol import Action
from goldbox.game.genius.registry import register_bot
from goldbox.game.rng import Rng

GAME = "minority"
TABLES = 2
"""S in the model: two tables already let an agent adapt; more make the crowd herd sooner."""
CROWDING = 0.34
"""The ratio 2**m / players near which the agents coordinate best (the model's phase transition,
about 0.34 for two tables): well below it they herd, well above it they play almost like coins."""
MIN_MEMORY = 1
MAX_MEMORY = 10


def memory_for(players: int) -> int:
    """The memory `m` whose 2**m is closest to CROWDING * players, so any table size coordinates."""
    target = CROWDING * players
    memory = MIN_MEMORY
    while memory < MAX_MEMORY and abs(2 ** (memory + 1) - target) < abs(2**memory - target):
        memory += 1
    return memory


class RandomMinorityBot:
    game = GAME
    strategy = "random"
    description = "Flips a fair coin between A and B every round."

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        return {"choice": rng.choice(legal["choices"])}


class InductiveMinorityBot:
    game = GAME
    strategy = "inductive"
    description = (
        "Challet and Zhang's adaptive agent: remembers the last few winning sides, scores two "
        "random strategy tables against the history and follows the better one."
    )

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        sides: Sequence[str] = legal["choices"]
        memory = memory_for(view["players"])
        tables, prehistory = self.tables(rng, memory)
        key = _memory_key(prehistory)
        points = [0] * len(tables)
        for record in view["history"]:
            won = sides.index(record["minority"])
            points = [score + (table[key] == won) for score, table in zip(points, tables, strict=True)]
            key = (key * 2 + won) % 2**memory
        best = max(points)
        table = tables[rng.choice([index for index, score in enumerate(points) if score == best])]
        return {"choice": sides[table[key]]}

    @staticmethod
    def tables(rng: Rng, memory: int) -> tuple[list[list[int]], list[int]]:
        """The seat's strategy tables and the imagined winning sides before round 1 (so the first
        rounds have a full memory too), the same at every call of the match."""
        stream = rng.fork("tables")
        tables = [[stream.below(2) for _ in range(2**memory)] for _ in range(TABLES)]
        prehistory = [stream.below(2) for _ in range(memory)]
        return tables, prehistory


def _memory_key(winners: Sequence[int]) -> int:
    """The row of a strategy table for this run of winning sides (side 0 or 1, oldest first)."""
    key = 0
    for side in winners:
        key = key * 2 + side
    return key


RANDOM = register_bot(RandomMinorityBot())
INDUCTIVE = register_bot(InductiveMinorityBot())
