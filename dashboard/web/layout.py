"""The page: component ids as constants, build_layout(...) and the panels callbacks re-render."""

from __future__ import annotations

import json
from typing import Any

from dash import dcc, html
from dash.development.base_component import Component

from dashboard.model.data import Dataset
from dashboard.model.vocabulary import CATEGORIES, THEMES
from dashboard.web.chart_words import GLYPH_WORDS
from dashboard.web.charts import MAX_CHART_ROWS, source_colours
from dashboard.web.citation_panel import source_link
from dashboard.web.downloads import XLSX_LABEL
from dashboard.web.html_attributes import attributes
from dashboard.web.ids import (
    CATEGORY,
    CITATION,
    CITATION_CLOSE,
    CITATION_HEADING,
    CITATION_PANEL,
    COMPARISONS,
    COMPARISONS_BODY,
    COMPARISONS_DATA,
    COMPARISONS_DRAWN,
    COUNT,
    DEFERRED,
    DOM_IDS_FOR_SCRIPTS,
    DOWNLOAD,
    DOWNLOAD_XLSX,
    GRAPH_PROPS,
    OVERVIEW,
    OVERVIEW_DATA,
    OVERVIEW_DRAWN,
    PERIOD,
    RESET,
    SEARCH,
    SELECTED,
    SOURCE,
    TABLE_SECTION,
    THEME_BODIES,
    THEME_CAPTIONS,
    THEME_FIGURES,
    THEME_GRAPHS,
    THEME_SLOTS,
    THEME_TITLES,
    URL,
    URL_NOTICE,
)
from dashboard.web.source_list import SOURCES_PAGE_ROUTE, SOURCES_ROUTE, many_sources
from dashboard.web.table import table_section

TITLE = "Figures from the sources: Russia and the Soviet Union"
INTRO = (
    "Every number stated in the source documents, each traced to the sentence it comes from: "
    "filter them, compare statements of the same quantity, open any citation in context and "
    "download what you see as CSV or a spreadsheet."
)

DRAWING_MESSAGE = "Drawing the chart\u2026"
PANEL_CLOSED, PANEL_OPEN = "citation-panel", "citation-panel is-open"

FALLBACK_SPAN = (1900, 2000)  # the slider still exists when no figure has a period
# No plotly toolbar: its buttons were 48 Tab stops, covered titles and offered to send the chart
# to Plotly's cloud. Each chart has its own PNG and SVG download buttons instead (assets/charts.js).
GRAPH_CONFIG: Any = {  # Any: dcc.Graph's Config type lists only some of plotly's keys
    "displayModeBar": False,
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "scrollZoom": False,
    "doubleClick": False,
    # Not plotly's own responsive mode: it sized charts from their container's height, which
    # collapsed to 0 when the citation panel narrowed the page. assets/charts.js redraws a chart
    # at its new width instead, keeping the height the figure sets.
    "responsive": False,
    # A PNG at twice the pixels: sharp on a high-density screen and in print. The modebar's own
    # button is hidden; assets/charts.js reads this for the chart's Download PNG button.
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
# The key explains each glyph once, beside the charts (CSS draws the small samples); a downloaded
# image carries the same words (charts.key_annotation).
GLYPH_KEY = list(GLYPH_WORDS.items())


def _year_marks(span: tuple[int, int]) -> dict:
    first, last = span
    step = 1 if last - first <= 8 else 5 if last - first <= 40 else 10
    inner = range(first + step // 2 + 1, last - step // 2)  # keep clear of the end labels
    marks = {year: str(year) for year in inner if year % step == 0}
    return {first: str(first), **marks, last: str(last)}


def _labelled(label: str, control_id: str, control: Component, hint: str = "") -> html.Div:
    children = [
        html.Label(label, htmlFor=control_id, id=f"{control_id}-label", className="control-label"),
        control,
    ]
    if hint:
        children.append(html.Div(hint, className="hint"))
    return html.Div(children, className="control")


def filters_panel(dataset: Dataset, span: tuple[int, int] | None) -> html.Section:
    """The filters: period, categories, source, search, the reset and download buttons, the count."""
    return html.Section(
        [
            html.H2("Filters", className="visually-hidden"),
            html.P(id=URL_NOTICE, className="url-notice", role="status"),
            _period_control(span),
            *_choice_controls(dataset),
            _action_controls(),
            html.P(
                id=COUNT,
                className="count-line",
                role="status",
                **attributes({"aria-live": "polite"}),
            ),
        ],
        className="filters",
        **attributes({"aria-label": "Filters"}),
    )


def _period_control(span: tuple[int, int] | None) -> html.Div:
    """The period slider over the data's years (disabled when no figure is dated)."""
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
    return html.Div(
        _labelled(
            "Period (years)",
            PERIOD,
            period,
            "A figure is shown when its period overlaps the range.",
        ),
        className="control control-period",
    )


def _choice_controls(dataset: Dataset) -> list[html.Div]:
    """The categories the data holds, its sources, and the search box."""
    present = set(dataset.figures["category"])
    categories = [
        {"label": label, "value": key} for key, label in CATEGORIES.items() if key in present
    ]
    sources = [{"label": doc.short_title, "value": name} for name, doc in dataset.sources.items()]
    return [
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
                debounce=0.6,  # applies a moment after typing stops, like the table's filter
                placeholder="e.g. executions, 700 thousand",
                maxLength=200,
                className="text-input",
            ),
        ),
    ]


