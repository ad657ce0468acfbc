"""`goldbox content check`: every content file against its schema, every reference, and balance.

Errors make the content unusable (a field of the wrong type, a class that does not exist, a potion
naming no spell); warnings are for a game designer to look at (a weapon far stronger than others of
its weight, a monster whose experience is out of line with its hit dice). Each finding names its
file and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from statistics import median
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from goldbox.content.loader import (
    SCHEMAS,
    Entry,
    Problem,
    line_at,
    line_of,
    read_file,
    read_yaml,
    validate_entries,
)
from goldbox.game.dice import Dice
from goldbox.game.rpg.content import (
    ClassDef,
    ItemDef,
    ItemKind,
    MonsterDef,
    RaceDef,
    SaveCategory,
    SpellDef,
)

ENCOUNTERS_FILE = "encounters.yaml"
LEVELS = 10
SPELL_LEVELS = 4
ARMOUR_CATEGORIES = frozenset({"light", "medium", "heavy", "shield"})
SLOTS = frozenset({"weapon", "offhand", "body", "ring", "ammunition"})
RELEASING_KINDS = (ItemKind.POTION, ItemKind.WAND)  # scrolls carry their spell on the item
WEAPON_STRENGTH_RATIO = 2.0  # a weapon this many times its weight class's median damage is flagged
MONSTER_XP_RANGE = (1 / 3, 4.0)  # experience this far from the hit-dice guide is flagged
LIGHT_WEAPON_POUNDS, MEDIUM_WEAPON_POUNDS = 5.0, 10.0  # weight classes of melee weapons
SPECIAL_XP_PER_HIT_DIE = 25  # the guide's extra experience per special ability, per hit die
# AD&D's experience guide: hit dice -> (base XP, XP per hit point)
_XP_GUIDE = {0: (5, 1), 1: (10, 1), 2: (20, 2), 3: (35, 3), 4: (60, 4), 5: (90, 5), 6: (150, 6), 7: (225, 8),
             8: (375, 10), 9: (600, 12), 10: (900, 14)}  # fmt: skip


@dataclass(slots=True)
class Report:
    """What `content check` found: errors (exit 1) and warnings (exit 0)."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def lines(self) -> Iterator[str]:
        for problem in sorted(self.errors, key=_order):
            yield _labelled(problem, "error")
        for problem in sorted(self.warnings, key=_order):
            yield _labelled(problem, "warning")


def _order(problem: Problem) -> tuple[str, int]:
    return (problem.file, problem.line or 0)


def _labelled(problem: Problem, label: str) -> str:
    where = f"{problem.file}:{problem.line}" if problem.line is not None else problem.file
    return f"{where}: {label}: {problem.message}"


@dataclass(slots=True)
class _Catalogue:
    """The valid definitions of each file, with their raw entries for line numbers."""

    definitions: dict[str, dict[str, Any]] = field(default_factory=dict)
    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)

    def of(self, stem: str) -> dict[str, Any]:
        return self.definitions.get(stem, {})

    def line(self, stem: str, entry_id: str, *path: int | str) -> int | None:
        entry = self.entries.get(stem, {}).get(entry_id)
        return None if entry is None else line_at(entry, path)


def check_content(directory: Traversable) -> Report:
    """Check a data directory: schema, duplicates, references and balance."""
    report = Report()
    catalogue = _Catalogue()
    for stem, schema in SCHEMAS.items():
        parsed = read_file(directory, stem)
        definitions, invalid = validate_entries(parsed, schema)
        report.errors += parsed.problems + invalid
        catalogue.definitions[stem] = definitions
        catalogue.entries[stem] = {entry.id: entry for entry in reversed(parsed.entries)}
    _check_races(catalogue, report)
    _check_classes(catalogue, report)
    _check_items(catalogue, report)
    _check_monsters(catalogue, report)
    _check_encounters(directory, catalogue, report)
    _weapon_balance(catalogue, report)
    _monster_balance(catalogue, report)
    return report


# ---------------------------------------------------------------------------------------- references
def _check_races(catalogue: _Catalogue, report: Report) -> None:
    classes = catalogue.of("classes")
    race: RaceDef
    for race in catalogue.of("races").values():
        for index, class_id in enumerate(race.classes):
            if class_id not in classes:
                line = catalogue.line("races", race.id, "classes", index)
                report.errors.append(Problem("races.yaml", line, f"{race.id}: no class called {class_id!r}"))
        for class_id in race.level_limits:
            line = catalogue.line("races", race.id, "level_limits", class_id)
            if class_id not in classes:
                report.errors.append(
                    Problem("races.yaml", line, f"{race.id}.level_limits: no class called {class_id!r}")
                )
            elif class_id not in race.classes:
                report.warnings.append(
                    Problem(
                        "races.yaml", line, f"{race.id}: a level limit for {class_id}, which it cannot be"
                    )
                )


