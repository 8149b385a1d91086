"""Periods: the date or span a document gives a number, from its sentence, its paragraph, the
ruler its sentence speaks of, or the dated heading it stands under.

`period_of` reads top-down: the number's own phrase and clause first, then the sentence, then the
dated sentences before it in its paragraph, then a ruler's years, then the heading over its
section. Each rule is one of English prose (or of how documents are laid out), never of one text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from dashboard.extract.mentions import Mention
from dashboard.extract.passages import (
    LIFESPAN_RE,
    Date,
    dates_in,
    in_parentheses,
    paragraphs_before,
    segment,
    sentence_span,
    span_of,
)
from dashboard.model.sources import SENTENCE_END


def period_of(
    text: str, mention: Mention, sentence: tuple[int, int], others: NumberSpans, unit: str
) -> tuple[str, str, float, str]:
    """(period_start, period_end, confidence, the rule that gave it) for a mention: the date of its
    own clause ("sentence"), else a date its sentence states outside the clauses of its other
    numbers, else the years of the ruler its sentence speaks of ("ruler"), else the dated
    sentences before it in its paragraph ("paragraph"), else the dated heading it stands under
    ("heading"). The end of a change "by 1940 ... from A in 1928 to B" takes the "by" date. A total
    over a whole event ("in all", "during the war") dated by the event's start runs to the end the
    text states next; one dated by its end runs from the start the text stated before."""
    date, confidence, rule = sentence_date(text, mention, sentence, others, unit), 1.0, "sentence"
    if date is not None and date.end <= mention.start and is_change_target(text, mention, sentence):
        date = by_date(text, sentence) or date
    if date is None and RULE_NOUN_RE.search(text, *sentence):
        date, confidence, rule = rule_period(text, sentence[0]), 0.6, "ruler"
    if date is None:
        (date, confidence), rule = context_date(text, sentence), "paragraph"
    if date is None:
        date, confidence, rule = heading_date(text, sentence[0]), 0.7, "heading"
    if date is None:
        return "", "", 0.4, "none"
    if is_event_total(text, mention, sentence):
        where = sentence_span(text, date.start, date.end)
        if is_start(text, date, where):
            date = through_end(text, date, max(sentence[1], date.end))
        elif is_end(text, date, where):
            date = from_start(text, date, min(sentence[0], date.start))
    return (*change_end(text, mention, date), confidence, rule)


# The end of a change: "from A (in 1928) to B", B being the mention.
CHANGE_TARGET_RE = re.compile(r"\bfrom\b[^.;]{1,80}?\bto\s+(?:[a-z]+\s+){0,3}$", re.I)
# "By 1940", "by the end of 1932": the date a change had reached its end by.
BY_DATE_BEFORE_RE = re.compile(
    r"\bby\s+(?:the\s+(?:end|close|middle|start|spring|summer|autumn|fall|winter)\s+of\s+)?$",
    re.IGNORECASE,
)


def is_change_target(text: str, mention: Mention, sentence: tuple[int, int]) -> bool:
    """Whether a mention is the B of "from A to B" in its sentence."""
    return bool(CHANGE_TARGET_RE.search(text, max(sentence[0], mention.start - 100), mention.start))


def by_date(text: str, sentence: tuple[int, int]) -> Date | None:
    """The date a sentence says a change had reached its end by ("By 1940 output had risen ...")."""
    for date in dates_in(text, *sentence):
        if BY_DATE_BEFORE_RE.search(text, max(sentence[0], date.start - 30), date.start):
            return date
    return None


# A heading: a short line that ends no sentence (a title, a date in a timeline, "## 1941–1945").
HEADING_MAX_CHARS = 100
HEADING_MAX_WORDS = 14
NOT_A_HEADING_END = tuple(".!?;:,")


def is_heading(line: str) -> bool:
    """Whether a stripped line reads as a heading rather than a sentence or a paragraph."""
    line = line.lstrip("#").strip()
    return (
        0 < len(line) <= HEADING_MAX_CHARS
        and not line.endswith(NOT_A_HEADING_END)
        and len(line.split()) <= HEADING_MAX_WORDS
        and SENTENCE_END.search(line) is None
    )


@lru_cache(maxsize=8)
def headings(text: str) -> tuple[list[int], list[Date | None]]:
    """Where each heading line of `text` starts and the period it states (None for none): one
    pass over the text, kept for the next mention of the same text."""
    starts: list[int] = []
    periods: list[Date | None] = []
    position = 0
    for line in text.split("\n"):
        if is_heading(line.strip()) and not NOT_A_HEADING_START_RE.match(line):
            period = heading_period(text, position, position + len(line))
            # A caption ("Stalin in 1915") dates only itself: it neither dates nor ends a section.
            if period or not dates_in(text, position, position + len(line)):
                starts.append(position)
                periods.append(period)
        position += len(line) + 1
    return starts, periods


def heading_period(text: str, start: int, end: int) -> Date | None:
    """The period a heading states as its subject: a date that opens it ("1934.12.01", "1917:
    Russian Revolution") or follows a colon, a dash or a bracket ("Succeeding Lenin: 1924–1927",
    "The war (1941–1945)"); a caption's date inside its words ("Stalin in 1915") is not one."""
    for date in dates_in(text, start, end):
        if HEADING_DATE_BEFORE_RE.fullmatch(text, start, date.start):
            return date
        if HEADING_DATE_PLACE_RE.search(text, start, date.start):
            return date
    span = LIFESPAN_RE.search(text, start, end)  # "The Great Expansion (1850–1860)": a title's span
    if span:
        first, last = re.findall(r"\d{4}", span.group())
        return Date(span.start(), span.end(), first, last)
    return None


