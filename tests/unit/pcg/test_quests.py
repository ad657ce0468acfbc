"""Quests: every objective points at something that exists on the level and can be reached."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.content.loot_tables import read_data
from goldbox.content.pcg_tables import load_encounter_table
from goldbox.content.story_tables import load_story_content, parse_quest_tables
from goldbox.game.rpg.level import Point
from goldbox.game.rpg.quests import ObjectiveKind
from goldbox.pcg.content_params import QUEST_KINDS, QuestParams
from goldbox.pcg.dungeon import generate_level
from goldbox.pcg.errors import PcgError
from goldbox.pcg.grid import flood, passable_mask
from goldbox.pcg.model import GeneratedLevel
from goldbox.pcg.params import BIOMES, LevelParams
from goldbox.pcg.quests import (
    GeneratedQuest,
    chain_problems,
    check_completable,
    generate_quest,
    generate_quests,
    quest_problems,
)

STORY = load_story_content()
ENCOUNTERS = load_encounter_table()
OBJECTIVE_OF = {
    "kill": ObjectiveKind.KILL,
    "collect": ObjectiveKind.COLLECT,
    "retrieve": ObjectiveKind.COLLECT,
    "discover": ObjectiveKind.REACH,
    "deliver": ObjectiveKind.DELIVER,
    "escort": ObjectiveKind.ESCORT,
}


def level_for(seed: int, **params: Any) -> GeneratedLevel:
    return generate_level(
        LevelParams(seed=seed, **{"width": 40, "height": 40, "rooms": 6, **params}), ENCOUNTERS
    )


LEVEL = level_for(8, difficulty=4)


def reachable_from_entrance(level: GeneratedLevel) -> set[Point]:
    """The squares a party can reach, worked out here rather than by the code under test."""
    width = level.level.width
    x, y = level.entrance
    reached = flood(passable_mask(level.level.cells), width, x + y * width)
    return {(index % width, index // width) for index, value in enumerate(reached) if value}


def assert_points_at_real_things(generated: GeneratedQuest, level: GeneratedLevel) -> None:
    """The issue's rule, checked directly: each target is placed on this level and reachable."""
    reachable = reachable_from_entrance(level)
    (objective,) = generated.quest.objectives
    assert objective.kind is OBJECTIVE_OF[generated.kind]
    assert objective.level == level.depth
    placed_items = {placement.item.base: 0 for placement in generated.placements}
    for placement in generated.placements:
        placed_items[placement.item.base] += placement.item.quantity
        assert placement.point in reachable
        assert level.rooms[placement.room].contains(placement.point)
    for npc in generated.npcs:
        assert npc.point in reachable
    if objective.kind is ObjectiveKind.KILL:
        points = [p for e in level.encounters if e.monster == objective.target for p in e.points]
        assert 1 <= objective.count <= len(points)
        assert set(points) <= reachable
    elif objective.kind is ObjectiveKind.COLLECT:
        assert placed_items.get(objective.target, 0) >= objective.count
    elif objective.kind is ObjectiveKind.REACH:
        assert objective.point in reachable
        assert any(room.contains(objective.point) for room in level.rooms if room.kind != "entrance")
    elif objective.kind is ObjectiveKind.DELIVER:
        assert objective.target in {item.base for item in generated.handed}
        assert objective.to in {npc.npc.id for npc in generated.npcs}
    elif objective.kind is ObjectiveKind.ESCORT:
        assert objective.target in {npc.npc.id for npc in generated.npcs}
        assert objective.point == level.entrance


@settings(max_examples=1000, deadline=None)
@given(
    seed=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    level_seed=st.integers(min_value=0, max_value=2**31),
    size=st.integers(24, 48),
    rooms=st.integers(2, 8),
    biome=st.sampled_from(BIOMES),
    difficulty=st.integers(1, 10),
    chain=st.integers(1, 3),
    kind=st.none() | st.sampled_from(QUEST_KINDS),
)
def test_every_quest_is_completable(
    seed: int,
    level_seed: int,
    size: int,
    rooms: int,
    biome: str,
    difficulty: int,
    chain: int,
    kind: str | None,
) -> None:
    level = level_for(level_seed, width=size, height=size, rooms=rooms, biome=biome, difficulty=difficulty)
    if kind == "kill" and not level.encounters:
        with pytest.raises(PcgError, match="no monsters"):
            generate_quests(seed, QuestParams.model_validate({"kind": kind}), level, STORY)
        return
    quests = generate_quests(seed, QuestParams.model_validate({"chain": chain, "kind": kind}), level, STORY)
    assert len(quests) == chain
    assert chain_problems(quests, level) == []
    for generated in quests:
        assert check_completable(generated, level)
        assert_points_at_real_things(generated, level)


@pytest.mark.parametrize("kind", QUEST_KINDS)
def test_each_kind_is_honoured(kind: str) -> None:
    for seed in range(20):
        generated = generate_quest(seed, QuestParams.model_validate({"kind": kind}), LEVEL, STORY)
        assert generated.kind == kind
        assert_points_at_real_things(generated, LEVEL)
        assert generated.quest.title
        assert "{" not in generated.quest.title + generated.quest.description


def test_every_kind_turns_up_when_none_is_asked() -> None:
    assert {generate_quest(seed, QuestParams(), LEVEL, STORY).kind for seed in range(120)} == set(QUEST_KINDS)


