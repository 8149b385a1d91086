"""The package's parts import only downwards: model <- extract <- web <- server <- cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "dashboard"
# Lowest first: a module may import from its own part and from the parts listed before it.
LAYERS = ["model", "extract", "web", "server", "cli"]
TOP_LEVEL_MODULES = {"__init__.py", "__main__.py", "cli.py"}


def part_of(path: Path) -> str:
    """The layer a module file belongs to: its folder under dashboard/, or cli for the top."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else "cli"


def imported_parts(path: Path) -> set[str]:
    """Every part of dashboard/ that a module imports from, at any depth of the file."""
    parts = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            pieces = name.split(".")
            if pieces[0] == "dashboard" and len(pieces) > 1:
                parts.add(pieces[1] if pieces[1] in LAYERS else "cli")
    return parts


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_named_part():
    stray = [
        str(p.relative_to(PACKAGE))
        for p in modules()
        if part_of(p) == "cli" and p.name not in TOP_LEVEL_MODULES
    ]
    assert stray == [], f"modules outside model/, extract/, web/, server/: {stray}"
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(
        LAYERS[:-1]
    )


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_only_down(path: Path):
    own = LAYERS.index(part_of(path))
    above = {part for part in imported_parts(path) if LAYERS.index(part) > own}
    assert above == set(), f"{path.relative_to(PACKAGE)} imports from a higher part: {above}"


def test_the_check_sees_an_upward_import(tmp_path: Path):
    """The rule is live: a model module importing the web part is caught."""
    fake = tmp_path / "bad.py"
    fake.write_text("def f():\n    from dashboard.web import ids\n    return ids\n")
    assert imported_parts(fake) == {"web"}


MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 59


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_over_600_lines_nor_function_of_60(path: Path):
    text = path.read_text()
    assert text.count("\n") <= MAX_MODULE_LINES, f"{path.name}: split it by what its parts do"
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
