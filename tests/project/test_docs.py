"""The docs keep up with the code: every CSV column and every CLI flag is documented."""

import re

from dashboard.cli import build_parser
from dashboard.model.data import COLUMNS, DEFAULT_DATA_DIR, load_or_raise
from dashboard.model.filters import PARAMS
from dashboard.model.vocabulary import CATEGORIES, DISMISS_REASONS, QUALIFIER_WORDS, QUALIFIERS

ROOT = DEFAULT_DATA_DIR.parent
DOCS = ROOT / "docs"


def test_every_column_category_qualifier_and_reason_is_in_data_readme():
    text = (DEFAULT_DATA_DIR / "README.md").read_text()
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE))
    assert set(COLUMNS) <= documented
    for word in [*CATEGORIES, *QUALIFIERS, *DISMISS_REASONS]:
        assert f"`{word}`" in text, word


def test_every_cli_subcommand_and_flag_is_in_the_cli_docs():
    text = (DOCS / "cli.md").read_text()
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.choices and isinstance(a.choices, dict))
    for name, sub in subparsers.choices.items():
        assert f"figures-dashboard {name}" in text, name
        for action in sub._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in text, f"{name} {flag}"


def test_every_http_parameter_is_in_the_http_docs():
    http = (DOCS / "http.md").read_text()
    for name in PARAMS:
        assert f"`{name}" in http, name


def test_every_module_is_in_the_architecture_docs_module_table():
    architecture = (DOCS / "architecture.md").read_text()
    rows = [line for line in architecture.splitlines() if line.startswith("| `")]
    listed = " ".join(row.split(" | ")[0] for row in rows)
    for module in sorted((ROOT / "dashboard").rglob("*.py")):
        if module.name in ("__init__.py", "__main__.py"):
            continue
        assert re.search(rf"`(dashboard/(\w+/)?)?{re.escape(module.name)}`", listed), module.name


def test_the_readme_is_short_and_every_link_in_it_leads_somewhere():
    text = (ROOT / "README.md").read_text()
    assert len(text.encode()) <= 10_000
    for target in re.findall(r"\]\((docs/[^)#]+)\)", text):
        assert (ROOT / target).is_file(), target
    figures = set(load_or_raise(DEFAULT_DATA_DIR).figures["id"])
    for figure in re.findall(r"[?&]figure=([\w-]+)", text):
        assert figure in figures, figure
    for source in re.findall(r"/source/([\w.]+)", text):
        assert (DEFAULT_DATA_DIR / "sources" / source).is_file(), source


def test_data_readmes_qualifier_wordings_are_the_vocabularys():
    """The table in data/README.md lists, for each qualifier stated by words, exactly the words
    propose reads it from (vocabulary.QUALIFIER_WORDS)."""
    text = (DEFAULT_DATA_DIR / "README.md").read_text()
    by_qualifier: dict[str, set[str]] = {}
    for words, qualifier in QUALIFIER_WORDS:
        by_qualifier.setdefault(qualifier, set()).add(words)
    for qualifier, words in by_qualifier.items():
        row = re.search(rf"^\| `{qualifier}` \| ([^|]*) \|", text, flags=re.MULTILINE)
        assert row is not None, qualifier
        assert set(re.findall(r'"([^"]+)"', row.group(1))) == words, qualifier


def test_every_route_the_app_serves_is_in_the_http_docs():
    from dashboard.server.app import create_app

    http = (DOCS / "http.md").read_text()
    internal = ("/_dash", "/_reload", "/_favicon", "/static/", "/assets/", "/<path:path>")
    rules = [r.rule for r in create_app().server.url_map.iter_rules()]
    for rule in rules:
        if rule.startswith(internal) or rule.endswith((".js", ".css")):
            continue  # Dash's own routes and the pages' scripts and stylesheets
        documented = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", "<", rule).split("<")[0]
        assert f"`GET {documented}" in http, rule
