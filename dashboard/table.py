"""The figures grid (dash-ag-grid): its id, column definitions, component and row data."""

from __future__ import annotations

import dash_ag_grid as dag

GRID = "figures-grid"
TABLE_FIELDS = [
    "id", "measure", "value_text", "unit", "period", "category_label", "source", "source_title", "quote",
]  # fmt: skip
COLUMN_DEFS = [
    {
        "field": "measure",
        "headerName": "Measure",
        "minWidth": 220,
        "flex": 2,
        "wrapText": True,
        "autoHeight": True,
    },
    {
        "field": "value_text",
        "headerName": "Value as written",
        "minWidth": 140,
        "flex": 1,
        "wrapText": True,
    },
    {"field": "unit", "headerName": "Unit", "minWidth": 100, "flex": 1},
    {"field": "period", "headerName": "Period", "minWidth": 110, "flex": 1},
    {"field": "category_label", "headerName": "Category", "minWidth": 130, "flex": 1},
    {
        "field": "source",
        "headerName": "Source",
        "minWidth": 170,
        "flex": 1,
        "tooltipField": "source_title",
    },
    {
        "field": "quote",
        "headerName": "Quote",
        "minWidth": 320,
        "flex": 3,
        "wrapText": True,
        "autoHeight": True,
    },
]


def table_rows(rows: list[dict]) -> list[dict]:
    """Row data for the grid from plot records: only the fields the columns show, in table order."""
    return [{k: r[k] for k in TABLE_FIELDS} for r in rows]


def figures_grid() -> dag.AgGrid:
    """The grid, empty: the view callback (and prefill_layout) fill rowData."""
    return dag.AgGrid(
        id=GRID,
        columnDefs=COLUMN_DEFS,
        rowData=[],
        getRowId="params.data.id",
        defaultColDef={"sortable": True, "resizable": True, "filter": True},
        dashGridOptions={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "quickFilterText": "",
            "tooltipShowDelay": 300,
            "ensureDomOrder": True,
            "domLayout": "normal",
            "localeText": {"noRowsToShow": "No figure matches the filters."},
        },
        style={"height": "520px", "width": "100%"},
    )
