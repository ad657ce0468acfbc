"""docs/RULES.md must not drift from the content it explains.

The player's guide lists every spell and monster and quotes the XP tables and monster statistics. These
tests read the shipped content through the real loader and fail when a spell or monster is added without
being documented, or when a number in the data changes and the guide still shows the old one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from goldbox.content.loader import load_content
from goldbox.game.rpg.content import Content, MonsterDef, SpellDef

RULES = Path(__file__).resolve().parents[3] / "docs" / "RULES.md"
XP_HEADING = "### Experience needed for each level"
SPELL_HEADINGS = ("### Mage spells", "### Cleric spells")
MONSTER_HEADING = "### Monster table"


@cache
def rules_text() -> str:
    return RULES.read_text(encoding="utf-8")


def content() -> Content:
    return load_content()


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_row(text: str, first_cell: str) -> list[str]:
    """The cells of the one table row in `text` whose first cell is `first_cell`."""
    rows = [line for line in text.splitlines() if line.startswith("|") and cells(line)[0] == first_cell]
    assert len(rows) == 1, f"expected one row starting {first_cell!r}, found {len(rows)}"
    return cells(rows[0])


def spell_tables() -> str:
    return "".join(section(heading) for heading in SPELL_HEADINGS)


def section(heading: str) -> str:
    """The text under a heading, up to the next heading of any level."""
    text = rules_text()
    start = text.index(heading) + len(heading)
    following = re.search(r"^#{1,6} ", text[start:], flags=re.MULTILINE)
    return text[start : start + following.start()] if following else text[start:]


def test_every_spell_id_is_documented() -> None:
    missing = sorted(spell_id for spell_id in content().spells if f"`{spell_id}`" not in rules_text())
    assert missing == [], f"spells missing from docs/RULES.md: {missing}"


def test_every_monster_id_is_documented() -> None:
    missing = sorted(monster_id for monster_id in content().monsters if f"`{monster_id}`" not in rules_text())
    assert missing == [], f"monsters missing from docs/RULES.md: {missing}"


def test_no_documented_spell_or_monster_is_unknown() -> None:
    """Rows of the spell and monster tables name only ids the content has (nothing stale left behind)."""
    row_id = re.compile(r"^\| `([a-z0-9_]+)` \|", flags=re.MULTILINE)
    spells = row_id.findall(spell_tables())
    monsters = row_id.findall(section(MONSTER_HEADING))
    assert sorted(spells) == sorted(content().spells)
    assert sorted(monsters) == sorted(content().monsters)


@pytest.mark.parametrize("class_id", sorted(load_content().classes))
def test_xp_table_matches_classes_yaml(class_id: str) -> None:
    class_def = content().classes[class_id]
    row = table_row(section(XP_HEADING), class_def.name)
    assert [int(cell.replace(",", "")) for cell in row[1:]] == class_def.xp_table


@pytest.mark.parametrize("monster_id", sorted(load_content().monsters))
def test_monster_row_matches_monsters_yaml(monster_id: str) -> None:
    monster: MonsterDef = content().monsters[monster_id]
    row = table_row(section(MONSTER_HEADING), f"`{monster_id}`")
    _id, name, hit_dice, _hp, ac, thac0, move, size, _attacks, _specials, morale, xp, role = row
    whole = "½" if monster.hit_dice == 0.5 else f"{monster.hit_dice:g}"
    bonus = f"{monster.hp_bonus:+d}" if monster.hp_bonus else ""
    assert (name, hit_dice, ac, thac0, move, size, morale, xp, role) == (
        monster.name,
        whole + bonus,
        str(monster.ac),
        str(monster.thac0),
        str(monster.movement),
        monster.size.value,
        str(monster.morale),
        str(monster.xp),
        monster.role,
    )


def _range(spell: SpellDef) -> str:
    return {0: "self", 1: "touch"}.get(spell.range, str(spell.range))


def _area(spell: SpellDef) -> str:
    return "—" if spell.area is None else f"{spell.area.shape.value} {spell.area.size}"


def _save(spell: SpellDef) -> str:
    return "none" if spell.save.value == "none" else f"{spell.save.value} ({spell.save_category.value})"


@pytest.mark.parametrize("spell_id", sorted(load_content().spells))
def test_spell_row_matches_spells_yaml(spell_id: str) -> None:
    spell = content().spells[spell_id]
    row = table_row(spell_tables(), f"`{spell_id}`")
    _id, name, level, reach, area, save, _duration, description = row
    assert (name, level, reach, area, save) == (
        spell.name,
        str(spell.level),
        _range(spell),
        _area(spell),
        _save(spell),
    )
    assert description == " ".join(spell.description.split())


def test_spells_are_listed_under_their_caster() -> None:
    mage = section("### Mage spells")
    cleric = section("### Cleric spells")
    for spell in content().spells.values():
        listed_in = mage if spell.caster.value == "arcane" else cleric
        assert f"| `{spell.id}` |" in listed_in, f"{spell.id} is not in its caster's table"
