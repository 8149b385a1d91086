"""GET /export.csv: the filtered table as CSV, gzipped for clients that accept it. A selection of
up to CACHED_ROWS rows is encoded and compressed once and kept in a byte-bounded cache; a larger
one is streamed, a chunk of rows at a time, so no worker holds a whole large export."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

import numpy as np
from flask import Response, request

from dashboard.model.export import content_disposition, export_filename, export_frame, to_csv
from dashboard.model.filters import FilterError, parse_query
from dashboard.server.api import plain_and_gzipped
from dashboard.server.streaming import CACHED_ROWS, CHUNK_ROWS, gzipped, pause
from dashboard.web.callbacks import View


def csv_chunks(view: View, positions: np.ndarray) -> Iterator[bytes]:
    """The CSV of the rows at `positions` (table order), a chunk of rows at a time: the header
    with the first chunk only, so the pieces join to exactly the whole file's bytes. Each chunk's
    export columns are made when it is sent (every column is the row's own), so a worker never
    holds a whole large export."""
    figures = view.dataset.figures
    for start in range(0, max(len(positions), 1), CHUNK_ROWS):
        rows = figures.iloc[positions[start : start + CHUNK_ROWS]]
        text = to_csv(export_frame(view.dataset, rows))
        if start:
            text = text.split("\n", 1)[1]  # the header: column names never hold a newline
            pause()
        yield text.encode("utf-8")


def export_response(view: View, args: Mapping[str, str], accepts_gzip: bool = False) -> Response:
    """The filtered table as a CSV attachment, or a 400 naming the bad parameter."""
    try:
        filters = replace(parse_query(args, view.source_names).with_span(view.span), figure=None)
    except FilterError as error:
        return Response(f"{error}\n", status=400, mimetype="text/plain")
    headers = {
        "Content-Disposition": content_disposition(export_filename(filters, view.dataset.version)),
        "X-Data-Version": view.dataset.version,
        "Vary": "Accept-Encoding",
    }
    if accepts_gzip:  # flask-compress leaves a response that has a Content-Encoding as it is
        headers["Content-Encoding"] = "gzip"
    positions = np.flatnonzero(view.filter_index.mask(filters))
    if len(positions) > CACHED_ROWS:
        chunks = csv_chunks(view, positions)
        body = gzipped(chunks) if accepts_gzip else chunks
        return Response(body, mimetype="text/csv", headers=headers)
    plain, packed = view.export_cache.get(
        filters.to_query(), lambda: plain_and_gzipped(b"".join(csv_chunks(view, positions)))
    )
    return Response(packed if accepts_gzip else plain, mimetype="text/csv", headers=headers)


def accepts_gzip() -> bool:
    """Whether the current request's client takes a gzip body."""
    return request.accept_encodings["gzip"] > 0
