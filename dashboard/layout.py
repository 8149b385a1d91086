"""The page: component ids as constants, build_layout(...) and the panels callbacks re-render."""

from __future__ import annotations

import json
from urllib.parse import quote as url_quote

import pandas as pd
from dash import dcc, html
from plotly.io.json import to_json_plotly

from dashboard.charts import THEMES, format_number
from dashboard.data import CATEGORIES, QUALIFIERS, Dataset
from dashboard.table import GRID as GRID  # re-exported: the page's component ids live here
from dashboard.table import figures_grid

TITLE = "Figures from the sources: Russia and the Soviet Union"
INTRO = (
    "Every number stated in the source documents, each traced to the sentence it comes from: "
    "filter them, compare statements of the same quantity, open any citation in context and "
    "download what you see as CSV."
)

URL = "url"
PERIOD = "period-slider"
CATEGORY = "category-filter"
SOURCE = "source-filter"
SEARCH = "search-input"
RESET = "reset-button"
COUNT = "count-line"
DOWNLOAD = "download-csv"
EXPLORER = "chart-explorer"
THEME_GRAPHS = {theme: f"chart-{theme.replace('_', '-')}" for theme in THEMES}
THEME_CAPTIONS = {theme: f"caption-{theme.replace('_', '-')}" for theme in THEMES}
GRAPHS = [*THEME_GRAPHS.values(), EXPLORER]
QUICK_FILTER = "table-quick-filter"
SELECTED = "selected-figure"
CITATION = "citation"
CITATION_CLOSE = "citation-close"
COMPARISONS = "comparisons"

FALLBACK_SPAN = (1900, 2000)  # the slider still exists when no figure has a period
GRAPH_CONFIG = {
    "displaylogo": False,
    "displayModeBar": "hover",  # shown on hover/focus, so it never covers a title on narrow screens
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def permalink(figure_id: str) -> str:
    return "/?figure=" + url_quote(figure_id, safe="")


def _year_marks(span: tuple[int, int]) -> dict:
    first, last = span
    step = 1 if last - first <= 8 else 5 if last - first <= 40 else 10
    inner = range(first + step // 2 + 1, last - step // 2)  # keep clear of the end labels
    marks = {year: str(year) for year in inner if year % step == 0}
    return {first: str(first), **marks, last: str(last)}


def _labelled(label: str, control_id: str, control, hint: str = "") -> html.Div:
    children = [
        html.Label(label, htmlFor=control_id, id=f"{control_id}-label", className="control-label"),
        control,
    ]
    if hint:
        children.append(html.Div(hint, className="hint"))
    return html.Div(children, className="control")


def filters_panel(dataset: Dataset, span: tuple[int, int] | None) -> html.Section:
    figures = dataset.figures
    present = set(figures["category"])
    categories = [
        {"label": label, "value": key} for key, label in CATEGORIES.items() if key in present
    ]
    sources = [
        {"label": f"{doc.title} ({name})", "value": name} for name, doc in dataset.sources.items()
    ]
    first, last = span or FALLBACK_SPAN
    period = dcc.RangeSlider(
        id=PERIOD,
        min=first,
        max=last,
        step=1,
        value=[first, last],
        marks=_year_marks((first, last)),
        allowCross=False,
        updatemode="mouseup",
        disabled=span is None,
    )
    return html.Section(
        [
            html.H2("Filters", className="visually-hidden"),
            html.Div(
                _labelled(
                    "Period (years)",
                    PERIOD,
                    period,
                    "A figure is shown when its period overlaps the range.",
                ),
                className="control control-period",
            ),
            _labelled(
                "Categories",
                CATEGORY,
                dcc.Dropdown(
                    id=CATEGORY,
                    options=categories,
                    value=[],
                    multi=True,
                    placeholder="All categories",
                ),
            ),
            _labelled(
                "Source document",
                SOURCE,
                dcc.Dropdown(
                    id=SOURCE,
                    options=sources,
                    value=None,
                    placeholder="All sources",
                    clearable=True,
                ),
            ),
            _labelled(
                "Search measure and quote",
                SEARCH,
                dcc.Input(
                    id=SEARCH,
                    type="search",
                    value="",
                    debounce=True,
                    placeholder="e.g. executed, famine",
                    maxLength=200,
                    className="text-input",
                ),
            ),
            html.Div(
                [
                    html.Button(
                        "Reset filters", id=RESET, n_clicks=0, type="button", className="button"
                    ),
                    html.A(
                        "Download CSV",
                        id=DOWNLOAD,
                        href="/export.csv",
                        download="figures.csv",
                        className="button button-primary",
                    ),
                ],
                className="control control-actions",
            ),
            html.P(id=COUNT, className="count-line", role="status", **{"aria-live": "polite"}),
        ],
        className="filters",
        **{"aria-label": "Filters"},
    )


def _chart(graph_id: str, caption_id: str | None = None) -> html.Figure:
    children = [dcc.Graph(id=graph_id, config=GRAPH_CONFIG, figure={"data": [], "layout": {}})]
    if caption_id:
        children.append(html.Figcaption(id=caption_id, className="caption"))
    return html.Figure(children, className="chart")


def sources_list(dataset: Dataset) -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    html.Cite(doc.title),
                    " — file ",
                    html.Code(name),
                    f"; licence: {doc.licence or 'not stated'}",
                    f". {doc.description}" if doc.description else "",
                ]
            )
            for name, doc in dataset.sources.items()
        ],
        className="sources-list",
    )


