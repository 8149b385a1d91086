"""Draft figures.csv rows for a new document: one per numeric mention the number finder sees.

Each draft carries its own provenance (the sentence as quote, the number as written as
value_text) and a reading of it: value and bounds, qualifier, unit, period, category, measure.
The rules are meant as rules of English, not of the project's two documents (they were tuned on
those two, so a new text scores lower: README, "Adding a source document"); a curator reviews
every draft.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from dashboard.extract.coverage import dismissed_spans, is_covered, stated_spans
from dashboard.extract.dates import MONTH_NUMBERS, MONTHS
from dashboard.extract.mentions import (
    IDENTIFIER_WORDS,
    IRREGULAR_PLURALS,
    Mention,
    find_mentions,
)
from dashboard.model.data import (
    BOUNDS_RULES,
    COLUMNS,
    LABEL_MAX,
    NUMERIC,
    PERSON_UNITS,
    Dataset,
    id_prefix,
)
from dashboard.model.numbers import GROUPS, VAGUE, parse_numbers
from dashboard.model.sources import SENTENCE_END

EXTRA_COLUMNS = ["status", "confidence"]
# Words before a number and the qualifier they give, longest first.
QUALIFIER_WORDS = [
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("at least", "at_least"),
    ("more than", "more_than"), ("in excess of", "more_than"), ("upwards of", "more_than"),
    ("well over", "more_than"), ("just over", "more_than"), ("over", "more_than"),
    ("above", "more_than"), ("nearly", "nearly"), ("almost", "nearly"), ("just under", "nearly"),
    ("up to", "up_to"), ("as many as", "up_to"), ("as much as", "up_to"),
    ("less than", "less_than"), ("fewer than", "less_than"), ("under", "less_than"),
    ("below", "less_than"),
    ("an estimated", "approx"), ("approximately", "approx"), ("about", "approx"),
    ("around", "approx"), ("roughly", "approx"), ("some", "approx"), ("circa", "approx"),
    ("estimated", "approx"), ("perhaps", "approx"), ("possibly", "approx"), ("probably", "approx"),
]  # fmt: skip
# Verbs that count people, before the number ("executed 40,000 people") or after it ("four men
# were hanged"), and the unit they give.
VERB_UNITS = {
    "executed": "executions", "shot": "executions", "hanged": "executions",
    "guillotined": "executions", "beheaded": "executions", "killed": "deaths", "died": "deaths",
    "dead": "deaths", "perished": "deaths", "starved": "deaths", "murdered": "deaths",
    "massacred": "deaths", "drowned": "deaths", "slaughtered": "deaths",
    "arrested": "arrests", "imprisoned": "prisoners", "interned": "prisoners",
    "captured": "prisoners", "jailed": "prisoners", "wounded": "casualties",
    "injured": "casualties", "deported": "people", "exiled": "people", "banished": "people",
    "evacuated": "people", "emigrated": "people", "expelled": "people", "sentenced": "people",
    "convicted": "people", "released": "people", "freed": "people", "elected": "deputies",
}  # fmt: skip
PEOPLE_NOUNS = {"people", "persons", "men", "women", "children", "individuals", "inhabitants"}
SOLDIER_NOUNS = {"soldiers", "troops", "men-at-arms", "servicemen"}
CATEGORY_KEYWORDS = [
    ("repression", r"execut|shot|arrest|purge|nkvd|gulag|camp|deport|prison|repress|terror"),
    ("famine", r"famine|starv|hunger"),
    ("collectivis", r"collectivi|kulak|farm|household|peasant"),
    ("party", r"party|member|vote|elect|bolshevik|menshevik|congress|deput|delegate|soviet"),
    ("war_losses", r"killed|casualt|wounded|losses|dead|died|prisoners of war|captured"),
    ("military", r"army|soldier|troop|tank|aircraft|division|military|navy|weapon"),
    (
        "economy",
        r"industr|production|grain|output|econom|factor|worker|wage|price|rouble|ruble|ton",
    ),
]
CATEGORY_NAMES = {"collectivis": "collectivisation"}
DURATION_WORDS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hours"}
AGE_RE = re.compile(r"\b(?:aged?|age of)\s*$|^\s*-?years?[- ]old", re.IGNORECASE)
YEAR_RANGE_RE = re.compile(r"\b(1\d{3}|20\d{2})\s?[–—-]\s?(\d{2}|1\d{3}|20\d{2})\b")
MONTH_YEAR_RE = re.compile(
    rf"\b({'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+(1\d{{3}}|20\d{{2}})\b",
    re.IGNORECASE,
)
YEAR_RE = re.compile(r"(?<![\d,.])\b(1\d{3}|20\d{2})\b(?!,\d|\.\d|\d)")
# Two dates joined this way are one period: "between 1934 and 1939", "from July 1936 to March 1939".
RANGE_JOIN_RE = re.compile(r"\s*(?:to|and|until|till|through|[–—-])\s*$", re.IGNORECASE)
LIFESPAN_RE = re.compile(r"\(\s*(?:b\.\s*|born\s+)?1\d{3}\s?[–—-]\s?(?:1\d{3}|20\d{2})\s*\)")


class ProposeError(Exception):
    """A document that cannot be read: the message says which and why."""


@dataclass
class Draft:
    row: dict
    status: str
    confidence: float
    start: int  # where value_text stands in the document
    end: int


def read_document(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ProposeError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ProposeError(f"{path}: is a directory, not a text file") from None
    except UnicodeDecodeError as error:
        raise ProposeError(f"{path}: not UTF-8 (byte {error.start})") from None
    except OSError as error:
        raise ProposeError(f"{path}: cannot read: {error.strerror or error}") from None


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end], within its line (a line is a paragraph here)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    first, last = line_start, line_end
    for m in SENTENCE_END.finditer(text, line_start, line_end):
        if m.end() <= start:
            first = m.end()
        elif m.start() >= end:
            last = m.start()
            break
    while last > first and text[last - 1] in " \t":
        last -= 1
    return first, last


def qualifier_of(
    text: str, mention: Mention, numbers: list[float], sentence_start: int
) -> tuple[str, int]:
    """(qualifier, start of value_text): the words before the number that qualify it."""
    low_text = mention.text.lower()
    if len(numbers) >= 2 or low_text.startswith(("between", "from")):
        return "range", mention.start
    if any(low_text.startswith(v) or low_text == v for v in VAGUE) or low_text.startswith(
        "tens of"
    ):
        return "vague", mention.start
    if "majority" in low_text:
        return "more_than", mention.start
    before = text[sentence_start : mention.start].lower()
    for words, qualifier in QUALIFIER_WORDS:
        if found := re.search(rf"\b{re.escape(words)}\s+$", before):
            return qualifier, mention.start - len(found.group())
    return "exact", mention.start


def bounds(qualifier: str, numbers: list[float]) -> tuple[str, str, str]:
    """value, value_low, value_high as BOUNDS_RULES (data/README.md) asks for `qualifier`: the
    number where a column is required or equal to the value, the ends of a range, else empty."""
    if not numbers:
        return "", "", ""
    given = {"value": numbers[0], "value_low": min(numbers), "value_high": max(numbers)}
    return tuple(  # type: ignore[return-value]
        "" if rule == "empty" else f"{given[column]:.15g}"
        for column, rule in zip(NUMERIC, BOUNDS_RULES[qualifier], strict=True)
    )


def words_after(text: str, end: int, limit: int = 6) -> list[str]:
    """The words after a number, up to the end of its clause."""
    clause = re.split(r"[.;:!?()\[\]]|,\s|\s[–—]\s", text[end : end + 120], maxsplit=1)[0]
    return re.findall(r"[A-Za-z][A-Za-z'-]*", clause)[:limit]


# Where the counted noun phrase ends: a preposition or conjunction that starts what follows it.
PHRASE_STOPS = {
    "in", "by", "between", "during", "from", "to", "on", "at", "after", "before", "since", "until",
    "when", "which", "who", "that", "and", "or", "but", "while", "as", "with", "than",
}  # fmt: skip


def unit_of(mention: Mention, text: str, value_is_fraction: bool) -> tuple[str, bool]:
    """(unit, read with confidence) from how the number is written, else from what it counts."""
    return unit_of_form(mention, text, value_is_fraction) or unit_of_words(mention, text)


def unit_of_form(mention: Mention, text: str, value_is_fraction: bool) -> tuple[str, bool] | None:
    """The unit the number's own form gives: a percentage, a share, a glued unit ('24km'), a
    multiple, a rank, a hyphened rate ('a 10-hour workday': hours_per_day)."""
    low = mention.text.lower()
    if low.endswith("%") or "per cent" in low or "percent" in low:
        return "percent", True
    if value_is_fraction or "majority" in low:
        return "share", True
    glued = re.search(r"\d([a-z]{2,3})$", low)
    if glued:
        return glued.group(1), True
    if re.search(r"fold$|^(twice|thrice|doubled|tripled|halved|double|triple)$", low):
        return "times", True
    if RANK_RE.search(low):
        return "rank", True
    rate = HYPHEN_RATE_RE.match(text, mention.end)
    if rate:
        return f"{rate.group('unit').lower()}s_per_{rate.group('per').lower()}", True
    return None


def unit_of_words(mention: Mention, text: str) -> tuple[str, bool]:
    """The unit the words after the number give: the counted plural, a rate ('hours a day'), the
    verb that counts ('were executed': executions); people when nothing says."""
    raw = words_after(text, mention.end, 8)
    after = [w.lower() for w in raw]
    if after[:1] == ["of"]:
        raw, after = (raw[2:], after[2:]) if after[1:2] == ["the"] else (raw[1:], after[1:])
    verb_unit = next((VERB_UNITS[w] for w in after[:6] if w in VERB_UNITS), None) or verb_before(
        text, mention.start
    )
    for k, word in enumerate(after[:3]):
        if word in VERB_UNITS:
            return VERB_UNITS[word], True
        if not is_plural(word):
            continue
        # A rate: "hours a day", "days a week", "people per room".
        if after[k + 1 : k + 2] in (["a"], ["per"], ["each"]) and len(after) > k + 2:
            return f"{word}_per_{after[k + 2].rstrip('s')}", True
        return plural_unit(word, raw[k], verb_unit), True
    return verb_unit or "people", verb_unit is not None


def verb_before(text: str, start: int) -> str | None:
    """The unit a counting verb right before a number gives, qualifier words skipped: "executed
    between 100,000 and 200,000 people", "hanged at least 40": executions."""
    before = text[max(0, start - 60) : start].lower()
    for words, _ in QUALIFIER_WORDS:
        before = re.sub(rf"\b{re.escape(words)}\s+$", "", before)
    found = re.search(r"\b([a-z]+)\s+$", before)
    return VERB_UNITS.get(found.group(1)) if found else None


