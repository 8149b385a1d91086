"""`export --format xlsx`: the spreadsheet /export.xlsx gives, on stdout, through the same filter."""

from __future__ import annotations

import io
import sys

from openpyxl import load_workbook

import dashboard.model.workbook as workbook
from dashboard.cli import main
from tests.conftest import MINI


def test_export_writes_the_filtered_workbook_with_links_on_the_origin(capsysbinary):
    code = main(
        ["export", "--data-dir", str(MINI), "--category", "famine", "--format", "xlsx",
         "--origin", "https://figures.example.org"]
    )  # fmt: skip
    assert code == 0
    book = load_workbook(io.BytesIO(capsysbinary.readouterr().out))
    rows = list(book["Figures"].iter_rows())
    ids = [row[[c.value for c in rows[0]].index("Figure id")].value for row in rows[1:]]
    assert sorted(ids) == ["000-famine-deaths", "001-famine-deaths"]
    links = [c.hyperlink.target for row in rows for c in row if c.hyperlink]
    assert links
    assert all(link.startswith("https://figures.example.org/figure/") for link in links)


def test_the_default_format_is_still_csv(capsys):
    assert main(["export", "--data-dir", str(MINI), "--category", "famine"]) == 0
    assert capsys.readouterr().out.startswith("id,claim,category,")


def test_a_spreadsheet_to_a_terminal_or_a_bad_origin_is_refused_in_one_line(monkeypatch, capsys):
    assert main(["export", "--format", "xlsx", "--origin", "ftp://x"]) == 2
    assert capsys.readouterr().err.startswith("error: --origin 'ftp://x' is not an origin")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["export", "--format", "xlsx"]) == 2
    err = capsys.readouterr().err
    assert err == "error: a spreadsheet is binary: redirect it to a file (> figures.xlsx)\n"


def test_a_selection_past_the_spreadsheets_limit_is_refused_in_one_line(
    monkeypatch, capsysbinary, tmp_path
):
    monkeypatch.setattr(workbook, "MAX_ROWS", 5)
    target = tmp_path / "figures.xlsx"
    assert main(["export", "--data-dir", str(MINI), "--format", "xlsx", "-o", str(target)]) == 1
    assert not target.exists()
    captured = capsysbinary.readouterr()
    assert captured.out == b""
    assert captured.err == (
        b"error: 16 figures match; a spreadsheet holds at most 5: narrow the filters, "
        b"or export --format csv, which has no limit\n"
    )
    monkeypatch.setattr(workbook, "MAX_ROWS", 16)
    assert main(["export", "--data-dir", str(MINI), "--format", "xlsx"]) == 0
    assert len(load_workbook(io.BytesIO(capsysbinary.readouterr().out))["Figures"]["A"]) == 17
