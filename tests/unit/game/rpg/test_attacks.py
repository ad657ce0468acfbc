"""Attacks, damage and healing: the THAC0 rule, natural 20 and 1, unconscious and dead thresholds."""

from __future__ import annotations

import copy

import pytest

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.attacks import damage_creature, heal_creature, resolve_attack
from goldbox.game.rpg.content import Content, MonsterAbility, MonsterAttack, MonsterDef
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Level
from goldbox.game.rpg.scene import Scene
from tests.unit.game.rpg.combat_world import CONTENT as REAL
from tests.unit.game.rpg.combat_world import LoadedD20, archer, beast, field, fighter

SKELETON = MonsterDef(
    id="skeleton",
    name="Skeleton",
    hit_dice=1,
    ac=7,
    thac0=19,
    movement=12,
    attacks=[MonsterAttack(name="claw", damage="1d6")],
    abilities=[MonsterAbility(type="immunity", immune_to=["cold"])],
    morale=20,
    xp=14,
)
CONTENT = Content(monsters={"skeleton": SKELETON})


def _scene() -> Scene:
    scene = Scene(Level.from_rows(["......", "......"]))
    scene.creatures["hero"] = Creature(
        "hero", "Hero", Side.PARTY, Abilities(), hp=8, max_hp=8, class_id="fighter", position=(0, 0)
    )
    scene.creatures["bones"] = Creature(
        "bones",
        "Skeleton",
        Side.MONSTERS,
        Abilities(),
        hp=5,
        max_hp=5,
        monster="skeleton",
        position=(3, 1),
        inventory=[ItemInstance("sword-1", "long_sword")],
    )
    return scene


def test_a_character_at_zero_is_unconscious_not_dead() -> None:
    scene = _scene()
    events = damage_creature(scene, "hero", 8, "slashing", CONTENT, source="bones")
    assert [event.type for event in events] == ["creature.damaged", "creature.unconscious"]
    assert scene.creature("hero").status is Status.UNCONSCIOUS
    assert scene.creature("hero").position == (0, 0)


@pytest.mark.parametrize(
    ("damage", "status"), [(17, Status.UNCONSCIOUS), (18, Status.DEAD), (30, Status.DEAD)]
)
def test_a_character_dies_at_minus_ten(damage: int, status: Status) -> None:
    scene = _scene()
    events = damage_creature(scene, "hero", damage, "slashing", CONTENT, source="bones")
    assert scene.creature("hero").status is status
    if status is Status.DEAD:
        assert events[-1].data == {"creature": "hero", "monster": None, "killer": "bones"}


def test_an_unconscious_character_dies_of_further_blows() -> None:
    scene = _scene()
    damage_creature(scene, "hero", 9, "slashing", CONTENT)
    events = damage_creature(scene, "hero", 9, "slashing", CONTENT, source="bones")
    assert scene.creature("hero").hp == -10
    assert events[-1].type == "creature.died"
    assert damage_creature(scene, "hero", 5, "slashing", CONTENT) == []


def test_a_monster_dies_at_zero_and_drops_its_gear() -> None:
    scene = _scene()
    events = damage_creature(scene, "bones", 5, "slashing", CONTENT, source="hero")
    assert [event.type for event in events] == ["creature.damaged", "creature.died", "item.dropped"]
    assert events[1].data == {"creature": "bones", "monster": "skeleton", "killer": "hero"}
    bones = scene.creature("bones")
    assert bones.status is Status.DEAD
    assert bones.position is None
    assert bones.inventory == []
    assert [(floor.point, floor.item.uid) for floor in scene.floor] == [((3, 1), "sword-1")]


def test_a_monster_at_one_hp_lives() -> None:
    scene = _scene()
    damage_creature(scene, "bones", 4, "slashing", CONTENT)
    assert scene.creature("bones").status is Status.ACTIVE


def test_immunity_to_a_damage_type() -> None:
    scene = _scene()
    events = damage_creature(scene, "bones", 50, "cold", CONTENT)
    assert [event.type for event in events] == ["damage.ignored"]
    assert scene.creature("bones").hp == 5


def test_damage_wakes_a_sleeper() -> None:
    scene = _scene()
    scene.creature("hero").effects.append(ActiveEffect("sleep", "sleep", 5))
    scene.creature("hero").effects.append(ActiveEffect("bless", "bless", 5, magnitude=1))
    events = damage_creature(scene, "hero", 1, "piercing", CONTENT)
    assert events[1].type == "effect.ended"
    assert events[1].data["kind"] == "sleep"
    assert [effect.kind for effect in scene.creature("hero").effects] == ["bless"]


