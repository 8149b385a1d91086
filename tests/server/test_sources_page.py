"""The page names its sources once: GET /api/sources.json (the credits chart images carry),
GET /sources (every source a page at a time), and above MANY_SOURCES the footer and the chart
key give a count and a link instead of a list."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

import dashboard.server.sources_page as sources_page
import dashboard.web.source_list as source_list
from dashboard.model.data import load_or_raise
from dashboard.server.app import create_app
from tests.conftest import MINI

HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"
MINI_SOURCES = ["000_mini_history.txt", "001_mini_page.txt"]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href", ""))


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


@pytest.fixture(scope="module")
def client():
    return create_app(MINI).server.test_client()


def test_sources_json_credits_each_source_by_file_name(client):
    response = client.get("/api/sources.json")
    body = response.get_json()
    assert response.headers["X-Data-Version"] == body["data_version"]
    assert sorted(body["credits"]) == MINI_SOURCES
    assert body["credits"]["000_mini_history.txt"] == (
        "Russia and the Soviet Union, 1914-1939 (test excerpt) (000_mini_history.txt), "
        "licence: CC0-1.0"
    )
    packed = client.get("/api/sources.json", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.get_data())) == body


def test_the_sources_page_lists_title_licence_count_and_links(client):
    response = client.get("/sources")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Russia and the Soviet Union, 1914-1939 (test excerpt)" in page
    assert "Licence: CC0-1.0" in page
    assert "2 source documents" in page
    assert "/source-static/source.css?v=" in page  # the source page's stylesheet
    hrefs = links(page)
    for name in MINI_SOURCES:
        assert f"/source/{name}" in hrefs
        assert f"/?source={name}" in hrefs
    counts = load_or_raise(MINI).figures["source"].value_counts()
    for name in MINI_SOURCES:
        entry = next(item for item in page.split("<li>") if f"<code>{name}</code>" in item)
        assert f"{counts[name]} figures</span>" in entry


def test_the_sources_page_is_paginated(monkeypatch):
    monkeypatch.setattr(sources_page, "PER_PAGE", 1)
    app = create_app(MINI)  # PER_PAGE is read when the routes are registered
    paged = app.server.test_client()
    first = paged.get("/sources").get_data(as_text=True)
    second = paged.get("/sources?page=2").get_data(as_text=True)
    assert "000_mini_history.txt" in first
    assert "001_mini_page.txt" not in first
    assert "001_mini_page.txt" in second
    assert "?page=2" in links(first)
    assert "?page=1" in links(second)
    assert "Page 2 of 2" in second
    for bad in ("3", "0", "abc", "-1"):
        assert paged.get(f"/sources?page={bad}").status_code == 404


def test_the_sources_page_escapes_titles():
    page = create_app(HOSTILE).server.test_client().get("/sources").get_data(as_text=True)
    assert "<script>window.__pwned" not in page
    assert "&lt;script&gt;window.__pwned" in page


def layout_text(app) -> str:
    return json.dumps(app.layout.to_plotly_json(), default=lambda c: c.to_plotly_json())


def test_few_sources_are_listed_in_the_footer_and_the_key():
    text = layout_text(create_app(MINI))
    assert "the sources page" not in text
    assert "Colour names the source document:" in text
    assert "read the document" in text  # the footer's list


def test_many_sources_are_a_count_and_a_link(monkeypatch):
    monkeypatch.setattr(source_list, "MANY_SOURCES", 1)
    app = create_app(MINI)
    text = layout_text(app)
    assert "2 source documents" in text
    assert '"href": "/sources"' in text
    assert "read the document" not in text  # no per-source list in the footer
    assert "sources-url" in text  # the page points charts.js to its one source list
