"""The docs keep up with the code: every CSV column and every CLI flag is documented."""

import re

from dashboard.cli import build_parser
from dashboard.model.data import CATEGORIES, COLUMNS, DEFAULT_DATA_DIR, DISMISS_REASONS, QUALIFIERS
from dashboard.model.filters import PARAMS

ROOT = DEFAULT_DATA_DIR.parent


def test_every_column_category_qualifier_and_reason_is_in_data_readme():
    text = (DEFAULT_DATA_DIR / "README.md").read_text()
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE))
    assert set(COLUMNS) <= documented
    for word in [*CATEGORIES, *QUALIFIERS, *DISMISS_REASONS]:
        assert f"`{word}`" in text, word


def test_every_cli_subcommand_and_flag_is_in_readme():
    text = (ROOT / "README.md").read_text()
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.choices and isinstance(a.choices, dict))
    for name, sub in subparsers.choices.items():
        assert f"figures-dashboard {name}" in text, name
        for action in sub._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in text, f"{name} {flag}"


def section(text: str, heading: str) -> str:
    """The README's text under `heading`, up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = text.index(heading + "\n")
    rest = text[start + len(heading) + 1 :]
    ends = [m.start() for m in re.finditer(rf"^#{{1,{len(level)}}} ", rest, flags=re.MULTILINE)]
    return rest[: ends[0]] if ends else rest


def test_every_http_parameter_is_in_readme():
    http = section((ROOT / "README.md").read_text(), "## HTTP")
    for name in PARAMS:
        assert f"`{name}" in http, name


def test_every_module_is_in_readmes_module_table():
    architecture = section((ROOT / "README.md").read_text(), "## Architecture")
    rows = [line for line in architecture.splitlines() if line.startswith("| `")]
    listed = " ".join(row.split(" | ")[0] for row in rows)
    for module in sorted((ROOT / "dashboard").glob("*.py")):
        if module.name in ("__init__.py", "__main__.py"):
            continue
        assert re.search(rf"`(dashboard/)?{re.escape(module.name)}`", listed), module.name