def plural_unit(word: str, raw: str, verb_unit: str | None) -> str:
    """The unit a counted plural gives: soldiers, the table's persons units (members, deputies),
    people (or what the verb counts: "110,000 Poles were executed" are executions), the plural."""
    if word in SOLDIER_NOUNS:
        return "soldiers"
    if word in PERSON_UNITS - {"people"}:
        return word
    if word in PEOPLE_NOUNS or is_person_noun(raw):
        return verb_unit or "people"
    return word


def is_plural(word: str) -> bool:
    return (
        word in PEOPLE_NOUNS
        or word in IRREGULAR_PLURALS
        or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")))
    )


def is_person_noun(word: str) -> bool:
    """A plural that names people: agent nouns (workers, marchers, deportees, politicians) and
    capitalised group names (Poles, Bolsheviks, Koreans)."""
    return word[:1].isupper() or word.lower().endswith(PERSON_ENDINGS)


PERSON_ENDINGS = ("ers", "ors", "ists", "ees", "ants", "ents", "ians", "ites", "iks", "ests")
RANK_RE = re.compile(
    r"\d(?:st|nd|rd|th)$|^(?:from )?(?:first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth)\b"
)


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


def period_of(
    text: str, mention: Mention, sentence: tuple[int, int], others: list[tuple[int, int]], unit: str
) -> tuple[str, str, float]:
    """(period_start, period_end, confidence) of a mention: the date of its own clause, else a date
    its sentence states outside the clauses of its other numbers, else the period its context
    gives (the dated sentences before it in its paragraph). A total over a whole event ("in all",
    "during the war") dated by the event's start runs to the end the text states next; one dated
    by its end runs from the start the text stated before."""
    date = sentence_date(text, mention, sentence, others, unit)
    confidence = 1.0
    if date is None and RULE_NOUN_RE.search(text, *sentence):
        date, confidence = rule_period(text, sentence[0]), 0.6
    if date is None:
        date, confidence = context_date(text, sentence)
    if date is None:
        return "", "", 0.4
    if is_event_total(text, mention, sentence):
        where = sentence_span(text, date.start, date.end)
        if is_start(text, date, where):
            date = through_end(text, date, max(sentence[1], date.end))
        elif is_end(text, date, where):
            date = from_start(text, date, min(sentence[0], date.start))
    return (*change_end(text, mention, date), confidence)


