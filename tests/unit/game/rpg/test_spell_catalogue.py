"""Every spell in goldbox/data/spells.yaml does what its description says.

One parametrised test casts each spell from a level-7 caster in a fixed little battle: an ally beside
the caster, an orc (the foe) at the target. Over a run of fixed seeds, with the save failed and (for
spells that allow one) made, it checks each creature the area reaches by independent geometry: damage
within the spell's dice for the level (halved on a made save), healing within its dice, each effect
laid with the spell's duration and magnitude and doing its job (AC, to-hit, speed, helplessness...),
and gone, with no trace, once the duration has run out.
"""

from __future__ import annotations

import pytest

from goldbox.game.dice import Dice
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import stats
from goldbox.game.rpg.abilities import Ability
from goldbox.game.rpg.content import AreaShape, SaveCategory, SaveEffect, SpellDef, SpellEffect
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.effects import ActiveEffect, apply_effect, modifiers, tick_effects
from goldbox.game.rpg.level import Point
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.spells import cast_spell
from tests.unit.game.rpg.magic_world import CONTENT, character, monster, open_scene

LEVEL = 7
CASTER_AT: Point = (2, 10)
ALLY_AT: Point = (2, 11)
HOSTILE_KINDS = {"sleep", "charm", "hold", "entangled", "nauseated", "silence", "slow", "damage_over_time"}
SEEDS = range(60)


def _hostile(spell: SpellDef) -> bool:
    return any(
        effect.type in ("damage", "dispel")
        or effect.affects == "enemies"
        or effect.effect in HOSTILE_KINDS
        or (effect.effect == "stat" and effect.magnitude < 0)
        for effect in spell.effects
    )


def _setup(spell: SpellDef) -> tuple[Scene, str | None, Point | None]:
    """The battle for one spell, and what to aim it at."""
    scene = open_scene(20, 20)
    caster = character(
        scene, "caster", "mage" if spell.caster.value == "arcane" else "cleric", CASTER_AT, level=LEVEL
    )
    caster.memorised = {spell.level: [spell.id]}
    ally = character(scene, "ally", "fighter", ALLY_AT, hp=30)
    reach = max(1, min(spell.range, 3))
    if spell.target == "self":
        foe_at: Point = (4, 10)
        target, point = None, None
    elif spell.target == "point":
        foe_at, target, point = (4, 14), None, (8, 10)
    elif spell.target == "creature":
        foe_at = (CASTER_AT[0] + reach, 10)
        target, point = ("foe" if _hostile(spell) else "ally"), None
    elif spell.area is not None and spell.area.shape is AreaShape.RADIUS:
        foe_at = (CASTER_AT[0] + min(spell.range, 4), 10)
        point = foe_at if _hostile(spell) else ALLY_AT
        target = None
    else:
        foe_at, target, point = (4, 10), None, (CASTER_AT[0] + min(spell.range, 4), 10)
    monster(scene, "foe", "orc", foe_at, hp=200)
    if any(effect.type == "heal" for effect in spell.effects):
        ally.hp = 1
    for effect in spell.effects:
        if effect.type == "remove" and effect.effect is not None:
            ally.effects.append(ActiveEffect(effect.effect, "ghoul", 20, magnitude=1))
        if effect.type == "dispel":
            scene.creatures["foe"].effects += [
                ActiveEffect("bless", "bless", 20, magnitude=1, level=1),
                ActiveEffect("poison", "spider", 20, magnitude=1),
            ]
    if spell.id == "slow_poison":
        ally.effects.append(ActiveEffect("poison", "spider", 20, magnitude=2))
    return scene, target, point


def _in_area(spell: SpellDef, who: Creature, target: str | None, point: Point | None) -> bool:
    """Whether the spell reaches a creature, by plain geometry (not the code under test)."""
    assert who.position is not None
    if spell.area is None:
        return who.id == (target or "caster") and spell.target != "point"
    centre = point if point is not None else CASTER_AT
    dx, dy = who.position[0] - CASTER_AT[0], who.position[1] - CASTER_AT[1]
    if spell.area.shape is AreaShape.RADIUS:
        return (who.position[0] - centre[0]) ** 2 + (who.position[1] - centre[1]) ** 2 <= spell.area.size**2
    if spell.area.shape is AreaShape.CONE:
        return 1 <= dx <= spell.area.size and abs(dy) <= dx
    return 1 <= dx <= spell.area.size and dy == 0


