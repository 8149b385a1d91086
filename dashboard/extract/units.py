"""Units: what a number counts, from its own form (%, 24km, $, a 10-hour day) or the words around
it (troops, were executed, hours a day)."""

from __future__ import annotations

import re

from dashboard.extract.mentions import Mention
from dashboard.extract.words import IRREGULAR_PLURALS
from dashboard.model.vocabulary import (
    PERSON_UNITS,
    QUALIFIER_WORDS,
)

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


def words_after(text: str, end: int, limit: int = 6) -> list[str]:
    """The words after a number, up to the end of its clause."""
    clause = re.split(r"[.;:!?()\[\]]|,\s|\s[–—]\s", text[end : end + 120], maxsplit=1)[0]
    return re.findall(r"[A-Za-z][A-Za-z'-]*", clause)[:limit]


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


# "a 10-hour workday", "an 8-hour day", "a six-day week": a rate, not a name.
HYPHEN_RATE_RE = re.compile(
    r"-(?P<unit>hour|day)s?\s+(?:working\s+|work\s?)?(?P<per>day|week|shift)s?\b", re.IGNORECASE
)
