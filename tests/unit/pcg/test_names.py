"""Markov-chain names: trained on the shipped lists, seeded, new rather than copied, within bounds."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.content.story_tables import load_name_lists, parse_name_list
from goldbox.pcg.content_params import NameParams
from goldbox.pcg.errors import PcgError
from goldbox.pcg.names import draw_name, generate_name, generate_names, train_name_model, train_name_models
from goldbox.pcg.seeds import sub_rng

RACES = ("human", "elf", "dwarf", "halfling", "gnome", "half_elf", "orc")
LISTS = load_name_lists()
MODELS = train_name_models(LISTS)


def test_every_race_ships_a_few_hundred_distinct_names() -> None:
    assert set(RACES) <= set(LISTS)
    for race in RACES:
        names = LISTS[race]
        assert len(names) >= 200, race
        assert len({name.lower() for name in names}) == len(names), f"{race} repeats a name"
        assert all(name.isalpha() and name[0].isupper() for name in names), race


def test_the_list_format_skips_comments_and_blanks() -> None:
    assert parse_name_list("# a comment\n\nAldric\n  Brenna  \n") == ("Aldric", "Brenna")


def test_training_counts_what_follows_each_context() -> None:
    model = train_name_model("test", ["Anna", "Anne"], order=2)
    letters, cumulative = model.follows["^^"]
    assert (letters, cumulative) == ("a", (2,))
    letters, cumulative = model.follows["nn"]
    assert (letters, cumulative) == ("ae", (1, 2))
    assert model.known == frozenset({"anna", "anne"})


@pytest.mark.parametrize("race", RACES)
def test_names_are_mostly_new(race: str) -> None:
    names = generate_names(1234, MODELS[race], 300)
    novel = [name for name in names if name.lower() not in MODELS[race].known]
    assert len(novel) >= 290, f"only {len(novel)} of 300 {race} names are new"
    assert len(set(names)) >= 200


def test_races_sound_different() -> None:
    """Each race's names share more letter pairs with its own list than with the orcs' (or the elves')."""

    def pairs(words: list[str] | tuple[str, ...]) -> set[str]:
        return {word.lower()[i : i + 2] for word in words for i in range(len(word) - 1)}

    elf = pairs(generate_names(5, MODELS["elf"], 200))
    orc = pairs(generate_names(5, MODELS["orc"], 200))
    assert len(elf & pairs(LISTS["elf"])) / len(elf) > len(elf & pairs(LISTS["orc"])) / len(elf)
    assert len(orc & pairs(LISTS["orc"])) / len(orc) > len(orc & pairs(LISTS["elf"])) / len(orc)


def test_same_seed_same_names_and_different_seeds_differ() -> None:
    model = MODELS["dwarf"]
    assert generate_names(77, model, 50) == generate_names(77, model, 50)
    assert generate_names(77, model, 50) != generate_names(78, model, 50)
    assert generate_name(77, model) == generate_names(77, model, 1)[0]


@settings(max_examples=1000, deadline=None)
@given(
    seed=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    race=st.sampled_from(RACES),
    # Any window but exactly three letters, which some races' chains almost never make.
    bounds=st.tuples(st.integers(3, 10), st.integers(0, 5)).map(
        lambda pair: (pair[0], pair[0] + max(pair[1], 1 if pair[0] == 3 else 0))
    ),
)
def test_every_name_is_within_its_bounds(seed: int, race: str, bounds: tuple[int, int]) -> None:
    params = NameParams(min_length=bounds[0], max_length=bounds[1])
    name = generate_name(seed, MODELS[race], params)
    assert bounds[0] <= len(name) <= bounds[1]
    assert name.isalpha()
    assert name[0].isupper()
    assert name[1:].islower()


def test_a_list_too_small_to_vary_gives_back_its_name() -> None:
    model = train_name_model("lonely", ["Bob"])
    assert draw_name(sub_rng(1, "t"), model) == "Bob"


def test_bounds_no_walk_can_meet_are_reported() -> None:
    model = train_name_model("short", ["Al", "Bo", "Cy"])
    with pytest.raises(PcgError, match="widen the length bounds") as failed:
        generate_name(1, model, NameParams(min_length=8, max_length=12))
    assert failed.value.code == "PCG_GENERATION_FAILED"


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"min_length": 9, "max_length": 4}, "min_length 9 is above max_length 4"),
        ({"min_length": 1}, "from 2 to 16"),
        ({"max_length": 40}, "from 3 to 24"),
    ],
)
def test_bad_bounds_are_refused(params: dict[str, Any], words: str) -> None:
    with pytest.raises(PcgError, match=words):
        NameParams(**params)


def test_bad_training_input_is_refused() -> None:
    with pytest.raises(PcgError, match="order must be from 2 to 4"):
        train_name_model("x", ["Anna"], order=5)
    with pytest.raises(PcgError, match="is empty") as empty:
        train_name_model("x", ["", "  "])
    assert empty.value.code == "PCG_BAD_TABLE"
    with pytest.raises(PcgError, match="count must be from 1 to 1000"):
        generate_names(1, MODELS["elf"], 0)
    with pytest.raises(PcgError, match="seed must be an integer"):
        generate_name("7", MODELS["elf"])  # type: ignore[arg-type]
