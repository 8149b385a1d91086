"""GET /api/figures.json (the filtered table as JSON, through /export.csv's filter: a small
selection's document built and gzipped once, a large one streamed a chunk of rows at a time),
GET /datapackage.json (the data package of the loaded data), both naming the data version, and
GET /api/sources.json (each source's credit, for chart images)."""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import orjson
import pandas as pd
from flask import Flask, Response, request

from dashboard.model.datapackage import datapackage_text, source_description
from dashboard.model.export import EXPORT_COLUMNS, export_frame
from dashboard.model.filters import FilterError, Filters, parse_query
from dashboard.server.streaming import CACHED_ROWS, CHUNK_ROWS, gzipped, pause
from dashboard.web.byte_cache import ByteCache
from dashboard.web.callbacks import View
from dashboard.web.source_list import SOURCES_ROUTE, source_credits

FIGURES_ROUTE = "/api/figures.json"
DATAPACKAGE_ROUTE = "/datapackage.json"
VERSION_HEADER = "X-Data-Version"
LARGEST_EXACT_INTEGER = 2**53  # beyond it a JSON reader's doubles cannot hold every integer


def number_cells(column: pd.Series) -> list[float | int | None]:
    """A numeric column's cells as JSON numbers: whole numbers as integers (1600000, as the CSV
    writes them, not 1600000.0), empty cells as None."""
    cells: list[float | int | None] = []
    for x in column.to_numpy(dtype="float64", na_value=math.nan).tolist():
        if math.isnan(x):
            cells.append(None)
        elif x.is_integer() and abs(x) < LARGEST_EXACT_INTEGER:
            cells.append(int(x))
        else:
            cells.append(x)
    return cells


def text_cells(column: pd.Series) -> list[str | None]:
    """A text column's cells, empty ones as None."""
    return [cell if isinstance(cell, str) and cell else None for cell in column.tolist()]


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """An export frame's rows as dicts of its columns, in order; built column by column."""
    columns: dict[str, list[Any]] = {}
    for name in EXPORT_COLUMNS:
        column = frame[name]
        numeric = pd.api.types.is_numeric_dtype(column)
        columns[name] = number_cells(column) if numeric else text_cells(column)
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def applied_filters(filters: Filters) -> dict[str, Any]:
    """The filters as the query keys that give them; None (or []) where nothing is restricted."""
    return {
        "from": filters.year_from,
        "to": filters.year_to,
        "category": list(filters.categories),
        "source": filters.source,
        "q": filters.q or None,
    }


def figures_body(view: View, filters: Filters) -> bytes:
    """The JSON document for `filters`: the same rows, in the same order, as /export.csv's."""
    dataset = view.dataset
    frame = export_frame(dataset, dataset.figures[view.filter_index.mask(filters)])
    cited = sorted(set(frame["source"].tolist()))
    return orjson.dumps(
        {
            "data_version": dataset.version,
            "filters": applied_filters(filters),
            "count": len(frame),
            "figures": json_records(frame),
            "sources": {name: source_description(dataset.sources[name]) for name in cited},
        }
    )


def figures_chunks(view: View, filters: Filters, positions: np.ndarray) -> Iterator[bytes]:
    """figures_body's document for the rows at `positions` (table order), a piece at a time: the
    keys before "figures", its records CHUNK_ROWS at a time (each chunk's export columns made as
    it is sent, every one the row's own), then "sources". Joined, the pieces are figures_body's
    bytes exactly: orjson writes no spaces, so a list's items joined by commas are the list."""
    dataset = view.dataset
    opening = {
        "data_version": dataset.version,
        "filters": applied_filters(filters),
        "count": len(positions),
    }
    yield orjson.dumps(opening)[:-1] + b',"figures":['
    for start in range(0, len(positions), CHUNK_ROWS):
        if start:
            pause()
        rows = dataset.figures.iloc[positions[start : start + CHUNK_ROWS]]
        records = orjson.dumps(json_records(export_frame(dataset, rows)))[1:-1]  # no brackets
        yield (b"," if start else b"") + records
    cited = sorted(set(dataset.figures["source"].to_numpy()[positions].tolist()))
    sources = {name: source_description(dataset.sources[name]) for name in cited}
    yield b'],"sources":' + orjson.dumps(sources) + b"}"