def _check_classes(catalogue: _Catalogue, report: Report) -> None:
    items, spells = catalogue.of("items"), catalogue.of("spells")
    class_def: ClassDef
    for class_def in catalogue.of("classes").values():

        def error(message: str, *path: int | str, class_id: str = class_def.id) -> None:
            line = catalogue.line("classes", class_id, *path)
            report.errors.append(Problem("classes.yaml", line, f"{class_id}: {message}"))

        for category in SaveCategory:
            row = class_def.saves.get(category)
            if row is None:
                error(f"no {category.value} saving throws", "saves")
            elif len(row) != LEVELS:
                error(f"{category.value} saves need {LEVELS} levels, not {len(row)}", "saves", category.value)
        if any(
            later < earlier
            for earlier, later in zip(class_def.xp_table, class_def.xp_table[1:], strict=False)
        ):
            error("the XP table must never go down", "xp_table")
        if class_def.xp_table[0] != 0:
            error("level 1 needs 0 XP", "xp_table", 0)
        for index, armour in enumerate(class_def.armour):
            if armour not in ARMOUR_CATEGORIES:
                error(f"unknown armour category {armour!r}", "armour", index)
        for level, slots in class_def.spell_slots.items():
            if not 1 <= level <= LEVELS or len(slots) != SPELL_LEVELS or min(slots, default=0) < 0:
                error(
                    f"spell slots at level {level} need {SPELL_LEVELS} counts of 0 or more",
                    "spell_slots",
                    level,
                )
        if class_def.spell_slots and class_def.caster is None:
            error("has spell slots but is no caster", "spell_slots")
        for item_id in class_def.starting_kit:
            if item_id not in items:
                error(f"starting kit names no item {item_id!r}", "starting_kit", item_id)
        for index, spell_id in enumerate(class_def.starting_spells):
            spell: SpellDef | None = spells.get(spell_id)
            if spell is None:
                error(f"starting spell {spell_id!r} does not exist", "starting_spells", index)
            elif spell.caster is not class_def.caster:
                error(
                    f"starting spell {spell_id!r} is not a {class_def.caster} spell", "starting_spells", index
                )


def _check_items(catalogue: _Catalogue, report: Report) -> None:
    spells, items = catalogue.of("spells"), catalogue.of("items")
    weapon_categories = {
        category for class_def in catalogue.of("classes").values() for category in class_def.weapons
    }
    item: ItemDef
    for item in items.values():

        def error(message: str, *path: int | str, item_id: str = item.id) -> None:
            report.errors.append(
                Problem("items.yaml", catalogue.line("items", item_id, *path), f"{item_id}: {message}")
            )

        if item.slot is not None and item.slot not in SLOTS:
            error(f"unknown slot {item.slot!r}", "slot")
        if item.spell is not None and item.spell not in spells:
            error(f"releases the spell {item.spell!r}, which does not exist", "spell")
        if item.kind in RELEASING_KINDS and item.spell is None:
            error(f"a {item.kind.value} must name the spell it releases", "kind")
        if item.kind is ItemKind.WEAPON:
            if item.damage is None:
                error("a weapon needs damage", "kind")
            if item.category not in weapon_categories:
                report.warnings.append(
                    Problem("items.yaml", catalogue.line("items", item.id, "category"),
                            f"{item.id}: no class may use {item.category!r} weapons")
                )  # fmt: skip
            if item.ranged and item.ammunition is not None:
                ammunition: ItemDef | None = items.get(item.ammunition)
                if ammunition is None:
                    error(f"shoots {item.ammunition!r}, which does not exist", "ammunition")
                elif ammunition.kind is not ItemKind.AMMUNITION:
                    error(f"shoots {item.ammunition!r}, which is not ammunition", "ammunition")
        if item.kind is ItemKind.ARMOUR and item.ac is None:
            error("armour needs an ac", "kind")


def _check_monsters(catalogue: _Catalogue, report: Report) -> None:
    spells = catalogue.of("spells")
    monster: MonsterDef
    for monster in catalogue.of("monsters").values():
        for index, ability in enumerate(monster.abilities):
            for spell_index, spell_id in enumerate(ability.spells):
                if spell_id not in spells:
                    line = catalogue.line("monsters", monster.id, "abilities", index, "spells", spell_index)
                    report.errors.append(
                        Problem(
                            "monsters.yaml", line, f"{monster.id}: casts {spell_id!r}, which does not exist"
                        )
                    )


def monster_references(node: Node) -> Iterator[tuple[str, int]]:
    """(monster id, line) for every monster an encounter table names: `monster:` values, and the
    entries of `monsters:` and `hit_dice:` (lists of ids, or mappings keyed by id)."""
    if isinstance(node, SequenceNode):
        for item in node.value:
            yield from monster_references(item)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            name = str(key.value)
            if name == "monster" and isinstance(value, ScalarNode):
                yield str(value.value), line_of(value)
            elif name in ("monsters", "hit_dice") and isinstance(value, MappingNode):
                yield from ((str(inner.value), line_of(inner)) for inner, _ in value.value)
            elif name == "monsters" and isinstance(value, SequenceNode):
                for item in value.value:
                    if isinstance(item, ScalarNode):
                        yield str(item.value), line_of(item)
                    else:
                        yield from monster_references(item)
            else:
                yield from monster_references(value)


