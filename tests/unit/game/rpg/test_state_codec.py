"""Saved games: an adventure dumped and loaded is the same adventure, and plays on the same way."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldbox.content.loot_tables import load_loot_tables
from goldbox.content.story_tables import load_story_content
from goldbox.game.rpg.commands import Command
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.rules import Adventure
from goldbox.game.rpg.state_codec import dump_adventure, dump_creature, load_adventure, load_creature
from goldbox.pcg.content_params import QuestParams
from goldbox.pcg.playable import playable_scene
from goldbox.pcg.quests import generate_quests
from tests.unit.game.rpg.combat_world import CONTENT
from tests.unit.game.rpg.test_rules import COMMANDS, _exploring, _in_battle, _play
from tests.unit.pcg.maps import level


def _text(adventure: Adventure) -> str:
    return json.dumps(dump_adventure(adventure))


def _round_trip(adventure: Adventure) -> Adventure:
    """Through JSON text, as the store keeps it."""
    return load_adventure(json.loads(_text(adventure)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.booleans(),
    st.lists(COMMANDS, max_size=10),
    st.lists(COMMANDS, max_size=10),
    st.integers(0, 2**32),
)
def test_a_loaded_adventure_is_the_same_and_plays_on_the_same(
    battle: bool, before: list[Command], after: list[Command], seed: int
) -> None:
    original = _in_battle() if battle else _exploring()
    _play(original, before, seed)
    loaded = _round_trip(original)
    assert _text(loaded) == _text(original)
    assert loaded == original
    one = _play(original, after, seed + 1)
    two = _play(loaded, after, seed + 1)
    assert json.dumps([event.to_json() for event in one]) == json.dumps([event.to_json() for event in two])
    assert _text(loaded) == _text(original)


def test_every_part_of_a_generated_level_survives() -> None:
    generated = level(5, width=48, height=32, difficulty=4)
    chain = generate_quests(5, QuestParams(kind="deliver", chain=2), generated, load_story_content())
    scene = playable_scene(generated, CONTENT, load_loot_tables(), chain)
    scene.explored |= {(1, 1), (2, 1)}
    adventure = Adventure(scene, quests=[made.quest for made in chain], party=[], turn=3)
    some = next(iter(scene.creatures.values()))
    some.effects.append(ActiveEffect("bless", "bless", remaining=4, magnitude=1, caster="x", level=2))
    some.memorised = {2: ["hold_person"], 1: ["sleep", "sleep"]}
    loaded = _round_trip(adventure)
    assert loaded == adventure
    assert list(loaded.scene.creatures) == list(scene.creatures)
    assert list(loaded.scene.creatures[some.id].memorised) == [2, 1]
    assert loaded.scene.uid_counter == scene.uid_counter > 0
    assert loaded.scene.level.cells == scene.level.cells
    assert [quest.objectives for quest in loaded.quests] == [quest.objectives for quest in adventure.quests]


def test_a_creature_alone_round_trips() -> None:
    adventure = _in_battle()
    for creature in adventure.scene.creatures.values():
        assert load_creature(json.loads(json.dumps(dump_creature(creature)))) == creature
