"""The page's component ids, in one place: the layout builds them, the callbacks and tests name them."""

from __future__ import annotations

from dashboard.model.vocabulary import THEMES

# Address and filters
URL = "url"
PERIOD = "period-slider"
CATEGORY = "category-filter"
SOURCE = "source-filter"
SEARCH = "search-input"
RESET = "reset-button"
COUNT = "count-line"
DOWNLOAD = "download-csv"
DOWNLOAD_XLSX = "download-xlsx"
URL_NOTICE = "url-notice"

# Charts, one per theme
THEME_GRAPHS = {theme: f"chart-{theme.replace('_', '-')}" for theme in THEMES}
THEME_CAPTIONS = {theme: f"caption-{theme.replace('_', '-')}" for theme in THEMES}
THEME_TITLES = {theme: f"title-{theme.replace('_', '-')}" for theme in THEMES}
THEME_BODIES = {theme: f"body-{theme.replace('_', '-')}" for theme in THEMES}  # its <details>
GRAPHS = list(THEME_GRAPHS.values())
# The first chart is drawn with the page. The others are not on the page until their figures
# arrive (assets/charts.js mounts each graph into its slot): seven graphs drawn at once, even
# empty, delayed the first chart's paint by a fifth of a second.
LATER_THEMES = list(THEMES)[1:]
THEME_SLOTS = {theme: f"slot-{theme.replace('_', '-')}" for theme in LATER_THEMES}
THEME_FIGURES = {theme: f"figure-{theme.replace('_', '-')}" for theme in LATER_THEMES}  # stores
GRAPH_PROPS = "graph-props"  # the props assets/charts.js mounts a graph with (config, ids)

# Stores the callbacks talk through
SELECTED = "selected-figure"  # the figure whose citation is open, or None
DEFERRED = "deferred-content"  # set once the first charts are painted (callbacks.prefill_layout)

# Citation panel
CITATION = "citation"
CITATION_CLOSE = "citation-close"
CITATION_PANEL = "citation-panel"
CITATION_HEADING = "citation-heading"
CITE_TEXT = "cite-text"

# Comparisons, drawn by assets/comparisons.js from their data
COMPARISONS = "comparisons"
COMPARISONS_DATA = "comparisons-data"
COMPARISONS_BODY = "comparisons-body"  # the <details> the comparisons fold into
COMPARISONS_DRAWN = "comparisons-drawn"  # how many blocks assets/comparisons.js drew

# The overview: every quantity shown, a line each (drawn by assets/overview.js from its data)
OVERVIEW = "overview"
OVERVIEW_DATA = "overview-data"
OVERVIEW_DRAWN = "overview-drawn"  # how many lines assets/overview.js drew

# Table: its section is on the page from the start; its contents (the quick filter, the status
# line and the grid) are mounted into TABLE_SLOT when the section nears the screen (table.py).
TABLE_SECTION = "table"  # "Skip to the table" lands here: it takes focus, tabIndex -1
TABLE_HEADING = "table-heading"
TABLE_SLOT = "table-slot"
TABLE_WANTED = "table-wanted"  # set by assets/table.js once AG Grid's script has loaded
TABLE_VIEW = "table-view"  # the view callback's rows and selection for the grid, once mounted
GRID = "figures-grid"
QUICK_FILTER = "table-quick-filter"
TABLE_STATUS = "table-status"

# The ids the page's own scripts look up (assets/citation.js), handed to them on the page's root
# element (data-dom-ids) so that no script repeats an id.
DOM_IDS_FOR_SCRIPTS = {
    "citation": CITATION,
    "citationPanel": CITATION_PANEL,
    "citationHeading": CITATION_HEADING,
    "citationClose": CITATION_CLOSE,
}
