"""GET /export.xlsx: the filtered table as a workbook (model/workbook.py), through /export.csv's
filter and under its file name, each row linked to its figure's page on the site's origin; a
selection of more than workbook.MAX_ROWS rows is refused (413), pointing to /export.csv."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

import numpy as np
from flask import Flask, Response, request

from dashboard.model.export import content_disposition, export_filename, export_frame
from dashboard.model.filters import FilterError, Filters, parse_query
from dashboard.model.workbook import MAX_ROWS, MIMETYPE, to_xlsx
from dashboard.web.callbacks import View
from dashboard.web.origin import site_origin

ROUTE = "/export.xlsx"


def too_many_rows(count: int, filters: Filters) -> str:
    """Why a selection of `count` rows gets no workbook, and what to do instead."""
    query = filters.to_query()
    csv_link = "/export.csv" + (f"?{query}" if query else "")
    return (
        f"{count:,} figures match these filters; a spreadsheet export holds at most "
        f"{MAX_ROWS:,}. Narrow the filters (period, category, source or search), or download "
        f"{csv_link}, which has every row and no limit.\n"
    )


def xlsx_response(view: View, args: Mapping[str, str], base_url: str, today: date) -> Response:
    """The filtered table as an .xlsx attachment, a 400 naming the bad parameter, or a 413 when
    more rows match than a workbook may hold.

    Built per request, not cached per filter as the CSV is: a person clicking a link asks for
    it, not a script (45–90 ms for the curated table); it names the day it was made; and at a large
    table's size a workbook is megabytes, which a cache of 2,000 filters would multiply.
    """
    headers = {"X-Data-Version": view.dataset.version}
    try:
        filters = replace(parse_query(args, view.source_names).with_span(view.span), figure=None)
    except FilterError as error:
        return Response(f"{error}\n", status=400, mimetype="text/plain", headers=headers)
    dataset = view.dataset
    # The view's filter index, as /export.csv filters: the same rows, in the same order.
    positions = np.flatnonzero(view.filter_index.mask(filters))
    if len(positions) > MAX_ROWS:
        # Refused before any row is made: openpyxl holds the worker for seconds per thousand
        # rows (workbook.MAX_ROWS), and 100,000 took 45 s, past gunicorn's 30 s timeout.
        body = too_many_rows(len(positions), filters)
        return Response(body, status=413, mimetype="text/plain", headers=headers)
    frame = export_frame(dataset, dataset.figures.iloc[positions])
    headers["Content-Disposition"] = content_disposition(
        export_filename(filters, dataset.version, suffix=".xlsx")
    )
    return Response(
        to_xlsx(dataset, frame, filters, base_url, today), mimetype=MIMETYPE, headers=headers
    )


def register_xlsx_route(server: Flask, view: View) -> None:
    """GET /export.xlsx, its links on the configured origin, as the citations' are."""

    def export_xlsx() -> Response:
        return xlsx_response(view, request.args, site_origin(), datetime.now(UTC).date())

    server.add_url_rule(ROUTE, "export_xlsx", export_xlsx, methods=["GET"])
