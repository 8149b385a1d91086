"""The English words the number finder reads around a number: what counts, what ranks, what dates,\nwhat names, and the plurals and currencies it must recognise."""

from __future__ import annotations

import re

from dashboard.extract.dates import MONTHS
from dashboard.model.numbers import (
    GROUPS,
    SCALES,
    TENS,
    UNITS,
)

# "double the number", "triple its size": multiples only before a determiner.
MULTIPLES_BEFORE_DETERMINER = {"double", "triple", "quadruple"}


FOLD_RE = re.compile(r"^(?P<times>[a-z]+|\d+(?:\.\d+)?)-?fold$")


GROUP_WORDS = set(GROUPS) | {"dozen"}


DETERMINERS = {"a", "an", "the", "this", "that", "its", "their", "his", "her", "our", "one"}


CARDINALS = set(UNITS) | set(TENS) | {"hundred"} | set(SCALES)


SCALE_WORDS = {"hundred", "thousand", "million", "billion", "trillion"}


HALVES = {"half", "quarter"}  # "and a half", "and a quarter" after a number: part of it


PLURAL_MAGNITUDES = {"dozens", "scores", "hundreds", "thousands", "millions", "billions", "tens"}


RANK_WORDS = {
    "largest", "biggest", "greatest", "highest", "lowest", "smallest", "most", "least", "place",
    "position", "among", "strongest", "weakest", "richest", "poorest", "leading", "rank",
}  # fmt: skip


RANK_VERBS = {"ranked", "ranking", "placed", "came", "finished", "rose", "fell", "dropped"}


# A year after one of these is a date: "in 1921", "by 1936", "from 1929", "1937 and 1938".
DATE_WORDS = {
    "in", "by", "of", "since", "until", "till", "from", "to", "after", "before", "during",
    "between", "and", "or", "circa", "c", "ca", "early", "late", "mid", "spring", "summer",
    "autumn", "fall", "winter", "year", "years", "through", "around", "about", "on", "at",
    *MONTHS,
}  # fmt: skip


# Plural nouns a year modifies as a date ("the 1917 elections", "1913 levels"), not a count.
DATED_NOUNS = {
    "elections", "purges", "trials", "events", "revolutions", "reforms", "olympics", "games",
    "riots", "strikes", "uprisings", "protests", "negotiations", "talks", "accords", "treaties",
    "laws", "decrees", "plans", "campaigns", "battles", "wars", "offensives", "celebrations",
    "famines", "deportations", "hearings", "sessions", "festivities", "memoirs", "levels",
    "figures", "borders", "frontiers", "prices", "standards", "boundaries", "statistics",
}  # fmt: skip


POSSESSIVES = {"its", "their", "his", "her", "our", "my", "your"}


# "one" is a pronoun before these: "what one could afford", "one which prioritised".
PRONOUN_ONE_BEFORE = {
    "another", "could", "would", "can", "may", "might", "must", "should", "will", "shall", "is",
    "was", "has", "had", "does", "did", "which", "that", "who", "whose", "needs", "sees",
}  # fmt: skip


IRREGULAR_PLURALS = {
    "people", "men", "women", "children", "police", "cattle", "personnel", "infantry", "cavalry",
    "militia", "aircraft", "head", "peasantry", "clergy", "livestock", "poultry", "sheep", "deer",
    "fish", "swine", "kulaks",
}  # fmt: skip


NOT_PLURAL_ENDINGS = ("ss", "us", "is", "'s", "’s", "ous")


RANGE_JOINERS = {"to", "-", "–", "—", "or", "and"}


# Letters glued to a numeral that name a currency, not a thing: "$US12,480,000".
CURRENCY_CODES = {
    "US", "USD", "EUR", "GBP", "AUD", "CAD", "NZD", "HKD", "SGD", "CHF", "JPY", "CNY", "RMB",
    "INR", "RUB", "Rs",
}  # fmt: skip


# Capitalised words that a number follows without being named by them ("About 700", "In 1921").
NOT_NAMES = {
    "about", "around", "some", "nearly", "almost", "over", "under", "more", "less", "fewer",
    "at", "in", "by", "of", "on", "to", "from", "since", "until", "after", "before", "only",
    "just", "exactly", "approximately", "roughly", "perhaps", "maybe", "the", "all", "and", "or",
    "but", "than", "per", "minus", "plus", "up", "between", "with", "for", "as", "these",
    "those", "its", "their", "his", "her", "our",
}  # fmt: skip


# A currency written before its number: "$", "US$", "$US", "€", "£", "USD ", "Rs. ".
CURRENCY_BEFORE_RE = re.compile(
    r"(?:(?:US|A|C|NZ|HK|S|R)?[$€£¥₽₹₩](?:US)?|\b(?:USD|EUR|GBP|JPY|CNY|RUB|INR|CHF|AUD|CAD)\s?"
    r"|\bRs\.?\s?)$"
)


# A sign written before its number: "−40", "-5" (after a space or an opening bracket), "minus 212".
SIGN_BEFORE_RE = re.compile(r"(?:(?<![\w.,%)\]])[−-]|\bminus\s+|\bplus\s+|(?<![\w.,)])\+)$", re.I)


# A scale written as a letter or an abbreviation after the number: "7 B users", "3 bn", "5 mn".
SPACED_SCALES = {"bn", "mn", "mln", "tn", "B"}


# A range whose ends are a vote or a score: "voted 9 to 3", "by 7–2", "a 5-4 decision".
VOTE_RE = re.compile(
    r"\b(?:vot\w*|ballot\w*|margin|ruled|decision|verdict|score\w*|won|lost|beat|defeated|"
    r"tally|count)\b[^.;]{0,20}$",
    re.IGNORECASE,
)


VOTE_AFTER_RE = re.compile(
    r"^\s*(?:vote|votes|decision|majority|margin|ruling|verdict|win|victory|defeat|split)\b", re.I
)


# A number right after one of these names a thing: "Article 58", "Order No. 00447", "page 12".
IDENTIFIER_WORDS = {
    "article", "articles", "order", "no", "nos", "number", "section", "chapter", "paragraph",
    "clause", "law", "decree", "directive", "resolution", "issue", "volume", "vol", "page", "pp",
    "p", "item", "file", "case", "protocol", "route", "highway", "platform", "flight", "room",
    "apartment", "building", "unit", "regiment", "division", "corps", "brigade", "squadron",
    "phase", "phases", "stage", "stages", "table", "tables", "fig", "figs", "code", "codes",
    "wave", "waves", "round", "grade", "type", "types", "class", "step", "steps", "session",
    "exit", "gate", "track", "channel", "season", "episode", "model", "mark", "mk", "version",
    "experiment", "experiments", "equation", "eq", "eqs", "line", "lines", "row", "rows",
    "column", "columns", "appendix", "part", "panel", "panels", "sheet", "plate", "map", "note",
    "notes", "footnote", "verse", "psalm", "act", "scene", "tier", "zone", "sector", "ward",
    "district", "precinct",
}  # fmt: skip


# Tokens that continue a list of identifiers: "phases 3, 5, and 7", "codes 3-1 to 3-3".
LIST_TOKENS = {",", "and", "or", "to", "–", "-", "&"}
