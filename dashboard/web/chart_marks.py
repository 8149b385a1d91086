"""A chart's marks as plotly traces: glyphs by qualifier, vague bands, each row's click target."""

from __future__ import annotations

import html
import math
from typing import TypedDict

from dashboard.model.frame import PlotRow
from dashboard.model.vocabulary import QUALIFIER_KIND
from dashboard.web.chart_scales import Scale, high_of, low_of
from dashboard.web.chart_words import hover_text, row_text
from dashboard.web.theme import PALETTE

NEUTRAL = PALETTE["muted"]
CLICK_HINT = "<br>Click to read the sentence"
TRANSPARENT = "rgba(0, 0, 0, 0)"
BAND_HALF_PX = 6  # a vague magnitude's band, either side of its glyph line
BAND_ALPHA = 0.55  # the band's colour at its floor; it fades to nothing at its end
# How close (px) the pointer must come to a glyph for the glyph to answer rather than its row's
# bar: a bar answers inside itself at about this distance, so a glyph of the row above, 15 px
# away at the least, never takes a click meant for this row.
HOVER_DISTANCE_PX = 8


class MarkerLine(TypedDict, total=False):
    color: str
    width: float


class Marker(TypedDict):
    """Per point: its symbol and size (a trace holds many glyphs, each ended by a gap)."""

    color: str
    symbol: list[str]
    size: list[int]
    line: MarkerLine
    # Plotly draws markers with per-point sizes ("bubbles") at opacity 0.7 unless told: the
    # orange fell to 2.6:1 against the paper. Full colour carries the source.
    opacity: float


class GlyphTrace(TypedDict):
    """A plotly scatter trace holding every glyph of one kind from one source."""

    type: str
    mode: str
    x: list[float | None]
    y: list[float | None]
    customdata: list[list[str] | None]  # [id, hover text]; None at the gap after each glyph
    xaxis: str
    yaxis: str
    showlegend: bool
    hovertemplate: str
    line: dict[str, str | float]
    marker: Marker


