"""Coverage: find every numeric mention in the sources and list those neither curated nor dismissed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.data import Dataset
from dashboard.numbers import FRACTIONS, SCALES, TENS, UNITS, VAGUE
from dashboard.sources import SourceDocument

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "one" alone is nearly always a pronoun ("one of the", "no one"); counted only with a scale word.
COUNTED_WORDS = (set(UNITS) - {"zero", "one"}) | set(TENS) | {"hundred", "dozen"} | set(SCALES)
_WORDS = "|".join(
    sorted(
        COUNTED_WORDS | set(VAGUE) | {f.replace(" ", "[\\s-]") for f in FRACTIONS},
        key=len,
        reverse=True,
    )
)
MENTION_RE = re.compile(
    rf"\d+(?:,\d{{3}})*(?:\.\d+)?(?:st|nd|rd|th|s)?\b%?|\b(?:{_WORDS})\b(?:-(?:{_WORDS})\b)*",
    re.IGNORECASE,
)
CITATION_RE = re.compile(r"\[(?:\*?\d+|nb \d+|[a-z]{1,2}|note \d+)\]", re.IGNORECASE)
DATE_RE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{MONTHS})\b|\b(?:{MONTHS})\s+\d{{1,2}}\b|\[O\.S\.\s+\d{{1,2}}\s+(?:{MONTHS})[^\]]*\]",
)
YEAR_RANGE_RE = re.compile(r"\b1\d{3}\s?[–—-]\s?(\d{2})\b")
ORDINAL_RE = re.compile(r"^\d+(?:st|nd|rd|th)$", re.IGNORECASE)
YEAR_RE = re.compile(r"^(?:1[0-9]{3}|20[0-9]{2})s?$")
DECADE_RE = re.compile(r"^\d0s$")


@dataclass(frozen=True)
class Mention:
    """A numeric mention in a source: where it is and the line it stands in."""

    source: str
    line: int
    column: int
    start: int
    end: int
    text: str
    context: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.text!r} in «{self.context}»"


def _ruled_out_spans(text: str) -> list[tuple[int, int]]:
    """Citation markers, calendar dates and the second half of year ranges: never figures."""
    spans = [m.span() for m in CITATION_RE.finditer(text)]
    spans += [m.span() for m in DATE_RE.finditer(text)]
    spans += [m.span(1) for m in YEAR_RANGE_RE.finditer(text)]
    return spans


def find_mentions(document: SourceDocument) -> list[Mention]:
    """Every numeric mention in `document` that the rules do not drop as plainly not a figure."""
    text = document.text
    ruled_out = _ruled_out_spans(text)
    mentions = []
    for match in MENTION_RE.finditer(text):
        token = match.group().rstrip("%")
        start, end = match.span()
        if ORDINAL_RE.match(token) or YEAR_RE.match(token) or DECADE_RE.match(token):
            continue
        if any(a <= start and end <= b for a, b in ruled_out):
            continue
        line = text.count("\n", 0, start) + 1
        if line in document.furniture_lines:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        context = text[
            max(line_start, start - 60) : min(end + 60, line_end if line_end >= 0 else len(text))
        ]
        mentions.append(
            Mention(
                document.file,
                line,
                start - line_start + 1,
                start,
                end,
                match.group(),
                " ".join(context.split()),
            )
        )
    return mentions


def _covered_spans(dataset: Dataset, source: str) -> list[tuple[int, int]]:
    document = dataset.sources[source]
    spans = []
    figures = dataset.figures[dataset.figures["source"] == source]
    for quote in figures["quote"].unique():
        spans += [(s.start, s.end) for s in document.find_all(quote)]
    dismissed = dataset.dismissed[dataset.dismissed["source"] == source]
    for quote in dismissed["quote"].unique():
        spans += [(s.start, s.end) for s in document.find_all(quote)]
    return spans


def uncovered_mentions(dataset: Dataset) -> tuple[list[Mention], int]:
    """(mentions neither inside a curated quote nor dismissed, total mentions found)."""
    remaining, total = [], 0
    for name, document in dataset.sources.items():
        mentions = find_mentions(document)
        total += len(mentions)
        covered = _covered_spans(dataset, name)
        remaining += [
            m for m in mentions if not any(a <= m.start and m.end <= b for a, b in covered)
        ]
    return remaining, total
