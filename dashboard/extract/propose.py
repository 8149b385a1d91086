"""Draft figures.csv rows for a new document: one per numeric mention the number finder sees.

Each draft carries its own provenance (the sentence as quote, the number as written as
value_text) and a reading of it: value and bounds, qualifier, unit, period, category, measure.
The rules are meant as rules of English, not of the project's two documents (they were tuned on
those two, so a new text scores lower: README, "Adding a source document"); a curator reviews
every draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from dashboard.extract.authorities import authority_of
from dashboard.extract.coverage import dismissed_spans, is_covered, stated_spans
from dashboard.extract.dismissals import dismissal_reason
from dashboard.extract.mentions import (
    Mention,
    find_mentions,
)
from dashboard.extract.passages import sentence_span
from dashboard.extract.periods import NumberSpans, period_of
from dashboard.extract.units import (
    RANK_RE,
    unit_of,
    words_after,
)
from dashboard.model.data import COLUMNS, LABEL_MAX, NUMERIC, Dataset, id_prefix
from dashboard.model.numbers import VAGUE, parse_numbers
from dashboard.model.safe_files import UnsafeFile, read_regular_bytes
from dashboard.model.vocabulary import (
    BOUNDS_RULES,
    QUALIFIER_AFTER,
    QUALIFIER_SIGNS,
    QUALIFIERS_LONGEST_FIRST,
)

EXTRA_COLUMNS = ["status", "confidence", "period_from"]
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


class ProposeError(Exception):
    """A document that cannot be read: the message says which and why."""


@dataclass
class Draft:
    row: dict
    status: str
    confidence: float
    start: int  # where value_text stands in the document
    end: int
    period_from: str = (
        ""  # the rule that gave the period: sentence, paragraph, ruler, heading, none
    )


# propose reads 1 MB in a few seconds and grows linearly; a larger file is refused before it is read.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16", b"\xef\xbb\xbf": ""}


def read_document(path: Path) -> str:
    """A document's text: a regular UTF-8 text file of at most MAX_DOCUMENT_BYTES; else a
    ProposeError that names the file and says what is wrong with it in one line."""
    try:
        # The data directory's own reader: regular files only, opened without blocking (a FIFO
        # hung propose), size-capped before a byte is read (/dev/zero exhausted memory).
        data = read_regular_bytes(path, MAX_DOCUMENT_BYTES)
    except UnsafeFile as error:
        hint = " (split the document)" if "at most" in str(error) else ""
        raise ProposeError(f"{path}: {error}{hint}") from None
    return decode_text(path, data)


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text without a byte-order mark, refusing UTF-16 and binary files by name."""
    for bom, encoding in BOMS.items():
        if data.startswith(bom):
            if encoding:
                raise ProposeError(
                    f"{path}: {encoding} text; convert it to UTF-8 first "
                    f"(iconv -f {encoding} -t UTF-8)"
                )
            data = data[len(bom) :]
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ProposeError(f"{path}: line {line}: a NUL byte: a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ProposeError(f"{path}: line {line}, column {column}: not UTF-8") from None


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
    # The longest qualifier is a few words: the end of the sentence before the number is enough.
    before = qualifier_before(text[max(sentence_start, mention.start - 40) : mention.start].lower())
    if before:
        qualifier, length = before
        return qualifier, mention.start - length
    if mention.text.endswith("+"):
        return "at_least", mention.start  # "100+ villages"
    for pattern, qualifier in QUALIFIER_AFTER:
        if pattern.match(text, mention.end):
            return qualifier, mention.start
    return "exact", mention.start


def qualifier_before(before: str) -> tuple[str, int] | None:
    """(qualifier, length of its words) for the words or sign that end `before` and qualify the
    number after them: "at least", "close to", "~", "≥"."""
    for words, qualifier in QUALIFIERS_LONGEST_FIRST:  # "no more than" before "more than"
        if found := re.search(rf"\b{re.escape(words)}\s+$", before):
            return qualifier, len(found.group())
    for sign, qualifier in QUALIFIER_SIGNS.items():
        if found := re.search(rf"(?:^|[\s(\[]){re.escape(sign)}\s?$", before):
            return qualifier, len(found.group().lstrip(" ([\t"))
    return None


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


# Where the counted noun phrase ends: a preposition or conjunction that starts what follows it.
PHRASE_STOPS = {
    "in", "by", "between", "during", "from", "to", "on", "at", "after", "before", "since", "until",
    "when", "which", "who", "that", "and", "or", "but", "while", "as", "with", "than",
}  # fmt: skip


@lru_cache(maxsize=256)  # a sentence's numbers share its category: read once
def category_of(sentence: str) -> str:
    """The table category a sentence's words suggest; "society" when none does."""
    low = sentence.lower()
    for name, pattern in CATEGORY_KEYWORDS:
        if re.search(pattern, low):
            return CATEGORY_NAMES.get(name, name)
    return "society"


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
    spans = NumberSpans([(m.start, m.end) for m in mentions])
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
    others: NumberSpans | None = None,
) -> Draft:
    sentence = sentence_span(text, mention.start, mention.end)
    numbers = parse_numbers(mention.text)
    qualifier, value_start = qualifier_of(text, mention, numbers, sentence[0])
    value, low, high = bounds(qualifier, numbers)
    is_fraction = (
        bool(numbers)
        and all(0 <= n < 1 for n in numbers)
        and not mention.text.rstrip().endswith("%")
    )
    unit, unit_sure = unit_of(mention, text, is_fraction)
    start, end, period_confidence, period_rule = period_of(
        text, mention, sentence, others or NumberSpans([]), unit
    )
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
        "asserted_by": authority_of(text[sentence[0] : sentence[1]]),
        "note": f"Drafted by propose from line {mention.line}; review every column.",
    }
    status = f"dismiss? {reason}" if reason else "proposed"
    return Draft(row, status, round(confidence, 2), value_start, mention.end, period_rule)
