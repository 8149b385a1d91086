"""Thin callbacks: plain functions over a View (the loaded data), wired by register_callbacks(app)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl

import flask
import numpy as np
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, ctx, html, no_update
from werkzeug.datastructures import MultiDict

from dashboard import layout as ids
from dashboard.charts import (
    MAX_CHART_ROWS,
    drawing_figure,
    source_colours,
    theme_figure,
    theme_summary,
    with_texts,
)
from dashboard.comparisons import claim_comparisons
from dashboard.data import CATEGORIES, Dataset
from dashboard.export import export_filename
from dashboard.filters import FilterIndex, Filters, clamp_period, parse_query_noting, year_span
from dashboard.frame import THEMES, plot_frame, records
from dashboard.table import table_rows

# Every output of the view callback, in the order Dash receives them.
VIEW_OUTPUTS = [
    (ids.URL, "search"),
    (ids.PERIOD, "value"),
    (ids.CATEGORY, "value"),
    (ids.SOURCE, "value"),
    (ids.SEARCH, "value"),
    (ids.COUNT, "children"),
    (ids.DOWNLOAD, "href"),
    (ids.DOWNLOAD, "download"),
    (ids.GRID, "rowData"),
    (ids.GRID, "selectedRows"),
    *[(ids.THEME_GRAPHS[t], "figure") for t in THEMES],
    *[(ids.THEME_CAPTIONS[t], "children") for t in THEMES],
    (ids.COMPARISONS_DATA, "data"),
    (ids.CITATION, "children"),
    (ids.CITATION_PANEL, "className"),
    (ids.URL_NOTICE, "children"),
    (ids.QUICK_FILTER, "value"),
    (ids.GRID, "scrollTo"),
]
VIEW_INPUTS = [
    (ids.URL, "search"),
    (ids.PERIOD, "value"),
    (ids.CATEGORY, "value"),
    (ids.SOURCE, "value"),
    (ids.SEARCH, "value"),
    (ids.RESET, "n_clicks"),
    (ids.SELECTED, "data"),
    (ids.CITATION_CLOSE, "n_clicks"),
]
CONTROL_OUTPUTS = VIEW_OUTPUTS[1:5]
FIRST_DRAWN = 1  # charts drawn with the page itself; the rest follow once it is painted
DEFERRED_OUTPUTS = [
    *[(ids.THEME_GRAPHS[t], "figure") for t in list(THEMES)[FIRST_DRAWN:]],
    (ids.COMPARISONS_DATA, "data"),  # None until then: "Preparing the comparisons…"
    (ids.GRID, "rowData"),  # None until then: the grid shows its loading overlay
]
MAX_TABLE_ROWS = 500  # the grid lists at most this many rows; Download CSV has them all
MAX_CACHED = 2000  # entries per cache; a chart is about 10 KB: at most ~20 MB per worker
MAX_COMPARISONS = 100  # claim blocks built per update; the section says how many more there are


@dataclass
class View:
    """What the callbacks read: the dataset, its plotting frame (built once) and its year span."""

    dataset: Dataset
    plot: pd.DataFrame = field(init=False)
    span: tuple[int, int] | None = field(init=False)
    index_of: dict[str, int] = field(init=False)
    colours: dict[str, str] = field(init=False)
    # The plot frame as records, taken by position per update; with_texts fills in a row's chart
    # texts the first time a chart draws it.
    rows: list[dict] = field(init=False)
    table: list[dict | None] = field(init=False)
    # What a filter update reads, as plain arrays by row position: pandas indexing was most of
    # an update's time.
    filter_index: FilterIndex = field(init=False)
    in_theme: dict[str, np.ndarray] = field(init=False)  # theme -> bool per row
    high: np.ndarray = field(init=False)  # each row's largest value, to pick a chart's largest
    claim_codes: np.ndarray = field(init=False)  # each row's claim as a small integer
    # The whole comparisons section by the rows it compares: filters that keep the same repeated
    # claims (most period moves) reuse it.
    section_cache: dict = field(init=False, default_factory=dict)
    export_cache: dict = field(init=False, default_factory=dict)  # CSV bytes by filter query
    # The first view's values for DEFERRED_OUTPUTS, set by prefill_layout.
    deferred: list = field(init=False, default_factory=list)
    # A chart depends only on the rows it draws, the selection and the filters' wording: views
    # people return to (the default, a theme's period) are built once per worker.
    chart_cache: dict = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.plot = plot_frame(self.dataset.figures, self.dataset.sources)
        self.colours = source_colours(self.dataset.sources)
        self.span = year_span(self.dataset.figures)
        self.index_of = {fid: i for i, fid in enumerate(self.plot["id"])}
        self.rows = records(self.plot)  # chart texts are added to the rows a chart draws
        self.table = [None] * len(self.rows)  # the grid's row per figure: table_row() fills it
        self.filter_index = FilterIndex.of(self.plot)
        self.in_theme = {t: self.plot[f"theme_{t}"].to_numpy(dtype=bool) for t in THEMES}
        self.high = self.plot["high"].to_numpy(dtype="float64", na_value=np.nan)
        self.claim_codes = pd.factorize(self.plot["claim"])[0]

    def table_row(self, position: int) -> dict:
        """The grid's row for the figure at `position`, built the first time the grid lists it:
        the grid shows at most MAX_TABLE_ROWS rows, and building all 100,000 took seconds."""
        row = self.table[position]
        if row is None:
            row = self.table[position] = table_rows([self.rows[position]])[0]
        return row

    @property
    def source_names(self) -> set[str]:
        return set(self.dataset.sources)

    def row(self, figure_id: str | None) -> pd.Series | None:
        position = self.index_of.get(figure_id) if figure_id else None
        return None if position is None else self.plot.iloc[position]


def filters_and_notes(view: View, search: str | None) -> tuple[Filters, list[str]]:
    """The filters a URL asks for, and why each parameter the page cannot use was left out."""
    args = MultiDict(parse_qsl((search or "").lstrip("?"), keep_blank_values=True))
    filters, notes = parse_query_noting(args, view.source_names)
    filters, clamped = clamp_period(filters, view.span)
    return filters.with_span(view.span), notes + clamped


def url_notice(notes: list[str]) -> list:
    """A short notice naming the address's unusable parameters; nothing when there are none."""
    if not notes:
        return []
    return [
        html.Strong("Part of the address could not be used: "),
        "; ".join(notes) + ". The address now shows what the page shows.",
    ]


