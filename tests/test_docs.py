"""The docs keep up with the code: every CSV column and every CLI flag is documented."""

import re

from dashboard.cli import build_parser
from dashboard.data import CATEGORIES, COLUMNS, DEFAULT_DATA_DIR, DISMISS_REASONS, QUALIFIERS

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