def scope_line(dataset: Dataset, span: tuple[int, int] | None) -> str:
    """'123 figures from 2 documents, 1890–1953.': what the page covers, from the data itself."""
    figures, documents = len(dataset.figures), len(dataset.sources)
    text = f"{figures:,} figure{'s' if figures != 1 else ''} from {documents} document{'s' if documents != 1 else ''}"
    return f"{text}, {span[0]}–{span[1]}." if span else f"{text}."


def build_layout(dataset: Dataset, span: tuple[int, int] | None) -> html.Div:
    """The whole page; every data-driven part is filled by the view callback on load."""
    grid = figures_grid()
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Store(id=SELECTED, data=None),
            html.Header(
                [
                    html.H1(TITLE),
                    html.P(INTRO, className="intro"),
                    html.P(scope_line(dataset, span), className="intro"),
                ],
                className="page-header",
            ),
            html.Main(
                [
                    filters_panel(dataset, span),
                    html.Section(
                        [
                            html.Div(
                                [
                                    html.H2("Citation"),
                                    html.Button(
                                        "Close citation",
                                        id=CITATION_CLOSE,
                                        n_clicks=0,
                                        type="button",
                                        className="button",
                                    ),
                                ],
                                className="citation-head",
                            ),
                            html.Div(id=CITATION),
                        ],
                        className="citation-panel",
                        id=f"{CITATION}-panel",
                        **{"aria-live": "polite"},
                    ),
                    html.Section(
                        [
                            html.H2("Themes"),
                            html.P(
                                "Each mark is one statement in a source; click a mark to read its sentence.",
                                className="hint",
                            ),
                            html.Div(
                                [_chart(THEME_GRAPHS[t], THEME_CAPTIONS[t]) for t in THEMES],
                                className="chart-grid",
                            ),
                        ]
                    ),
                    html.Section([html.H2("Explorer"), _chart(EXPLORER)]),
                    html.Section(
                        [
                            html.H2("Table"),
                            html.P(
                                "The figures shown, as text. Sort by a column header; select a row "
                                "(click, or Space on a focused row) to open its citation.",
                                className="hint",
                            ),
                            _labelled(
                                "Quick filter within the table",
                                QUICK_FILTER,
                                dcc.Input(
                                    id=QUICK_FILTER, type="search", value="", className="text-input"
                                ),
                                "Hides table rows only; the charts and the download follow the filters above.",
                            ),
                            grid,
                        ]
                    ),
                    html.Section(
                        [
                            html.H2("Comparisons"),
                            html.P(
                                "Quantities stated more than once, side by side; differences are flagged.",
                                className="hint",
                            ),
                            html.Div(id=COMPARISONS),
                        ]
                    ),
                ]
            ),
            html.Footer(
                [html.H2("Sources"), sources_list(dataset)],
                className="page-footer",
            ),
        ],
        className="page",
    )


def count_line(shown: int, total: int, hidden: int, listed: int | None = None) -> str:
    """'12 of 123 figures shown (3 undated hidden)', plus a note when the table lists fewer."""
    text = f"{shown:,} of {total:,} figures shown ({hidden:,} undated hidden)"
    if listed is not None and shown > listed:
        text += f"; the table lists the first {listed:,} and charts group them by year (Download CSV has all)"
    return text


def qualifier_text(qualifier: str) -> str:
    """'at_least' -> 'at least'; 'exact' -> 'stated plainly (exact)': the words, and the code if it differs."""
    words = QUALIFIERS.get(qualifier, qualifier)
    return words if words == qualifier.replace("_", " ") else f"{words} ({qualifier})"