def test_a_level_without_monsters_gets_no_kill_quest() -> None:
    quiet = dataclasses.replace(LEVEL, encounters=())
    assert "kill" not in {generate_quest(seed, QuestParams(), quiet, STORY).kind for seed in range(120)}
    with pytest.raises(PcgError, match="no monsters") as refused:
        generate_quest(1, QuestParams(kind="kill"), quiet, STORY)
    assert refused.value.code == "PCG_BAD_PARAMS"


def test_chains_link_each_quest_to_the_next() -> None:
    chain = generate_quests(5, QuestParams(chain=4), LEVEL, STORY)
    assert [generated.quest.next_quest for generated in chain] == [
        "quest-5-2",
        "quest-5-3",
        "quest-5-4",
        None,
    ]
    assert len({generated.quest.giver for generated in chain}) == 1
    placed = [p.point for generated in chain for p in generated.placements] + [
        n.point for generated in chain for n in generated.npcs
    ]
    assert len(placed) == len(set(placed))


def test_rewards_grow_with_difficulty_and_along_a_chain() -> None:
    def reward(difficulty: int, chain: int = 1) -> list[tuple[int, int]]:
        params = QuestParams(kind="discover", difficulty=difficulty, chain=chain)
        return [(g.quest.reward.xp, g.quest.reward.gold) for g in generate_quests(9, params, LEVEL, STORY)]

    assert reward(1)[0] < reward(5)[0] < reward(10)[0]
    along = reward(5, chain=3)
    assert along[0] < along[1] < along[2]
    rarities = {
        item.rarity
        for seed in range(30)
        for item in generate_quest(seed, QuestParams(difficulty=10), LEVEL, STORY).quest.reward.items
    }
    assert rarities == {"legendary"}


def test_the_checks_catch_what_cannot_be_done() -> None:
    kill = generate_quest(3, QuestParams(kind="kill"), LEVEL, STORY)
    kill.quest.objectives[0].count = 999
    assert not check_completable(kill, LEVEL)
    assert any("are placed" in problem for problem in quest_problems(kill, LEVEL))

    retrieve = generate_quest(3, QuestParams(kind="retrieve"), LEVEL, STORY)
    buried = dataclasses.replace(retrieve.placements[0], point=(0, 0))
    walled_in = dataclasses.replace(retrieve, placements=(buried,))
    assert any("cannot be reached" in problem for problem in quest_problems(walled_in, LEVEL))
    assert any(
        "0 are placed" in p for p in quest_problems(dataclasses.replace(retrieve, placements=()), LEVEL)
    )

    discover = generate_quest(3, QuestParams(kind="discover"), LEVEL, STORY)
    discover.quest.objectives[0].point = (0, 0)
    assert not check_completable(discover, LEVEL)

    escort = generate_quest(3, QuestParams(kind="escort"), LEVEL, STORY)
    assert any(
        "is not on the level" in p for p in quest_problems(dataclasses.replace(escort, npcs=()), LEVEL)
    )
    deliver = generate_quest(3, QuestParams(kind="deliver"), LEVEL, STORY)
    assert any("handed over" in p for p in quest_problems(dataclasses.replace(deliver, handed=()), LEVEL))


def test_same_seed_same_quests_and_different_seeds_differ() -> None:
    def made(seed: int) -> str:
        return json.dumps([g.to_dict() for g in generate_quests(seed, QuestParams(chain=3), LEVEL, STORY)])

    assert made(21) == made(21)
    assert made(21) != made(22)


def test_two_processes_make_the_same_quests() -> None:
    """The chain (with its NPCs, names and items) is the same in a fresh interpreter."""
    script = (
        "import json\n"
        "from tests.unit.pcg.test_quests import LEVEL, STORY\n"
        "from goldbox.pcg.content_params import QuestParams\n"
        "from goldbox.pcg.quests import generate_quests\n"
        "print(json.dumps([g.to_dict() for g in generate_quests(424242, QuestParams(chain=3), LEVEL, STORY)]))\n"
    )
    here = json.dumps([g.to_dict() for g in generate_quests(424242, QuestParams(chain=3), LEVEL, STORY)])
    for hash_seed in ("1", "2"):  # different string hashing: set or dict order must not leak into the output
        there = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        assert there.stdout.strip() == here


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"difficulty": 0}, "from 1 to 10"),
        ({"difficulty": 11}, "from 1 to 10"),
        ({"chain": 7}, "from 1 to 6"),
        ({"kind": "rescue"}, "no quest kind 'rescue'; choose one of kill, collect, retrieve"),
    ],
)
def test_bad_parameters_are_refused(params: dict[str, Any], words: str) -> None:
    with pytest.raises(PcgError, match=words):
        QuestParams(**params)


def test_a_seed_must_be_an_integer() -> None:
    with pytest.raises(PcgError, match="seed must be an integer"):
        generate_quests(True, QuestParams(), LEVEL, STORY)


def test_a_broken_quest_table_is_refused() -> None:
    text = read_data("quests.yaml").replace("  escort:\n    titles:", "  rescue:\n    titles:")
    with pytest.raises(PcgError, match="kinds is missing escort") as refused:
        parse_quest_tables(text)
    assert refused.value.code == "PCG_BAD_TABLE"