def _action_controls() -> html.Div:
    """Reset, Download CSV and Download spreadsheet (the download links follow the filters)."""
    return html.Div(
        [
            html.Button("Reset filters", id=RESET, n_clicks=0, type="button", className="button"),
            html.A(
                "Download CSV",
                id=DOWNLOAD,
                href="/export.csv",
                download="figures.csv",
                className="button button-primary",
            ),
            html.A(
                XLSX_LABEL,
                id=DOWNLOAD_XLSX,
                href="/export.xlsx",
                download="figures.xlsx",
                className="button",
            ),
        ],
        className="control control-actions",
    )


def _chart(theme: str) -> html.Figure:
    """A theme chart: its heading, the graph, download buttons and a text summary (caption)."""
    graph_id, title_id, caption_id = THEME_GRAPHS[theme], THEME_TITLES[theme], THEME_CAPTIONS[theme]
    downloads = [
        html.Button(
            f"Download {fmt.upper()}",
            type="button",
            className="button button-small image-download",
            **attributes(
                {
                    "data-graph": graph_id,
                    "data-format": fmt,
                    "aria-label": f"Download {fmt.upper()}: {THEMES[theme]['title']} chart",
                }
            ),
        )
        for fmt in ("png", "svg")
    ]
    if theme in THEME_SLOTS:  # the graph is mounted by assets/charts.js when its figure arrives
        plot: list = [
            html.Div(drawing_placeholder(), id=THEME_SLOTS[theme], className="chart-slot"),
            dcc.Store(id=THEME_FIGURES[theme], data=None),
        ]
    else:
        plot = [
            dcc.Graph(
                id=graph_id,
                config=GRAPH_CONFIG,
                responsive=False,
                figure={"data": [], "layout": {}},
            )
        ]
    # The chart folds to its title and summary until opened (the overview names every
    # quantity): the page halves, and a reader opens the chart they want.
    body = html.Details(
        [
            html.Summary("Show the chart", className="chart-toggle"),
            *plot,
            html.Div(downloads, className="chart-actions"),
            embed_snippet(theme),
        ],
        id=THEME_BODIES[theme],
        className="chart-body",
    )
    return html.Figure(
        [
            html.H3(THEMES[theme]["title"], id=title_id, className="chart-title"),
            html.Figcaption(id=caption_id, className="caption"),
            body,
        ],
        className="chart",
        **attributes({"aria-labelledby": title_id, "aria-describedby": caption_id}),
    )


def embed_snippet(theme: str) -> html.Details:
    """The <iframe> that puts this chart in another page (GET /embed/<theme>), folded away."""
    slug = theme.replace("_", "-")
    snippet = (
        f'<iframe src="/embed/{slug}" title="{THEMES[theme]["title"]}" width="100%" '
        'height="640" loading="lazy"></iframe>'
    )
    return html.Details(
        [
            html.Summary("Embed this chart"),
            html.P(
                "Paste into a web page, with this site's address before /embed/; add the "
                "address's filters (?from=…&to=…&category=…) to embed what you see.",
                className="hint",
            ),
            html.Pre(snippet, className="embed-code", tabIndex=0),
        ],
        className="embed-snippet",
    )


