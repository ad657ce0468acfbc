"""Spells: memorising them while resting, and casting them.

A mage memorises spells from its spellbook, a cleric any cleric spell, one per slot of the spell's
level (`progression.spell_slots`). Casting a memorised spell uses it up. Before anything changes, a
cast is checked: the spell is memorised, the caster can act and is not helpless, a silenced caster
casts no spell with a verbal component, the target (or square) is within range (Chebyshev distance in
squares) and in line of sight, and an enemy target is not invisible.

Then each creature the spell reaches is resolved in turn (area creatures sorted by row, then column):
one saving throw per creature when the spell allows one (a made save halves damage, or stops every
effect of a spell that it negates); damage rolled once for the whole cast; healing never above the
maximum; effects laid through `effects.apply_effect` lasting the spell's duration in rounds. Sleep
puts to sleep 2d4 hit dice of creatures, weakest first. What each spell does is written in
goldbox/data/spells.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass

from goldbox.game.dice import roll
from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import stats
from goldbox.game.rpg.areas import area_squares
from goldbox.game.rpg.attacks import damage_creature, heal_creature
from goldbox.game.rpg.content import Content, SaveEffect, Size, SpellDef, SpellEffect
from goldbox.game.rpg.creature import Creature, Status
from goldbox.game.rpg.effects import ActiveEffect, apply_effect, dispel, end_effects, immune, modifiers
from goldbox.game.rpg.level import Point, distance
from goldbox.game.rpg.progression import spell_slots
from goldbox.game.rpg.saves import roll_save
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.sight import line_of_sight
from goldbox.game.rpg.tiles import blocks_sight


# -------------------------------------------------------------------------------------- memorising
def memorise(creature: Creature, choices: dict[int, tuple[str, ...]], content: Content) -> list[Event]:
    """Prepare spells while resting: each spell level named in `choices` is filled anew with those
    spells (a spell twice takes two slots); levels not named keep what they hold.

    Refused, changing nothing: SPELL_NOT_A_CASTER, UNKNOWN_SPELL, SPELL_LEVEL_TOO_HIGH (no slots of
    that level), SPELL_WRONG_LEVEL, SPELL_NOT_KNOWN (a mage's spell not in its spellbook, or a spell of
    the other kind of magic), SPELL_NO_SLOT (more spells than slots).
    """
    class_def = stats.class_of(creature, content)
    if class_def is None or class_def.caster is None:
        raise RuleError("SPELL_NOT_A_CASTER", f"{creature.name} does not cast spells.")
    slots = spell_slots(creature, content)
    for level, spell_ids in sorted(choices.items()):
        if slots.get(level, 0) <= 0 and spell_ids:
            raise RuleError(
                "SPELL_LEVEL_TOO_HIGH",
                f"{creature.name} has no slots for spells of level {level}.",
                level=level,
            )
        for spell_id in spell_ids:
            spell = content.spell(spell_id)
            if spell.level != level:
                raise RuleError(
                    "SPELL_WRONG_LEVEL", f"{spell.name} is a level {spell.level} spell, not level {level}."
                )
            if spell.caster is not class_def.caster:
                raise RuleError("SPELL_NOT_KNOWN", f"{spell.name} is not a {class_def.name}'s spell.")
            if class_def.caster.value == "arcane" and spell_id not in creature.spellbook:
                raise RuleError("SPELL_NOT_KNOWN", f"{spell.name} is not in {creature.name}'s spellbook.")
        if len(spell_ids) > slots.get(level, 0):
            raise RuleError(
                "SPELL_NO_SLOT",
                f"{creature.name} has {slots.get(level, 0)} slots of level {level}, not {len(spell_ids)}.",
                level=level,
            )
    for level, spell_ids in sorted(choices.items()):
        creature.memorised[level] = list(spell_ids)
    memorised = {str(level): list(spells) for level, spells in sorted(creature.memorised.items())}
    return [Event("spells.memorised", {"creature": creature.id, "spells": memorised})]


# ----------------------------------------------------------------------------------------- casting
@dataclass(frozen=True, slots=True)
class Casting:
    """A checked cast: who casts what at which level, and the square aimed at (None: no square)."""

    caster: Creature
    spell: SpellDef
    level: int
    target: Creature | None
    point: Point | None


def check_cast(
    scene: Scene,
    caster_id: str,
    spell_id: str,
    target_id: str | None,
    point: Point | None,
    content: Content,
    *,
    memorised: bool = True,
    verbal: bool = True,
) -> Casting:
    """Every check of a cast, with no change: the `Casting` to resolve, or the `RuleError` refusing it.

    `memorised=False` skips the slot check (scrolls and wands); `verbal=False` the silence check (wands).
    """
    caster = _creature(scene, caster_id)
    spell = content.spell(spell_id)
    if not caster.can_act:
        raise RuleError("CREATURE_CANNOT_ACT", f"{caster.name} is {caster.status.value} and cannot act.")
    own = modifiers(caster.effects)
    if own.helpless:
        raise RuleError("CREATURE_HELPLESS", f"{caster.name} is helpless and cannot cast.")
    if memorised and spell_id not in caster.memorised.get(spell.level, []):
        raise RuleError(
            "SPELL_NOT_MEMORISED", f"{caster.name} has no {spell.name} memorised.", spell=spell_id
        )
    if verbal and spell.verbal and own.silenced:
        raise RuleError("SPELL_SILENCED", f"{caster.name} is silenced and cannot speak {spell.name}.")
    target, aim = _aim(scene, caster, spell, target_id, point)
    if aim is not None:
        origin = _position(caster)
        if distance(origin, aim) > spell.range:
            raise RuleError(
                "SPELL_OUT_OF_RANGE",
                f"{spell.name} reaches {spell.range} squares; the target is {distance(origin, aim)} away.",
            )
        if not line_of_sight(scene.level, origin, aim):
            raise RuleError("SPELL_NO_LINE_OF_SIGHT", f"{caster.name} cannot see the target of {spell.name}.")
    return Casting(caster, spell, caster.level, target, aim)


def _creature(scene: Scene, creature_id: str) -> Creature:
    creature = scene.creatures.get(creature_id)
    if creature is None:
        raise RuleError("CREATURE_NOT_FOUND", f"There is no creature {creature_id!r} here.")
    return creature


def _position(creature: Creature) -> Point:
    if creature.position is None:
        raise RuleError("CREATURE_NOT_ON_MAP", f"{creature.name} is not on this map.")
    return creature.position


def _aim(
    scene: Scene, caster: Creature, spell: SpellDef, target_id: str | None, point: Point | None
) -> tuple[Creature | None, Point | None]:
    """The creature and the square a spell is aimed at, checked to make sense for the spell."""
    if spell.target == "self":
        return caster, (_position(caster) if spell.area is not None else None)
    if spell.target == "creature" or (spell.target == "area" and point is None):
        if target_id is None:
            raise RuleError("SPELL_NEEDS_TARGET", f"{spell.name} needs a target creature.")
        target = _creature(scene, target_id)
        if target.status is Status.DEAD or target.position is None:
            raise RuleError("SPELL_BAD_TARGET", f"{target.name} cannot be targeted.")
        if target.side is not caster.side and modifiers(target.effects).invisible:
            raise RuleError("SPELL_NO_LINE_OF_SIGHT", f"{caster.name} cannot see {target.name}.")
        if target is not caster:
            _position(caster)
        aim = target.position if target is not caster else None
        if spell.target == "area":
            aim = target.position
            _check_square(scene, caster, spell, aim)
        return target, aim
    if point is None:
        raise RuleError("SPELL_NEEDS_TARGET", f"{spell.name} needs a square to aim at.")
    _check_square(scene, caster, spell, point)
    if spell.target == "point" and (not scene.level.walkable(point) or scene.creature_at(point) is not None):
        raise RuleError("SPELL_BAD_POINT", f"{spell.name} needs an empty square to step to.")
    return None, point


def _check_square(scene: Scene, caster: Creature, spell: SpellDef, point: Point) -> None:
    if not scene.level.contains(point) or blocks_sight(scene.level.tile_at(point)):
        raise RuleError("SPELL_BAD_POINT", f"{spell.name} cannot be aimed into a wall or off the map.")
    if spell.area is not None and spell.area.shape.value != "radius" and point == _position(caster):
        raise RuleError("SPELL_BAD_POINT", f"Aim {spell.name} at a square away from the caster.")


def can_cast(
    scene: Scene,
    caster_id: str,
    spell_id: str,
    target_id: str | None,
    point: Point | None,
    content: Content,
) -> bool:
    """Whether `cast_spell` would accept this cast now (for the AI and the client)."""
    try:
        check_cast(scene, caster_id, spell_id, target_id, point, content)
    except RuleError:
        return False
    return True


def cast_spell(
    scene: Scene,
    caster_id: str,
    spell_id: str,
    target_id: str | None,
    point: Point | None,
    content: Content,
    rng: Rng,
) -> list[Event]:
    """Cast a memorised spell: check everything, use up the memorised spell, then resolve it."""
    casting = check_cast(scene, caster_id, spell_id, target_id, point, content)
    casting.caster.memorised[casting.spell.level].remove(spell_id)
    return resolve(scene, casting, content, rng)


# --------------------------------------------------------------------------------------- resolving
def resolve(
    scene: Scene, casting: Casting, content: Content, rng: Rng, only: list[Creature] | None = None
) -> list[Event]:
    """What a checked cast does: the `spell.cast` event, then each creature reached in turn.

    `only` replaces the spell's own targets (a potion works on its drinker alone).
    """
    caster, spell = casting.caster, casting.spell
    events = [
        Event(
            "spell.cast",
            {
                "caster": caster.id,
                "spell": spell.id,
                "target": casting.target.id if casting.target is not None else None,
                "point": list(casting.point) if casting.point is not None else None,
            },
        )
    ]
    if any(effect.type == "teleport" for effect in spell.effects) and casting.point is not None:
        events.append(_teleport(caster, casting.point))
    targets = only if only is not None else reached(scene, casting)
    if any(target.side is not caster.side for target in targets):
        events += end_effects(caster, ("invisibility",), "revealed")
    rolled = {index: _damage_roll(effect, casting.level, rng) for index, effect in enumerate(spell.effects)}
    slept = _sleepers(scene, casting, targets, content, rng)
    for target in targets:
        events += _resolve_one(scene, casting, target, rolled, slept, content, rng)
    return events


def reached(scene: Scene, casting: Casting) -> list[Creature]:
    """The creatures a cast reaches: its target, or everyone standing in its area."""
    spell, caster = casting.spell, casting.caster
    if spell.area is None or casting.point is None:
        return [casting.target] if casting.target is not None else []
    squares = area_squares(scene.level, _position(caster), casting.point, spell.area)
    found = [scene.creature_at(square) for square in squares]
    return [creature for creature in found if creature is not None and creature.status is not Status.DEAD]


def _damage_roll(effect: SpellEffect, level: int, rng: Rng) -> int:
    """Damage for the whole cast: the base dice and the per-level dice, rolled once."""
    if effect.type != "damage":
        return 0
    total = roll(effect.dice, rng) if effect.dice is not None else 0
    if effect.per_level is not None:
        levels = min(level, effect.max_levels) if effect.max_levels is not None else level
        count = -(-max(levels, 1) // effect.per_levels)
        total += sum(roll(effect.per_level, rng) for _ in range(count))
    return total


def hit_dice(creature: Creature, content: Content) -> float:
    """How mighty a creature is for sleep and the like: a monster's hit dice (one more for a "+N"),
    a character's level."""
    monster = stats.monster_of(creature, content)
    if monster is None:
        return float(creature.level)
    return monster.hit_dice + (1 if monster.hp_bonus > 0 else 0)


