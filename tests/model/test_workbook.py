"""The .xlsx export: headers in words, periods as text, numbers as numbers, a link per row, no
formula ever, and an About sheet naming the sources, the version, the filters and the date."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.model import workbook
from dashboard.model.citation import citation_record
from dashboard.model.data import load_or_raise
from dashboard.model.export import export_frame
from dashboard.model.filters import Filters, filter_figures
from dashboard.model.workbook import text, to_xlsx, unit_words
from tests.conftest import MINI

HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"
SITE = "https://figures.example.org"
DAY = date(2026, 3, 14)


@pytest.fixture(scope="module")
def mini():
    return load_or_raise(MINI)


def build(dataset, filters: Filters | None = None, site: str = SITE) -> bytes:
    filters = filters or Filters()
    frame = export_frame(dataset, filter_figures(dataset.figures, filters))
    return to_xlsx(dataset, frame, filters, site, DAY)


def sheets(body: bytes) -> tuple[Worksheet, Worksheet]:
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["Figures", "About"]
    return book["Figures"], book["About"]


def table(sheet: Worksheet) -> list[dict]:
    """The Figures sheet's rows as dicts of header -> cell."""
    rows = list(sheet.iter_rows())
    headers = [c.value for c in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def about_values(sheet: Worksheet) -> dict:
    """The About sheet's first column -> its second, as values."""
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}


def test_headers_are_words_and_the_header_row_is_frozen(mini):
    figures, _ = sheets(build(mini))
    headers = [c.value for c in figures[1]]
    assert headers[:8] == [
        "Measure", "Value as written", "Value", "Low", "High", "Qualifier", "Unit", "Period",
    ]  # fmt: skip
    assert {"Source", "Quote", "Citation link", "Figure id"} <= set(headers)
    assert not any("_" in h for h in headers)  # no column keys
    assert figures.freeze_panes == "A2"
    assert figures.auto_filter.ref == f"A1:{figures.cell(1, len(headers)).column_letter}17"
    assert figures.column_dimensions["A"].width > figures.column_dimensions["F"].width
    assert all(c.font.bold for c in figures[1])


def test_rows_are_the_filtered_figures_in_table_order(mini):
    filters = Filters(categories=("repression",), year_from=1935)
    rows = table(sheets(build(mini, filters))[0])
    expected = filter_figures(mini.figures, filters)["id"].tolist()
    assert [r["Figure id"].value for r in rows] == expected
    assert 0 < len(rows) < len(mini.figures)


def test_a_period_stays_text_and_is_also_in_words(mini):
    rows = {r["Figure id"].value: r for r in table(sheets(build(mini))[0])}
    july = rows["000-dekulakised-households-1930"]
    assert july["Period start"].value == "1930-07"
    assert july["Period start"].data_type == "s"
    assert july["Period start"].number_format == "@"
    assert july["Period"].value == "Jul 1930"
    war = rows["000-ww1-military-deaths"]
    assert (war["Period"].value, war["Period end"].value) == ("Aug 1914–Dec 1916", "1916-12")
    assert rows["000-deportations-undated"]["Period start"].value is None


def test_numbers_are_numbers_and_qualifiers_units_categories_are_words(mini):
    rows = {r["Figure id"].value: r for r in table(sheets(build(mini))[0])}
    executions = rows["000-executions-1937"]
    assert executions["Value"].value == 353074
    assert executions["Value"].data_type == "n"
    assert executions["Value"].number_format == "#,##0"
    assert isinstance(executions["Line"].value, int)
    war = rows["000-ww1-military-deaths"]
    assert war["Value"].value is None
    assert war["Low"].data_type == war["High"].data_type == "n"
    assert war["Low"].value < war["High"].value
    assert war["Qualifier"].value == "between"
    assert rows["000-great-purge-executions"]["Qualifier"].value == "at least"
    assert rows["000-tannenberg-casualties"]["Category"].value == "War losses"
    assert rows["000-tannenberg-casualties"]["Source"].value == "Test excerpt, 1914-1939"
    assert rows["000-tannenberg-casualties"]["Quote"].alignment.wrap_text


def test_unit_words():
    assert unit_words("hours_per_day") == "hours per day"
    assert unit_words("share") == "share (a fraction of one)"
    assert unit_words("executions") == "executions"