# Lines that look like headings but are not: a quotation's attribution, a pointer to elsewhere.
NOT_A_HEADING_START_RE = re.compile(
    r"\s*(?:[—–-]\s|(?:Further information|See also|Main articles?|Related|Source|Sources"
    r"|Photo|Image|Caption)\s*:)",
    re.IGNORECASE,
)
HEADING_DATE_BEFORE_RE = re.compile(r"[\s#*\d.)\]]*?\s*", re.UNICODE)  # "## ", "3. ", nothing
HEADING_DATE_PLACE_RE = re.compile(r"(?:[:(\[]|\s[—–-])\s*$")


def heading_date(text: str, position: int) -> Date | None:
    """The period of the heading a position stands under (until the next heading), if it has one."""
    starts, periods = headings(text)
    k = bisect.bisect_right(starts, position) - 1
    return periods[k] if k >= 0 else None


def is_event_total(text: str, mention: Mention, sentence: tuple[int, int]) -> bool:
    """Whether the statement holding a number (its sentence up to semicolons) says it is a total
    over a whole event ("in all", "in total", "throughout", "during the war") and not a stock at a
    moment ("the army had")."""
    return states_total(text[slice(*segment(text, mention.start, sentence))])


@lru_cache(maxsize=256)
def states_total(statement: str) -> bool:
    """Whether a statement says "in all", "throughout the war" and states no stock ("had")."""
    return bool(TOTAL_RE.search(statement)) and not STOCK_RE.search(statement)


def change_end(text: str, mention: Mention, date: Date) -> tuple[str, str]:
    """The period of one end of a change over a period: in "between 1890 and 1910 it swelled from
    A to B", A stands at 1890 and B at 1910."""
    if date.last:
        before = text[max(0, mention.start - 40) : mention.start]
        if re.search(r"\bfrom\s+$", before):
            return date.first, ""
        if re.search(r"\bfrom\s+\S+(?:\s+\S+)?\s+to\s+$", before):
            return date.last, ""
    return date.first, date.last