def _is_person(creature: Creature, content: Content) -> bool:
    return creature.is_character or stats.size(creature, content) is not Size.LARGE


def _touches(effect: SpellEffect, caster: Creature, target: Creature) -> bool:
    if effect.affects == "allies":
        return target.side is caster.side
    if effect.affects == "enemies":
        return target.side is not caster.side
    return True


def _sleepers(
    scene: Scene, casting: Casting, targets: list[Creature], content: Content, rng: Rng
) -> set[str]:
    """Who a hit-dice pool (sleep) reaches: weakest first, then nearest the centre, then by id."""
    effect = next((e for e in casting.spell.effects if e.hd_pool is not None), None)
    if effect is None or effect.hd_pool is None or effect.effect is None:
        return set()
    kind = effect.effect
    centre = casting.point or _position(casting.caster)
    candidates = [
        target
        for target in targets
        if _touches(effect, casting.caster, target)
        and not immune(target, kind, content)
        and (effect.max_hd is None or hit_dice(target, content) <= effect.max_hd)
    ]
    candidates.sort(key=lambda c: (hit_dice(c, content), distance(_position(c), centre), c.id))
    pool = float(roll(effect.hd_pool, rng))
    chosen: set[str] = set()
    for creature in candidates:
        needed = hit_dice(creature, content)
        if needed > pool:
            break
        pool -= needed
        chosen.add(creature.id)
    return chosen


