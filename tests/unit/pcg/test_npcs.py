"""NPCs: race and class that go together, traits that agree, lines by personality, a loot table."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.content import load_content
from goldbox.content.loot_tables import read_data
from goldbox.content.story_tables import load_story_content, parse_npc_tables
from goldbox.pcg.content_params import NpcParams
from goldbox.pcg.errors import PcgError
from goldbox.pcg.npcs import MAX_LOOT_WEIGHT, Npc, generate_npc, npc_races

STORY = load_story_content()
TABLES = STORY.npcs


def npc_problems(npc: Npc, params: NpcParams) -> list[str]:
    """Everything an NPC must satisfy, as a list of what is wrong."""
    found: list[str] = []
    if npc.character_class not in TABLES.races[npc.race]:
        found.append(f"a {npc.race} cannot be a {npc.character_class}")
    if len(npc.traits) != params.traits or len(set(npc.traits)) != len(npc.traits):
        found.append(f"traits {npc.traits}")
    for trait in npc.traits:
        if set(TABLES.traits[trait].opposes) & set(npc.traits):
            found.append(f"{trait} clashes with another trait")
    if len(npc.dialogue) != params.dialogue_lines or any("{" in line or "}" in line for line in npc.dialogue):
        found.append(f"dialogue {npc.dialogue}")
    if npc.name not in npc.dialogue[0]:
        found.append("the greeting does not give the NPC's name")
    items = [entry.item for entry in npc.loot]
    if not 1 <= len(items) <= params.loot_entries or len(set(items)) != len(items):
        found.append(f"loot {npc.loot}")
    kinds = TABLES.class_loot.get(npc.character_class, TABLES.class_loot["default"])
    for entry in npc.loot:
        template = STORY.items[entry.item]
        if template.level > npc.level or kinds.get(template.kind.value, 0) <= 0:
            found.append(f"{entry.item} does not suit a level {npc.level} {npc.character_class}")
        if not 1 <= entry.weight <= MAX_LOOT_WEIGHT:
            found.append(f"{entry.item} has weight {entry.weight}")
    return found


@settings(max_examples=1000, deadline=None)
@given(
    seed=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    level=st.integers(1, 20),
    traits=st.integers(1, 3),
    lines=st.integers(1, 6),
    loot=st.integers(1, 10),
)
def test_every_npc_holds_together(seed: int, level: int, traits: int, lines: int, loot: int) -> None:
    params = NpcParams(level=level, traits=traits, dialogue_lines=lines, loot_entries=loot)
    assert npc_problems(generate_npc(seed, params, STORY), params) == []


def test_the_checks_catch_a_broken_npc() -> None:
    params = NpcParams()
    npc = generate_npc(1, params, STORY)
    broken = Npc(
        npc.id, npc.name, "halfling", "mage", npc.level, ("brave", "cowardly"), ("Hi {name}",), npc.loot
    )
    problems = npc_problems(broken, params)
    assert any("cannot be a mage" in problem for problem in problems)
    assert any("clashes" in problem for problem in problems)
    assert any("dialogue" in problem for problem in problems)


def test_race_and_class_are_honoured() -> None:
    for seed in range(50):
        npc = generate_npc(seed, NpcParams(race="dwarf", character_class="cleric"), STORY)
        assert (npc.race, npc.character_class) == ("dwarf", "cleric")
        assert generate_npc(seed, NpcParams(race="elf"), STORY).race == "elf"
        paladin = generate_npc(seed, NpcParams(character_class="paladin"), STORY)
        assert paladin.race == "human"


def test_every_race_turns_up() -> None:
    assert {generate_npc(seed, NpcParams(), STORY).race for seed in range(300)} == set(npc_races(STORY))


def test_level_and_class_shape_the_loot() -> None:
    mage = [
        generate_npc(seed, NpcParams(character_class="mage", level=20, loot_entries=6), STORY)
        for seed in range(40)
    ]
    kinds = {STORY.items[entry.item].kind.value for npc in mage for entry in npc.loot}
    assert kinds <= {"weapon", "potion", "scroll", "wand", "ring"}
    assert {"scroll", "wand"} <= kinds
    novice = [generate_npc(seed, NpcParams(level=1, loot_entries=10), STORY) for seed in range(40)]
    assert all(STORY.items[entry.item].level == 1 for npc in novice for entry in npc.loot)


def test_dialogue_follows_personality() -> None:
    for seed in range(40):
        npc = generate_npc(seed, NpcParams(dialogue_lines=4), STORY)
        lead = TABLES.traits[npc.traits[0]]
        greetings = [line.split("{")[0] for line in lead.greeting]
        farewells = [line.split("{")[0] for line in lead.farewell]
        assert any(npc.dialogue[0].startswith(start) for start in greetings)
        assert any(npc.dialogue[-1].startswith(start) for start in farewells)


def test_same_seed_same_npc_and_different_seeds_differ() -> None:
    params = NpcParams(level=7, dialogue_lines=5)
    assert generate_npc(31, params, STORY) == generate_npc(31, params, STORY)
    assert generate_npc(31, params, STORY).to_dict() != generate_npc(32, params, STORY).to_dict()
    assert generate_npc(31, params, STORY, npc_id="innkeeper").id == "innkeeper"


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"race": "troll"}, "no NPC race called 'troll'; choose one of dwarf, elf"),
        (
            {"race": "halfling", "character_class": "mage"},
            "a halfling cannot be a mage; choose one of fighter, thief",
        ),
        ({"character_class": "bard"}, "an NPC cannot be a bard"),
    ],
)
def test_impossible_choices_are_refused(params: dict[str, Any], words: str) -> None:
    with pytest.raises(PcgError, match=words) as refused:
        generate_npc(1, NpcParams(**params), STORY)
    assert refused.value.code == "PCG_BAD_PARAMS"


@pytest.mark.parametrize(
    ("params", "words"),
    [({"level": 0}, "from 1 to 20"), ({"traits": 4}, "from 1 to 3"), ({"race": "Elf!"}, "race must be")],
)
def test_bad_parameters_are_refused(params: dict[str, Any], words: str) -> None:
    with pytest.raises(PcgError, match=words):
        NpcParams(**params)


def test_a_seed_must_be_an_integer() -> None:
    with pytest.raises(PcgError, match="seed must be an integer"):
        generate_npc(1.5, NpcParams(), STORY)  # type: ignore[arg-type]


def test_player_races_take_the_classes_races_yaml_allows() -> None:
    races = load_content().races
    for race, classes in TABLES.races.items():
        if race in races:
            assert set(classes) <= set(races[race].classes), race


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("{name} is my name", "{nickname} is my name"), "has a blank {nickname}"),
        (("opposes: [cowardly]", "opposes: [cowardy]"), "opposes 'cowardy', which is not a trait"),
        (("  default: {weapon: 3", "  usual: {weapon: 3"), "needs a 'default' entry"),
    ],
)
def test_a_broken_npc_table_is_refused(change: tuple[str, str], words: str) -> None:
    text = read_data("npcs.yaml")
    assert change[0] in text
    with pytest.raises(PcgError, match=words) as refused:
        parse_npc_tables(text.replace(change[0], change[1], 1))
    assert refused.value.code == "PCG_BAD_TABLE"