def _touches(effect: SpellEffect, who: Creature, caster: Creature) -> bool:
    if effect.affects == "allies":
        return who.side is caster.side
    if effect.affects == "enemies":
        return who.side is not caster.side
    return True


def _damage_bounds(effect: SpellEffect) -> tuple[int, int]:
    low = high = 0
    if effect.dice is not None:
        low, high = Dice.parse(effect.dice).minimum, Dice.parse(effect.dice).maximum
    if effect.per_level is not None:
        levels = min(LEVEL, effect.max_levels or LEVEL)
        count = -(-levels // effect.per_levels)
        low += count * Dice.parse(effect.per_level).minimum
        high += count * Dice.parse(effect.per_level).maximum
    return low, high


def _of(events: list[Event], kind: str, who: str) -> list[Event]:
    return [event for event in events if event.type == kind and event.data.get("creature") == who]


def _check_effect(
    scene: Scene, spell: SpellDef, effect: SpellEffect, who: Creature, caster: Creature
) -> None:
    """The effect is on the creature for the spell's duration, and does its job."""
    laid = [e for e in who.effects if e.kind == effect.effect and e.source == spell.id]
    assert len(laid) == 1, f"{spell.id}: no {effect.effect} on {who.id}"
    expected_rounds = spell.duration_rounds + spell.duration_per_level * LEVEL
    assert laid[0].remaining == expected_rounds
    if effect.dice is not None:
        dice = Dice.parse(effect.dice)
        assert dice.minimum <= laid[0].magnitude <= dice.maximum
    else:
        assert laid[0].magnitude == effect.magnitude
    total = modifiers(who.effects)
    kind, size = effect.effect, laid[0].magnitude
    if kind == "bless":
        assert total.to_hit == size
    elif kind == "luck":
        assert (total.to_hit, total.damage, total.saves) == (size, size, size)
    elif kind in ("shield", "protection"):
        bare = stats.armour_class(_without(who, laid[0]), CONTENT)
        assert stats.armour_class(who, CONTENT) == max(bare - size, -10)
        if kind == "protection":
            assert total.saves == size
    elif kind == "haste":
        assert total.speed == 2.0
    elif kind == "slow":
        assert total.speed == 0.5
    elif kind in ("sleep", "hold", "nauseated"):
        assert total.helpless
    elif kind == "entangled":
        assert total.immobile
    elif kind == "silence":
        assert total.silenced
    elif kind == "invisibility":
        assert total.invisible
    elif kind == "charm":
        assert total.charmed_by == caster.id
    elif kind == "stat":
        assert effect.stat is not None
        assert stats.ability(who, Ability(effect.stat)) == who.abilities.score(Ability(effect.stat)) + size
    elif kind == "free_action":
        refused = apply_effect(who, ActiveEffect("hold", "test", 3), CONTENT, Rng(1))
        assert refused[0].data["reason"] == "free_action"
    elif kind == "slow_poison":
        hp = who.hp
        tick_effects(scene, who.id, Rng(1), CONTENT)
        assert who.hp == hp  # the poison laid before is held back
    elif kind == "damage_over_time":
        hp = who.hp
        tick_effects(scene, who.id, Rng(1), CONTENT)
        assert who.hp == hp - size
    else:
        pytest.fail(f"{spell.id}: no check for the effect kind {kind}")


def _without(who: Creature, effect: ActiveEffect) -> Creature:
    clone = Creature(who.id, who.name, who.side, who.abilities, who.hp, who.max_hp, monster=who.monster)
    clone.class_id, clone.level, clone.race = who.class_id, who.level, who.race
    clone.effects = [e for e in who.effects if e is not effect]
    return clone


def _check_one_cast(spell: SpellDef, seed: int) -> set[str]:
    """Cast once and check everyone reached; the save outcomes seen (made, failed, none)."""
    scene, target, point = _setup(spell)
    before = {c.id: (c.hp, list(c.effects)) for c in scene.creatures.values()}
    caster = scene.creatures["caster"]
    events = cast_spell(scene, "caster", spell.id, target, point, CONTENT, Rng(seed))
    assert events[0].type == "spell.cast"
    assert caster.memorised[spell.level] == []
    outcomes: set[str] = set()
    if any(effect.type == "teleport" for effect in spell.effects):
        assert caster.position == point
        outcomes.add("none")
    for who in list(scene.creatures.values()):
        reached = (
            _in_area(spell, who, target, point) if who.id != "caster" or who.position == CASTER_AT else False
        )
        effects = [effect for effect in spell.effects if _touches(effect, who, caster)] if reached else []
        if not effects:
            if spell.id != "dimension_door":
                assert who.hp == before[who.id][0], f"{spell.id} touched {who.id}"
            continue
        made = bool(_of(events, "save.made", who.id))
        outcomes.add("made" if made else ("failed" if _of(events, "save.failed", who.id) else "none"))
        if made and spell.save is SaveEffect.NEGATES:
            assert who.effects == before[who.id][1]
            assert who.hp == before[who.id][0]
            continue
        for effect in effects:
            if effect.type == "damage":
                low, high = _damage_bounds(effect)
                taken = sum(e.data["amount"] for e in _of(events, "creature.damaged", who.id))
                assert (low // 2 if made else low) <= taken <= (high // 2 if made else high), spell.id
            elif effect.type == "heal":
                assert effect.dice is not None
                gained = who.hp - before[who.id][0]
                assert Dice.parse(effect.dice).minimum <= gained <= Dice.parse(effect.dice).maximum
                assert who.hp <= who.max_hp
            elif effect.type == "effect":
                _check_effect(scene, spell, effect, who, caster)
            elif effect.type == "remove":
                assert all(e.kind != effect.effect for e in who.effects)
            elif effect.type == "dispel":
                assert [e.kind for e in who.effects if e.level == 0] == ["poison"]
                if all(e.kind != "bless" for e in who.effects):
                    outcomes.add("dispelled")
    _expire(scene, spell)
    return outcomes


def _expire(scene: Scene, spell: SpellDef) -> None:
    """After the spell's duration, nothing of it is left on anyone."""
    rounds = spell.duration_rounds + spell.duration_per_level * LEVEL
    for creature in scene.creatures.values():
        for _ in range(rounds):
            tick_effects(scene, creature.id, Rng(0), CONTENT)
        assert all(e.source != spell.id for e in creature.effects), f"{spell.id} left an effect behind"


@pytest.mark.parametrize("spell_id", sorted(CONTENT.spells))
def test_the_spell_does_what_its_description_says(spell_id: str) -> None:
    spell = CONTENT.spell(spell_id)
    seen: set[str] = set()
    for seed in SEEDS:
        seen |= _check_one_cast(spell, seed)
        wanted = {"made", "failed"} if spell.save is not SaveEffect.NONE else {"none"}
        if any(effect.type == "dispel" for effect in spell.effects):
            wanted = {"none", "dispelled"}
        if wanted <= seen:
            break
    assert wanted <= seen, f"{spell_id}: saw only {sorted(seen)} in {len(SEEDS)} casts"


def test_the_catalogue_has_at_least_thirty_spells_of_both_kinds_and_levels_one_to_four() -> None:
    spells = list(CONTENT.spells.values())
    assert len(spells) >= 30
    for caster in ("arcane", "divine"):
        assert {spell.level for spell in spells if spell.caster.value == caster} == {1, 2, 3, 4}
    required = {
        "magic_missile", "sleep", "charm_person", "shield", "web", "stinking_cloud", "invisibility",
        "fireball", "lightning_bolt", "haste", "slow", "hold_person", "cure_light_wounds",
        "cure_serious_wounds", "bless", "silence", "dispel_magic",
    }  # fmt: skip
    assert required <= set(CONTENT.spells)


def test_every_spell_names_only_effects_the_rules_implement() -> None:
    for spell in CONTENT.spells.values():
        assert spell.description.strip(), spell.id
        for effect in spell.effects:
            assert effect.type in ("damage", "heal", "effect", "remove", "dispel", "teleport"), spell.id
            if effect.type in ("effect", "remove"):
                assert effect.effect is not None, spell.id
            if effect.type == "effect":
                assert spell.duration_rounds + spell.duration_per_level > 0, spell.id
        if spell.save is not SaveEffect.NONE:
            assert spell.save_category in SaveCategory