def filters_from_controls(view: View, period, categories, source, q, figure: str | None) -> Filters:
    year_from, year_to = (period or [None, None])[:2]
    filters = Filters(
        year_from=int(year_from) if year_from is not None else None,
        year_to=int(year_to) if year_to is not None else None,
        categories=tuple(c for c in (categories or []) if c in CATEGORIES),  # known ones only
        source=source if source in view.source_names else None,
        q=(q or "").strip()[:200],
        figure=figure,
    )
    return filters.with_span(view.span)


def control_values(view: View, filters: Filters) -> list:
    """Slider, categories, source and search values that show `filters`."""
    first, last = view.span or ids.FALLBACK_SPAN
    low = first if filters.year_from is None else min(max(filters.year_from, first), last)
    high = last if filters.year_to is None else max(min(filters.year_to, last), low)
    return [[low, high], list(filters.categories), filters.source, filters.q]


def _search_of(filters: Filters) -> str:
    query = filters.to_query()
    return f"?{query}" if query else ""


def citation_outputs(view: View, figure: str | None) -> dict:
    """The citation panel's content and whether it is open."""
    row = view.row(figure)
    if figure and row is None:
        children = [html.P(f"No figure has the id {figure!r}.")]
    else:
        children = ids.citation_children(view.dataset, row, request_origin())
    return {
        (ids.CITATION, "children"): children,
        (ids.CITATION_PANEL, "className"): ids.PANEL_OPEN if figure else ids.PANEL_CLOSED,
    }


def main_trigger(changed: list[str] | set[str]) -> str | None:
    """The one input a view update answers to, from the ids Dash reports as changed.

    On page load Dash reports several at once (the URL and the store): the URL wins, then reset,
    then the filter controls, then a figure selection.
    """
    changed = set(changed)
    if not changed or ids.URL in changed:
        return ids.URL
    for component in (ids.RESET, ids.PERIOD, ids.CATEGORY, ids.SOURCE, ids.SEARCH):
        if component in changed:
            return component
    if ids.CITATION_CLOSE in changed:
        return ids.CITATION_CLOSE
    return ids.SELECTED if ids.SELECTED in changed else ids.URL


