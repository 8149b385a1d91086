"""GET /source/<file>: the source page over HTTP without a browser, on real, mini and hostile data."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dashboard.model.data import DEFAULT_DATA_DIR, load_or_raise
from dashboard.server.app import create_app
from tests.conftest import MINI, SOURCE_NAME, row

HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"
VOID = {"meta", "link", "br", "hr", "img", "input", "wbr", "source", "area", "base", "col"}
# Every element the page is built from: anything else (script, img, b, i, iframe, ...) would have
# come from the data.
OWN_TAGS = {
    "html", "head", "meta", "title", "link", "body", "a", "header", "nav", "ul", "li", "p", "code",
    "h1", "h2", "section", "mark", "strong", "span", "main", "div", "footer", "details", "summary",
}  # fmt: skip


@dataclass
class Piece:
    """A run of document text as the page shows it: offsets in the source and what wraps it."""

    start: int
    end: int
    figures: tuple[str, ...]  # data-figure of the enclosing mark
    link: str | None  # href of the enclosing link
    why: str | None  # data-why of the enclosing dismissed span


@dataclass
class Page(HTMLParser):
    """The parts of a source page the tests look at, read with the standard library's parser."""

    text: str  # the source document, to turn each line's text back into offsets
    tags: list[tuple[str, dict]] = field(default_factory=list)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (id, class) of every div.line
    pieces: list[Piece] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # line id -> text of its .note
    title: str = ""

    def __post_init__(self):
        super().__init__(convert_charrefs=True)
        self.starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        self.stack: list[tuple[str, dict]] = []
        self.cursor = 0
        self.line_id = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "div" and "line" in attrs.get("class", "").split():
            self.lines.append((attrs["id"], attrs["class"]))
            self.line_id = attrs["id"]
            self.cursor = self.starts[int(attrs["id"][1:]) - 1]
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def classes(self) -> set[str]:
        return {c for _, attrs in self.stack for c in attrs.get("class", "").split()}

    def innermost(self, tag: str, key: str) -> str | None:
        return next((a.get(key) for t, a in reversed(self.stack) if t == tag and key in a), None)

    def handle_data(self, data):
        classes = self.classes()
        if "tx" in classes:
            figures = self.innermost("mark", "data-figure")
            self.pieces.append(
                Piece(
                    self.cursor,
                    self.cursor + len(data),
                    tuple(figures.split()) if figures else (),
                    self.innermost("a", "href"),
                    self.innermost("span", "data-why"),
                )
            )
            self.cursor += len(data)
        elif "note" in classes:
            self.notes[self.line_id] = self.notes.get(self.line_id, "") + data
        elif self.stack and self.stack[-1][0] == "title":
            self.title += data


def parse(body: str, text: str) -> Page:
    page = Page(text)
    page.feed(body)
    page.close()
    return page


