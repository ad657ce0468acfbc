"""Monsters' special abilities: regeneration, effects laid by a hit, and breath weapons."""

from __future__ import annotations

import copy

import pytest

from goldbox.content.loader import load_content
from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.level import Level, Point
from goldbox.game.rpg.monsters import spawn_monster
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.specials import attack_effect, breathe, start_of_turn_abilities, use_ability

CONTENT: Content = load_content()


def arena() -> Scene:
    return Scene(Level.from_rows(["##########"] + ["#" + "." * 8 + "#" for _ in range(6)] + ["##########"]))


def hero(scene: Scene, name: str, point: Point, hp: int = 30) -> Creature:
    creature = Creature(
        id=f"pc-{name}",
        name=name,
        side=Side.PARTY,
        abilities=Abilities(),
        hp=hp,
        max_hp=hp,
        class_id="fighter",
        race="human",
        position=point,
    )
    scene.creatures[creature.id] = creature
    return creature


def test_a_troll_regenerates_three_a_turn_up_to_its_maximum() -> None:
    scene = arena()
    troll = spawn_monster(scene, "troll", (4, 3), CONTENT, Rng(1))
    troll.hp = troll.max_hp - 5
    events = start_of_turn_abilities(scene, troll.id, CONTENT)
    assert troll.hp == troll.max_hp - 2
    assert [event.type for event in events] == ["ability.used", "creature.healed"]
    start_of_turn_abilities(scene, troll.id, CONTENT)
    assert troll.hp == troll.max_hp
    assert start_of_turn_abilities(scene, troll.id, CONTENT) == []


def test_the_dead_and_the_unregenerating_do_not_heal() -> None:
    scene = arena()
    troll = spawn_monster(scene, "troll", (4, 3), CONTENT, Rng(1))
    troll.hp, troll.status, troll.position = 0, Status.DEAD, None
    assert start_of_turn_abilities(scene, troll.id, CONTENT) == []
    orc = spawn_monster(scene, "orc", (5, 3), CONTENT, Rng(1))
    orc.hp = 1
    assert start_of_turn_abilities(scene, orc.id, CONTENT) == []
    assert orc.hp == 1


def test_a_ghoul_claw_paralyses_on_a_failed_save_and_not_on_a_made_one() -> None:
    claw = CONTENT.monster("ghoul").attacks[0]
    outcomes: dict[bool, int] = {True: 0, False: 0}
    for seed in range(30):
        scene = arena()
        ghoul = spawn_monster(scene, "ghoul", (4, 3), CONTENT, Rng(1))
        victim = hero(scene, "victim", (5, 3))
        events = attack_effect(scene, ghoul.id, victim.id, claw, CONTENT, Rng(seed))
        paralysed = any(effect.kind == "paralysis" for effect in victim.effects)
        saved = any(event.type == "save.made" for event in events)
        assert paralysed != saved
        if paralysed:
            assert victim.effects[0].remaining == claw.effect_rounds
        outcomes[paralysed] += 1
    assert outcomes[True]
    assert outcomes[False]


def test_undead_shrug_off_paralysis_and_a_spider_poisons() -> None:
    scene = arena()
    ghoul = spawn_monster(scene, "ghoul", (4, 3), CONTENT, Rng(1))
    skeleton = spawn_monster(scene, "skeleton", (5, 3), CONTENT, Rng(1))
    attack_effect(scene, ghoul.id, skeleton.id, CONTENT.monster("ghoul").attacks[0], CONTENT, Rng(1))
    assert skeleton.effects == []
    spider = spawn_monster(scene, "giant_spider", (2, 2), CONTENT, Rng(1))
    bite = CONTENT.monster("giant_spider").attacks[0]
    victim = hero(scene, "victim", (3, 2))
    seed = next(
        seed
        for seed in range(50)
        if any(
            event.type == "save.failed"
            for event in attack_effect(arena_copy(scene), spider.id, victim.id, bite, CONTENT, Rng(seed))
        )
    )
    attack_effect(scene, spider.id, victim.id, bite, CONTENT, Rng(seed))
    poison = [effect for effect in victim.effects if effect.kind == "poison"]
    assert len(poison) == 1
    assert poison[0].magnitude == bite.effect_magnitude
    assert poison[0].damage_type == "poison"


def arena_copy(scene: Scene) -> Scene:
    return copy.deepcopy(scene)


def test_a_dragon_breathes_acid_down_a_line_hurting_all_on_it_once() -> None:
    scene = arena()
    dragon = spawn_monster(scene, "young_black_dragon", (1, 3), CONTENT, Rng(1))
    in_line = [hero(scene, f"in{index}", (3 + index * 2, 3)) for index in range(3)]
    aside = hero(scene, "aside", (4, 5))
    events = breathe(scene, dragon.id, (3, 3), CONTENT, Rng(4))
    used = events[0]
    assert used.type == "ability.used"
    assert used.data["targets"] == sorted(victim.id for victim in in_line)
    assert used.data["damage_type"] == "acid"
    full = used.data["damage"]
    for victim in in_line:
        lost = victim.max_hp - victim.hp
        assert lost in (full, full // 2)
    assert aside.hp == aside.max_hp
    assert dragon.ability_uses["breath"] == 1


def test_breath_is_refused_when_spent_out_of_reach_or_missing_and_nothing_changes() -> None:
    scene = arena()
    hound = spawn_monster(scene, "hell_hound", (1, 3), CONTENT, Rng(1))
    orc = spawn_monster(scene, "orc", (1, 1), CONTENT, Rng(1))
    victim = hero(scene, "victim", (2, 3))
    before = copy.deepcopy(scene)
    for creature_id, point, code in [
        (hound.id, (8, 3), "ABILITY_OUT_OF_RANGE"),
        (hound.id, (1, 3), "ABILITY_BAD_TARGET"),
        (orc.id, (2, 3), "ABILITY_UNKNOWN"),
    ]:
        with pytest.raises(RuleError) as refused:
            breathe(scene, creature_id, point, CONTENT, Rng(1))
        assert refused.value.code == code
    hound.ability_uses["breath"] = 3
    with pytest.raises(RuleError) as spent:
        use_ability(scene, hound.id, "breath", victim.id, None, CONTENT, Rng(1))
    assert spent.value.code == "ABILITY_SPENT"
    hound.ability_uses = {}
    assert scene == before
    with pytest.raises(RuleError) as unknown:
        use_ability(scene, hound.id, "gaze", victim.id, None, CONTENT, Rng(1))
    assert unknown.value.code == "ABILITY_UNKNOWN"


def test_a_hell_hound_is_not_burnt_by_fire() -> None:
    scene = arena()
    hound = spawn_monster(scene, "hell_hound", (1, 3), CONTENT, Rng(1))
    other = spawn_monster(scene, "hell_hound", (2, 3), CONTENT, Rng(2))
    hp = other.hp
    use_ability(scene, hound.id, "breath", other.id, None, CONTENT, Rng(1))
    assert other.hp == hp
