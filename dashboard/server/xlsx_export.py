"""GET /export.xlsx: the filtered table as a workbook (model/workbook.py), through /export.csv's
filter and under its file name, each row linked to its figure's page on the site's origin."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

from flask import Flask, Response, request

from dashboard.model.export import content_disposition, export_filename, export_frame
from dashboard.model.filters import FilterError, parse_query
from dashboard.model.workbook import MIMETYPE, to_xlsx
from dashboard.web.callbacks import View
from dashboard.web.origin import site_origin

ROUTE = "/export.xlsx"


def xlsx_response(view: View, args: Mapping[str, str], base_url: str, today: date) -> Response:
    """The filtered table as an .xlsx attachment, or a 400 naming the bad parameter.

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
    frame = export_frame(dataset, dataset.figures[view.filter_index.mask(filters)])
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
