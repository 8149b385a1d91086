"""Draft figures.csv rows for a new document: one per numeric mention the number finder sees.

Each draft carries its own provenance (the sentence as quote, the number as written as
value_text) and a reading of it: value and bounds, qualifier, unit, period, category, measure.
The rules are meant as rules of English, not of the project's two documents (they were tuned on
those two, so a new text scores lower: README, "Adding a source document"); a curator reviews
every draft.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from dashboard.extract.coverage import dismissed_spans, is_covered, stated_spans
from dashboard.extract.mentions import (
    CURRENCY_CODES,
    IDENTIFIER_WORDS,
    IRREGULAR_PLURALS,
    Mention,
    find_mentions,
)
from dashboard.extract.periods import NumberSpans, period_of, sentence_span
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

EXTRA_COLUMNS = ["status", "confidence", "period_from"]
# A currency written before the number ("$US12,480,000", "€5 million", "USD 40") and its unit.
CURRENCY_UNITS = {
    "$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₽": "roubles", "₹": "rupees",
    "₩": "won", "USD": "dollars", "EUR": "euros", "GBP": "pounds", "JPY": "yen", "CNY": "yuan",
    "RUB": "roubles", "INR": "rupees", "CHF": "francs", "AUD": "dollars", "CAD": "dollars",
    "RS": "rupees",
}  # fmt: skip
CURRENCY_RE = re.compile(
    r"(?:minus\s+|[−-])?(?:US|A|C|NZ|HK|S|R)?(?P<sign>[$€£¥₽₹₩]|USD|EUR|GBP|JPY|CNY|RUB|INR|CHF"
    r"|AUD|CAD|Rs)"
)
# Words before a number and the qualifier they give, longest first.
QUALIFIER_WORDS = [
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("at least", "at_least"),
    ("a minimum of", "at_least"), ("not less than", "at_least"), ("not fewer than", "at_least"),
    ("more than", "more_than"), ("in excess of", "more_than"), ("upwards of", "more_than"),
    ("well over", "more_than"), ("just over", "more_than"), ("north of", "more_than"),
    ("over", "more_than"), ("above", "more_than"), ("greater than", "more_than"),
    ("nearly", "nearly"), ("almost", "nearly"), ("just under", "nearly"),
    ("close to", "nearly"), ("just short of", "nearly"), ("just shy of", "nearly"),
    ("not quite", "nearly"), ("a maximum of", "up_to"), ("no more than", "up_to"),
    ("not more than", "up_to"), ("at most", "up_to"), ("as high as", "up_to"),
    ("as great as", "up_to"), ("as large as", "up_to"), ("exceeded", "more_than"),
    ("exceeding", "more_than"), ("exceeds", "more_than"), ("surpassed", "more_than"),
    ("topped", "more_than"),
    ("up to", "up_to"), ("as many as", "up_to"), ("as much as", "up_to"),
    ("less than", "less_than"), ("fewer than", "less_than"), ("under", "less_than"),
    ("below", "less_than"),
    ("an estimated", "approx"), ("approximately", "approx"), ("about", "approx"),
    ("around", "approx"), ("roughly", "approx"), ("some", "approx"), ("circa", "approx"),
    ("estimated", "approx"), ("perhaps", "approx"), ("possibly", "approx"), ("probably", "approx"),
    ("in the region of", "approx"), ("on the order of", "approx"), ("of the order of", "approx"),
    ("something like", "approx"), ("give or take", "approx"), ("nigh on", "nearly"),
]  # fmt: skip
QUALIFIERS_LONGEST_FIRST = sorted(QUALIFIER_WORDS, key=lambda pair: -len(pair[0]))
# Signs before a number that qualify it: "~56", "≥16", "<5".
QUALIFIER_SIGNS = {
    "~": "approx", "\u223c": "approx", "≈": "approx", "c.": "approx", "ca.": "approx",
    "≥": "at_least", "⩾": "at_least", ">": "more_than", "≤": "up_to", "⩽": "up_to",
    "<": "less_than",
}  # fmt: skip
# Words after a number that qualify it: "forty-odd", "1,000 or so", "500 or more", "100+".
QUALIFIER_AFTER = [
    (re.compile(r"-?odd\b|\s+or so\b|\s*\+?\s*or thereabouts\b", re.I), "approx"),
    (re.compile(r"\s+or (?:more|over|above|greater)\b", re.I), "at_least"),
    (re.compile(r"\s+or (?:less|fewer|under|below)\b", re.I), "up_to"),
]
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
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise ProposeError(f"{path}: is a directory, not a text file")
        if not stat.S_ISREG(status.st_mode):
            raise ProposeError(f"{path}: not a regular file (a pipe, a device or a socket)")
        if status.st_size > MAX_DOCUMENT_BYTES:
            raise ProposeError(
                f"{path}: too large ({status.st_size / 1e6:.1f} MB; propose reads at most "
                f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB: split the document)"
            )
        data = path.read_bytes()[: MAX_DOCUMENT_BYTES + 1]
    except FileNotFoundError:
        raise ProposeError(f"{path}: no such file") from None
    except OSError as error:
        raise ProposeError(f"{path}: cannot read: {error.strerror or error}") from None
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
    unit, sure = unit_of_form(mention, text, value_is_fraction) or unit_of_words(mention, text)
    if not sure and (
        start := CHANGE_START_UNIT_RE.search(text, max(0, mention.start - 120), mention.start)
    ):
        word = start.group("unit").lower()
        if is_plural(word):  # "from 4 million tonnes in 1928 to 18 million": tonnes
            return plural_unit(word, start.group("unit"), None), True
    return unit, sure


# The start of a change and its unit, right before its end: "from 4 million tonnes (in 1928) to ".
CHANGE_START_UNIT_RE = re.compile(
    r"\bfrom\s+\S*\d\S*(?:\s+(?:hundred|thousand|million|billion|trillion))?\s+(?P<unit>[A-Za-z]+)"
    r"\b[^.;]{0,60}?\bto\s+(?:about\s+|some\s+|over\s+)?$"
)


def unit_of_form(mention: Mention, text: str, value_is_fraction: bool) -> tuple[str, bool] | None:
    """The unit the number's own form gives: a percentage, a share, a glued unit ('24km'), a
    multiple, a rank, a hyphened rate ('a 10-hour workday': hours_per_day)."""
    low = mention.text.lower()
    if low.endswith("%") or "per cent" in low or "percent" in low:
        return "percent", True
    if low.endswith("‰") or "per mille" in low:
        return "per_mille", True
    currency = CURRENCY_RE.match(mention.text)
    if currency:
        return CURRENCY_UNITS[currency.group("sign").upper()], True
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
    if word.lower() in NOT_PERSONS:
        return False
    return word[:1].isupper() or word.lower().endswith(PERSON_ENDINGS)


# Plurals with a person's ending that name no person.
NOT_PERSONS = {
    "degrees", "fees", "trees", "decrees", "committees", "guarantees", "meters", "kilometers",
    "liters", "litres", "centimeters", "millimeters", "barrels", "letters", "papers", "numbers",
    "orders", "dollars", "hectares", "tractors", "motors", "computers", "headquarters",
}  # fmt: skip


PERSON_ENDINGS = ("ers", "ors", "ists", "ees", "ants", "ents", "ians", "ites", "iks", "ests")
RANK_RE = re.compile(
    r"\d(?:st|nd|rd|th)$|^(?:from )?(?:first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth)\b"
)


@lru_cache(maxsize=256)  # a sentence's numbers share its category: read once
def category_of(sentence: str) -> str:
    """The table category a sentence's words suggest; "society" when none does."""
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
        # A clause is read back at most 300 characters: enough for the rules, linear in the text.
        start = max(sentence_start, mention.start - 300)
        clause = re.split(r"[;:()]|,\s|\s[–—]\s", text[start : mention.start])[-1]
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
    named = a.text[max(0, a.mention.start - 40) : a.mention.start]  # as written: capitals kept
    if re.search(r"[A-Z][\w'’-]+,\s+(?:then|now)\s+$", named) and re.match(r"\s*[,)]", a.next_text):
        return True  # "the pathologist Johan Hultin, then 72, returned"
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
    words = [w for w in re.findall(r"[A-Za-z]+", a.mention.text) if w not in NOT_NAME_WORDS]
    if any(w[:1].isupper() for w in words) and not at_sentence_start(a.text, a.mention.start):
        return True
    hyphened = (
        a.text[a.mention.end : a.mention.end + 1] == "-"
        and a.text[a.mention.end + 1 : a.mention.end + 2].isalpha()
    )
    return (
        hyphened
        and not HYPHEN_RATE_RE.match(a.text, a.mention.end)
        and not QUALIFIER_AFTER[0][0].match(a.text, a.mention.end)  # "forty-odd"
    )


# Capitals in a mention that are a currency or a scale, not a name: "$US12,480,000", "7 B".
NOT_NAME_WORDS = CURRENCY_CODES | {"B", "M", "K", "T"}


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
        "note": f"Drafted by propose from line {mention.line}; review every column.",
    }
    status = f"dismiss? {reason}" if reason else "proposed"
    return Draft(row, status, round(confidence, 2), value_start, mention.end, period_rule)