class NumberSpans:
    """The spans of every number a text states, sorted, for finding a sentence's numbers by
    bisection (hashed by identity: the clause cache below keys on it)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def within(self, first: int, last: int) -> list[tuple[int, int]]:
        """The spans that start in [first, last)."""
        a, b = bisect.bisect_left(self.starts, first), bisect.bisect_left(self.starts, last)
        return self.spans[a:b]


@dataclass(frozen=True)
class Clauses:
    """A sentence's clause breaks and cuts (breaks inside no date or number), with its numbers
    and the last cut before each: computed once per sentence, however many numbers it holds."""

    cuts: list[int]
    breaks: list[tuple[int, int]]
    protected: list[tuple[int, int]]  # its dates and numbers, sorted
    numbers: list[tuple[int, int]]
    number_cuts: list[int]  # the last cut at or before each number's start, -1 for none

    def last_cut(self, position: int) -> int:
        k = bisect.bisect_right(self.cuts, position)
        return self.cuts[k - 1] if k else -1


@lru_cache(maxsize=64)
def sentence_clauses(text: str, first: int, last: int, numbers: NumberSpans) -> Clauses:
    """The clauses of text[first:last], whose numbers are those of `numbers` that start there."""
    in_sentence = numbers.within(first, last)
    protected = sorted([(d.start, d.end) for d in dates_in(text, first, last)] + in_sentence)
    breaks = [m.span() for m in CLAUSE_BREAK_RE.finditer(text, first, last)]
    cuts = [b for a, b in breaks if not overlaps(protected, a, b)]
    clauses = Clauses(cuts, breaks, protected, in_sentence, [])
    clauses.number_cuts.extend(clauses.last_cut(a) for a, _ in in_sentence)
    return clauses


def overlaps(
    spans: list[tuple[int, int]], a: int, b: int, ignored: Collection[tuple[int, int]] = ()
) -> bool:
    """Whether any of the sorted `spans` but the `ignored` overlaps [a, b) (a clause break is a
    few characters long; the spans that can reach it start at most a few spans back)."""
    k = bisect.bisect_left(spans, (b, b))
    return any(s < b and a < e and (s, e) not in ignored for s, e in spans[max(0, k - 8) : k])


def sentence_date(
    text: str, mention: Mention, sentence: tuple[int, int], others: NumberSpans, unit: str
) -> Date | None:
    """The date a sentence gives a mention: one right after it in its own phrase ("420,000
    casualties in 1916"), else one in its own clause (a multiple compares its clause's dates:
    "twice as high in 1794 as in 1789"), else a breakdown by date in parentheses right after it,
    else the nearest date in no other number's clause, else the nearest date."""
    # A date is never the number itself ("sent 1500 troops"): the mention's own span is skipped.
    every_date = dates_in(text, *sentence)
    dates = [d for d in every_date if not (d.start < mention.end and mention.start < d.end)]
    if not dates:
        return None
    own_span = (mention.start, mention.end)
    clauses = sentence_clauses(text, *sentence, others)
    # The mention's own words may break a clause ("between 5 and 7 million"): they are not
    # protected for it, as no other number or date stands there.
    ignored = {own_span} | {
        (d.start, d.end) for d in every_date if d.start < mention.end and mention.start < d.end
    }
    extra = [
        b
        for a, b in clauses.breaks
        if a < mention.end and mention.start < b and not overlaps(clauses.protected, a, b, ignored)
    ]

    def clause(position: int) -> int:
        """The clause a position stands in, named by the cut that opens it."""
        return max([clauses.last_cut(position), *(c for c in extra if c <= position)])

    def nearest(found: list[Date]) -> Date:
        return min(
            found, key=lambda d: min(abs(d.start - mention.start), abs(d.start - mention.end))
        )

    own = [d for d in dates if clause(d.start) == clause(mention.start)]
    if unit == "times" and len({d.years for d in own}) > 1:
        return span_of(own)
    phrase = [d for d in own if dates_its_phrase(text, mention.end, d)]
    if phrase or own:
        return phrase[0] if phrase else nearest(own)
    listed = [d for d in dates if d.start in parenthesis_after(text, mention.end)]
    if len(listed) > 1:
        return span_of(listed)  # "700,000 people (353,074 in 1937 and 328,612 in 1938)"
    claimed = {
        max([cut, *(c for c in extra if c <= a)])
        for (a, b), cut in zip(clauses.numbers, clauses.number_cuts, strict=True)
        if (a, b) != own_span
    }
    return nearest([d for d in dates if clause(d.start) not in claimed] or dates)


def dates_its_phrase(text: str, end: int, date: Date) -> bool:
    """Whether `date` closes the noun phrase a number opens: a few words, then "in", "during" or
    "of" ("420,000 casualties in 1916", "5 million tonnes in the 1910s")."""
    return date.start >= end and bool(PHRASE_DATE_RE.fullmatch(text, end, date.start))


# The words of a noun phrase: no comparison, conjunction, relative pronoun, auxiliary or
# participle ("70% of grain produced in 1926" is dated by the production's clause, not 1926).
PHRASE_DATE_RE = re.compile(
    r"(?:\s+(?!(?:than|as|since|compared|against|to|from|and|or|but|when|while|which|that|who"
    r"|was|were|is|are|be|been|had|has|have|\w+ed)\b)[A-Za-z][\w'’-]*){0,4}?"
    r"\s+(?:in|during|of)\s+(?:the\s+)?",
    re.IGNORECASE,
)


def parenthesis_after(text: str, end: int) -> range:
    """The place of a parenthesis opening within a few words after `end`, or an empty range."""
    opening = re.match(r"[^()\n.;]{0,40}?\(", text[end : end + 41])
    if not opening:
        return range(0)
    start = end + opening.end()
    close = text.find(")", start)
    return range(start, close if close >= 0 else start)


