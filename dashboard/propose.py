"""Draft figures.csv rows for a new document: one per numeric mention the number finder sees.

Each draft carries its own provenance (the sentence as quote, the number as written as
value_text) and a reading of it: value and bounds, qualifier, unit, period, category, measure.
The rules read English, not the project's two documents; a curator reviews every draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.coverage import dismissed_spans, is_covered, stated_spans
from dashboard.data import (
    BOUNDS_RULES,
    COLUMNS,
    LABEL_MAX,
    NUMERIC,
    PERSON_UNITS,
    Dataset,
    id_prefix,
)
from dashboard.mentions import IRREGULAR_PLURALS, MONTHS, Mention, find_mentions
from dashboard.numbers import VAGUE, parse_numbers
from dashboard.sources import SENTENCE_END

EXTRA_COLUMNS = ["status", "confidence"]
# Words before a number and the qualifier they give, longest first.
QUALIFIER_WORDS = [
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("at least", "at_least"),
    ("more than", "more_than"), ("in excess of", "more_than"), ("upwards of", "more_than"),
    ("well over", "more_than"), ("just over", "more_than"), ("over", "more_than"),
    ("above", "more_than"), ("nearly", "nearly"), ("almost", "nearly"), ("just under", "nearly"),
    ("up to", "up_to"), ("as many as", "up_to"), ("as much as", "up_to"), ("less than", "less_than"),
    ("fewer than", "less_than"), ("under", "less_than"), ("below", "less_than"),
    ("an estimated", "approx"), ("approximately", "approx"), ("about", "approx"),
    ("around", "approx"), ("roughly", "approx"), ("some", "approx"), ("circa", "approx"),
    ("estimated", "approx"),
]  # fmt: skip
VERB_UNITS = {
    "executed": "executions", "shot": "executions", "killed": "deaths", "died": "deaths",
    "dead": "deaths", "perished": "deaths", "starved": "deaths", "arrested": "arrests",
    "imprisoned": "prisoners", "deported": "people", "wounded": "casualties",
    "captured": "prisoners", "elected": "deputies",
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
MONTH_NUMBERS = {
    name: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip


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
    """(unit, read with confidence) from what is counted."""
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
    raw = words_after(text, mention.end, 8)
    after = [w.lower() for w in raw]
    if after[:1] == ["of"]:
        raw, after = (raw[2:], after[2:]) if after[1:2] == ["the"] else (raw[1:], after[1:])
    verb_unit = next((VERB_UNITS[w] for w in after[:6] if w in VERB_UNITS), None)
    for k, word in enumerate(after[:3]):
        if word in VERB_UNITS:
            return VERB_UNITS[word], True
        if not is_plural(word):
            continue
        # A rate: "hours a day", "days a week", "people per room".
        if after[k + 1 : k + 2] in (["a"], ["per"], ["each"]) and len(after) > k + 2:
            return f"{word}_per_{after[k + 2].rstrip('s')}", True
        if word in SOLDIER_NOUNS:
            return "soldiers", True
        if word in PERSON_UNITS - {"people"}:  # the table's persons units: members, deputies
            return word, True
        if word in PEOPLE_NOUNS or is_person_noun(raw[k]):
            return verb_unit or "people", True  # "110,000 Poles were executed": executions
        return word, True
    return verb_unit or "people", verb_unit is not None


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


def period_of(text: str, mention: Mention, sentence: tuple[int, int]) -> tuple[str, str, float]:
    """(period_start, period_end, confidence): the date nearest the number in its sentence, else
    the nearest date before it in its paragraph, else none."""
    first, last = sentence
    # A date is never the number itself ("sent 1500 troops"): the mention's own span is skipped.
    found = [d for d in _dates(text, first, last) if not mention.start <= d[0] < mention.end]
    if found:
        nearest = min(found, key=lambda d: min(abs(d[0] - mention.start), abs(d[0] - mention.end)))
        return nearest[1], nearest[2], 1.0
    paragraph_start = text.rfind("\n", 0, first) + 1
    before = _dates(text, paragraph_start, first)
    if before:
        _, start, end = max(before, key=lambda d: d[0])
        return start, end, 0.6
    return "", "", 0.4


def _dates(text: str, first: int, last: int) -> list[tuple[int, str, str]]:
    """(position, period_start, period_end) of each date or period in text[first:last]; a
    person's life span in parentheses ("(1862–1936)") is not one."""
    chunk = text[first:last]
    found, taken = [], [m.span() for m in LIFESPAN_RE.finditer(chunk)]
    for m in YEAR_RANGE_RE.finditer(chunk):
        a, b = m.group(1), m.group(2)
        b = a[: 4 - len(b)] + b if len(b) == 2 else b
        if int(b) > int(a) and not any(x <= m.start() < y for x, y in taken):
            found.append((m.start(), m.end(), a, b))
            taken.append(m.span())
    for m in MONTH_YEAR_RE.finditer(chunk):
        month = MONTH_NUMBERS.get(m.group(1).lower().rstrip("."))
        if month and not any(x <= m.start() < y for x, y in taken):
            found.append((m.start(), m.end(), f"{m.group(2)}-{month:02d}", ""))
            taken.append(m.span())
    for m in YEAR_RE.finditer(chunk):
        if not any(x <= m.start() < y for x, y in taken):
            found.append((m.start(), m.end(), m.group(1), ""))
    found.sort()
    merged: list[tuple[int, int, str, str]] = []
    for date in found:
        if merged and RANGE_JOIN_RE.fullmatch(chunk[merged[-1][1] : date[0]]):
            start, _, first_start, _ = merged[-1]
            if date[2] > first_start:
                merged[-1] = (start, date[1], first_start, date[3] or date[2])
                continue
        merged.append(date)
    return [(first + start, a, b) for start, _, a, b in merged]


