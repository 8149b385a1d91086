"""The figures table: its grid (dash-ag-grid), row data, section and quick-filter wiring.

AG Grid's script is the page's largest (about 490 KB on the wire with its chunk) and took about
300 ms to parse and start before the first chart could draw. So the section holds only a heading
and a placeholder at first; assets/table.js loads the script when the section nears the screen
(or takes focus), and a callback mounts the quick filter, the status line and the grid, with the
rows of the view the page shows then (callbacks.mount_table).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import dash_ag_grid as dag
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash._no_update import NoUpdate
from dash.fingerprint import build_fingerprint

from dashboard.model.frame import Rows
from dashboard.model.vocabulary import QUALIFIERS
from dashboard.web.html_attributes import attributes
from dashboard.web.ids import (
    DEFERRED,
    GRID,
    QUICK_FILTER,
    TABLE_HEADING,
    TABLE_SECTION,
    TABLE_SLOT,
    TABLE_STATUS,
    TABLE_VIEW,
    TABLE_WANTED,
)

GRID_BUNDLE = {"relative_package_path": "dash_ag_grid.min.js", "namespace": "dash_ag_grid"}
LOADING_TEXT = "Loading the table\u2026"

NUMBER_FIELDS = ("value", "value_low", "value_high")
TEXT_FIELDS = (
    "id", "measure", "value_text", "unit", "period_start", "period_end", "category_label", "source",
    "quote", "asserted_by",
)  # fmt: skip

# Function strings are parsed and interpreted by dash-ag-grid itself (no eval, so the page's CSP
# holds); formatNumber is window.dashAgGridFunctions.formatNumber, from assets/table.js.
_FORMAT_NUMBER = {"function": "formatNumber(params.value)"}
# The source's title, from the grid's context: one copy per source, not one per row (assets/table.js).
_SOURCE_TOOLTIP = {"function": "sourceTooltip(params)"}


def _number_column(field: str, header: str, **extra: object) -> dict:
    return {
        "field": field,
        "headerName": header,
        "cellDataType": "number",  # sorted as numbers even when the first row has a blank
        "type": "rightAligned",
        "filter": "agNumberColumnFilter",
        "valueFormatter": _FORMAT_NUMBER,
        "minWidth": 110,
        "width": 130,
        **extra,
    }


COLUMN_DEFS = [
    {
        "field": "measure",
        "headerName": "Measure",
        "pinned": "left",  # stays in view while a phone scrolls the other columns
        "lockPinned": True,
        "minWidth": 140,
        "width": 220,
        "wrapText": True,
        "autoHeight": True,
    },
    _number_column("value", "Value"),
    _number_column("value_low", "Lower bound"),
    _number_column("value_high", "Upper bound"),
    {"field": "qualifier", "headerName": "Qualifier", "minWidth": 120, "width": 130},
    {
        "field": "value_text",
        "headerName": "Value as written",
        "minWidth": 150,
        "width": 170,
        "wrapText": True,
        "autoHeight": True,
    },
    {"field": "unit", "headerName": "Unit", "minWidth": 100, "width": 110},
    {"field": "period_start", "headerName": "Period start", "minWidth": 120, "width": 135},
    {"field": "period_end", "headerName": "Period end", "minWidth": 120, "width": 135},
    {"field": "category_label", "headerName": "Category", "minWidth": 130, "width": 150},
    {
        "field": "asserted_by",
        "headerName": "According to",
        "minWidth": 140,
        "width": 170,
        "wrapText": True,
        "autoHeight": True,
    },
    {
        "field": "source_short",
        "headerName": "Source",
        "minWidth": 150,
        "width": 190,
        "wrapText": True,
        "autoHeight": True,
        "tooltipValueGetter": _SOURCE_TOOLTIP,
    },
    _number_column(
        "source_line",
        "Line",
        headerTooltip="Line of the source document the quote starts on",
        minWidth=80,
        width=90,
    ),
    {
        "field": "quote",
        "headerName": "Quote",
        "minWidth": 200,  # assets/table.js narrows it to the visible width on a phone
        "width": 460,
        "wrapText": True,
        "autoHeight": True,
    },
]

HINT = (
    "The figures shown, one statement a row. Tab moves into the table and out of it in one step; "
    "inside, arrow keys move between cells, Enter on a column header sorts by it, and Enter or "
    "Space on a row (or a click) opens its citation."
)


def _number(value: Any) -> float | int | None:  # a cell of any dtype
    """A cell's number as JSON wants it: None when missing (None, NaN, NA, ''), int when integral."""
    if value is None or value.__class__ is int:
        return value
    if value.__class__ is not float:
        if value is pd.NA or value == "":
            return None
        try:
            value = float(value)
        except (TypeError, ValueError):
            return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() else value


