"""The command line as a newcomer meets it: --help names what it accepts, labels work as keys."""

from __future__ import annotations

import csv
import errno
import io
import subprocess
import sys

import pytest

from dashboard.cli import category_keys, main
from dashboard.model.vocabulary import CATEGORIES


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("famine", "famine"),
        ("Famine", "famine"),
        ("WAR LOSSES, party and elections", "war_losses,party"),
        ("War_Losses", "war_losses"),
        ("famine, nonsense", "famine,nonsense"),  # unknown names pass through to be named
    ],
)
def test_categories_by_key_or_label_in_any_case(text, keys):
    assert category_keys(text) == keys


def test_export_takes_the_labels_the_page_shows(real_data_dir, capsys):
    assert (
        main(["export", "--data-dir", str(real_data_dir), "--category", "Famine, WAR LOSSES"]) == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows
    assert {r["category"] for r in rows} == {"famine", "war_losses"}


def test_an_unknown_category_names_the_known_ones(real_data_dir, capsys):
    assert main(["export", "--data-dir", str(real_data_dir), "--category", "famines"]) == 2
    err = capsys.readouterr().err
    assert "unknown category 'famines'" in err
    assert "famine (Famine)" in err


def test_export_help_lists_categories_and_sources(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["export", "--help"])
    assert exited.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    for key, label in CATEGORIES.items():
        assert f"{key} ({label})" in text
    assert "000_d541d214e9d92eda.txt (Encyclopedia compilation, 2018)" in text


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--port", "70000"], "is not a port"),
        (["--port", "-1"], "is not a port"),
        (["--port", "0"], "is not a port"),
        (["--workers", "0"], "is not a number of 1 or more"),
    ],
)
def test_serve_refuses_a_port_or_worker_count_it_cannot_use(capsys, flags, says):
    with pytest.raises(SystemExit) as exited:
        main(["serve", *flags])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert says in err
    assert "Traceback" not in err


class FullDisk:
    """A stdout whose disk is full: every write fails as a real one would (ENOSPC)."""

    def write(self, _data: bytes | str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    @property
    def buffer(self) -> FullDisk:  # the bytes under stdout, as full as its text
        return self


def test_export_to_a_full_disk_is_one_line_and_exit_1(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", FullDisk())
    assert main(["export"]) == 1
    err = capsys.readouterr().err
    assert err == "error: the export could not be written: No space left on device\n"


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, capsys):
    def interrupted(_argv):
        raise KeyboardInterrupt

    monkeypatch.setattr("dashboard.cli.run", interrupted)
    assert main(["validate"]) == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_a_reader_that_goes_away_ends_the_export_without_a_traceback():
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.read(10)  # like `| head -c 10`: read a little, then close the pipe
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err
    assert process.returncode in (0, 141)
