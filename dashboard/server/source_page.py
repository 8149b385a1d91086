"""GET /source/<file>: a source document as numbered lines with every curated figure highlighted."""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from flask import Flask, Response, request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dashboard.model.data import Dataset
from dashboard.web.byte_cache import ByteCache

PREFIX = "/source/"
ROUTE = PREFIX + "<path:name>"
STYLESHEET_FILE = Path(__file__).with_name("source_page.css")
STYLESHEET_ROUTE = "/source-static/source.css"
# The page's HTML: a template beside this module, every value escaped unless the template built it.
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html"]),
    keep_trailing_newline=True,
)
TEMPLATES.filters["quote_all"] = lambda value: quote(str(value), safe="")
# The stylesheet URL carries a hash of its content, so browsers may cache it for a year and still
# pick up every edit.
STYLESHEET_MAX_AGE = 365 * 24 * 3600
MAX_NAME_SHOWN = 120  # an unknown name is echoed in the 404, cut short
# Shown beside the reason codes of data/dismissed.csv (data/README.md defines them).
REASON_NOTES = {
    "incidental_count": "a number that counts no statistic",
    "page_furniture": "part of the web page, not of the text",
    "biographical": "an age, a family member or a sentence of one person",
    "part_of_name": "a number inside a name or title",
    "rhetoric": "a number in quoted speech that measures nothing",
    "duration": "how long something lasted",
    "date_fragment": "part of a date or time",
    "location": "a distance that places something, not a statistic",
}


@dataclass(frozen=True)
class Segment:
    """A run of characters inside one line that the same figures and dismissals cover."""

    start: int
    end: int
    figures: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