def table_rows(rows: Rows) -> list[dict]:
    """Row data for the grid from plot rows (records): numbers as numbers, words for qualifiers.

    Text passes through as `records` left it (missing is None or ''); `source_line` and
    `source_short` are read when the records carry them, the source's title standing in otherwise.
    Runs on every filter update, hence the plain loops.
    """
    out = []
    for r in rows:
        get = r.get
        row = {key: get(key) for key in TEXT_FIELDS}
        for key in NUMBER_FIELDS:
            row[key] = _number(get(key))
        qualifier = r.get("qualifier") or ""
        row["qualifier"] = QUALIFIERS.get(qualifier, qualifier.replace("_", " "))
        row["source_short"] = get("source_short") or get("source_title") or row["source"]
        row["source_line"] = _number(get("source_line"))
        out.append(row)
    return out


def figures_grid(source_titles: dict[str, str]) -> dag.AgGrid:
    """The grid, without rows: assets/table.js passes it the view's rows once it is ready.

    `source_titles` (file name -> title) is the Source column's tooltip, kept once in the grid's
    context rather than in every row the filters send.
    """
    return dag.AgGrid(
        id=GRID,
        columnDefs=COLUMN_DEFS,
        rowData=None,  # the grid's loading overlay until the rows are passed on
        getRowId="params.data.id",
        defaultColDef={"sortable": True, "resizable": True, "filter": True},
        dashGridOptions={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "quickFilterText": "",
            "context": {"sourceTitles": source_titles},
            "tooltipShowDelay": 300,
            "ensureDomOrder": True,
            "domLayout": "normal",
            # One Tab stop: Tab and Shift+Tab leave the grid; arrow keys move inside it.
            "tabToNextCell": {"function": "false"},
            "tabToNextHeader": {"function": "false"},
            # AG Grid hides every cell (visibility: hidden) until it has sized its flex columns,
            # and with content-visibility: auto it never sizes them off screen: screen readers
            # and axe met a header row with no headers. Kept though no column flexes today.
            "suppressContentVisibilityAuto": True,
            "localeText": {
                "noRowsToShow": "No figure matches the filters.",
                "noMatchingRows": "No row matches the table's quick filter or column filters.",
            },
        },
        style={"height": "520px", "width": "100%"},
    )


def table_contents(source_titles: dict[str, str]) -> list:
    """What mounts into the section's slot: the quick filter, its status line and the grid."""
    return [
        html.Div(
            [
                html.Label(
                    "Quick filter within the table",
                    htmlFor=QUICK_FILTER,
                    id=f"{QUICK_FILTER}-label",
                    className="control-label",
                ),
                dcc.Input(
                    id=QUICK_FILTER,
                    type="search",
                    value="",
                    debounce=0.3,
                    maxLength=200,
                    className="text-input",
                ),
                html.Div(
                    "Hides table rows only; the charts and the download follow the filters above.",
                    className="hint",
                ),
            ],
            className="control table-filter",
        ),
        html.P(
            id=TABLE_STATUS,
            className="table-status",
            role="status",
            **attributes({"aria-live": "polite"}),
        ),
        figures_grid(source_titles),
    ]


