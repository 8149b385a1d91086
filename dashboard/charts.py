"""Pure builders: figures frame -> plotly figure dicts, table rows and claim comparisons (no Dash)."""

from __future__ import annotations

import calendar
import html
from datetime import date

import pandas as pd

from dashboard.data import CATEGORIES, QUALIFIERS

# Okabe-Ito, the colour-blind-safe palette; yellow gets a dark outline from MARKER_LINE.
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
CATEGORY_COLOURS = {
    "war_losses": "#D55E00",
    "military": "#E69F00",
    "repression": "#0072B2",
    "collectivisation": "#009E73",
    "famine": "#CC79A7",
    "party": "#56B4E9",
    "economy": "#000000",
    "society": "#F0E442",
}
MARKER_LINE = {"color": "#333333", "width": 1}
NEUTRAL = "#555555"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}

# How each qualifier is drawn: marker symbol and the legend line that explains it.
MARKER_KINDS = {
    "point": ("circle", "stated value (exact or about)"),
    "lower": ("triangle-up", "lower bound: at least, more than, an order of"),
    "upper": ("triangle-down", "upper bound: nearly, up to, less than"),
    "range": ("diamond", "range: bar spans the stated bounds"),
    "aggregate": ("square", "many figures: median, bar spans lowest to highest"),
}
QUALIFIER_KIND = {
    "exact": "point",
    "approx": "point",
    "at_least": "lower",
    "more_than": "lower",
    "vague": "lower",
    "nearly": "upper",
    "up_to": "upper",
    "less_than": "upper",
    "range": "range",
    "aggregate": "aggregate",
}
UNIT_LABELS = {"percent": "percent (%)", "share": "share (0–1)"}
# Units that count persons share one panel in the theme charts; the hover names each row's unit.
PERSON_UNITS = {
    "people", "soldiers", "deaths", "executions", "arrests", "casualties", "prisoners", "members",
    "strikers", "deputies",
}  # fmt: skip
PERSON_PANEL = "people"  # executions, deaths, arrests, ...: the hover names the unit
OTHER_PANEL = "other units (see hover)"
MAX_PANELS = 3
PANEL_GAP_PX = 55
LOG_RATIO = 100  # a log axis once the largest value is this many times the smallest
FACET_HEIGHT = 190
EMPTY_MESSAGE = "No figure matches the filters."

# Theme charts: the categories they draw from, plus rows of other categories whose measure names them.
THEMES = {
    "war_losses": {"title": "War losses", "categories": ("war_losses",), "keywords": ()},
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
    "party": {"title": "Party membership and votes", "categories": ("party",), "keywords": ()},
    "famine": {"title": "Famine", "categories": ("famine",), "keywords": ()},
}


def format_number(number: float | None) -> str:
    """1600000 -> '1,600,000'; 0.5 -> '0.5'; None -> ''."""
    if number is None or pd.isna(number):
        return ""
    number = float(number)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.6g}"


def _partial_bounds(text: str) -> tuple[date, date] | None:
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


def period_text(start: str, end: str) -> str:
    """'1932', '1933' -> '1932–1933'; '' -> 'no period given'."""
    if not start:
        return "no period given"
    return start if not end or end == start else f"{start}–{end}"


def _escape(value) -> str:
    """Plotly reads tags in hover text; escaped, data shows as the text it is."""
    return html.escape(str(value), quote=False)


