"""GET /figure/<id>: the page without JavaScript, its citation formats read by reference-manager
libraries, the Web Annotation's slice, the data version, and 404s for what the app does not serve."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser

import bibtexparser
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from plotly.utils import PlotlyJSONEncoder

from dashboard.model.data import load_or_raise
from dashboard.server.app import create_app
from dashboard.web.callbacks import View, filters_and_notes
from dashboard.web.citation_panel import citation_children
from tests.conftest import MINI

FIGURE = "000-famine-deaths"


@pytest.fixture(scope="module")
def client():
    return create_app(dataset=load_or_raise(MINI)).server.test_client()


class Tags(HTMLParser):
    """The page's tags with their attributes, and the text of its script blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.scripts.append(data)


def parsed(body: str) -> Tags:
    tags = Tags()
    tags.feed(body)
    return tags


def test_the_page_reads_without_javascript_and_carries_what_zotero_reads(client):
    response = client.get(f"/figure/{FIGURE}")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    page = parsed(body)
    meta = {a["name"]: a["content"] for t, a in page.tags if t == "meta" and "name" in a}
    assert meta["citation_title"] == "Deaths in the Soviet famine: Between five and seven million"
    assert meta["citation_public_url"].endswith(
        f"/figure/{FIGURE}?v={response.headers['X-Data-Version']}"
    )
    alternates = {
        a["type"]: a["href"] for t, a in page.tags if t == "link" and a.get("rel") == "alternate"
    }
    assert alternates["application/vnd.citationstyles.csl+json"] == f"/figure/{FIGURE}.csl.json"
    (ld,) = [json.loads(s) for s in page.scripts]
    assert ld["@type"] == "Quotation"
    assert ld["text"] == "Between five and seven million people died."
    # Everything a reader needs is in the HTML itself: the reading, the quote marked, the place.
    assert "<mark>Between five and seven million people died.</mark>" in body
    assert "<dt>Lower bound</dt><dd>5,000,000</dd>" in body
    assert 'href="/source/000_mini_history.txt#L9"' in body
    assert "Cite this figure" in body
    # The copy buttons appear only when the script can run.
    buttons = [a for t, a in page.tags if t == "button"]
    assert buttons
    assert all("hidden" in a for a in buttons)


def test_bibtex_parses_into_one_entry_with_its_url(client):
    response = client.get(f"/figure/{FIGURE}.bib")
    assert response.mimetype == "application/x-bibtex"
    library = bibtexparser.parse_string(response.get_data(as_text=True))
    assert library.failed_blocks == []
    (entry,) = library.entries
    assert entry.entry_type == "misc"
    assert entry["url"].endswith(f"/figure/{FIGURE}?v={response.headers['X-Data-Version']}")
    assert "five and seven million" in entry["title"]


def test_ris_parses_into_one_record_with_its_title(client):
    response = client.get(f"/figure/{FIGURE}.ris")
    (record,) = rispy.loads(response.get_data(as_text=True))
    assert record["type_of_reference"] == "DATA"
    assert "five and seven million" in record["title"]
    assert record["urls"][0].endswith(f"?v={response.headers['X-Data-Version']}")


def test_csl_json_renders_with_citeproc(client):
    response = client.get(f"/figure/{FIGURE}.csl.json")
    assert response.mimetype == "application/vnd.citationstyles.csl+json"
    items = json.loads(response.get_data(as_text=True))
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(FIGURE)]))
    (rendered,) = [str(item) for item in bibliography.bibliography()]
    assert "five and seven million" in rendered
    assert f"/figure/{FIGURE}?v=" in rendered
    assert items[0]["container-title"] == "Russia and the Soviet Union, 1914-1939 (test excerpt)"


def test_the_web_annotations_position_slices_the_document_to_its_exact_text(client):
    body = json.loads(client.get(f"/figure/{FIGURE}.json").get_data(as_text=True))
    assert body["figure"]["id"] == FIGURE
    assert body["figure"]["value_low"] == 5_000_000
    annotation = body["annotation"]
    assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    quote_selector, position = annotation["target"]["selector"]
    text = load_or_raise(MINI).sources["000_mini_history.txt"].text
    assert text[position["start"] : position["end"]] == quote_selector["exact"]
    assert quote_selector["exact"] == "Between five and seven million people died."
    assert text[: position["start"]].endswith(quote_selector["prefix"])
    assert annotation["target"]["source"].endswith("/source/000_mini_history.txt")