def is_event_total(text: str, mention: Mention, sentence: tuple[int, int]) -> bool:
    """Whether the statement holding a number (its sentence up to semicolons) says it is a total
    over a whole event ("in all", "in total", "throughout", "during the war") and not a stock at a
    moment ("the army had")."""
    a, b = segment(text, mention.start, sentence)
    statement = text[a:b]
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


def sentence_date(
    text: str, mention: Mention, sentence: tuple[int, int], others: list[tuple[int, int]], unit: str
) -> Date | None:
    """The date a sentence gives a mention: one right after it in its own phrase ("420,000
    casualties in 1916"), else one in its own clause (a multiple compares its clause's dates:
    "twice as high in 1794 as in 1789"), else a breakdown by date in parentheses right after it,
    else the nearest date in no other number's clause, else the nearest date."""
    # A date is never the number itself ("sent 1500 troops"): the mention's own span is skipped.
    dates = [
        d
        for d in dates_in(text, *sentence)
        if not (d.start < mention.end and mention.start < d.end)
    ]
    if not dates:
        return None
    numbers = [
        (a, b)
        for a, b in others
        if sentence[0] <= a < sentence[1] and (a, b) != (mention.start, mention.end)
    ]
    cuts = clause_cuts(text, sentence, [(d.start, d.end) for d in dates] + numbers)

    def clause(position: int) -> int:
        return bisect.bisect_right(cuts, position)

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
    claimed = {clause(a) for a, _ in numbers}
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


