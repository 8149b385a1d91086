"""GET /source/<file>: a source document as numbered lines with every curated figure highlighted."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from flask import Flask, Response, request

from dashboard.model.data import Dataset

PREFIX = "/source/"
ROUTE = PREFIX + "<path:name>"
STYLESHEET_FILE = Path(__file__).with_name("source_page.css")
STYLESHEET_ROUTE = "/source-static/source.css"
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


def render_segment(text: str, segment: Segment, titles: dict[str, str]) -> str:
    """One segment of the whole document `text`, escaped, inside its mark and dismissal."""
    body = escape(text[segment.start : segment.end])
    described = " ".join(f"why-{r}" for r in segment.reasons)
    if segment.figures:
        ids = " ".join(segment.figures)
        count = len(segment.figures)
        heading = (
            "Curated figure:"
            if count == 1
            else f"{count} curated figures (the link opens the first):"
        )
        title = "\n".join([heading, *(titles.get(i, i) for i in segment.figures)])
        # One link per mark, to the first figure: several links inside one quote would put the same
        # sentence in the Tab order several times. The title lists every figure the mark names.
        link_attrs = f' aria-describedby="{escape(described)}"' if described else ""
        body = (
            f'<mark data-figure="{escape(ids)}"><a href="/?figure={escape(quote(segment.figures[0]))}"'
            f' title="{escape(title)}"{link_attrs}>{body}</a></mark>'
        )
    if segment.reasons:
        why = "; ".join(reason_words(r) for r in segment.reasons)
        # A dismissal inside a quote is reached through the quote's link (a focusable element may
        # not sit inside a link); alone it is a Tab stop of its own, so focus can show the reason.
        focus = "" if segment.figures else f' tabindex="0" aria-describedby="{escape(described)}"'
        body = (
            f'<span class="dismissed" data-why="{escape(why)}" title="Dismissed: {escape(why)}"'
            f"{focus}>{body}</span>"
        )
    return body


def render_line(
    number: int,
    text: str,
    pieces: list[Segment],
    titles: dict[str, str],
    furniture: bool,
) -> str:
    """Line `number`: `pieces` of the whole document `text` beside the line number."""
    # The number links to its own line for copying a permalink; it is no Tab stop (300 of them
    # would stand between a keyboard user and the marks) and screen readers skip it.
    number_link = f'<a class="ln" href="#L{number}" tabindex="-1" aria-hidden="true">{number}</a>'
    body = "".join(render_segment(text, piece, titles) for piece in pieces)
    if furniture:
        return (
            f'<div class="line furniture" id="L{number}">{number_link}<span class="tx">{body}</span>'
            '<span class="note">page furniture</span></div>'
        )
    return f'<div class="line" id="L{number}">{number_link}<span class="tx">{body}</span></div>'


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def render_key(reasons: dict[str, int]) -> str:
    """The legend: what each style means; reasons carry ids that dismissed mentions point to."""
    items = "".join(
        f'<li id="why-{escape(r)}"><strong>{escape(reason_words(r))}</strong>'
        f"{': ' + escape(REASON_NOTES[r]) if r in REASON_NOTES else ''} ({n})</li>"
        for r, n in sorted(reasons.items())
    )
    # Folded: on a phone the list would push the text a screen further down. The ids stay
    # reachable for aria-describedby while it is closed.
    reason_list = (
        f'<details class="reasons"><summary>Why each was dismissed ({len(reasons)} '
        f"{'reason' if len(reasons) == 1 else 'reasons'})</summary><ul>{items}</ul></details>"
        if items
        else ""
    )
    return (
        '<section class="key" aria-labelledby="key-heading"><h2 id="key-heading">Key</h2><ul>'
        '<li><mark class="sample">Highlighted</mark> the quote of a curated figure; follow it to '
        "the figure's citation on the dashboard.</li>"
        '<li><mark class="sample sample-multi">Deeper orange</mark> quotes of several '
        "figures overlap; hover to list them (the link opens the first).</li>"
        '<li><span class="sample sample-dismissed">Dotted underline</span> a number dismissed as not a '
        f"figure; hover or focus it to read why.{reason_list}</li>"
        '<li><span class="sample sample-furniture">Grey text</span> page furniture: part of the page, '
        "not of the text.</li>"
        '<li><span class="sample sample-target">Blue bar</span> the line a link points to '
        "(add <code>#L130</code> to the address for line 130).</li>"
        "</ul></section>"
    )


def render_source_page(dataset: Dataset, file: str, stylesheet: str = STYLESHEET_ROUTE) -> str:
    """The whole page for source `file` (a key of dataset.sources; KeyError otherwise)."""
    document = dataset.sources[file]
    figures = figure_spans(dataset.figures, file)
    dismissed = dismissed_spans(dataset, file)
    titles = figure_titles(dataset.figures, file)
    furniture = set(document.furniture_lines)
    lines = [
        render_line(
            number,
            document.text,
            segments(start, end, figures, dismissed),
            titles,
            number in furniture,
        )
        for number, (start, end) in enumerate(line_spans(document.text), start=1)
    ]
    reasons: dict[str, int] = {}
    for _, _, reason in dismissed:
        reasons[reason] = reasons.get(reason, 0) + 1
    curated = int((dataset.figures["source"] == file).sum())
    count = (
        f"{plural(curated, 'figure', 'figures')} curated from this document; "
        f"{plural(len(dismissed), 'mention', 'mentions')} dismissed"
    )
    others = "".join(
        f'<li><a href="/source/{escape(quote(name, safe=""))}">{escape(other.title)}</a></li>'
        for name, other in dataset.sources.items()
        if name != file
    )
    other_nav = f'<p class="others">Other sources:</p><ul>{others}</ul>' if others else ""
    title = escape(document.title)
    name = escape(file)
    licence = escape(document.licence) if document.licence else "not stated"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} · source text</title>"
        f'<link rel="stylesheet" href="{escape(stylesheet)}"></head><body>'
        '<a class="skip" href="#text">Skip to the text</a>'
        "<header>"
        '<nav aria-label="Dashboard and sources"><ul>'
        '<li><a href="/">Back to the dashboard</a></li>'
        f'<li><a href="/?source={escape(quote(file, safe=""))}">This document\'s figures on '
        "the dashboard</a></li></ul>"
        f"{other_nav}</nav>"
        f'<p class="kicker">Source document <code>{name}</code></p>'
        f"<h1>{title}</h1>"
        f'<p class="description">{escape(document.description)}</p>'
        f'<p class="licence">Licence: {licence}</p>'
        f'<p class="count">{count}.</p>'
        f"{render_key(reasons)}"
        "</header>"
        f'<main id="text" tabindex="-1"><h2 class="text-heading">Text of {name}, '
        f"{plural(len(lines), 'line', 'lines')}</h2>"
        f'<div class="doc">{"".join(lines)}</div></main>'
        f"<footer><p>Source: <code>{name}</code>. Licence: {licence}. "
        '<a href="/">Back to the dashboard</a>.</p></footer>'
        "</body></html>\n"
    )


def not_found(name: str) -> Response:
    shown = name if len(name) <= MAX_NAME_SHOWN else name[:MAX_NAME_SHOWN] + "…"
    return Response(f"No source document named {shown!r}.\n", status=404, mimetype="text/plain")


def register_source_routes(server: Flask, dataset: Dataset) -> None:
    """GET /source/<file name> (the page) and its stylesheet."""
    css = STYLESHEET_FILE.read_bytes()
    stylesheet = f"{STYLESHEET_ROUTE}?v={hashlib.sha256(css).hexdigest()[:12]}"
    pages: dict[str, str] = {}  # the data never changes while serving: render each page once

    def source_page(name: str) -> Response:
        # The name is only ever a key into the loaded sources, never a path: '../x', absolute
        # paths and files beside the sources are all simply unknown.
        if name not in dataset.sources:
            return not_found(name)
        if name not in pages:
            pages[name] = render_source_page(dataset, name, stylesheet)
        return Response(pages[name], mimetype="text/html")

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