def plot_frame(figures: pd.DataFrame, source_titles: dict[str, str]) -> pd.DataFrame:
    """A new frame: the figures plus what every builder needs per row (computed once per dataset).

    hover holds each row's customdata: [id, measure, value as written, period, source, unit], escaped.
    """
    starts, ends, mids, ys, plus, minus, symbols, periods = [], [], [], [], [], [], [], []
    for row in figures[
        ["period_start", "period_end", "value", "value_low", "value_high", "qualifier"]
    ].itertuples(index=False):
        first = _partial_bounds(row.period_start)
        last = _partial_bounds(row.period_end or row.period_start)
        if first and last:
            starts.append(first[0].isoformat())
            ends.append(last[1].isoformat())
            mids.append((first[0] + (last[1] - first[0]) / 2).isoformat())
        else:
            starts.append(None)
            ends.append(None)
            mids.append(None)
        periods.append(period_text(row.period_start, row.period_end))
        kind = QUALIFIER_KIND.get(row.qualifier, "point")
        symbols.append(MARKER_KINDS[kind][0])
        if kind == "range":
            low, high = float(row.value_low), float(row.value_high)
            y = (low + high) / 2
            ys.append(y)
            plus.append(high - y)
            minus.append(y - low)
        else:
            ys.append(float(row.value) if pd.notna(row.value) else float(row.value_low))
            plus.append(0.0)
            minus.append(0.0)
    titles = figures["source"].map(lambda name: source_titles.get(name, name))
    text = figures["measure"] + " " + figures["note"]
    hover = [
        [
            fid,
            _escape(measure),
            _escape(value_text),
            _escape(period),
            _escape(f"{title} ({source})"),
            _escape(unit),
        ]
        for fid, measure, value_text, period, title, source, unit in zip(
            figures["id"],
            figures["measure"],
            figures["value_text"],
            periods,
            titles,
            figures["source"],
            figures["unit"],
            strict=True,
        )
    ]
    out = figures.assign(
        x_start=starts,
        x_end=ends,
        x_mid=mids,
        y=ys,
        err_plus=plus,
        err_minus=minus,
        symbol=symbols,
        period=periods,
        source_title=titles,
        hover=hover,
        category_label=figures["category"].map(lambda key: CATEGORIES.get(key, key)),
    )
    for name, theme in THEMES.items():
        mask = figures["category"].isin(theme["categories"])
        for keyword in theme["keywords"]:
            mask |= text.str.contains(keyword, case=False, regex=False)
        out[f"theme_{name}"] = mask
    # Integer keys for aggregate_for_plot: grouping on two int columns beats eleven text ones.
    labels = [*AGGREGATE_LABELS, *(f"theme_{name}" for name in THEMES)]
    out["plot_group"] = pd.MultiIndex.from_frame(out[labels].astype(str)).factorize()[0]
    out["plot_year"] = pd.array([int(m[:4]) if m else None for m in mids], dtype="Int64")
    return out.reset_index(drop=True)


# Above this many dated rows a chart draws one aggregate marker per category, source, unit and year
# instead of one per figure: tens of thousands of SVG points would stall the browser and the wire.
MAX_PLOTTED = 2000


MAX_AGGREGATES = 400
BUCKET_YEARS = (1, 2, 5, 10, 25, 100)
AGGREGATE_LABELS = ["category", "category_label", "source", "source_title", "unit"]


