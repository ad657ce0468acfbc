"""The functional core stays pure: game/ and pcg/ do no I/O, read no clock, use no global random,
and import nothing from the rest of goldbox (pcg may use game's types). DESIGN.md, rule 1."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import goldbox

PACKAGE = Path(goldbox.__file__).parent
FORBIDDEN_MODULES = {
    "random",
    "time",
    "datetime",
    "os",
    "pathlib",
    "io",
    "socket",
    "subprocess",
    "importlib",
    "asyncio",
    "threading",
    "secrets",
    "uuid",
}
FORBIDDEN_CALLS = {"open", "input", "print", "hash", "id"}
ALLOWED_GOLDBOX = {"game": ("goldbox.game",), "pcg": ("goldbox.game", "goldbox.pcg")}


def pure_files() -> list[Path]:
    return sorted(path for part in ALLOWED_GOLDBOX for path in (PACKAGE / part).rglob("*.py"))


def imported_modules(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", pure_files(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_pure_module(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    part = path.relative_to(PACKAGE).parts[0]
    for module in imported_modules(tree):
        root = module.split(".")[0]
        assert root not in FORBIDDEN_MODULES, f"{path.name} imports {module}: no I/O, clock or global random"
        if root == "goldbox":
            assert module.startswith(ALLOWED_GOLDBOX[part]), (
                f"{path.name} imports {module} from outside the core"
            )
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path.name} calls {node.func.id}()"


def test_the_check_sees_the_core() -> None:
    assert any(path.name == "rng.py" for path in pure_files())
