"""Effects: durations, stacking and replacement, immunities, dispel, and ticking (DoT, HoT, expiry)."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import stats
from goldbox.game.rpg.abilities import Ability
from goldbox.game.rpg.content import SaveCategory
from goldbox.game.rpg.creature import Creature, Status
from goldbox.game.rpg.effects import (
    ActiveEffect,
    EffectModifiers,
    apply_effect,
    dispel,
    end_effects,
    immune,
    modifiers,
    tick_effects,
)
from goldbox.game.rpg.scene import Scene
from tests.unit.game.rpg.magic_world import CONTENT, character, monster, open_scene


def _hero() -> tuple[Scene, Creature]:
    scene = open_scene()
    return scene, character(scene, "hero", "fighter", (1, 1))


def _types(events: list[Event]) -> list[str]:
    return [event.type for event in events]


def test_an_effect_ends_in_the_tick_its_rounds_run_out() -> None:
    scene, hero = _hero()
    apply_effect(hero, ActiveEffect("bless", "bless", 3, magnitude=1), CONTENT, Rng(1))
    for _ in range(2):
        assert tick_effects(scene, "hero", Rng(1), CONTENT) == []
        assert modifiers(hero.effects).to_hit == 1
    events = tick_effects(scene, "hero", Rng(1), CONTENT)
    assert _types(events) == ["effect.ended"]
    assert events[0].data == {"creature": "hero", "kind": "bless", "source": "bless", "reason": "expired"}
    assert hero.effects == []
    assert modifiers(hero.effects) == EffectModifiers()


def test_the_same_effect_from_the_same_source_refreshes_to_the_longer_duration() -> None:
    _scene, hero = _hero()
    apply_effect(hero, ActiveEffect("shield", "shield", 5, magnitude=4), CONTENT, Rng(1))
    events = apply_effect(hero, ActiveEffect("shield", "shield", 3, magnitude=4), CONTENT, Rng(1))
    assert events[0].data["refreshed"] is True
    assert [(e.kind, e.remaining) for e in hero.effects] == [("shield", 5)]
    apply_effect(hero, ActiveEffect("shield", "shield", 9, magnitude=4), CONTENT, Rng(1))
    assert [(e.kind, e.remaining) for e in hero.effects] == [("shield", 9)]


def test_bless_does_not_stack_with_bless_the_stronger_holds() -> None:
    _scene, hero = _hero()
    apply_effect(hero, ActiveEffect("bless", "bless", 6, magnitude=1), CONTENT, Rng(1))
    weaker = apply_effect(hero, ActiveEffect("bless", "altar", 2, magnitude=1), CONTENT, Rng(1))
    assert weaker[0].type == "effect.resisted"
    assert weaker[0].data["reason"] == "weaker"
    assert modifiers(hero.effects).to_hit == 1
    stronger = apply_effect(hero, ActiveEffect("bless", "altar", 2, magnitude=2), CONTENT, Rng(1))
    assert _types(stronger) == ["effect.ended", "effect.applied"]
    assert [(e.source, e.magnitude) for e in hero.effects] == [("altar", 2)]
    assert modifiers(hero.effects).to_hit == 2


def test_haste_and_slow_cancel_each_other() -> None:
    _scene, hero = _hero()
    apply_effect(hero, ActiveEffect("slow", "slow", 5), CONTENT, Rng(1))
    assert modifiers(hero.effects).speed == 0.5
    events = apply_effect(hero, ActiveEffect("haste", "haste", 5), CONTENT, Rng(1))
    assert _types(events) == ["effect.ended", "effect.cancelled"]
    assert hero.effects == []
    apply_effect(hero, ActiveEffect("haste", "haste", 5), CONTENT, Rng(1))
    assert modifiers(hero.effects).speed == 2.0
    apply_effect(hero, ActiveEffect("slow", "ghost", 5), CONTENT, Rng(1))
    assert hero.effects == []


def test_damage_over_time_from_different_sources_stacks() -> None:
    scene, hero = _hero()
    apply_effect(hero, ActiveEffect("poison", "spider", 3, magnitude=2), CONTENT, Rng(1))
    apply_effect(hero, ActiveEffect("poison", "snake", 3, magnitude=3), CONTENT, Rng(1))
    apply_effect(hero, ActiveEffect("poison", "snake", 1, magnitude=3), CONTENT, Rng(1))  # refresh only
    events = tick_effects(scene, "hero", Rng(1), CONTENT)
    assert [e.data["amount"] for e in events if e.type == "creature.damaged"] == [2, 3]
    assert hero.hp == 25


def test_stat_effects_from_different_sources_add_up_and_are_never_baked_in() -> None:
    _scene, hero = _hero()
    apply_effect(hero, ActiveEffect("stat", "strength", 4, magnitude=3, stat="str"), CONTENT, Rng(1))
    apply_effect(hero, ActiveEffect("stat", "ray", 4, magnitude=-4, stat="str"), CONTENT, Rng(1))
    assert stats.ability(hero, Ability.STR) == 9
    assert hero.abilities.str == 10


def test_undead_are_immune_to_sleep_and_hold_counts_as_paralysis() -> None:
    scene = open_scene()
    bones = monster(scene, "bones", "skeleton", (2, 2))
    for kind in ("sleep", "charm", "hold", "paralysis", "poison"):
        events = apply_effect(bones, ActiveEffect(kind, "test", 5), CONTENT, Rng(1))
        assert events[0].type == "effect.resisted"
        assert events[0].data["reason"] == "immune"
    assert bones.effects == []
    assert immune(bones, "damage_over_time", CONTENT, damage_type="cold")
    assert not immune(bones, "slow", CONTENT)


def test_elves_resist_sleep_nine_times_in_ten() -> None:
    scene = open_scene()
    elf = character(scene, "elf", "fighter", (1, 1), race="elf")
    resisted = 0
    for seed in range(300):
        elf.effects = []
        events = apply_effect(elf, ActiveEffect("sleep", "sleep", 5), CONTENT, Rng(seed))
        resisted += events[0].data.get("reason") == "racial"
    assert 250 <= resisted <= 295
    human = character(scene, "man", "fighter", (2, 1))
    assert all(
        apply_effect(human, ActiveEffect("sleep", f"s{seed}", 5), CONTENT, Rng(seed))[0].type
        != "effect.resisted"
        or human.effects
        for seed in range(20)
    )


def test_free_action_ends_hold_and_keeps_it_off() -> None:
    _scene, hero = _hero()
    apply_effect(hero, ActiveEffect("hold", "hold_person", 5), CONTENT, Rng(1))
    assert modifiers(hero.effects).helpless
    events = apply_effect(hero, ActiveEffect("free_action", "free_action", 10), CONTENT, Rng(1))
    assert _types(events) == ["effect.ended", "effect.applied"]
    assert not modifiers(hero.effects).helpless
    again = apply_effect(hero, ActiveEffect("entangled", "web", 5), CONTENT, Rng(1))
    assert again[0].data["reason"] == "free_action"


def test_dispel_ends_magic_by_power_and_leaves_natural_poison() -> None:
    _scene, hero = _hero()
    apply_effect(hero, ActiveEffect("bless", "bless", 6, magnitude=1, level=3), CONTENT, Rng(1))
    apply_effect(hero, ActiveEffect("poison", "spider", 6, magnitude=1), CONTENT, Rng(1))
    held = copy.deepcopy(hero.effects)
    weak = dispel(hero, -7, Rng(1))  # 50% - 5% x 10 = 0%
    assert _types(weak) == ["effect.resisted"]
    assert hero.effects == held
    strong = dispel(hero, 13, Rng(1))  # 50% + 5% x 10 = 100%
    assert [(e.type, e.data["kind"]) for e in strong] == [("effect.ended", "bless")]
    assert [e.kind for e in hero.effects] == ["poison"]


def test_dispel_at_even_power_works_about_half_the_time() -> None:
    _scene, hero = _hero()
    ended = 0
    for seed in range(400):
        hero.effects = [ActiveEffect("bless", "bless", 6, magnitude=1, level=5)]
        ended += bool(dispel(hero, 5, Rng(seed))[0].type == "effect.ended")
    assert 160 <= ended <= 240


def test_poison_ticks_through_damage_and_can_kill_a_monster() -> None:
    scene = open_scene()
    rat = monster(scene, "rat", "giant_rat", (2, 2), hp=3)
    apply_effect(rat, ActiveEffect("poison", "spider", 5, magnitude=2), CONTENT, Rng(1))
    first = tick_effects(scene, "rat", Rng(1), CONTENT)
    assert _types(first) == ["creature.damaged"]
    assert rat.hp == 1
    second = tick_effects(scene, "rat", Rng(1), CONTENT)
    assert "creature.died" in _types(second)
    assert rat.status is Status.DEAD
    assert rat.effects == []
    assert tick_effects(scene, "rat", Rng(1), CONTENT) == []


def test_damage_over_time_wakes_a_sleeper() -> None:
    scene, hero = _hero()
    apply_effect(hero, ActiveEffect("sleep", "sleep", 9), CONTENT, Rng(1))
    apply_effect(hero, ActiveEffect("damage_over_time", "acid_arrow", 2, magnitude=2), CONTENT, Rng(1))
    assert modifiers(hero.effects).helpless
    events = tick_effects(scene, "hero", Rng(1), CONTENT)
    assert ("effect.ended", "sleep") in [(e.type, e.data.get("kind")) for e in events]
    assert not modifiers(hero.effects).helpless
    assert [(e.kind, e.remaining) for e in hero.effects] == [("damage_over_time", 1)]


def test_slow_poison_holds_poison_back() -> None:
    scene, hero = _hero()
    apply_effect(hero, ActiveEffect("poison", "spider", 3, magnitude=2), CONTENT, Rng(1))
    apply_effect(hero, ActiveEffect("slow_poison", "slow_poison", 2, level=3), CONTENT, Rng(1))
    tick_effects(scene, "hero", Rng(1), CONTENT)
    tick_effects(scene, "hero", Rng(1), CONTENT)
    assert hero.hp == 30
    assert [(e.kind, e.remaining) for e in hero.effects] == [("poison", 3)]
    tick_effects(scene, "hero", Rng(1), CONTENT)
    assert hero.hp == 28


def test_heal_over_time_never_passes_the_maximum() -> None:
    scene, hero = _hero()
    hero.hp = 27
    apply_effect(hero, ActiveEffect("heal_over_time", "troll_blood", 3, magnitude=2), CONTENT, Rng(1))
    for _ in range(3):
        tick_effects(scene, "hero", Rng(1), CONTENT)
    assert hero.hp == 30


def test_end_effects_and_modifiers_of_luck_and_protection() -> None:
    _scene, hero = _hero()
    apply_effect(hero, ActiveEffect("luck", "chant", 5, magnitude=1), CONTENT, Rng(1))
    apply_effect(hero, ActiveEffect("luck", "prayer", 5, magnitude=1), CONTENT, Rng(1))
    apply_effect(hero, ActiveEffect("protection", "protection_from_evil", 5, magnitude=2), CONTENT, Rng(1))
    total = modifiers(hero.effects)
    assert (total.to_hit, total.damage, total.saves, total.ac) == (2, 2, 4, -2)
    events = end_effects(hero, ("luck",), "removed")
    assert [e.data["source"] for e in events] == ["chant", "prayer"]
    assert modifiers(hero.effects).saves == 2


def test_a_dead_creature_takes_no_effects() -> None:
    _scene, hero = _hero()
    hero.status = Status.DEAD
    assert (
        apply_effect(hero, ActiveEffect("bless", "bless", 3, magnitude=1), CONTENT, Rng(1))[0].data["reason"]
        == "dead"
    )


KINDS = [
    "poison", "paralysis", "sleep", "charm", "bless", "haste", "slow", "invisibility", "shield",
    "damage_over_time", "heal_over_time", "stat", "silence", "hold", "entangled", "nauseated", "luck",
    "protection", "free_action", "slow_poison",
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(1, 12), st.integers(-3, 4), st.sampled_from("abc")),
        max_size=12,
    ),
    st.integers(0, 2**32),
)
def test_expired_effects_leave_no_trace(laid: list[tuple[str, int, int, str]], seed: int) -> None:
    scene, hero = _hero()
    hero.hp = 10_000
    hero.max_hp = 10_000
    before = (
        stats.armour_class(hero, CONTENT),
        stats.thac0(hero, CONTENT),
        stats.melee_to_hit_bonus(hero, CONTENT),
        stats.melee_damage_bonus(hero, CONTENT),
        stats.saving_throw(hero, SaveCategory.SPELL, CONTENT),
        [stats.ability(hero, ability) for ability in Ability],
        stats.movement(hero, CONTENT),
    )
    rng = Rng(seed)
    for kind, rounds, magnitude, source in laid:
        stat = "str" if kind == "stat" else None
        magnitude = abs(magnitude) if kind in ("poison", "damage_over_time", "heal_over_time") else magnitude
        apply_effect(hero, ActiveEffect(kind, source, rounds, magnitude, stat, level=3), CONTENT, rng)
    for _ in range(24):  # slow poison can hold a poison back for as long as it lasts itself
        tick_effects(scene, "hero", rng, CONTENT)
    assert hero.effects == []
    assert modifiers(hero.effects) == EffectModifiers()
    after = (
        stats.armour_class(hero, CONTENT),
        stats.thac0(hero, CONTENT),
        stats.melee_to_hit_bonus(hero, CONTENT),
        stats.melee_damage_bonus(hero, CONTENT),
        stats.saving_throw(hero, SaveCategory.SPELL, CONTENT),
        [stats.ability(hero, ability) for ability in Ability],
        stats.movement(hero, CONTENT),
    )
    assert after == before