def aggregate_for_plot(plot: pd.DataFrame) -> pd.DataFrame:
    """A plot frame with one row per (category, source, unit, themes, period bucket): median, min-max.

    Buckets are one year wide, or wider (2, 5, 10, 25 years) until at most MAX_AGGREGATES remain.
    Undated rows are dropped (charts never draw them); the hover says how many figures each stands for.
    """
    dated = plot[plot["plot_year"].notna()]
    years = dated["plot_year"].astype(int)
    for width in BUCKET_YEARS:
        buckets = years // width * width
        if len(pd.unique(dated["plot_group"] * 10_000 + buckets)) <= MAX_AGGREGATES:
            break
    dated = dated.assign(bucket=buckets)
    grouped = dated.groupby(["plot_group", "bucket"], sort=True)
    out = grouped["y"].agg(["median", "min", "max", "size"]).reset_index()
    out = out.rename(columns={"median": "y", "min": "low", "max": "high", "size": "count"})
    labels = [*AGGREGATE_LABELS, *(f"theme_{name}" for name in THEMES)]
    first = dated.drop_duplicates("plot_group").set_index("plot_group")[labels]
    out = out.join(first, on="plot_group")
    first_year, last_year = out["bucket"], out["bucket"] + width - 1
    out["year"] = (
        first_year.astype(str)
        if width == 1
        else first_year.astype(str) + "–" + last_year.astype(str)
    )
    out["x_start"] = first_year.astype(str) + "-01-01"  # an aggregate stands for its bucket's years
    out["x_end"] = last_year.astype(str) + "-12-31"
    out["x_mid"] = (first_year + width // 2).astype(str) + ("-07-01" if width % 2 else "-01-01")
    out["err_plus"] = out["high"] - out["y"]
    out["err_minus"] = out["y"] - out["low"]
    out["symbol"] = MARKER_KINDS["aggregate"][0]
    out["qualifier"] = "aggregate"
    out["series"] = ""
    out["period"] = out["year"]
    out["hover"] = [
        [
            "",
            _escape(f"{count:,} figures: {label}"),
            _escape(f"median {format_number(y)} (lowest {format_number(lo)}, highest {format_number(hi)})"),
            _escape(year),
            _escape(f"{title} ({source})"),
            _escape(unit),
        ]
        for count, label, y, lo, hi, year, title, source, unit in zip(
            out["count"], out["category_label"], out["y"], out["low"], out["high"], out["year"],
            out["source_title"], out["source"], out["unit"], strict=True,
        )
    ]  # fmt: skip
    for column in PLOT_FIELDS:
        if column not in out:
            out[column] = None  # per-figure fields (id, quote, ...) mean nothing for an aggregate
    return out


Rows = list[dict]
PLOT_FIELDS = [
    "id", "claim", "category", "category_label", "measure", "series", "value", "value_low", "value_high",
    "qualifier", "value_text", "unit", "period_start", "period_end", "period", "source", "source_title",
    "quote", "x_start", "x_end", "x_mid", "y", "err_plus", "err_minus", "symbol", "hover",
    *[f"theme_{name}" for name in THEMES],
]  # fmt: skip


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
                row[key] = (
                    None  # pandas' missing markers (NaN, NA) as None, which JSON and tests expect
                )
    return out


HOVER = (
    "<b>%{customdata[1]}</b><br>Value as written: %{customdata[2]} (%{customdata[5]})<br>"
    "Period: %{customdata[3]}<br>Source: %{customdata[4]}<extra></extra>"
)


def empty_figure(title: str, message: str = EMPTY_MESSAGE) -> dict:
    """A titled figure that says why it is empty instead of showing blank axes."""
    return {
        "data": [],
        "layout": {
            "title": {"text": _escape(title), "x": 0, "xanchor": "left"},
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "height": 220,
            "font": FONT,
            "margin": {"l": 20, "r": 20, "t": 60, "b": 20},
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
            "annotations": [
                {
                    "text": _escape(message),
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                    "showarrow": False,
                    "font": {"size": 15, "color": NEUTRAL},
                }
            ],
        },
    }


def _axis_type(rows: Rows) -> str:
    positive = [v for r in rows for v in (r["y"] - r["err_minus"], r["y"] + r["err_plus"]) if v > 0]
    if positive and max(positive) >= LOG_RATIO * min(positive):
        return "log"
    return "linear"


def _point_traces(
    rows: Rows, name: str, colour: str, axes: tuple[str, str], show: bool
) -> list[dict]:
    """The period segments and the markers (with range error bars) for one colour group."""
    xs, ys = [], []
    for r in rows:
        xs += [r["x_start"], r["x_end"], None]
        ys += [r["y"], r["y"], None]
    segments = {
        "type": "scatter",
        "mode": "lines",
        "x": xs,
        "y": ys,
        "xaxis": axes[0],
        "yaxis": axes[1],
        "line": {"color": colour, "width": 3},
        "opacity": 0.45,
        "hoverinfo": "skip",
        "showlegend": False,
        "legendgroup": name,
    }
    markers = {
        "type": "scatter",
        "mode": "markers",
        "name": _escape(name),
        "legendgroup": name,
        "showlegend": show,
        "x": [r["x_mid"] for r in rows],
        "y": [r["y"] for r in rows],
        "xaxis": axes[0],
        "yaxis": axes[1],
        "customdata": [r["hover"] for r in rows],
        "hovertemplate": HOVER,
        "marker": {
            "color": colour,
            "size": 11,
            "symbol": [r["symbol"] for r in rows],
            "line": MARKER_LINE,
        },
    }
    if any(r["err_plus"] > 0 for r in rows):
        markers["error_y"] = {
            "type": "data",
            "symmetric": False,
            "array": [r["err_plus"] for r in rows],
            "arrayminus": [r["err_minus"] for r in rows],
            "color": colour,
            "thickness": 2,
            "width": 6,
        }
    return [segments, markers]


def _marker_legend(rows: Rows, axes: tuple[str, str]) -> list[dict]:
    """Legend-only traces that explain the marker shapes in use."""
    kinds = {QUALIFIER_KIND.get(r["qualifier"], "point") for r in rows}
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "x": [None],
            "y": [None],
            "xaxis": axes[0],
            "yaxis": axes[1],
            "name": label,
            "legendgroup": "markers",
            "legendgrouptitle": {"text": "Marker shape"},
            "marker": {
                "color": "#ffffff",
                "size": 11,
                "symbol": symbol,
                "line": {"color": NEUTRAL, "width": 2},
            },
            "hoverinfo": "skip",
        }
        for kind, (symbol, label) in MARKER_KINDS.items()
        if kind in kinds
    ]


