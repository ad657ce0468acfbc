"""Generated levels made playable: every encounter, hoard and quest person ends up in a rules Scene,
the same way every time, and a party dropped at the entrance can play it through the rules."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.content.loader import load_content
from goldbox.content.loot_tables import load_loot_tables
from goldbox.content.story_tables import load_story_content
from goldbox.game.rng import Rng
from goldbox.game.rpg import stats
from goldbox.game.rpg.ai import choose_action
from goldbox.game.rpg.commands import Move
from goldbox.game.rpg.creation import CreationMethod, create_character
from goldbox.game.rpg.creature import Side
from goldbox.game.rpg.level import DIRECTIONS
from goldbox.game.rpg.movement import path
from goldbox.game.rpg.rules import Adventure, advance_ai, apply, snapshot
from goldbox.game.rpg.tiles import DOORS, Tile
from goldbox.pcg.content_params import QuestParams
from goldbox.pcg.playable import COINS, free_squares_near, playable_scene
from goldbox.pcg.quests import generate_quests
from tests.unit.pcg.maps import level

CONTENT = load_content()
LOOT = load_loot_tables()
STORY = load_story_content()


def test_every_encounter_and_hoard_is_placed() -> None:
    generated = level(11, width=48, height=32, difficulty=5)
    scene = playable_scene(generated, CONTENT, LOOT)
    for encounter in generated.encounters:
        for point in encounter.points:
            standing = scene.creature_at(point)
            assert standing is not None
            assert standing.monster == encounter.monster
            assert standing.side is Side.MONSTERS
            assert 1 <= standing.hp == standing.max_hp
    assert len(scene.creatures) == sum(len(encounter.points) for encounter in generated.encounters)
    for spot in generated.treasure:
        lying = [floor.item for floor in scene.floor if floor.point == spot.point]
        coins = [item for item in lying if item.base == COINS]
        assert sum(item.quantity for item in coins) == spot.gold
        assert len(lying) - len(coins) == spot.item_count
    uids = [floor.item.uid for floor in scene.floor]
    assert len(uids) == len(set(uids))


def test_quest_items_and_people_are_placed_and_the_giver_waits_at_the_entrance() -> None:
    generated = level(5, width=48, height=32, difficulty=4)
    for kind in ("escort", "deliver", "collect"):
        chain = generate_quests(5, QuestParams(kind=kind), generated, STORY)
        scene = playable_scene(generated, CONTENT, LOOT, chain)
        for made in chain:
            for placement in made.placements:
                assert any(floor.item.base == placement.item.base for floor in scene.floor)
            for person in made.npcs:
                placed = scene.creatures[person.npc.id]
                assert placed.side is (Side.PARTY if kind == "escort" else Side.NEUTRAL)
                assert placed.dialogue == list(person.npc.dialogue)
            giver = scene.creatures[made.giver.id]
            assert giver.side is Side.NEUTRAL
            assert giver.position is not None
            assert (
                max(
                    abs(giver.position[0] - generated.entrance[0]),
                    abs(giver.position[1] - generated.entrance[1]),
                )
                <= 2
            )


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**31))
def test_the_same_level_stocks_the_same_way(seed: int) -> None:
    generated = level(seed, width=32, height=24)
    first = json.dumps(snapshot(Adventure(playable_scene(generated, CONTENT, LOOT))))
    assert first == json.dumps(snapshot(Adventure(playable_scene(generated, CONTENT, LOOT))))


def test_a_party_at_the_entrance_plays_the_level_through_the_rules() -> None:
    """Generation connected to the game: a created party walks from the entrance to the first
    encounter (its doors opened beforehand, to keep the walk simple) and the AI fights the battle out
    on both sides through the rules."""
    generated = level(21, width=40, height=28, difficulty=2)
    scene = playable_scene(generated, CONTENT, LOOT)
    for point in [point for point in scene.level.points() if scene.level.tile_at(point) in DOORS]:
        scene.level = scene.level.with_tile(point, Tile.DOOR_OPEN)
    rng = Rng(21)
    classes = ("fighter", "cleric", "fighter", "thief")
    party = []
    for number, point in enumerate(free_squares_near(scene, generated.entrance, len(classes))):
        hero = create_character(
            CONTENT,
            rng,
            creature_id=f"pc-{number}",
            name=f"Hero {number}",
            race_id="human",
            class_id=classes[number],
            method=CreationMethod.STANDARD_ARRAY,
        )
        hero.position = point
        scene.creatures[hero.id] = hero
        party.append(hero.id)
    adventure = Adventure(scene, party=party)
    direction_of = {offset: name for name, offset in DIRECTIONS.items()}
    target = generated.encounters[0].points[0]
    events = []
    for _ in range(generated.level.width * generated.level.height):
        if adventure.combat is not None:
            break
        here = scene.creatures["pc-0"].position
        assert here is not None
        route = path(scene.level, here, target, frozenset(), None)
        assert route, "the entrance reaches the first encounter"
        step = direction_of[(route[0][0] - here[0], route[0][1] - here[1])]
        events += apply(adventure, Move("pc-0", (step,)), CONTENT, rng)
    assert adventure.combat is not None, "walking to a placed encounter starts a battle"
    events += advance_ai(adventure, CONTENT, rng, (Side.PARTY, Side.MONSTERS), choose_action)
    types = [event.type for event in events]
    assert "combat.started" in types
    assert "attack.hit" in types or "attack.missed" in types


def test_npcs_of_non_player_races_stand_in_the_rules_without_a_race_table() -> None:
    """An orc quest giver keeps its orc name but has no player race: the rules' stat lookups (which a
    battle starting beside it makes) must not fail on it."""
    generated = level(5, width=48, height=32, difficulty=4)
    chain = generate_quests(1, QuestParams(kind="escort"), generated, STORY)
    assert "orc" in [made.giver.race for made in chain], "the sample needs an orc among the NPCs"
    scene = playable_scene(generated, CONTENT, LOOT, chain)
    for creature in scene.creatures.values():
        assert creature.race is None or creature.race in CONTENT.races
        assert stats.movement(creature, CONTENT) > 0