def plain_and_gzipped(body: bytes) -> tuple[bytes, bytes]:
    """A body and its gzip copy (at the best level: it is made once; no time stamp, so the same
    body always gives the same bytes)."""
    return body, gzip.compress(body, compresslevel=9, mtime=0)


def figures_response(
    view: View, args: Mapping[str, str], accepts_gzip: bool, cache: ByteCache[tuple[bytes, bytes]]
) -> Response:
    """The filtered figures as JSON, or a 400 whose JSON names the bad parameter.

    The table does not change while the server runs, so a selection of up to CACHED_ROWS rows is
    encoded and compressed once (flask-compress would gzip it again on every request, about
    twice the time of the CSV export, whose type it leaves alone). A larger one is streamed, as
    /export.csv streams it: the whole table's document, built at once, was 109 MB and 5.5 s at
    100,000 rows, so a million would hold a gigabyte and outlast gunicorn's 30 s timeout.
    """
    headers = {VERSION_HEADER: view.dataset.version}
    try:
        filters = replace(parse_query(args, view.source_names).with_span(view.span), figure=None)
    except FilterError as error:
        body = orjson.dumps({"error": str(error)})
        return Response(body, status=400, mimetype="application/json", headers=headers)
    headers["Vary"] = "Accept-Encoding"
    if accepts_gzip:  # flask-compress leaves a response that has a Content-Encoding as it is
        headers["Content-Encoding"] = "gzip"
    positions = np.flatnonzero(view.filter_index.mask(filters))
    if len(positions) > CACHED_ROWS:
        chunks = figures_chunks(view, filters, positions)
        stream = gzipped(chunks) if accepts_gzip else chunks
        return Response(stream, mimetype="application/json", headers=headers)
    plain, packed = cache.get(
        filters.to_query(), lambda: plain_and_gzipped(figures_body(view, filters))
    )
    return Response(packed if accepts_gzip else plain, mimetype="application/json", headers=headers)


def register_api_routes(server: Flask, view: View) -> None:
    """GET /api/figures.json, GET /datapackage.json and GET /api/sources.json on `server`."""
    # (JSON, gzipped JSON) by filter query, bounded by bytes like the CSV export's cache.
    cache: ByteCache[tuple[bytes, bytes]] = ByteCache()
    package = datapackage_text(view.dataset).encode("utf-8")
    credits = plain_and_gzipped(orjson.dumps(source_credits(view.dataset)))
    headers = {VERSION_HEADER: view.dataset.version}

    def figures() -> Response:
        accepts_gzip = request.accept_encodings["gzip"] > 0
        return figures_response(view, request.args, accepts_gzip, cache)

    def datapackage() -> Response:
        return Response(package, mimetype="application/json", headers=headers)

    def sources() -> Response:
        # Built and gzipped once: a chart image's credits, the same for every chart and view.
        accepts_gzip = request.accept_encodings["gzip"] > 0
        extra = {"Vary": "Accept-Encoding"} | ({"Content-Encoding": "gzip"} if accepts_gzip else {})
        body = credits[1] if accepts_gzip else credits[0]
        return Response(body, mimetype="application/json", headers=headers | extra)

    server.add_url_rule(FIGURES_ROUTE, "api_figures", figures, methods=["GET"])
    server.add_url_rule(SOURCES_ROUTE, "api_sources", sources, methods=["GET"])
    server.add_url_rule(DATAPACKAGE_ROUTE, "datapackage", datapackage, methods=["GET"])