def line_count(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def covered(page: Page, offset: int) -> Piece | None:
    return next((p for p in page.pieces if p.start <= offset < p.end), None)


@pytest.fixture(scope="module", params=["real", "mini"])
def served(request):
    """(dataset, test client) for the real data and for the mini fixture."""
    data_dir = DEFAULT_DATA_DIR if request.param == "real" else MINI
    dataset = load_or_raise(data_dir)
    return dataset, create_app(dataset=dataset).server.test_client()


def pages(served):
    dataset, client = served
    for name, document in dataset.sources.items():
        response = client.get(f"/source/{name}")
        assert response.status_code == 200, name
        yield name, document, response, parse(response.get_data(as_text=True), document.text)


def test_page_is_html_with_title_viewport_and_landmarks(served):
    for name, document, response, page in pages(served):
        assert response.mimetype == "text/html"
        assert response.headers["Content-Security-Policy"]  # security.py applies to this route
        html = dict(page.tags)["html"]
        assert html.get("lang") == "en"
        assert document.title in page.title
        assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in (
            page.tags
        )
        tags = {tag for tag, _ in page.tags}
        assert {"header", "main", "nav", "footer", "h1"} <= tags, name
        hrefs = [attrs.get("href") for tag, attrs in page.tags if tag == "a"]
        assert "/" in hrefs  # back to the dashboard
        # Nothing from another host, and no script at all: the CSP allows none inline.
        assert "script" not in tags
        for tag, attrs in page.tags:
            for key in ("href", "src"):
                assert not attrs.get(key, "/").startswith(("http", "//")), (tag, attrs)
            assert "style" not in attrs


def test_every_line_is_there_with_its_anchor_and_text(served):
    for name, document, _, page in pages(served):
        count = line_count(document.text)
        assert [line_id for line_id, _ in page.lines] == [f"L{n}" for n in range(1, count + 1)]
        # Every character of the document is shown once, in order, escaped back to itself.
        shown = "".join(document.text[p.start : p.end] for p in page.pieces)
        assert shown == document.text.replace("\n", ""), name
        for piece, following in zip(page.pieces, page.pieces[1:], strict=False):
            assert piece.end <= following.start


def test_every_character_of_a_quote_is_in_a_mark_naming_its_figure(served):
    dataset, _ = served
    figures = dataset.figures
    for name, document, _, page in pages(served):
        rows = figures[figures["source"] == name]
        marked = {i for p in page.pieces for i in p.figures}
        assert marked == set(rows["id"]), name
        inside: set[int] = set()
        for figure_id, start, end in zip(
            rows["id"], rows["quote_start"], rows["quote_end"], strict=True
        ):
            for offset in range(int(start), int(end)):
                inside.add(offset)
                if document.text[offset] != "\n":
                    piece = covered(page, offset)
                    assert piece is not None, (figure_id, offset)
                    assert figure_id in piece.figures, (figure_id, offset)
        for piece in page.pieces:
            if piece.figures:
                assert set(range(piece.start, piece.end)) <= inside  # no mark outside a quote
                # A mark is a link to its first figure's citation: a Tab stop on the page.
                assert piece.link == f"/?figure={piece.figures[0]}"


def test_dismissed_mentions_carry_their_reason(served):
    dataset, _ = served
    dismissed_total = 0
    for name, document, _, page in pages(served):
        rows = dataset.dismissed[dataset.dismissed["source"] == name]
        for quote, reason in zip(rows["quote"], rows["reason"], strict=True):
            spans = document.find_all(quote)
            assert spans
            for span in spans:
                dismissed_total += 1
                for offset in range(span.start, span.end):
                    piece = covered(page, offset)
                    assert piece is not None, (quote, offset)
                    assert piece.why, (quote, offset)
                    assert reason.replace("_", " ") in piece.why
        dismissed_spans = [
            attrs for tag, attrs in page.tags if "dismissed" in attrs.get("class", "").split()
        ]
        for attrs in dismissed_spans:
            assert attrs["title"] == f"Dismissed: {attrs['data-why']}"
            # Alone it is a Tab stop described by its reason; inside a quote its link is.
            assert attrs.get("tabindex") in ("0", None)
        focusable = [a for a in dismissed_spans if a.get("tabindex") == "0"]
        assert all(a["aria-describedby"].startswith("why-") for a in focusable)
        described = {a["aria-describedby"] for a in focusable}
        key_ids = {a["id"] for _, a in page.tags if a.get("id", "").startswith("why-")}
        assert described <= key_ids
    if dataset.dismissed.empty:
        assert dismissed_total == 0
    else:
        assert dismissed_total > 0


def test_furniture_lines_are_dimmed_with_a_note(served):
    for name, document, _, page in pages(served):
        furniture = {f"L{n}" for n in document.furniture_lines}
        assert {i for i, classes in page.lines if "furniture" in classes.split()} == furniture
        assert page.notes == dict.fromkeys(furniture, "page furniture"), name


def test_header_counts_curated_figures_and_dismissed_mentions(served):
    dataset, _ = served
    for name, document, response, _ in pages(served):
        curated = int((dataset.figures["source"] == name).sum())
        rows = dataset.dismissed[dataset.dismissed["source"] == name]
        mentions = sum(len(document.find_all(q)) for q in rows["quote"])
        body = response.get_data(as_text=True)
        figure_word = "figure" if curated == 1 else "figures"
        mention_word = "mention" if mentions == 1 else "mentions"
        assert (
            f"{curated} {figure_word} curated from this document; "
            f"{mentions} {mention_word} dismissed" in body
        )


def test_overlapping_quotes_share_a_mark_and_a_quote_may_cross_lines(make_data_dir):
    rows = [
        row(
            id="tiny-killed-or-wounded",
            claim="tannenberg-killed-or-wounded",
            value="30000",
            value_low="30000",
            qualifier="more_than",
            value_text="30,000",
            quote="over 30,000 Russian troops were killed or wounded",
        ),
        row(quote="Russian troops were killed or wounded and 90,000 captured"),
        row(
            id="tiny-across-lines",
            claim="across-lines",
            quote="and 90,000 captured. Historians estimate",
        ),
    ]
    dismissed = [{"source": SOURCE_NAME, "quote": "troops were", "reason": "incidental_count"}]
    dataset = load_or_raise(make_data_dir(rows, dismissed))
    document = dataset.sources[SOURCE_NAME]
    body = create_app(dataset=dataset).server.test_client().get(f"/source/{SOURCE_NAME}")
    page = parse(body.get_data(as_text=True), document.text)
    marks = [(document.text[p.start : p.end], p.figures, p.why) for p in page.pieces if p.figures]
    assert marks == [
        ("over 30,000 ", ("tiny-killed-or-wounded",), None),
        ("Russian ", ("tiny-killed-or-wounded", "tiny-tannenberg-captured"), None),
        (
            "troops were",
            ("tiny-killed-or-wounded", "tiny-tannenberg-captured"),
            "incidental count",
        ),
        (" killed or wounded", ("tiny-killed-or-wounded", "tiny-tannenberg-captured"), None),
        (" ", ("tiny-tannenberg-captured",), None),
        ("and 90,000 captured", ("tiny-tannenberg-captured", "tiny-across-lines"), None),
        (".", ("tiny-across-lines",), None),
        ("Historians\u00a0estimate", ("tiny-across-lines",), None),  # line 3: the same mark
    ]
    html = body.get_data(as_text=True)
    assert 'data-figure="tiny-killed-or-wounded tiny-tannenberg-captured"' in html
    # The dismissed mention inside the quotes is no Tab stop of its own (its link is) and the link
    # is described by the reason in the key.
    assert 'aria-describedby="why-incidental_count"' in html
    assert 'id="why-incidental_count"' in html


def test_hostile_text_is_escaped_everywhere():
    dataset = load_or_raise(HOSTILE)
    client = create_app(dataset=dataset).server.test_client()
    document = dataset.sources["hostile.txt"]
    response = client.get("/source/hostile.txt")
    body = response.get_data(as_text=True)
    page = parse(body, document.text)
    assert {tag for tag, _ in page.tags} <= OWN_TAGS
    assert "<script" not in body.lower()
    assert "<img" not in body.lower()
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert all(h.startswith(("/", "#")) for h in hrefs), hrefs
    assert document.title in page.title  # shown as text, markup and all
    shown = "".join(document.text[p.start : p.end] for p in page.pieces)
    assert shown == document.text.replace("\n", "")


@pytest.mark.parametrize(
    "path",
    [
        "/source/../figures.csv",
        "/source/nope.txt",
        "/source/%2e%2e%2fREADME.md",
        "/source/..%2f..%2fpyproject.toml",
        "/source//etc/passwd",
        "/source/%2Fetc%2Fpasswd",
        "/source/",
        "/source/sources.json",  # beside the documents on disk, but no source document
        "/source/000_mini_history",
        "/source/000_mini_history.txt/",
    ],
)
def test_unknown_names_are_a_plain_404_never_a_file(path):
    response = create_app(MINI).server.test_client().get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True).startswith("No source document named")