CLAUSE_BREAK_RE = re.compile(
    r"[;:()\[\]—]|,\s|\.\s|\s[–-]\s|\s(?:and|but|while|whereas|although|though|when)\s",
    re.IGNORECASE,
)
# A sentence stating a stock at a moment ("the army had 1.4 million men"), not a flow over an
# event: its number belongs to the event's start, never to the span up to its end.
STOCK_RE = re.compile(r"\b(?:had|has|have|numbered|stood at|consisted of)\b", re.IGNORECASE)
# Words that make a date an event's start or its end, within the date's part of the sentence.
START_RE = re.compile(
    r"\b(?:broke out|began|begun|begin|started|launched|outbreak|commenced|opened)\b", re.IGNORECASE
)
END_RE = re.compile(
    r"\b(?:ended|ending|came to an end|come to an end|ceased|finished|completed|concluded"
    r"|(?:was|were) over|armistice|cease-?fire|surrender(?:ed)?|capitulat(?:ed|ion)"
    r"|peace (?:treaty )?was signed|signed (?:a|the) peace|peace treaty)\b",
    re.IGNORECASE,
)
# A number stated as a total over a whole event: only such a number runs from the event's start
# to its end ("in all, 1.4 million men died"); "when the war broke out, it mobilised 3.7 million
# men" stays at the start.
EVENT_NOUNS = (
    r"war|conflict|fighting|campaign|siege|famine|revolution|occupation|uprising|rebellion"
    r"|insurrection|crisis|terror|purge|blockade|strike|offensive|battle|struggle|invasion|period"
)
TOTAL_RE = re.compile(
    rf"\b(?:in all|in total|all told|altogether|throughout|over the course of|in the course of"
    rf"|(?:during|over|for) the (?:whole |entire )?(?:\w+ )?(?:{EVENT_NOUNS}))\b",
    re.IGNORECASE,
)
# A sentence pointing back at a span its context gives: "during these years", "in this period".
BACK_SPAN_RE = re.compile(
    r"\b(?:during|in|over|throughout|within|across)\s+(?:these|those|the same)\s+"
    r"(?:years|months|decades|weeks)\b|\b(?:during|in|over|throughout|within)\s+(?:this|that)\s+"
    r"(?:period|time|decade|era)\b",
    re.IGNORECASE,
)


def is_start(text: str, date: Date, sentence: tuple[int, int]) -> bool:
    """Whether a date marks when something began ("when the war broke out in July 1936")."""
    if date.last or not sentence[0] <= date.start < sentence[1]:
        return False
    a, b = segment(text, date.start, sentence)
    first = next(iter(dates_in(text, a, b)), None)
    return bool(START_RE.search(text[a:b])) and first is not None and first.start == date.start


def is_end(text: str, date: Date, sentence: tuple[int, int]) -> bool:
    """Whether a date marks when something ended ("before the war ended in 1918")."""
    if date.last or not sentence[0] <= date.start < sentence[1]:
        return False
    a, b = segment(text, date.start, sentence)
    last = dates_in(text, a, b)[-1:]
    return bool(END_RE.search(text[a:b])) and last[:1] == [date]


def from_start(text: str, date: Date, before: int) -> Date:
    """An end date carried back to the start its paragraph, or the one before, stated last ("the
    war broke out in 1914"): the first date of the nearest statement before it with a word that
    starts, unless a statement with a word that ends comes first."""
    for a, b in paragraphs_before(text, before):
        for earlier in reversed(dates_in(text, a, b)):
            s, e = segment(text, earlier.start, sentence_span(text, earlier.start, earlier.end))
            if END_RE.search(text[s:e]):
                return date
            if START_RE.search(text[s:e]):
                start = dates_in(text, s, e)[0]
                if start.first < date.first:
                    return Date(start.start, date.end, start.first, date.last or date.first)
                return date
    return date


def through_end(text: str, date: Date, after: int) -> Date:
    """A start date carried to the end that the rest of its paragraph, or the next, states next
    ("the war ended in 1918", "an armistice was signed in 1953"): the last date of the first
    statement after it with a word that ends, unless a statement with a word that starts comes
    first."""
    line_end = text.find("\n", after)
    following = text.find("\n", line_end + 1) if line_end >= 0 else -1
    following = len(text) if following < 0 else following
    for later in dates_in(text, after, following):
        a, b = segment(text, later.start, sentence_span(text, later.start, later.end))
        if START_RE.search(text[a:b]):
            break
        if END_RE.search(text[a:b]):
            end = dates_in(text, max(a, after), b)[-1]
            if end.first > date.first:
                return Date(date.start, end.end, date.first, end.last or end.first)
    return date


