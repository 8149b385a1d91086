"""The project's vocabularies, in one place every other module reads: categories, qualifiers (with
the words English states them in and the glyph a chart draws), dismissal reasons, units and their
families, and the page's themes."""

from __future__ import annotations

import re

CATEGORIES = {
    "war_losses": "War losses",
    "military": "Military and aid",
    "repression": "Repression",
    "collectivisation": "Collectivisation",
    "famine": "Famine",
    "party": "Party and elections",
    "economy": "Economy",
    "society": "Society",
}
QUALIFIERS = {
    "exact": "exact",
    "approx": "about",
    "at_least": "at least",
    "more_than": "more than",
    "nearly": "nearly",
    "up_to": "up to",
    "less_than": "less than",
    "range": "between",
    "vague": "order of magnitude",
}
# Which of value / value_low / value_high each qualifier needs ("=" means equal to value).
BOUNDS_RULES = {
    "exact": ("required", "empty", "empty"),
    "approx": ("required", "empty", "empty"),
    "at_least": ("required", "=", "empty"),
    "more_than": ("required", "=", "empty"),
    "nearly": ("required", "empty", "="),
    "up_to": ("required", "empty", "="),
    "less_than": ("required", "empty", "="),
    "range": ("empty", "required", "required"),
    "vague": ("empty", "required", "empty"),
}
DISMISS_REASONS = {
    "incidental_count", "page_furniture", "biographical", "part_of_name", "rhetoric", "duration",
    "date_fragment", "location",
}  # fmt: skip
UNIT_LIMITS = {"percent": (0, 100), "share": (0, 1)}
# Units that count persons: one family, one chart panel, whatever word the sentence uses.
PERSON_UNITS = {
    "people", "soldiers", "deaths", "executions", "arrests", "casualties", "prisoners", "members",
    "strikers", "deputies",
}  # fmt: skip
PERSONS = "persons"


# How a chart draws each qualifier: a point, an arrow to higher or lower values, a range, a band.
QUALIFIER_KIND = {
    "exact": "point",
    "approx": "point",
    "at_least": "lower",
    "more_than": "lower",
    "nearly": "upper",
    "up_to": "upper",
    "less_than": "upper",
    "range": "range",
    "vague": "vague",
}

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

# Theme charts: the categories they draw from, plus rows of other categories whose measure names
# them. Together they cover every category, so every dated or undated figure is in some chart.
THEMES = {
    "war_losses": {"title": "War losses", "categories": ("war_losses",), "keywords": ()},
    "military": {
        "title": "Armed forces and military aid",
        "categories": ("military",),
        "keywords": (),
    },
    "repression": {
        "title": "Repression: executions, arrests, deportations",
        "categories": ("repression",),
        "keywords": (),
    },
    "collectivisation": {
        "title": "Collectivisation and dekulakisation",
        "categories": ("collectivisation",),
        "keywords": ("kulak", "collectiv"),
    },
    "famine": {"title": "Famine deaths", "categories": ("famine",), "keywords": ()},
    "party": {"title": "Party membership and votes", "categories": ("party",), "keywords": ()},
    "economy": {"title": "Economy", "categories": ("economy",), "keywords": ()},
    "society": {"title": "Society and population", "categories": ("society",), "keywords": ()},
}


def unit_family(unit: str) -> str:
    """'persons' for every unit that counts people; any other unit is a family of its own."""
    return PERSONS if unit in PERSON_UNITS else unit