def drawing_placeholder(height: int | None = None) -> html.P:
    """What a chart's slot shows until its graph is mounted: a word, at the chart's height (set
    by callbacks.prefill_layout), so nothing below moves when it is drawn."""
    style = {"height": f"{height}px"} if height else {}
    return html.P(DRAWING_MESSAGE, className="chart-drawing", style=style)


def glyph_key(dataset: Dataset) -> html.Details:
    """How to read the charts: each glyph and each source colour, explained once."""
    colours = source_colours(dataset.sources)
    glyphs = [
        html.Li(
            [
                html.Span(className=f"glyph glyph-{kind}", **attributes({"aria-hidden": "true"})),
                text,
            ]
        )
        for kind, text in GLYPH_KEY
    ]
    sources = [
        html.Li(
            [
                html.Span(
                    className="swatch",
                    style={"background": colours[name]},
                    **attributes({"aria-hidden": "true"}),
                ),
                doc.short_title,
            ]
        )
        for name, doc in dataset.sources.items()
        if name in colours  # every source while the palette has a colour for each
    ]
    # Folded like the charts it explains; open, it stays above them.
    return html.Details(
        [
            html.Summary(html.H3("How to read the charts", className="key-title")),
            html.P(
                "Each row is one statement in a source: its words, period and value as written "
                "are printed above its mark. Click a row, its words or its mark, or choose a row in "
                "the table, to read the sentence it comes from. From the keyboard: Tab to a chart, "
                "move between its rows with the up and down arrows, and press Enter.",
                className="hint",
            ),
            html.Ul(glyphs, className="key-list"),
            *source_key(dataset, sources),
        ],
        className="chart-key",
    )


def source_key(dataset: Dataset, sources: list[html.Li]) -> list[Component]:
    """The key's colours: one per source while the palette has enough (`sources`, its entries);
    beyond that each chart gives its own sources the colours (chart_colours.chart_colours)."""
    if sources:
        return [
            html.P("Colour names the source document:", className="hint"),
            html.Ul(sources, className="key-list key-sources"),
        ]
    listed = html.A(f"all {len(dataset.sources):,} sources", href=SOURCES_PAGE_ROUTE)
    return [
        html.P(
            [
                "Colour names the source document within each chart: the sources a chart draws "
                "take a colour each, those with the most rows first, and any beyond six share "
                "grey. Every row's words name its source, and a downloaded image's key names its "
                "colours. See ",
                listed if many_sources(dataset) else html.A(listed.children, href="#sources"),
                ".",
            ],
            className="hint",
        )
    ]


def charts_section(dataset: Dataset) -> html.Section:
    return html.Section(
        [
            html.H2("Charts", id="charts", tabIndex="-1"),
            glyph_key(dataset),
            html.Div([_chart(t) for t in THEMES], className="chart-grid"),
        ],
        **attributes({"aria-labelledby": "charts"}),
    )


def citation_panel() -> html.Div:
    """The citation, shown beside the page (wide screens) or as a bottom sheet (phones).

    assets/citation.js moves focus into it when it opens and back to the opener on Escape/Close.
    """
    return html.Div(
        [
            html.Div(
                [
                    html.H2("Citation", id=CITATION_HEADING, tabIndex="-1"),
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
        id=CITATION_PANEL,
        className=PANEL_CLOSED,
        role="dialog",
        **attributes({"aria-labelledby": CITATION_HEADING, "aria-modal": "false"}),
    )


def sources_list(dataset: Dataset) -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    html.Cite(doc.title),
                    " — file ",
                    html.Code(name),
                    " (",
                    html.A("read the document", href=source_link(name)),
                    ")",
                    f"; licence: {(doc.licence or 'not stated').rstrip('.')}",
                    f". {doc.description}" if doc.description else "",
                ]
            )
            for name, doc in dataset.sources.items()
        ],
        className="sources-list",
    )


def sources_summary(dataset: Dataset) -> html.P:
    """The footer's sources above MANY_SOURCES: their number and the page that lists them."""
    return html.P(
        [
            f"{len(dataset.sources):,} source documents: each one's title, licence and figures are "
            "listed on ",
            html.A("the sources page", href=SOURCES_PAGE_ROUTE),
            ".",
        ],
        className="sources-summary",
    )