def _reading(row: pd.Series) -> list:
    bounds = [
        ("Value", format_number(row["value"])),
        ("Lower bound", format_number(row["value_low"])),
        ("Upper bound", format_number(row["value_high"])),
        ("Qualifier", qualifier_text(row["qualifier"])),
        ("Value as written", row["value_text"]),
        ("Unit", row["unit"]),
        ("Period", row["period"]),
        ("Category", row["category_label"]),
    ]
    if row["note"]:
        bounds.append(("Curator's note", row["note"]))
    items = []
    for term, text in bounds:
        if text:
            items += [html.Dt(term), html.Dd(text)]
    return [html.Dl(items, className="reading")]


def citation_children(dataset: Dataset, row: pd.Series | None) -> list:
    """The passage around the quote with the quote highlighted, its source and the row's reading."""
    if row is None:
        return [
            html.P(
                "Click a mark in a chart or select a table row to see the sentence it comes from."
            )
        ]
    document = dataset.sources.get(row["source"])
    passage: list = [html.Mark(row["quote"])]
    if document is not None:
        span = document.find(row["quote"])
        if span is not None:
            before, quoted, after = document.passage(span)
            passage = [before, html.Mark(quoted), after]
    where = [
        html.Cite(document.title if document else row["source"]),
        ", file ",
        html.Code(row["source"]),
        f", line {row['source_line']}" if pd.notna(row["source_line"]) else "",
    ]
    return [
        html.H3(row["measure"]),
        html.Blockquote(html.P(passage), className="passage"),
        html.P(where, className="citation-source"),
        *_reading(row),
        html.P(
            [
                "Permalink: ",
                html.A(permalink(row["id"]), href=permalink(row["id"])),
            ]
        ),
    ]


CITE_BUTTON = "cite-button"  # pattern-matching id type: {"type": CITE_BUTTON, "figure": <id>}


def comparison_block(comparison: dict) -> html.Details:
    """One repeated claim as a table of its statements, differences flagged."""
    differs = comparison["differs"]
    flag = (
        html.Span(
            "Statements differ in " + " and ".join(differs) + ".", className="flag flag-differs"
        )
        if differs
        else html.Span("Statements agree.", className="flag flag-agrees")
    )
    header = html.Tr(
        [
            html.Th(h, scope="col")
            for h in ("Value as written", "Qualifier", "Period", "Source", "Quote", "")
        ]
    )
    body = [
        html.Tr(
            [
                html.Td(s["value_text"]),
                html.Td(s["qualifier"]),
                html.Td(s["period"]),
                html.Td(html.Code(s["source"]), title=s["source_title"]),
                html.Td(s["quote"], className="quote-cell"),
                html.Td(
                    html.Button(
                        "Citation",
                        id={"type": CITE_BUTTON, "figure": s["id"]},
                        type="button",
                        className="button button-small",
                        **{"aria-label": f"Open the citation of {s['id']}"},
                    )
                ),
            ]
        )
        for s in comparison["statements"]
    ]
    # Disagreements open by default; agreeing restatements fold away to keep the page short.
    return html.Details(
        [
            html.Summary([html.Strong(comparison["measure"]), " ", flag]),
            html.Div(
                html.Table([html.Thead(header), html.Tbody(body)], className="compare-table"),
                className="table-scroll",
            ),
        ],
        open=bool(differs),
        className="comparison" + (" comparison-differs" if differs else ""),
    )


def comparisons_children(
    comparisons: list[dict], cache: dict | None = None, total: int | None = None
) -> list:
    """One block per repeated claim; `cache` (key: claim and statement ids) skips rebuilding them.

    `total` is how many comparisons there are when only the first ones were passed.
    """
    if not comparisons:
        return [html.P("No quantity among the figures shown is stated more than once.")]
    blocks = []
    if total is not None and total > len(comparisons):
        blocks.append(
            html.P(
                f"Showing {len(comparisons):,} of {total:,} repeated quantities; narrow the filters to see the rest."
            )
        )
    for comparison in comparisons:
        key = (comparison["claim"], tuple(s["id"] for s in comparison["statements"]))
        if cache is None:
            blocks.append(comparison_block(comparison))
            continue
        if key not in cache:
            cache[key] = as_plain(comparison_block(comparison))
        blocks.append(cache[key])
    return blocks


def as_plain(component) -> dict:
    """The JSON form Dash sends for a component, as plain dicts and lists.

    Dash encodes components by walking them in Python on every response; a cached block already in
    this form encodes about ten times faster (the comparisons were 3.4 of a 4.5 ms response).
    """
    return json.loads(to_json_plotly(component))
