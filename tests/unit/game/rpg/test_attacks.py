"""Attacks, damage and healing: the THAC0 rule, natural 20 and 1, unconscious and dead thresholds."""

from __future__ import annotations

import pytest

from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.attacks import damage_creature, heal_creature
from goldbox.game.rpg.content import Content, MonsterAbility, MonsterAttack, MonsterDef
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Level
from goldbox.game.rpg.scene import Scene

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
