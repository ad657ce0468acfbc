"""The memo of Consciousness Emergence minds: the rules derive a mind (`consciousness_mind`) from a
state's neurons, never store it in the state, and keep the latest ones here, so that a round's
resolution, views and bots build each once.

The memo is keyed by the players and every neuron's whole record, so a mind found there is the
one a build would make: it saves time and decides nothing (a test plays the same rounds with it
and without it). A resolution grows a copy of the state's mind, never the mind itself, and keeps
the copy for the next state, whose views and bots then find it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from goldbox.game.genius.games.consciousness_mind import Mind
from goldbox.game.genius.games.consciousness_network import Network, Neuron, network_of

KEPT_MINDS = 64
"""How many minds the memo keeps: two per match being played (before and after a round), for the
matches one process plays at once. A full board's mind is about 420 KB, and the next state's
shares all but about 30 KB of it; the squares weighed on a mind are dropped when its round ends."""
_Fingerprint = tuple[tuple[int, int, str, int, int], ...]
_minds: dict[tuple[int, _Fingerprint], Mind] = {}


def mind_of(players: int, records: Sequence[Mapping[str, Any]]) -> Mind:
    """The mind of these neurons (their records in a state or a view), from the memo or built.
    It is shared: never grow it (grow a `copy`). The memo, like the rules, expects one caller at a
    time (the service's event loop); it is not made for threads."""
    return _remembered(players, _fingerprint(records))


def mind_after(
    players: int, records: Sequence[Mapping[str, Any]], placed: Sequence[Mapping[str, Any]]
) -> Mind:
    """The mind of `records` and then `placed`: the memo's mind of `records`, copied and grown by a
    round's placements (the next round's views and bots then find it in the memo)."""
    before, added = _fingerprint(records), _fingerprint(placed)
    finished = _remembered(players, before, refresh=False)
    finished.forget_squares()  # its round is over: no bot weighs squares on it any more
    mind = finished.copy()
    for fields in added:
        mind.grow(Neuron(*fields))
    _keep((players, before + added), mind)
    return mind


def network_of_state(players: int, records: Sequence[Mapping[str, Any]]) -> Network:
    """The links of these neurons, for a view: the memo's mind's, or else a bare network (its links
    only, no loops or assemblies: a fraction of a mind's cost), not kept."""
    neurons = _fingerprint(records)
    mind = _minds.get((players, neurons))
    return mind.network if mind is not None else network_of([Neuron(*fields) for fields in neurons])


def forget_minds() -> None:
    """Empty the memo (for benchmarks of a cold start)."""
    _minds.clear()


def _fingerprint(records: Sequence[Mapping[str, Any]]) -> _Fingerprint:
    """A neuron's whole record, as the memo's key: two states with the same ones have one mind."""
    return tuple((r["x"], r["y"], r["type"], r["owner"], r["round"]) for r in records)


def _remembered(players: int, neurons: _Fingerprint, refresh: bool = True) -> Mind:
    """The memo's mind of `neurons`, or a new one; kept as the most recent unless not `refresh`
    (the state before a round is seldom asked for again)."""
    key = (players, neurons)
    mind = _minds.get(key)
    if mind is None:
        mind = Mind(players, (Neuron(*fields) for fields in neurons))
    if refresh:
        _keep(key, mind)
    return mind


def _keep(key: tuple[int, _Fingerprint], mind: Mind) -> None:
    """Keep a mind as the most recent, forgetting the least recent beyond `KEPT_MINDS`."""
    _minds.pop(key, None)
    _minds[key] = mind
    while len(_minds) > KEPT_MINDS:
        _minds.pop(next(iter(_minds)), None)
