"""The item generator: count, level, rarity range and kinds are honoured; enchantments fit; seeded."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.content import load_content
from goldbox.content.loot_tables import load_loot_tables, parse_loot_tables, read_data
from goldbox.game.rpg.items import ENCHANTMENTS, RARITIES, ItemInstance
from goldbox.pcg.content_params import ITEM_KINDS, ItemParams
from goldbox.pcg.errors import PcgError
from goldbox.pcg.items import generate_items, item_value, loot_problems
from tests.unit.pcg.samples import ITEM_TEMPLATES, SCROLL_SPELLS

TABLES = load_loot_tables()


def make(seed: int = 1, **params: Any) -> list[ItemInstance]:
    return generate_items(seed, ItemParams(**params), ITEM_TEMPLATES, TABLES, SCROLL_SPELLS)


@pytest.mark.parametrize("count", [1, 7, 250, 1000])
def test_count_is_honoured(count: int) -> None:
    items = make(count=count)
    assert len(items) == count
    assert len({item.uid for item in items}) == count


def test_level_keeps_out_items_found_deeper() -> None:
    items = make(count=1000, level=1)
    deeper = {item_id for item_id, template in ITEM_TEMPLATES.items() if template.level > 1}
    assert not deeper & {item.base for item in items}
    assert deeper <= {item.base for item in make(count=1000, level=20)}


def test_higher_levels_give_rarer_items() -> None:
    def mean_rank(level: int) -> float:
        return sum(RARITIES.index(item.rarity) for item in make(count=1000, level=level)) / 1000

    assert mean_rank(1) < mean_rank(10) < mean_rank(20)


@pytest.mark.parametrize(
    ("low", "high"), [("common", "common"), ("rare", "epic"), ("legendary", "legendary"), ("common", "rare")]
)
def test_rarity_range_is_honoured(low: str, high: str) -> None:
    items = make(count=500, level=10, min_rarity=low, max_rarity=high)
    allowed = RARITIES[RARITIES.index(low) : RARITIES.index(high) + 1]
    assert {item.rarity for item in items} == set(allowed)


@pytest.mark.parametrize(
    "kinds", [("weapon",), ("potion", "wand"), ("scroll",), ("armour", "shield", "ring")]
)
def test_kinds_are_honoured(kinds: tuple[str, ...]) -> None:
    items = make(count=300, level=20, kinds=kinds)
    assert {ITEM_TEMPLATES[item.base].kind.value for item in items} == set(kinds)


def test_rarer_items_carry_more_magic() -> None:
    items = make(count=1000, level=20, kinds=("weapon", "armour"))
    by_rarity: dict[str, list[ItemInstance]] = {rarity: [] for rarity in RARITIES}
    for item in items:
        by_rarity[item.rarity].append(item)
    assert all(item.bonus == 0 and not item.enchantments for item in by_rarity["common"])
    assert all(1 <= item.bonus <= 3 for rarity in RARITIES[1:] for item in by_rarity[rarity])
    assert all(item.bonus == 3 and len(item.enchantments) >= 2 for item in by_rarity["legendary"])

    def mean_bonus(rarity: str) -> float:
        return sum(item.bonus for item in by_rarity[rarity]) / len(by_rarity[rarity])

    assert mean_bonus("uncommon") < mean_bonus("rare") < mean_bonus("epic") <= mean_bonus("legendary")


def test_enchantments_fit_the_kind() -> None:
    weapon_only = {"flaming", "frost", "shocking", "accuracy", "might"}
    protective = {"warding", "fortitude"}
    for item in make(count=1000, level=20, min_rarity="rare"):
        kind = ITEM_TEMPLATES[item.base].kind.value
        assert set(item.enchantments) <= set(ENCHANTMENTS)
        if kind in {"armour", "shield", "ring"}:
            assert set(item.enchantments) <= protective
        elif kind in {"weapon", "ammunition"}:
            assert set(item.enchantments) <= weapon_only
        else:
            assert item.enchantments == []


def test_scrolls_hold_allowed_spells_of_their_rarity() -> None:
    items = make(count=400, level=20, kinds=("scroll",))
    assert {item.spell for item in items} <= set(SCROLL_SPELLS)
    for item in items:
        assert item.spell is not None
        assert SCROLL_SPELLS[item.spell] <= TABLES.rarities[item.rarity].spell_level
    commons = make(count=200, level=1, kinds=("scroll",), max_rarity="common")
    assert {SCROLL_SPELLS[item.spell or ""] for item in commons} == {1}


def test_no_scroll_without_spells() -> None:
    items = generate_items(3, ItemParams(count=500), ITEM_TEMPLATES, TABLES)
    assert "spell_scroll" not in {item.base for item in items}
    with pytest.raises(PcgError, match="no scroll spells") as refused:
        generate_items(3, ItemParams(kinds=("scroll",)), ITEM_TEMPLATES, TABLES)
    assert refused.value.code == "PCG_BAD_PARAMS"


def test_wands_get_charges_that_grow_with_level_and_rarity() -> None:
    shallow = make(count=200, level=6, kinds=("wand",), max_rarity="common")
    deep = make(count=200, level=20, kinds=("wand",), max_rarity="common")
    legendary = make(count=200, level=20, kinds=("wand",), min_rarity="legendary")
    assert all(item.charges is not None and item.charges >= 1 for item in shallow + deep + legendary)
    assert max(item.charges or 0 for item in shallow) < min(item.charges or 0 for item in deep)
    assert max(item.charges or 0 for item in deep) < min(item.charges or 0 for item in legendary)
    assert all(item.charges is None for item in make(count=300, kinds=("weapon", "potion")))


def test_a_wand_never_holds_more_than_its_template_allows() -> None:
    templates = {
        **ITEM_TEMPLATES,
        "wand_of_lightning": ITEM_TEMPLATES["wand_of_lightning"].model_copy(update={"charges": 10}),
    }
    params = ItemParams(count=100, level=20, kinds=("wand",), min_rarity="legendary")
    items = generate_items(1, params, templates, TABLES, SCROLL_SPELLS)
    assert {item.charges for item in items if item.base == "wand_of_lightning"} == {10}
    assert max(item.charges or 0 for item in items if item.base == "wand_of_magic_missiles") > 10
    assert loot_problems(items, params, templates, TABLES) == []
    items[0].charges = 11 if items[0].base == "wand_of_lightning" else 0
    assert loot_problems(items, params, templates, TABLES) != []


def test_the_shipped_catalogue_makes_valid_loot() -> None:
    content = load_content()
    spells = {spell_id: spell.level for spell_id, spell in content.spells.items()}
    params = ItemParams(count=1000, level=20)
    items = generate_items(8, params, content.items, TABLES, spells)
    assert loot_problems(items, params, content.items, TABLES, spells) == []
    assert {content.items[item.base].kind.value for item in items} == set(ITEM_KINDS)
    assert set(ITEM_TEMPLATES) <= set(content.items)


def test_value_grows_with_rarity_and_magic() -> None:
    sword = ITEM_TEMPLATES["long_sword"]
    plain = ItemInstance(uid="a", base="long_sword")
    magic = ItemInstance(uid="b", base="long_sword", rarity="rare", bonus=2, enchantments=["flaming"])
    assert item_value(plain, sword, TABLES) == sword.value
    assert item_value(magic, sword, TABLES) > item_value(plain, sword, TABLES) + 2 * TABLES.bonus_value


def test_same_seed_same_items_and_different_seeds_differ() -> None:
    assert make(11, count=100, level=8) == make(11, count=100, level=8)
    assert make(11, count=100, level=8) != make(12, count=100, level=8)


@settings(max_examples=1000, deadline=None)
@given(
    seed=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    count=st.integers(min_value=1, max_value=40),
    level=st.integers(min_value=1, max_value=20),
    rarities=st.tuples(st.sampled_from(RARITIES), st.sampled_from(RARITIES)).map(
        lambda pair: tuple(sorted(pair, key=RARITIES.index))
    ),
    kinds=st.none()
    | st.sets(st.sampled_from(ITEM_KINDS), min_size=1).map(lambda kinds: tuple(sorted(kinds))),
)
def test_every_batch_is_valid(
    seed: int, count: int, level: int, rarities: tuple[str, str], kinds: tuple[str, ...] | None
) -> None:
    params = ItemParams.model_validate(
        {"count": count, "level": level, "min_rarity": rarities[0], "max_rarity": rarities[1], "kinds": kinds}
    )
    available = any(
        template.level <= level
        for template in ITEM_TEMPLATES.values()
        if template.kind.value in (kinds or ITEM_KINDS)
    )
    if not available:
        with pytest.raises(PcgError, match="no item of kind") as refused:
            generate_items(seed, params, ITEM_TEMPLATES, TABLES, SCROLL_SPELLS)
        assert refused.value.code == "PCG_BAD_PARAMS"
        return
    items = generate_items(seed, params, ITEM_TEMPLATES, TABLES, SCROLL_SPELLS)
    assert loot_problems(items, params, ITEM_TEMPLATES, TABLES, SCROLL_SPELLS) == []


def test_the_validator_catches_a_broken_batch() -> None:
    params = ItemParams(count=2, max_rarity="rare", kinds=("weapon",))
    items = make(count=2, max_rarity="rare", kinds=("weapon",))
    items[0].rarity = "legendary"
    items[1].enchantments = ["warding"]
    problems = loot_problems(items, params, ITEM_TEMPLATES, TABLES, SCROLL_SPELLS)
    assert any("rarity 'legendary'" in problem for problem in problems)
    assert any("do not fit a weapon" in problem for problem in problems)
    assert loot_problems(items[:1], params, ITEM_TEMPLATES, TABLES) != []


@pytest.mark.parametrize(
    ("params", "code", "words"),
    [
        ({"min_rarity": "epic", "max_rarity": "uncommon"}, "PCG_BAD_PARAMS", "rarer than max_rarity"),
        ({"count": 0}, "PCG_PARAM_OUT_OF_RANGE", "from 1 to 1000"),
        ({"count": 1001}, "PCG_PARAM_OUT_OF_RANGE", "from 1 to 1000"),
        ({"level": 0}, "PCG_PARAM_OUT_OF_RANGE", "from 1 to 20"),
        ({"level": 21}, "PCG_PARAM_OUT_OF_RANGE", "from 1 to 20"),
        ({"count": 2.5}, "PCG_BAD_PARAMS", "count"),
        ({"min_rarity": "mythic"}, "PCG_BAD_PARAMS", "common, uncommon, rare, epic, legendary"),
        ({"kinds": ("sword",)}, "PCG_BAD_PARAMS", "unknown item kind 'sword'"),
        ({"kinds": ()}, "PCG_BAD_PARAMS", "non-empty list"),
        ({"colour": "red"}, "PCG_BAD_PARAMS", "unknown parameter"),
    ],
)
def test_bad_parameters_are_refused_clearly(params: dict[str, Any], code: str, words: str) -> None:
    with pytest.raises(PcgError) as refused:
        ItemParams(**params)
    assert refused.value.code == code
    assert words in refused.value.message


@pytest.mark.parametrize("seed", [True, 2.0, "7", None])
def test_a_seed_must_be_an_integer(seed: Any) -> None:
    with pytest.raises(PcgError, match="seed must be an integer"):
        generate_items(seed, ItemParams(), ITEM_TEMPLATES, TABLES, SCROLL_SPELLS)


def test_kinds_not_found_at_the_level_are_refused() -> None:
    with pytest.raises(PcgError, match="no item of kind wand is found at level 1"):
        make(kinds=("wand",), level=1)


def test_a_broken_loot_table_is_refused() -> None:
    text = read_data("loot.yaml").replace("might: {kinds: [weapon]", "vorpal: {kinds: [weapon]")
    with pytest.raises(PcgError, match="unknown enchantment 'vorpal'") as refused:
        parse_loot_tables(text)
    assert refused.value.code == "PCG_BAD_TABLE"
