"""The tutorial's fixed dungeon still holds every lesson the browser's tutorial teaches in it.

The tutorial names a seed (goldbox.service.tutorial.TUTORIAL_PLAN); a change to the generators may
turn that seed into another dungeon. These tests fail loudly then: a quiet start beside a closed
door, weak monsters behind it guarding loot, and a mage who can play every lesson through (memorise,
move, open the door, cast, win the fight, pick up the loot) seeing only the party's view.
"""

from __future__ import annotations

from typing import Any

from goldbox.content.loader import load_content
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg.commands import Attack, Cast, Command, EndTurn, Move, OpenDoor, PickUp, Rest
from goldbox.game.rpg.creation import CreationMethod, create_character
from goldbox.game.rpg.level import distance
from goldbox.service.dungeon_run import DungeonRun, new_run
from goldbox.service.game_views import party_view
from goldbox.service.tutorial import APPRENTICE_NAME, APPRENTICE_RACE, TUTOR_CLASS, TUTORIAL_PLAN
from tests.play_routes import CLOSED_DOOR, Point, direction_of, route

ME = "apprentice"
SPELL = "sleep"
WEAK = frozenset({"kobold", "giant_rat", "goblin"})
DOOR_WITHIN = 3  # steps from where the apprentice stands to the first closed door
FOES_WITHIN = 10  # steps to the first monster, through the door
LOOT_WITHIN = 4  # steps from the monsters to their treasure

View = dict[str, Any]


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


def _view(run: DungeonRun) -> View:
    return party_view(run.adventure, load_content())


def _here(view: View) -> Point:
    x, y = view["party"][0]["position"]
    return (x, y)


def _doors(rows: list[str]) -> set[Point]:
    return {(x, y) for y, row in enumerate(rows) for x, glyph in enumerate(row) if glyph == CLOSED_DOOR}


def _foes(view: View) -> list[dict[str, Any]]:
    return [
        c for c in view["creatures"] if c["side"] == "monsters" and c["status"] == "active" and c["position"]
    ]


def test_the_tutorial_starts_quietly_beside_a_closed_door() -> None:
    run, joined = _apprentice_run()
    view = _view(run)
    assert [e.type for e in joined] == ["player.joined"]
    assert view["combat"] is None
    assert _foes(view) == []
    rows = view["map"]["rows"]
    way = route(rows, _here(view), _doors(rows), set())
    assert way is not None
    assert len(way) <= DOOR_WITHIN, way


def test_weak_monsters_behind_the_door_guard_their_treasure() -> None:
    run, _ = _apprentice_run()
    scene = run.adventure.scene
    rows = scene.level.to_rows()
    here = _here(_view(run))
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


class Apprentice:
    """Plays the lessons as the tutorial asks, choosing from the party's view only."""

    def __init__(self, run: DungeonRun) -> None:
        self.run = run
        self.events: list[Event] = []

    def act(self, command: Command) -> View:
        self.events += self.run.act(command, "player")
        assert not self.run.finished, [e.type for e in self.events[-8:]]
        return _view(self.run)

    def step(self, view: View, goals: set[Point]) -> View:
        """One step on the shortest way to `goals`, opening a closed door that stands in it."""
        here = _here(view)
        blocked = {(c["position"][0], c["position"][1]) for c in view["creatures"] if c["position"]}
        way = route(view["map"]["rows"], here, goals - {here}, blocked - goals)
        assert way, (here, goals)
        direction = direction_of(here, way[0])
        if view["map"]["rows"][way[0][1]][way[0][0]] == CLOSED_DOOR:
            return self.act(OpenDoor(ME, direction))
        return self.act(Move(ME, (direction,)))

    def find_a_fight(self, view: View) -> View:
        for _ in range(40):
            if view["combat"] is not None:
                return view
            rows = view["map"]["rows"]
            foes = {(c["position"][0], c["position"][1]) for c in _foes(view)}
            view = self.step(view, foes or _doors(rows))
        raise AssertionError("no battle")

    def fight(self, view: View) -> View:
        """Sleep the foes from afar, then strike the sleepers; step nearer when none is in reach."""
        for _ in range(40):
            if view["combat"] is None:
                return view
            here = _here(view)
            foes = sorted(_foes(view), key=lambda c: (distance(here, tuple(c["position"])), c["id"]))
            nearest = foes[0]
            there = (nearest["position"][0], nearest["position"][1])
            if SPELL in view["party"][0]["memorised"].get("1", []) and distance(here, there) <= 6:
                view = self.act(Cast(ME, SPELL, None, there))
            elif distance(here, there) <= 1:
                view = self.act(Attack(ME, nearest["id"]))
            elif view["combat"]["movement_left"] > 0:
                view = self.step(view, {there})
            else:
                view = self.act(EndTurn(ME))
        raise AssertionError("the battle went on")

    def loot(self, view: View) -> View:
        rows = view["map"]["rows"]
        floor = min(
            view["floor"],
            key=lambda f: len(route(rows, _here(view), {(f["point"][0], f["point"][1])}, set()) or rows * 9),
        )
        goal = (floor["point"][0], floor["point"][1])
        for _ in range(LOOT_WITHIN * 3):
            if _here(view) == goal:
                return self.act(PickUp(ME, floor["item"]["uid"]))
            view = self.step(view, {goal})
        raise AssertionError("the loot was not reached")


def test_an_apprentice_can_play_every_lesson_through() -> None:
    run, _ = _apprentice_run()
    apprentice = Apprentice(run)
    view = apprentice.act(Rest(ME, {1: (SPELL,)}))
    view = apprentice.loot(apprentice.fight(apprentice.find_a_fight(view)))
    kinds = [e.type for e in apprentice.events]
    for lesson in ("spells.memorised", "creature.moved", "door.opened", "spell.cast", "item.picked_up"):
        assert lesson in kinds, lesson
    ended = [e.data for e in apprentice.events if e.type == "combat.ended"]
    assert ended
    assert ended[-1]["winner"] == "party"
    assert view["party"][0]["status"] == "active"