def scope_line(dataset: Dataset, span: tuple[int, int] | None) -> str:
    """'123 figures from 2 documents, 1890–1953.': what the page covers, from the data itself."""
    figures, documents = len(dataset.figures), len(dataset.sources)
    text = f"{figures:,} figure{'s' if figures != 1 else ''} from {documents} document{'s' if documents != 1 else ''}"
    return f"{text}, {span[0]}–{span[1]}." if span else f"{text}."


def data_version_line(version: str) -> html.P:
    """The footer's data version, which every citation, permalink and download names."""
    return html.P(
        [
            "Data version ",
            html.Code(version),
            ": a fingerprint of the table and its documents, named in every citation, permalink "
            "and download.",
        ],
        className="data-version",
    )


def overview_section() -> html.Section:
    """Every quantity shown, a line each under its chart's name: drawn by assets/overview.js."""
    return html.Section(
        [
            html.H2("At a glance", id="at-a-glance"),
            html.P(
                "Each quantity the figures shown state, with its value (or the values its "
                "statements give); \u26a0 marks statements that differ. Choose one to read its "
                "sentence; open a chart below to see them drawn.",
                className="hint",
            ),
            dcc.Store(id=OVERVIEW_DATA, data=None),
            html.Div(id=OVERVIEW, className="overview"),
            dcc.Store(id=OVERVIEW_DRAWN, data=0),
        ],
        className="overview-section",
        **attributes({"aria-labelledby": "at-a-glance"}),
    )


def comparisons_section() -> html.Section:
    """The comparisons: drawn by assets/comparisons.js from the data in the store."""
    return html.Section(
        [
            html.H2("Comparisons"),
            html.P(
                "Quantities stated more than once, side by side; differences are flagged.",
                className="hint",
            ),
            dcc.Store(id=COMPARISONS_DATA, data=None),
            # Folded like the charts: the overview above flags the same disagreements.
            html.Details(
                [
                    html.Summary("Show the comparisons", className="chart-toggle"),
                    html.Div(id=COMPARISONS, className="comparisons"),
                ],
                id=COMPARISONS_BODY,
                className="comparisons-body",
            ),
            dcc.Store(id=COMPARISONS_DRAWN, data=0),
        ]
    )


def build_layout(dataset: Dataset, span: tuple[int, int] | None, grid_script: str = "") -> html.Div:
    """The whole page; every data-driven part is filled by the view callback on load."""
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            dcc.Store(id=SELECTED, data=None),
            dcc.Store(id=DEFERRED, data=None),
            # What assets/charts.js mounts each later chart's graph with.
            dcc.Store(
                id=GRAPH_PROPS,
                data={
                    "config": GRAPH_CONFIG,
                    "graphs": {THEME_SLOTS[t]: THEME_GRAPHS[t] for t in THEME_SLOTS},
                },
            ),
            html.Nav(
                [
                    html.A("Skip to the charts", href="#charts", className="skip-link"),
                    html.A("Skip to the table", href=f"#{TABLE_SECTION}", className="skip-link"),
                ],
                className="skip-links",
                **attributes({"aria-label": "Skip links"}),
            ),
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
                    overview_section(),
                    charts_section(dataset),
                    table_section(grid_script),
                    comparisons_section(),
                ]
            ),
            html.Section(
                [
                    html.H2("Sources", id="sources"),
                    sources_summary(dataset) if many_sources(dataset) else sources_list(dataset),
                    data_version_line(dataset.version),
                ],
                className="page-footer",
                **attributes({"aria-labelledby": "sources"}),
            ),
            citation_panel(),
        ],
        className="page",
        # data-sources-url: the one source list chart images credit (assets/charts.js).
        **attributes(
            {"data-dom-ids": json.dumps(DOM_IDS_FOR_SCRIPTS), "data-sources-url": SOURCES_ROUTE}
        ),
    )


def count_line(shown: int, total: int, hidden: int, listed: int | None = None) -> str:
    """'12 of 123 figures shown (3 undated hidden)', plus a note when the table lists fewer."""
    text = f"{shown:,} of {total:,} figures shown ({hidden:,} undated hidden)"
    if listed is not None and shown > listed:
        text += (
            f"; the table lists the first {listed:,} and each chart its {MAX_CHART_ROWS} largest"
            " (Download CSV has all)"
        )
    return text
