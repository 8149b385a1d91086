"""The words a chart prints: each row's text as written, its hover, the axis titles in words, a\nseries' name."""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

from dashboard.model.citation import place
from dashboard.model.frame import PlotRow, Rows
from dashboard.model.vocabulary import PERSONS, unit_family

# How each kind of mark reads, explained once: in the key beside the charts, and in the key a
# downloaded image carries (image_key).
GLYPH_WORDS = {
    "point": "a stated number (exact, or \u201cabout\u201d)",
    "range": "a range: the bar runs between the stated bounds",
    "lower": "\u201cat least\u201d / \u201cmore than\u201d: the arrow points to higher values",
    "upper": "\u201cnearly\u201d / \u201cup to\u201d / \u201cless than\u201d: the arrow points lower",
    "vague": "an order of magnitude (\u201cmillions\u201d): a band from its floor that fades out, "
    "as no top is stated",
    "breakdown": "grey block: figures stated together as a breakdown (parts, sides or a subset)",
}
# An image has no stylesheet to draw the key's samples: each is drawn in characters instead.
GLYPH_SAMPLES = {
    "point": "\u25cf", "range": "\u251c\u2500\u2500\u2524", "lower": "\u25cf\u2192",
    "upper": "\u2190\u25cf", "vague": "\u258c\u2593\u2592\u2591", "breakdown": "\u2588\u2588",
}  # fmt: skip
KEY_INDENT = "\u00a0" * 8  # a key entry's further lines, under its words

AXIS_TITLES = {
    PERSONS: "number of people",
    "percent": "percent",
    "share": "share (a fraction of one)",
    "times": "times the earlier level",
    "hours": "hours",
    "days": "days",
    "hours_per_day": "hours per day",
    "hours_per_week": "hours per week",
    "days_per_week": "days per week",
    "people_per_room": "people per room",
    "people_per_apartment": "people per apartment",
    "rank": "rank (1 = the largest)",
}


# How a rate or a rank is said after its number: "11–12 hours a day", "six people per room".
UNIT_WORDS = {
    "hours_per_day": "hours a day",
    "hours_per_week": "hours a week",
    "days_per_week": "days a week",
    "people_per_room": "people per room",
    "people_per_apartment": "people per apartment",
    "rank": "",  # "fourth to fifth" says it
}


AXIS_PX = 44  # tick labels and axis title above a panel


SERIES_AXIS_PX = 26  # year ticks under a time series


REPEAT_SCALE_PX = 520  # a forest panel taller than this repeats its scale underneath


BOTTOM_SCALE_PX = 24


WRAP_CHARS = 46  # fits a 390 px phone at 12 px


def escape(value: object) -> str:
    """Plotly reads tags in text; escaped, data shows as the text it is."""
    return html.escape(str(value), quote=False)


def compact(number: float, suffix: str = "") -> str:
    """Tick text: 1000 -> '1k', 1500000 -> '1.5M', 0.25 -> '0.25'."""
    for scale, letter in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(number) >= scale:
            return f"{number / scale:g}{letter}{suffix}"
    return f"{number:g}{suffix}"


def axis_title(key: str, log: bool = False) -> str:
    title = AXIS_TITLES.get(key, f"number of {key}")
    return f"{title} (log scale)" if log else title


def unit_words(row: PlotRow) -> str:
    """' executions' after '700,000'; nothing when the value already says it ('90%', '10-hour')."""
    unit, text = row["unit"], row["value_text"].lower()
    if unit == "percent":
        return "" if "%" in text or "percent" in text else " percent"
    if unit in UNIT_WORDS:
        words = UNIT_WORDS[unit]
        return f" {words}" if words and words.split()[0].rstrip("s") not in text else ""
    if unit == "share" or unit.rstrip("s") in text:
        return ""
    if row.get("qualifier") == "vague" and text.endswith("s"):
        return f" of {unit}"  # "millions of deaths", "hundreds of thousands of executions"
    return f" {unit}"


def mid_sentence(text: str) -> str:
    """'Nearly 700,000' -> 'nearly 700,000': a value as written, read after a colon."""
    return text[0].lower() + text[1:] if text[:2].istitle() and text[:2].isalpha() else text


