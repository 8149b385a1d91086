"""The command line as a newcomer meets it: --help names what it accepts, labels work as keys."""

from __future__ import annotations

import csv
import io

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
