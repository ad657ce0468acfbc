"""`goldbox content check`: schema errors, references, duplicates and balance, each with file and line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from goldbox.cli import main
from goldbox.content.check import check_content
from goldbox.content.loader import data_directory
from tests.unit.content.data_dir import copy_content, line_number, replace


def run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["content", "check", *arguments])
    return result.exit_code, result.output


def test_the_shipped_content_has_no_errors() -> None:
    report = check_content(data_directory())
    assert report.errors == []
    code, output = run()
    assert code == 0
    assert "0 error(s)" in output


def test_a_schema_error_exits_1_with_file_and_line(tmp_path: Path) -> None:
    copy_content(tmp_path)
    items = tmp_path / "items.yaml"
    replace(items, "  damage: 1d8\n  damage_large: 1d12\n", "  damage: 1q8\n  damage_large: 1d12\n")
    line = line_number(items, "damage: 1q8")
    code, output = run("--data-dir", str(tmp_path))
    assert code == 1
    assert f"items.yaml:{line}: error: long_sword.damage:" in output


def test_broken_yaml_is_reported_at_its_line(tmp_path: Path) -> None:
    copy_content(tmp_path)
    races = tmp_path / "races.yaml"
    replace(races, "  movement: 6\n", "  movement: [6\n")
    code, output = run("--data-dir", str(tmp_path))
    assert code == 1
    assert "races.yaml:" in output
    assert "not valid YAML" in output


def test_references_to_missing_things_are_errors(tmp_path: Path) -> None:
    copy_content(tmp_path)
    races, items, classes = tmp_path / "races.yaml", tmp_path / "items.yaml", tmp_path / "classes.yaml"
    replace(races, "  classes: [fighter, cleric, thief]\n", "  classes: [fighter, cleric, thief, bard]\n")
    replace(items, "  spell: cure_light_wounds\n", "  spell: cure_all_wounds\n")
    replace(items, "  ammunition: bolt\n", "  ammunition: boulder\n")
    replace(classes, "  starting_kit: {quarterstaff: 1,", "  starting_kit: {wizard_hat: 1, quarterstaff: 1,")
    report = check_content(tmp_path)
    found = {str(problem) for problem in report.errors}
    assert f"races.yaml:{line_number(races, 'bard]')}: dwarf: no class called 'bard'" in found
    assert (
        f"items.yaml:{line_number(items, 'cure_all_wounds')}: potion_of_healing: releases the spell "
        "'cure_all_wounds', which does not exist" in found
    )
    assert (
        f"items.yaml:{line_number(items, 'boulder')}: light_crossbow: shoots 'boulder', which does not exist"
        in found
    )
    assert any(
        problem.startswith(f"classes.yaml:{line_number(classes, 'wizard_hat')}: mage:") for problem in found
    )


def test_encounter_tables_may_name_only_real_monsters(tmp_path: Path) -> None:
    copy_content(tmp_path)
    encounters = tmp_path / "encounters.yaml"
    replace(encounters, "{monster: kobold,", "{monster: kobald,")
    code, output = run("--data-dir", str(tmp_path))
    assert code == 1
    assert f"encounters.yaml:{line_number(encounters, 'kobald')}: error: no monster called 'kobald'" in output


def test_duplicate_ids_are_errors(tmp_path: Path) -> None:
    copy_content(tmp_path)
    items = tmp_path / "items.yaml"
    text = items.read_text(encoding="utf-8")
    items.write_text(
        text + "\ndagger:\n  name: Another Dagger\n  kind: gear\n  weight: 1\n  value: 1\n", encoding="utf-8"
    )
    report = check_content(tmp_path)
    duplicate = [str(problem) for problem in report.errors if "written twice" in problem.message]
    assert duplicate == [
        f"items.yaml:{len(text.splitlines()) + 2}: 'dagger' is written twice (first at line {line_number(items, 'dagger:')})"
    ]


def test_balance_problems_are_warnings_and_exit_0(tmp_path: Path) -> None:
    copy_content(tmp_path)
    items, monsters = tmp_path / "items.yaml", tmp_path / "monsters.yaml"
    replace(items, "  damage: 1d4\n  damage_large: 1d3\n", "  damage: 4d10\n  damage_large: 4d10\n")
    kobold_xp = line_number(monsters, "  xp: 7")
    replace(monsters, "  xp: 7\n", "  xp: 5000\n")
    code, output = run("--data-dir", str(tmp_path))
    assert code == 0
    assert f"items.yaml:{line_number(items, 'damage: 4d10')}: warning: dagger: average damage 22.0" in output
    assert f"monsters.yaml:{kobold_xp}: warning: kobold: 5000 XP is out of line" in output
    assert "0 error(s), 2 warning(s)" in output


def test_encounter_hit_dice_must_match_the_monsters(tmp_path: Path) -> None:
    copy_content(tmp_path)
    encounters = tmp_path / "encounters.yaml"
    replace(encounters, "  ogre: 4\n", "  ogre: 3\n")
    code, output = run("--data-dir", str(tmp_path))
    assert code == 1
    line = line_number(encounters, "  ogre: 3")
    assert (
        f"encounters.yaml:{line}: error: hit_dice.ogre: 3 differs from the 4 hit dice in monsters.yaml"
        in output
    )
