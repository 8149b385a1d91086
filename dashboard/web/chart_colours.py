"""Which colour names which source on a chart: one map for the page while the palette covers every
source, else a map per chart for the sources it draws, the rest in one grey that the rows name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from dashboard.model.frame import Rows
from dashboard.web.theme import SOURCE_COLOURS

# The palette's last colour is a grey: beyond the palette's size it is "every other source", so no
# hue ever stands for two sources within a chart (each row's words name its source).
HUES = SOURCE_COLOURS[:-1]
OTHER = SOURCE_COLOURS[-1]


def source_colours(names: Iterable[str]) -> dict[str, str]:
    """File name -> colour, in sorted order, the same on every chart and in the page's key, while
    the palette has a colour for each source; empty beyond it (chart_colours picks per chart)."""
    ordered = sorted(names)
    if len(ordered) > len(SOURCE_COLOURS):
        return {}
    return {name: SOURCE_COLOURS[i] for i, name in enumerate(ordered)}


def chart_colours(rows: Rows, page: dict[str, str]) -> dict[str, str]:
    """The colours of the sources a chart draws: the page's (`page`, from source_colours) when it
    has them all; else the sources in order of how many rows they draw (then by name) take a hue
    each while hues last, and every other source the grey."""
    counts = Counter(r["source"] for r in rows)
    if all(name in page for name in counts):
        return {name: page[name] for name in sorted(counts)}
    if len(counts) <= len(SOURCE_COLOURS):
        return {name: SOURCE_COLOURS[i] for i, name in enumerate(sorted(counts))}
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    return {name: HUES[i] if i < len(HUES) else OTHER for i, name in enumerate(ranked)}


def colour_groups(colours: dict[str, str], short_titles: dict[str, str]) -> list[tuple[str, str]]:
    """(words, colour) for a chart's key: each hue with its source's short title, then the grey
    once for every source that shares it."""
    named = [
        (short_titles[n], c) for n, c in colours.items() if c != OTHER or not shares_grey(colours)
    ]
    others = sum(1 for c in colours.values() if c == OTHER)
    if shares_grey(colours):
        named.append((f"{others} other sources (each row names its source)", OTHER))
    return named


def shares_grey(colours: dict[str, str]) -> bool:
    """Whether the grey stands for more than one source on this chart."""
    return sum(1 for c in colours.values() if c == OTHER) > 1
