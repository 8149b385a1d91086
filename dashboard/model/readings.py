"""Rules that read a row against the words of its paragraph: who the figure is asserted by, and a
total stated "by <date>" that needs the date its accumulation started."""

from __future__ import annotations

import re
from collections.abc import Callable

from dashboard.model.sources import SourceDocument, Span, normalise

# "By July 1930", "by the end of October 1916": a total accumulated up to that date.
BY_DATE_RE = re.compile(
    r"\b[Bb]y\s+(?:the\s+end\s+of\s+)?(?:(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+)?(?P<year>1\d{3}|20\d{2})\b"
)
# A note that says why a "by" figure is dated at its end alone.
STOCK_NOTE_RE = re.compile(r"\b(?:a stock|standing|at that date|not a total)\b", re.I)
# Units that measure a state at a moment (a share, a membership), never a total accumulated.
STOCK_UNITS = {"percent", "share", "members", "rank", "times", "deputies", "people_per_apartment"}

Report = Callable[[str, str], None]


def paragraph_of(document: SourceDocument, span: Span) -> str:
    """The line (a paragraph here) the quote stands in."""
    start = document.text.rfind("\n", 0, span.start) + 1
    end = document.text.find("\n", span.end)
    return document.text[start : end if end >= 0 else len(document.text)]


def check_asserted_by(asserted_by: str, paragraph: str, problem: Report) -> None:
    """The authority named must stand in the paragraph: the part before the first comma ("Ian
    Beckett" of "Ian Beckett, historian"), or an estimate for "unnamed estimates"."""
    if not asserted_by.strip():
        return
    text = normalise(paragraph).lower()
    unnamed = re.fullmatch(r"unnamed (\w+)", asserted_by.strip())
    if unnamed:  # "unnamed estimates", "unnamed reports": the paragraph must speak of one
        stem = unnamed.group(1)[:6].lower()
        if stem not in text:
            problem(
                "asserted_by", f"{asserted_by.strip()!r}, but the paragraph never says {stem!r}"
            )
        return
    name = normalise(asserted_by.split(",")[0]).strip().lower()
    if name not in text:
        problem("asserted_by", f"{name!r} is not in the quote's paragraph")


def check_by_date_total(
    quote: str, value_text: str, period: tuple[str, str], unit: str, note: str, problem: Report
) -> None:
    """A total stated "by <date>" (cumulative to then) needs a period with a start, or a note
    that says why it is a stock at that date; shares and memberships are stocks by their unit."""
    if unit in STOCK_UNITS:
        return
    position = quote.find(value_text)
    by = next((m for m in BY_DATE_RE.finditer(quote) if m.start() < max(position, 0)), None)
    start, end = period
    if by is None or position < 0 or STOCK_NOTE_RE.search(note):
        return
    single = not end or end == start
    if single and start[:4] == by.group("year"):
        problem(
            "period_start",
            f"the quote states a total {by.group()!r}: give the period the start the text gives "
            "the accumulation, or say in note why it is a stock at that date",
        )
