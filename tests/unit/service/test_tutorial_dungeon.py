"""The tutorial's fixed dungeon still holds every lesson the browser's tutorial teaches in it.

The tutorial names a seed (goldbox.service.tutorial.TUTORIAL_PLAN); a change to the generators may
turn that seed into another dungeon. These tests fail loudly then: a quiet start beside a closed
door, weak monsters behind it guarding loot, and a mage who plays every lesson through (memorise,
move, open the door, cast, win the fight, pick up the loot) seeing only the party's view.
"""

from __future__ import annotations

from typing import Any

from goldbox.content.loader import load_content
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import commands
from goldbox.game.rpg.creation import CreationMethod, create_character
from goldbox.game.rpg.level import distance
from goldbox.service.dungeon_run import DungeonRun, new_run
from goldbox.service.game_views import party_view
from goldbox.service.tutorial import APPRENTICE_NAME, APPRENTICE_RACE, TUTOR_CLASS, TUTORIAL_PLAN
from tests.play_routes import CLOSED_DOOR, route
from tests.tutorial_walk import Choice, Lessons, closed_doors, foes_of, here_of

ME = "apprentice"
WEAK = frozenset({"kobold", "giant_rat", "goblin"})
DOOR_WITHIN = 3  # steps from where the apprentice stands to the first closed door
FOES_WITHIN = 10  # steps to the first monster, through the door
LOOT_WITHIN = 4  # squares from the monsters to their treasure
MOST_ACTIONS = 60


def _apprentice_run() -> tuple[DungeonRun, list[Event]]:
    run = new_run(TUTORIAL_PLAN)
    apprentice = create_character(
        load_content(),
        Rng(1),
        creature_id=ME,
        name=APPRENTICE_NAME,
        race_id=APPRENTICE_RACE,
        class_id=TUTOR_CLASS,
        method=CreationMethod.STANDARD_ARRAY,
    )
    return run, run.join(apprentice, "player")


def _view(run: DungeonRun) -> dict[str, Any]:
    return party_view(run.adventure, load_content())


def _command(choice: Choice) -> commands.Command:
    """The rules command an API action names, for the apprentice."""
    method, params = choice
    if method == "action.rest":
        memorise = {int(level): tuple(spells) for level, spells in params["memorise"].items()}
        return commands.Rest(ME, memorise)
    if method == "action.move":
        return commands.Move(ME, tuple(params["steps"]))
    if method == "action.open_door":
        return commands.OpenDoor(ME, params["direction"])
    if method == "action.cast":
        return commands.Cast(ME, params["spell"], None, (params["point"][0], params["point"][1]))
    if method == "action.attack":
        return commands.Attack(ME, params["target"])
    if method == "action.pickup":
        return commands.PickUp(ME, params["item"])
    assert method == "action.end_turn", method
    return commands.EndTurn(ME)


def test_the_tutorial_starts_quietly_beside_a_closed_door() -> None:
    run, joined = _apprentice_run()
    view = _view(run)
    assert [e.type for e in joined] == ["player.joined"]
    assert view["combat"] is None
    assert foes_of(view) == []
    rows = view["map"]["rows"]
    way = route(rows, here_of(view, ME), closed_doors(rows), set())
    assert way is not None
    assert len(way) <= DOOR_WITHIN, way


def test_weak_monsters_behind_the_door_guard_their_treasure() -> None:
    run, _ = _apprentice_run()
    scene = run.adventure.scene
    rows = scene.level.to_rows()
    here = here_of(_view(run), ME)
    monsters = {
        c.position: c.monster for c in scene.creatures.values() if c.side.value == "monsters" and c.position
    }
    nearest = min(monsters, key=lambda point: len(route(rows, here, {point}, set()) or rows * 9))
    group = [monster for point, monster in monsters.items() if distance(point, nearest) <= 2]
    assert set(group) <= WEAK, group
    assert 1 <= len(group) <= 2
    way = route(rows, here, {nearest}, set())
    assert way is not None
    assert len(way) <= FOES_WITHIN
    assert any(rows[y][x] == CLOSED_DOOR for x, y in way), "the monsters are met through a door"
    treasure = [f for f in scene.floor if distance(f.point, nearest) <= LOOT_WITHIN]
    assert treasure, "loot lies beside the monsters"


def test_an_apprentice_plays_every_lesson_through() -> None:
    run, _ = _apprentice_run()
    lessons = Lessons(ME)
    events: list[Event] = []
    for _ in range(MOST_ACTIONS):
        choice = lessons.next(_view(run))
        if choice is None:
            break
        events += run.act(_command(choice), "player")
        assert not run.finished, [e.type for e in events[-8:]]
    else:
        raise AssertionError(f"the lessons took more than {MOST_ACTIONS} actions")
    kinds = [e.type for e in events]
    for lesson in ("spells.memorised", "creature.moved", "door.opened", "spell.cast", "item.picked_up"):
        assert lesson in kinds, lesson
    ended = [e.data for e in events if e.type == "combat.ended"]
    assert ended
    assert ended[-1]["winner"] == "party"
    assert _view(run)["party"][0]["status"] == "active"
