"""CSV export of filtered figures: every curated column plus source title and line, safe for spreadsheets."""

from __future__ import annotations

import io
import unicodedata
from urllib.parse import quote

import pandas as pd

from dashboard.model.data import COLUMNS, Dataset
from dashboard.model.filters import Filters
from dashboard.model.frame import lineage_columns

EXPORT_COLUMNS = [*COLUMNS, "source_title", "source_line", "source_derived_from"]
# A text cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_start(cell: str) -> bool:
    """Whether a spreadsheet may read `cell` as a formula.

    Some spreadsheet programs fold full-width signs (＝ ＋ － ＠) to ASCII and skip invisible
    format characters (zero-width space, joiners, BOM), so both are looked through.
    """  # noqa: RUF002 -- the full-width signs named here are the point
    first = 0
    while first < len(cell) and unicodedata.category(cell[first]) == "Cf":
        first += 1
    return unicodedata.normalize("NFKC", cell[first : first + 1]).startswith(FORMULA_PREFIXES)


def neutralise_formula(cell: object) -> object:
    """Prefix an apostrophe to text a spreadsheet would execute; numbers pass through unchanged."""
    if isinstance(cell, str) and formula_start(cell):
        return "'" + cell
    return cell


def export_frame(dataset: Dataset, figures: pd.DataFrame) -> pd.DataFrame:
    """The export columns for `figures` (already filtered), in table order."""
    titles = {name: doc.title for name, doc in dataset.sources.items()}
    out = figures.assign(
        source_title=figures["source"].map(titles),
        source_line=figures["source_line"],
        source_derived_from=lineage_columns(figures, dataset.sources)[0],
    )
    return out[EXPORT_COLUMNS]


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text of an export frame, with formula-like text cells neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_formula)
    buffer = io.StringIO()
    safe.to_csv(
        buffer, index=False, lineterminator="\n", float_format="%.15g"
    )  # 1000000, not 1000000.0
    return buffer.getvalue()


def export_filename(filters: Filters, version: str = "", suffix: str = ".csv") -> str:
    """A file name that names the filters and the data version:
    figures_1930-1939_famine+repression_v4164f916b89a.csv (or `suffix`: .xlsx)."""
    parts = ["figures"]
    if filters.period_narrowed:
        parts.append(f"{filters.year_from or 'start'}-{filters.year_to or 'end'}")
    if filters.categories:
        parts.append("+".join(filters.categories))
    if filters.source:
        parts.append(filters.source.rsplit(".", 1)[0])
    if filters.q:
        parts.append("q-" + "".join(c if c.isalnum() else "-" for c in filters.q)[:30].strip("-"))
    if version:
        parts.append(f"v{version}")
    return "_".join(parts) + suffix


def content_disposition(filename: str) -> str:
    """An attachment header any server can send: an ASCII name, and the full name per RFC 6266.

    A search in Russian names the file in Cyrillic; HTTP headers are Latin-1, so the UTF-8 name goes
    percent-encoded in filename*, which browsers prefer, with an ASCII stand-in in filename.
    """
    ascii_name = "".join(
        c if c.isascii() and (c.isalnum() or c in "._+-") else "-" for c in filename
    )
    if ascii_name == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
