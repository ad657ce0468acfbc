"""Thief skills: unlocking doors with a key or by picking the lock, and the open-locks chance."""

from __future__ import annotations

import json

import pytest

from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.commands import Unlock
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.rules import Adventure, advance_monsters, apply, battle_if_seen, snapshot
from goldbox.game.rpg.thieving import open_locks_chance
from goldbox.game.rpg.tiles import Tile
from tests.unit.game.rpg.combat_world import CONTENT, beast, field, fighter


class Percentile(Rng):
    """An RNG whose percentile rolls are fixed; every other draw comes from the seed."""

    def __init__(self, percent: int, seed: int = 7) -> None:
        super().__init__(seed)
        self.percent = percent
        self.percentiles = 0

    def randint(self, low: int, high: int) -> int:
        if (low, high) == (1, 100):
            self.percentiles += 1
            return self.percent
        return super().randint(low, high)


def _door(class_id: str = "thief", key: bool = False) -> Adventure:
    scene = field(rows=["#####", "..L..", "#####"])
    hero = fighter(scene, "hero", (1, 1), class_id=class_id, weapon=None)
    if key:
        hero.inventory.append(ItemInstance("key-1", "iron_key"))
    return Adventure(scene, party=["hero"])


def _frozen(adventure: Adventure) -> str:
    return json.dumps(snapshot(adventure), sort_keys=True)


def test_the_open_locks_chance_follows_level_and_dexterity() -> None:
    scene = field()
    thief = fighter(scene, "t", (0, 0), class_id="thief", abilities=Abilities(dex=12))
    assert open_locks_chance(thief) == 25
    thief.level = 5
    assert open_locks_chance(thief) == 45
    thief.abilities = Abilities(dex=17)
    assert open_locks_chance(thief) == 55
    thief.level, thief.abilities = 1, Abilities(dex=3)
    assert open_locks_chance(thief) == 15
    assert open_locks_chance(fighter(scene, "f", (1, 0))) == 0


def test_a_key_unlocks_the_door_for_anyone_and_is_kept() -> None:
    adventure = _door("fighter", key=True)
    events = apply(adventure, Unlock("hero", "e"), CONTENT, Rng(1))
    assert adventure.scene.level.tile_at((2, 1)) is Tile.DOOR_CLOSED
    assert events[0].type == "door.unlocked"
    assert events[0].data["by"] == "key"
    assert "key-1" in [item.uid for item in adventure.scene.creatures["hero"].inventory]


def test_a_thief_picks_the_lock_on_a_good_roll_and_not_on_a_bad_one() -> None:
    adventure = _door()
    failed = apply(adventure, Unlock("hero", "e"), CONTENT, Percentile(26))
    assert [event.type for event in failed] == ["lock.pick_failed"]
    assert failed[0].data["needed"] == 20  # level 1, DEX 10: 25% - 5%
    assert adventure.scene.level.tile_at((2, 1)) is Tile.DOOR_LOCKED
    picked = apply(adventure, Unlock("hero", "e"), CONTENT, Percentile(20))
    assert picked[0].type == "door.unlocked"
    assert picked[0].data["by"] == "lockpick"
    assert adventure.scene.level.tile_at((2, 1)) is Tile.DOOR_CLOSED


@pytest.mark.parametrize(
    ("class_id", "direction", "code"),
    [
        ("fighter", "e", "DOOR_KEY_NEEDED"),
        ("thief", "w", "DOOR_NOT_FOUND"),
        ("thief", "x", "MOVE_BAD_DIRECTION"),
    ],
)
def test_refusals_roll_nothing_and_change_nothing(class_id: str, direction: str, code: str) -> None:
    adventure = _door(class_id)
    before = _frozen(adventure)
    rng = Percentile(1)
    with pytest.raises(RuleError) as refused:
        apply(adventure, Unlock("hero", direction), CONTENT, rng)
    assert refused.value.code == code
    assert rng.percentiles == 0
    assert _frozen(adventure) == before


def test_a_door_that_is_not_locked_is_refused_before_any_roll() -> None:
    adventure = _door()
    adventure.scene.level = adventure.scene.level.with_tile((2, 1), Tile.DOOR_CLOSED)
    rng = Percentile(1)
    with pytest.raises(RuleError) as refused:
        apply(adventure, Unlock("hero", "e"), CONTENT, rng)
    assert refused.value.code == "DOOR_NOT_LOCKED"
    assert rng.percentiles == 0


def test_in_battle_a_failed_pick_spends_the_thiefs_turn() -> None:
    scene = field(rows=["#######", "..L....", "#.....#", "#.....#"])
    fighter(scene, "hero", (1, 1), class_id="thief", weapon=None)
    beast(scene, "rat", "giant_rat", (5, 3))
    adventure = Adventure(scene, party=["hero"])
    battle_if_seen(adventure, CONTENT, Rng(3))
    assert adventure.combat is not None
    advance_monsters(adventure, CONTENT, Rng(4))
    assert adventure.combat is not None
    assert adventure.combat.actor == "hero"
    events = apply(adventure, Unlock("hero", "e"), CONTENT, Percentile(99))
    types = [event.type for event in events]
    assert types[0] == "lock.pick_failed"
    ended = [event.data for event in events if event.type == "turn.ended"]
    assert ended[0]["creature"] == "hero"