def clause_cuts(
    text: str, sentence: tuple[int, int], protected: list[tuple[int, int]]
) -> list[int]:
    """Where the clauses of a sentence begin: after commas, semicolons, colons, brackets, dashes
    and conjunctions ("and", "while", "whereas"), never inside a date or a number."""
    return [
        m.end()
        for m in CLAUSE_BREAK_RE.finditer(text, *sentence)
        if not any(a < m.end() and m.start() < b for a, b in protected)
    ]


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


def segment(text: str, position: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """The part of a sentence around `position` between semicolons (a date's own statement)."""
    first, last = sentence
    a = text.rfind(";", first, position)
    b = text.find(";", position, last)
    return (first if a < 0 else a + 1), (last if b < 0 else b)


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
    found = list(RULED_FROM_RE.finditer(text, 0, before))
    if not found:
        return None
    m = found[-1]
    dates = dates_in(text, m.start("span"), m.end("span"))
    period = span_of(dates) if dates else None
    return period if period and period.last else None  # a start and an end


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


def category_of(sentence: str) -> str:
    low = sentence.lower()
    for name, pattern in CATEGORY_KEYWORDS:
        if re.search(pattern, low):
            return CATEGORY_NAMES.get(name, name)
    return "society"


@dataclass(frozen=True)
class Around:
    """What stands around a mention, as the dismissal rules read it."""

    text: str
    mention: Mention
    before: str  # the 40 characters before, lowercase
    clause_before: str  # its clause up to the mention, lowercase
    raw: list[str]  # the words after it in its clause, as written
    after: list[str]  # the same, lowercase, without possessives ("two workers' strikes": strikes)
    next_text: str  # the 40 characters after, lowercase
    low: str  # the mention, lowercase

    @classmethod
    def of(cls, text: str, mention: Mention) -> Around:
        raw = words_after(text, mention.end, 8)
        before = text[max(0, mention.start - 40) : mention.start]
        sentence_start = sentence_span(text, mention.start, mention.end)[0]
        clause = re.split(r"[;:()]|,\s|\s[–—]\s", text[sentence_start : mention.start])[-1]
        return cls(
            text, mention, before.lower(), clause.lower(), raw,
            [w.lower() for w in raw if not w.endswith(("'", "’"))],
            text[mention.end : mention.end + 40].lower(), mention.text.lower(),
        )  # fmt: skip

    def counted(self, limit: int = 8) -> bool:
        """Whether a verb that counts follows in the clause ('were executed', 'were elected') or
        stands right before the number ('hanged four men')."""
        return any(w in VERB_UNITS for w in self.after[:limit]) or (
            verb_before(self.text, self.mention.start) is not None
        )


def dismissal_reason(text: str, mention: Mention) -> str | None:
    """Why a mention looks incidental (see DISMISSAL_RULES), or None for a figure."""
    around = Around.of(text, mention)
    return next((reason for reason, rule in DISMISSAL_RULES if rule(around)), None)


def is_age(a: Around) -> bool:
    """'aged 12', 'at the age of 12', 'a 23-year-old', '23 years old'; 'he was 23 at the time',
    'who was fourteen when': was/is after a personal pronoun or 'who' (a name or a place before
    'was' proves nothing: 'the population of Ireland was 8.2 million')."""
    if AGE_RE.search(a.before[-20:]) or AGE_RE.search(a.next_text[:12]):
        return True
    return bool(
        re.search(r"\b(?:he|she|who|i)\s+(?:was|is)\s+$", a.before)
        and re.match(r"\s*(?:[,.;)]|at the time|when)", a.next_text)
    )


def is_duration(a: Around) -> bool:
    """'for three years', 'within 24 hours'; not the rate '40 hours a week'."""
    return bool(a.after[:1]) and a.after[0] in DURATION_WORDS and a.after[1:2] not in (
        ["a"], ["per"], ["each"],
    )  # fmt: skip


def is_name_part(a: Around) -> bool:
    """Part of a name: 'the Big Three', 'Black Hundreds', 'Ones of the Majority' (a number word
    capitalised inside a sentence), 'Five-Year Plan', 'a one-party state' (hyphened to a word),
    except a rate such as 'a 10-hour workday'."""
    if a.mention.text[:1].isupper() and a.raw[:1] and a.raw[0][:1].isupper():
        return True
    if any(w[:1].isupper() for w in re.findall(r"[A-Za-z]+", a.mention.text)) and not (
        at_sentence_start(a.text, a.mention.start)
    ):
        return True
    hyphened = (
        a.text[a.mention.end : a.mention.end + 1] == "-"
        and a.text[a.mention.end + 1 : a.mention.end + 2].isalpha()
    )
    return hyphened and not HYPHEN_RATE_RE.match(a.text, a.mention.end)


def at_sentence_start(text: str, position: int) -> bool:
    """Whether `position` opens a sentence, a quotation or a bracket: only citation markers and
    spaces stand between it and the end of the sentence before ('... begun.[337]Millions of'),
    the start of its line or an opening quote or bracket."""
    line_start = text.rfind("\n", 0, position) + 1
    before = re.sub(r"(?:\[[^\]\n]{1,20}\]|\s)+$", "", text[line_start:position])
    return before == "" or before[-1] in ".!?:\"'“‘(["


def is_identifier(a: Around) -> bool:
    """A second identifier in parentheses after a first: 'No: 354 (8039)'."""
    return bool(IDENTIFIER_BEFORE_RE.search(a.before) and re.match(r"\s*\)", a.next_text))


def is_one_of(a: Around) -> bool:
    return a.low in ("one", "a pair", "a couple") and a.after[:1] == ["of"]


def is_said_twice(a: Around) -> bool:
    """'Lenin twice asked', not 'twice as many'."""
    return a.low in ("twice", "thrice") and not (a.after[:1] and a.after[0] in COMPARISON_WORDS)


def is_placing(a: Around) -> bool:
    """A person's place in a vote or a race: 'came third', 'in the first position'."""
    if re.search(r"\b(?:came|finished|placed)\s+$", a.before):
        return True
    return bool(RANK_RE.search(a.low)) and a.after[:1] in (["place"], ["position"])


def is_reference(a: Around) -> bool:
    """A number that points back at things already counted: 'these thirteen provinces', 'the
    latter three' ('the other 40,000' counts the rest, a figure)."""
    return bool(re.search(r"\b(?:these|those|the latter|the former)\s+$", a.before))


def is_small_count(a: Around) -> bool:
    """A count under ten of what no statistic counts ('two sides', 'three camps', 'nine
    lectures'), or of people in general with no verb that counts them ('the three men at the
    heart of', 'at least two women'); kept before a rate ('six people per room') or a counting
    verb ('six Bolsheviks and six Mensheviks were elected')."""
    if a.low not in SMALL_COUNTS or not a.after or a.counted():
        return False
    words = a.after[2:] if a.after[:2] == ["of", "the"] else a.after  # "three of the members"
    if words[1:2] in (["a"], ["per"], ["each"]):
        return False  # a rate
    if words[:1] and words[0] in PEOPLE_NOUNS:
        return True
    return not any(w in STATISTIC_NOUNS for w in words[:3])


def is_small_group(a: Around) -> bool:
    """A group word ('the trio at the heart of', 'a pair of revolutions') with no verb that
    counts it."""
    words = a.low.split()
    return len(words) == 2 and words[1] in GROUPS and not a.counted()


def is_size_class(a: Around) -> bool:
    """A size class, not a count: an open bound after 'PLURAL of' or 'with' ('factories of 1,000+
    workers'), or a bracket or open bound before a singular noun modifying a plural ('100–1,000
    worker enterprises'); a range counting the plural after it ('estimates of 500,000–700,000
    deaths') is a figure."""
    if "%" in a.low or re.search(r"million|thousand|billion|hundred", a.low):
        return False
    open_bound = a.low.endswith("+")
    if not (open_bound or re.fullmatch(r"[\d,.]+\s?[–—-]\s?[\d,.]+", a.low)):
        return False
    if open_bound and re.search(r"\b[a-z]{3,}s\s+(?:of|with)\s+$", a.before):
        return True
    return len(a.after) > 1 and not is_plural(a.after[0]) and is_plural(a.after[1])


def is_location(a: Around) -> bool:
    """A distance that places somewhere: '24 kilometres (15 mi) south of Petrograd', the
    conversion in parentheses included."""
    return bool(LOCATION_RE.match(a.next_text))


def is_vote_outcome(a: Around) -> bool:
    """'secured a majority in favour of', 'a majority against': an outcome, no size stated."""
    return "majority" in a.low and bool(re.match(r"\s*(?:in favou?r|for|against)\b", a.next_text))


def is_opinion_share(a: Around) -> bool:
    """'was rejected by the majority of his peers': a majority as the agent of a passive verb (a
    past participle, then 'by' and a few words without a number) holds an opinion or acts; it
    measures nothing. 'By 1917 a majority of divisions' is a share at a date."""
    return "majority" in a.low and bool(
        re.search(PASSIVE_AGENT_BEFORE, a.clause_before)
        and not re.search(r"\d", a.clause_before[-30:])
    )


PASSIVE_AGENT_BEFORE = re.compile(
    r"\b(?:was|were|is|are|be|been|being)\s+(?:\w+ly\s+)?[a-z]+(?:ed|en|wn|lt|ld|ght|ne|ung)\s+"
    r"by\s+(?:(?!\d)[\w'’]+\s+){0,3}$"
)


# The first rule that holds names the reason, in this order.
DISMISSAL_RULES: list[tuple[str, Callable[[Around], bool]]] = [
    ("biographical", is_age),
    ("duration", is_duration),
    ("incidental_count", is_one_of),
    ("part_of_name", is_name_part),
    ("part_of_name", is_identifier),
    ("incidental_count", is_said_twice),
    ("incidental_count", is_placing),
    ("incidental_count", is_reference),
    ("incidental_count", is_size_class),
    ("incidental_count", is_location),
    ("incidental_count", is_vote_outcome),
    ("rhetoric", is_opinion_share),
    ("incidental_count", is_small_count),
    ("incidental_count", is_small_group),
]
# "a 10-hour workday", "an 8-hour day", "a six-day week": a rate, not a name.
HYPHEN_RATE_RE = re.compile(
    r"-(?P<unit>hour|day)s?\s+(?:working\s+|work\s?)?(?P<per>day|week|shift)s?\b", re.IGNORECASE
)
LENGTH_UNITS = r"(?:km|kilometres?|kilometers?|miles?|mi|metres?|meters?|versts?|yards?|feet|ft)"
LOCATION_RE = re.compile(
    rf"\s*{LENGTH_UNITS}\.?\)?\s*(?:\([^)]*\)\s*)?(?:to the\s+)?"
    r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:wards?)?\b|from\b|away\b|outside\b)"
)
IDENTIFIER_BEFORE_RE = re.compile(
    rf"\b(?:{'|'.join(sorted(IDENTIFIER_WORDS))})\.?:?\s*#?\d+\s*\(\s*$", re.IGNORECASE
)
# Words after "twice" or "thrice" that make it a comparison: "twice as many", "twice the number".
COMPARISON_WORDS = {"as", "the", "that", "its", "their", "his", "her", "a", "an", "more", "over"}
# Counts under ten: a count of ten or more is read as a figure.
SMALL_COUNTS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
# Nouns statistics count: a small number before one of these is kept as a figure.
STATISTIC_NOUNS = SOLDIER_NOUNS | {
    "deaths", "dead", "victims", "casualties", "prisoners", "executions", "arrests", "workers",
    "peasants", "households", "deputies", "votes", "members", "seats", "tanks", "aircraft",
    "guns", "ships", "divisions", "armies", "days", "hours", "per", "percent", "million",
    "thousand", "hundred", "billion", "times",
}  # fmt: skip


