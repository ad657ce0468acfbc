from __future__ import annotations

import pytest

from goldbox.content.pcg_tables import load_encounter_table, parse_encounter_table
from goldbox.pcg.errors import PcgError
from tests.unit.pcg.maps import MONSTER_IDS


def test_the_shipped_table_covers_every_difficulty_with_known_monsters() -> None:
    table = load_encounter_table()
    for difficulty in range(1, 11):
        assert table.bands_for(difficulty)
    listed = {entry.monster for band in table.bands for entry in band.monsters}
    assert listed <= MONSTER_IDS
    assert set(table.hit_dice) == MONSTER_IDS


def test_a_table_with_a_gap_is_refused() -> None:
    text = """
hit_dice: {orc: 1}
bands:
  - {name: low, min_difficulty: 1, max_difficulty: 4, monsters: [{monster: orc, weight: 1, min_group: 1, max_group: 2}]}
"""
    with pytest.raises(PcgError, match="no encounter band covers difficulty 5") as caught:
        parse_encounter_table(text)
    assert caught.value.code == "PCG_BAD_TABLE"


def test_a_group_range_upside_down_is_refused() -> None:
    text = """
hit_dice: {orc: 1}
bands:
  - {name: all, min_difficulty: 1, max_difficulty: 10, monsters: [{monster: orc, weight: 1, min_group: 3, max_group: 2}]}
"""
    with pytest.raises(PcgError, match="min_group 3 is above max_group 2"):
        parse_encounter_table(text)


def test_broken_yaml_is_refused() -> None:
    with pytest.raises(PcgError, match="not valid YAML"):
        parse_encounter_table("bands: [")
