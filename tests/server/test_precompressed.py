"""Precompressed static bundles: written once and whole, sent only to clients that accept brotli."""

from __future__ import annotations

import hashlib

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


def tampered(folder, kind: str):
    """Plant a wrong copy of style.css under the name the server looks for."""
    body = STYLE.read_bytes()
    target = folder / f"{hashlib.sha256(body).hexdigest()}.br"
    if kind == "replaced":  # valid brotli, other content: would run as a same-origin script
        target.write_bytes(brotli.compress(b"alert('replaced');"))
    elif kind == "truncated":
        target.write_bytes(brotli.compress(body, quality=11)[:100])
    elif kind == "link":  # a symlink to a system file
        target.symlink_to("/etc/hostname")
    elif kind == "huge":
        target.write_bytes(b"\0" * (len(body) + 1_000_000))
    return target


@pytest.mark.parametrize("kind", ["replaced", "truncated", "link", "huge"])
def test_a_tampered_copy_is_never_served(client, kind):
    _, http, folder = client
    tampered(folder, kind)
    with http.get("/assets/style.css", headers={"Accept-Encoding": "br"}) as response:
        assert response.status_code == 200
        # flask-compress's own copy of the real file, not the planted one
        assert brotli.decompress(response.get_data()) == STYLE.read_bytes()


@pytest.mark.parametrize("kind", ["replaced", "truncated", "link", "huge"])
def test_precompress_rewrites_a_wrong_copy(tmp_path, kind):
    target = tampered(tmp_path, kind)
    assert precompress([STYLE], tmp_path) == (1, 0)
    assert not target.is_symlink()
    assert brotli.decompress(target.read_bytes()) == STYLE.read_bytes()
    assert precompress([STYLE], tmp_path) == (0, 1)


def test_precompress_never_writes_through_a_planted_link(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("untouched")
    cache = tmp_path / "cache"
    cache.mkdir()
    # The names an older precompress wrote through: the target's .partial sibling.
    key = hashlib.sha256(STYLE.read_bytes()).hexdigest()
    (cache / f"{key}.partial").symlink_to(outside)
    assert precompress([STYLE], cache) == (1, 0)
    assert outside.read_text() == "untouched"
    assert brotli.decompress((cache / f"{key}.br").read_bytes()) == STYLE.read_bytes()