def slug(words: str, limit: int = 48) -> str:
    out = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    return out[:limit].rstrip("-") or "figure"


def measure_of(mention: Mention, text: str, unit: str, period: str) -> str:
    """The counted noun phrase: the words after the number, in its clause; a draft to rewrite."""
    words = words_after(text, mention.end, 8)
    while words and words[0].lower() in ("of", "the"):
        words = words[1:]
    cut = next((i for i, w in enumerate(words) if i and w.lower() in PHRASE_STOPS), len(words))
    words = words[:cut]
    phrase = " ".join(words) if words else unit.replace("_", " ")
    return f"{phrase[:1].upper()}{phrase[1:]}" + (f", {period}" if period else "")


def propose(
    source: str, text: str, dataset: Dataset | None, furniture: list[int] | tuple = ()
) -> list[Draft]:
    """Drafts for every mention in `text` not already curated or dismissed in `dataset`."""
    mentions = [
        part for m in find_mentions(source, text, furniture) for part in change_ends(text, m)
    ]
    covered: list[tuple[int, int]] = []
    dismissed: list[tuple[int, int]] = []
    if dataset is not None and source in dataset.sources and dataset.sources[source].text == text:
        covered, dismissed = stated_spans(dataset, source), dismissed_spans(dataset, source)
    taken_ids = set(dataset.figures["id"]) if dataset is not None else set()
    prefix = id_prefix(source)
    spans = [(m.start, m.end) for m in mentions]
    return [
        draft(source, text, mention, prefix, taken_ids, spans)
        for mention in mentions
        if not is_covered(mention, covered, dismissed)
    ]


