"""The tactical AI: targets, distance, breath and spells by worth, morale, reasons, determinism."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.content.loader import load_content
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import areas, rules
from goldbox.game.rpg import combat as battle
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.ai import choose_action
from goldbox.game.rpg.combat import Combat
from goldbox.game.rpg.commands import Attack, Cast, Command, EndTurn, Flee, Move, UseAbility
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.level import DIRECTIONS, Level, Point, adjacent, distance
from goldbox.game.rpg.monsters import spawn_monster
from goldbox.game.rpg.morale import check_morale, morale_after
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.sight import line_of_sight
from goldbox.game.rpg.specials import ability_of
from goldbox.game.rpg.spellcraft import breath_option
from goldbox.game.rpg.tactics import hazards, plan_group

CONTENT: Content = load_content()


def arena(width: int = 16, height: int = 10) -> Scene:
    rows = ["#" * width] + ["#" + "." * (width - 2) + "#" for _ in range(height - 2)] + ["#" * width]
    return Scene(Level.from_rows(rows))


def hero(scene: Scene, name: str, point: Point, hp: int = 20, class_id: str = "fighter") -> Creature:
    creature = Creature(
        id=f"pc-{name}",
        name=name.title(),
        side=Side.PARTY,
        abilities=Abilities(),
        hp=hp,
        max_hp=20,
        class_id=class_id,
        race="human",
        position=point,
    )
    scene.creatures[creature.id] = creature
    return creature


def monster(scene: Scene, monster_id: str, point: Point, seed: int = 1) -> Creature:
    return spawn_monster(scene, monster_id, point, CONTENT, Rng(seed))


def walk_end(command: Command, start: Point) -> tuple[Point, list[Point]]:
    """Where a Move command ends, and every square it steps on."""
    assert isinstance(command, Move)
    here, route = start, []
    for step in command.steps:
        here = (here[0] + DIRECTIONS[step][0], here[1] + DIRECTIONS[step][1])
        route.append(here)
    return here, route


def battle_on(scene: Scene, actor: str, movement_left: int = 6) -> rules.Adventure:
    """An adventure in battle, with `actor` to move: everyone on the scene fights."""
    everyone = sorted(scene.creatures)
    combat = Combat(
        round=1,
        order=everyone,
        turn=everyone.index(actor),
        movement_left=movement_left,
        combatants=everyone,
    )
    return rules.Adventure(
        scene=scene, combat=combat, party=[cid for cid in everyone if cid.startswith("pc-")]
    )


# ------------------------------------------------------------------------------------------ targets
def test_the_group_focuses_the_weakest_foe_in_reach() -> None:
    scene = arena()
    hero(scene, "brute", (5, 4), hp=20)
    hero(scene, "weakling", (5, 5), hp=18)
    hero(scene, "tank", (5, 6), hp=20)
    orc = monster(scene, "orc", (6, 5))
    adventure = battle_on(scene, orc.id)
    command, reason = choose_action(adventure, orc.id, CONTENT, Rng(1))
    assert command == Attack(orc.id, "pc-weakling")
    assert "weakest" in reason


def test_an_enemy_caster_in_reach_comes_first() -> None:
    scene = arena()
    hero(scene, "weakling", (5, 4), hp=5)
    mage = hero(scene, "mage", (5, 6), hp=15, class_id="mage")
    mage.memorised = {1: ["magic_missile"]}
    orc = monster(scene, "orc", (6, 5))
    plan = plan_group(battle_on(scene, orc.id), Side.MONSTERS, CONTENT, Rng(1))
    assert plan.target_of(orc.id).target == mage.id
    assert "caster" in plan.target_of(orc.id).reason


def test_members_spread_out_when_a_foe_is_already_beaten() -> None:
    scene = arena()
    hero(scene, "dying", (5, 4), hp=1)
    hero(scene, "healthy", (5, 6), hp=20)
    first = monster(scene, "ogre", (6, 4), seed=1)
    second = monster(scene, "ogre", (6, 6), seed=2)
    plan = plan_group(battle_on(scene, first.id), Side.MONSTERS, CONTENT, Rng(1))
    targets = {plan.target_of(first.id).target, plan.target_of(second.id).target}
    assert targets == {"pc-dying", "pc-healthy"}
    assert any("spread out" in plan.target_of(cid).reason for cid in (first.id, second.id))


def test_melee_monsters_walk_to_their_target_then_strike() -> None:
    scene = arena()
    hero(scene, "far", (2, 4))
    orc = monster(scene, "orc", (9, 4))
    adventure = battle_on(scene, orc.id, movement_left=9)
    command, _ = choose_action(adventure, orc.id, CONTENT, Rng(1))
    end, _ = walk_end(command, (9, 4))
    assert adjacent(end, (2, 4))
    orc.position = end
    command, _ = choose_action(adventure, orc.id, CONTENT, Rng(1))
    assert command == Attack(orc.id, "pc-far")


def test_a_monster_that_can_reach_nobody_ends_its_turn() -> None:
    scene = arena()
    hero(scene, "far", (1, 1))
    orc = monster(scene, "orc", (9, 4))
    adventure = battle_on(scene, orc.id, movement_left=0)
    command, reason = choose_action(adventure, orc.id, CONTENT, Rng(1))
    assert command == EndTurn(orc.id)
    assert reason


def test_the_same_ai_plays_the_party() -> None:
    scene = arena()
    fighter = hero(scene, "fighter", (5, 5))
    monster(scene, "goblin", (6, 5), seed=1).hp = 5
    weak = monster(scene, "kobold", (6, 6), seed=2)
    weak.hp = 1
    command, _ = choose_action(battle_on(scene, fighter.id), fighter.id, CONTENT, Rng(1))
    assert command == Attack(fighter.id, weak.id)


# ----------------------------------------------------------------------------------------- distance
def test_an_archer_in_melee_steps_away_keeping_its_target_in_sight() -> None:
    scene = arena()
    hero(scene, "fighter", (5, 5))
    archer = monster(scene, "goblin_archer", (6, 5))
    adventure = battle_on(scene, archer.id, movement_left=6)
    command, reason = choose_action(adventure, archer.id, CONTENT, Rng(1))
    end, _ = walk_end(command, (6, 5))
    assert not adjacent(end, (5, 5))
    assert distance(end, (5, 5)) <= 10
    assert line_of_sight(scene.level, end, (5, 5))
    assert reason.startswith("keep distance")
    archer.position = end
    adventure.combat.movement_left = 0  # type: ignore[union-attr]
    command, _ = choose_action(adventure, archer.id, CONTENT, Rng(1))
    assert command == Attack(archer.id, "pc-fighter")


def test_an_archer_at_a_distance_shoots_instead_of_closing_in() -> None:
    scene = arena()
    hero(scene, "fighter", (2, 5))
    archer = monster(scene, "goblin_archer", (9, 5))
    command, _ = choose_action(battle_on(scene, archer.id), archer.id, CONTENT, Rng(1))
    assert command == Attack(archer.id, "pc-fighter")


# ------------------------------------------------------------------------------------ breath, spells
def test_breath_is_aimed_where_it_catches_the_most_foes() -> None:
    scene = arena()
    hound = monster(scene, "hell_hound", (8, 5))
    hero(scene, "alone", (8, 3), hp=20)
    for index, point in enumerate([(6, 5), (6, 6), (5, 5)]):
        hero(scene, f"packed{index}", point, hp=20)
    option = breath_option(
        scene, hound, [c for c in scene.creatures.values() if c.side is Side.PARTY], [], CONTENT
    )
    assert option is not None
    assert isinstance(option.command, UseAbility)
    ability = ability_of(hound, "breath", CONTENT)
    assert ability is not None
    assert ability.area is not None
    assert option.command.point is not None
    covered = set(areas.area_squares(scene.level, (8, 5), option.command.point, ability.area))
    caught = [c for c in scene.creatures.values() if c.side is Side.PARTY and c.position in covered]
    assert len(caught) == 3
    assert f"on {len(caught)} clustered enemies" in option.reason


def test_breath_spares_friends_in_the_way() -> None:
    scene = arena()
    hound = monster(scene, "hell_hound", (8, 5))
    foe = hero(scene, "alone", (6, 5), hp=20)
    friends = [
        monster(scene, "orc", point, seed=index) for index, point in enumerate([(7, 5), (7, 4), (7, 6)])
    ]
    assert breath_option(scene, hound, [foe], friends, CONTENT) is None


def test_a_hound_breathes_on_a_cluster_rather_than_biting() -> None:
    scene = arena()
    hound = monster(scene, "hell_hound", (8, 5))
    for index, point in enumerate([(7, 5), (6, 5), (6, 6)]):
        hero(scene, f"packed{index}", point)
    command, reason = choose_action(battle_on(scene, hound.id), hound.id, CONTENT, Rng(1))
    assert isinstance(command, UseAbility)
    assert "clustered" in reason


def test_breath_runs_out() -> None:
    scene = arena()
    hound = monster(scene, "hell_hound", (8, 5))
    foes = [hero(scene, f"packed{index}", point) for index, point in enumerate([(6, 5), (6, 6)])]
    hound.ability_uses["breath"] = 3
    assert breath_option(scene, hound, foes, [], CONTENT) is None


def test_a_caster_throws_an_area_spell_at_a_cluster() -> None:
    scene = arena()
    mage = monster(scene, "dark_mage", (12, 5))
    for index, point in enumerate([(6, 4), (6, 5), (6, 6), (5, 5)]):
        hero(scene, f"packed{index}", point)
    command, reason = choose_action(battle_on(scene, mage.id), mage.id, CONTENT, Rng(1))
    assert isinstance(command, Cast)
    assert command.point is not None
    assert CONTENT.spell(command.spell).area is not None
    assert "clustered" in reason


def test_a_shaman_heals_a_badly_hurt_ally_within_touch() -> None:
    scene = arena()
    shaman = monster(scene, "orc_shaman", (8, 5))
    shaman.memorised = {1: ["cure_light_wounds"]}
    chief = monster(scene, "orc", (8, 6), seed=4)
    chief.max_hp, chief.hp = 8, 2
    hero(scene, "fighter", (2, 2))
    command, reason = choose_action(battle_on(scene, shaman.id, movement_left=0), shaman.id, CONTENT, Rng(1))
    assert command == Cast(shaman.id, "cure_light_wounds", target=chief.id)
    assert reason.startswith("heal")


def test_an_unhurt_group_gets_no_healing() -> None:
    scene = arena()
    shaman = monster(scene, "orc_shaman", (8, 5))
    shaman.memorised = {1: ["cure_light_wounds"]}
    monster(scene, "orc", (8, 6), seed=4)
    hero(scene, "fighter", (2, 2))
    command, _ = choose_action(battle_on(scene, shaman.id, movement_left=0), shaman.id, CONTENT, Rng(1))
    assert not isinstance(command, Cast)


# -------------------------------------------------------------------------------------------- morale
def _goblin_band(scene: Scene, count: int = 4) -> list[Creature]:
    return [monster(scene, "goblin", (9 + index % 2, 3 + index), seed=index) for index in range(count)]


def _seed_that_rolls_above(value: int) -> int:
    return next(
        seed
        for seed in range(1000)
        if (lambda rng: rng.randint(1, 10) + rng.randint(1, 10))(Rng(seed)) > value
    )


def test_morale_breaks_when_half_the_group_has_fallen_and_the_broken_retreat() -> None:
    scene = arena()
    hero(scene, "fighter", (2, 4))
    band = _goblin_band(scene)
    band[0].status, band[0].position = Status.DEAD, None
    band[1].status, band[1].position = Status.DEAD, None
    adventure = battle_on(scene, band[2].id, movement_left=6)
    morale = CONTENT.monster("goblin").morale
    events = check_morale(adventure, Side.MONSTERS, CONTENT, Rng(_seed_that_rolls_above(morale)))
    broken = [event for event in events if event.type == "morale.broken"]
    assert {event.data["creature"] for event in broken} == {band[2].id, band[3].id}
    assert all(event.data["result"] == "retreat" for event in broken)
    assert all(any(effect.kind == "fear" for effect in goblin.effects) for goblin in band[2:])
    command, reason = choose_action(adventure, band[2].id, CONTENT, Rng(1))
    assert isinstance(command, Move | Flee)
    assert "morale broken" in reason
    if isinstance(command, Move):
        start = band[2].position
        assert start is not None
        end, _ = walk_end(command, start)
        assert distance(end, (2, 4)) > distance(start, (2, 4))
    assert check_morale(adventure, Side.MONSTERS, CONTENT, Rng(1)) == []  # once per occasion


def test_morale_holds_on_a_low_roll_and_is_not_rolled_before_losses() -> None:
    scene = arena()
    hero(scene, "fighter", (2, 4))
    band = _goblin_band(scene)
    adventure = battle_on(scene, band[0].id)
    assert check_morale(adventure, Side.MONSTERS, CONTENT, Rng(1)) == []
    band[0].status = band[1].status = Status.DEAD
    low = next(
        seed for seed in range(1000) if (lambda r: r.randint(1, 10) + r.randint(1, 10))(Rng(seed)) <= 5
    )
    events = check_morale(adventure, Side.MONSTERS, CONTENT, Rng(low))
    assert [event.type for event in events] == ["morale.checked"]


def test_a_cornered_monster_surrenders() -> None:
    scene = Scene(Level.from_rows(["#####", "#...#", "#####"]))
    hero(scene, "fighter", (2, 1))
    rat, other = monster(scene, "giant_rat", (1, 1), seed=1), monster(scene, "giant_rat", (3, 1), seed=2)
    scene.creatures["pc-fighter"].position = (2, 1)
    other.status, other.position = Status.DEAD, None
    adventure = battle_on(scene, rat.id)
    events = check_morale(adventure, Side.MONSTERS, CONTENT, Rng(_seed_that_rolls_above(5)))
    assert rat.status is Status.SURRENDERED
    assert any(event.type == "morale.broken" and event.data["result"] == "surrender" for event in events)


def test_the_leader_falling_calls_for_a_check_and_the_undead_never_break() -> None:
    scene = arena()
    hero(scene, "fighter", (2, 4))
    shaman = monster(scene, "orc_shaman", (9, 3))
    orcs = [monster(scene, "orc", (9, 4 + index), seed=index) for index in range(3)]
    shaman.status, shaman.position = Status.DEAD, None
    adventure = battle_on(scene, orcs[0].id)
    events = check_morale(adventure, Side.MONSTERS, CONTENT, Rng(_seed_that_rolls_above(11)))
    assert events[0].data["occasions"] == ["leader_slain"]
    assert len([event for event in events if event.type == "morale.broken"]) == 3

    scene = arena()
    hero(scene, "fighter", (2, 4))
    bones = [monster(scene, "skeleton", (9, 3 + index), seed=index) for index in range(4)]
    bones[0].status = bones[1].status = Status.DEAD
    events = check_morale(
        battle_on(scene, bones[2].id), Side.MONSTERS, CONTENT, Rng(_seed_that_rolls_above(19))
    )
    assert not [event for event in events if event.type == "morale.broken"]


def test_morale_is_checked_after_deaths_in_the_event_stream() -> None:
    scene = arena()
    hero(scene, "fighter", (2, 4))
    band = _goblin_band(scene)
    band[0].status = band[1].status = Status.DEAD
    adventure = battle_on(scene, band[2].id)
    died = [Event("creature.died", {"creature": band[1].id, "monster": "goblin", "killer": "pc-fighter"})]
    events = morale_after(adventure, died, CONTENT, Rng(3))
    assert events[0].type == "morale.checked"
    assert morale_after(adventure, [Event("turn.ended", {"creature": band[2].id})], CONTENT, Rng(3)) == []


def test_a_frightened_monster_at_the_edge_flees() -> None:
    scene = Scene(Level.from_rows(["......", "......", "......"]))
    hero(scene, "fighter", (3, 1))
    goblin = monster(scene, "goblin", (0, 1))
    goblin.effects.append(ActiveEffect("fear", "morale", 10))
    command, reason = choose_action(battle_on(scene, goblin.id), goblin.id, CONTENT, Rng(1))
    assert command == Flee(goblin.id)
    assert "flees" in reason


# ----------------------------------------------------------------------- whole battles, determinism
def _skirmish(seed: int) -> list[Event]:
    scene = arena(18, 10)
    rng = Rng(seed)
    for index, class_id in enumerate(["fighter", "cleric", "mage", "thief"]):
        hero(scene, class_id, (3, 3 + index), hp=30, class_id=class_id)
    for index, monster_id in enumerate(["orc", "goblin_archer", "dark_mage", "hell_hound", "orc_shaman"]):
        spawn_monster(scene, monster_id, (9, 2 + index), CONTENT, rng)
    adventure = rules.Adventure(
        scene=scene, party=sorted(cid for cid in scene.creatures if cid.startswith("pc-"))
    )
    combat, events = battle.start_combat(scene, rng)
    adventure.combat = combat
    events += battle.begin_turn(combat, scene, CONTENT, rng)
    for _ in range(60):
        if adventure.combat is None:
            break
        events += rules.advance_ai(adventure, CONTENT, rng, (Side.PARTY, Side.MONSTERS), choose_action)
    return events


def test_every_decision_in_a_battle_has_a_reason_and_none_is_refused() -> None:
    events = _skirmish(7)
    decisions = [event for event in events if event.type == "ai.decision"]
    assert decisions
    assert all(isinstance(event.data["reason"], str) and event.data["reason"] for event in decisions)
    assert not [event for event in events if event.type == "ai.refused"]
    assert any(event.type == "combat.ended" for event in events)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_the_same_seed_gives_the_same_choices(seed: int) -> None:
    assert _skirmish(seed) == _skirmish(seed)


@pytest.mark.parametrize("hazard", ["^", "x"], ids=["lava", "found trap"])
def test_monsters_walk_around_hazards_rather_than_through_them(hazard: str) -> None:
    scene = Scene(Level.from_rows(["#########", "#.......#", f"#...{hazard}...#", "#.......#", "#########"]))
    hero(scene, "fighter", (6, 2))
    orc = monster(scene, "orc", (2, 2))
    assert hazards(scene.level) == frozenset({(4, 2)})
    command, _ = choose_action(battle_on(scene, orc.id, movement_left=9), orc.id, CONTENT, Rng(1))
    end, route = walk_end(command, (2, 2))
    assert (4, 2) not in route
    assert adjacent(end, (6, 2))