def test_stylesheet_is_served_from_this_origin_and_shipped_in_the_wheel():
    dataset = load_or_raise(MINI)
    client = create_app(dataset=dataset).server.test_client()
    body = client.get("/source/000_mini_history.txt").get_data(as_text=True)
    page = parse(body, dataset.sources["000_mini_history.txt"].text)
    (href,) = [
        attrs["href"]
        for tag, attrs in page.tags
        if tag == "link" and attrs.get("rel") == "stylesheet"
    ]
    assert href.startswith("/source-static/source.css?v=")
    response = client.get(href)
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert ".line:target" in css
    assert "scroll-margin-top" in css
    assert "pre-wrap" in css
    pyproject = tomllib.loads((DEFAULT_DATA_DIR.parent / "pyproject.toml").read_text())
    assert "source_page.css" in pyproject["tool"]["setuptools"]["package-data"]["dashboard.server"]


def test_each_line_sees_the_marks_the_whole_document_would_give_it():
    """The page's one-sweep assignment of marks to lines cuts every line exactly as checking every
    mark against every line would (in the marks' order, so a link opens the same figure)."""
    from dashboard.server import source_page as sp

    dataset = load_or_raise(DEFAULT_DATA_DIR)
    for name, document in dataset.sources.items():
        figures, dismissed = (
            sp.figure_spans(dataset.figures, name),
            sp.dismissed_spans(dataset, name),
        )
        lines = sp.line_spans(document.text)
        by_figure, by_dismissal = (
            sp.spans_by_line(lines, figures),
            sp.spans_by_line(lines, dismissed),
        )
        for k, (start, end) in enumerate(lines):
            expected = sp.segments(start, end, figures, dismissed)
            assert sp.segments(start, end, by_figure[k], by_dismissal[k]) == expected, (name, k + 1)
