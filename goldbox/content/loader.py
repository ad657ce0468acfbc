"""Read the game's content (races, classes, items, spells, monsters) from YAML into a `Content`.

Each file maps ids to entries (`orc: {name: Orc, ...}`); a list of entries that carry their own `id`
is read too. Every entry is validated on its own against its schema, so one mistake does not hide the
next, and every problem is reported with its file and line, found from the YAML node marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, SequenceNode

from goldbox.game.rpg.content import ClassDef, Content, ItemDef, MonsterDef, RaceDef, SpellDef

# file stem -> the schema of its entries, in the order they are read
SCHEMAS: dict[str, type[BaseModel]] = {
    "races": RaceDef,
    "classes": ClassDef,
    "items": ItemDef,
    "spells": SpellDef,
    "monsters": MonsterDef,
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a content file, where it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


class ContentError(Exception):
    """The content cannot be loaded; `problems` says what is wrong and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        listing = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"the game content is broken (run `goldbox content check`):\n{listing}")


@dataclass(frozen=True, slots=True)
class Entry:
    """One raw entry of a content file, with the YAML node it came from."""

    id: str
    data: dict[str, Any]
    node: Node
    line: int  # the line naming the entry


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A content file read as YAML: its entries, and the problems met reading them."""

    name: str
    entries: list[Entry]
    problems: list[Problem]
    root: Node | None = None


def line_of(node: Node) -> int:
    """The 1-based line a YAML node starts on."""
    return int(node.start_mark.line) + 1


def read_yaml(name: str, text: str) -> tuple[Any, Node | None, list[Problem]]:
    """Parse YAML text into data and its node tree; a syntax error is a problem at its line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        return None, None, [Problem(name, line, f"not valid YAML: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        return None, None, [Problem(name, None, f"not valid YAML: {exc}")]
    finally:
        loader.dispose()
    return data, node, duplicate_keys(name, node) if node is not None else []


def duplicate_keys(name: str, node: Node) -> list[Problem]:
    """Keys written twice in one mapping (YAML would silently keep the last)."""
    problems: list[Problem] = []
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            text = str(key.value)
            if text in seen:
                problems.append(
                    Problem(name, line_of(key), f"{text!r} is written twice (first at line {seen[text]})")
                )
            else:
                seen[text] = line_of(key)
            problems.extend(duplicate_keys(name, value))
    elif isinstance(node, SequenceNode):
        for item in node.value:
            problems.extend(duplicate_keys(name, item))
    return problems


def parse_entries(name: str, text: str) -> ParsedFile:
    """The entries of a content file, in file order; problems for anything not shaped like one."""
    data, root, problems = read_yaml(name, text)
    entries: list[Entry] = []
    if root is None or data is None:
        if not problems:
            problems.append(Problem(name, None, "the file is empty"))
        return ParsedFile(name, entries, problems, root)
    if isinstance(root, MappingNode) and isinstance(data, dict):
        for key, value in root.value:
            entry_id = str(key.value)
            raw = data.get(key.value, data.get(entry_id))
            if not isinstance(raw, dict):
                problems.append(Problem(name, line_of(key), f"{entry_id}: expected a mapping of fields"))
                continue
            declared = raw.get("id", entry_id)
            if declared != entry_id:
                problems.append(Problem(name, line_of(key), f"{entry_id}: its id says {declared!r}"))
                continue
            entries.append(Entry(entry_id, {**raw, "id": entry_id}, value, line_of(key)))
    elif isinstance(root, SequenceNode) and isinstance(data, list):
        for node, raw in zip(root.value, data, strict=True):
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                problems.append(Problem(name, line_of(node), "expected a mapping with an `id`"))
                continue
            entries.append(Entry(raw["id"], raw, node, line_of(node)))
    else:
        problems.append(Problem(name, line_of(root), "expected a mapping of ids to entries"))
    return ParsedFile(name, entries, problems, root)


def line_at(entry: Entry, path: tuple[int | str, ...]) -> int:
    """The line of the value at a pydantic error location inside an entry (or the entry's own line).

    The path is followed as far as the YAML goes: a missing field points at the entry, a bad item of
    a list at that item.
    """
    node: Node = entry.node
    depth = 0
    for part in path:
        if isinstance(node, MappingNode):
            match = next((value for key, value in node.value if str(key.value) == str(part)), None)
            if match is None:
                break
            node = match
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            break
        depth += 1
    return line_of(node) if depth else entry.line


def validate_entries(parsed: ParsedFile, schema: type[BaseModel]) -> tuple[dict[str, Any], list[Problem]]:
    """Each entry validated against its schema: the definitions by id, and the problems with lines."""
    definitions: dict[str, Any] = {}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for entry in parsed.entries:
        if entry.id in seen:
            problems.append(
                Problem(
                    parsed.name, entry.line, f"duplicate id {entry.id!r} (first at line {seen[entry.id]})"
                )
            )
            continue
        seen[entry.id] = entry.line
        try:
            definitions[entry.id] = schema.model_validate(entry.data)
        except ValidationError as exc:
            for error in exc.errors():
                path = tuple(part for part in error["loc"] if isinstance(part, (int, str)))
                field = ".".join(str(part) for part in path)
                message = f"{entry.id}.{field}: {error['msg']}" if field else f"{entry.id}: {error['msg']}"
                problems.append(Problem(parsed.name, line_at(entry, path), message))
    return definitions, problems


def read_file(directory: Traversable, stem: str) -> ParsedFile:
    """Read one content file of a data directory; a missing file is a problem, not an exception."""
    name = f"{stem}.yaml"
    path = directory.joinpath(name)
    if not path.is_file():
        return ParsedFile(name, [], [Problem(name, None, f"the file is missing (looked in {directory})")])
    return parse_entries(name, path.read_text(encoding="utf-8"))


def read_content(directory: Traversable) -> tuple[Content | None, list[Problem]]:
    """The content of a data directory and every problem found; no content if there was any problem."""
    catalogue: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for stem, schema in SCHEMAS.items():
        parsed = read_file(directory, stem)
        definitions, invalid = validate_entries(parsed, schema)
        problems.extend(parsed.problems)
        problems.extend(invalid)
        catalogue[stem] = definitions
    if problems:
        return None, problems
    return Content(**catalogue), problems


def data_directory() -> Traversable:
    """The content shipped with goldbox: goldbox/data."""
    return resources.files("goldbox").joinpath("data")


def load_content_from(directory: Traversable) -> Content:
    """The content of a data directory; a `ContentError` listing every problem if it is broken."""
    content, problems = read_content(directory)
    if content is None:
        raise ContentError(problems)
    return content


@cache
def load_content() -> Content:
    """The content shipped with goldbox, read once per process."""
    return load_content_from(data_directory())
