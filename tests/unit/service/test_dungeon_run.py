"""A dungeon run: joining beside the entrance, stairs down to a freshly stocked level, the dungeon
cleared in the boss room, and a stored run that restores exactly."""

from __future__ import annotations

import json

from hypothesis import given, settings

from goldbox.content.loader import load_content
from goldbox.game.rng import Rng
from goldbox.game.rpg.commands import Command, Move
from goldbox.game.rpg.creation import CreationMethod, create_character
from goldbox.game.rpg.creature import Side
from goldbox.game.rpg.level import DIRECTIONS, Point
from goldbox.game.rpg.state_codec import dump_command, load_command
from goldbox.game.rpg.tiles import Tile
from goldbox.service.dungeon_run import DungeonPlan, DungeonRun, new_run
from tests.unit.game.rpg.test_rules import COMMANDS

PLAN = DungeonPlan(seed=25, difficulty=1, depth=2, max_players=2)


def _hero(run: DungeonRun) -> str:
    hero = create_character(
        load_content(),
        Rng(1),
        creature_id="hero",
        name="Hero",
        race_id="human",
        class_id="fighter",
        method=CreationMethod.STANDARD_ARRAY,
    )
    run.join(hero, "account-1")
    return hero.id


def _clear_monsters(run: DungeonRun) -> None:
    scene = run.adventure.scene
    for cid in [cid for cid, c in scene.creatures.items() if c.side is Side.MONSTERS]:
        del scene.creatures[cid]
    run.adventure.combat = None


def _step_onto(run: DungeonRun, hero: str, target: Point) -> Command:
    """Stand the hero beside `target` and give the step onto it."""
    level = run.adventure.scene.level
    for name, (dx, dy) in DIRECTIONS.items():
        beside = (target[0] - dx, target[1] - dy)
        if level.walkable(beside) and run.adventure.scene.creature_at(beside) is None:
            run.adventure.scene.creatures[hero].position = beside
            return Move(hero, (name,))
    raise AssertionError("no free square beside the target")


def test_a_character_joins_beside_the_entrance_and_the_run_restores_exactly() -> None:
    run = new_run(PLAN)
    hero = _hero(run)
    position = run.adventure.scene.creatures[hero].position
    assert position is not None
    entrance = run.level.entrance
    assert max(abs(position[0] - entrance[0]), abs(position[1] - entrance[1])) <= 2
    assert run.adventure.party == [hero]
    stored = json.dumps(run.to_state())
    assert json.dumps(DungeonRun.from_state(json.loads(stored)).to_state()) == stored


def test_stairs_down_lead_to_the_next_level_and_the_boss_room_clears_the_dungeon() -> None:
    run = new_run(PLAN)
    hero = _hero(run)
    _clear_monsters(run)
    stairs = next(run.adventure.scene.level.points(Tile.STAIRS_DOWN))
    events = run.act(_step_onto(run, hero, stairs), "account-1")
    assert any(event.type == "level.entered" and event.data == {"depth": 2} for event in events)
    assert run.current_depth == 2
    assert hero in run.adventure.scene.creatures
    assert not run.finished
    _clear_monsters(run)
    boss = next(room for room in run.level.rooms if room.kind == "boss")
    events = run.act(_step_onto(run, hero, boss.center), "account-1")
    assert [event.type for event in events][-1] == "dungeon.cleared"
    assert run.finished


@settings(max_examples=50, deadline=None)
@given(COMMANDS)
def test_every_command_survives_the_log(command: Command) -> None:
    assert load_command(json.loads(json.dumps(dump_command(command)))) == command