def test_each_row_links_to_its_figures_citation_page(mini):
    rows = table(sheets(build(mini))[0])
    by_id = mini.figures.set_index("id", drop=False)
    for row in rows:
        link = row["Citation link"]
        record = citation_record(mini, by_id.loc[row["Figure id"].value], SITE, DAY)
        assert link.hyperlink is not None
        assert link.hyperlink.target == link.value == record.url
        assert link.value.startswith(f"{SITE}/figure/")


def test_without_a_site_the_link_is_the_path_as_text(mini):
    rows = table(sheets(build(mini, site=""))[0])
    assert rows[0]["Citation link"].value.startswith("/figure/")
    assert all(r["Citation link"].hyperlink is None for r in rows)


def every_cell(body: bytes):
    for sheet in load_workbook(io.BytesIO(body)):
        for row in sheet.iter_rows():
            yield from (c for c in row if c.value is not None)


def test_text_that_looks_like_a_formula_is_stored_as_text():
    hostile = load_or_raise(HOSTILE)
    # A source titled like a formula, for the About sheet.
    sources = {name: replace(doc, title="=1+1") for name, doc in hostile.sources.items()}
    body = build(replace(hostile, sources=sources), Filters(q="=HYPERLINK"))
    formulas = [c for c in every_cell(body) if isinstance(c.value, str) and c.value[0] in "=+-@"]
    sheets_hit = {(c.parent.title, c.column_letter) for c in formulas}
    # The measure, the quote, the note ("@SUM(A1:A9)") and the About sheet's source title.
    assert {("Figures", "A"), ("Figures", "O"), ("Figures", "R"), ("About", "B")} <= sheets_hit
    for cell in formulas:
        assert cell.data_type == "s", cell.coordinate
        assert cell.quotePrefix, cell.coordinate  # stays text when edited in Excel
    quotes = [c.value for c in formulas if c.column_letter == "O"]
    assert quotes == [hostile.figures.set_index("id").loc["hostile-formula", "quote"]]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        xml = " ".join(archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n)
    assert "=HYPERLINK" in xml
    assert not re.search(r"<(\w+:)?f[ >]", xml)  # no formula element anywhere


def test_error_codes_and_control_characters_stay_text():
    assert text("a\x01b\x1fc") == "a\ufffdb\ufffdc"  # XML cannot hold them; openpyxl refuses
    assert len(text("x" * 40_000)) == workbook.MAX_CELL_CHARS
    writer = workbook.SheetWriter(workbook.Workbook(write_only=True).create_sheet("S"))
    assert writer.cell("#N/A").data_type == "s"  # openpyxl would store an error value
    assert writer.cell("plain") == "plain"


def test_the_about_sheet_names_sources_version_filters_and_date(mini):
    filters = Filters(year_from=1930, year_to=1935, categories=("famine", "repression"), q="died")
    _, about = sheets(build(mini, filters))
    facts = about_values(about)
    assert facts["Exported on"] == "2026-03-14"
    assert facts["Data version"] == mini.version
    assert facts["Figures in this file"] == len(filter_figures(mini.figures, filters))
    assert facts["Period"].startswith("figures whose period overlaps 1930–1935")
    assert facts["Categories"] == "Famine, Repression"
    assert facts["Search"].startswith("\u201cdied\u201d")
    query = "from=1930&to=1935&category=famine,repression&q=died"
    assert facts["The same rows as CSV"] == f"{SITE}/export.csv?{query}"
    assert facts["This view on the dashboard"] == f"{SITE}/?{query}"
    values = [v for row in about.iter_rows(values_only=True) for v in row if v]
    for name, document in mini.sources.items():
        assert {name, document.title, document.licence} <= set(values)


def test_no_filter_says_so(mini):
    facts = about_values(sheets(build(mini))[1])
    assert facts["Filters"] == "none: every figure"
    assert facts["Figures in this file"] == 16


def test_a_table_past_the_cap_keeps_the_first_rows_and_says_how_many_more(mini, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 5)
    figures, about = sheets(build(mini))
    assert [r["Figure id"].value for r in table(figures)] == mini.figures["id"].tolist()[:5]
    facts = about_values(about)
    assert facts["Figures in this file"] == 5
    assert facts["Left out"].startswith("11 more figures match")
