"""A copy of the shipped content in a temporary directory, for tests to break."""

from __future__ import annotations

from pathlib import Path

from goldbox.content.loader import SCHEMAS, data_directory


def copy_content(target: Path, *, with_encounters: bool = True) -> Path:
    """Copy the five content files (and the encounter table) into `target`."""
    source = data_directory()
    names = [f"{stem}.yaml" for stem in SCHEMAS] + (["encounters.yaml"] if with_encounters else [])
    for name in names:
        (target / name).write_text(source.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    return target


def line_number(path: Path, text: str) -> int:
    """The 1-based line of the first line of `path` containing `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} is not in {path.name}")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
