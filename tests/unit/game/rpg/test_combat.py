"""Combat: initiative, movement points, attacks of opportunity, guard, delay, flight and the spoils."""

from __future__ import annotations

import pytest

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.combat import Combat, end_combat, initiative_order, start_combat
from goldbox.game.rpg.commands import Attack, Delay, EndTurn, Flee, Guard, Move, MoveTo
from goldbox.game.rpg.creature import Status
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.rules import Adventure, apply, snapshot
from goldbox.game.rpg.scene import Scene
from tests.unit.game.rpg.combat_world import CONTENT, LoadedD20, archer, beast, field, fighter


def _battle(scene: Scene, order: list[str], movement_left: int = 12) -> Adventure:
    """An adventure in the middle of round 1, at the turn of `order[0]`."""
    combat = Combat(round=1, order=list(order), movement_left=movement_left, combatants=sorted(order))
    return Adventure(scene, combat, party=[cid for cid in order if scene.creatures[cid].is_character])


def _types(events: list[Event]) -> list[str]:
    return [event.type for event in events]


# ---------------------------------------------------------------------------------------- initiative
def test_initiative_ties_go_to_the_higher_dex() -> None:
    scene = field()
    fighter(scene, "quick", (1, 1), abilities=Abilities(dex=14))  # reaction +0 below 16 in this table
    fighter(scene, "slow", (1, 2), abilities=Abilities(dex=13))
    for seed in range(40):
        order, scores = initiative_order(scene, ["slow", "quick"], Rng(seed))
        if scores["quick"] == scores["slow"]:
            assert order == ["quick", "slow"]
            break
    else:
        pytest.fail("no tie in 40 seeds")


def test_initiative_ties_of_equal_dex_go_by_the_seed_and_repeat_with_it() -> None:
    scene = field()
    for number in range(6):
        fighter(scene, f"twin{number}", (1, number))
    orders = {tuple(initiative_order(scene, sorted(scene.creatures), Rng(seed))[0]) for seed in range(30)}
    assert len(orders) > 1
    assert initiative_order(scene, sorted(scene.creatures), Rng(5)) == initiative_order(
        scene, sorted(scene.creatures), Rng(5)
    )


def test_the_hasted_go_first_and_the_slowed_last() -> None:
    scene = field()
    fighter(scene, "hasted", (1, 1), abilities=Abilities(dex=3))
    fighter(scene, "plain", (1, 2), abilities=Abilities(dex=18))
    fighter(scene, "slowed", (1, 3), abilities=Abilities(dex=18))
    scene.creature("hasted").effects.append(ActiveEffect("haste", "haste", 5))
    scene.creature("slowed").effects.append(ActiveEffect("slow", "slow", 5))
    for seed in range(10):
        order, _ = initiative_order(scene, ["plain", "slowed", "hasted"], Rng(seed))
        assert order == ["hasted", "plain", "slowed"]


def test_a_battle_starts_with_everyone_the_party_sees() -> None:
    scene = field(rows=["..........", "#########.", ".........."])
    fighter(scene, "hero", (0, 0))
    beast(scene, "seen", "orc", (5, 0))
    beast(scene, "behind_wall", "orc", (0, 2))
    combat, events = start_combat(scene, Rng(3))
    assert combat.combatants == ["hero", "seen"]
    assert sorted(combat.order) == ["hero", "seen"]
    assert _types(events) == ["combat.started", "round.started"]


# ------------------------------------------------------------------------------------------ movement
def test_walking_spends_movement_and_cannot_exceed_it() -> None:
    scene = field()
    fighter(scene, "hero", (0, 0))
    beast(scene, "orc", "orc", (9, 9))
    adventure = _battle(scene, ["hero", "orc"], movement_left=3)
    apply(adventure, Move("hero", ("e", "e")), CONTENT, Rng(1))
    assert adventure.combat is not None
    assert adventure.combat.movement_left == 1
    assert scene.creature("hero").position == (2, 0)
    before = snapshot(adventure)
    with pytest.raises(RuleError) as refused:
        apply(adventure, Move("hero", ("e", "e")), CONTENT, Rng(1))
    assert refused.value.code == "MOVE_TOO_FAR"
    assert snapshot(adventure) == before
    with pytest.raises(RuleError) as refused:
        apply(adventure, MoveTo("hero", (5, 0)), CONTENT, Rng(1))
    assert refused.value.code == "MOVE_NO_PATH"
    apply(adventure, Move("hero", ("se",)), CONTENT, Rng(1))
    assert scene.creature("hero").position == (3, 1)


def test_a_blocked_step_anywhere_refuses_the_whole_walk() -> None:
    scene = field(rows=["...#....", "........"])
    fighter(scene, "hero", (0, 0))
    beast(scene, "orc", "orc", (7, 1))
    adventure = _battle(scene, ["hero", "orc"])
    before = snapshot(adventure)
    with pytest.raises(RuleError) as refused:
        apply(adventure, Move("hero", ("e", "e", "e")), CONTENT, Rng(1))
    assert refused.value.code == "MOVE_BLOCKED"
    assert snapshot(adventure) == before


