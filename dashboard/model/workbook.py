"""The filtered table as an .xlsx workbook: "Figures" in words, each row linked to its figure's page,
and "About": the sources, the filters, the data version and the export date."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import quote as quote_url

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from dashboard.model.data import Dataset
from dashboard.model.export import formula_start
from dashboard.model.filters import Filters
from dashboard.model.frame import period_text
from dashboard.model.vocabulary import CATEGORIES, QUALIFIERS

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIGURES_SHEET = "Figures"
ABOUT_SHEET = "About"
MAX_CELL_CHARS = 32_767  # Excel's limit: a longer cell and it calls the file corrupt
# openpyxl writes 1,100-3,000 rows a second here (21 cells a row: 5,000 rows took 2.2 s, 20,000
# 7.5 s; with the two cores busy with other work 10,000 took 6.7-8.8 s, 20,000 15 s and 100,000
# 45 s), all that time holding its worker. A larger selection is refused (/export.xlsx's 413,
# `export`'s error), well inside gunicorn's 30 s; the CSV has every row. Past it this function
# keeps the first rows and says so. Also below Excel's 65,530 links a sheet.
MAX_ROWS = 10_000
TEXT_FORMAT = "@"  # "Text": Excel never reads 1937-07 as a date, even when the cell is edited
WHOLE_FORMAT = "#,##0"  # 1,600,000
MIN_WIDTH, MAX_WIDTH = 8, 48  # characters; a column is as wide as its widest cell between them
WIDTH_SAMPLE = 2000  # rows a column's width is measured on: enough, and cheap at any size

# The units that read better spelled out; the others are words already, underscores aside.
UNIT_WORDS = {
    "share": "share (a fraction of one)",
    "rank": "rank (1 = the largest)",
    "times": "times the earlier level",
}
NUMBER_COLUMNS = {"Value", "Low", "High", "Line"}
# Text that a spreadsheet would otherwise turn into a date or a number when the cell is edited.
TEXT_FORMAT_COLUMNS = {"Value as written", "Period", "Period start", "Period end"}
WRAPPED_COLUMNS = {"Measure": 40, "Quote": 70}  # wrapped at these widths, not widened
LINK_COLUMN = "Citation link"


def figure_url(base_url: str, figure_id: str, version: str) -> str:
    """The figure's versioned page, the permalink its citation gives (citation.citation_record)."""
    return f"{base_url.rstrip('/')}/figure/{quote_url(figure_id, safe='')}?v={version}"


def unit_words(unit: str) -> str:
    """'hours_per_day' -> 'hours per day'; 'share' -> 'share (a fraction of one)'."""
    return UNIT_WORDS.get(unit, unit.replace("_", " "))


def number(value: Any) -> int | float | None:
    """A cell's number: whole numbers as integers (1600000, not 1600000.0), missing as None."""
    if value is None or pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def text(value: Any) -> str:
    """A text cell's content: characters XML cannot hold replaced, cut to what Excel holds."""
    cleaned = ILLEGAL_CHARACTERS_RE.sub("\ufffd", "" if value is None else str(value))
    if len(cleaned) > MAX_CELL_CHARS:
        cleaned = cleaned[: MAX_CELL_CHARS - 1] + "\u2026"
    return cleaned


def figure_columns(dataset: Dataset, frame: pd.DataFrame, base_url: str) -> dict[str, list[Any]]:
    """The Figures sheet's columns, header -> cells, from an export frame (export.export_frame)."""

    def cells(name: str) -> list[str]:
        return ["" if pd.isna(v) else str(v) for v in frame[name].tolist()]

    def numbers(name: str) -> list[int | float | None]:
        return [number(v) for v in frame[name].tolist()]

    starts, ends, ids = cells("period_start"), cells("period_end"), cells("id")
    periods = {pair: period_text(*pair) for pair in set(zip(starts, ends, strict=True))}
    short = {name: doc.short_title for name, doc in dataset.sources.items()}
    return {
        "Measure": cells("measure"),
        "Value as written": cells("value_text"),
        "Value": numbers("value"),
        "Low": numbers("value_low"),
        "High": numbers("value_high"),
        "Qualifier": [QUALIFIERS.get(q, q) for q in cells("qualifier")],
        "Unit": [unit_words(u) for u in cells("unit")],
        "Period": [periods[pair] for pair in zip(starts, ends, strict=True)],
        "Period start": starts,
        "Period end": ends,
        "Category": [CATEGORIES.get(c, c) for c in cells("category")],
        "Source": [short.get(s, s) for s in cells("source")],
        "Source file": cells("source"),
        "Line": numbers("source_line"),
        "Quote": cells("quote"),
        "According to": cells("asserted_by"),
        "Derived from": cells("source_derived_from"),
        "Note": cells("note"),
        "Claim": cells("claim"),
        "Figure id": ids,
        LINK_COLUMN: [figure_url(base_url, i, dataset.version) for i in ids],
    }