def row_text(row: PlotRow, lines: tuple[int, ...] = ()) -> str:
    """'Executed in the Great Purge, 1934–1939: at least 700,000 executions · Encyclopedia, 2018'."""
    period = "" if row["period"] == "no period given" else f", {row['period']}"
    value = mid_sentence(row["value_text"])
    return f"{row['label']}{period}: {value}{unit_words(row)} · " + row_place(row, lines)


def row_place(row: PlotRow, lines: tuple[int, ...] = ()) -> str:
    """'Encyclopedia, line 49', or each of `lines` a statement stands on when its document
    repeats it word for word ('Encyclopedia, lines 16 and 132'): a chart draws it once."""
    if len(lines) > 1:
        listed = ", ".join(str(line) for line in lines[:-1])
        return f"{row['source_short']}, lines {listed} and {lines[-1]}"
    return place(row["source_short"], row.get("source_line"))


def wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, WRAP_CHARS, break_long_words=True) or [""]


def hover_text(row: PlotRow) -> str:
    """Short, so the box fits a phone: the row's printed text already names everything.

    The click hint is in the trace's hovertemplate, once, not in every point's data.
    """
    return escape(row["value_text"])


def with_texts(rows: Rows) -> Rows:
    """The rows with their printed text and hover, each row's computed once and kept in it.

    They depend on the data alone: wrapping them on every filter change was half the time of an
    update, and wrapping all of a 100,000-row table up front took seconds for rows never drawn.
    """
    for row in rows:
        if "text_lines" not in row:
            row["text_lines"] = [escape(line) for line in wrapped(row_text(row))]
            row["hover_text"] = hover_text(row)
    return rows


@dataclass
class Panel:
    """One stacked panel: a time series of one quantity, or forest rows of one unit family."""

    kind: str  # "series" or "forest"
    key: str  # series slug or unit family
    rows: Rows
    height: int = 0  # of the plotting area, pixels
    header: int = AXIS_PX  # the band above it: axis ticks and title, or a series title


def series_label(rows: Rows, mids: list[float], i: int) -> tuple[str, str]:
    """A point's label (its value, and its month where the year ticks cannot show it) and where
    it goes: below the point when its neighbours are higher, so the line never crosses it; a
    restatement beside it (the other document) is labelled on the other side."""
    row = rows[i]
    same = [j for j, r in enumerate(rows) if (r["x_mid"], r["low"]) == (row["x_mid"], row["low"])]
    text = escape(row["value_text"])
    if "-" in row["period_start"]:  # a month: 'Feb 1917', which the year ticks cannot show
        text += f" ({escape(row['period'])})"
    neighbours = [mids[j] for j in (same[0] - 1, same[-1] + 1) if 0 <= j < len(rows)]
    below = bool(neighbours) and sum(neighbours) / len(neighbours) > mids[i] and mids[i] > 0
    if same.index(i) % 2:  # a restatement beside it: its label on the other side of the pair
        below = not below
    return text, "bottom center" if below else "top center"


def series_title(row: PlotRow) -> list[str]:
    """'Bolshevik party members over time (number of people)', wrapped."""
    unit = "percent" if row["unit"] == "percent" else unit_family(row["unit"])
    return wrapped(f"{row['label']} over time ({axis_title(unit)})")


def below(panel: Panel) -> int:
    """Pixels under a panel's plotting area: year ticks, a repeated scale, or nothing."""
    if panel.kind == "series":
        return SERIES_AXIS_PX
    return BOTTOM_SCALE_PX if panel.height > REPEAT_SCALE_PX else 0


def image_key(kinds: list[str], sources: list[tuple[str, str]], breakdown: str) -> list[str]:
    """The key a downloaded image carries, in lines that fit a phone's width: each kind of mark
    the chart draws, then its sources' colours (`sources`: short title and colour). Plotly text;
    the samples are characters, as an image has no stylesheet to draw them."""

    def entry(sample: str, colour: str | None, words: str) -> list[str]:
        drawn = f'<span style="color:{colour}">{sample}</span>' if colour else sample
        first, *rest = wrapped(words)
        return [f"{drawn}  {escape(first)}", *(KEY_INDENT + escape(line) for line in rest)]

    lines = ["<b>How to read the chart</b>"]
    for kind, words in GLYPH_WORDS.items():
        if kind in kinds:
            lines += entry(GLYPH_SAMPLES[kind], breakdown if kind == "breakdown" else None, words)
    lines.append("Colour names the source document:")
    for name, colour in sources:
        lines += entry(GLYPH_SAMPLES["point"], colour, name)
    return lines
