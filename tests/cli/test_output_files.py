"""`export -o FILE` and `propose -o FILE`: the file is whole or untouched, never half-written."""

from __future__ import annotations

import csv
import errno
import io
import os

import pytest

from dashboard.cli import main
from dashboard.model import safe_files
from dashboard.model.data import DEFAULT_DATA_DIR

OLD = "the previous export, which a failed write must leave as it was\n"


def full_disk(_fd: int) -> None:
    """A disk that fills while the file is flushed: write() took the bytes, fsync() cannot."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_export_to_a_file_writes_the_whole_table(tmp_path, capsys):
    target = tmp_path / "figures.csv"
    assert main(["export", "--category", "famine", "-o", str(target)]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows
    assert {row["category"] for row in rows} == {"famine"}
    assert capsys.readouterr().out == ""  # nothing on stdout when a file is named
    assert [p.name for p in tmp_path.iterdir()] == ["figures.csv"]


SOURCE = sorted((DEFAULT_DATA_DIR / "sources").glob("*.txt"))[0]


@pytest.mark.parametrize("command", [["export"], ["propose", str(SOURCE)]])
def test_a_full_disk_leaves_the_old_file_and_no_partial_one(tmp_path, monkeypatch, capsys, command):
    target = tmp_path / "out.csv"
    target.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(safe_files.os, "fsync", full_disk)
    assert main([*command, "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "could not be written to" in err
    assert "No space left on device" in err
    assert "Traceback" not in err
    assert target.read_text(encoding="utf-8") == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # the temporary file is gone


def test_a_spreadsheet_to_a_file_needs_no_redirect(tmp_path):
    target = tmp_path / "figures.xlsx"
    assert main(["export", "--format", "xlsx", "-o", str(target)]) == 0
    assert target.read_bytes()[:2] == b"PK"  # a zip: the workbook


def test_an_output_in_a_missing_folder_is_one_line(tmp_path, capsys):
    assert main(["export", "-o", str(tmp_path / "no" / "such" / "figures.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "No such file or directory" in err
