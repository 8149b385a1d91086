"""Chart scales: a value axis, linear or log, with round ticks labelled in words, and where a\nstatement's glyph sits on it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from dashboard.model.data import parse_partial_date
from dashboard.model.frame import PlotRow, Rows
from dashboard.web.chart_words import (
    compact,
)

LOG_RATIO = 100  # a log axis once the largest number is this many times the smallest


ARROW_FRACTION = 0.06  # an open bound's arrow, as a share of the axis span


def low_of(row: PlotRow) -> float:
    """The row's lowest number. Every row has one: plot_frame leaves it None only for a row
    without any number, which loading refuses (data.BOUNDS_RULES)."""
    return _drawn(row, row["low"])


def high_of(row: PlotRow) -> float:
    """The row's highest number, which every row has (see low_of)."""
    return _drawn(row, row["high"])


def _drawn(row: PlotRow, number: float | None) -> float:
    if number is None:
        raise ValueError(f"figure {row['id']!r} has no number to draw")
    return number


@dataclass
class Scale:
    """A value axis: log or linear, its range in axis units, and an arrow's length."""

    log: bool
    low: float
    high: float
    tickvals: list[float]
    ticktext: list[str]

    def to_axis(self, number: float) -> float:
        return math.log10(number) if self.log else number

    def arrow(self, number: float, direction: int) -> float:
        """Where an open bound's arrow ends: a fixed share of the axis span to the right or left."""
        step = ARROW_FRACTION * (self.high - self.low) * direction
        return 10 ** (math.log10(number) + step) if self.log else number + step


def nice_step(span: float) -> float:
    raw = span / 5 or 1
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def value_tops(rows: Rows) -> list[float]:
    """The numbers a panel's axis must reach. A vague magnitude ("millions") states a floor and no
    top: it reaches its floor only, and its band fades out at the end of the axis the other
    figures set; a panel of vague magnitudes alone runs to the next order of magnitude."""
    if all(r["qualifier"] == "vague" for r in rows):
        return [low_of(r) * 10 for r in rows]
    return [high_of(r) for r in rows]


def value_scale(rows: Rows, key: str) -> Scale:
    """Log where the numbers are all above zero and differ by LOG_RATIO or more; linear from zero
    otherwise."""
    suffix = "%" if key == "percent" else ""
    numbers = [n for r in rows for n in (low_of(r), high_of(r))]
    tops = value_tops(rows)
    positive = [n for n in numbers if n > 0]
    ticks: list[float]
    if key == "percent":
        ticks = [0, 25, 50, 75, 100]
        return Scale(
            False, -3, 103, ticks, [compact(t, suffix) for t in ticks]
        )  # 0% and 100% shown
    # A log axis has no place for zero: a panel holding one stays linear.
    if positive and len(positive) == len(numbers) and max(numbers) >= LOG_RATIO * min(positive):
        first = math.floor(math.log10(min(positive)))
        last = math.ceil(math.log10(max(tops)) + ARROW_FRACTION * 2)
        ticks = [10.0**p for p in range(first, math.ceil(last) + 1)]
        return Scale(True, first - 0.15, last, ticks, [compact(t) for t in ticks])
    top = max(tops) * (1 + ARROW_FRACTION * 2) if tops and max(tops) > 0 else 1
    step = nice_step(top)
    ticks = [step * i for i in range(int(top // step) + 1)]
    return Scale(False, 0, top, ticks, [compact(t, suffix) for t in ticks])


def time_place(partial: str) -> date:
    """Where a partial date sits on a year axis: a year on its own tick (1 January, where the axis
    prints "1937"), a month at its middle, a day on itself."""
    year, month, day = parse_partial_date(partial)  # loading has checked it
    return date(year, month or 1, day or (15 if month else 1))


def time_span(row: PlotRow) -> tuple[str, str, str]:
    """A dated row's place on a year axis (ISO): its start, middle and end. A year's value sits on
    the year's tick, and a total for 1937–1938 runs from the 1937 tick to the 1938 one."""
    if not row["period_start"]:
        raise ValueError(f"figure {row['id']!r} has no period to place in time")
    start = time_place(row["period_start"])
    end = time_place(row["period_end"] or row["period_start"])
    middle = start + (end - start) / 2
    return start.isoformat(), middle.isoformat(), end.isoformat()
