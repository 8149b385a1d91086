"""The plot frame: the figures plus what every chart, table and citation reads per row, computed once."""

from __future__ import annotations

import calendar
import functools
import warnings
from collections.abc import Iterable
from datetime import date
from typing import Any, TypedDict, cast

import numpy as np
import pandas as pd

from dashboard.model.data import parse_partial_date
from dashboard.model.sources import SourceDocument
from dashboard.model.vocabulary import CATEGORIES, THEMES


class PlotFields(TypedDict):
    """A plot row's fields, one per column of the plot frame that records() reads."""

    id: str
    claim: str
    category: str
    category_label: str
    measure: str
    label: str  # the short label, or the measure where the CSV gives none
    series: str  # '' when the row is in no series
    breakdown: str  # '' when the row is part of no breakdown
    value: float | None
    value_low: float | None
    value_high: float | None
    # The row's lowest and highest number (extents): None only for a row without any number,
    # which loading refuses (data.BOUNDS_RULES); the charts read them through low_of / high_of.
    low: float | None
    high: float | None
    qualifier: str
    value_text: str
    unit: str
    period_start: str  # a partial date, '' when the row gives no period
    period_end: str
    period: str  # the period in words
    # The period's first, last and middle day (ISO): all three, or None for an undated row.
    x_start: str | None
    x_end: str | None
    x_mid: str | None
    source: str
    source_title: str
    source_short: str
    source_line: int | None
    quote: str
    asserted_by: str  # who the sentence says the figure comes from; '' in the document's own voice
    lineage: str  # the works the sentence comes from, in words
    works: tuple[str, ...]  # the same works by name, which comparisons intersect
    themes: tuple[str, ...]  # the themes of vocabulary.THEMES whose charts draw the row


# The chart texts are optional keys of a total=False subclass, not NotRequired ones: under
# postponed annotations Python 3.11 counts NotRequired keys as required at run time.
class PlotRow(PlotFields, total=False):
    """A plot row: one figure as the charts, the table and the comparisons read it.

    records() fills its fields from the plot frame; charts.with_texts adds the chart texts below
    the first time a chart draws the row, and keeps them in it.
    """

    text_lines: list[str]  # the row's printed text, wrapped and escaped
    hover_text: str


Rows = list[PlotRow]
# The plot frame's columns records() reads, in PlotFields' order: the type and the rows agree.
PLOT_FIELDS = list(PlotFields.__annotations__)


def in_theme(row: PlotRow, theme: str) -> bool:
    """Whether `theme`'s chart draws the row (plot_frame lists its themes)."""
    return theme in row["themes"]


def format_number(number: float | None) -> str:
    """1600000 -> '1,600,000'; 0.5 -> '0.5'; None -> ''."""
    if number is None or pd.isna(number):
        return ""
    number = float(number)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.6g}"


def partial_bounds(text: str) -> tuple[date, date] | None:
    """First and last day a partial date covers: '1917-03' -> (1917-03-01, 1917-03-31)."""
    if not text:
        return None
    year, month, day = parse_partial_date(text)  # data's reading: loading has checked it
    if day:
        return date(year, month, day), date(year, month, day)
    if month:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def date_text(partial: str) -> str:
    """'1917' -> '1917'; '1916-10' -> 'Oct 1916'; '1917-03-08' -> '8 Mar 1917'."""
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = calendar.month_abbr[parts[1]]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


def period_text(start: str, end: str) -> str:
    """'1932', '1933' -> '1932–1933'; '1936-12', '1938-11' -> 'Dec 1936–Nov 1938'."""
    if not start:
        return "no period given"
    if not end or end == start:
        return date_text(start)
    return f"{date_text(start)}–{date_text(end)}"


