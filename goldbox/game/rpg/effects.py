"""Effects on a creature: poison, sleep, blessing, haste and the rest, while they last.

An effect is stored, never baked in: a creature's scores, AC and saves are computed from its effects by
`modifiers` each time they are needed, so an effect that ends leaves nothing behind.

Durations are in rounds (a turn is `ROUNDS_PER_TURN` rounds). `tick_effects` is one round of the
creature's own time: combat calls it at the end of the creature's turn (also a turn it lost while
helpless), so an effect of N rounds covers the creature's next N turns. Poison and damage over time
hurt, and heal over time heals, at each tick; then every effect runs down by one, and an effect that
reaches 0 is removed in that same tick with an `effect.ended` event.

Stacking and replacement, when `apply_effect` lays an effect:

- Same kind from the same source (and, for `stat`, the same stat): one effect, refreshed to the
  longer duration and the stronger magnitude.
- Kinds that stack (`STACKING_KINDS`: poison, damage and heal over time, stat changes, luck) from
  different sources all hold at once: two poisons both hurt, chant and prayer add up.
- Every other kind holds once: bless does not stack with bless, nor shield with shield. The stronger
  one is kept (larger magnitude, then longer duration); a weaker newcomer is resisted ("weaker").
- Haste and slow cancel: laying one on a creature that has the other ends the other, and the new one
  is used up too.
- Free action ends hold, paralysis, entangled and slow at once, and keeps them off while it lasts.

Immunities: a monster whose content lists an `immunity` ability with the effect kind in `immune_to`
is unaffected (hold also counts as paralysis; damage over time as its damage type). Elves resist sleep
and charm 90% of the time, half-elves 30%. A saving throw that negates is the caller's roll, see
`goldbox.game.rpg.saves.lay_effect`.

Dispel: only magical effects (laid by a caster of `level` 1 or more) can be dispelled; each ends with
a chance of 50% + 5% per level the dispeller's power exceeds the effect's level, from 0 to 100%.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg.content import Content

if TYPE_CHECKING:  # creature.py and scene.py import this module
    from goldbox.game.rpg.creature import Creature
    from goldbox.game.rpg.scene import Scene

# A turn is ten combat rounds, as in AD&D; durations are stored in rounds.
ROUNDS_PER_TURN = 10


@dataclass(slots=True)
class ActiveEffect:
    """One effect on a creature.

    `kind` names the effect (poison, paralysis, sleep, charm, bless, haste, slow, invisibility, shield,
    damage_over_time, heal_over_time, stat, ...). `remaining` is in rounds; the effect ends, and every
    change it made is undone, when it reaches 0. `magnitude` is its size (damage per round, AC points,
    stat change); `stat` names the stat a `stat` effect changes; `source` is the spell, item or monster
    ability behind it and `caster` the creature that caused it. `level` is the caster level of a
    magical effect (0: natural, such as a monster's poison, which dispel cannot touch), and
    `damage_type` the kind of harm a damage-over-time effect does.
    """

    kind: str
    source: str
    remaining: int
    magnitude: int = 0
    stat: str | None = None
    caster: str | None = None
    level: int = 0
    damage_type: str | None = None


# Effects that leave a creature unable to act (it loses its turns, and attacks on it always hit).
HELPLESS_KINDS = frozenset({"sleep", "paralysis", "hold", "nauseated"})

# Kinds of which several, from different sources, hold at once.
STACKING_KINDS = frozenset({"poison", "damage_over_time", "heal_over_time", "stat", "luck"})

# Laying one of these on a creature that has the other ends both.
OPPOSITES: dict[str, str] = {"haste": "slow", "slow": "haste"}

# What free action keeps off (and ends when it is laid).
FREE_ACTION_PREVENTS = frozenset({"hold", "paralysis", "entangled", "slow"})

# An immunity to any of these names keeps the effect kind off (default: the kind itself).
IMMUNITY_NAMES: dict[str, frozenset[str]] = {
    "hold": frozenset({"hold", "paralysis"}),
    "nauseated": frozenset({"nauseated", "poison"}),
}

# Race id -> chance of shrugging off sleep and charm.
RACIAL_RESISTANCE: dict[str, float] = {"elf": 0.9, "half_elf": 0.3}
RACIALLY_RESISTED_KINDS = frozenset({"sleep", "charm"})

# Kinds that hurt each tick; their damage type when the effect names none.
_DAMAGING = {"poison": "poison", "damage_over_time": "magic"}


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
        elif kind == "luck":
            total.to_hit += effect.magnitude
            total.damage += effect.magnitude
            total.saves += effect.magnitude
        elif kind == "shield":
            total.ac -= effect.magnitude
        elif kind == "protection":
            total.ac -= effect.magnitude
            total.saves += effect.magnitude
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


# ------------------------------------------------------------------------------------ immunities
def immune(creature: Creature, kind: str, content: Content, damage_type: str | None = None) -> bool:
    """Whether a monster's content makes it immune to an effect kind (or to its damage type)."""
    if creature.monster is None or creature.monster not in content.monsters:
        return False
    names = set(IMMUNITY_NAMES.get(kind, frozenset({kind})))
    if damage_type is not None:
        names.add(damage_type)
    return any(
        ability.type == "immunity" and names.intersection(ability.immune_to)
        for ability in content.monsters[creature.monster].abilities
    )


def _resistance(creature: Creature, effect: ActiveEffect, content: Content, rng: Rng) -> str | None:
    """Why the creature shrugs the effect off, or None. Rolls only for racial resistance."""
    if _dead(creature):
        return "dead"
    if immune(creature, effect.kind, content, effect.damage_type):
        return "immune"
    if effect.kind in FREE_ACTION_PREVENTS and _has(creature, "free_action"):
        return "free_action"
    chance = RACIAL_RESISTANCE.get(creature.race or "", 0.0)
    if effect.kind in RACIALLY_RESISTED_KINDS and chance > 0 and rng.chance(chance):
        return "racial"
    return None


# ------------------------------------------------------------------------------------- laying
def apply_effect(creature: Creature, effect: ActiveEffect, content: Content, rng: Rng) -> list[Event]:
    """Lay an effect on a creature, following the stacking, replacement and immunity rules above.

    Returns `effect.applied` (with `refreshed` when an existing one was renewed), `effect.resisted`
    (with the reason: dead, immune, free_action, racial, weaker), `effect.cancelled` (haste against
    slow) and `effect.ended` for whatever the new effect ends.
    """
    if effect.remaining <= 0:
        raise ValueError("an effect must last at least one round")
    reason = _resistance(creature, effect, content, rng)
    if reason is not None:
        return [_event("effect.resisted", creature, effect, reason=reason)]
    opposite = OPPOSITES.get(effect.kind)
    if opposite is not None and _has(creature, opposite):
        events = end_effects(creature, (opposite,), "cancelled")
        events.append(_event("effect.cancelled", creature, effect, cancels=opposite))
        return events
    events = []
    if effect.kind == "free_action":
        events += end_effects(creature, tuple(sorted(FREE_ACTION_PREVENTS)), "free_action")
    same = _same(creature, effect)
    if same is not None:
        same.remaining = max(same.remaining, effect.remaining)
        if abs(effect.magnitude) > abs(same.magnitude):
            same.magnitude = effect.magnitude
        same.level = max(same.level, effect.level)
        events.append(_event("effect.applied", creature, same, rounds=same.remaining, refreshed=True))
        return events
    if effect.kind not in STACKING_KINDS:
        rival = next((other for other in creature.effects if other.kind == effect.kind), None)
        if rival is not None:
            if _strength(effect) <= _strength(rival):
                return [*events, _event("effect.resisted", creature, effect, reason="weaker")]
            creature.effects.remove(rival)
            events.append(_event("effect.ended", creature, rival, reason="replaced"))
    creature.effects.append(effect)
    events.append(_event("effect.applied", creature, effect, rounds=effect.remaining))
    return events


def _same(creature: Creature, effect: ActiveEffect) -> ActiveEffect | None:
    for other in creature.effects:
        if other.kind == effect.kind and other.source == effect.source and other.stat == effect.stat:
            return other
    return None


def _strength(effect: ActiveEffect) -> tuple[int, int]:
    return (abs(effect.magnitude), effect.remaining)


def _dead(creature: Creature) -> bool:
    from goldbox.game.rpg.creature import Status

    return creature.status is Status.DEAD


def _has(creature: Creature, kind: str) -> bool:
    return any(effect.kind == kind for effect in creature.effects)


def _event(event_type: str, creature: Creature, effect: ActiveEffect, **extra: Any) -> Event:
    data: dict[str, Any] = {"creature": creature.id, "kind": effect.kind, "source": effect.source}
    if event_type == "effect.applied":
        data["magnitude"] = effect.magnitude
    data.update(extra)
    return Event(event_type, data)


# ------------------------------------------------------------------------------------- ending
def end_effects(creature: Creature, kinds: tuple[str, ...], reason: str) -> list[Event]:
    """End every effect of the given kinds at once (remove paralysis, neutralize poison, an attack
    that breaks invisibility), with one `effect.ended` event each, in the order they were laid."""
    ended = [effect for effect in creature.effects if effect.kind in kinds]
    if not ended:
        return []
    creature.effects = [effect for effect in creature.effects if effect.kind not in kinds]
    return [_event("effect.ended", creature, effect, reason=reason) for effect in ended]


def dispel(creature: Creature, power: int, rng: Rng) -> list[Event]:
    """Try to end each magical effect on a creature: 50% + 5% per level `power` exceeds the effect's
    level, from 0 to 100%. Natural effects (level 0) stay. Returns `effect.ended` (reason dispelled)
    for each one that ends, and `effect.resisted` (reason dispel) for each that holds."""
    events: list[Event] = []
    kept: list[ActiveEffect] = []
    for effect in creature.effects:
        if effect.level <= 0:
            kept.append(effect)
            continue
        chance = min(100, max(0, 50 + 5 * (power - effect.level)))
        if rng.randint(1, 100) <= chance:
            events.append(_event("effect.ended", creature, effect, reason="dispelled"))
        else:
            kept.append(effect)
            events.append(_event("effect.resisted", creature, effect, reason="dispel"))
    creature.effects = kept
    return events


def tick_effects(scene: Scene, creature_id: str, rng: Rng, content: Content | None = None) -> list[Event]:
    """One round of a creature's own time: poison and damage over time hurt, heal over time heals,
    then every effect runs down by one and those at 0 end (`effect.ended`, reason expired).

    Harm goes through `attacks.damage_creature` (so it can knock out, kill and wake) and healing
    through `attacks.heal_creature`. While `slow_poison` holds, poison neither hurts nor runs down.
    Pass `content` so a monster's damage immunities count. `rng` is kept for the rules' common
    signature (ticking draws nothing).
    """
    from goldbox.game.rpg.attacks import damage_creature, heal_creature

    del rng
    creature = scene.creature(creature_id)
    if _dead(creature):
        return []
    catalogue = content if content is not None else Content()
    events: list[Event] = []
    poison_held = any(e.kind == "slow_poison" and e.remaining > 0 for e in creature.effects)
    for effect in list(creature.effects):
        if _dead(creature):
            break
        if not any(other is effect for other in creature.effects):
            continue  # ended by what happened earlier in this tick (a blow woke a sleeper)
        if effect.kind == "poison" and poison_held:
            continue
        if effect.kind in _DAMAGING:
            damage_type = effect.damage_type or _DAMAGING[effect.kind]
            events += damage_creature(
                scene, creature_id, effect.magnitude, damage_type, catalogue, effect.caster or effect.source
            )
        elif effect.kind == "heal_over_time":
            events += heal_creature(scene, creature_id, effect.magnitude)
    if _dead(creature):
        return events
    kept: list[ActiveEffect] = []
    for effect in creature.effects:
        if not (effect.kind == "poison" and poison_held):
            effect.remaining -= 1
        if effect.remaining > 0:
            kept.append(effect)
        else:
            events.append(_event("effect.ended", creature, effect, reason="expired"))
    creature.effects = kept
    return events


def run_out_effects(scene: Scene, creature_id: str, rng: Rng, content: Content | None = None) -> list[Event]:
    """Let time pass until every effect on a creature has ended: `tick_effects` round after round, so
    poison and damage over time still hurt (and may kill) and heal over time still heals on the way.

    The rounds are bounded by the longest effect (plus the time a slow poison holds poison back), so
    even a very long effect ends; a creature that dies keeps nothing.
    """
    creature = scene.creature(creature_id)
    events: list[Event] = []
    rounds = sum(max(0, effect.remaining) for effect in creature.effects)
    while creature.effects and not _dead(creature) and rounds >= 0:
        events += tick_effects(scene, creature_id, rng, content)
        rounds -= 1
    return events