def test_healing_is_capped_and_revives_the_unconscious() -> None:
    scene = _scene()
    damage_creature(scene, "hero", 10, "slashing", CONTENT)
    assert heal_creature(scene, "hero", 2)[0].data == {"creature": "hero", "amount": 2, "hp": 0}
    assert scene.creature("hero").status is Status.UNCONSCIOUS
    events = heal_creature(scene, "hero", 50)
    assert events[0].data == {"creature": "hero", "amount": 8, "hp": 8}
    assert events[1].type == "creature.revived"
    assert scene.creature("hero").status is Status.ACTIVE
    assert heal_creature(scene, "hero", 3) == []


def test_the_dead_stay_dead() -> None:
    scene = _scene()
    damage_creature(scene, "hero", 20, "slashing", CONTENT)
    assert heal_creature(scene, "hero", 20) == []
    assert scene.creature("hero").status is Status.DEAD


# ------------------------------------------------------------------------------------ resolve_attack
def _duel(target_ac_monster: str = "orc", level: int = 1) -> Scene:
    scene = field()
    fighter(scene, "hero", (1, 1), level=level)
    beast(scene, "foe", target_ac_monster, (2, 2), hp=50)
    return scene


@pytest.mark.parametrize(
    ("level", "monster", "needed"),
    [
        (1, "orc", 14),  # THAC0 20 - AC 6
        (1, "skeleton", 13),  # THAC0 20 - AC 7
        (5, "orc", 10),  # THAC0 16 - AC 6
        (1, "young_black_dragon", 17),  # THAC0 20 - AC 3
        (10, "zombie", 3),  # THAC0 11 - AC 8
    ],
)
def test_thac0_minus_ac_is_the_roll_needed(level: int, monster: str, needed: int) -> None:
    assert 20 - level + 1 - REAL.monsters[monster].ac == needed or level == 10  # the fighter table's shape
    below = resolve_attack(_duel(monster, level), "hero", "foe", REAL, LoadedD20([needed - 1]))
    assert below[0].type == "attack.missed"
    assert below[0].data["needed"] == needed
    at = resolve_attack(_duel(monster, level), "hero", "foe", REAL, LoadedD20([needed]))
    assert at[0].type == "attack.hit"
    assert at[0].data["roll"] == needed


def test_a_natural_20_always_hits_and_a_natural_1_always_misses() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1), level=1)
    fighter(scene, "tank", (2, 1), side=Side.MONSTERS, weapon=None)
    tank = scene.creature("tank")
    tank.inventory.append(ItemInstance("plate", "plate_mail", bonus=3))
    tank.inventory.append(ItemInstance("board", "shield", bonus=3))
    tank.equipped.update({"body": "plate", "offhand": "board"})
    hit = resolve_attack(scene, "hero", "tank", REAL, LoadedD20([20]))
    assert hit[0].data["needed"] > 20
    assert hit[0].type == "attack.hit"
    assert resolve_attack(scene, "hero", "tank", REAL, LoadedD20([19]))[0].type == "attack.missed"
    veteran = _duel("zombie", level=10)
    miss = resolve_attack(veteran, "hero", "foe", REAL, LoadedD20([1]))
    assert miss[0].data["needed"] <= 3
    assert miss[0].type == "attack.missed"


def test_strength_and_magic_add_to_hit() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1), abilities=Abilities(str=18), enchantments=("accuracy",))
    beast(scene, "foe", "orc", (2, 2), hp=50)
    scene.creature("hero").inventory[0].bonus = 2
    events = resolve_attack(scene, "hero", "foe", REAL, LoadedD20([10]))
    assert events[0].data["needed"] == 14 - 1 - 2 - 1  # STR 18: +1; +2 sword; accuracy +1


def test_a_helpless_target_is_hit_without_fail() -> None:
    scene = _duel()
    scene.creature("foe").effects.append(ActiveEffect("sleep", "sleep", 5))
    events = resolve_attack(scene, "hero", "foe", REAL, LoadedD20([1]))
    assert events[0].type == "attack.hit"
    assert events[0].data["helpless"] is True
    assert any(event.type == "effect.ended" and event.data["kind"] == "sleep" for event in events)


def test_damage_is_at_least_one() -> None:
    scene = field()
    fighter(scene, "weakling", (1, 1), weapon="dagger", abilities=Abilities(str=3))
    beast(scene, "foe", "orc", (2, 1), hp=50)
    for seed in range(20):
        rng = LoadedD20([20], seed=seed)
        hit = resolve_attack(scene, "weakling", "foe", REAL, rng)[0]
        assert hit.data["damage"] >= 1


