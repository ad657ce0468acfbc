"""Built-in Byzantine Generals bots: `random`, and `heuristic`, which plays its role.

A loyal `heuristic` general relays and votes by majority, in the spirit of Lamport's
oral-messages algorithm OM(1) with every general its own commander, but with a quorum the traitors
cannot fake: in the first round it tells everyone its preference; in each later round it tells
everyone its current opinion; after each round its opinion becomes attack if at least n - t of the
n voices it heard (its own opinion and every order received that round) said attack, and retreat
otherwise (retreat is the shared default, as OM's RETREAT on no majority); it votes the opinion it
holds after the last round. A plain majority lets t traitors who tell half the generals one thing
and half the other keep the loyal split round after round; with the n - t quorum such a split lasts
one round at most, because the loyal half that heard attack is smaller than n - 2t when n > 3t.

A traitor `heuristic` general tries to split the loyal: the traitors agree (by seat order, so no
talking is needed) to tell the first half of the other generals "attack" and the second half
"retreat" in every round, and each votes against what a loyal general would conclude from what it
heard (a traitor's vote counts for nothing, but it does not help the loyal look united).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from goldbox.game.genius.protocol import Action
from goldbox.game.genius.registry import register_bot
from goldbox.game.rng import Rng

GAME = "byzantine_generals"
ATTACK = "attack"
RETREAT = "retreat"


def quorum_opinion(voices: Iterable[str], players: int, traitors: int) -> str:
    """Attack if at least n - t voices say so (so the loyal alone could have said it), else retreat."""
    return ATTACK if list(voices).count(ATTACK) >= players - traitors else RETREAT


def loyal_opinion(preference: str, inbox: Iterable[Mapping[str, str]], players: int, traitors: int) -> str:
    """A loyal general's opinion after the rounds it heard, starting from its preference."""
    opinion = preference
    for received in inbox:
        opinion = quorum_opinion([opinion, *received.values()], players, traitors)
    return opinion


def split_targets(players: int, seat: int, traitors: Iterable[int]) -> dict[int, str]:
    """The traitors' shared lie: the first half of the other generals by seat hear attack, the
    rest retreat (every traitor computes the same halves)."""
    conspirators = {seat, *traitors}
    targets = [other for other in range(players) if other not in conspirators]
    half = len(targets) // 2
    return {other: ATTACK if index < half else RETREAT for index, other in enumerate(targets)}


class RandomByzantineBot:
    """A fair coin for every message and for the vote."""

    game = GAME
    strategy = "random"
    description = "Sends every other general a random order each round and votes at random."

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        if "vote" in legal:
            return {"vote": rng.choice(legal["vote"])}
        orders = legal["messages"]["orders"]
        return {"messages": {str(other): rng.choice(orders) for other in legal["messages"]["to"]}}


class HeuristicByzantineBot:
    """Loyal: relays its quorum opinion and votes it. Traitor: splits the loyal down the middle."""

    game = GAME
    strategy = "heuristic"
    description = (
        "Loyal: tells everyone its preference, then relays and votes attack only when n - t of the "
        "voices it heard say attack (retreat otherwise). Traitor: tells half the generals attack "
        "and half retreat."
    )

    def choose(self, view: Mapping[str, Any], legal: Mapping[str, Any], rng: Rng) -> Action:
        if view["role"] == "traitor":
            return self.betray(view, legal)
        opinion = loyal_opinion(view["preference"], view["inbox"], view["players"], view["traitors"])
        if "vote" in legal:
            return {"vote": opinion}
        return {"messages": {str(other): opinion for other in legal["messages"]["to"]}}

    @staticmethod
    def betray(view: Mapping[str, Any], legal: Mapping[str, Any]) -> Action:
        fellows = view["fellow_traitors"]
        if "vote" in legal:
            last = view["inbox"][-1] if view["inbox"] else {}
            loyal_looking = quorum_opinion(last.values(), view["players"], view["traitors"])
            return {"vote": RETREAT if loyal_looking == ATTACK else ATTACK}
        lies = split_targets(view["players"], view["you"], fellows)
        return {
            "messages": {str(other): lies.get(other, view["preference"]) for other in legal["messages"]["to"]}
        }


RANDOM = register_bot(RandomByzantineBot())
HEURISTIC = register_bot(HeuristicByzantineBot())
