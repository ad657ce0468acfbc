"""Monsters coming into the world: a creature rolled up from its entry in monsters.yaml.

A monster's hit points are rolled from its hit dice (a d8 per die plus the `+N`; a half-die monster has
1d4), its level is its hit dice rounded up (what saving throws and spell power go by), and it carries
the gold of its treasure dice, which the party takes when it falls. A spell-casting monster comes with
its spells memorised, one slot per entry in its `spells` ability, so it casts by the same rules as a
character and runs out the same way.
"""

from __future__ import annotations

import math

from goldbox.game.dice import roll
from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.content import Content, MonsterAbility, MonsterDef
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.level import Point
from goldbox.game.rpg.scene import Scene

# Hit points of a half hit die ("1/2 HD" in the Monster Manual).
HALF_DIE = 4
# Sides of the die rolled per whole hit die.
HIT_DIE = 8


def monster_level(definition: MonsterDef) -> int:
    """A monster's level: its hit dice rounded up (a half-die kobold is level 1, a 4+3 HD wight level 4)."""
    return max(1, math.ceil(definition.hit_dice))


def hit_point_range(definition: MonsterDef) -> tuple[int, int]:
    """The fewest and most hit points a monster of this kind can be rolled with."""
    whole = int(definition.hit_dice)
    half = definition.hit_dice - whole >= 0.5
    low = whole + (1 if half else 0) + definition.hp_bonus
    high = whole * HIT_DIE + (HALF_DIE if half else 0) + definition.hp_bonus
    return max(1, low), max(1, high)


def roll_hit_points(definition: MonsterDef, rng: Rng) -> int:
    """d8 per hit die plus the bonus, 1d4 for a half die; never below 1."""
    whole = int(definition.hit_dice)
    total = sum(rng.randint(1, HIT_DIE) for _ in range(whole))
    if definition.hit_dice - whole >= 0.5:
        total += rng.randint(1, HALF_DIE)
    return max(1, total + definition.hp_bonus)


def abilities_of(definition: MonsterDef, kind: str) -> list[MonsterAbility]:
    """The monster's special abilities of one type (breath, regeneration, spells, immunity)."""
    return [ability for ability in definition.abilities if ability.type == kind]


def memorised_spells(definition: MonsterDef, content: Content) -> dict[int, list[str]]:
    """The spells a caster monster starts with, by spell level, one entry per memorised copy."""
    memorised: dict[int, list[str]] = {}
    for ability in abilities_of(definition, "spells"):
        for spell_id in ability.spells:
            memorised.setdefault(content.spell(spell_id).level, []).append(spell_id)
    return {level: memorised[level] for level in sorted(memorised)}


def spawn_monster(scene: Scene, monster_id: str, point: Point, content: Content, rng: Rng) -> Creature:
    """Put a new monster on `point`; its id comes from the scene so it is the same on every replay.

    Refused (`SPAWN_BLOCKED`) when the square is off the map, not walkable or taken, and
    (`UNKNOWN_MONSTER`) for an id monsters.yaml does not hold; nothing changes then.
    """
    definition = content.monster(monster_id)
    if not scene.level.contains(point) or not scene.level.walkable(point):
        raise RuleError("SPAWN_BLOCKED", f"A {definition.name} cannot stand at {point}.", point=list(point))
    standing = scene.creature_at(point)
    if standing is not None and standing.status in (Status.ACTIVE, Status.UNCONSCIOUS, Status.SURRENDERED):
        raise RuleError("SPAWN_BLOCKED", f"{standing.name} already stands at {point}.", point=list(point))
    memorised = memorised_spells(definition, content)
    hit_points = roll_hit_points(definition, rng)
    gold = roll(definition.treasure, rng) if definition.treasure else 0
    creature = Creature(
        id=scene.new_uid(monster_id),
        name=definition.name,
        side=Side.MONSTERS,
        abilities=Abilities(),
        hp=hit_points,
        max_hp=hit_points,
        level=monster_level(definition),
        monster=monster_id,
        gold=max(0, gold),
        position=point,
        spellbook=sorted({spell for spells in memorised.values() for spell in spells}),
        memorised=memorised,
    )
    scene.creatures[creature.id] = creature
    return creature