def _legend_margin(n_entries: int, rows: Rows) -> int:
    """Bottom margin for the x title plus a legend of `n_entries` entries and the marker group."""
    kinds = len({QUALIFIER_KIND.get(r["qualifier"], "point") for r in rows})
    return 70 + 22 * (-(-n_entries // 3) + 1 + kinds)


def _unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


def _colour_groups(rows: Rows, by: str) -> list[tuple[str, str, Rows]]:
    """(legend name, colour, rows) per category (fixed colours) or per source (palette order)."""
    if by == "category":
        present = {r["category"] for r in rows}
        return [
            (CATEGORIES[k], CATEGORY_COLOURS[k], [r for r in rows if r["category"] == k])
            for k in CATEGORIES
            if k in present
        ]
    names = sorted({r["source"] for r in rows})
    return [
        (k, OKABE_ITO[i % len(OKABE_ITO)], [r for r in rows if r["source"] == k])
        for i, k in enumerate(names)
    ]


def _base_layout(title: str, height: int) -> dict:
    return {
        "title": {"text": _escape(title), "x": 0, "xanchor": "left"},
        "height": height,
        "font": FONT,
        "margin": {"l": 70, "r": 20, "t": 60, "b": 60},
        "legend": {"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom", "yref": "container"},
        "hovermode": "closest",
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
    }


def period_range(year_from: int | None, year_to: int | None) -> list[str] | None:
    """The x-axis range of a narrowed period, [first day, last day]; None leaves it to autorange."""
    if year_from is None and year_to is None:
        return None
    return [f"{year_from}-01-01" if year_from else None, f"{year_to}-12-31" if year_to else None]


def _x_range(x_range: list | None) -> dict:
    # A half-open period keeps autorange on its open side ("min"/"max" autorange, plotly >= 5.17).
    if not x_range:
        return {}
    low, high = x_range
    if low and high:
        return {"range": [low, high]}
    return {"autorange": "max" if low else "min", "range": [low, high]}


def explorer_figure(
    frame: pd.DataFrame | Rows,
    title: str = "Every figure on one timeline",
    x_range: list[str] | None = None,
) -> dict:
    """All figures: x spans each period, y the value on a log axis, coloured by category.

    `x_range` (from period_range) shows the narrowed period; long periods run off its edges.
    """
    rows = [r for r in records(frame) if r["x_mid"] is not None and r["y"] > 0]
    if not rows:
        return empty_figure(title)
    data = []
    groups = _colour_groups(rows, "category")
    for name, colour, group in groups:
        data += _point_traces(group, name, colour, ("x", "y"), True)
    data += _marker_legend(rows, ("x", "y"))
    margin = _legend_margin(len(groups), rows)
    layout = _base_layout(title, 420 + margin)
    layout["margin"]["b"] = margin
    layout["xaxis"] = {
        "type": "date",
        "title": {"text": "Period (year)", "standoff": 8},
        "automargin": True,
        "gridcolor": "#e5e5e5",
        **_x_range(x_range),
    }
    layout["yaxis"] = {
        "type": "log",
        "title": {"text": "Stated value (log scale; unit in hover)"},
        "gridcolor": "#e5e5e5",
    }
    return {"data": data, "layout": layout}


def _series_lines(rows: Rows, axes: tuple[str, str]) -> list[dict]:
    """A dotted line through the rows of each series (e.g. membership over 1917), in time order."""
    by_series: dict[str, Rows] = {}
    for r in rows:
        if r["series"]:
            by_series.setdefault(r["series"], []).append(r)
    lines = []
    for name, members in sorted(by_series.items()):
        if len(members) > 1:
            members = sorted(members, key=lambda r: r["x_mid"])
            lines.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": _escape(name),
                    "x": [r["x_mid"] for r in members],
                    "y": [r["y"] for r in members],
                    "xaxis": axes[0],
                    "yaxis": axes[1],
                    "line": {"color": NEUTRAL, "width": 1, "dash": "dot"},
                    "hoverinfo": "skip",
                    "showlegend": False,
                }
            )
    return lines


def _panels(rows: Rows) -> dict[str, Rows]:
    """Rows by panel: persons together, percent apart, at most MAX_PANELS (the rest merged)."""
    panels: dict[str, Rows] = {}
    for r in rows:
        panels.setdefault(PERSON_PANEL if r["unit"] in PERSON_UNITS else r["unit"], []).append(r)
    ordered = sorted(panels.items(), key=lambda item: (-len(item[1]), item[0]))
    if len(ordered) > MAX_PANELS:
        rest = [r for _, members in ordered[MAX_PANELS - 1 :] for r in members]
        ordered = [*ordered[: MAX_PANELS - 1], (OTHER_PANEL, rest)]
    return dict(ordered)


