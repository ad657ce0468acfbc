"""The content loader: the shipped files load, broken ones fail with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldbox.content import ContentError, load_content, load_content_from
from goldbox.content.loader import parse_entries, validate_entries
from goldbox.game.rpg.content import ItemDef
from tests.unit.content.data_dir import copy_content, line_number, replace

REQUIRED_ITEMS = [
    "dagger",
    "short_sword",
    "long_sword",
    "two_handed_sword",
    "mace",
    "flail",
    "war_hammer",
    "battle_axe",
    "spear",
    "quarterstaff",
    "short_bow",
    "long_bow",
    "light_crossbow",
    "sling",
    "arrow",
    "bolt",
    "sling_bullet",
    "leather_armour",
    "studded_leather_armour",
    "ring_mail",
    "scale_mail",
    "chain_mail",
    "banded_mail",
    "plate_mail",
    "shield",
    "ring_of_protection",
    "potion_of_healing",
    "potion_of_extra_healing",
    "potion_of_speed",
    "potion_of_invisibility",
    "spell_scroll",
    "wand_of_magic_missiles",
    "wand_of_lightning",
    "torch",
    "rope",
    "iron_key",
]


def test_the_shipped_content_loads_once() -> None:
    content = load_content()
    assert load_content() is content
    assert sorted(content.races) == ["dwarf", "elf", "gnome", "half_elf", "halfling", "human"]
    assert sorted(content.classes) == ["cleric", "fighter", "mage", "paladin", "ranger", "thief"]
    assert set(REQUIRED_ITEMS) <= set(content.items)


def test_items_name_the_spells_the_rules_expect() -> None:
    items = load_content().items
    assert items["potion_of_healing"].spell == "cure_light_wounds"
    assert items["potion_of_extra_healing"].spell == "cure_serious_wounds"
    assert items["potion_of_speed"].spell == "haste"
    assert items["potion_of_invisibility"].spell == "invisibility"
    assert items["wand_of_magic_missiles"].spell == "magic_missile"
    assert items["wand_of_lightning"].spell == "lightning_bolt"


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    copy_content(tmp_path)
    (tmp_path / "spells.yaml").unlink()
    with pytest.raises(ContentError) as broken:
        load_content_from(tmp_path)
    assert "spells.yaml: the file is missing" in str(broken.value)


def test_an_invalid_field_is_reported_at_its_line(tmp_path: Path) -> None:
    copy_content(tmp_path)
    classes = tmp_path / "classes.yaml"
    replace(classes, "  hit_die: 4\n", "  hit_die: 40\n")
    line = line_number(classes, "hit_die: 40")
    with pytest.raises(ContentError) as broken:
        load_content_from(tmp_path)
    assert [str(problem).split(": ")[0] for problem in broken.value.problems] == [f"classes.yaml:{line}"]
    assert "mage.hit_die" in broken.value.problems[0].message


def test_a_list_of_entries_with_ids_reads_like_a_mapping() -> None:
    parsed = parse_entries(
        "items.yaml",
        "- id: stone\n  name: Stone\n  kind: gear\n  weight: 1\n  value: 0\n- id: 7\n  name: Bad\n",
    )
    definitions, problems = validate_entries(parsed, ItemDef)
    assert list(definitions) == ["stone"]
    assert [str(problem) for problem in parsed.problems] == ["items.yaml:6: expected a mapping with an `id`"]
    assert problems == []


def test_a_missing_field_points_at_its_entry() -> None:
    parsed = parse_entries("items.yaml", "stone:\n  name: Stone\n  weight: 1\n  value: 0\n")
    _definitions, problems = validate_entries(parsed, ItemDef)
    assert [str(problem) for problem in problems] == ["items.yaml:1: stone.kind: Field required"]
