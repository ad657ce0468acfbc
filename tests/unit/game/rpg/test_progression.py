"""Experience and levels: XP tables, level-ups with rolled hit points, racial limits, spell slots."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg import stats
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.content import CasterKind, SaveCategory
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.progression import award_xp, level_for_xp, spell_slots, xp_for_level
from tests.unit.game.rpg.sheet_world import CONTENT, bare, new_character


def test_xp_tables_differ_by_class() -> None:
    assert xp_for_level("fighter", 2, CONTENT) == 2000
    assert xp_for_level("thief", 2, CONTENT) == 1250
    assert xp_for_level("mage", 10, CONTENT) == 250000
    assert level_for_xp("cleric", 1499, CONTENT) == 1
    assert level_for_xp("cleric", 1500, CONTENT) == 2
    assert level_for_xp("fighter", 10**9, CONTENT) == 10
    with pytest.raises(RuleError) as out_of_range:
        xp_for_level("fighter", 11, CONTENT)
    assert out_of_range.value.code == "LEVEL_OUT_OF_RANGE"


def test_award_xp_levels_up_and_says_so() -> None:
    hero = new_character("fighter")
    events = award_xp(hero, 4000, CONTENT, Rng(5))
    assert [event.type for event in events] == ["xp.gained", "level.up", "level.up"]
    assert hero.level == 3
    gains = [event.data["hp_gain"] for event in events[1:]]
    assert all(1 <= gain <= 10 for gain in gains)
    assert hero.max_hp == 10 + sum(gains)
    assert stats.thac0(hero, CONTENT) == 18
    assert stats.saving_throw(hero, SaveCategory.PARALYSIS, CONTENT) == 13


def test_the_same_seed_rolls_the_same_hit_points() -> None:
    one, two = new_character("fighter"), new_character("fighter")
    assert award_xp(one, 500000, CONTENT, Rng(9)) == award_xp(two, 500000, CONTENT, Rng(9))
    assert one == two


def test_past_the_hit_dice_levels_a_fixed_amount_is_added() -> None:
    hero = new_character("fighter")
    events = award_xp(hero, 500000, CONTENT, Rng(1))
    assert hero.level == 10
    assert events[-1].data == {"creature": "hero", "level": 10, "hp_gain": 3}


def test_high_prime_requisites_earn_ten_percent_more() -> None:
    strong = bare(abilities=Abilities(str=16))
    weak = bare(abilities=Abilities(str=15))
    assert award_xp(strong, 1000, CONTENT, Rng(1))[0].data["amount"] == 1100
    assert award_xp(weak, 1000, CONTENT, Rng(1))[0].data["amount"] == 1000


def test_racial_level_limits_stop_advancement_but_not_experience() -> None:
    halfling = bare("fighter", race="halfling")
    award_xp(halfling, 500000, CONTENT, Rng(1))
    assert halfling.level == 6
    assert halfling.xp == 500000


def test_monsters_and_negative_awards_are_refused() -> None:
    orc = Creature("o", "Orc", Side.MONSTERS, Abilities(), hp=5, max_hp=5, monster="orc")
    with pytest.raises(RuleError) as monster:
        award_xp(orc, 10, CONTENT, Rng(1))
    assert monster.value.code == "XP_NOT_A_CHARACTER"
    with pytest.raises(RuleError) as negative:
        award_xp(bare(), -1, CONTENT, Rng(1))
    assert negative.value.code == "XP_NEGATIVE"


def test_spell_slots_follow_class_level_and_wisdom() -> None:
    assert spell_slots(bare("fighter", level=10), CONTENT) == {}
    assert spell_slots(bare("mage", level=1), CONTENT) == {1: 1}
    assert spell_slots(bare("mage", level=5), CONTENT) == {1: 4, 2: 2, 3: 1}
    assert spell_slots(bare("cleric", level=1), CONTENT) == {1: 1}
    wise = bare("cleric", level=3, abilities=Abilities(wis=16))
    assert spell_slots(wise, CONTENT) == {1: 2 + 2, 2: 1 + 2}
    assert spell_slots(bare("paladin", level=8), CONTENT) == {}
    assert spell_slots(bare("paladin", level=9), CONTENT) == {1: 1}
    assert spell_slots(bare("ranger", level=8), CONTENT) == {1: 1}


def test_a_cleric_learns_new_prayers_when_a_new_spell_level_opens() -> None:
    cleric = new_character("cleric")
    award_xp(cleric, 3000, CONTENT, Rng(2))
    assert cleric.level == 3
    second = {
        spell.id
        for spell in CONTENT.spells.values()
        if spell.caster is CasterKind.DIVINE and spell.level == 2
    }
    assert second
    assert second <= set(cleric.spellbook)
    assert len(cleric.spellbook) == len(set(cleric.spellbook))


@settings(max_examples=50, deadline=None)
@given(
    class_id=st.sampled_from(sorted(CONTENT.classes)),
    con=st.integers(min_value=3, max_value=18),
    awards=st.lists(st.integers(min_value=0, max_value=200000), min_size=1, max_size=6),
    wounds=st.integers(min_value=0, max_value=9),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_hit_points_never_exceed_the_maximum(
    class_id: str, con: int, awards: list[int], wounds: int, seed: int
) -> None:
    hero = bare(class_id, abilities=Abilities(con=con))
    hero.hp -= wounds
    rng = Rng(seed)
    for amount in awards:
        award_xp(hero, amount, CONTENT, rng)
        assert hero.hp <= hero.max_hp
        assert hero.max_hp - hero.hp == wounds  # wounds stay as they were
        assert 1 <= hero.level <= 10
        assert all(count >= 0 for count in spell_slots(hero, CONTENT).values())


def test_a_mage_learns_one_new_spell_of_a_level_it_can_cast_at_each_level_up() -> None:
    mage = new_character("mage")
    before = list(mage.spellbook)
    events = award_xp(mage, stats_xp("mage", 3), CONTENT, Rng(4))
    learned = [event.data["spell"] for event in events if event.type == "spell.learned"]
    assert mage.level == 3
    assert len(learned) == 2
    assert mage.spellbook == before + learned
    castable = set(spell_slots(mage, CONTENT))
    for spell_id in learned:
        assert CONTENT.spells[spell_id].caster is CasterKind.ARCANE
        assert CONTENT.spells[spell_id].level in castable
    assert len(set(mage.spellbook)) == len(mage.spellbook)


def test_a_fighter_learns_no_spells() -> None:
    fighter = new_character("fighter")
    events = award_xp(fighter, stats_xp("fighter", 4), CONTENT, Rng(4))
    assert "spell.learned" not in [event.type for event in events]
    assert fighter.spellbook == []


def stats_xp(class_id: str, level: int) -> int:
    return xp_for_level(class_id, level, CONTENT)
