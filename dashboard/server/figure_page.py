"""GET /figure/<id>: one figure's page, readable without JavaScript, and its citation as data
(.csl.json, .bib, .ris) and as a W3C Web Annotation (.json), all from one citation record."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
from flask import Flask, Response, request

from dashboard.model.citation import (
    CitationRecord,
    bibtex,
    citation_record,
    csl_json,
    plain_text,
    ris,
)
from dashboard.model.frame import format_number
from dashboard.model.sources import Span
from dashboard.model.vocabulary import QUALIFIERS
from dashboard.server.source_page import STYLESHEET_ROUTE, TEMPLATES
from dashboard.web.callbacks import View
from dashboard.web.chart_words import axis_title
from dashboard.web.origin import site_origin

PREFIX = "/figure/"
SCRIPT_FILE = Path(__file__).with_name("static") / "copy.js"
SCRIPT_ROUTE = "/figure-static/copy.js"
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT_CHARS = 32  # the prefix and suffix a TextQuoteSelector carries
# The formats a figure's citation is served in, by the suffix of its address.
FORMATS = {
    ".csl.json": "application/vnd.citationstyles.csl+json",
    ".json": "application/json",
    ".bib": "application/x-bibtex",
    ".ris": "application/x-research-info-systems",
}


def record_for(view: View, row: pd.Series) -> CitationRecord:
    """The citation record of a figure, dated today and cited at this server's address."""
    return citation_record(view.dataset, row, site_origin() + "/", datetime.now(UTC).date())


def annotation(view: View, row: pd.Series, record: CitationRecord) -> dict[str, Any]:
    """The figure as a W3C Web Annotation on its source document: the quote by its words and by
    its place (start and end slice the document's text to exactly `exact`)."""
    text = view.dataset.sources[row["source"]].text
    start, end = int(row["quote_start"]), int(row["quote_end"])
    base = site_origin()
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": record.url,
        "type": "Annotation",
        "motivation": "describing",
        "body": {"type": "TextualBody", "value": record.title, "format": "text/plain"},
        "target": {
            "source": f"{base}/source/{quote(row['source'], safe='')}",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end],
                    "prefix": text[max(0, start - QUOTE_CONTEXT_CHARS) : start],
                    "suffix": text[end : end + QUOTE_CONTEXT_CHARS],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }


def figure_json(view: View, row: pd.Series, record: CitationRecord) -> dict[str, Any]:
    """The figure's curated row (numbers as numbers, empty cells as null) and its annotation."""
    curated = view.dataset.figures.loc[view.dataset.figures["id"] == row["id"]].iloc[0]
    cells = {str(column): plain(value) for column, value in curated.items()}
    return {
        "data_version": view.dataset.version,
        "figure": cells,
        "annotation": annotation(view, row, record),
    }


def plain(value: Any) -> Any:
    """A frame cell as JSON has it: None for a missing or empty cell, numpy scalars as Python's."""
    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def reading(row: pd.Series) -> list[tuple[str, str]]:
    """The number as the table reads it, row by row of the page's definition list."""
    pairs = [("Value as written", str(row["value_text"]))]
    for label, column in (
        ("Value", "value"),
        ("Lower bound", "value_low"),
        ("Upper bound", "value_high"),
    ):
        if pd.notna(row[column]):
            pairs.append((label, format_number(float(row[column]))))
    pairs += [
        ("Qualifier", QUALIFIERS.get(row["qualifier"], row["qualifier"])),
        ("Unit", axis_title(str(row["unit"]))),
        ("Period", str(row["period"])),
    ]
    if row["asserted_by"]:
        pairs.append(("According to", str(row["asserted_by"])))
    return pairs


def claim_statements(view: View, row: pd.Series) -> list[dict[str, Any]]:
    """The other statements of the same quantity, each with its place and lineage."""
    same = view.plot[(view.plot["claim"] == row["claim"]) & (view.plot["id"] != row["id"])]
    return [
        {
            "id": other["id"],
            "value_text": other["value_text"],
            "period": other["period"],
            "where": f"{other['source_short']}, line {other['source_line']}",
            "lineage": other["lineage"],
        }
        for _, other in same.iterrows()
    ]