def _resolve_one(
    scene: Scene,
    casting: Casting,
    target: Creature,
    rolled: dict[int, int],
    slept: set[str],
    content: Content,
    rng: Rng,
) -> list[Event]:
    caster, spell = casting.caster, casting.spell
    effects = [
        (index, effect)
        for index, effect in enumerate(spell.effects)
        if _touches(effect, caster, target)
        and effect.type != "teleport"
        and (effect.hd_pool is None or target.id in slept)
    ]
    if not effects:
        return []
    events: list[Event] = []
    saved = False
    if spell.save is not SaveEffect.NONE and not all(
        effect.type == "effect" and effect.effect is not None and immune(target, effect.effect, content)
        for _, effect in effects
    ):
        saved, events = roll_save(target, spell.save_category, content, rng, school=spell.school)
    if saved and spell.save is SaveEffect.NEGATES:
        return [*events, _resisted(target, spell.id, spell.effects[effects[0][0]], "save")]
    for index, effect in effects:
        if target.status is Status.DEAD:
            break
        if effect.type == "damage":
            amount = rolled[index] // 2 if saved else rolled[index]
            events += damage_creature(
                scene, target.id, amount, effect.damage_type or "magic", content, source=caster.id
            )
        elif effect.type == "heal" and effect.dice is not None:
            events += heal_creature(scene, target.id, roll(effect.dice, rng))
        elif effect.type == "effect" and effect.effect is not None:
            events += _lay(casting, target, effect, content, rng)
        elif effect.type == "remove" and effect.effect is not None:
            events += end_effects(target, (effect.effect,), "removed")
        elif effect.type == "dispel":
            events += dispel(target, casting.level, rng)
    return events