def test_a_flaming_sword_adds_fire() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1), enchantments=("flaming",))
    beast(scene, "foe", "orc", (2, 1), hp=80)
    events = resolve_attack(scene, "hero", "foe", REAL, LoadedD20([20]))
    harms = [event.data for event in events if event.type == "creature.damaged"]
    assert [harm["damage_type"] for harm in harms] == ["physical", "fire"]
    assert 1 <= harms[1]["amount"] <= 4
    assert events[0].data["damage"] == harms[0]["amount"] + harms[1]["amount"]


def test_monsters_make_every_attack_of_their_routine() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1), hp=200)
    beast(scene, "troll", "troll", (2, 1), hp=40)
    events = resolve_attack(scene, "troll", "hero", REAL, LoadedD20([20, 1, 20]))
    kinds = [(event.type, event.data.get("weapon")) for event in events if event.type.startswith("attack.")]
    assert kinds == [("attack.hit", "claw"), ("attack.missed", "claw"), ("attack.hit", "bite")]


def test_a_ghoul_paralyses_on_a_failed_save() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1), hp=200)
    beast(scene, "ghoul", "ghoul", (2, 1))
    # claw hits, save fails (a 1); the rest miss
    events = resolve_attack(scene, "ghoul", "hero", REAL, LoadedD20([20, 1, 1, 1]))
    assert [event.type for event in events][:4] == [
        "attack.hit",
        "creature.damaged",
        "save.failed",
        "effect.applied",
    ]
    assert [effect.kind for effect in scene.creature("hero").effects] == ["paralysis"]


def test_melee_needs_an_adjacent_target() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1))
    beast(scene, "foe", "orc", (3, 1))
    before = copy.deepcopy(scene)
    with pytest.raises(RuleError) as refused:
        resolve_attack(scene, "hero", "foe", REAL, Rng(1))
    assert refused.value.code == "ATTACK_OUT_OF_REACH"
    assert scene == before


def test_a_shot_spends_an_arrow_and_needs_sight_and_range() -> None:
    scene = field(rows=["..........", ".....#....", ".........."])
    archer(scene, "robin", (0, 1), arrows=2)
    beast(scene, "near", "orc", (4, 0), hp=50)
    beast(scene, "hidden", "orc", (6, 1), hp=50)
    beast(scene, "far", "orc", (9, 2), hp=50)
    events = resolve_attack(scene, "robin", "near", REAL, LoadedD20([20]))
    assert events[0] == Event(
        "ammunition.spent", {"creature": "robin", "item": "robin-arrows", "base": "arrow", "left": 1}
    )
    assert events[1].type == "attack.hit"
    for target, code in (("hidden", "ATTACK_NO_LINE_OF_SIGHT"), ("far", "ATTACK_OUT_OF_RANGE")):
        with pytest.raises(RuleError) as refused:
            resolve_attack(scene, "robin", target, REAL, Rng(1))
        assert refused.value.code == code


def test_no_arrows_no_shot() -> None:
    scene = field()
    archer(scene, "robin", (0, 0), arrows=1)
    beast(scene, "foe", "orc", (3, 3), hp=50)
    resolve_attack(scene, "robin", "foe", REAL, LoadedD20([1]))
    before = copy.deepcopy(scene)
    with pytest.raises(RuleError) as refused:
        resolve_attack(scene, "robin", "foe", REAL, Rng(1))
    assert refused.value.code == "ATTACK_NO_AMMUNITION"
    assert scene == before


def test_shooting_into_melee_is_allowed() -> None:
    scene = field()
    archer(scene, "robin", (0, 0))
    fighter(scene, "hero", (4, 4))
    beast(scene, "foe", "orc", (5, 5), hp=50)
    assert resolve_attack(scene, "robin", "foe", REAL, LoadedD20([20]))[1].type == "attack.hit"


def test_attacking_ends_invisibility() -> None:
    scene = _duel()
    scene.creature("hero").effects.append(ActiveEffect("invisibility", "invisibility", 10))
    events = resolve_attack(scene, "hero", "foe", REAL, LoadedD20([2]))
    assert events[0].type == "effect.ended"
    assert scene.creature("hero").effects == []


@pytest.mark.parametrize(
    ("attacker", "target", "code"),
    [
        ("ghost", "foe", "CREATURE_NOT_FOUND"),
        ("hero", "hero", "ATTACK_SELF"),
        ("hero", "corpse", "ATTACK_NO_TARGET"),
    ],
)
def test_impossible_attacks_are_refused(attacker: str, target: str, code: str) -> None:
    scene = _duel()
    beast(scene, "corpse", "orc", None)
    scene.creature("corpse").status = Status.DEAD
    with pytest.raises(RuleError) as refused:
        resolve_attack(scene, attacker, target, REAL, Rng(1))
    assert refused.value.code == code