def table_section(grid_script: str) -> html.Section:
    """Heading, hint and the slot the table mounts into; `grid_script` is AG Grid's script URL,
    which assets/table.js loads when the section nears the screen."""
    return html.Section(
        [
            html.H2("Table", id=TABLE_HEADING),
            html.P(HINT, className="hint"),
            dcc.Store(id=TABLE_WANTED, data=None),
            dcc.Store(id=TABLE_VIEW, data=None),
            html.Div(
                html.P(LOADING_TEXT, className="table-loading"),
                id=TABLE_SLOT,
                className="table-slot",
                **attributes(
                    {
                        "data-grid-script": grid_script,
                        "data-wanted-id": TABLE_WANTED,
                        "aria-busy": "true",
                    }
                ),
            ),
        ],
        id=TABLE_SECTION,
        tabIndex="-1",
        className="table-section",
        **attributes({"aria-labelledby": TABLE_HEADING}),
    )


def grid_script_url(app: Dash) -> str:
    """AG Grid's script at the versioned address Dash serves its bundles from (cached for a year)."""
    name = GRID_BUNDLE["relative_package_path"]
    modified = int((Path(dag.__file__).parent / name).stat().st_mtime)
    fingerprint = build_fingerprint(name, dag.__version__, modified)
    return app.get_relative_path(
        f"/_dash-component-suites/{GRID_BUNDLE['namespace']}/{fingerprint}"
    )


def defer_grid_script() -> None:
    """Keep AG Grid's script out of the page's <script> tags: Dash still serves it (a "dynamic"
    resource, like a source map) and assets/table.js loads it when the table is wanted."""
    for resource in dag._js_dist:
        if resource.get("relative_package_path") == GRID_BUNDLE["relative_package_path"]:
            resource["dynamic"] = True


def table_message(rows: list[dict] | None, selected: str | None, clear_quick_filter: bool) -> dict:
    """What the view callback tells the grid (assets/table.js passes it on once the grid is
    mounted): the rows when they changed (None: keep the grid's), the selected figure's id, and
    whether Reset also empties the quick filter."""
    message: dict = {"grid": GRID, "quickFilter": QUICK_FILTER, "selected": selected}
    if rows is not None:
        message["rows"] = rows
    if clear_quick_filter:
        message["clearQuickFilter"] = True
    return message


def register_table_callbacks(app: Dash, source_titles: dict[str, str]) -> None:
    """Mounting, the quick filter and its status line (assets/table.js: the CSP forbids inline JS)."""
    # Once the first charts are painted (the page has its height then), watch the section; when
    # it nears the screen, load AG Grid's script, then ask for the grid.
    app.clientside_callback(
        ClientsideFunction("table", "watch"),
        Input(DEFERRED, "data"),
        State(TABLE_SLOT, "id"),
    )

    @app.callback(
        Output(TABLE_SLOT, "children"),
        Input(TABLE_WANTED, "data"),
        prevent_initial_call=True,
    )
    def _mount(wanted: object) -> list | NoUpdate:
        if not wanted:
            # A memory dcc.Store reports its empty value once as it mounts: not a request yet.
            return no_update
        # Without rows: assets/table.js gives the grid the view's rows as soon as it is ready.
        return table_contents(source_titles)

    # The view callback's rows and selection, passed on to the grid once it is mounted.
    app.clientside_callback(
        ClientsideFunction("table", "apply"),
        Input(TABLE_VIEW, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("table", "quickFilter"),
        Output(GRID, "dashGridOptions"),
        Input(QUICK_FILTER, "value"),
        State(GRID, "dashGridOptions"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("table", "status"),
        Output(TABLE_STATUS, "children"),
        Input(GRID, "virtualRowData"),
        Input(GRID, "rowData"),
        # Also the text itself: when the matching rows stay the same, virtualRowData does not fire.
        Input(QUICK_FILTER, "value"),
        State(GRID, "id"),
        State(TABLE_HEADING, "id"),  # the grid's role=grid element is labelled by the heading
    )