def rgba(colour: str, alpha: float) -> str:
    """'#0072B2', 0.5 -> 'rgba(0, 114, 178, 0.5)'."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def pixels(value: float) -> float:
    """A pixel position as sent: a whole number without its '.0'."""
    return int(value) if float(value).is_integer() else round(value, 1)


def row_words(row: PlotRow) -> str:
    """The row's words as plain text (not plotly's markup), which the keyboard's list of a chart's
    rows reads out (assets/keyboard.js)."""
    lines = row.get("text_lines")
    return html.unescape(" ".join(lines)) if lines else row_text(row)


def row_data(row: PlotRow) -> list[str]:
    """What a row's click target carries: its id (a click opens its citation), its hover, and
    its words for the keyboard. Only the target carries the words: a glyph carries [id, hover]."""
    return [row["id"], row.get("hover_text") or hover_text(row), row_words(row)]


class Traces:
    """Glyph traces collected per (kind, source), so a chart has a few traces, not one per row;
    plus a vague magnitude's band each, and one bar per row, across the row, to click."""

    def __init__(self, colours: dict[str, str], axes: tuple[str, str]):
        self.colours, self.axes = colours, axes
        self.traces: dict[tuple[str, str], GlyphTrace] = {}
        self.bands: list[dict] = []
        self.rows: list[tuple[PlotRow, float, float]] = []  # row, centre and height (px)

    def colour(self, row: PlotRow) -> str:
        return self.colours.get(row["source"], NEUTRAL)

    def trace(self, kind: str, source: str) -> GlyphTrace:
        key = (kind, source)
        if key not in self.traces:
            colour = self.colours.get(source, NEUTRAL)
            trace: GlyphTrace = {
                "type": "scatter",
                "mode": "markers" if kind in ("point", "vague") else "lines+markers",
                "x": [],
                "y": [],
                "customdata": [],
                "xaxis": self.axes[0],
                "yaxis": self.axes[1],
                "showlegend": False,
                "hovertemplate": "%{customdata[1]}" + CLICK_HINT + "<extra></extra>",
                "line": {"color": colour, "width": 2.5},
                "marker": {"color": colour, "symbol": [], "size": [], "line": {"width": 0},
                           "opacity": 1},
            }  # fmt: skip
            if kind in ("range", "vague"):  # open line symbols take their colour from the outline
                trace["marker"]["line"] = {"color": colour, "width": 3 if kind == "vague" else 2.5}
            self.traces[key] = trace
        return self.traces[key]

    def add(
        self, kind: str, row: PlotRow, xs: list[float], y: float, symbols: list[str],
        sizes: list[int],
    ) -> None:  # fmt: skip
        trace = self.trace(kind, row["source"])
        hover = row.get("hover_text") or hover_text(row)
        trace["x"] += [*xs, None]
        trace["y"] += [y] * len(xs) + [None]
        trace["customdata"] += [[row["id"], hover]] * len(xs) + [None]
        trace["marker"]["symbol"] += [*symbols, "circle"]
        trace["marker"]["size"] += [*sizes, 0]

    def band(self, row: PlotRow, floor: float, end: float, y: float) -> None:
        """A vague magnitude's band from its floor to `end`, fading out: no top is stated."""
        top, bottom = y - BAND_HALF_PX, y + BAND_HALF_PX
        colour = self.colour(row)
        self.bands.append({
            "type": "scatter", "mode": "none", "fill": "toself",
            "x": [floor, end, end, floor, floor], "y": [top, top, bottom, bottom, top],
            "fillgradient": {"type": "horizontal",
                             "colorscale": [[0, rgba(colour, BAND_ALPHA)], [1, rgba(colour, 0)]]},
            "hoverinfo": "skip", "showlegend": False,
            "xaxis": self.axes[0], "yaxis": self.axes[1],
        })  # fmt: skip

    def row(self, row: PlotRow, top: float, bottom: float) -> None:
        """The row from its words' top to its glyph line's bottom, gaps included, is clickable."""
        self.rows.append((row, (top + bottom) / 2, bottom - top))

    def row_targets(self, scale: Scale) -> dict:
        """One invisible bar per row across the whole plot: a click anywhere on the row, on its
        words, in the middle of a wide range or on a band, opens the row's citation. Bars are hit
        across their area; a scatter point only within a distance of its markers."""
        # Whole numbers just beyond the axis at both ends (plotly clips the bars to it): short
        # to send, and the bar still spans every value the axis shows.
        if scale.log:
            low, high = 10 ** math.floor(scale.low), 10 ** math.ceil(scale.high)
        else:
            low, high = math.floor(scale.low), math.ceil(scale.high)
        return {
            "type": "bar", "orientation": "h", "base": low,
            "x": [high - low] * len(self.rows),
            "y": [pixels(centre) for _, centre, _ in self.rows],
            "width": [pixels(height) for *_, height in self.rows],
            "customdata": [row_data(row) for row, *_ in self.rows],
            "marker": {"color": TRANSPARENT, "line": {"width": 0}},
            # "none", not "skip": no hover label (the glyphs have theirs), but clicks still count.
            "hoverinfo": "none", "showlegend": False, "xaxis": self.axes[0], "yaxis": self.axes[1],
        }  # fmt: skip

    def all(self, scale: Scale) -> list[dict | GlyphTrace]:
        """The traces in drawing order: bands under the glyphs; the row bars (drawn by plotly
        under every scatter trace) first, so a row's data comes before its glyphs'."""
        return [self.row_targets(scale), *self.bands, *self.traces.values()]


def band_end(floor: float, scale: Scale) -> float:
    """Where a vague magnitude's band ends: at the next order of magnitude, or at the end of the
    axis the panel's other figures set, whichever comes first."""
    axis_end = 10**scale.high if scale.log else scale.high
    return min(floor * 10, axis_end)


def draw_glyph(traces: Traces, row: PlotRow, y: float, scale: Scale) -> None:
    """A statement's glyph by its qualifier: dot, capped bar, dot with arrow, or a band from a
    floor."""
    kind = QUALIFIER_KIND.get(row["qualifier"], "point")
    low, high = low_of(row), high_of(row)
    if kind == "range":
        traces.add(kind, row, [low, high], y, ["line-ns", "line-ns"], [14, 14])
    elif kind == "lower":
        traces.add(kind, row, [low, scale.arrow(low, 1)], y, ["circle", "triangle-right"], [10, 11])
    elif kind == "upper":
        traces.add(
            kind, row, [high, scale.arrow(high, -1)], y, ["circle", "triangle-left"], [10, 11]
        )
    elif kind == "vague":
        traces.band(row, low, band_end(low, scale), y)
        traces.add(kind, row, [low], y, ["line-ns"], [16])  # its floor, in full colour
    else:
        traces.add(kind, row, [low], y, ["circle"], [11])
