"""Thin callbacks: plain functions over a View (the loaded data), wired by register_callbacks(app)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import numpy as np
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update
from dash._no_update import NoUpdate
from dash.development.base_component import Component
from werkzeug.datastructures import MultiDict

from dashboard.model.data import Dataset
from dashboard.model.filters import (
    FilterIndex,
    Filters,
    clamp_period,
    parse_query_noting,
    year_span,
)
from dashboard.model.frame import Rows, plot_frame, records
from dashboard.model.vocabulary import CATEGORIES, THEMES
from dashboard.web import ids, layout
from dashboard.web.byte_cache import ByteCache
from dashboard.web.chart_words import with_texts
from dashboard.web.charts import (
    MAX_CHART_ROWS,
    source_colours,
    theme_figure,
    theme_summary,
)
from dashboard.web.citation_panel import citation_children
from dashboard.web.comparison_blocks import comparisons_section
from dashboard.web.downloads import DOWNLOAD_OUTPUTS, download_links
from dashboard.web.origin import site_origin
from dashboard.web.overview import overview_data
from dashboard.web.table import table_message, table_rows


def chart_key(theme: str) -> str:
    return f"chart_{theme}"


def caption_key(theme: str) -> str:
    return f"caption_{theme}"


# The view callback's outputs and inputs, by name: update_view returns a dict of these names, and
# register_callbacks hands Dash the same dicts, so nothing depends on an order.
# The address and the filter controls: inputs of the view, and outputs too (the URL restores them).
ADDRESS_AND_CONTROLS: dict[str, tuple[str, str]] = {
    "search": (ids.URL, "search"),
    "period": (ids.PERIOD, "value"),
    "categories": (ids.CATEGORY, "value"),
    "source": (ids.SOURCE, "value"),
    "q": (ids.SEARCH, "value"),
}
VIEW_OUTPUTS: dict[str, tuple[str, str]] = {
    **ADDRESS_AND_CONTROLS,
    "count": (ids.COUNT, "children"),
    **DOWNLOAD_OUTPUTS,  # the CSV's and the spreadsheet's links: download_href, xlsx_href, ...
    # The first chart's graph is on the page; the later ones' figures go to a store each, and
    # assets/charts.js mounts or updates their graphs (ids.LATER_THEMES).
    **{
        chart_key(t): (ids.THEME_FIGURES[t], "data") if t in ids.THEME_FIGURES else (g, "figure")
        for t, g in ids.THEME_GRAPHS.items()
    },
    **{caption_key(t): (ids.THEME_CAPTIONS[t], "children") for t in THEMES},
    "comparisons": (ids.COMPARISONS_DATA, "data"),
    "overview": (ids.OVERVIEW_DATA, "data"),
    "citation": (ids.CITATION, "children"),
    "citation_panel": (ids.CITATION_PANEL, "className"),
    "url_notice": (ids.URL_NOTICE, "children"),
    "table": (ids.TABLE_VIEW, "data"),  # the grid's rows and selection (table.table_message)
}
VIEW_INPUTS: dict[str, tuple[str, str]] = {
    **ADDRESS_AND_CONTROLS,
    "reset": (ids.RESET, "n_clicks"),  # a trigger only: its count is never read
    "selected": (ids.SELECTED, "data"),
    "close": (ids.CITATION_CLOSE, "n_clicks"),  # a trigger only
}
# What the filter controls show, set from the URL on load and by Reset (control_values).
CONTROL_OUTPUTS = ("period", "categories", "source", "q")
# Sent once the first chart is painted (prefill_layout).
DEFERRED_OUTPUTS = (
    *[chart_key(t) for t in ids.LATER_THEMES],
    "comparisons",  # None until then: "Preparing the comparisons…"
    "table",  # None until then: the grid, once mounted, shows its loading overlay
)
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
    rows: Rows = field(init=False)
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
    # (CSV, gzipped CSV) by filter query, bounded by bytes (server/csv_export.py)
    export_cache: ByteCache[tuple[bytes, bytes]] = field(init=False, default_factory=ByteCache)
    # The first view's values for DEFERRED_OUTPUTS, set by prefill_layout.
    deferred: dict[str, Any] = field(init=False, default_factory=dict)
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
        themes = self.plot["themes"].tolist()
        self.in_theme = {
            t: np.fromiter((t in ts for ts in themes), bool, len(themes)) for t in THEMES
        }
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


@dataclass(frozen=True)
class Controls:
    """What the view callback reads: the address, the filter controls and the selected figure."""

    search: str | None = None
    period: list | None = None
    categories: list[str] | None = None
    source: str | None = None
    q: str | None = None
    selected: str | None = None

    @classmethod
    def of(cls, values: dict[str, Any]) -> Controls:
        """From the callback's named inputs (VIEW_INPUTS); the buttons' counts are not read."""
        return cls(**{f.name: values.get(f.name) for f in fields(cls)})


def filters_and_notes(view: View, search: str | None) -> tuple[Filters, list[str]]:
    """The filters a URL asks for, and why each parameter the page cannot use was left out."""
    args = MultiDict(parse_qsl((search or "").lstrip("?"), keep_blank_values=True))
    filters, notes = parse_query_noting(args, view.source_names)
    filters, clamped = clamp_period(filters, view.span)
    cited = args.get("v")
    if cited and cited != view.dataset.version:
        # A permalink made before the table changed: the figure's reading may differ now.
        notes.append(
            f"it cites data version {cited[:20]!r}; the table has changed since (now "
            f"{view.dataset.version}), so compare the figure's reading with your citation"
        )
    return filters.with_span(view.span), notes + clamped


def url_notice(notes: list[str]) -> list:
    """A short notice naming the address's unusable parameters; nothing when there are none."""
    if not notes:
        return []
    return [
        html.Strong("Part of the address could not be used: "),
        "; ".join(notes) + ". The address now shows what the page shows.",
    ]