def theme_figure(frame: pd.DataFrame | Rows, theme: str, x_range: list[str] | None = None) -> dict:
    """One theme's figures over time, one panel per unit, coloured by source, series joined."""
    spec = THEMES[theme]
    rows = [r for r in records(frame) if r[f"theme_{theme}"] and r["x_mid"] is not None]
    if not rows:
        return empty_figure(spec["title"])
    panels = _panels(rows)
    n = len(panels)
    margin = _legend_margin(len({r["source"] for r in rows}), rows)
    plot_height = FACET_HEIGHT * n + PANEL_GAP_PX * (n - 1)
    gap = PANEL_GAP_PX / plot_height
    share = FACET_HEIGHT / plot_height
    data, layout = [], _base_layout(spec["title"], 60 + margin + plot_height)
    layout["margin"]["b"] = margin
    sources_seen: set[str] = set()
    for k, (unit, panel) in enumerate(panels.items(), start=1):
        suffix = "" if k == 1 else str(k)
        axes = (f"x{suffix}", f"y{suffix}")
        data += _series_lines(panel, axes)
        for name, colour, group in _colour_groups(panel, "source"):
            data += _point_traces(group, f"Source {name}", colour, axes, name not in sources_seen)
            sources_seen.add(name)
        top = 1 - (k - 1) * (share + gap)
        layout[f"xaxis{suffix}"] = {
            "type": "date",
            "anchor": axes[1],
            "gridcolor": "#e5e5e5",
            "title": {"text": "Period (year)" if k == n else "", "standoff": 8},
            "automargin": True,
            **({"matches": "x"} if k > 1 else _x_range(x_range)),
        }
        axis_type = _axis_type(panel)
        layout[f"yaxis{suffix}"] = {
            "type": axis_type,
            **({} if axis_type == "log" else {"rangemode": "tozero"}),
            **({"range": [0, 105]} if unit == "percent" else {}),
            "domain": [max(0.0, top - share), top],
            "anchor": axes[0],
            "title": {"text": _escape(_unit_label(unit))},
            "gridcolor": "#e5e5e5",
        }
    data += _marker_legend(rows, ("x", "y"))
    return {"data": data, "layout": layout}


def theme_caption(frame: pd.DataFrame | Rows, theme: str) -> str:
    """'Drawn from: title (file); ...' plus how many of the theme's figures have no period.

    Takes a plot frame (vectorised: large tables) or its records (faster for a few hundred rows).
    """
    if isinstance(frame, pd.DataFrame):
        in_theme = frame[frame[f"theme_{theme}"]]
        pairs = sorted(
            in_theme[["source", "source_title"]].drop_duplicates().itertuples(index=False)
        )
        undated = int(in_theme["x_mid"].isna().sum())
    else:
        rows = [r for r in frame if r[f"theme_{theme}"]]
        pairs = sorted({(r["source"], r["source_title"]) for r in rows})
        undated = sum(r["x_mid"] is None for r in rows)
    if not pairs:
        return "No figure in this theme matches the filters."
    text = "Drawn from: " + "; ".join(f"{title} ({name})" for name, title in pairs) + "."
    if undated:
        text += f" {undated:,} figure{'s' if undated > 1 else ''} without a period not plotted: see the table."
    return text


def _periods_differ(rows: Rows) -> bool:
    """Whether two statements give different periods; '1936' and '1936-07' differ only in precision."""

    def compatible(a: str, b: str) -> bool:
        return a.startswith(b) or b.startswith(a)

    spans = [(r["period_start"] or "", r["period_end"] or r["period_start"] or "") for r in rows]
    return any(
        not (compatible(a[0], b[0]) and compatible(a[1], b[1])) for a in spans for b in spans
    )


def claim_comparisons(frame: pd.DataFrame | Rows) -> list[dict]:
    """Claims stated more than once, each with its statements and what differs between them."""
    by_claim: dict[str, Rows] = {}
    for r in records(frame):
        by_claim.setdefault(r["claim"], []).append(r)
    comparisons = []
    for claim, rows in by_claim.items():
        if len(rows) < 2:
            continue
        values = {
            tuple(format_number(r[k]) for k in ("value", "value_low", "value_high")) for r in rows
        }
        differs = [
            name
            for name, differ in (("values", len(values) > 1), ("periods", _periods_differ(rows)))
            if differ
        ]
        statements = [
            {
                "id": r["id"],
                "value_text": r["value_text"],
                "qualifier": QUALIFIERS.get(r["qualifier"], r["qualifier"]),
                "period": r["period"],
                "source": r["source"],
                "source_title": r["source_title"],
                "quote": r["quote"],
            }
            for r in rows
        ]
        comparisons.append(
            {
                "claim": claim,
                "measure": rows[0]["measure"],
                "differs": differs,
                "statements": statements,
            }
        )
    return comparisons
