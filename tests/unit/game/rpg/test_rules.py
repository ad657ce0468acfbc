"""The rules' one entry point: dispatch, turns, battles starting on sight, refusals that change nothing,
and replays that give the same events byte for byte."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg.commands import (
    Attack,
    Cast,
    Command,
    Delay,
    Drop,
    EndTurn,
    Equip,
    Flee,
    Give,
    Guard,
    Move,
    MoveTo,
    OpenDoor,
    PickUp,
    Rest,
    Scribe,
    Search,
    Talk,
    Unequip,
    UseItem,
)
from goldbox.game.rpg.creature import Side, Status
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import DIRECTIONS
from goldbox.game.rpg.rules import Adventure, advance_monsters, apply, snapshot
from goldbox.game.rpg.scene import FloorItem
from tests.unit.game.rpg.combat_world import CONTENT, archer, beast, field, fighter


def _exploring() -> Adventure:
    """Two fighters and an archer in a room; two orcs round the corner, out of sight."""
    scene = field(
        rows=[
            "..........#.....",
            "..........#.....",
            "..........+.....",
            "..........#.....",
            "..........#.....",
        ]
    )
    fighter(scene, "hero", (1, 1), hp=12)
    fighter(scene, "friend", (1, 3), hp=12)
    archer(scene, "robin", (0, 2), arrows=4)
    beast(scene, "orc-1", "orc", (13, 1))
    beast(scene, "orc-2", "orc", (13, 3))
    scene.floor.append(FloorItem((2, 2), ItemInstance("potion-1", "potion_of_healing")))
    return Adventure(scene, party=["friend", "hero", "robin"])


def _in_battle() -> Adventure:
    adventure = _exploring()
    apply(adventure, Move("hero", ("e",) * 8), CONTENT, Rng(1))
    apply(adventure, OpenDoor("hero", "se"), CONTENT, Rng(2))
    assert adventure.combat is not None
    advance_monsters(adventure, CONTENT, Rng(3))
    return adventure


# ------------------------------------------------------------------------------------------ dispatch
def test_a_party_that_sees_a_monster_is_drawn_into_battle() -> None:
    adventure = _exploring()
    events = apply(adventure, Move("hero", ("e",) * 8), CONTENT, Rng(1))
    assert adventure.combat is None
    events = apply(adventure, OpenDoor("hero", "se"), CONTENT, Rng(2))
    assert events[0].type == "door.opened"
    assert "combat.started" in [event.type for event in events]
    assert adventure.combat is not None
    assert adventure.combat.combatants[:3] == ["friend", "hero", "robin"]


def test_a_walk_stops_where_the_enemy_comes_into_view() -> None:
    adventure = _exploring()
    adventure.scene.level = adventure.scene.level.with_tile((10, 2), adventure.scene.level.tile_at((0, 0)))
    apply(adventure, Move("friend", ("ne",)), CONTENT, Rng(1))
    events = apply(adventure, Move("hero", ("e",) * 8), CONTENT, Rng(1))
    moved = [event for event in events if event.type == "creature.moved"]
    assert len(moved) < 8
    assert adventure.combat is not None


def test_exploration_commands_go_to_their_owners() -> None:
    adventure = _exploring()
    scene = adventure.scene
    apply(adventure, Move("robin", ("e", "e")), CONTENT, Rng(1))
    events = apply(adventure, PickUp("robin", "potion-1"), CONTENT, Rng(1))
    assert events[0].type == "item.picked_up"
    assert any(item.uid == "potion-1" for item in scene.creature("robin").inventory)
    events = apply(adventure, Drop("robin", "potion-1"), CONTENT, Rng(1))
    assert events[-1].type == "item.dropped"
    events = apply(adventure, Unequip("hero", "weapon"), CONTENT, Rng(1))
    assert events[0].type == "item.unequipped"
    events = apply(adventure, Equip("hero", "hero-weapon"), CONTENT, Rng(1))
    assert events[-1].type == "item.equipped"
    assert apply(adventure, Search("hero"), CONTENT, Rng(1))[-1].type == "creature.searched"
    assert adventure.turn == 6


def test_rest_heals_and_is_refused_in_sight_of_enemies() -> None:
    adventure = _exploring()
    adventure.scene.creature("hero").hp = 5
    events = apply(adventure, Rest("hero"), CONTENT, Rng(1))
    assert [event.type for event in events] == ["creature.rested", "creature.healed"]
    adventure = _in_battle()
    assert adventure.combat is not None
    actor = adventure.combat.actor
    assert actor is not None
    with pytest.raises(RuleError) as refused:
        apply(adventure, Rest(actor), CONTENT, Rng(1))
    assert refused.value.code == "REST_IN_COMBAT"


def test_resting_lets_every_party_members_effects_run_out_and_poison_still_hurts() -> None:
    adventure = _exploring()
    hero, friend = adventure.scene.creature("hero"), adventure.scene.creature("friend")
    hero.effects.append(ActiveEffect("bless", "bless", remaining=6, magnitude=1))
    friend.effects.append(ActiveEffect("poison", "giant_spider", remaining=3, magnitude=2))
    events = apply(adventure, Rest("hero"), CONTENT, Rng(1))
    assert hero.effects == []
    assert friend.effects == []
    assert friend.hp == 12 - 3 * 2
    types = [(event.type, event.data.get("creature")) for event in events]
    assert types.count(("creature.damaged", "friend")) == 3
    assert ("effect.ended", "hero") in types
    assert ("effect.ended", "friend") in types
    assert types[-1] == ("creature.rested", "hero")  # at full health: nothing to heal


@pytest.mark.parametrize("command", [Attack("hero", "orc-1"), Delay("hero"), Guard("hero"), Flee("hero")])
def test_battle_commands_need_a_battle(command: Command) -> None:
    with pytest.raises(RuleError) as refused:
        apply(_exploring(), command, CONTENT, Rng(1))
    assert refused.value.code == "NOT_IN_COMBAT"


def test_unknown_actors_and_other_sides_are_refused() -> None:
    adventure = _exploring()
    with pytest.raises(RuleError) as refused:
        apply(adventure, Move("ghost", ("e",)), CONTENT, Rng(1))
    assert refused.value.code == "CREATURE_NOT_FOUND"
    with pytest.raises(RuleError) as refused:
        apply(adventure, Move("orc-1", ("e",)), CONTENT, Rng(1), side=Side.PARTY)
    assert refused.value.code == "ACTOR_NOT_YOURS"


def test_out_of_turn_is_refused_and_the_monsters_play_until_a_player_turn() -> None:
    adventure = _in_battle()
    combat = adventure.combat
    assert combat is not None
    actor = combat.actor
    assert actor is not None
    assert adventure.scene.creature(actor).side is Side.PARTY
    other = next(cid for cid in ("hero", "friend", "robin") if cid != actor)
    with pytest.raises(RuleError) as refused:
        apply(adventure, EndTurn(other), CONTENT, Rng(1))
    assert refused.value.code == "TURN_NOT_YOURS"
    events = apply(adventure, EndTurn(actor), CONTENT, Rng(4))
    events += advance_monsters(adventure, CONTENT, Rng(5))
    decisions = [event for event in events if event.type == "ai.decision"]
    assert all(adventure.scene.creature(event.data["creature"]).side is Side.MONSTERS for event in decisions)
    assert all(event.data["reason"] for event in decisions)
    if adventure.combat is not None:
        now = adventure.combat.actor
        assert now is not None
        assert adventure.scene.creature(now).side is Side.PARTY


def test_snapshot_is_json_and_stable() -> None:
    adventure = _in_battle()
    text = json.dumps(snapshot(adventure), sort_keys=False)
    assert json.loads(text) == snapshot(adventure)
    assert json.dumps(snapshot(_in_battle())) == text


# ------------------------------------------------------------------------------------ random commands
IDS = ["hero", "friend", "robin", "orc-1", "orc-2", "ghost"]
ITEMS = ["hero-weapon", "robin-arrows", "robin-weapon", "potion-1", "nothing"]
POINTS = st.tuples(st.integers(-1, 16), st.integers(-1, 5))

COMMANDS = st.one_of(
    st.builds(
        Move, st.sampled_from(IDS), st.lists(st.sampled_from([*DIRECTIONS, "up"]), max_size=4).map(tuple)
    ),
    st.builds(MoveTo, st.sampled_from(IDS), POINTS),
    st.builds(Attack, st.sampled_from(IDS), st.sampled_from(IDS)),
    st.builds(Cast, st.sampled_from(IDS), st.sampled_from(["magic_missile", "cure_light_wounds", "nope"])),
    st.builds(UseItem, st.sampled_from(IDS), st.sampled_from(ITEMS), st.sampled_from([*IDS, None])),
    st.builds(Equip, st.sampled_from(IDS), st.sampled_from(ITEMS)),
    st.builds(Unequip, st.sampled_from(IDS), st.sampled_from(["weapon", "body", "ring"])),
    st.builds(PickUp, st.sampled_from(IDS), st.sampled_from(ITEMS)),
    st.builds(Drop, st.sampled_from(IDS), st.sampled_from(ITEMS), st.sampled_from([None, 0, 1, 9])),
    st.builds(OpenDoor, st.sampled_from(IDS), st.sampled_from([*DIRECTIONS, "up"])),
    st.builds(Search, st.sampled_from(IDS)),
    st.builds(Talk, st.sampled_from(IDS), st.sampled_from(IDS)),
    st.builds(
        Give,
        st.sampled_from(IDS),
        st.sampled_from(ITEMS),
        st.sampled_from(IDS),
        st.sampled_from([None, 0, 1, 9]),
    ),
    st.builds(Rest, st.sampled_from(IDS)),
    st.builds(Delay, st.sampled_from(IDS)),
    st.builds(Guard, st.sampled_from(IDS)),
    st.builds(Flee, st.sampled_from(IDS)),
    st.builds(EndTurn, st.sampled_from(IDS)),
)


def _play(adventure: Adventure, commands: list[Command], seed: int) -> list[Event]:
    """Apply each command (skipping refusals) and let the monsters play their turns."""
    rng = Rng(seed)
    log: list[Event] = []
    for command in commands:
        try:
            log += apply(adventure, command, CONTENT, rng)
        except RuleError as refused:
            log.append(Event("refused", {"code": refused.code}))
        log += advance_monsters(adventure, CONTENT, rng)
    return log


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.booleans(), st.lists(COMMANDS, max_size=12), st.integers(0, 2**32))
def test_a_refused_command_changes_nothing(battle: bool, commands: list[Command], seed: int) -> None:
    adventure = _in_battle() if battle else _exploring()
    rng = Rng(seed)
    for command in commands:
        before = json.dumps(snapshot(adventure))
        try:
            apply(adventure, command, CONTENT, rng)
        except RuleError:
            assert json.dumps(snapshot(adventure)) == before
        advance_monsters(adventure, CONTENT, rng)
        for creature in adventure.scene.creatures.values():
            assert creature.hp <= creature.max_hp
        if adventure.combat is not None:
            assert adventure.combat.movement_left >= 0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.booleans(), st.lists(COMMANDS, max_size=12), st.integers(0, 2**32))
def test_the_same_seed_and_commands_give_the_same_events(
    battle: bool, commands: list[Command], seed: int
) -> None:
    first = _in_battle() if battle else _exploring()
    second = _in_battle() if battle else _exploring()
    one = json.dumps([event.to_json() for event in _play(first, commands, seed)])
    two = json.dumps([event.to_json() for event in _play(second, commands, seed)])
    assert one == two
    assert json.dumps(snapshot(first)) == json.dumps(snapshot(second))


def test_dead_creatures_cannot_act() -> None:
    adventure = _exploring()
    adventure.scene.creature("hero").status = Status.DEAD
    adventure.scene.creature("hero").position = None
    with pytest.raises(RuleError):
        apply(adventure, Move("hero", ("e",)), CONTENT, Rng(1))


def test_nobody_scribes_in_the_middle_of_a_battle() -> None:
    adventure = _in_battle()
    assert adventure.combat is not None
    assert adventure.combat.actor is not None
    before = json.dumps(snapshot(adventure), sort_keys=True)
    with pytest.raises(RuleError) as refused:
        apply(adventure, Scribe(adventure.combat.actor, "scroll"), CONTENT, Rng(5))
    assert refused.value.code == "NOT_IN_EXPLORATION"
    assert json.dumps(snapshot(adventure), sort_keys=True) == before
