"""The date and time recogniser: every date, time of day, decade or century a text writes, with its period.

A date is never a figure, nor is any part of it ("1934.12.01", "03–05" in "1918.03.03–05", the "3" of
"Sept. 3"): the number finder skips what this finds, and propose reads the period from it. The forms are
those of English prose and of timelines: ISO and numeric dates with their day and month ranges, month
names before or after the day, clock times, Old/New Style marks, years with an era, decades and
centuries. A bare year is left to the finder, which tells "in 1921" from "1500 troops".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MONTH_NAMES = [
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
]  # fmt: skip
MONTH_NUMBERS = {name: i for i, names in enumerate(MONTH_NAMES, start=1) for name in names}
MONTHS = set(MONTH_NUMBERS)

YEAR = r"(?:1\d{3}|20\d{2})"
MONTH_2 = r"(?:0[1-9]|1[0-2])"  # a month written with two digits, as numeric dates write it
MONTH_12 = r"(?:0?[1-9]|1[0-2])"
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
DASH = r"[–—-]"
# A month name as prose writes it: capitalised ("may" is a verb), abbreviations with or without a dot.
MONTH_WORD = (
    r"(?:"
    + "|".join(
        sorted((n.capitalize() for n in MONTH_NUMBERS), key=len, reverse=True)
        + sorted((n.upper() for n in MONTH_NUMBERS if len(n) > 3), key=len, reverse=True)
    )
    + r")(?![a-z])\.?"
)
ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"

# 1934-12-01, 1934.12.01, 1934/12/01; with a range of days (1934.12.20–31), of a month and day
# (1944.06.22–08.29) or a whole second date.
YMD_RE = re.compile(
    rf"(?<![\d.,])(?P<y>{YEAR})(?P<sep>[-./])(?P<m>{MONTH_12})(?P=sep)(?P<d>{DAY})"
    rf"(?:{DASH}(?:(?P<ty>{YEAR})(?P=sep))?(?:(?P<tm>{MONTH_12})(?P=sep))?(?P<td>{DAY}))?"
    r"(?![\d]|\.\d)"
)
# 1934.12, 1934/12, with a range of months (1918.03–05, 1942.07–11): a dot or slash, never a hyphen
# ("1910-12" is a span of years).
YM_RE = re.compile(
    rf"(?<![\d.,])(?P<y>{YEAR})[./](?P<m>{MONTH_2})(?:{DASH}{MONTH_2})?(?![\d]|\.\d)"
)
# 01.12.1934, 1/12/1934, 12/1/1934, 12-01-1934: which of day and month comes first is not certain.
DMY_RE = re.compile(
    rf"(?<![\d.,/])(?P<a>\d{{1,2}})(?P<sep>[./-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{YEAR}|\d{{2}})(?![\d]|\.\d)"
)
# "3 September 1939", "3rd of Sept.", "3–5 March 1918", "September 3rd, 1939", "Sept. 3", "March 3–5".
DAY_MONTH_RE = re.compile(
    rf"\b(?P<d>{DAY}){ORDINAL_SUFFIX}(?:\s*{DASH}\s*{DAY}{ORDINAL_SUFFIX})?(?:\s+of)?\s+(?P<m>{MONTH_WORD})"
    rf"(?:,?\s+(?P<y>{YEAR})\b)?"
)
MONTH_DAY_RE = re.compile(
    rf"\b(?P<m>{MONTH_WORD})\s+(?:the\s+)?(?P<d>{DAY}){ORDINAL_SUFFIX}\b(?!\s*(?:%|per\b|percent\b|million\b|thousand\b|billion\b|[.,]\d))"
    rf"(?:\s*{DASH}\s*{DAY}{ORDINAL_SUFFIX}\b)?(?:,?\s+(?P<y>{YEAR})\b)?"
)
# 6:15 PM, 18:15, 18h15, 6 p.m., 6pm, 7 o'clock; a time's seconds too.
CLOCK_RE = re.compile(
    r"\b(?:[01]?\d|2[0-3])(?::[0-5]\d(?::[0-5]\d)?|h[0-5]\d)(?:\s*[AaPp]\.?[Mm]\b\.?)?"
    r"|\b(?:1[0-2]|0?[1-9])(?:[.:][0-5]\d)?\s*(?:[ap]\.m\.|[AaPp][Mm]\b)"
    r"|\b(?:1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"\s+o['’]clock\b",
    re.IGNORECASE,
)
# A year cut to two digits: "Black '47", "the winter of '16" (not feet and inches: 5'10").
SHORT_YEAR_RE = re.compile(r"(?<![\w'’])['’]\d{2}\b(?!['’]|s\b)")
# Old Style / New Style marks: "[O.S. 25 October]", "(N.S.)".
STYLE_RE = re.compile(r"\b(?:O\.\s?S\.|N\.\s?S\.|Old Style|New Style)")
# 300 BC, AD 1066, 44 BCE.
ERA_RE = re.compile(r"\b\d{1,4}\s?(?:BCE?|CE|AD)\b|\bAD\s?\d{1,4}\b")
# The 1930s, the 1930's, the '30s, the 20th century, the nineteenth century, 1800s.
DECADE_RE = re.compile(
    r"\b(?:1\d|20)\d0['’]?s\b|['’]\d0s\b"
    r"|\b(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|twenty-first)[\s-]+centur(?:y|ies)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateSpan:
    """A date or time as written: where it stands and, for a date, the period it names
    (YYYY, YYYY-MM or YYYY-MM-DD; `last` empty for a single day, month or year)."""

    start: int
    end: int
    first: str = ""  # empty for a time of day, a century or a date whose year is not written
    last: str = ""
    kind: str = (
        "date"  # date, time, style (O.S./N.S.), era (300 BC) or decade (1930s, 20th century)
    )


def _ymd(year: str, month: int, day: int = 0) -> str:
    return f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")


def _numeric_ymd(m: re.Match) -> DateSpan:
    """1934.12.20–31, 1944.06.22–08.29, 1934-12-01."""
    year, month = m.group("y"), int(m.group("m"))
    first = _ymd(year, month, int(m.group("d")))
    if not m.group("td"):
        return DateSpan(m.start(), m.end(), first)
    end_month = int(m.group("tm") or month)
    last = _ymd(m.group("ty") or year, end_month, int(m.group("td")))
    return DateSpan(m.start(), m.end(), first, last)


def _numeric_ym(m: re.Match) -> DateSpan:
    """1934.12, 1918.03–05."""
    year, month = m.group("y"), int(m.group("m"))
    tail = re.split(DASH, m.group())[1:]
    last = _ymd(year, int(tail[0])) if tail and int(tail[0]) > month else ""
    return DateSpan(m.start(), m.end(), _ymd(year, month), last)


def _numeric_dmy(m: re.Match) -> DateSpan | None:
    """01.12.1934, 12/1/1934: the month only when one reading is possible; two-digit years only
    with slashes or dots and no decimal reading ("1.5.10" is not a version here)."""
    a, b, year = int(m.group("a")), int(m.group("b")), m.group("y")
    if not (1 <= a <= 31 and 1 <= b <= 31) or (a > 12 and b > 12):
        return None
    if len(year) == 2:
        if m.group("sep") == "-":
            return None  # "12-10-15" is as often a score or a code
        year = ("19" if int(year) > 30 else "20") + year
    if a > 12 or m.group("sep") in ".-":  # dots and hyphens write the day first: 01.12.1934
        return DateSpan(m.start(), m.end(), _ymd(year, b, a)) if b <= 12 else None
    if b > 12:
        return DateSpan(m.start(), m.end(), _ymd(year, a, b))
    return DateSpan(m.start(), m.end(), year)  # 1/12/1934: 1 December or January 12


def _named(m: re.Match) -> DateSpan:
    """3 September 1939, Sept. 3: the period when the year is written, else only the span."""
    month = MONTH_NUMBERS[m.group("m").rstrip(".").lower()]
    year = m.group("y")
    return DateSpan(m.start(), m.end(), _ymd(year, month, int(m.group("d"))) if year else "")


@lru_cache(maxsize=8)
def find_dates(text: str) -> tuple[DateSpan, ...]:
    """Every date and time `text` writes, in order, none overlapping (the longest form wins)."""
    found: list[DateSpan] = []
    for m in YMD_RE.finditer(text):
        found.append(_numeric_ymd(m))
    for m in YM_RE.finditer(text):
        found.append(_numeric_ym(m))
    for m in DMY_RE.finditer(text):
        if span := _numeric_dmy(m):
            found.append(span)
    for pattern in (DAY_MONTH_RE, MONTH_DAY_RE):
        found.extend(_named(m) for m in pattern.finditer(text))
    for kind, pattern in (
        ("time", CLOCK_RE),
        ("style", STYLE_RE),
        ("era", ERA_RE),
        ("decade", DECADE_RE),
        ("year", SHORT_YEAR_RE),
    ):
        found.extend(DateSpan(m.start(), m.end(), kind=kind) for m in pattern.finditer(text))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateSpan] = []
    for span in found:
        if kept and span.start < kept[-1].end:
            continue  # inside or across a longer date found first
        kept.append(span)
    return tuple(kept)


def date_spans(text: str) -> list[tuple[int, int]]:
    """The character spans of every date and time in `text`."""
    return [(d.start, d.end) for d in find_dates(text)]
