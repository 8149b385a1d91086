"""Thin callbacks: plain functions over a View (the loaded data), wired by register_callbacks(app)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl

import pandas as pd
from dash import ALL, Input, Output, Patch, State, ctx, html, no_update
from werkzeug.datastructures import MultiDict

from dashboard import layout as ids
from dashboard.charts import (
    AGGREGATE_LABELS,
    MAX_PLOTTED,
    THEMES,
    aggregate_for_plot,
    claim_comparisons,
    explorer_figure,
    period_range,
    plot_frame,
    records,
    theme_caption,
    theme_figure,
)
from dashboard.data import Dataset
from dashboard.export import export_filename
from dashboard.filters import (
    Filters,
    figure_mask,
    hidden_undated,
    parse_query_leniently,
    year_span,
)
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
    (ids.EXPLORER, "figure"),
    *[(ids.THEME_GRAPHS[t], "figure") for t in THEMES],
    *[(ids.THEME_CAPTIONS[t], "children") for t in THEMES],
    (ids.COMPARISONS, "children"),
    (ids.CITATION, "children"),
]
VIEW_INPUTS = [
    (ids.URL, "search"),
    (ids.PERIOD, "value"),
    (ids.CATEGORY, "value"),
    (ids.SOURCE, "value"),
    (ids.SEARCH, "value"),
    (ids.RESET, "n_clicks"),
    (ids.SELECTED, "data"),
]
CONTROL_OUTPUTS = VIEW_OUTPUTS[1:5]
MAX_TABLE_ROWS = 500  # the grid lists at most this many rows; Download CSV has them all
MAX_COMPARISONS = 100  # claim blocks built per update; the section says how many more there are
CITATION_OUTPUTS = [(ids.URL, "search"), (ids.CITATION, "children")]


SHOWN_COLUMNS = [
    "claim", "x_mid", "y", "plot_group", "plot_year",
    *AGGREGATE_LABELS, *(f"theme_{name}" for name in THEMES),
]  # fmt: skip


@dataclass
class View:
    """What the callbacks read: the dataset, its plotting frame (built once) and its year span."""

    dataset: Dataset
    plot: pd.DataFrame = field(init=False)
    span: tuple[int, int] | None = field(init=False)
    index_of: dict[str, int] = field(init=False)
    rows: list[dict] = field(init=False)  # the plot frame as records, taken by position per update
    # Comparison blocks depend only on the data; memoised because Dash components are slow to build.
    comparison_cache: dict = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        titles = {name: doc.title for name, doc in self.dataset.sources.items()}
        self.plot = plot_frame(self.dataset.figures, titles)
        self.span = year_span(self.dataset.figures)
        self.index_of = {fid: i for i, fid in enumerate(self.plot["id"])}
        self.rows = records(self.plot)

    @property
    def source_names(self) -> set[str]:
        return set(self.dataset.sources)

    def row(self, figure_id: str | None) -> pd.Series | None:
        position = self.index_of.get(figure_id) if figure_id else None
        return None if position is None else self.plot.iloc[position]


def filters_from_search(view: View, search: str | None) -> Filters:
    """The filters a URL's query string asks for; malformed parameters fall back to defaults."""
    args = MultiDict(parse_qsl((search or "").lstrip("?"), keep_blank_values=True))
    return parse_query_leniently(args, view.source_names).with_span(view.span)


