"""How a statement is cited, in one place: where it stands ("Encyclopedia compilation, 2018, line
49"), the ready-to-paste citation the page offers, and one citation record per figure from which
its page, CSL-JSON, BibTeX and RIS are all derived."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as quote_url

import pandas as pd

if TYPE_CHECKING:  # data.py imports nothing from here; the type is for annotations only
    from dashboard.model.data import Dataset


def place(name: str, line: int | None) -> str:
    """A document's name and the line a statement stands on, or the name alone."""
    return f"{name}, line {line}" if line else name


def line_suffix(line: int | None) -> str:
    """', line 49' after a name written elsewhere, or '' when the line is unknown."""
    return f", line {line}" if line else ""


def citation(title: str, file: str, line: int | None, quote: str, link: str) -> str:
    """'Title (file F, line N): “quote.” link': the document, the place, the words, the permalink."""
    quote = quote.rstrip()
    stop = "" if quote[-1:] in ".!?" else "."
    return f"{title} (file {file}{line_suffix(line)}): \u201c{quote}\u201d{stop} {link}"


@dataclass(frozen=True)
class CitationRecord:
    """Everything a citation of one figure says, from which every format is derived."""

    figure_id: str
    title: str  # the figure: "People executed in the Great Purge, 1934–1939: at least 700,000"
    quote: str
    document_title: str  # the file the quote is in (the container)
    file: str
    line: int | None
    works: tuple[str, ...]  # the underlying works at that line, as "work, as of date"
    url: str  # the versioned permalink of the figure's own page
    accessed: date
    version: str  # the data version cited

    @property
    def work_line(self) -> str:
        """'Wikipedia (English), article “Joseph Stalin”, as of 10 October 2018, in <document>,
        line 189': the underlying work and where this document carries it."""
        where = f"{self.document_title}{line_suffix(self.line)}"
        return f"{'; '.join(self.works)}, in {where}" if self.works else where


def citation_record(
    dataset: Dataset, row: Mapping[str, Any] | pd.Series, base_url: str, accessed: date
) -> CitationRecord:
    """The record of `row` (a figures row) as `dataset` holds it, cited at `base_url`."""
    document = dataset.sources.get(row["source"])
    line = int(row["source_line"]) if pd.notna(row.get("source_line")) else None
    works = tuple(str(w) for w in document.works_at(line)) if document is not None else ()
    title = f"{row['measure']}: {row['value_text']}"
    return CitationRecord(
        figure_id=row["id"],
        title=title,
        quote=str(row["quote"]).strip(),
        document_title=document.title if document is not None else row["source"],
        file=row["source"],
        line=line,
        works=works,
        url=f"{base_url.rstrip('/')}/figure/{quote_url(row['id'], safe='')}?v={dataset.version}",
        accessed=accessed,
        version=dataset.version,
    )


def period_words(row: Mapping[str, Any]) -> str:
    """'1934–1939', '1937', or '' for an undated row (years only: a citation's title)."""
    start, end = str(row.get("period_start") or ""), str(row.get("period_end") or "")
    first, last = start[:4], end[:4]
    return f"{first}–{last}" if first and last and last != first else first


def plain_text(record: CitationRecord) -> str:
    """The citation as prose: title, the quote, the work and place, the data version, URL, date."""
    return (
        f"“{record.title}.” {record.work_line}. Quoted: “{record.quote}” Figures dashboard, "
        f"data version {record.version}. {record.url} (accessed {record.accessed.isoformat()})."
    )


def csl_json(record: CitationRecord) -> dict[str, Any]:
    """CSL-JSON (citeproc's input, Zotero's export): a dataset item whose container is the
    document and whose note names the underlying work and line."""
    return {
        "id": record.figure_id,
        "type": "dataset",
        "title": record.title,
        "container-title": record.document_title,
        "URL": record.url,
        "accessed": {
            "date-parts": [[record.accessed.year, record.accessed.month, record.accessed.day]]
        },
        "version": record.version,
        "publisher": "Figures dashboard",
        "source": "; ".join(record.works) or record.document_title,
        "note": f"{record.work_line}. Quoted: “{record.quote}”",
    }


BIBTEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
                   "#": r"\#", "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}  # fmt: skip


def bibtex_text(value: str) -> str:
    """A field value with TeX's special characters escaped (the URL field keeps its own)."""
    return "".join(BIBTEX_SPECIALS.get(c, c) for c in value)


def bibtex(record: CitationRecord) -> str:
    """One BibTeX @misc entry (biblatex reads urldate and version too)."""
    key = re.sub(r"[^A-Za-z0-9]+", "-", record.figure_id).strip("-") or "figure"
    fields = {
        "title": bibtex_text(record.title),
        "howpublished": bibtex_text(f"Figures dashboard, data version {record.version}"),
        "note": bibtex_text(f"{record.work_line}. Quoted: “{record.quote}”"),
        "url": record.url,
        "urldate": record.accessed.isoformat(),
        "version": record.version,
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}\n"


def ris(record: CitationRecord) -> str:
    """One RIS record (EndNote's and Zotero's import format): a dataset."""
    lines = [
        ("TY", "DATA"),
        ("TI", record.title),
        ("T2", record.document_title),
        ("UR", record.url),
        ("Y2", record.accessed.strftime("%Y/%m/%d")),
        ("ET", record.version),
        ("PB", "Figures dashboard"),
        ("N1", f"{record.work_line}. Quoted: “{record.quote}”"),
        ("ID", record.figure_id),
    ]
    # A field is one line: newlines inside a value would start a bogus tag.
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines) + "ER  - \r\n"
