"""Monsters: the content of monsters.yaml and spawning them into a scene."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.content.loader import load_content
from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Side, Status
from goldbox.game.rpg.effects import HELPLESS_KINDS, OPPOSITES, STACKING_KINDS
from goldbox.game.rpg.level import Level
from goldbox.game.rpg.monsters import hit_point_range, memorised_spells, monster_level, spawn_monster
from goldbox.game.rpg.scene import Scene

MONSTER_IDS = [
    "kobold",
    "goblin",
    "goblin_archer",
    "orc",
    "orc_shaman",
    "hobgoblin",
    "gnoll",
    "bugbear",
    "lizard_man",
    "ogre",
    "troll",
    "skeleton",
    "zombie",
    "ghoul",
    "wight",
    "giant_rat",
    "wolf",
    "giant_spider",
    "carrion_crawler",
    "hell_hound",
    "young_black_dragon",
    "dark_mage",
]
ABILITY_TYPES = {"breath", "regeneration", "spells", "immunity"}
ROLES = {"melee", "ranged", "caster", "brute", "skirmisher"}
# Effect kinds an attack may lay: those the effect rules know.
KNOWN_EFFECTS = set(HELPLESS_KINDS) | set(STACKING_KINDS) | set(OPPOSITES) | {"entangled", "charm"}
UNDEAD = ("skeleton", "zombie", "ghoul", "wight")

CONTENT: Content = load_content()


def open_scene() -> Scene:
    return Scene(Level.from_rows(["#######", "#.....#", "#.....#", "#.....#", "#######"]))


def test_monsters_yaml_holds_exactly_the_issue_monsters() -> None:
    assert sorted(CONTENT.monsters) == sorted(MONSTER_IDS)


@pytest.mark.parametrize("monster_id", MONSTER_IDS)
def test_every_monster_spawns_with_hit_points_in_its_hit_dice_range(monster_id: str) -> None:
    definition = CONTENT.monster(monster_id)
    low, high = hit_point_range(definition)
    seen: set[int] = set()
    for seed in range(40):
        scene = open_scene()
        monster = spawn_monster(scene, monster_id, (2, 2), CONTENT, Rng(seed))
        assert low <= monster.hp <= high
        assert monster.hp == monster.max_hp
        assert monster.side is Side.MONSTERS
        assert monster.status is Status.ACTIVE
        assert monster.monster == monster_id
        assert monster.level == monster_level(definition) >= 1
        assert monster.position == (2, 2)
        assert scene.creatures[monster.id] is monster
        seen.add(monster.hp)
    assert len(seen) > 1 or low == high


@pytest.mark.parametrize("monster_id", MONSTER_IDS)
def test_every_monster_has_known_abilities_roles_and_effects(monster_id: str) -> None:
    definition = CONTENT.monster(monster_id)
    assert definition.role in ROLES
    for ability in definition.abilities:
        assert ability.type in ABILITY_TYPES
        if ability.type == "breath":
            assert ability.damage is not None
            assert ability.area is not None
            assert ability.save is not None
        if ability.type == "regeneration":
            assert ability.amount > 0
        if ability.type == "spells":
            assert ability.spells
            for spell in ability.spells:
                assert spell in CONTENT.spells, f"{monster_id} casts {spell}, which spells.yaml lacks"
    for attack in definition.attacks:
        if attack.effect is not None:
            assert attack.effect in KNOWN_EFFECTS
            assert attack.effect_rounds > 0


def test_the_special_abilities_the_issue_names_are_there() -> None:
    def kinds(monster_id: str) -> set[str]:
        return {ability.type for ability in CONTENT.monster(monster_id).abilities}

    def laid(monster_id: str) -> set[str | None]:
        return {attack.effect for attack in CONTENT.monster(monster_id).attacks}

    assert "poison" in laid("giant_spider")
    assert "paralysis" in laid("ghoul")
    assert "paralysis" in laid("carrion_crawler")
    assert "regeneration" in kinds("troll")
    assert "breath" in kinds("hell_hound")
    assert "breath" in kinds("young_black_dragon")
    breaths = {
        monster_id: next(a for a in CONTENT.monster(monster_id).abilities if a.type == "breath")
        for monster_id in ("hell_hound", "young_black_dragon")
    }
    assert breaths["hell_hound"].damage_type == "fire"
    assert breaths["young_black_dragon"].damage_type == "acid"
    assert breaths["young_black_dragon"].area is not None
    assert breaths["young_black_dragon"].area.shape == "line"
    assert len(CONTENT.monster("troll").attacks) == 3  # claw, claw, bite
    for undead in UNDEAD:
        immune = {
            kind for a in CONTENT.monster(undead).abilities if a.type == "immunity" for kind in a.immune_to
        }
        assert {"sleep", "charm", "hold", "paralysis", "poison"} <= immune
    assert "spells" in kinds("orc_shaman")
    assert "spells" in kinds("dark_mage")


def test_casters_start_with_their_spells_memorised_by_level() -> None:
    scene = open_scene()
    mage = spawn_monster(scene, "dark_mage", (1, 1), CONTENT, Rng(3))
    assert mage.memorised == memorised_spells(CONTENT.monster("dark_mage"), CONTENT)
    assert mage.memorised[1].count("magic_missile") == 2
    assert "lightning_bolt" in mage.memorised[3]
    assert mage.spellbook == sorted(set(mage.spellbook))


def test_monsters_carry_their_treasure() -> None:
    golds = {spawn_monster(open_scene(), "ogre", (1, 1), CONTENT, Rng(seed)).gold for seed in range(20)}
    assert all(4 <= gold <= 40 for gold in golds)
    assert len(golds) > 1
    assert spawn_monster(open_scene(), "wolf", (1, 1), CONTENT, Rng(1)).gold == 0


def test_ids_come_from_the_scene_and_do_not_repeat() -> None:
    scene = open_scene()
    first = spawn_monster(scene, "orc", (1, 1), CONTENT, Rng(1))
    second = spawn_monster(scene, "orc", (2, 1), CONTENT, Rng(1))
    assert first.id != second.id
    assert first.id.startswith("orc")


@pytest.mark.parametrize("point", [(0, 0), (9, 9), (3, 0)])
def test_spawning_on_a_wall_or_off_the_map_is_refused_and_changes_nothing(point: tuple[int, int]) -> None:
    scene = open_scene()
    with pytest.raises(RuleError) as refused:
        spawn_monster(scene, "orc", point, CONTENT, Rng(1))
    assert refused.value.code == "SPAWN_BLOCKED"
    assert scene.creatures == {}
    assert scene.uid_counter == 0


def test_spawning_on_a_taken_square_or_an_unknown_monster_is_refused() -> None:
    scene = open_scene()
    spawn_monster(scene, "orc", (1, 1), CONTENT, Rng(1))
    with pytest.raises(RuleError) as taken:
        spawn_monster(scene, "goblin", (1, 1), CONTENT, Rng(1))
    assert taken.value.code == "SPAWN_BLOCKED"
    with pytest.raises(RuleError) as unknown:
        spawn_monster(scene, "beholder", (2, 2), CONTENT, Rng(1))
    assert unknown.value.code == "UNKNOWN_MONSTER"
    assert len(scene.creatures) == 1


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**63 - 1), monster_id=st.sampled_from(MONSTER_IDS))
def test_spawning_is_deterministic(seed: int, monster_id: str) -> None:
    one = spawn_monster(open_scene(), monster_id, (3, 2), CONTENT, Rng(seed))
    two = spawn_monster(open_scene(), monster_id, (3, 2), CONTENT, Rng(seed))
    assert one == two