def column_width(header: str, values: list[Any]) -> int:
    """A column's width in characters: its header's or its widest sampled cell's, bounded."""
    if header in WRAPPED_COLUMNS:
        return WRAPPED_COLUMNS[header]
    shown = (
        f"{v:,}" if isinstance(v, int | float) else str(v)
        for v in values[:WIDTH_SAMPLE]
        if v is not None
    )
    widest = max((len(v) for v in shown), default=0)
    return min(max(len(header), widest, MIN_WIDTH) + 2, MAX_WIDTH)


# How a cell looks, by name: each combination becomes one style, made once per sheet.
LOOKS: dict[str, dict[str, Any]] = {
    "header": {"font": Font(bold=True), "border": Border(bottom=Side(style="thin"))},
    "wrap": {"alignment": Alignment(wrap_text=True, vertical="top")},
    "text": {"number_format": TEXT_FORMAT},
    "whole": {"number_format": WHOLE_FORMAT},
    "link": {"font": Font(color="0563C1", underline="single")},  # Excel's own hyperlink blue
    # Excel keeps a quote-prefixed cell text even when someone edits it: "=1+1" stays words.
    "quoted": {"quotePrefix": True},
}


class SheetWriter:
    """Cells for one write-only sheet: every text cell stored as text, never as a formula.

    A plain value goes to openpyxl as it is (it reuses one cell object for those); a cell with a
    look copies that look's style, made once: setting fonts and formats cell by cell hashed
    every style again, most of the build's time.
    """

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.styles: dict[tuple[str, ...], Any] = {}

    def style(self, looks: tuple[str, ...]) -> Any:
        """The style array of `looks` (openpyxl's ids of a font, format, ...), made once."""
        if looks not in self.styles:
            template = WriteOnlyCell(self.sheet)
            for look in looks:
                for attribute, value in LOOKS[look].items():
                    setattr(template, attribute, value)
            # A cell's style array is private in openpyxl, but Cell(style_array=...) copies one.
            self.styles[looks] = template._style  # type: ignore[attr-defined]
        return self.styles[looks]

    def styled(self, value: Any, looks: tuple[str, ...], data_type: str) -> Cell:
        made = Cell(self.sheet, row=1, column=1, value=value, style_array=self.style(looks))
        made.data_type = data_type
        return made

    def cell(self, value: Any, looks: tuple[str, ...] = ()) -> Any:
        """A value for sheet.append: a number as a number, anything else as text."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.styled(value, looks, "n") if looks else value
        content = text(value)
        if not content:
            return None
        if formula_start(content):
            looks = (*looks, "quoted")
        # openpyxl stores text starting with "=" as a formula and "#N/A" as an error: such text,
        # and any styled text, is given its type outright.
        if looks or content.startswith("=") or content in ERROR_CODES:
            return self.styled(content, looks, "s")
        return content

    def link(self, url: str, shown: str | None = None) -> Any:
        """A cell that opens `url`; plain text when `url` is not absolute (no site to link to)."""
        if not url.startswith(("http://", "https://")):
            return self.cell(shown if shown is not None else url)
        made = self.styled(text(shown if shown is not None else url), ("link",), "s")
        made.hyperlink = url
        return made

    def header(self, values: Iterable[str]) -> list[Any]:
        return [self.cell(value, ("header",)) for value in values]


def column_looks(header: str, value: Any) -> tuple[str, ...]:
    """How a Figures cell looks: whole numbers with thousands separators, periods as text,
    the measure and the quote wrapped."""
    if header in NUMBER_COLUMNS:
        return ("whole",) if isinstance(value, int) and header != "Line" else ()
    if header in TEXT_FORMAT_COLUMNS:
        return ("text",)
    return ("wrap",) if header in WRAPPED_COLUMNS else ()


def write_figures(book: Workbook, columns: dict[str, list[Any]]) -> None:
    """The Figures sheet: a frozen header row with a filter, then one row per figure."""
    sheet = book.create_sheet(FIGURES_SHEET)
    writer = SheetWriter(sheet)
    headers = list(columns)
    # A write-only sheet writes its panes and widths before its first row: set them first.
    sheet.freeze_panes = "A2"
    for position, header in enumerate(headers, start=1):
        width = column_width(header, columns[header])
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.append(writer.header(headers))
    count = len(columns[headers[0]])
    for i in range(count):
        sheet.append(
            [
                writer.link(columns[h][i])
                if h == LINK_COLUMN
                else writer.cell(columns[h][i], column_looks(h, columns[h][i]))
                for h in headers
            ]
        )
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"


def filter_words(filters: Filters, dataset: Dataset) -> list[tuple[str, str]]:
    """Each filter applied, named and in words; one row saying so when there is none."""
    rows = []
    if filters.period_narrowed:
        first, last = filters.year_from, filters.year_to
        if first is not None and last is not None:
            span = f"figures whose period overlaps {first}–{last}"
        elif first is not None:
            span = f"figures whose period ends in {first} or later"
        else:
            span = f"figures whose period starts in {last} or earlier"
        rows.append(("Period", f"{span}; undated figures left out"))
    if filters.categories:
        names = ", ".join(CATEGORIES.get(c, c) for c in filters.categories)
        rows.append(("Categories", names))
    if filters.source:
        document = dataset.sources.get(filters.source)
        title = document.title if document is not None else filters.source
        rows.append(("Source", f"{title} ({filters.source})"))
    if filters.q:
        rows.append(
            ("Search", f"\u201c{filters.q}\u201d in the measure, quote or value as written")
        )
    return rows or [("Filters", "none: every figure")]


READING_NOTES = [
    ("Value, Low, High", "numbers; Low and High bound a range or an open interval (“at least”)"),
    ("Period start, Period end", "partial dates, as text: 1937-07 is July 1937, not a day"),
    (LINK_COLUMN, "the figure's page: its quote in its passage, its citation (BibTeX, RIS, CSL)"),
]


def about_facts(
    dataset: Dataset, shown: int, total: int, filters: Filters, exported: date
) -> list[tuple[str, Any]]:
    """The About sheet's first rows: the date, the version, the count and each filter."""
    facts: list[tuple[str, Any]] = [
        ("Exported on", exported.isoformat()),
        ("Data version", dataset.version),
        ("Figures in this file", shown),
    ]
    if shown < total:
        facts.append(
            (
                "Left out",
                f"{total - shown:,} more figures match, after the first {shown:,} in table order: "
                "a spreadsheet holds at most that many; the CSV below has every one",
            )
        )
    return [*facts, *filter_words(filters, dataset)]


