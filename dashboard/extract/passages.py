"""Passages and the dates they state: the sentence or paragraph around a position, and each date or\nperiod a stretch of text writes (Date, dates_in), found once per text and reused."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from dashboard.extract.dates import MONTH_NUMBERS, MONTHS, find_dates
from dashboard.model.sources import SENTENCE_END

YEAR_RANGE_RE = re.compile(r"\b(1\d{3}|20\d{2})\s?[–—-]\s?(\d{2}|1\d{3}|20\d{2})\b")


MONTH_YEAR_RE = re.compile(
    rf"\b({'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+(1\d{{3}}|20\d{{2}})\b",
    re.IGNORECASE,
)


YEAR_RE = re.compile(r"(?<![\d,.])\b(1\d{3}|20\d{2})\b(?!,\d|\.\d|\d)")


# Two dates joined this way are one period: "between 1934 and 1939", "from July 1936 to March 1939".
RANGE_JOIN_RE = re.compile(r"\s*(?:to|and|until|till|through|[–—-])\s*$", re.IGNORECASE)


LIFESPAN_RE = re.compile(r"\(\s*(?:b\.\s*|born\s+)?1\d{3}\s?[–—-]\s?(?:1\d{3}|20\d{2})\s*\)")


@lru_cache(maxsize=8)
def sentence_ends(text: str) -> tuple[list[int], list[int]]:
    """Where each sentence end of `text` starts and ends (SENTENCE_END), found once per text."""
    found = [m.span() for m in SENTENCE_END.finditer(text)]
    return [a for a, _ in found], [b for _, b in found]


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end], within its line (a line is a paragraph here)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    starts, ends = sentence_ends(text)
    first, last = line_start, line_end
    j = bisect.bisect_right(ends, start) - 1  # the last sentence end before the mention
    if j >= 0 and starts[j] >= line_start:
        first = ends[j]
    k = bisect.bisect_left(starts, end)  # the first sentence end after it, in its line
    if k < len(starts) and starts[k] < line_end and ends[k] <= line_end:
        last = starts[k]
    while last > first and text[last - 1] in " \t":
        last -= 1
    return first, last


@dataclass(frozen=True)
class Date:
    """A date or period the text states: where it stands and the period it names."""

    start: int
    end: int
    first: str  # period_start
    last: str  # period_end, "" for a single date

    @property
    def years(self) -> tuple[int, int]:
        return int(self.first[:4]), int((self.last or self.first)[:4])


def span_of(dates: list[Date]) -> Date:
    """One period from the earliest start to the latest end of `dates`."""
    first = min(d.first for d in dates)
    last = max(d.last or d.first for d in dates)
    return Date(dates[0].start, dates[-1].end, first, "" if last == first else last)


def segment(text: str, position: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """The part of a sentence around `position` between semicolons (a date's own statement)."""
    first, last = sentence
    a = text.rfind(";", first, position)
    b = text.find(";", position, last)
    return (first if a < 0 else a + 1), (last if b < 0 else b)


def paragraphs_before(text: str, position: int, limit: int = 1) -> list[tuple[int, int]]:
    """The text before `position` in its paragraph, then up to `limit` whole paragraphs before it,
    nearest first; lines that do not end a sentence (headings, captions, page furniture) are
    skipped."""
    line_start = text.rfind("\n", 0, position) + 1
    out = [(line_start, position)]
    end = line_start - 1
    while end > 0 and len(out) <= limit:
        start = text.rfind("\n", 0, end) + 1
        if PARAGRAPH_END_RE.search(text, start, end):
            out.append((start, end))
        end = start - 1
    return out


# A line that ends a sentence, perhaps after a closing quote or citation markers: a paragraph.
PARAGRAPH_END_RE = re.compile(r"[.!?][\"'”’)\]]*(?:\[[^\]\n]{1,20}\])*\s*$")


def in_parentheses(text: str, position: int, start: int) -> bool:
    """Whether `position` stands inside parentheses opened after `start` (an aside's date)."""
    return text.count("(", start, position) > text.count(")", start, position)


@lru_cache(maxsize=4096)
def dates_in(text: str, first: int, last: int) -> list[Date]:
    """Each date or period in text[first:last], in order: years, months, year ranges, decades
    ("the 1930s", "the early 1930s"), periods joined by "to"/"and"/"until", and years relative to
    the date before ("the same year", "the following year"). A person's life span in parentheses
    ("(1862–1936)") is not one."""
    chunk = text[first:last]
    taken = [m.span() for m in LIFESPAN_RE.finditer(chunk)]
    found: list[tuple[int, int, str, str]] = []

    def add(m: re.Match, start: str, end: str) -> None:
        if not any(x <= m.start() < y for x, y in taken):
            found.append((m.start(), m.end(), start, end))
            taken.append(m.span())

    written, spans = written_dates(text, first, last)
    found += [d for d in written if not any(x <= d[0] < y for x, y in taken)]
    taken += spans
    for m in DECADE_RE.finditer(chunk):
        add(m, *decade(m))
    for m in YEAR_RANGE_RE.finditer(chunk):
        a, b = m.group(1), m.group(2)
        b = a[: 4 - len(b)] + b if len(b) == 2 else b
        if int(b) > int(a):
            add(m, a, b)
    for m in MONTH_YEAR_RE.finditer(chunk):
        month = MONTH_NUMBERS.get(m.group(1).lower().rstrip("."))
        if month:
            add(m, f"{m.group(2)}-{month:02d}", "")
    for m in YEAR_RE.finditer(chunk):
        add(m, m.group(1), "")
    found.sort()
    dates = [Date(first + a, first + b, s, e) for a, b, s, e in join_ranges(chunk, found)]
    return with_relative_years(text, first, last, dates)


def written_dates(
    text: str, first: int, last: int
) -> tuple[list[tuple[int, int, str, str]], list[tuple[int, int]]]:
    """The dates the recogniser finds in text[first:last] ("1934.12.01", "3 September 1939",
    "1918.03.03–05"), offset from `first`, and the spans of all it finds there (times included),
    where no year is to be read."""
    found, spans = [], []
    for date in find_dates(text):
        if date.kind in ("date", "time") and first <= date.start and date.end <= last:
            span = (date.start - first, date.end - first)
            if date.first:
                found.append((*span, date.first, date.last))
            spans.append(span)
    return found, spans


def join_ranges(
    chunk: str, found: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    """Two dates joined as one period: "between 1934 and 1939", "from July 1936 to March 1939"."""
    merged: list[tuple[int, int, str, str]] = []
    for date in found:
        if merged and RANGE_JOIN_RE.fullmatch(chunk[merged[-1][1] : date[0]]):
            start, _, first_start, _ = merged[-1]
            if date[2] > first_start:
                merged[-1] = (start, date[1], first_start, date[3] or date[2])
                continue
        merged.append(date)
    return merged


def decade(m: re.Match) -> tuple[str, str]:
    """'the 1930s' -> 1930..1939; 'the early 1930s' -> 1930..1933, 'mid' 1933..1936, 'late' or
    'the latter half of' 1936..1939."""
    base = int(m.group("decade"))
    low, high = DECADE_PARTS.get((m.group("part") or "").lower(), (0, 9))
    return str(base + low), str(base + high)


DECADE_PARTS = {"early": (0, 3), "mid": (3, 6), "middle": (3, 6), "late": (6, 9), "latter": (6, 9)}


DECADE_RE = re.compile(
    r"(?:\b(?P<part>early|mid|middle|late|latter)(?:\s+half\s+of)?(?:\s+the)?[\s-]+)?"
    r"\b(?P<decade>1\d{2}0|20\d0)s\b",
    re.IGNORECASE,
)


RELATIVE_YEARS = {
    "the same year": 0, "that same year": 0, "that year": 0, "the following year": 1,
    "the next year": 1, "a year later": 1, "one year later": 1, "the previous year": -1,
    "the year before": -1, "a year earlier": -1,
}  # fmt: skip


RELATIVE_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(k) for k in RELATIVE_YEARS) + r")\b", re.IGNORECASE
)


def with_relative_years(text: str, first: int, last: int, dates: list[Date]) -> list[Date]:
    """`dates` (those of text[first:last]) plus the years that phrases like "the same year" name
    there, each counted from the latest year stated before it in its paragraph."""
    relative = []
    for m in RELATIVE_RE.finditer(text, first, last):
        before = [d for d in dates if d.end <= m.start()] or years_before(text, m.start())
        if before:
            year = before[-1].years[1] + RELATIVE_YEARS[m.group().lower()]
            relative.append(Date(m.start(), m.end(), str(year), ""))
    return sorted(dates + relative, key=lambda d: d.start)


def years_before(text: str, position: int) -> list[Date]:
    """The years stated before `position` in its paragraph, else in the paragraph before it."""
    for a, b in paragraphs_before(text, position):
        found = [
            Date(a + m.start(), a + m.end(), m.group(1), "") for m in YEAR_RE.finditer(text[a:b])
        ]
        if found:
            return found
    return []