# Verbs and nouns of change, with their inflections: "soared from A to B", "a fall from A to B".
CHANGE_WORDS = [
    "rise", "rises", "rising", "rose", "risen", "grow", "grows", "growing", "grew", "grown",
    "growth", "increase", "increases", "increased", "increasing", "decrease", "decreases",
    "decreased", "decreasing", "fall", "falls", "falling", "fell", "fallen", "drop", "drops",
    "dropping", "dropped", "decline", "declines", "declined", "declining", "soar", "soars",
    "soaring", "soared", "surge", "surges", "surged", "surging", "plunge", "plunges", "plunged",
    "plunging", "plummet", "plummets", "plummeted", "plummetted", "plummeting", "slump", "slumps",
    "slumped", "slumping", "dwindle", "dwindles", "dwindled", "dwindling", "recover", "recovers",
    "recovered", "recovering", "recovery", "reduce", "reduces", "reduced", "reducing",
    "reduction", "cut", "cuts", "cutting", "climb", "climbs", "climbed", "climbing", "jump",
    "jumps", "jumped", "jumping", "double", "doubles", "doubled", "doubling", "triple", "triples",
    "tripled", "tripling", "halve", "halves", "halved", "halving", "go", "goes", "going", "went",
    "gone", "expand", "expands", "expanded", "expanding", "expansion", "shrink", "shrinks",
    "shrinking", "shrank", "shrunk", "shrunken", "contract", "contracts", "contracted",
    "contracting", "contraction", "swell", "swells", "swelled", "swelling", "swollen",
]  # fmt: skip
# A change stated as "rose from A to B": two figures, each at its own time, never a range.
CHANGE_RE = re.compile(
    rf"\b(?:{'|'.join(CHANGE_WORDS)})(?:\s+\w+){{0,2}}\s+$",
    re.IGNORECASE,
)
CHANGE_PARTS_RE = re.compile(r"from\s+(?P<a>.+?)\s+to\s+(?P<b>.+)", re.IGNORECASE)