def extents(figures: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each statement's lowest and highest number: its value, or its bounds (NaN ignored)."""
    numbers = figures[["value", "value_low", "value_high"]].to_numpy(dtype="float64")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a row without numbers: NaN, as before
        return np.nanmin(numbers, axis=1), np.nanmax(numbers, axis=1)


def period_fields(start: str, end: str) -> tuple[str | None, str | None, str | None, str]:
    """A period's first day, last day and middle day (ISO), and its words."""
    first = partial_bounds(start)
    last = partial_bounds(end or start)
    if not (first and last):
        return None, None, None, period_text(start, end)
    middle = first[0] + (last[1] - first[0]) / 2
    return first[0].isoformat(), last[1].isoformat(), middle.isoformat(), period_text(start, end)


def lineage_columns(
    figures: pd.DataFrame, sources: dict[str, SourceDocument]
) -> tuple[list[str], list[tuple[str, ...]]]:
    """Per row: the works its sentence comes from, in words ('' when sources.json does not say),
    and as a tuple of names that comparisons intersect; each source line is looked up once."""
    places = list(zip(figures["source"].tolist(), figures["source_line"].tolist(), strict=True))
    found: dict[tuple[str, Any], tuple[str, tuple[str, ...]]] = {}
    for name, line in set(places):
        document = sources.get(name)
        works = document.works_at(None if pd.isna(line) else int(line)) if document else []
        found[(name, line)] = ("; ".join(str(w) for w in works), tuple(w.work for w in works))
    return [found[p][0] for p in places], [found[p][1] for p in places]


def plot_frame(figures: pd.DataFrame, sources: dict[str, SourceDocument]) -> pd.DataFrame:
    """A new frame: the figures plus the per-row fields every builder reads.

    `sources` maps file name -> SourceDocument (title and short title are read from it).
    """
    # Plain lists: iterating pandas' string arrays boxes every cell, seconds at 100,000 rows.
    pairs = list(zip(figures["period_start"].tolist(), figures["period_end"].tolist(), strict=True))
    # A table holds few distinct periods: each is worked out once.
    placed = {pair: period_fields(*pair) for pair in set(pairs)}
    fields = [placed[pair] for pair in pairs]
    low, high = extents(figures)

    names = figures["source"].tolist()
    titles = {name: (d.title, d.short_title) for name, d in sources.items()}
    lineage, works = lineage_columns(figures, sources)

    def column(values: list[Any]) -> pd.Series:
        """A list as a column of `figures`, its values in row order (None where missing)."""
        return pd.Series(values, index=figures.index)

    empty = pd.Series("", index=figures.index)
    labels = figures.get("label", empty)
    out = figures.assign(
        label=[
            label or measure
            for label, measure in zip(labels.tolist(), figures["measure"].tolist(), strict=True)
        ],
        breakdown=figures.get("breakdown", empty),
        low=low,
        high=high,
        x_start=column([f[0] for f in fields]),
        x_end=column([f[1] for f in fields]),
        x_mid=column([f[2] for f in fields]),
        period=[f[3] for f in fields],
        source_title=column([titles.get(n, (n, n))[0] for n in names]),
        source_short=column([titles.get(n, (n, n))[1] for n in names]),
        category_label=column([CATEGORIES.get(k, k) for k in figures["category"].tolist()]),
        lineage=lineage,
        works=pd.Series(works, index=figures.index, dtype=object),  # tuples, one per cell
    )
    kinds = zip(
        figures["category"].tolist(),
        figures["measure"].tolist(),
        figures["note"].tolist(),
        strict=True,
    )
    themes = [themes_of(*kind) for kind in kinds]
    out["themes"] = pd.Series(themes, index=figures.index, dtype=object)  # tuples, one per cell
    return out.reset_index(drop=True)


@functools.lru_cache(maxsize=2**16)  # rows share their category and wording
def themes_of(category: str, measure: str, note: str) -> tuple[str, ...]:
    """The themes a row belongs to: by its category, or by a keyword in its measure or note."""
    text = f"{measure} {note}".casefold()
    return tuple(
        name
        for name, theme in THEMES.items()
        if category in theme["categories"] or any(k in text for k in theme["keywords"])
    )


def records(frame: pd.DataFrame | Rows) -> Rows:
    """A plot frame as plain dicts, the form the builders loop over; lists pass through.

    Converting once and handing the records to every builder keeps a filter update in milliseconds.
    """
    if isinstance(frame, list):
        return frame
    # Column by column, pandas' missing markers (NaN, NA) as None, which JSON expects: at 100,000
    # rows DataFrame.to_dict took seconds, boxing every cell of its extension arrays one by one.
    columns: list[Iterable[Any]] = [
        # pandas-stubs types na_value as a scalar other than None, which pandas accepts.
        frame[key].to_numpy(dtype=object, na_value=None)  # type: ignore[call-overload]
        for key in PLOT_FIELDS
    ]
    line_at = PLOT_FIELDS.index("source_line")
    columns[line_at] = [None if v is None else int(v) for v in columns[line_at]]
    rows = [dict(zip(PLOT_FIELDS, values, strict=True)) for values in zip(*columns, strict=True)]
    # Where pandas' untyped cells become PlotRows (tests/model/test_vocabularies.py checks each field's
    # type): checking 100,000 rows here would cost more than building them.
    return cast(Rows, rows)
