"""The page's download links, the CSV and the spreadsheet of the figures shown: each follows the
filters (its address and file name), so a download has exactly the rows the page lists."""

from __future__ import annotations

from dataclasses import replace

from dashboard.model.export import export_filename
from dashboard.model.filters import Filters
from dashboard.model.workbook import MAX_ROWS
from dashboard.web import ids

# Each link's route and file suffix, by the view callback's output names (callbacks.VIEW_OUTPUTS).
LINKS = {
    "download": (ids.DOWNLOAD, "/export.csv", ".csv"),
    "xlsx": (ids.DOWNLOAD_XLSX, "/export.xlsx", ".xlsx"),
}
DOWNLOAD_OUTPUTS: dict[str, tuple[str, str]] = {
    key: target
    for name, (component, _route, _suffix) in LINKS.items()
    for key, target in (
        (f"{name}_href", (component, "href")),
        (f"{name}_name", (component, "download")),
    )
} | {"xlsx_label": (ids.DOWNLOAD_XLSX, "children")}
XLSX_LABEL = "Download spreadsheet (.xlsx)"


def download_links(filters: Filters, version: str, count: int = 0) -> dict[str, str]:
    """Each link's address and file name for `filters` (the open citation is no filter), and
    the spreadsheet's words: over MAX_ROWS figures it says so before a click (the route answers
    413 then, naming the CSV, which has no limit)."""
    query = replace(filters, figure=None).to_query()
    out = {}
    for name, (_component, route, suffix) in LINKS.items():
        out[f"{name}_href"] = route + (f"?{query}" if query else "")
        out[f"{name}_name"] = export_filename(filters, version, suffix=suffix)
    out["xlsx_label"] = (
        XLSX_LABEL
        if count <= MAX_ROWS
        else f"Spreadsheet: at most {MAX_ROWS:,} rows ({count:,} shown); narrow the filters"
    )
    return out
