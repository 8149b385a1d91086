"""data/datapackage.json: a valid Frictionless Data Package, built from the schema and the
vocabularies, and `validate` fails when the file is not what they give."""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from frictionless import validate as frictionless_validate

from dashboard.cli import main
from dashboard.model.data import DEFAULT_DATA_DIR, load_or_raise
from dashboard.model.datapackage import (
    DATAPACKAGE_FILE,
    build_datapackage,
    datapackage_problems,
    datapackage_text,
    write_datapackage,
)
from dashboard.model.schema import COLUMNS, DISMISSED_COLUMNS, ID_RE, PARTIAL_DATE_RE, REQUIRED
from dashboard.model.vocabulary import CATEGORIES, DISMISS_REASONS, QUALIFIERS


@pytest.fixture(scope="module")
def dataset():
    return load_or_raise(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def package(dataset):
    return build_datapackage(dataset)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the real data directory, to break."""
    return Path(shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data"))


def fields_of(package: dict, resource: str) -> dict[str, dict]:
    found = next(r for r in package["resources"] if r["name"] == resource)
    return {field["name"]: field for field in found["schema"]["fields"]}


def errors_of(report) -> list[str]:
    return [error.type for task in report.tasks for error in task.errors] + [
        error.type for error in report.errors
    ]


def test_the_committed_file_is_what_the_data_gives(dataset):
    text = (DEFAULT_DATA_DIR / DATAPACKAGE_FILE).read_text(encoding="utf-8")
    assert text == datapackage_text(dataset)
    assert datapackage_problems(DEFAULT_DATA_DIR, dataset) == []


def test_frictionless_finds_the_real_data_package_valid():
    report = frictionless_validate(str(DEFAULT_DATA_DIR / DATAPACKAGE_FILE))
    assert report.valid, errors_of(report)
    assert {task.name for task in report.tasks} == {"figures", "dismissed"}
    assert all(task.stats["rows"] > 0 for task in report.tasks)


def test_frictionless_refuses_rows_the_constraints_forbid(data_copy):
    """The schema's constraints bite: an unknown category, a bad id, a duplicate id, a negative
    value, a malformed date and an unknown dismissal reason are each reported."""
    path = data_copy / "figures.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["category"] = "famines"
    rows[1]["id"] = "Not-A-Slug"
    rows[2]["id"] = rows[3]["id"]
    rows[4]["value"] = "-5"
    rows[5]["period_start"] = "1917-2"
    rows[6]["qualifier"] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    dismissed = data_copy / "dismissed.csv"
    lines = dismissed.read_text(encoding="utf-8").splitlines()
    lines[1] = re.sub(r",[a-z_]+$", ",no_such_reason", lines[1])
    dismissed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = frictionless_validate(str(data_copy / DATAPACKAGE_FILE))
    assert not report.valid
    notes = [
        (task.name, error.type, error.note)
        for task in report.tasks
        for error in task.errors
        if error.type in ("constraint-error", "unique-error", "primary-key")
    ]
    broken = {
        (name, note.split('"')[1]) for name, kind, note in notes if kind == "constraint-error"
    }
    assert {
        ("figures", "enum"),
        ("figures", "pattern"),
        ("figures", "minimum"),
        ("figures", "required"),
        ("dismissed", "enum"),
    } <= broken
    assert any(kind == "primary-key" for _, kind, _ in notes)


def test_the_enums_are_the_vocabularies(package, dataset):
    figures, dismissed = fields_of(package, "figures"), fields_of(package, "dismissed")
    assert figures["category"]["constraints"]["enum"] == list(CATEGORIES)
    assert figures["qualifier"]["constraints"]["enum"] == list(QUALIFIERS)
    assert dismissed["reason"]["constraints"]["enum"] == sorted(DISMISS_REASONS)
    assert figures["source"]["constraints"]["enum"] == sorted(dataset.sources)
    assert dismissed["source"]["constraints"]["enum"] == sorted(dataset.sources)


def test_the_fields_are_the_columns_with_their_types_and_required_cells(package):
    figures, dismissed = fields_of(package, "figures"), fields_of(package, "dismissed")
    assert list(figures) == COLUMNS
    assert list(dismissed) == DISMISSED_COLUMNS
    required = [n for n, f in figures.items() if f.get("constraints", {}).get("required")]
    assert required == REQUIRED
    numbers = [n for n, f in figures.items() if f["type"] == "number"]
    assert numbers == ["value", "value_low", "value_high"]
    assert {f["type"] for n, f in figures.items() if n not in numbers} == {"string"}
    resource = next(r for r in package["resources"] if r["name"] == "figures")
    assert resource["schema"]["primaryKey"] == "id"
    assert package["profile"] == "tabular-data-package"
    for field in [*figures.values(), *dismissed.values()]:
        assert 10 <= len(field["description"]) <= 120, field["name"]


@pytest.mark.parametrize(
    "text",
    ["000-famine", "a", "a-1-b", "A-b", "a--b", "-a", "a-", "a b", "a_b", "a-b\n", "ä-b", ""],
)
def test_the_id_pattern_accepts_what_validate_accepts(package, text):
    pattern = fields_of(package, "figures")["id"]["constraints"]["pattern"]
    # Table Schema matches a pattern against the whole cell.
    assert bool(re.fullmatch(pattern, text)) == bool(ID_RE.fullmatch(text))


@pytest.mark.parametrize("text", ["1917", "1917-02", "1917-02-30", "17", "1917-2", "1917/02"])
def test_the_period_pattern_is_the_partial_date_form(package, text):
    pattern = fields_of(package, "figures")["period_start"]["constraints"]["pattern"]
    assert bool(re.fullmatch(pattern, text)) == bool(PARTIAL_DATE_RE.fullmatch(text))


def test_the_sources_carry_their_paths_titles_and_licences(package, dataset):
    assert [s["path"] for s in package["sources"]] == [
        f"sources/{name}" for name in sorted(dataset.sources)
    ]
    for entry in package["sources"]:
        document = dataset.sources[entry["path"].removeprefix("sources/")]
        assert entry["title"] == document.title
        assert entry["licence"] == document.licence
        assert (DEFAULT_DATA_DIR / entry["path"]).is_file()


def test_the_package_does_not_depend_on_the_rows(dataset, package):
    fewer = replace(dataset, figures=dataset.figures.iloc[:1], dismissed=dataset.dismissed.iloc[:0])
    assert build_datapackage(fewer) == package


def test_a_stale_datapackage_fails_validate_with_one_line_naming_it(data_copy, capsys):
    metadata = data_copy / "sources" / "sources.json"
    entries = json.loads(metadata.read_text(encoding="utf-8"))
    entries[0]["licence"] = "CC0-1.0"
    metadata.write_text(json.dumps(entries, indent=2), encoding="utf-8")
    assert main(["validate", "--data-dir", str(data_copy)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "datapackage.json: is out of date at sources[0].licence; run `figures-dashboard "
        "datapackage` to write it"
    ]
    # The subcommand rewrites it; then validate passes.
    assert main(["datapackage", "--data-dir", str(data_copy)]) == 0
    assert main(["validate", "--data-dir", str(data_copy)]) == 0
    assert json.loads((data_copy / DATAPACKAGE_FILE).read_text())["sources"][0]["licence"] == (
        "CC0-1.0"
    )


def test_a_missing_or_broken_datapackage_is_a_problem_naming_it(data_copy, dataset):
    path = data_copy / DATAPACKAGE_FILE
    path.write_text("{not json", encoding="utf-8")
    [problem] = datapackage_problems(data_copy, dataset)
    assert str(problem).startswith("datapackage.json: is not JSON")
    edited = build_datapackage(dataset)
    edited["resources"][0]["schema"]["fields"][2]["constraints"]["enum"].append("sport")
    path.write_text(json.dumps(edited), encoding="utf-8")
    [problem] = datapackage_problems(data_copy, dataset)
    assert "out of date at resources[0].schema.fields[2].constraints.enum" in str(problem)
    path.unlink()
    [problem] = datapackage_problems(data_copy, dataset)
    assert str(problem) == (
        "datapackage.json: is missing; run `figures-dashboard datapackage` to write it"
    )
    path.symlink_to("/dev/zero")
    [problem] = datapackage_problems(data_copy, dataset)
    assert "outside the data directory" in str(problem)


def test_write_is_atomic_and_leaves_nothing_behind(tmp_path, dataset):
    (tmp_path / DATAPACKAGE_FILE).write_text("old", encoding="utf-8")
    path = write_datapackage(tmp_path, dataset)
    assert path.read_text(encoding="utf-8") == datapackage_text(dataset)
    assert sorted(p.name for p in tmp_path.iterdir()) == [DATAPACKAGE_FILE]
    assert path.stat().st_mode & 0o044  # readable by others, as any file the curator writes