def category_of(sentence: str) -> str:
    low = sentence.lower()
    for name, pattern in CATEGORY_KEYWORDS:
        if re.search(pattern, low):
            return CATEGORY_NAMES.get(name, name)
    return "society"


def dismissal_reason(text: str, mention: Mention) -> str | None:
    """Why a mention looks incidental: an age, a duration, 'one of', part of a name, a small
    count of things no statistic counts ('two sides', 'twice asked'), a person's place."""
    before = text[max(0, mention.start - 20) : mention.start]
    raw = words_after(text, mention.end, 3)
    after = [w.lower() for w in raw]
    next_text = text[mention.end : mention.end + 30].lower()
    low = mention.text.lower()
    if AGE_RE.search(before) or AGE_RE.search(text[mention.end : mention.end + 12]):
        return "biographical"
    if re.search(r"\b(?:was|is|were)\s+$", before.lower()) and re.match(
        r"\s*(?:[,.;)]|at the time|when|years)", next_text
    ):
        return "biographical"  # "who was fourteen at the time"
    if after[:1] and after[0] in DURATION_WORDS and after[1:2] not in (["a"], ["per"], ["each"]):
        return "duration"  # "for three years", not the rate "40 hours a week"
    if low in ("one", "a pair", "a couple") and after[:1] == ["of"]:
        return "incidental_count"
    if mention.text[:1].isupper() and raw[:1] and raw[0][:1].isupper():
        return "part_of_name"
    if (
        text[mention.end : mention.end + 1] == "-"
        and text[mention.end + 1 : mention.end + 2].isalpha()
    ):
        return "part_of_name"  # "Five-Year Plan", "a one-party state"
    if low in ("twice", "thrice") and not (after[:1] and after[0] in COMPARISON_WORDS):
        return "incidental_count"  # "Lenin twice asked", not "twice as many"
    if re.search(r"\b(?:came|finished|placed)\s+$", before.lower()):
        return "incidental_count"  # a person's place in a vote or a race
    if (
        low in SMALL_COUNTS
        and after[:1]
        and not any(w in STATISTIC_NOUNS or w in VERB_UNITS for w in after[:3])
    ):
        return "incidental_count"  # "two sides", "three camps", "nine lectures"
    return None


# Words after "twice" or "thrice" that make it a comparison: "twice as many", "twice the number".
COMPARISON_WORDS = {"as", "the", "that", "its", "their", "his", "her", "a", "an", "more", "over"}
SMALL_COUNTS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
# Nouns statistics count: a small number before one of these is kept as a figure.
STATISTIC_NOUNS = PEOPLE_NOUNS | SOLDIER_NOUNS | {
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
    mentions = find_mentions(source, text, furniture)
    covered: list[tuple[int, int]] = []
    dismissed: list[tuple[int, int]] = []
    if dataset is not None and source in dataset.sources and dataset.sources[source].text == text:
        covered, dismissed = stated_spans(dataset, source), dismissed_spans(dataset, source)
    taken_ids = set(dataset.figures["id"]) if dataset is not None else set()
    prefix = id_prefix(source)
    return [
        draft(source, text, mention, prefix, taken_ids)
        for mention in mentions
        if not is_covered(mention, covered, dismissed)
    ]


def draft(source: str, text: str, mention: Mention, prefix: str, taken_ids: set[str]) -> Draft:
    sentence = sentence_span(text, mention.start, mention.end)
    numbers = parse_numbers(mention.text)
    qualifier, value_start = qualifier_of(text, mention, numbers, sentence[0])
    value, low, high = bounds(qualifier, numbers)
    is_fraction = bool(numbers) and max(numbers) < 1 and not mention.text.rstrip().endswith("%")
    unit, unit_sure = unit_of(mention, text, is_fraction)
    start, end, period_confidence = period_of(text, mention, sentence)
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