def filters_from_controls(view: View, period, categories, source, q, figure: str | None) -> Filters:
    year_from, year_to = (period or [None, None])[:2]
    filters = Filters(
        year_from=int(year_from) if year_from is not None else None,
        year_to=int(year_to) if year_to is not None else None,
        categories=tuple(c for c in (categories or []) if isinstance(c, str)),
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


def citation_outputs(view: View, figure: str | None) -> list:
    row = view.row(figure)
    if figure and row is None:
        return [html.P(f"No figure has the id {figure!r}.")]
    return ids.citation_children(view.dataset, row)


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
    return ids.SELECTED if ids.SELECTED in changed else ids.URL


def update_view(
    view: View,
    triggered: str | None,
    search: str | None,
    period,
    categories,
    source,
    q,
    reset_clicks=None,
    selected: str | None = None,
) -> dict:
    """Everything the filters drive, keyed by (component id, property); values may be no_update.

    `triggered` is the id of the input that changed (None on page load). The URL wins on load and
    on back/forward; the controls win when the user moves them; a click only opens a citation.
    """
    out = dict.fromkeys(VIEW_OUTPUTS, no_update)
    if triggered == ids.URL and shows_default_view(
        view, search, period, categories, source, q, selected
    ):
        return out  # the layout was prefilled with this view (prefill_layout): nothing to send
    current = filters_from_search(view, search)
    if triggered == ids.SELECTED:
        filters = filters_from_controls(view, period, categories, source, q, selected or None)
        new_search = _search_of(filters)
        out[(ids.URL, "search")] = new_search if new_search != (search or "") else no_update
        out[(ids.CITATION, "children")] = citation_outputs(view, filters.figure)
        return out
    if triggered in (None, ids.URL):
        filters = current
    elif triggered == ids.RESET:
        filters = Filters(figure=current.figure)
    else:
        filters = filters_from_controls(view, period, categories, source, q, current.figure)
    if triggered in (None, ids.URL, ids.RESET):
        out.update(zip(CONTROL_OUTPUTS, control_values(view, filters), strict=True))
    if triggered != ids.URL:
        new_search = _search_of(filters)
        out[(ids.URL, "search")] = new_search if new_search != (search or "") else no_update

    frame = view.plot
    mask = figure_mask(frame, filters)
    # Only the columns the aggregate, captions and comparisons read: copying all is the slow part.
    shown = frame.loc[mask, SHOWN_COLUMNS]
    export_query = replace(filters, figure=None).to_query()
    out[(ids.COUNT, "children")] = ids.count_line(
        len(shown), len(frame), hidden_undated(frame, filters), listed=MAX_TABLE_ROWS
    )
    out[(ids.DOWNLOAD, "href")] = "/export.csv" + (f"?{export_query}" if export_query else "")
    out[(ids.DOWNLOAD, "download")] = export_filename(filters)
    rows = [view.rows[i] for i in shown.index]  # plain dicts: builders loop fast over them
    # Large tables: charts draw aggregates, the grid and comparisons list the first rows; the
    # count line says so and Download CSV still has every row.
    plotted = rows if len(rows) <= MAX_PLOTTED else records(aggregate_for_plot(shown))
    out[(ids.GRID, "rowData")] = table_rows(rows[:MAX_TABLE_ROWS])
    x_range = period_range(filters.year_from, filters.year_to)
    out[(ids.EXPLORER, "figure")] = explorer_figure(plotted, x_range=x_range)
    for theme in THEMES:
        out[(ids.THEME_GRAPHS[theme], "figure")] = theme_figure(plotted, theme, x_range)
        out[(ids.THEME_CAPTIONS[theme], "children")] = theme_caption(
            rows if plotted is rows else shown, theme
        )
    repeated = shown["claim"][shown["claim"].duplicated(keep=False)]
    first_claims = set(repeated.drop_duplicates().iloc[:MAX_COMPARISONS])
    compared = [view.rows[i] for i in repeated.index if view.rows[i]["claim"] in first_claims]
    out[(ids.COMPARISONS, "children")] = ids.comparisons_children(
        claim_comparisons(compared), view.comparison_cache, total=repeated.nunique()
    )
    out[(ids.CITATION, "children")] = citation_outputs(view, filters.figure)
    return out


def shows_default_view(view: View, search, period, categories, source, q, selected) -> bool:
    """Whether the page already shows the unfiltered view: a first load of '/' (or back to it)."""
    controls = [list(period or []), list(categories or []), source, q or ""]
    return (
        not (search or "").lstrip("?")
        and selected is None
        and controls == control_values(view, Filters())
    )


def prefill_layout(layout, view: View) -> None:
    """Put the unfiltered view into the layout, so the first charts draw without a round trip."""
    values = update_view(view, None, "", None, None, None, None)
    components = {c.id: c for c in layout._traverse() if isinstance(getattr(c, "id", None), str)}
    for (component_id, prop), value in values.items():
        if value is not no_update and component_id in components and component_id != ids.URL:
            setattr(components[component_id], prop, value)


def selected_figure(triggered, clicks: dict, selected_rows) -> str | None:
    """The figure id a chart click, table selection or comparison button names; None on close.

    `clicks` maps graph id -> clickData; `triggered` is an id (a dict for comparison buttons).
    """
    if isinstance(triggered, dict):
        return triggered.get("figure") or no_update
    if triggered == ids.CITATION_CLOSE:
        return None
    if triggered == ids.GRID:
        if selected_rows:
            return selected_rows[0].get("id") or no_update
        return no_update
    data = clicks.get(triggered) or {}
    points = data.get("points") or []
    if points and isinstance(points[0].get("customdata"), list) and points[0]["customdata"]:
        return points[0]["customdata"][0]
    return no_update


def quick_filter(text: str | None) -> Patch:
    patch = Patch()
    patch["quickFilterText"] = text or ""
    return patch


def register_callbacks(app, view: View) -> None:
    """Wire the plain functions above to `app` (not the global @callback: see GUIDE.md)."""

    @app.callback(
        [Output(i, p) for i, p in VIEW_OUTPUTS],
        [Input(i, p) for i, p in VIEW_INPUTS],
    )
    def _view(search, period, categories, source, q, reset_clicks, selected):
        changed = {prop_id.split(".")[0] for prop_id in ctx.triggered_prop_ids}
        result = update_view(
            view,
            main_trigger(changed),
            search,
            period,
            categories,
            source,
            q,
            reset_clicks,
            selected,
        )
        return [result[key] for key in VIEW_OUTPUTS]

    @app.callback(
        Output(ids.SELECTED, "data"),
        [Input(g, "clickData") for g in ids.GRAPHS],
        Input(ids.GRID, "selectedRows"),
        Input(ids.CITATION_CLOSE, "n_clicks"),
        Input({"type": ids.CITE_BUTTON, "figure": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def _select(*args):
        if isinstance(ctx.triggered_id, dict) and not ctx.triggered[0]["value"]:
            return no_update  # a comparison button was (re)rendered, not clicked
        clicks = dict(zip(ids.GRAPHS, args[: len(ids.GRAPHS)], strict=True))
        return selected_figure(ctx.triggered_id, clicks, args[len(ids.GRAPHS)])

    @app.callback(
        Output(ids.GRID, "dashGridOptions"),
        Input(ids.QUICK_FILTER, "value"),
        State(ids.GRID, "dashGridOptions"),
        prevent_initial_call=True,
    )
    def _quick(text, _options):
        return quick_filter(text)