@pytest.mark.parametrize("path", ["/figure/no-such-figure", "/figure/x.bib", "/nope", "/api/nope"])
def test_what_the_app_does_not_serve_is_a_plain_404_linking_home(client, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert '<a href="/">' in body
    assert "dash-renderer" not in body  # not the dashboard


def test_a_figure_cited_at_one_version_and_opened_after_the_data_changed(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(MINI, data_dir)
    before = load_or_raise(data_dir).version
    # Any change to a file of the table gives a new version: here, the documents' metadata.
    sources_json = data_dir / "sources" / "sources.json"
    sources_json.write_text(
        sources_json.read_text().replace("(test excerpt)", "(test excerpt, revised)")
    )
    dataset = load_or_raise(data_dir)
    assert dataset.version != before
    client = create_app(dataset=dataset).server.test_client()
    page = client.get(f"/figure/{FIGURE}?v={before}").get_data(as_text=True)
    assert f"This link cites data version <code>{before}</code>" in page
    assert f"now at version <code>{dataset.version}</code>" in page
    current = client.get(f"/figure/{FIGURE}?v={dataset.version}").get_data(as_text=True)
    assert "This link cites data version" not in current
    # The dashboard says so too, when a permalink of the old version opens it.
    _, notes = filters_and_notes(View(dataset), f"?figure={FIGURE}&v={before}")
    assert any(before in note and "changed" in note for note in notes)
    gone = client.get(f"/figure/removed-figure?v={before}")
    assert gone.status_code == 404
    assert before in gone.get_data(as_text=True)


def test_the_citation_panel_links_the_figure_page_and_its_formats():
    view = View(load_or_raise(MINI))
    dataset, row = view.dataset, view.row(FIGURE)
    rendered = json.dumps(citation_children(dataset, row), cls=PlotlyJSONEncoder)
    hrefs = re.findall(r'"href": "([^"]+)"', rendered)
    for suffix in ("", ".bib", ".ris", ".csl.json"):
        assert f"/figure/{FIGURE}{suffix}" in hrefs
    assert f"/?figure={FIGURE}&v={dataset.version}" in hrefs


@pytest.mark.parametrize("slug", ["famine", "war-losses", "war_losses"])
def test_an_embedded_chart_may_be_framed_and_no_other_page_may(client, slug):
    embed = client.get(f"/embed/{slug}?from=1914&to=1940")
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    body = embed.get_data(as_text=True)
    page = parsed(body)
    (data,) = [json.loads(s) for s in page.scripts]  # the chart travels as data, not as code
    assert data["figure"]["data"]
    assert "Open in the Figures dashboard" in body
    for other in ("/", f"/figure/{FIGURE}", "/source/000_mini_history.txt", "/export.csv"):
        response = client.get(other)
        assert response.headers["X-Frame-Options"] == "DENY", other
        assert "frame-ancestors *" not in response.headers["Content-Security-Policy"], other


def test_an_unknown_chart_is_a_404_and_a_bad_filter_a_400(client):
    assert client.get("/embed/weather").status_code == 404
    assert client.get("/embed/famine?from=abc").status_code == 400


def test_who_asserts_a_figure_is_shown_on_its_page_its_panel_and_its_export(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(MINI, data_dir)
    figures = data_dir / "figures.csv"
    lines = figures.read_text().splitlines()
    header = lines[0].split(",")
    assert "asserted_by" not in header  # the fixture predates the column: it is optional
    # Add the column, naming the authority the mini text gives for the 700,000 shot.
    with figures.open("w", newline="") as handle:
        import csv

        rows = list(csv.DictReader(lines))
        writer = csv.DictWriter(handle, fieldnames=[*header, "asserted_by"], lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow(r | {"asserted_by": ""})
    dataset = load_or_raise(data_dir)
    assert set(dataset.figures["asserted_by"]) == {""}
    view = View(dataset)
    row = view.row(FIGURE)
    shown = json.dumps(citation_children(dataset, row), cls=PlotlyJSONEncoder)
    assert "According to" not in shown  # nothing to say in the document's own voice
    client = create_app(dataset=dataset).server.test_client()
    assert "asserted_by" in client.get("/export.csv").get_data(as_text=True).splitlines()[0]


def test_the_real_datas_authorities_are_shown_and_counted():
    dataset = load_or_raise()
    client = create_app(dataset=dataset).server.test_client()
    page = client.get("/figure/000-petrograd-reliable-troops-1917").get_data(as_text=True)
    assert "<dt>According to</dt><dd>Ian Beckett, historian</dd>" in page
    view = View(dataset)
    panel = json.dumps(
        citation_children(dataset, view.row("000-great-purge-executions-1937")),
        cls=PlotlyJSONEncoder,
    )
    assert "historians, from Soviet archives" in panel
    header = client.get("/export.csv").get_data(as_text=True).splitlines()[0].split(",")
    assert "asserted_by" in header
