"""Installs are reproducible: the lock files pin what pyproject.toml asks for, and every package the
code imports is declared there (not only installed because something else needs it)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ \\]+)", re.MULTILINE)


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text()
    assert "--hash=sha256:" in text  # pip installs it with --require-hashes
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def declared(*extras: str) -> list[Requirement]:
    lines = PROJECT["dependencies"] + [
        r for e in extras for r in PROJECT["optional-dependencies"][e]
    ]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", ["test"]), ("requirements-bench.lock", ["test", "bench"])],
)
def test_each_lock_pins_every_declared_requirement_within_its_bounds(lock, extras):
    pinned = pins(lock)
    for requirement in declared(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} does not pin {name}"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock} pins {name}=={pinned[name]}, outside {requirement.specifier}"
        )


def imported_modules(folder: Path) -> set[str]:
    found = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_every_package_the_code_imports_is_declared():
    distributions = packages_distributions()
    names = {canonicalize_name(r.name) for r in declared()}
    for module in sorted(imported_modules(ROOT / "dashboard")):
        if module in sys.stdlib_module_names or module == "dashboard":
            continue
        owners = {canonicalize_name(d) for d in distributions.get(module, [])}
        assert owners & names, f"dashboard imports {module} ({owners}) but does not declare it"


def test_the_installed_versions_are_the_locked_ones():
    from importlib.metadata import version

    for name, pinned in pins("requirements.lock").items():
        assert version(name) == pinned, name


def test_the_bench_lock_agrees_with_the_test_lock():
    """make bench installs its lock into the same environment as make test."""
    test, bench = pins("requirements.lock"), pins("requirements-bench.lock")
    assert {name: bench[name] for name in test} == test