def filters_from_controls(view: View, controls: Controls, figure: str | None) -> Filters:
    year_from, year_to = (controls.period or [None, None])[:2]
    filters = Filters(
        year_from=int(year_from) if year_from is not None else None,
        year_to=int(year_to) if year_to is not None else None,
        categories=tuple(c for c in (controls.categories or []) if c in CATEGORIES),  # known only
        source=controls.source if controls.source in view.source_names else None,
        q=(controls.q or "").strip()[:200],
        figure=figure,
    )
    return filters.with_span(view.span)


def control_values(view: View, filters: Filters) -> dict[str, Any]:
    """Slider, categories, source and search values that show `filters` (CONTROL_OUTPUTS)."""
    first, last = view.span or layout.FALLBACK_SPAN
    low = first if filters.year_from is None else min(max(filters.year_from, first), last)
    high = last if filters.year_to is None else max(min(filters.year_to, last), low)
    return {
        "period": [low, high],
        "categories": list(filters.categories),
        "source": filters.source,
        "q": filters.q,
    }


def _search_of(filters: Filters) -> str:
    query = filters.to_query()
    return f"?{query}" if query else ""


def citation_outputs(view: View, figure: str | None) -> dict:
    """The citation panel's content and whether it is open."""
    row = view.row(figure)
    if figure and row is None:
        children = [html.P(f"No figure has the id {figure!r}.")]
    else:
        children = citation_children(view.dataset, row, site_origin())
    return {
        "citation": children,
        "citation_panel": layout.PANEL_OPEN if figure else layout.PANEL_CLOSED,
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


def chart_outputs(view: View, shown: np.ndarray, filters: Filters) -> dict:
    """Each theme's figure and summary: at most MAX_CHART_ROWS rows, the largest numbers first.

    `shown` holds the positions of the rows the filters select.
    """
    out = {}
    described = describe_filters(filters, view)
    for theme in THEMES:
        index = shown[view.in_theme[theme][shown]]
        total = len(index)
        if total > MAX_CHART_ROWS:
            # The largest first, ties in table order (a stable sort; NaN sorts last).
            index = index[np.argsort(-view.high[index], kind="stable")[:MAX_CHART_ROWS]]
        key = (theme, index.tobytes(), filters.figure, described)

        def build(index: np.ndarray = index, theme: str = theme, total: int = total) -> tuple:
            rows = with_texts([view.rows[i] for i in index])
            # The image's sources are credited from the page's one list (source_list.py).
            image = {"title": THEMES[theme]["title"], "filters": described}
            return (
                theme_figure(rows, theme, view.colours, filters.figure, image),
                theme_summary(rows, theme, total),
            )

        figure, summary = remembered(view.chart_cache, key, build)
        out[chart_key(theme)] = figure
        out[caption_key(theme)] = summary
    return out


def update_view(view: View, triggered: str | None, controls: Controls) -> dict[str, Any]:
    """Everything the filters drive, keyed by VIEW_OUTPUTS' names; values may be no_update.

    `triggered` is the id of the input that changed (None on page load). The URL wins on load and
    on back/forward; the controls win when the user moves them; a selection opens a citation and
    highlights that figure in every chart and in the table.
    """
    out: dict[str, Any] = dict.fromkeys(VIEW_OUTPUTS, no_update)
    if triggered == ids.URL and shows_default_view(view, controls):
        return out  # the layout was prefilled with this view (prefill_layout): nothing to send
    current, notes = filters_and_notes(view, controls.search)
    if current.figure and view.row(current.figure) is None:
        notes.append(f"no figure has the id {current.figure[:60]!r}")
        current = replace(current, figure=None)
    if triggered == ids.SELECTED and (controls.selected or None) == current.figure:
        # The grid reporting back the selection the view itself made: already on the page.
        return out
    if triggered in (None, ids.URL) and notes:
        # Name what was left out, and rewrite the address to what is shown.
        out["url_notice"] = url_notice(notes)
        out["search"] = _search_of(current)
    elif triggered not in (None, ids.URL):
        out["url_notice"] = []
    filters = view_filters(view, triggered, controls, current)
    if triggered in (None, ids.URL, ids.RESET):
        out.update(control_values(view, filters))
    if triggered != ids.URL:
        new_search = _search_of(filters)
        out["search"] = new_search if new_search != (controls.search or "") else no_update

    shown = np.flatnonzero(view.filter_index.mask(filters))  # row positions, in table order
    out.update(chart_outputs(view, shown, filters))
    out.update(citation_outputs(view, filters.figure))
    if triggered in (ids.SELECTED, ids.CITATION_CLOSE):
        # Only the selection changed: the table's rows, the count and the comparisons stay as
        # they are, so the element that opened the citation is still there to take focus back.
        out["table"] = table_message(None, filters.figure, clear_quick_filter=False)
        return out
    out.update(listing_outputs(view, shown, filters, triggered))
    return out


def listing_outputs(
    view: View, shown: np.ndarray, filters: Filters, triggered: str | None
) -> dict[str, Any]:
    """What lists the shown figures: the count line, the download link, the table and the
    comparisons. Large tables: the grid and comparisons list the first rows, each chart its
    largest; the count line says so and Download CSV still has every row."""
    out: dict[str, Any] = {}
    out["count"] = layout.count_line(
        len(shown),
        len(view.plot),
        view.filter_index.hidden_undated(filters),
        listed=MAX_TABLE_ROWS,
    )
    out.update(download_links(filters, view.dataset.version, len(shown)))
    out["table"] = table_message(
        [view.table_row(i) for i in shown[:MAX_TABLE_ROWS]],
        filters.figure,
        clear_quick_filter=triggered == ids.RESET,
    )
    out["overview"] = remembered(
        view.section_cache, ("overview", shown.tobytes()), lambda: overview_data(view.rows, shown)
    )
    chosen, total = compared_positions(view, shown)
    out["comparisons"] = remembered(
        view.section_cache,
        (chosen.tobytes(), total),
        lambda: comparisons_section(view.rows, view.claim_codes, chosen, total),
    )
    return out


def view_filters(
    view: View, triggered: str | None, controls: Controls, current: Filters
) -> Filters:
    """The filters to show: the address's (`current`) on load and back/forward, the controls'
    when the user moved one, none (but the open citation) on Reset."""
    if triggered in (ids.SELECTED, ids.CITATION_CLOSE):
        figure = controls.selected if triggered == ids.SELECTED else None
        return filters_from_controls(view, controls, figure or None)
    if triggered in (None, ids.URL):
        return current
    if triggered == ids.RESET:
        return Filters(figure=current.figure)
    return filters_from_controls(view, controls, current.figure)


T = TypeVar("T")


def remembered(cache: dict, key: Hashable, build: Callable[[], T]) -> T:
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


def shows_default_view(view: View, controls: Controls) -> bool:
    """Whether the page already shows the unfiltered view: a first load of '/' (or back to it)."""
    shown = {
        "period": list(controls.period or []),
        "categories": list(controls.categories or []),
        "source": controls.source,
        "q": controls.q or "",
    }
    return (
        not (controls.search or "").lstrip("?")
        and controls.selected is None
        and shown == control_values(view, Filters())
    )


def prefill_layout(page: Component, view: View) -> None:
    """Put the unfiltered view into the layout, so the first chart draws without a round trip.

    Only the first chart is in the page itself. Dash's renderer works over every prop of the
    layout while the page starts, and plotly draws every graph on it before the browser paints, so
    the other charts, the table's rows and the comparisons are sent by `deferred_outputs` once the
    browser has painted the first (assets/charts.js); until then each later chart's slot holds a
    word at the chart's height.
    """
    values = update_view(view, None, Controls(search=""))
    view.deferred = {key: values[key] for key in DEFERRED_OUTPUTS}
    components = {c.id: c for c in page._traverse() if isinstance(getattr(c, "id", None), str)}
    for key in DEFERRED_OUTPUTS:
        values[key] = None
    for theme, slot in ids.THEME_SLOTS.items():
        height = view.deferred[chart_key(theme)]["layout"]["height"]
        components[slot].children = layout.drawing_placeholder(height)
    for key, value in values.items():
        component_id, prop = VIEW_OUTPUTS[key]
        if value is not no_update and component_id in components and component_id != ids.URL:
            setattr(components[component_id], prop, value)


def deferred_outputs(view: View, controls: Controls) -> dict[str, Any]:
    """The rest of the first view (DEFERRED_OUTPUTS), while the page still shows that view;
    nothing once the user has moved a filter (the view callback drew it)."""
    if shows_default_view(view, controls):
        return view.deferred
    return dict.fromkeys(DEFERRED_OUTPUTS, no_update)


def clicked_figure(click_data: dict | None) -> str | NoUpdate:
    """The figure id a chart click names (each point carries its id first in customdata)."""
    points = (click_data or {}).get("points") or []
    if points and isinstance(points[0].get("customdata"), list) and points[0]["customdata"]:
        return points[0]["customdata"][0]
    return no_update


def grid_selection(selected_rows: Any) -> str | NoUpdate:
    """The figure id of the table's selected row. (A comparison's Citation button sets the
    selection itself: assets/comparisons.js.)"""
    if isinstance(selected_rows, dict):  # the {"ids": [...]} form the view itself sets
        selected_rows = [{"id": i} for i in selected_rows.get("ids") or []]
    if selected_rows:
        return selected_rows[0].get("id") or no_update
    return no_update


def register_callbacks(app: Dash, view: View) -> None:
    """Wire the plain functions above to `app`: not with the global @callback, which would tie
    every app built in one process (the tests build many) to the same callbacks."""

    @app.callback(
        output={key: Output(*target) for key, target in VIEW_OUTPUTS.items()},
        inputs={key: Input(*source) for key, source in VIEW_INPUTS.items()},
    )
    def _view(**inputs: Any) -> dict[str, Any]:
        changed = {prop_id.split(".")[0] for prop_id in ctx.triggered_prop_ids}
        return update_view(view, main_trigger(changed), Controls.of(inputs))

    # The comparisons are drawn from their data by assets/comparisons.js: a few DOM elements per
    # claim instead of forty Dash components, which Dash's renderer took seconds to mount.
    app.clientside_callback(
        ClientsideFunction("comparisons", "draw"),
        Output(ids.COMPARISONS_DRAWN, "data"),
        Input(ids.COMPARISONS_DATA, "data"),
        State(ids.COMPARISONS, "id"),
        State(ids.SELECTED, "id"),
    )

    app.clientside_callback(
        ClientsideFunction("overview", "draw"),
        Output(ids.OVERVIEW_DRAWN, "data"),
        Input(ids.OVERVIEW_DATA, "data"),
        State(ids.OVERVIEW, "id"),
        State(ids.SELECTED, "id"),
    )

    # The rest of the first view (prefill_layout): asked for once the first charts are painted.
    app.clientside_callback(
        ClientsideFunction("charts", "afterFirstPaint"),
        Output(ids.DEFERRED, "data"),
        Input(ids.URL, "pathname"),  # set once, on load: the page never changes its path
    )

    @app.callback(
        output={key: Output(*VIEW_OUTPUTS[key], allow_duplicate=True) for key in DEFERRED_OUTPUTS},
        inputs={
            "painted": Input(ids.DEFERRED, "data"),
            **{key: State(*source) for key, source in ADDRESS_AND_CONTROLS.items()},
            "selected": State(*VIEW_INPUTS["selected"]),
        },
        prevent_initial_call=True,
    )
    def _deferred(painted: object, **controls: Any) -> dict[str, Any]:
        del painted  # a trigger only: the charts are painted
        return deferred_outputs(view, Controls.of(controls))

    register_chart_callbacks(app)
    register_selection_callbacks(app)


def register_chart_callbacks(app: Dash) -> None:
    """Each later chart's figure, from its store to its graph: mounted into the chart's slot the
    first time, updated in place after that."""
    for slot_theme, slot in ids.THEME_SLOTS.items():
        app.clientside_callback(
            ClientsideFunction("charts", "show"),
            Output(slot, "children"),
            Input(ids.THEME_FIGURES[slot_theme], "data"),
            State(slot, "id"),
            State(ids.GRAPH_PROPS, "data"),
            prevent_initial_call=True,
        )


def register_selection_callbacks(app: Dash) -> None:
    """A chart click, Close and a table selection set the selected figure through callbacks of
    their own. Dash drops a callback's answer when the same callback fires again before it
    arrives, so one shared callback lost a chart click when the grid, mounting meanwhile,
    reported its (empty) selection; and Dash refuses to run a callback while some of its inputs
    are not on the page (the later charts, until they are mounted)."""
    for graph in ids.GRAPHS:
        app.callback(
            Output(ids.SELECTED, "data", allow_duplicate=True),
            Input(graph, "clickData"),
            prevent_initial_call=True,
        )(clicked_figure)

    @app.callback(
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Input(ids.CITATION_CLOSE, "n_clicks"),
        prevent_initial_call=True,
    )
    def _close(_clicks: object) -> None:
        return None

    @app.callback(
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Input(ids.GRID, "selectedRows"),  # mounted with the table, when it nears the screen
        prevent_initial_call=True,
    )
    def _select_in_table(selected_rows: object) -> str | NoUpdate:
        # The grid also reports the row the view itself selected; update_view sees that the
        # figure is already the URL's and sends nothing, so the two callbacks never loop.
        return grid_selection(selected_rows)
