"""The citation panel's contents: the passage around a statement with its quote marked, the\ndocument and line, the reading of the number, and the citation to paste."""

from __future__ import annotations

from urllib.parse import quote as url_quote

import pandas as pd
from dash import html

from dashboard.model.citation import citation, line_suffix
from dashboard.model.data import Dataset
from dashboard.model.frame import format_number
from dashboard.model.sources import SourceDocument, Span
from dashboard.model.vocabulary import QUALIFIERS
from dashboard.web.html_attributes import attributes
from dashboard.web.ids import (
    CITE_TEXT,
)


def permalink(figure_id: str, version: str = "") -> str:
    """The dashboard with this figure's citation open, at the data version it cites."""
    return "/?figure=" + url_quote(figure_id, safe="") + (f"&v={version}" if version else "")


def figure_page(figure_id: str, suffix: str = "") -> str:
    """The figure's own page (suffix '') or its citation as data ('.bib', '.ris', '.csl.json')."""
    return f"/figure/{url_quote(figure_id, safe='')}{suffix}"


def source_link(file: str, line: int | None = None) -> str:
    """The reading view of a source document, at a line when given."""
    return f"/source/{url_quote(file, safe='')}" + (f"#L{line}" if line else "")


def qualifier_text(qualifier: str) -> str:
    """'at_least' -> 'at least'; 'range' -> 'between (range)': the words, and the code if it differs."""
    words = QUALIFIERS.get(qualifier, qualifier)
    return words if words == qualifier.replace("_", " ") else f"{words} ({qualifier})"


def _reading(row: pd.Series) -> list:
    bounds = [
        ("Value", format_number(row["value"])),
        ("Lower bound", format_number(row["value_low"])),
        ("Upper bound", format_number(row["value_high"])),
        ("Qualifier", qualifier_text(row["qualifier"])),
        ("Value as written", row["value_text"]),
        ("Unit", row["unit"]),
        ("Period", row["period"]),
        ("Category", row["category_label"]),
        ("According to", row["asserted_by"]),
    ]
    if row["note"]:
        bounds.append(("Curator's note", row["note"]))
    items = []
    for term, text in bounds:
        if text:
            items += [html.Dt(term), html.Dd(text)]
    return [html.Dl(items, className="reading")]


def cite_text(document: SourceDocument | None, row: pd.Series, link: str) -> str:
    """A ready-to-paste citation: document title, line, the quote and the permalink."""
    title = document.title if document is not None else row["source"]
    line = int(row["source_line"]) if pd.notna(row["source_line"]) else None
    return citation(title, row["source"], line, row["quote"], link)


def citation_children(dataset: Dataset, row: pd.Series | None, origin: str = "") -> list:
    """The passage around the statement's own place in its document, the source and the reading.

    The span validation stored (`quote_start`, `quote_end`) is this row's occurrence: a sentence
    a document states twice is shown at the place this row cites. `origin` makes the permalink
    absolute for pasting elsewhere.
    """
    if row is None:
        return []
    document = dataset.sources.get(row["source"])
    passage: list = [html.Mark(row["quote"])]
    if document is not None and pd.notna(row["quote_start"]):
        line = int(row["source_line"])
        span = Span(int(row["quote_start"]), int(row["quote_end"]), line)
        before, quoted, after = document.passage(span)
        passage = [before, html.Mark(quoted), after]
    line_number = int(row["source_line"]) if pd.notna(row["source_line"]) else None
    where: list = [
        html.Cite(document.title if document else row["source"]),
        ", file ",
        html.Code(row["source"]),
        line_suffix(line_number),
        ". ",
    ]
    if document is not None:
        where.append(
            html.A("Read it in the document", href=source_link(row["source"], line_number))
        )
    lineage = row.get("lineage") or ""
    link = origin + permalink(row["id"], dataset.version)
    return [
        html.H3(row["measure"], className="citation-measure"),
        html.Blockquote(html.P(passage), className="passage"),
        html.P(where, className="citation-source"),
        # What the document carries here: two documents carrying one work are one witness.
        *(
            [html.P(["Text derived from: ", lineage], className="citation-lineage")]
            if lineage
            else []
        ),
        *_reading(row),
        *cite_block(dataset, document, row, link),
    ]


def cite_block(
    dataset: Dataset, document: SourceDocument | None, row: pd.Series, link: str
) -> list:
    """ "Cite this figure": the text to paste, Copy, the permalink at this data version, and the
    figure's page with its citation in reference managers' formats."""
    return [
        html.H3("Cite this figure", className="cite-heading"),
        html.P(cite_text(document, row, link), id=CITE_TEXT, className="cite-text"),
        html.Div(
            [
                html.Button(
                    "Copy citation",
                    type="button",
                    className="button button-small copy-citation",
                    **attributes({"data-target": CITE_TEXT}),
                ),
                html.Span(className="copy-status", role="status"),
                html.A(
                    "Permalink", href=permalink(row["id"], dataset.version), className="permalink"
                ),
            ],
            className="cite-actions",
        ),
        html.P(
            [
                html.A("The figure's page", href=figure_page(row["id"])),
                " · for a reference manager: ",
                html.A("BibTeX", href=figure_page(row["id"], ".bib")),
                " · ",
                html.A("RIS", href=figure_page(row["id"], ".ris")),
                " · ",
                html.A("CSL-JSON", href=figure_page(row["id"], ".csl.json")),
            ],
            className="cite-formats",
        ),
    ]
