"""Built-in players of the iterated Prisoner's Dilemma: the classic strategies of Axelrod's
tournaments. Each plays every opponent separately, looking only at the history of that pair (what
it did to that opponent, and what that opponent did to it), so in a round robin it may cooperate
with one seat and punish another in the same round.

The bots read the public history in their view; `random` draws from the rng the service passes
(fresh each round under the `Bot.choose` rng contract in `goldbox.game.genius.protocol`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

from goldbox.game.genius.protocol import Action
from goldbox.game.genius.registry import register_bot
from goldbox.game.rng import Rng

GAME = "prisoners_dilemma"
COOPERATE, DEFECT = "C", "D"


class PairwiseBot(ABC):
    """A strategy that decides its move against each opponent from that pair's history alone."""

    game = GAME
    strategy = ""
    description = ""

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        you = view["you"]
        moves = [record["moves"] for record in view["history"]]
        return {
            "moves": {
                str(other): self.move_against(
                    [past[you][other] for past in moves], [past[other][you] for past in moves], rng
                )
                for other in legal["opponents"]
            }
        }

    @abstractmethod
    def move_against(self, mine: Sequence[str], theirs: Sequence[str], rng: Rng) -> str:
        """The move against one opponent, given both sides' past moves in this pair, oldest first."""


class TitForTat(PairwiseBot):
    strategy = "tit_for_tat"
    description = "Cooperates first, then does whatever the opponent did last round."

    def move_against(self, mine: Sequence[str], theirs: Sequence[str], rng: Rng) -> str:
        return theirs[-1] if theirs else COOPERATE


class GrimTrigger(PairwiseBot):
    strategy = "grim_trigger"
    description = "Cooperates until the opponent defects once, then defects against it forever."

    def move_against(self, mine: Sequence[str], theirs: Sequence[str], rng: Rng) -> str:
        return DEFECT if DEFECT in theirs else COOPERATE


class Pavlov(PairwiseBot):
    strategy = "pavlov"
    description = (
        "Win-stay, lose-shift: cooperates first, keeps its move after earning 3 or 5 and switches "
        "after earning 0 or 1 (so it cooperates exactly when both made the same move last round)."
    )

    def move_against(self, mine: Sequence[str], theirs: Sequence[str], rng: Rng) -> str:
        if not mine:
            return COOPERATE
        return COOPERATE if mine[-1] == theirs[-1] else DEFECT


class AlwaysCooperate(PairwiseBot):
    strategy = "always_cooperate"
    description = "Cooperates every round, whatever happens."

    def move_against(self, mine: Sequence[str], theirs: Sequence[str], rng: Rng) -> str:
        return COOPERATE


class AlwaysDefect(PairwiseBot):
    strategy = "always_defect"
    description = "Defects every round, whatever happens."

    def move_against(self, mine: Sequence[str], theirs: Sequence[str], rng: Rng) -> str:
        return DEFECT


class RandomMoves(PairwiseBot):
    strategy = "random"
    description = "Flips a fair coin between C and D against each opponent, every round."

    def move_against(self, mine: Sequence[str], theirs: Sequence[str], rng: Rng) -> str:
        return rng.choice((COOPERATE, DEFECT))


TIT_FOR_TAT = TitForTat()
GRIM_TRIGGER = GrimTrigger()
PAVLOV = Pavlov()
ALWAYS_COOPERATE = AlwaysCooperate()
ALWAYS_DEFECT = AlwaysDefect()
RANDOM = RandomMoves()
STRATEGIES: tuple[PairwiseBot, ...] = (
    TIT_FOR_TAT,
    GRIM_TRIGGER,
    PAVLOV,
    ALWAYS_COOPERATE,
    ALWAYS_DEFECT,
    RANDOM,
)
for bot in STRATEGIES:
    register_bot(bot)