def _check_encounters(directory: Traversable, catalogue: _Catalogue, report: Report) -> None:
    path = directory.joinpath(ENCOUNTERS_FILE)
    if not path.is_file():
        return
    _data, root, problems = read_yaml(ENCOUNTERS_FILE, path.read_text(encoding="utf-8"))
    report.errors += problems
    if root is None:
        return
    monsters = catalogue.of("monsters")
    for monster_id, line in monster_references(root):
        if monster_id not in monsters:
            report.errors.append(Problem(ENCOUNTERS_FILE, line, f"no monster called {monster_id!r}"))
    for monster_id, hit_dice, line in encounter_hit_dice(root):
        monster = monsters.get(monster_id)
        if monster is not None and hit_dice != monster.hit_dice:
            report.errors.append(
                Problem(
                    ENCOUNTERS_FILE,
                    line,
                    f"hit_dice.{monster_id}: {hit_dice:g} differs from the {monster.hit_dice:g} hit dice "
                    "in monsters.yaml",
                )
            )


def encounter_hit_dice(root: Node) -> Iterator[tuple[str, float, int]]:
    """(monster id, hit dice, line) for each entry of the encounter table's top-level `hit_dice:`
    mapping whose value is a number (anything else is left to the loader to refuse)."""
    if not isinstance(root, MappingNode):
        return
    for key, value in root.value:
        if str(key.value) != "hit_dice" or not isinstance(value, MappingNode):
            continue
        for monster, dice in value.value:
            if not isinstance(dice, ScalarNode):
                continue
            try:
                number = float(dice.value)
            except ValueError:
                continue
            yield str(monster.value), number, line_of(dice)


# ------------------------------------------------------------------------------------------- balance
def _average(expression: str | None) -> float:
    return Dice.parse(expression).average if expression is not None else 0.0


def _weight_class(item: ItemDef) -> str:
    if item.ranged:
        return "ranged"
    if item.weight <= LIGHT_WEAPON_POUNDS:
        return "light"
    return "medium" if item.weight <= MEDIUM_WEAPON_POUNDS else "heavy"


def _weapon_balance(catalogue: _Catalogue, report: Report) -> None:
    """Flag a weapon whose damage is far above the median of the other weapons of its weight class."""
    groups: dict[str, list[ItemDef]] = {}
    for item in catalogue.of("items").values():
        if item.kind is ItemKind.WEAPON and item.damage is not None:
            groups.setdefault(_weight_class(item), []).append(item)
    for weight_class, weapons in sorted(groups.items()):
        if len(weapons) < 2:
            continue
        averages = {weapon.id: (_average(weapon.damage) + _average(weapon.damage_large or weapon.damage)) / 2
                    for weapon in weapons}  # fmt: skip
        for weapon in weapons:
            typical = median(average for other, average in averages.items() if other != weapon.id)
            if averages[weapon.id] > WEAPON_STRENGTH_RATIO * typical:
                report.warnings.append(
                    Problem(
                        "items.yaml",
                        catalogue.line("items", weapon.id, "damage"),
                        f"{weapon.id}: average damage {averages[weapon.id]:.1f} is over "
                        f"{WEAPON_STRENGTH_RATIO:g}x the {typical:.1f} typical of {weight_class} weapons",
                    )
                )


def expected_monster_xp(monster: MonsterDef) -> float:
    """The experience AD&D's guide gives a monster of these hit dice and average hit points, plus a
    bonus for each special ability (an effect laid by an attack, breath, regeneration, spells...)."""
    dice = min(int(monster.hit_dice), max(_XP_GUIDE))
    base, per_hit_point = _XP_GUIDE[dice]
    hit_points = max(1.0, monster.hit_dice * 4.5 + monster.hp_bonus)
    specials = len(monster.abilities) + sum(1 for attack in monster.attacks if attack.effect is not None)
    return base + per_hit_point * hit_points + specials * SPECIAL_XP_PER_HIT_DIE * max(1.0, monster.hit_dice)


def _monster_balance(catalogue: _Catalogue, report: Report) -> None:
    """Flag a monster whose experience is out of line with its hit dice."""
    low, high = MONSTER_XP_RANGE
    for monster in catalogue.of("monsters").values():
        expected = expected_monster_xp(monster)
        if not low * expected <= monster.xp <= high * expected:
            report.warnings.append(
                Problem(
                    "monsters.yaml",
                    catalogue.line("monsters", monster.id, "xp"),
                    f"{monster.id}: {monster.xp} XP is out of line with {monster.hit_dice:g} hit dice "
                    f"(about {expected:.0f} expected)",
                )
            )