def test_moving_away_provokes_one_attack_of_opportunity_per_round() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1), hp=100)
    beast(scene, "orc", "orc", (2, 1))
    adventure = _battle(scene, ["hero", "orc"])
    events = apply(adventure, Move("hero", ("w", "s")), CONTENT, LoadedD20([20]))
    assert _types(events)[:2] == ["attack.opportunity", "attack.hit"]
    assert events[0].data == {"attacker": "orc", "target": "hero"}
    assert _types(events).count("attack.opportunity") == 1
    assert scene.creature("hero").position == (0, 2)


def test_no_attack_of_opportunity_from_a_helpless_enemy() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1))
    beast(scene, "orc", "orc", (2, 1))
    scene.creature("orc").effects.append(ActiveEffect("sleep", "sleep", 5))
    adventure = _battle(scene, ["hero", "orc"])
    events = apply(adventure, Move("hero", ("w",)), CONTENT, Rng(1))
    assert "attack.opportunity" not in _types(events)


def test_falling_to_an_attack_of_opportunity_ends_the_walk_and_the_turn() -> None:
    scene = field()
    fighter(scene, "hero", (2, 1), hp=1)
    beast(scene, "orc", "orc", (3, 1))
    fighter(scene, "friend", (5, 5))
    adventure = _battle(scene, ["hero", "friend", "orc"])
    events = apply(adventure, Move("hero", ("w", "w")), CONTENT, LoadedD20([20]))
    assert scene.creature("hero").status is Status.UNCONSCIOUS
    assert scene.creature("hero").position == (2, 1)
    assert "creature.moved" not in _types(events)
    assert adventure.combat is not None
    assert adventure.combat.actor == "friend"


# ----------------------------------------------------------------------------------- acting and turns
def test_an_attack_ends_the_turn_and_acting_out_of_turn_is_refused() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1))
    beast(scene, "orc", "orc", (2, 1), hp=50)
    adventure = _battle(scene, ["hero", "orc"])
    before = snapshot(adventure)
    with pytest.raises(RuleError) as refused:
        apply(adventure, Attack("orc", "hero"), CONTENT, Rng(1))
    assert refused.value.code == "TURN_NOT_YOURS"
    assert snapshot(adventure) == before
    events = apply(adventure, Attack("hero", "orc"), CONTENT, LoadedD20([2]))
    assert _types(events)[:3] == ["attack.missed", "turn.ended", "turn.started"]
    assert adventure.combat is not None
    assert adventure.combat.actor == "orc"


def test_a_shot_needs_sight_in_battle_too() -> None:
    scene = field(rows=["......", "..#...", "......"])
    archer(scene, "robin", (0, 1))
    beast(scene, "orc", "orc", (4, 1))
    adventure = _battle(scene, ["robin", "orc"])
    before = snapshot(adventure)
    with pytest.raises(RuleError) as refused:
        apply(adventure, Attack("robin", "orc"), CONTENT, Rng(1))
    assert refused.value.code == "ATTACK_NO_LINE_OF_SIGHT"
    assert snapshot(adventure) == before


def test_a_helpless_creature_loses_its_turn_and_its_effects_run_down() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1))
    beast(scene, "orc", "orc", (6, 6))
    fighter(scene, "sleeper", (1, 3))
    scene.creature("sleeper").effects.append(ActiveEffect("sleep", "sleep", 2))
    adventure = _battle(scene, ["hero", "sleeper", "orc"])
    events = apply(adventure, EndTurn("hero"), CONTENT, Rng(1))
    lost = [event for event in events if event.type == "turn.ended" and event.data.get("lost")]
    assert lost[0].data == {"creature": "sleeper", "lost": "helpless"}
    assert scene.creature("sleeper").effects[0].remaining == 1
    assert adventure.combat is not None
    assert adventure.combat.actor == "orc"


def test_delay_moves_the_turn_after_everyone_once_a_round() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1))
    fighter(scene, "friend", (1, 2))
    beast(scene, "orc", "orc", (8, 8))
    adventure = _battle(scene, ["hero", "friend", "orc"])
    apply(adventure, Delay("hero"), CONTENT, Rng(1))
    combat = adventure.combat
    assert combat is not None
    assert combat.actor == "friend"
    assert combat.order == ["hero", "friend", "orc", "hero"]
    apply(adventure, EndTurn("friend"), CONTENT, Rng(1))
    while combat.actor == "orc":
        apply(adventure, EndTurn("orc"), CONTENT, Rng(1))
    assert combat.actor == "hero"
    assert combat.round == 1
    with pytest.raises(RuleError) as refused:
        apply(adventure, Delay("hero"), CONTENT, Rng(1))
    assert refused.value.code == "DELAY_TWICE"


def test_no_delay_after_moving() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1))
    beast(scene, "orc", "orc", (8, 8))
    adventure = _battle(scene, ["hero", "orc"])
    apply(adventure, Move("hero", ("e",)), CONTENT, Rng(1))
    with pytest.raises(RuleError) as refused:
        apply(adventure, Delay("hero"), CONTENT, Rng(1))
    assert refused.value.code == "DELAY_AFTER_MOVING"


