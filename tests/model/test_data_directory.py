"""Hostile data directories: FIFOs, devices, links out, bad sources.json, odd digits and junk are
each reported with their file, never hang, crash or read outside the data directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.model.data import load_dataset
from dashboard.model.problems import MAX_PRINTED_PROBLEMS
from dashboard.model.safe_files import UnsafeFile, read_data_bytes
from tests.conftest import GOOD_ROW, SOURCE_ENTRY, SOURCE_NAME, row

GUARD_SECONDS = 60  # a read that blocks (a FIFO) or never ends (/dev/zero) fails the test instead


def validate_in_subprocess(data_dir: Path) -> subprocess.CompletedProcess:
    """`validate` in a process of its own, killed after GUARD_SECONDS: a hang is a failure."""
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=GUARD_SECONDS,
    )


def messages(data_dir: Path) -> str:
    dataset, problems = load_dataset(data_dir)
    assert dataset is None
    return "\n".join(str(p) for p in problems)


def test_a_fifo_as_the_table_or_a_source_is_refused_without_blocking(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    (data_dir / "figures.csv").unlink()
    os.mkfifo(data_dir / "figures.csv")
    os.mkfifo(data_dir / "sources" / "pipe.txt")
    result = validate_in_subprocess(data_dir)
    assert result.returncode == 1
    assert "figures.csv: is a FIFO, not a regular file" in result.stderr
    assert "sources/pipe.txt: is a FIFO, not a regular file" in result.stderr


@pytest.mark.parametrize("target", ["figures.csv", f"sources/{SOURCE_NAME}", "sources/extra.txt"])
def test_a_link_to_dev_zero_is_refused_without_reading_it(make_data_dir, target):
    data_dir = make_data_dir([GOOD_ROW])
    link = data_dir / target
    link.unlink(missing_ok=True)
    link.symlink_to("/dev/zero")
    result = validate_in_subprocess(data_dir)
    assert result.returncode == 1
    assert "is a link to /dev/zero, outside the data directory" in result.stderr


def test_a_link_to_a_system_file_is_not_read_as_a_source(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    (data_dir / "sources" / "passwd.txt").symlink_to("/etc/passwd")
    text = messages(data_dir)
    assert "sources/passwd.txt: is a link to /etc/passwd, outside the data directory" in text
    assert "root:" not in text


def test_a_link_inside_the_data_directory_is_read(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    source = data_dir / "sources" / SOURCE_NAME
    (data_dir / "originals").mkdir()
    source.rename(data_dir / "originals" / SOURCE_NAME)
    source.symlink_to(data_dir / "originals" / SOURCE_NAME)
    dataset, problems = load_dataset(data_dir)
    assert problems == []
    assert dataset is not None


def test_a_directory_named_like_a_source_is_reported(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    (data_dir / "sources" / "folder.txt").mkdir()
    assert "sources/folder.txt: is a directory, not a regular file" in messages(data_dir)


def test_files_over_the_size_cap_are_not_read(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 100)
    with pytest.raises(UnsafeFile, match="100 bytes; at most 10 are read"):
        read_data_bytes(path, tmp_path, limit=10)
    assert read_data_bytes(path, tmp_path, limit=100) == b"x" * 100


def write_metadata(data_dir: Path, text: str) -> None:
    (data_dir / "sources" / "sources.json").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ("[1]", "sources/sources.json: [0]: Input should be an object"),
        ("null", "sources/sources.json: Input should be a valid array"),
        ('{"file": "x"}', "sources/sources.json: Input should be a valid array"),
        ("[" * 3000 + "]" * 3000, "sources/sources.json: "),
        (f'[{{"file": "{SOURCE_NAME}", "title": {{"a": 1}}}}]', "[0].title: Input should be a"),
        (f'[{{"file": "{SOURCE_NAME}", "titel": "x"}}]', "[0].titel: Extra inputs"),
        (f'[{{"file": "{SOURCE_NAME}", "furniture_lines": [-1]}}]', "[0].furniture_lines[0]:"),
        ('[{"file": "../figures.txt"}]', "[0].file: String should match pattern"),
        ('[{"file": "tiny.txt\\n"}]', "[0].file: String should match pattern"),
        ("[{", "sources/sources.json: Invalid JSON"),
        (json.dumps([SOURCE_ENTRY, SOURCE_ENTRY]), "[1].file: tiny.txt is described twice"),
        (
            json.dumps([SOURCE_ENTRY | {"file": "absent.txt"}]),
            "file: absent.txt is described but not in sources/",
        ),
    ],
    ids=[
        "list-of-numbers",
        "null",
        "object",
        "deep-nesting",
        "title-object",
        "unknown-key",
        "negative-line",
        "path-in-file",
        "newline-in-file",
        "broken-json",
        "twice",
        "absent",
    ],
)
def test_sources_json_is_checked_against_its_schema(make_data_dir, capsys, metadata, expected):
    data_dir = make_data_dir([GOOD_ROW])
    write_metadata(data_dir, metadata)
    assert main(["validate", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"id": "tiny-a\n"}, "id"),  # a trailing newline passed "$": two ids could look alike
        ({"claim": "claim\n"}, "claim"),
        ({"value": "700_000"}, "value"),
        ({"value": "\uff17\uff10"}, "value"),  # full-width digits
        ({"value": "\u0667\u0660"}, "value"),  # Arabic-Indic digits
        ({"value": "1e999"}, "value"),  # overflows to infinity
        ({"period_start": "\u0661\u0669\u0661\u0667"}, "period_start"),
        ({"period_start": "0000"}, "period_start"),  # validated once, then crashed the server
        ({"measure": "Killed\x00"}, "measure"),
        ({"note": "a\x1bnote"}, "note"),
    ],
)
def test_odd_digits_trailing_newlines_and_control_characters_are_refused(
    make_data_dir, changes, column
):
    text = messages(make_data_dir([row(**changes)]))
    assert f"figures.csv:2: {column}:" in text


def test_a_control_character_in_a_source_is_located(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    (data_dir / "sources" / "nul.txt").write_text("first line\nsecond\x00line\n", encoding="utf-8")
    assert "sources/nul.txt:2: control character U+0000 at column 7" in messages(data_dir)


def test_a_junk_table_prints_a_bounded_report(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    header = (data_dir / "figures.csv").read_text(encoding="utf-8").splitlines()[0]
    junk = "\n".join(f"junk,{i}" for i in range(300_000))  # 300,000 rows of the wrong width
    (data_dir / "figures.csv").write_text(header + "\n" + junk + "\n", encoding="utf-8")
    result = validate_in_subprocess(data_dir)
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert len(lines) == MAX_PRINTED_PROBLEMS + 2  # the problems, "... and N more", the count
    assert lines[-2].startswith("... and ")
    assert lines[-2].endswith(" more.")
    assert "too many problems; reading stopped here" not in lines[0]


def test_validate_fails_when_the_app_cannot_be_built(make_data_dir, monkeypatch, capsys):
    def broken(*_args, **_kwargs):
        raise KeyError("a category the charts have no colour for")

    monkeypatch.setattr("dashboard.server.app.create_app", broken)
    assert main(["validate", "--data-dir", str(make_data_dir([GOOD_ROW]))]) == 1
    err = capsys.readouterr().err
    assert "The data validates, but the dashboard cannot be built from it: KeyError" in err
