"""Effects on a creature: poison, sleep, blessing, haste and the rest, while they last."""

from __future__ import annotations

from dataclasses import dataclass, field

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


# Effects that leave a creature unable to act (it loses its turns, and attacks on it always hit).
HELPLESS_KINDS = frozenset({"sleep", "paralysis", "hold"})


@dataclass(slots=True)
class EffectModifiers:
    """What a creature's effects add up to, for the stat and combat rules to apply.

    AC follows the descending convention: a negative `ac` makes the creature harder to hit.
    `speed` is the movement multiplier: 2 when hasted, 0.5 when slowed, 1 otherwise.
    """

    ac: int = 0
    to_hit: int = 0
    damage: int = 0
    saves: int = 0
    speed: float = 1.0
    stats: dict[str, int] = field(default_factory=dict)
    helpless: bool = False
    invisible: bool = False
    silenced: bool = False
    immobile: bool = False
    charmed_by: str | None = None


def modifiers(effects: list[ActiveEffect]) -> EffectModifiers:
    """Sum a creature's active effects into modifiers; an expired effect (remaining 0) counts for nothing."""
    total = EffectModifiers()
    for effect in effects:
        if effect.remaining <= 0:
            continue
        kind = effect.kind
        if kind == "bless":
            total.to_hit += effect.magnitude
        elif kind in ("shield", "protection"):
            total.ac -= effect.magnitude
        elif kind == "haste":
            total.speed = 2.0 if total.speed >= 1.0 else 1.0
        elif kind == "slow":
            total.speed = 0.5 if total.speed <= 1.0 else 1.0
        elif kind == "stat" and effect.stat is not None:
            total.stats[effect.stat] = total.stats.get(effect.stat, 0) + effect.magnitude
        elif kind in HELPLESS_KINDS:
            total.helpless = True
        elif kind == "invisibility":
            total.invisible = True
        elif kind == "silence":
            total.silenced = True
        elif kind == "entangled":
            total.immobile = True
        elif kind == "charm":
            total.charmed_by = effect.caster
    return total
