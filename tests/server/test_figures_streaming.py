"""GET /api/figures.json above the cached size: streamed a chunk of rows at a time (gzipped as it
goes when accepted), joining to exactly the document the cached path builds, with its headers."""

from __future__ import annotations

import gzip
import json
from urllib.parse import parse_qsl

import numpy as np
import pytest
from werkzeug.datastructures import MultiDict

import dashboard.server.api as api
from dashboard.model.data import DEFAULT_DATA_DIR
from dashboard.model.filters import Filters, parse_query
from dashboard.server.app import create_app
from dashboard.web.byte_cache import ByteCache
from dashboard.web.callbacks import View
from tests.conftest import MINI

GZIP = {"Accept-Encoding": "gzip"}
PLAIN = {"Accept-Encoding": ""}
QUERIES = ["", "category=famine", "from=1930&to=1939", "q=killed", "category=repression&to=1938"]


def closure_value(app, kind: type):
    """The `kind` the /api/figures.json route closes over: its View or its cache."""
    return next(
        cell.cell_contents
        for cell in app.server.view_functions["api_figures"].__closure__
        if isinstance(cell.cell_contents, kind)
    )


def filters_of(view: View, query: str) -> Filters:
    return parse_query(MultiDict(parse_qsl(query)), view.source_names).with_span(view.span)


def streamed(response) -> bool:
    """Whether a response was streamed: its length is not known before its body is sent."""
    return "Content-Length" not in response.headers


def positions_of(view: View, query: str) -> np.ndarray:
    return np.flatnonzero(view.filter_index.mask(filters_of(view, query)))


@pytest.fixture(scope="module", params=["mini", "real"])
def served(request):
    app = create_app(MINI if request.param == "mini" else DEFAULT_DATA_DIR)
    return app.server.test_client(), closure_value(app, View), closure_value(app, ByteCache)


@pytest.mark.parametrize("query", QUERIES)
def test_a_large_selection_is_streamed_as_the_same_document(served, query, monkeypatch):
    client, view, cache = served
    cached = client.get(f"/api/figures.json?{query}", headers=PLAIN)
    assert not streamed(cached)
    monkeypatch.setattr(api, "CACHED_ROWS", 0)  # every selection with a row is "large"
    monkeypatch.setattr(api, "CHUNK_ROWS", 3)  # several chunks, the last one short
    kept = len(cache)
    plain = client.get(f"/api/figures.json?{query}", headers=PLAIN)
    packed = client.get(f"/api/figures.json?{query}", headers=GZIP)
    expected = api.figures_body(view, filters_of(view, query))  # orjson's whole document
    assert json.loads(expected)["count"] > 0, query  # the selection is one that streams
    assert streamed(plain)
    assert streamed(packed)
    assert plain.get_data() == expected
    assert plain.get_data() == cached.get_data()
    assert gzip.decompress(packed.get_data()) == expected
    assert len(cache) == kept  # streamed: nothing kept


def test_a_streamed_answer_carries_the_cached_answers_headers(served, monkeypatch):
    client, view, _ = served
    cached = {e: client.get("/api/figures.json", headers=h) for e, h in [("p", PLAIN), ("g", GZIP)]}
    monkeypatch.setattr(api, "CACHED_ROWS", 3)
    streams = {
        e: client.get("/api/figures.json", headers=h) for e, h in [("p", PLAIN), ("g", GZIP)]
    }
    for encoding in ("p", "g"):
        before, after = cached[encoding], streams[encoding]
        assert streamed(after)
        assert after.status_code == 200
        assert after.headers["X-Data-Version"] == view.dataset.version
        assert after.headers["Content-Type"] == before.headers["Content-Type"]
        assert after.mimetype == "application/json"
        assert "Accept-Encoding" in after.headers["Vary"]
        assert after.headers.get("Content-Encoding") == before.headers.get("Content-Encoding")
        assert after.headers["X-Content-Type-Options"] == "nosniff"  # security.harden's headers
    assert streams["g"].headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in streams["p"].headers


@pytest.mark.parametrize("size", [1, 2, 7, 10_000])
@pytest.mark.parametrize("query", ["", "category=famine", "q=nothing-states-this-anywhere"])
def test_chunks_join_to_the_whole_document_whatever_their_size(served, size, query, monkeypatch):
    _, view, _ = served
    monkeypatch.setattr(api, "CHUNK_ROWS", size)
    chunks = list(api.figures_chunks(view, filters_of(view, query), positions_of(view, query)))
    assert b"".join(chunks) == api.figures_body(view, filters_of(view, query))
    rows = len(positions_of(view, query))
    assert len(chunks) == 2 + -(-rows // size)  # the opening, each chunk of rows, the closing


def test_the_stream_gives_way_between_chunks(served, monkeypatch):
    _, view, _ = served
    pauses: list[int] = []
    monkeypatch.setattr(api, "CHUNK_ROWS", 3)
    monkeypatch.setattr(api, "pause", lambda: pauses.append(1))
    rows = len(positions_of(view, ""))
    b"".join(api.figures_chunks(view, filters_of(view, ""), positions_of(view, "")))
    assert len(pauses) == -(-rows // 3) - 1  # once between each two chunks of rows


def test_the_threshold_is_the_row_count_above_which_it_streams(monkeypatch):
    client = create_app(MINI).server.test_client()
    rows = json.loads(client.get("/api/figures.json?category=famine").get_data())["count"]
    monkeypatch.setattr(api, "CACHED_ROWS", rows)
    assert not streamed(client.get("/api/figures.json?category=famine"))
    monkeypatch.setattr(api, "CACHED_ROWS", rows - 1)
    assert streamed(client.get("/api/figures.json?category=famine"))


def test_a_bad_parameter_is_still_the_json_400(served, monkeypatch):
    client, _, _ = served
    monkeypatch.setattr(api, "CACHED_ROWS", 0)
    response = client.get("/api/figures.json?from=abc", headers=GZIP)
    assert response.status_code == 400
    assert list(json.loads(response.get_data())) == ["error"]