def describe_filters(filters: Filters, view: View) -> str:
    """The filters in words, for a downloaded chart image: 'Period 1930–1939; categories: Famine'."""
    parts = []
    if filters.period_narrowed:
        parts.append(f"period {filters.year_from or ''}–{filters.year_to or ''}")
    if filters.categories:
        parts.append("categories: " + ", ".join(CATEGORIES.get(c, c) for c in filters.categories))
    if filters.source:
        parts.append("source: " + view.dataset.sources[filters.source].short_title)
    if filters.q:
        parts.append(f"search: \u201c{filters.q}\u201d")
    return "Filters: " + "; ".join(parts) if parts else "All figures (no filter)"


def sources_credit(view: View) -> str:
    """Every source's title and licence, for a downloaded chart image."""
    return "Sources: " + "; ".join(
        f"{doc.title} ({name}), licence: {(doc.licence or 'not stated').rstrip('.')}"
        for name, doc in view.dataset.sources.items()
    )


def request_origin() -> str:
    """'http://host:port' of the request being answered; '' outside a request (prefill, tests)."""
    return flask.request.host_url.rstrip("/") if flask.has_request_context() else ""


def chart_outputs(view: View, shown: np.ndarray, filters: Filters) -> dict:
    """Each theme's figure and summary: at most MAX_CHART_ROWS rows, the largest numbers first.

    `shown` holds the positions of the rows the filters select.
    """
    out = {}
    credit = sources_credit(view)
    described = describe_filters(filters, view)
    for theme in THEMES:
        index = shown[view.in_theme[theme][shown]]
        total = len(index)
        if total > MAX_CHART_ROWS:
            # The largest first, ties in table order (a stable sort; NaN sorts last).
            index = index[np.argsort(-view.high[index], kind="stable")[:MAX_CHART_ROWS]]
        key = (theme, index.tobytes(), filters.figure, described)

        def build(index=index, theme=theme, total=total):
            rows = with_texts([view.rows[i] for i in index])
            image = {"title": THEMES[theme]["title"], "filters": described, "sources": credit}
            return (
                theme_figure(rows, theme, view.colours, filters.figure, image),
                theme_summary(rows, theme, total),
            )

        figure, summary = remembered(view.chart_cache, key, build)
        out[(ids.THEME_GRAPHS[theme], "figure")] = figure
        out[(ids.THEME_CAPTIONS[theme], "children")] = summary
    return out


