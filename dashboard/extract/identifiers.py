"""Numbers that name rather than count: phone numbers, versions, street addresses, list numerals.

Like a date, an identifier is never a figure: the number finder skips every span found here. The
forms are those of English text in general (a news page, a timeline, an encyclopedia article).
Names made of a word and a number ("Galaxy S9", "T-34", "Boeing 747") are told apart token by
token in the finder, which sees what follows them.
"""

from __future__ import annotations

import re
from functools import lru_cache

PHONE_RE = re.compile(
    r"\(\d{2,4}\)\s?\d{3,4}[-.\s]\d{4}\b"  # (212) 555-1234
    r"|(?<![\w.,])\+\d{1,3}(?:[\s.-]\(?\d{1,4}\)?){2,5}(?![\w.,])"  # +44 20 7946 0958
    r"|\b\d{3}[-.]\d{3}[-.]\d{4}\b"  # 212-555-1234
    r"|\b(?:tel|phone|telephone|fax|call|hotline)\b\.?:?\s+(?:on\s+)?\+?[\d(][\d\s().-]{5,}\d",
    re.IGNORECASE,
)
VERSION_RE = re.compile(
    r"\b(?:version|release|build|firmware|update)\s+\d+(?:\.\d+)*[a-z]?\b"
    r"|\bv\.?\s?\d+(?:\.\d+)+\b|(?<![\d.,])\d+\.\d+\.\d+(?:\.\d+)*(?![\d,])",
    re.IGNORECASE,
)
STREET_WORDS = (
    r"Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Drive|Dr|Square|Sq|Place|Pl|Way|Court"
    r"|Ct|Terrace|Crescent|Highway|Prospekt|Embankment|Quay|Strasse|Straße|Rue"
)
ADDRESS_RE = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?(?:[-–]\d{{1,5}})?\s+(?:[A-Z][\w'’-]*\s+){{1,3}}(?:{STREET_WORDS})\b\.?"
    r"|\b(?:Rue|Via|Calle|Avenida)\s+(?:[\w'’-]+\s+){1,3}\d{1,5}\b"
)
# "1. ", "2) ", "(3) ", "iv. " opening a line: the number of an item, not a count.
LIST_RE = re.compile(r"^[ \t]*(?:\(?\d{1,3}[.)]|\(\d{1,3}\)|[ivx]{1,5}[.)])(?=[ \t])", re.M)
# "three points: (1) the genes ...; (2) the virus ...; and (3) it": items counted inside a sentence.
INLINE_LIST_RE = re.compile(
    r"(?:(?<=[:;] )|(?<=\band )|(?<=\bor ))\((?:\d{1,2}|[a-h]|[ivx]{1,4})\)(?= [a-z])"
)
# Postal codes and times zones are left alone: written as numbers they are too often counts.


@lru_cache(maxsize=8)
def identifier_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The character spans of every phone number, version, street address and list numeral, in
    order; they may overlap (the finder merges them with dates and citation markers)."""
    return tuple(
        sorted(
            m.span()
            for pattern in (PHONE_RE, VERSION_RE, ADDRESS_RE, LIST_RE, INLINE_LIST_RE)
            for m in pattern.finditer(text)
        )
    )