def write_about(
    book: Workbook,
    dataset: Dataset,
    shown: pd.DataFrame,
    facts: list[tuple[str, Any]],
    links: list[tuple[str, str]],
) -> None:
    """The About sheet: what the file holds, how it was filtered, and the sources' licences."""
    sheet = book.create_sheet(ABOUT_SHEET)
    writer = SheetWriter(sheet)
    for letter, width in zip("ABCDEF", (26, 70, 30, 40, 30, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(writer.header(["Figures dashboard: figures stated in history documents"]))
    for label, value in facts:
        sheet.append([writer.cell(label), writer.cell(value, ("wrap",))])
    for label, url in links:
        sheet.append([writer.cell(label), writer.link(url)])
    sheet.append([])
    sheet.append(writer.header(["Column", "How to read it"]))
    for label, note in READING_NOTES:
        sheet.append([writer.cell(label), writer.cell(note, ("wrap",))])
    sheet.append([])
    headers = ["Source file", "Title", "Short title", "Licence", "Link", "Figures in this file"]
    sheet.append(writer.header(headers))
    counts = shown["source"].value_counts()
    for name, document in dataset.sources.items():
        cells = [name, document.title, document.short_title, document.licence or "not stated"]
        sheet.append(
            [
                *(writer.cell(c, ("wrap",)) for c in cells),
                writer.link(document.url) if document.url else None,
                writer.cell(int(counts.get(name, 0))),
            ]
        )


def to_xlsx(
    dataset: Dataset, frame: pd.DataFrame, filters: Filters, base_url: str, exported: date
) -> bytes:
    """The workbook's bytes for `frame` (an export frame of the rows `filters` selects), its
    links on the site at `base_url` ('' for none: the paths are then written as text), dated
    `exported`. At most MAX_ROWS figures; the About sheet says how many more match."""
    shown = frame.iloc[:MAX_ROWS]
    site, query = base_url.rstrip("/"), filters.to_query()
    links = [
        (label, f"{site}{path}" + (f"?{query}" if query else ""))
        for label, path in (
            ("This view on the dashboard", "/"),
            ("The same rows as CSV", "/export.csv"),
        )
    ]
    book = Workbook(write_only=True)  # streams rows: no cell objects kept for the whole table
    write_figures(book, figure_columns(dataset, shown, base_url))
    facts = about_facts(dataset, len(shown), len(frame), filters, exported)
    write_about(book, dataset, shown, facts, links)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
