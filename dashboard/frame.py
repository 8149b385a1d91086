"""The plot frame: the figures plus what every chart, table and citation reads per row, computed once."""

from __future__ import annotations

import calendar
from datetime import date

import pandas as pd

from dashboard.data import CATEGORIES

# Theme charts: the categories they draw from, plus rows of other categories whose measure names
# them. Together they cover every category, so every dated or undated figure is in some chart.
THEMES = {
    "war_losses": {"title": "War losses", "categories": ("war_losses",), "keywords": ()},
    "military": {
        "title": "Armed forces and military aid",
        "categories": ("military",),
        "keywords": (),
    },
    "repression": {
        "title": "Repression: executions, arrests, deportations",
        "categories": ("repression",),
        "keywords": (),
    },
    "collectivisation": {
        "title": "Collectivisation and dekulakisation",
        "categories": ("collectivisation",),
        "keywords": ("kulak", "collectiv"),
    },
    "famine": {"title": "Famine deaths", "categories": ("famine",), "keywords": ()},
    "party": {"title": "Party membership and votes", "categories": ("party",), "keywords": ()},
    "economy": {"title": "Economy", "categories": ("economy",), "keywords": ()},
    "society": {"title": "Society and population", "categories": ("society",), "keywords": ()},
}

Rows = list[dict]
PLOT_FIELDS = [
    "id", "claim", "category", "category_label", "measure", "label", "series", "breakdown",
    "value", "value_low", "value_high", "low", "high", "qualifier", "value_text", "unit",
    "period_start", "period_end", "period", "x_start", "x_end", "x_mid", "source", "source_title",
    "source_short", "source_line", "quote", *[f"theme_{name}" for name in THEMES],
]  # fmt: skip


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
    parts = [int(p) for p in text.split("-")]
    year, month, day = parts + [0] * (3 - len(parts))
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


def _extent(row) -> tuple[float, float]:
    """The lowest and highest number a statement gives: its value, or its bounds."""
    numbers = [n for n in (row.value, row.value_low, row.value_high) if pd.notna(n)]
    return float(min(numbers)), float(max(numbers))


def plot_frame(figures: pd.DataFrame, sources: dict) -> pd.DataFrame:
    """A new frame: the figures plus the per-row fields every builder reads.

    `sources` maps file name -> SourceDocument (title and short title are read from it).
    """
    starts, ends, mids, periods = [], [], [], []
    for start, end in zip(figures["period_start"], figures["period_end"], strict=True):
        first = partial_bounds(start)
        last = partial_bounds(end or start)
        if first and last:
            starts.append(first[0].isoformat())
            ends.append(last[1].isoformat())
            mids.append((first[0] + (last[1] - first[0]) / 2).isoformat())
        else:
            starts.append(None)
            ends.append(None)
            mids.append(None)
        periods.append(period_text(start, end))
    extents = [_extent(row) for row in figures.itertuples(index=False)]

    def source_attr(name: str, attribute: str) -> str:
        document = sources.get(name)
        return getattr(document, attribute) if document else name

    empty = pd.Series("", index=figures.index)
    labels = figures.get("label", empty)
    out = figures.assign(
        label=[label or measure for label, measure in zip(labels, figures["measure"], strict=True)],
        breakdown=figures.get("breakdown", empty),
        low=[low for low, _ in extents],
        high=[high for _, high in extents],
        period=periods,
        x_start=starts,
        x_end=ends,
        x_mid=mids,
        source_title=figures["source"].map(lambda name: source_attr(name, "title")),
        source_short=figures["source"].map(lambda name: source_attr(name, "short_title")),
        category_label=figures["category"].map(lambda key: CATEGORIES.get(key, key)),
    )
    text = figures["measure"] + " " + figures["note"]
    for name, theme in THEMES.items():
        mask = figures["category"].isin(theme["categories"])
        for keyword in theme["keywords"]:
            mask |= text.str.contains(keyword, case=False, regex=False)
        out[f"theme_{name}"] = mask
    return out.reset_index(drop=True)


def records(frame: pd.DataFrame | Rows) -> Rows:
    """A plot frame as plain dicts, the form the builders loop over; lists pass through.

    Converting once and handing the records to every builder keeps a filter update in milliseconds.
    """
    if isinstance(frame, list):
        return frame
    out = frame[PLOT_FIELDS].to_dict("records")
    for row in out:
        for key, value in row.items():
            if value is pd.NA or (isinstance(value, float) and value != value):
                row[key] = None  # pandas' missing markers (NaN, NA) as None, which JSON expects
            elif key == "source_line" and value is not None:
                row[key] = int(value)
    return out
