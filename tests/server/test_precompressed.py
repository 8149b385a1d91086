"""Precompressed static bundles: written once and whole, sent only to clients that accept brotli."""

from __future__ import annotations

import brotli
import pytest

from dashboard.server.app import ASSETS_DIR, create_app
from dashboard.server.precompressed import precompress, serve_precompressed, static_files
from dashboard.server.serve import register_page_resources
from tests.conftest import MINI

STYLE = ASSETS_DIR / "style.css"


@pytest.fixture
def client(tmp_path):
    app = create_app(MINI)
    serve_precompressed(app.server, tmp_path)  # registered last: runs before create_app's own
    return app, app.server.test_client(), tmp_path


def test_a_precompressed_copy_goes_to_brotli_clients_only(client):
    _, http, folder = client
    assert precompress([STYLE], folder) == (1, 0)
    assert precompress([STYLE], folder) == (0, 1)  # once: the copy is named by the file's hash
    assert not list(folder.glob("*.partial"))
    with http.get(
        "/assets/style.css", headers={"Accept-Encoding": "gzip, deflate, br, zstd"}
    ) as response:
        body = response.get_data()
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert brotli.decompress(body) == STYLE.read_bytes()
    assert int(response.headers["Content-Length"]) == len(body)
    # At quality 11, smaller than what the server compresses on the fly.
    assert len(body) < len(brotli.compress(STYLE.read_bytes(), quality=4))
    with http.get("/assets/style.css", headers={"Accept-Encoding": "gzip"}) as plain:
        assert plain.headers.get("Content-Encoding") != "br"


def test_a_file_without_a_copy_is_compressed_as_before(client):
    _, http, _ = client
    with http.get("/assets/style.css", headers={"Accept-Encoding": "br"}) as response:
        assert response.status_code == 200
        assert brotli.decompress(response.get_data()) == STYLE.read_bytes()  # flask-compress's


def test_static_files_lists_every_bundle_the_page_uses():
    app = create_app(MINI)
    register_page_resources(app.server)
    names = {path.name for path in static_files(app, ASSETS_DIR)}
    assert {"style.css", "charts.js", "dash_ag_grid.min.js", "async-graph.js"} <= names
    assert any(name.startswith("plotly-basic") for name in names)
