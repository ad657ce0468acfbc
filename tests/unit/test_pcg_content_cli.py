"""`goldbox pcg items|npc|quest`: registered on the pcg group, JSON and text, batches, clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from goldbox.cli import main
from goldbox.game.rpg.items import RARITIES


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["pcg", *args])
    return result.exit_code, result.stdout, result.stderr


def test_items_as_json_honour_the_options() -> None:
    args = (
        "items",
        "--seed",
        "3",
        "--items",
        "40",
        "--level",
        "12",
        "--min-rarity",
        "rare",
        "--kind",
        "weapon",
    )
    code, out, _ = _run(*args, "--kind", "ring")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 40
    assert {item["rarity"] for item in items} <= set(RARITIES[2:])
    assert all(item["value"] > 0 for item in items)
    assert out == _run(*args, "--kind", "ring")[1]


def test_items_as_text_list_each_item_and_the_total() -> None:
    code, out, _ = _run("items", "--seed", "3", "--items", "5", "--format", "ascii")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 6
    assert lines[-1].startswith("5 items worth")


def test_a_batch_of_npcs_is_one_per_seed() -> None:
    code, out, err = _run("npc", "--seed", "20", "--count", "3", "--race", "elf", "--lines", "4")
    assert code == 0, err
    npcs = json.loads(out)
    assert [npc["id"] for npc in npcs] == ["npc-20", "npc-21", "npc-22"]
    assert {npc["race"] for npc in npcs} == {"elf"}
    assert all(len(npc["dialogue"]) == 4 for npc in npcs)
    assert "3/3" in err


def test_an_npc_as_text_shows_its_lines_and_loot() -> None:
    code, out, _ = _run("npc", "--seed", "2", "--class", "mage", "--format", "ascii")
    assert code == 0
    assert " mage" in out.splitlines()[0]
    assert "loot table:" in out


def test_a_quest_comes_with_its_level() -> None:
    args = ("quest", "--seed", "6", "--width", "40", "--height", "30", "--rooms", "6", "--chain", "2")
    code, out, _ = _run(*args, "--kind", "retrieve")
    assert code == 0
    made = json.loads(out)
    assert made["level"]["seed"] == 6
    assert [quest["kind"] for quest in made["quests"]] == ["retrieve", "retrieve"]
    assert made["quests"][0]["quest"]["next_quest"] == made["quests"][1]["quest"]["id"]
    code, text, _ = _run(*args, "--kind", "retrieve", "--format", "ascii")
    assert code == 0
    assert text.count("!") >= 2
    assert "reward:" in text


def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    for args, words in [
        (("items", "--min-rarity", "epic", "--max-rarity", "rare"), "rarer than max_rarity"),
        (("items", "--kind", "sword"), "unknown item kind 'sword'"),
        (("items", "--items", "1001"), "from 1 to 1000"),
        (("npc", "--race", "halfling", "--class", "mage"), "a halfling cannot be a mage"),
        (("quest", "--kind", "rescue"), "no quest kind 'rescue'"),
        (("quest", "--difficulty", "-1"), "from 1 to 10"),
    ]:
        code, out, err = _run(*args, "--seed", "1", "--out", str(target))
        assert code == 2, args
        assert words in err, (args, err)
        assert out == ""
        assert not target.exists()
    code, _, err = _run("items", "--seed", "1.5")
    assert code == 2
    assert "not a valid integer" in err
