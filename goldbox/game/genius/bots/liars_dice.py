"""Built-in Liar's Dice bots: `random`, and `probabilistic`, which weighs each bid by the chance
that the dice it cannot see make it true.

A bot sees what a player in its seat sees (its own dice, everyone's dice count, the bids) and the
legal actions, which list every bid it may make, lowest first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import comb
from typing import Any

from goldbox.game.genius.protocol import Action
from goldbox.game.genius.registry import register_bot
from goldbox.game.rng import Rng

GAME = "liars_dice"


def dice_for(face: int, own_dice: Sequence[int], ones_wild: bool) -> int:
    """How many of our own dice count for a bid on `face` (ones too, when wild and face is not 1)."""
    wild = ones_wild and face != 1
    return sum(1 for die in own_dice if die == face or (wild and die == 1))


def bid_probability(bid: Sequence[int], own_dice: Sequence[int], unseen: int, ones_wild: bool) -> float:
    """The chance that a bid holds, given our own dice and `unseen` dice of others, each a fair die:
    the binomial tail P(at least the missing count of the unseen dice show the face)."""
    quantity, face = bid
    missing = quantity - dice_for(face, own_dice, ones_wild)
    if missing <= 0:
        return 1.0
    if missing > unseen:
        return 0.0
    hit = 2 / 6 if ones_wild and face != 1 else 1 / 6
    return sum(comb(unseen, k) * hit**k * (1 - hit) ** (unseen - k) for k in range(missing, unseen + 1))


def minimal_raises(bids: Sequence[Sequence[int]]) -> list[list[int]]:
    """The lowest legal bid on each face: raising any higher only gives the next seat an easier call."""
    lowest: dict[int, list[int]] = {}
    for quantity, face in bids:
        lowest.setdefault(face, [quantity, face])
    return list(lowest.values())


class RandomBot:
    """Any legal action, each as likely as the next (every bid and, when allowed, the challenge)."""

    game = GAME
    strategy = "random"
    description = "Makes any legal bid or challenge, uniformly at random."

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        actions: list[Action] = [{"bid": list(bid)} for bid in legal["bids"]]
        if legal["challenge"]:
            actions.append({"challenge": True})
        return rng.choice(actions)


class ProbabilisticBot:
    """Challenges a bid that is unlikely to hold; otherwise raises to the likeliest minimal bid.

    "Unlikely" is below `threshold`, or less likely to hold than its call is to win against the
    best raise on offer (a raise that would itself be called with better odds). Among the minimal
    raises it prefers the likeliest, then the face it holds most of, then the higher face.
    """

    game = GAME
    strategy = "probabilistic"
    description = (
        "Weighs bids by the binomial chance that the unseen dice make them true: calls unlikely "
        "bids, otherwise makes the likeliest minimal raise."
    )

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        own = list(view["your_dice"])
        unseen = view["dice_in_play"] - len(own)
        wild = bool(view["options"]["ones_wild"])

        def likelihood(bid: Sequence[int]) -> float:
            return bid_probability(bid, own, unseen, wild)

        raises = sorted(
            minimal_raises(legal["bids"]),
            key=lambda bid: (likelihood(bid), dice_for(bid[1], own, wild), bid[1]),
            reverse=True,
        )
        current = view["current_bid"]
        if current is not None and legal["challenge"]:
            holds = likelihood(current)
            if not raises or holds < self.threshold or likelihood(raises[0]) < 1 - holds:
                return {"challenge": True}
        return {"bid": list(raises[0])}


RANDOM = register_bot(RandomBot())
PROBABILISTIC = register_bot(ProbabilisticBot())