def context_date(text: str, sentence: tuple[int, int]) -> tuple[Date | None, float]:
    """(date, confidence) for a sentence stating none, from the dated sentences before it in its
    paragraph (a date in parentheses is an aside, not context). A sentence pointing back at a span
    ("during these years") takes the period stated by the nearest sentence before it that states
    one, else the span of the years of the last dated sentence when it names two or more, else
    the span of the last two dated sentences; any other takes
    the last dated sentence's period when it states a start and an end ("launched in 1928 ...
    finished in 1932"), else its last date."""
    paragraph_start = text.rfind("\n", 0, sentence[0]) + 1
    before = [
        d
        for d in dates_in(text, paragraph_start, sentence[0])
        if not in_parentheses(text, d.start, paragraph_start)
    ]
    if not before:
        return None, 0.4
    by_sentence: dict[int, list[Date]] = {}
    for d in before:
        by_sentence.setdefault(sentence_span(text, d.start, d.end)[0], []).append(d)
    groups = list(by_sentence.values())
    periods = [g for g in groups if states_period(text, g)]
    if BACK_SPAN_RE.search(text[sentence[0] : sentence[1]]):
        last_two = [groups[-1]] if len({d.years for d in groups[-1]}) > 1 else groups[-2:]
        return span_of(periods[-1] if periods else [d for g in last_two for d in g]), 0.6
    where = sentence_span(text, groups[-1][0].start, groups[-1][0].end)
    statement = text[where[0] : where[1]]
    if states_period(text, groups[-1]) and START_RE.search(statement) and END_RE.search(statement):
        return span_of(groups[-1]), 0.6
    return before[-1], 0.6


def rule_period(text: str, before: int) -> Date | None:
    """The period a person held power, for a sentence that speaks of "his regime" or "her
    government" and states no date itself: the nearest statement before it that someone ruled,
    reigned or led "from A until B" ("was the leader of the country from 1924 until his death in
    1953"). A date the sentence before gives ("Since the 1991 dissolution, ...") is not his rule's."""
    ends, spans = ruled_from(text)
    k = bisect.bisect_right(ends, before)
    if not k:
        return None
    dates = dates_in(text, *spans[k - 1])
    period = span_of(dates) if dates else None
    return period if period and period.last else None  # a start and an end


@lru_cache(maxsize=8)
def ruled_from(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Where each "ruled ... from A until B" statement of `text` ends, and its span's place."""
    found = list(RULED_FROM_RE.finditer(text))
    return [m.end() for m in found], [m.span("span") for m in found]


# "his regime", "her totalitarian government": a ruler's time in power. ("Their government" is
# as often a country's as a ruler's.)
RULE_NOUN_RE = re.compile(
    r"\b(?:his|her)\s+(?:[\w-]+\s+){0,2}?(?:regime|government|rule|reign|dictatorship|"
    r"administration|premiership|presidency|leadership|tenure)\b",
    re.IGNORECASE,
)
# "ruled X from A until B", "was the leader of X from A until his death in B", "reigned from A to B".
RULED_FROM_RE = re.compile(
    r"\b(?:ruled|reigned|governed|leader|head of state|head of government|president|premier|"
    r"prime minister|dictator|monarch|king|queen|emperor|in power)\b[^.;\n]{0,80}?"
    r"(?P<span>\bfrom\s+[^.;\n]{1,25}?\s+(?:until|till|to)\s+"
    r"(?:(?:his|her|their)\s+(?:death|fall|overthrow|resignation|removal|deposition|abdication|"
    r"assassination)\s+in\s+)?[^.;\n]{0,20}?\b\d{4}\b)",
    re.IGNORECASE,
)


def states_period(text: str, dates: list[Date]) -> bool:
    """Whether the dates of one sentence state a period: a range ("between 1845 and 1852"), or two
    years and a word that bounds a period ("in 1936 ... until 1938", "launched in 1928 ...
    finished in 1932"); two dated figures ("a third in 1845 and three-quarters in 1846") are
    not one."""
    if any(d.last for d in dates):
        return True
    where = sentence_span(text, dates[0].start, dates[0].end)
    bounded = UNTIL_RE.search(text, *where) or END_RE.search(text, *where)
    return len({d.years for d in dates}) > 1 and bool(bounded)


UNTIL_RE = re.compile(r"\b(?:until|till|up to|through|lasted|remained|continued)\b", re.IGNORECASE)