def update_view(
    view: View,
    triggered: str | None,
    search: str | None,
    period,
    categories,
    source,
    q,
    selected: str | None = None,
) -> dict:
    """Everything the filters drive, keyed by (component id, property); values may be no_update.

    `triggered` is the id of the input that changed (None on page load). The URL wins on load and
    on back/forward; the controls win when the user moves them; a selection opens a citation and
    highlights that figure in every chart and in the table.
    """
    out = dict.fromkeys(VIEW_OUTPUTS, no_update)
    if triggered == ids.URL and shows_default_view(
        view, search, period, categories, source, q, selected
    ):
        return out  # the layout was prefilled with this view (prefill_layout): nothing to send
    current, notes = filters_and_notes(view, search)
    if current.figure and view.row(current.figure) is None:
        notes.append(f"no figure has the id {current.figure[:60]!r}")
        current = replace(current, figure=None)
    if triggered == ids.SELECTED and (selected or None) == current.figure:
        # The grid reporting back the selection the view itself made: already on the page.
        return out
    if triggered in (None, ids.URL) and notes:
        # Name what was left out, and rewrite the address to what is shown.
        out[(ids.URL_NOTICE, "children")] = url_notice(notes)
        out[(ids.URL, "search")] = _search_of(current)
    elif triggered not in (None, ids.URL):
        out[(ids.URL_NOTICE, "children")] = []
    if triggered in (ids.SELECTED, ids.CITATION_CLOSE):
        figure = selected if triggered == ids.SELECTED else None
        filters = filters_from_controls(view, period, categories, source, q, figure or None)
    elif triggered in (None, ids.URL):
        filters = current
    elif triggered == ids.RESET:
        filters = Filters(figure=current.figure)
    else:
        filters = filters_from_controls(view, period, categories, source, q, current.figure)
    if triggered in (None, ids.URL, ids.RESET):
        out.update(zip(CONTROL_OUTPUTS, control_values(view, filters), strict=True))
    if triggered == ids.RESET:
        out[(ids.QUICK_FILTER, "value")] = ""
    if triggered != ids.URL:
        new_search = _search_of(filters)
        out[(ids.URL, "search")] = new_search if new_search != (search or "") else no_update

    shown = np.flatnonzero(view.filter_index.mask(filters))  # row positions, in table order
    out[(ids.GRID, "selectedRows")] = {"ids": [filters.figure]} if filters.figure else []
    if filters.figure:
        out[(ids.GRID, "scrollTo")] = {"rowId": filters.figure, "rowPosition": "middle"}
    out.update(chart_outputs(view, shown, filters))
    out.update(citation_outputs(view, filters.figure))
    if triggered in (ids.SELECTED, ids.CITATION_CLOSE):
        # Only the selection changed: the table, the count and the comparisons stay as they
        # are, so the element that opened the citation is still there to take focus back.
        return out
    export_query = replace(filters, figure=None).to_query()
    out[(ids.COUNT, "children")] = ids.count_line(
        len(shown),
        len(view.plot),
        view.filter_index.hidden_undated(filters),
        listed=MAX_TABLE_ROWS,
    )
    out[(ids.DOWNLOAD, "href")] = "/export.csv" + (f"?{export_query}" if export_query else "")
    out[(ids.DOWNLOAD, "download")] = export_filename(filters)
    # Large tables: the grid and comparisons list the first rows, each chart its largest; the
    # count line says so and Download CSV still has every row.
    out[(ids.GRID, "rowData")] = [view.table_row(i) for i in shown[:MAX_TABLE_ROWS]]
    chosen, total = compared_positions(view, shown)
    out[(ids.COMPARISONS_DATA, "data")] = remembered(
        view.section_cache,
        (chosen.tobytes(), total),
        lambda: ids.comparisons_data(claim_comparisons([view.rows[i] for i in chosen]), total),
    )
    return out


def remembered(cache: dict, key, build):
    """cache[key], built on first use; bounded, so a long-running server never grows without end."""
    if key not in cache:
        if len(cache) >= MAX_CACHED:
            cache.clear()
        cache[key] = build()
    return cache[key]


def compared_positions(view: View, shown: np.ndarray) -> tuple[np.ndarray, int]:
    """The positions of the shown rows of the first MAX_COMPARISONS claims stated more than once,
    and how many such claims there are in all."""
    codes = view.claim_codes[shown]
    repeated = shown[np.bincount(codes, minlength=1)[codes] > 1] if len(shown) else shown
    repeated_codes = view.claim_codes[repeated]
    claims, first_seen = np.unique(repeated_codes, return_index=True)
    first_claims = claims[np.argsort(first_seen)][:MAX_COMPARISONS]
    return repeated[np.isin(repeated_codes, first_claims)], len(claims)


def shows_default_view(view: View, search, period, categories, source, q, selected) -> bool:
    """Whether the page already shows the unfiltered view: a first load of '/' (or back to it)."""
    controls = [list(period or []), list(categories or []), source, q or ""]
    return (
        not (search or "").lstrip("?")
        and selected is None
        and controls == control_values(view, Filters())
    )


def prefill_layout(layout, view: View) -> None:
    """Put the unfiltered view into the layout, so the first charts draw without a round trip.

    Only the first FIRST_DRAWN charts are in the page itself. Dash's renderer works over every prop
    of the layout while the page starts, so the other charts, the table's rows and the comparisons
    are sent by `deferred_outputs` once the browser has painted the first (assets/charts.js).
    """
    values = update_view(view, None, "", None, None, None, None)
    view.deferred = [values[key] for key in DEFERRED_OUTPUTS]
    for component_id, prop in DEFERRED_OUTPUTS:
        if prop == "figure":
            values[(component_id, prop)] = drawing_figure(values[(component_id, prop)])
        else:
            values[(component_id, prop)] = None
    components = {c.id: c for c in layout._traverse() if isinstance(getattr(c, "id", None), str)}
    for (component_id, prop), value in values.items():
        if value is not no_update and component_id in components and component_id != ids.URL:
            setattr(components[component_id], prop, value)


