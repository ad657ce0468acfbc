"""Effects on a creature: poison, sleep, blessing, haste and the rest, while they last."""

from __future__ import annotations

from dataclasses import dataclass

# A turn is ten combat rounds, as in AD&D; durations are stored in rounds.
ROUNDS_PER_TURN = 10


@dataclass(slots=True)
class ActiveEffect:
    """One effect on a creature.

    `kind` names the effect (poison, paralysis, sleep, charm, bless, haste, slow, invisibility, shield,
    damage_over_time, heal_over_time, stat, ...). `remaining` is in rounds; the effect ends, and every
    change it made is undone, when it reaches 0. `magnitude` is its size (damage per round, AC points,
    stat change); `stat` names the stat a `stat` effect changes; `source` is the spell, item or monster
    ability behind it and `caster` the creature that caused it.
    """

    kind: str
    source: str
    remaining: int
    magnitude: int = 0
    stat: str | None = None
    caster: str | None = None