def render_figure_page(
    view: View, row: pd.Series, record: CitationRecord, cited_version: str | None
) -> str:
    """The figure's page: what it measures, the passage, the reading, the citation in each format."""
    curated = view.dataset.figures.loc[view.dataset.figures["id"] == row["id"]].iloc[0]
    document = view.dataset.sources[row["source"]]
    line = record.line
    before, quoted, after = document.passage(
        Span(int(curated["quote_start"]), int(curated["quote_end"]), line or 0)
    )
    json_ld = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "name": record.title,
        "text": record.quote,
        "url": record.url,
        "version": record.version,
        "isPartOf": {"@type": "CreativeWork", "name": record.document_title},
        "isBasedOn": [{"@type": "CreativeWork", "name": w} for w in record.works],
    }
    return TEMPLATES.get_template("figure_page.html").render(
        record=record,
        row=row,
        passage=(before, quoted, after),
        reading=reading(row),
        others=claim_statements(view, row),
        source_href=f"/source/{quote(row['source'], safe='')}" + (f"#L{line}" if line else ""),
        dashboard_href=f"/?figure={quote(row['id'], safe='')}",
        stylesheet=STYLESHEET_ROUTE,
        script=SCRIPT_ROUTE,
        styles=[
            ("Text", plain_text(record)),
            ("BibTeX", bibtex(record)),
            ("RIS", ris(record).replace("\r\n", "\n")),
            ("CSL-JSON", json.dumps(csl_json(record), indent=2, ensure_ascii=False)),
        ],
        # A JSON-LD block is data, never run; "</" is escaped so no text can close the script.
        json_ld=json.dumps(json_ld, ensure_ascii=False).replace("</", "<\\/"),
        cited_version=cited_version if cited_version != view.dataset.version else None,
        version=view.dataset.version,
    )


def not_found_page(message: str) -> Response:
    """A plain 404 page that says what was not found and links home."""
    body = TEMPLATES.get_template("not_found.html").render(
        message=message, stylesheet=STYLESHEET_ROUTE
    )
    return Response(body, status=404, mimetype="text/html")


def register_figure_routes(server: Flask, view: View) -> None:
    """GET /figure/<id>[.csl.json|.json|.bib|.ris] and the page's copy script."""
    script = SCRIPT_FILE.read_bytes()

    def figure(name: str) -> Response:
        suffix = next((s for s in FORMATS if name.endswith(s)), "")
        figure_id = name[: len(name) - len(suffix)]
        row = view.row(figure_id)
        cited = request.args.get("v")
        if row is None:
            since = f" (the link cites data version {cited[:20]})" if cited else ""
            return not_found_page(
                f"No figure has the id “{figure_id[:80]}” in data version {view.dataset.version}"
                f"{since}: it may have been renamed or removed."
            )
        record = record_for(view, row)
        headers = {"X-Data-Version": view.dataset.version}
        if suffix == ".csl.json":
            body = json.dumps([csl_json(record)], ensure_ascii=False, indent=2)
        elif suffix == ".json":
            body = json.dumps(figure_json(view, row, record), ensure_ascii=False, indent=2)
        elif suffix == ".bib":
            body = bibtex(record)
        elif suffix == ".ris":
            body = ris(record)
        else:
            return Response(
                render_figure_page(view, row, record, cited), mimetype="text/html", headers=headers
            )
        return Response(body, mimetype=FORMATS[suffix], headers=headers)

    def copy_script() -> Response:
        return Response(script, mimetype="text/javascript")

    server.add_url_rule(PREFIX + "<path:name>", "figure_page", figure, methods=["GET"])
    server.add_url_rule(SCRIPT_ROUTE, "figure_copy_script", copy_script, methods=["GET"])