def _lay(casting: Casting, target: Creature, effect: SpellEffect, content: Content, rng: Rng) -> list[Event]:
    assert effect.effect is not None
    spell = casting.spell
    if effect.persons_only and not _is_person(target, content):
        return [_resisted(target, spell.id, effect, "not_a_person")]
    if effect.max_hd is not None and effect.hd_pool is None and hit_dice(target, content) > effect.max_hd:
        return [_resisted(target, spell.id, effect, "too_mighty")]
    rounds = spell.duration_rounds + spell.duration_per_level * casting.level
    magnitude = roll(effect.dice, rng) if effect.dice is not None else effect.magnitude
    laid = ActiveEffect(
        kind=effect.effect,
        source=spell.id,
        remaining=max(rounds, 1),
        magnitude=magnitude,
        stat=effect.stat,
        caster=casting.caster.id,
        level=max(casting.level, 1),
        damage_type=effect.damage_type,
    )
    return apply_effect(target, laid, content, rng)


def _resisted(target: Creature, source: str, effect: SpellEffect, reason: str) -> Event:
    kind = effect.effect or effect.type
    return Event("effect.resisted", {"creature": target.id, "kind": kind, "source": source, "reason": reason})


def _teleport(caster: Creature, point: Point) -> Event:
    start = _position(caster)
    caster.position = point
    return Event(
        "creature.moved", {"creature": caster.id, "from": list(start), "to": list(point), "teleported": True}
    )
