"""GET /export.csv: gzipped for a client that accepts it and identical once decompressed; a large
selection streamed in chunks that join to the same bytes as the whole file; its cache bounded
by bytes."""

from __future__ import annotations

import gzip
from urllib.parse import parse_qsl

import numpy as np
import pytest
from werkzeug.datastructures import MultiDict

import dashboard.server.csv_export as csv_export
from dashboard.model.data import DEFAULT_DATA_DIR
from dashboard.model.export import export_frame, to_csv
from dashboard.model.filters import parse_query
from dashboard.server.app import create_app
from dashboard.web.byte_cache import ByteCache
from dashboard.web.callbacks import View
from tests.conftest import MINI

GZIP = {"Accept-Encoding": "gzip"}
QUERIES = ["", "category=famine", "from=1930&to=1939", "q=killed"]


def view_of(app) -> View:
    return next(
        cell.cell_contents
        for cell in app.server.view_functions["export_csv"].__closure__
        if isinstance(cell.cell_contents, View)
    )


def whole_file(view: View, query: str) -> bytes:
    """The export as it was made before streaming: the selection's frame written at once."""

    filters = parse_query(MultiDict(parse_qsl(query)), view.source_names).with_span(view.span)
    figures = view.dataset.figures[view.filter_index.mask(filters)]
    return to_csv(export_frame(view.dataset, figures)).encode("utf-8")


@pytest.fixture(scope="module", params=["mini", "real"])
def served(request):
    app = create_app(MINI if request.param == "mini" else DEFAULT_DATA_DIR)
    return app.server.test_client(), view_of(app)


@pytest.mark.parametrize("query", QUERIES)
def test_gzip_when_accepted_and_the_same_bytes_once_decompressed(served, query):
    client, view = served
    plain = client.get(f"/export.csv?{query}")
    packed = client.get(f"/export.csv?{query}", headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert plain.get_data() == whole_file(view, query)
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    if len(plain.get_data()) > 1000:
        assert len(packed.get_data()) < len(plain.get_data()) / 2


@pytest.mark.parametrize("query", QUERIES)
def test_a_large_selection_is_streamed_with_the_same_bytes(served, query, monkeypatch):
    client, view = served
    monkeypatch.setattr(csv_export, "CACHED_ROWS", 3)  # every selection here is "large"
    monkeypatch.setattr(csv_export, "CHUNK_ROWS", 4)  # several chunks, the last one short
    kept = len(view.export_cache)
    plain = client.get(f"/export.csv?{query}")
    packed = client.get(f"/export.csv?{query}", headers=GZIP)
    expected = whole_file(view, query)
    assert plain.is_streamed
    assert packed.is_streamed
    assert plain.get_data() == expected
    assert gzip.decompress(packed.get_data()) == expected
    assert len(view.export_cache) == kept  # streamed: nothing kept


@pytest.mark.parametrize("size", [1, 2, 7, 10_000])
def test_chunks_join_to_the_whole_file_whatever_their_size(served, size, monkeypatch):
    _, view = served
    monkeypatch.setattr(csv_export, "CHUNK_ROWS", size)
    everything = np.arange(len(view.dataset.figures))
    assert b"".join(csv_export.csv_chunks(view, everything)) == whole_file(view, "")


def test_an_empty_selection_is_the_header_alone(served):
    client, view = served
    body = client.get("/export.csv?q=nothing-states-this-anywhere").get_data()
    assert body.count(b"\n") == 1
    assert body == whole_file(view, "q=nothing-states-this-anywhere")


def test_the_export_cache_is_bounded_by_bytes(served, monkeypatch):
    client, view = served
    small = ByteCache(max_bytes=len(whole_file(view, "category=famine")) * 3)
    monkeypatch.setattr(view, "export_cache", small)
    for query in QUERIES:
        assert client.get(f"/export.csv?{query}").status_code == 200
    assert small.total <= small.max_bytes
    assert len(small) < len(QUERIES)  # the whole table's CSV and its gzip never fit beside others


def test_a_bad_parameter_is_still_a_400(served):
    client, _ = served
    response = client.get("/export.csv?from=abc", headers=GZIP)
    assert response.status_code == 400
    assert b"from" in response.get_data()
