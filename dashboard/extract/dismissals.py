"""Dismissals: the rules that flag a mention as incidental (an age, a duration, part of a name, a small\ncount of what no statistic counts), each a rule of English with its reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.extract.mentions import Mention
from dashboard.extract.passages import sentence_span
from dashboard.extract.units import (
    HYPHEN_RATE_RE,
    PEOPLE_NOUNS,
    RANK_RE,
    SOLDIER_NOUNS,
    VERB_UNITS,
    is_plural,
    verb_before,
    words_after,
)
from dashboard.extract.words import CURRENCY_CODES, IDENTIFIER_WORDS
from dashboard.model.numbers import GROUPS
from dashboard.model.vocabulary import (
    QUALIFIER_AFTER,
)

DURATION_WORDS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hours"}


AGE_RE = re.compile(r"\b(?:aged?|age of)\s*$|^\s*-?years?[- ]old", re.IGNORECASE)


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
    ("location", is_location),
    ("incidental_count", is_vote_outcome),
    ("rhetoric", is_opinion_share),
    ("incidental_count", is_small_count),
    ("incidental_count", is_small_group),
]


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