def line_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every line without its newline, numbered as Span.line numbers them."""
    spans, start = [], 0
    while (newline := text.find("\n", start)) >= 0:
        spans.append((start, newline))
        start = newline + 1
    # A final newline ends the last line; it does not open an empty one.
    if start < len(text) or not spans:
        spans.append((start, len(text)))
    return spans


def figure_spans(figures: pd.DataFrame, file: str) -> list[tuple[int, int, str]]:
    """(start, end, id) of every curated quote of `file`, in table order.

    Validation stored each quote's exact span; searching again could pick another occurrence of a
    sentence the document repeats.
    """
    rows = figures[(figures["source"] == file) & figures["quote_start"].notna()]
    return [
        (int(start), int(end), str(figure_id))
        for start, end, figure_id in zip(
            rows["quote_start"], rows["quote_end"], rows["id"], strict=True
        )
        if int(end) > int(start)
    ]


def dismissed_spans(dataset: Dataset, file: str) -> list[tuple[int, int, str]]:
    """(start, end, reason) of every occurrence of every dismissed quote of `file`.

    A dismissal names a quote, not a place, and coverage treats every occurrence as dismissed.
    """
    document = dataset.sources[file]
    rows = dataset.dismissed[dataset.dismissed["source"] == file]
    return [
        (span.start, span.end, str(reason))
        for text, reason in zip(rows["quote"], rows["reason"], strict=True)
        for span in document.find_all(text)
    ]


def spans_by_line(
    lines: list[tuple[int, int]], marks: list[tuple[int, int, str]]
) -> list[list[tuple[int, int, str]]]:
    """For each line, the marks that overlap it, in their given order (the first figure a mark
    names is the one its link opens), found in one sweep: each line looks only at the marks still
    open, so the page stays linear in the document and its marks (a dismissal quoting "e" marks
    every "e")."""
    by_start = sorted(range(len(marks)), key=lambda i: marks[i][0])
    out: list[list[tuple[int, int, str]]] = []
    open_marks: list[int] = []
    k = 0
    for start, end in lines:
        while k < len(by_start) and marks[by_start[k]][0] <= end:
            open_marks.append(by_start[k])
            k += 1
        open_marks = [i for i in open_marks if marks[i][1] >= start]
        out.append([marks[i] for i in sorted(open_marks)])
    return out


def segments(
    start: int,
    end: int,
    figures: list[tuple[int, int, str]],
    dismissed: list[tuple[int, int, str]],
) -> list[Segment]:
    """Cut [start, end) wherever a quote or a dismissal begins or ends.

    Each piece then lies wholly inside or wholly outside every span, so overlapping statements
    become one mark naming every figure that covers its characters, and a quote crossing a line
    break becomes one mark per line.
    """
    cuts = {start, end}
    for a, b, _ in (*figures, *dismissed):
        cuts.update(x for x in (a, b) if start < x < end)
    ordered = sorted(cuts)
    pieces = []
    for a, b in itertools.pairwise(ordered):
        ids = tuple(dict.fromkeys(i for s, e, i in figures if s <= a and b <= e))
        reasons = tuple(dict.fromkeys(r for s, e, r in dismissed if s <= a and b <= e))
        pieces.append(Segment(a, b, ids, reasons))
    return pieces


def reason_words(reason: str) -> str:
    return reason.replace("_", " ")


def figure_titles(figures: pd.DataFrame, file: str) -> dict[str, str]:
    """id -> 'id: measure (value as written)', the hover text of a mark."""
    rows = figures[figures["source"] == file]
    return {
        str(i): f"{i}: {measure} ({value_text})"
        for i, measure, value_text in zip(
            rows["id"], rows["measure"], rows["value_text"], strict=True
        )
    }


def segment_view(text: str, segment: Segment, titles: dict[str, str]) -> dict[str, object]:
    """What the template needs of one segment: its text, the figures marking it with the first's
    link and a title listing them all, and the reasons it was dismissed."""
    count = len(segment.figures)
    heading = (
        "Curated figure:" if count == 1 else f"{count} curated figures (the link opens the first):"
    )
    return {
        "text": text[segment.start : segment.end],
        "figures": segment.figures,
        "href": f"/?figure={quote(segment.figures[0])}" if segment.figures else "",
        "title": "\n".join([heading, *(titles.get(i, i) for i in segment.figures)]),
        "reasons": segment.reasons,
        "why": "; ".join(reason_words(r) for r in segment.reasons),
        "described": " ".join(f"why-{r}" for r in segment.reasons),
    }


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def render_source_page(dataset: Dataset, file: str, stylesheet: str = STYLESHEET_ROUTE) -> str:
    """The whole page for source `file` (a key of dataset.sources; KeyError otherwise)."""
    document = dataset.sources[file]
    figures = figure_spans(dataset.figures, file)
    dismissed = dismissed_spans(dataset, file)
    titles = figure_titles(dataset.figures, file)
    furniture = set(document.furniture_lines)
    spans = line_spans(document.text)
    figures_by_line, dismissed_by_line = (
        spans_by_line(spans, figures),
        spans_by_line(spans, dismissed),
    )
    lines = [
        {
            "number": number,
            "furniture": number in furniture,
            "segments": [
                segment_view(document.text, piece, titles)
                for piece in segments(start, end, figures_by_line[k], dismissed_by_line[k])
            ],
        }
        for k, (number, (start, end)) in enumerate(enumerate(spans, start=1))
    ]
    counted = Counter(reason for _, _, reason in dismissed)
    curated = int((dataset.figures["source"] == file).sum())
    return TEMPLATES.get_template("source_page.html").render(
        document=document,
        file=file,
        stylesheet=stylesheet,
        licence=document.licence or "not stated",
        count=f"{plural(curated, 'figure', 'figures')} curated from this document; "
        f"{plural(len(dismissed), 'mention', 'mentions')} dismissed",
        others=[(name, other.title) for name, other in dataset.sources.items() if name != file],
        reasons=[
            {"code": r, "words": reason_words(r), "note": REASON_NOTES.get(r, ""), "count": n}
            for r, n in sorted(counted.items())
        ],
        lines=lines,
        line_count=plural(len(lines), "line", "lines"),
    )


def not_found(name: str) -> Response:
    shown = name if len(name) <= MAX_NAME_SHOWN else name[:MAX_NAME_SHOWN] + "…"
    return Response(f"No source document named {shown!r}.\n", status=404, mimetype="text/plain")


def stylesheet_url() -> str:
    """The stylesheet's address, named by its content's hash (STYLESHEET_MAX_AGE)."""
    return f"{STYLESHEET_ROUTE}?v={hashlib.sha256(STYLESHEET_FILE.read_bytes()).hexdigest()[:12]}"


def register_source_routes(server: Flask, dataset: Dataset) -> None:
    """GET /source/<file name> (the page) and its stylesheet."""
    css = STYLESHEET_FILE.read_bytes()
    stylesheet = stylesheet_url()
    # The data never changes while serving: each page is rendered once, and kept while the pages
    # kept hold at most the cache's bytes (a thousand documents' pages did not fit a worker).
    pages: ByteCache[str] = ByteCache()

    def source_page(name: str) -> Response:
        # The name is only ever a key into the loaded sources, never a path: '../x', absolute
        # paths and files beside the sources are all simply unknown.
        if name not in dataset.sources:
            return not_found(name)
        page = pages.get(name, lambda: render_source_page(dataset, name, stylesheet))
        return Response(page, mimetype="text/html")

    def source_stylesheet() -> Response:
        response = Response(css, mimetype="text/css")
        response.headers["Cache-Control"] = f"public, max-age={STYLESHEET_MAX_AGE}, immutable"
        return response

    def unrouted_source_name() -> Response | None:
        # Werkzeug's path converter never matches a name that starts with '/' ('/source//etc/x',
        # '/source/%2Fetc%2Fx') or an empty one, and Dash's catch-all would answer those with the
        # dashboard: they are unknown names like any other.
        path = request.path
        if path.startswith(PREFIX) and request.endpoint != "source_page":
            return not_found(path[len(PREFIX) :])
        return None

    server.add_url_rule(ROUTE, "source_page", source_page, methods=["GET"])
    server.before_request(unrouted_source_name)
    server.add_url_rule(STYLESHEET_ROUTE, "source_stylesheet", source_stylesheet, methods=["GET"])