def test_a_guard_strikes_the_first_enemy_to_come_adjacent() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1))
    beast(scene, "orc", "orc", (4, 1), hp=50)
    adventure = _battle(scene, ["hero", "orc"])
    apply(adventure, Guard("hero"), CONTENT, Rng(1))
    combat = adventure.combat
    assert combat is not None
    assert combat.guarding == ["hero"]
    events = apply(adventure, Move("orc", ("w", "w")), CONTENT, LoadedD20([20]))
    assert "guard.struck" in _types(events)
    struck = _types(events).index("guard.struck")
    assert events[struck + 1].data["attacker"] == "hero"
    assert _types(events).count("guard.struck") == 1
    assert combat.guarding == []


# -------------------------------------------------------------------------------------------- flight
def test_flee_from_the_edge_of_the_map() -> None:
    scene = field()
    fighter(scene, "hero", (0, 4))
    fighter(scene, "friend", (6, 6))
    beast(scene, "orc", "orc", (2, 4))
    adventure = _battle(scene, ["hero", "friend", "orc"])
    events = apply(adventure, Flee("hero"), CONTENT, Rng(1))
    assert events[0].data == {"creature": "hero", "from": [0, 4]}
    assert scene.creature("hero").status is Status.FLED
    assert scene.creature("hero").position is None


def test_no_flight_while_an_enemy_can_reach() -> None:
    scene = field(width=30, height=30)
    fighter(scene, "hero", (10, 10))
    beast(scene, "orc", "orc", (14, 10))
    adventure = _battle(scene, ["hero", "orc"])
    before = snapshot(adventure)
    with pytest.raises(RuleError) as refused:
        apply(adventure, Flee("hero"), CONTENT, Rng(1))
    assert refused.value.code == "FLEE_BLOCKED"
    assert snapshot(adventure) == before


def test_flight_out_of_every_enemy_reach() -> None:
    scene = field(width=30, height=30)
    fighter(scene, "hero", (10, 10))
    fighter(scene, "friend", (20, 20))
    beast(scene, "orc", "orc", (21, 10))  # movement 9: reaches 10 squares
    adventure = _battle(scene, ["hero", "friend", "orc"])
    apply(adventure, Flee("hero"), CONTENT, Rng(1))
    assert scene.creature("hero").status is Status.FLED


# ------------------------------------------------------------------------------------------- the end
def test_the_party_shares_the_xp_and_gold_of_the_slain() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1))
    fighter(scene, "friend", (1, 3))
    beast(scene, "orc", "orc", (2, 1), hp=1)
    scene.creature("orc").gold = 7
    adventure = _battle(scene, ["hero", "friend", "orc"])
    events = apply(adventure, Attack("hero", "orc"), CONTENT, LoadedD20([20]))
    assert adventure.combat is None
    assert events[-1].type == "combat.ended"
    assert events[-1].data["winner"] == "party"
    assert events[-1].data["xp"] == CONTENT.monsters["orc"].xp
    assert events[-1].data["gold"] == 7
    xp = CONTENT.monsters["orc"].xp
    assert scene.creature("hero").xp == xp // 2
    assert scene.creature("friend").xp == xp - xp // 2  # the remainder goes to the first by id
    assert scene.creature("hero").gold + scene.creature("friend").gold == 7
    assert scene.creature("orc").gold == 0


def test_a_party_that_is_all_down_loses_and_gets_nothing() -> None:
    scene = field()
    fighter(scene, "hero", (1, 1), hp=1)
    beast(scene, "orc", "orc", (2, 1))
    beast(scene, "rat", "giant_rat", (3, 3), hp=1)
    scene.creature("rat").status = Status.DEAD
    adventure = _battle(scene, ["orc", "hero"])
    events = apply(adventure, Attack("orc", "hero"), CONTENT, LoadedD20([20]))
    assert events[-1].data["winner"] == "monsters"
    assert events[-1].data["xp"] == 0
    assert scene.creature("hero").xp == 0


def test_a_party_member_who_fled_comes_back_after_a_victory() -> None:
    scene = field()
    fighter(scene, "hero", (0, 4))
    fighter(scene, "friend", (5, 5))
    beast(scene, "orc", "orc", (6, 5), hp=1)
    adventure = _battle(scene, ["hero", "friend", "orc"])
    apply(adventure, Flee("hero"), CONTENT, Rng(1))
    events = apply(adventure, Attack("friend", "orc"), CONTENT, LoadedD20([20]))
    assert "creature.returned" in _types(events)
    assert scene.creature("hero").status is Status.ACTIVE
    assert scene.creature("hero").position == (0, 4)
    assert scene.creature("hero").xp == 0  # who fled shares nothing


def test_special_ability_uses_are_restored_when_a_battle_ends() -> None:
    scene = field()
    hero = fighter(scene, "hero", (1, 1))
    hound = beast(scene, "hound", "hell_hound", (8, 8))
    combat, _ = start_combat(scene, Rng(1))
    hound.ability_uses["breath"] = 3
    hero.status = Status.DEAD
    end_combat(combat, scene, CONTENT, Rng(2))
    assert hound.ability_uses == {}
