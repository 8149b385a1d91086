"""The page's overview: every quantity shown, one line each, grouped by the chart that draws it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dashboard.model.comparisons import claim_comparisons
from dashboard.model.frame import Rows, format_number
from dashboard.model.vocabulary import THEMES
from dashboard.web.chart_words import mid_sentence, unit_words
from dashboard.web.ids import THEME_TITLES


def by_claim(rows: Rows) -> dict[str, Rows]:
    """The rows grouped by the quantity (claim) they state, in the order first shown."""
    claims: dict[str, Rows] = {}
    for row in rows:
        claims.setdefault(row["claim"], []).append(row)
    return claims


MAX_LISTED_VALUES = 3  # beyond this, the statements' range is given instead of each value


def spread(statements: Rows) -> str:
    """What the statements say together: their values as written (a few), or the range they span."""
    first = statements[0]
    # One text per reading: "3000" and "3,000" are one value, "nearly 700,000" another.
    readings: dict[tuple, str] = {}
    for r in statements:
        key = (r["value"], r["value_low"], r["value_high"], r["qualifier"])
        readings.setdefault(key, mid_sentence(r["value_text"]))
    written = list(readings.values())
    if len(written) <= MAX_LISTED_VALUES:
        values = "; ".join(written)
    else:
        lows = [r["low"] for r in statements if r["low"] is not None]
        highs = [r["high"] for r in statements if r["high"] is not None]
        values = f"from {format_number(min(lows))} to {format_number(max(highs))}"
    return f"{values}{unit_words(first | {'value_text': written[-1]})}"


def period_words(statements: Rows, differs: list[str]) -> str:
    if "periods" in differs:
        return ", periods differ"
    period = statements[0]["period"]
    return "" if period == "no period given" else f", {period}"


def line(statements: Rows, differs: list[str]) -> dict:
    """One quantity's line: its words, whether its statements differ, the figure it opens."""
    first = statements[0]
    count = len(statements)
    # A single statement's source is in its citation, a click away; lines stay one line wide.
    said = f" · {count} statements" if count > 1 else ""
    return {
        "text": f"{first['label']}{period_words(statements, differs)}: {spread(statements)}{said}",
        "figure": first["id"],
        "differs": " and ".join(differs),
    }


# Lines per theme: the real corpus's largest theme has 35 quantities; a corpus of a thousand
# documents had 80,620, 11.6 MB of the page. Past this the group says how many more there are.
MAX_LINES_PER_THEME = 60


def overview_data(all_rows: Rows, shown: Iterable[int] | None = None) -> dict:
    """Each theme's quantities as lines (a quantity under the first theme that draws it, at most
    MAX_LINES_PER_THEME, with the count of the rest), and the titles of the themes with nothing
    to show, for assets/overview.js to draw; of the rows at the positions `shown` (all when None)."""
    rows = all_rows if shown is None else [all_rows[i] for i in shown]
    chosen: dict[str, list[Rows]] = {theme: [] for theme in THEMES}
    more = dict.fromkeys(THEMES, 0)
    for statements in by_claim(rows).values():
        themes = [t for t in statements[0]["themes"] if t in chosen]
        if not themes:
            continue
        if len(chosen[themes[0]]) < MAX_LINES_PER_THEME:
            chosen[themes[0]].append(statements)
        else:
            more[themes[0]] += 1
    # What differs is read only for the quantities listed: comparing every claim cost seconds.
    listed = [row for groups in chosen.values() for statements in groups for row in statements]
    differs = {c["claim"]: c["differs"] for c in claim_comparisons(listed)}
    groups: list[dict[str, Any]] = [
        {
            "title": THEMES[theme]["title"],
            "chart": THEME_TITLES[theme],
            "lines": [line(st, differs.get(st[0]["claim"], [])) for st in statements],
            "more": more[theme],
        }
        for theme, statements in chosen.items()
        if statements
    ]
    empty = [THEMES[theme]["title"] for theme, statements in chosen.items() if not statements]
    quantities = sum(len(g["lines"]) + g["more"] for g in groups)
    return {"groups": groups, "empty": empty, "quantities": quantities}
