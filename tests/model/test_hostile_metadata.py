"""Data that validated but hurt: each is now refused with one problem naming its file and place."""

from __future__ import annotations

import json

import pytest

from dashboard.model.data import load_dataset
from tests.conftest import GOOD_ROW, SOURCE_ENTRY, SOURCE_NAME


def problems_of(data_dir) -> str:
    dataset, problems = load_dataset(data_dir)
    assert dataset is None, "the data should have been refused"
    return "\n".join(str(p) for p in problems)


def write_metadata(data_dir, text: str) -> None:
    (data_dir / "sources" / "sources.json").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("target", ["nowhere.csv", "dismissed.csv"])
def test_a_dangling_or_looping_dismissed_link_is_reported_not_read_as_absent(make_data_dir, target):
    data_dir = make_data_dir([GOOD_ROW])
    # A link to a missing file, or a link to itself (a loop): both once counted as "no dismissals".
    (data_dir / "dismissed.csv").symlink_to(data_dir / target)
    assert "dismissed.csv" in problems_of(data_dir)


def test_a_key_given_twice_in_sources_json_is_refused(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    entry = json.dumps(SOURCE_ENTRY)[:-1] + ', "licence": "All rights reserved"}'
    write_metadata(data_dir, f"[{entry}]")
    assert "[0].licence: is given twice in one object" in problems_of(data_dir)


def test_a_line_range_that_runs_backwards_is_refused(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    entry = SOURCE_ENTRY | {"derived_from": [{"work": "A text", "lines": [[9, 3]]}]}
    write_metadata(data_dir, json.dumps([entry]))
    assert "runs backwards" in problems_of(data_dir)


@pytest.mark.parametrize("field", ["title", "licence", "description"])
def test_a_title_of_a_hundred_thousand_characters_is_refused(make_data_dir, field):
    data_dir = make_data_dir([GOOD_ROW])
    write_metadata(data_dir, json.dumps([SOURCE_ENTRY | {field: "T" * 100_000}]))
    assert field in problems_of(data_dir)


def test_old_mac_line_endings_are_refused_with_their_line(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    path = data_dir / "sources" / SOURCE_NAME
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n", "\r"), encoding="utf-8", newline="")
    message = problems_of(data_dir)
    assert f"sources/{SOURCE_NAME}:1" in message.replace(" ", "")
    assert "old Mac line endings" in message


def test_windows_line_endings_are_still_read(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    path = data_dir / "sources" / SOURCE_NAME
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8", newline="")
    dataset, problems = load_dataset(data_dir)
    assert problems == []
    assert dataset is not None


def test_a_file_name_with_a_line_break_is_refused(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    (data_dir / "sources" / "two\nlines.txt").write_text("Some text.\n", encoding="utf-8")
    assert "two\\nlines.txt" in problems_of(data_dir)