def deferred_outputs(view: View, search, period, categories, source, q, selected) -> list:
    """The rest of the first view (DEFERRED_OUTPUTS), while the page still shows that view;
    nothing once the user has moved a filter (the view callback drew it)."""
    if shows_default_view(view, search, period, categories, source, q, selected):
        return view.deferred
    return [no_update] * len(DEFERRED_OUTPUTS)


def selected_figure(triggered, clicks: dict, selected_rows) -> str | None:
    """The figure id a chart click or table selection names; None on close.

    `clicks` maps graph id -> clickData; `triggered` is a component id. (A comparison's Citation
    button sets the selection itself: assets/comparisons.js.)
    """
    if triggered == ids.CITATION_CLOSE:
        return None
    if triggered == ids.GRID:
        if isinstance(selected_rows, dict):  # the {"ids": [...]} form the view itself sets
            selected_rows = [{"id": i} for i in selected_rows.get("ids") or []]
        if selected_rows:
            return selected_rows[0].get("id") or no_update
        return no_update
    data = clicks.get(triggered) or {}
    points = data.get("points") or []
    if points and isinstance(points[0].get("customdata"), list) and points[0]["customdata"]:
        return points[0]["customdata"][0]
    return no_update


def register_callbacks(app, view: View) -> None:
    """Wire the plain functions above to `app` (not the global @callback: see GUIDE.md)."""

    @app.callback(
        [Output(i, p) for i, p in VIEW_OUTPUTS],
        [Input(i, p) for i, p in VIEW_INPUTS],
    )
    def _view(search, period, categories, source, q, _reset, selected, _close):
        changed = {prop_id.split(".")[0] for prop_id in ctx.triggered_prop_ids}
        trigger = main_trigger(changed)
        result = update_view(view, trigger, search, period, categories, source, q, selected)
        return [result[key] for key in VIEW_OUTPUTS]

    # The comparisons are drawn from their data by assets/comparisons.js: a few DOM elements per
    # claim instead of forty Dash components, which Dash's renderer took seconds to mount.
    app.clientside_callback(
        ClientsideFunction("comparisons", "draw"),
        Output(ids.COMPARISONS_DRAWN, "data"),
        Input(ids.COMPARISONS_DATA, "data"),
        State(ids.COMPARISONS, "id"),
        State(ids.SELECTED, "id"),
    )

    # The rest of the first view (prefill_layout): asked for once the first charts are painted.
    app.clientside_callback(
        ClientsideFunction("charts", "afterFirstPaint"),
        Output(ids.DEFERRED, "data"),
        Input(ids.URL, "pathname"),  # set once, on load: the page never changes its path
    )

    @app.callback(
        [Output(i, p, allow_duplicate=True) for i, p in DEFERRED_OUTPUTS],
        Input(ids.DEFERRED, "data"),
        [State(i, p) for i, p in VIEW_INPUTS if i not in (ids.RESET, ids.CITATION_CLOSE)],
        prevent_initial_call=True,
    )
    def _deferred(_painted, search, period, categories, source, q, selected):
        return deferred_outputs(view, search, period, categories, source, q, selected)

    @app.callback(
        Output(ids.SELECTED, "data"),
        [Input(g, "clickData") for g in ids.GRAPHS],
        Input(ids.GRID, "selectedRows"),
        Input(ids.CITATION_CLOSE, "n_clicks"),
        prevent_initial_call=True,
    )
    def _select(*args):
        clicks = dict(zip(ids.GRAPHS, args[: len(ids.GRAPHS)], strict=True))
        # The grid also reports the row the view itself selected; update_view sees that the
        # figure is already the URL's and sends nothing, so the two callbacks never loop.
        return selected_figure(ctx.triggered_id, clicks, args[len(ids.GRAPHS)])