def change_ends(text: str, mention: Mention) -> list[Mention]:
    """A mention "from A to B" after a word of change, as its two ends; "from A" alone (its end
    stated apart: "from 2 million tonnes in 1900 to 5 million") as A; any other as itself."""
    parts = CHANGE_PARTS_RE.fullmatch(mention.text)
    if not parts:
        lone = re.match(r"from\s+", mention.text, re.IGNORECASE)
        if lone and len(parse_numbers(mention.text)) == 1:  # "from 2 million tonnes in 1900 to"
            return [part_of(mention, lone.end(), len(mention.text))]
        return [mention]
    before = text[max(0, mention.start - 40) : mention.start]
    if not CHANGE_RE.search(before) or RANK_RE.search(parts.group("a").lower()):
        return [mention]
    return [part_of(mention, parts.start(k), parts.end(k)) for k in ("a", "b")]


def part_of(mention: Mention, start: int, end: int) -> Mention:
    """The mention of mention.text[start:end]."""
    return replace(
        mention,
        start=mention.start + start,
        end=mention.start + end,
        column=mention.column + start,
        text=mention.text[start:end],
    )


def draft(
    source: str,
    text: str,
    mention: Mention,
    prefix: str,
    taken_ids: set[str],
    others: list[tuple[int, int]] | None = None,
) -> Draft:
    sentence = sentence_span(text, mention.start, mention.end)
    numbers = parse_numbers(mention.text)
    qualifier, value_start = qualifier_of(text, mention, numbers, sentence[0])
    value, low, high = bounds(qualifier, numbers)
    is_fraction = bool(numbers) and max(numbers) < 1 and not mention.text.rstrip().endswith("%")
    unit, unit_sure = unit_of(mention, text, is_fraction)
    start, end, period_confidence = period_of(text, mention, sentence, others or [], unit)
    period = start[:4] + (f"–{end[:4]}" if end else "") if start else ""
    measure = measure_of(mention, text, unit, period)
    claim = slug(measure, 40)
    # The same sentence at two places is one claim: validate then cites each row at its own place.
    base = f"{prefix}-{claim}"
    figure_id, n = base, 2
    while figure_id in taken_ids:
        figure_id, n = f"{base}-{n}", n + 1
    taken_ids.add(figure_id)
    reason = dismissal_reason(text, mention)
    confidence = 0.9 * period_confidence * (1.0 if unit_sure else 0.7) * (0.5 if reason else 1.0)
    row = dict.fromkeys(COLUMNS, "") | {
        "id": figure_id,
        "claim": claim,
        "category": category_of(text[sentence[0] : sentence[1]]),
        "measure": measure,
        "label": measure[:LABEL_MAX].rstrip(" ,"),
        "value": value,
        "value_low": low,
        "value_high": high,
        "qualifier": qualifier,
        "value_text": text[value_start : mention.end],
        "unit": unit,
        "period_start": start,
        "period_end": end,
        "source": source,
        "quote": text[sentence[0] : sentence[1]].strip(),
        "note": f"Drafted by propose from line {mention.line}; review every column.",
    }
    status = f"dismiss? {reason}" if reason else "proposed"
    return Draft(row, status, round(confidence, 2), value_start, mention.end)
