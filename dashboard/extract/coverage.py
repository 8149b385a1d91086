"""Coverage: the numeric mentions in the sources that no curated row states and no dismissal names.

A mention is covered when a row of `figures.csv` states that number at that place (the row's
`value_text` occurs inside its quote, nested with the mention: one inside the other) or a row of
`dismissed.csv` names it
(the mention lies inside one of the places its quote occurs). Sitting inside some curated quote is
not enough: a sentence can state several numbers and a row may state only one of them.
"""

from __future__ import annotations

import pandas as pd

from dashboard.extract.mentions import Mention, find_mentions
from dashboard.model.data import Dataset
from dashboard.model.stored_dataset import QUERIED_FOR_SOURCE

Span = tuple[int, int]
# The columns of the figures coverage and propose read: a reader of the built index loads these.
COLUMNS_READ = QUERIED_FOR_SOURCE


def stated_spans(dataset: Dataset, source: str, rows: pd.DataFrame | None = None) -> list[Span]:
    """Every place a curated row's value_text occurs inside the place its quote cites (`rows`:
    the source's rows when the caller has them).

    All of them: "18% ... the figures were 18, 47 and 35" holds "18" twice, and the row stating
    the second must not stop at the first.
    """
    document = dataset.sources[source]
    if rows is None:
        rows = dataset.figures[dataset.figures["source"] == source]
    spans = []
    for value_text, start, end in zip(
        rows["value_text"], rows["quote_start"], rows["quote_end"], strict=True
    ):
        at = int(start)
        while (found := document.find(value_text, at)) is not None and found.end <= int(end):
            spans.append((found.start, found.end))
            at = found.start + 1
    return spans


def nested(a: Span, b: Span) -> bool:
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def is_covered(mention: Mention, stated: list[Span], dismissed: list[Span]) -> bool:
    """Whether a row states `mention` at its place, or a dismissal's quote holds it."""
    span = (mention.start, mention.end)
    return any(nested(s, span) for s in stated) or any(
        a <= mention.start and mention.end <= b for a, b in dismissed
    )


def dismissed_spans(dataset: Dataset, source: str) -> list[Span]:
    document = dataset.sources[source]
    dismissed = dataset.dismissed[dataset.dismissed["source"] == source]
    return [
        (s.start, s.end) for quote in dismissed["quote"].unique() for s in document.find_all(quote)
    ]


def uncovered_mentions(dataset: Dataset) -> tuple[list[Mention], int]:
    """(mentions neither stated by a curated row nor dismissed, total mentions found)."""
    remaining, total = [], 0
    # Each source's rows found once: a filter of the whole table per document grew as their product.
    by_source = dict(tuple(dataset.figures.groupby("source", sort=False)))
    empty = dataset.figures.iloc[:0]
    for name, document in dataset.sources.items():
        mentions = find_mentions(name, document.text, document.furniture_lines)
        total += len(mentions)
        stated = stated_spans(dataset, name, by_source.get(name, empty))
        dismissed = dismissed_spans(dataset, name)
        remaining += [m for m in mentions if not is_covered(m, stated, dismissed)]
    return remaining, total
