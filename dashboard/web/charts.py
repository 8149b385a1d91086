"""Pure builders: plot records -> labelled estimate charts as plotly figure dicts (no Dash).

Each theme chart stacks panels in one figure: a time series per `series` (the same quantity at
several times), then one dot-and-interval ("forest") panel per unit family, one row per statement.
Every row carries its name, period, value as written and source as text above its glyph, so the
chart reads without hovering; geometry is laid out in pixels so no two texts can overlap.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from dashboard.model.frame import PlotRow, Rows, in_theme
from dashboard.model.vocabulary import QUALIFIER_KIND, THEMES, unit_family
from dashboard.web.chart_colours import chart_colours, colour_groups
from dashboard.web.chart_colours import source_colours as source_colours  # where callers look
from dashboard.web.chart_marks import (
    CLICK_HINT,
    HOVER_DISTANCE_PX,
    TRANSPARENT,
    Traces,
    draw_glyph,
    row_data,
    row_words,
)
from dashboard.web.chart_scales import high_of, low_of, nice_step, time_span, value_scale
from dashboard.web.chart_words import (
    REPEAT_SCALE_PX,
    Panel,
    axis_title,
    below,
    compact,
    escape,
    image_key,
    row_text,
    series_label,
    series_title,
    wrapped,
)
from dashboard.web.theme import FONT_FAMILY, FONT_SIZE, PALETTE, SOURCE_COLOURS

# Okabe-Ito, the colour-blind-safe palette: colour always means the source document.
OKABE_ITO = SOURCE_COLOURS
NEUTRAL = PALETTE["muted"]
GRID_COLOUR = PALETTE["grid"]
SELECTED_FILL = "rgba(255, 200, 60, 0.45)"
BREAKDOWN_FILL = PALETTE["breakdown"]
FONT = {"family": FONT_FAMILY, "size": FONT_SIZE}

MAX_CHART_ROWS = 60  # statements drawn per chart; the caption says when more matched

# Pixel geometry: each row is its text lines, then the glyph line, then a gap.
LINE_PX = 16
GLYPH_PX = 22
ROW_GAP_PX = 8
BLOCK_GAP_PX = 10  # between a breakdown's block and its neighbours, so two blocks never merge
PANEL_GAP_PX = 18
SERIES_PLOT_PX = 170
SPAN_TARGET_SHARE = 0.12  # a span's click target, as a share of its panel's value axis
MARGIN = {"l": 8, "r": 14, "t": 4, "b": 8}
EMPTY_HEIGHT = 44
EMPTY_MESSAGE = "No figure in this theme matches the filters."


def years(rows: Rows) -> list[int]:
    """The first and the last year of each dated row's period."""
    return [int(time_span(r)[0][:4]) for r in rows] + [int(time_span(r)[2][:4]) for r in rows]


def _lines(row: PlotRow) -> list[str]:
    return row.get("text_lines") or [escape(line) for line in wrapped(row_text(row))]


def _is_series(rows: Rows) -> bool:
    return (
        len({r["x_mid"] for r in rows if r["x_mid"]}) >= 2 and len({r["unit"] for r in rows}) == 1
    )


def split_panels(rows: Rows) -> list[Panel]:
    """Series with two or more dated points become time panels; the rest forest panels by unit."""
    by_series: dict[str, Rows] = {}
    for r in rows:
        if r["series"]:
            by_series.setdefault(r["series"], []).append(r)
    series = {name: members for name, members in by_series.items() if _is_series(members)}
    in_series = {r["id"] for members in series.values() for r in members}
    families: dict[str, Rows] = {}
    for r in rows:
        if r["id"] not in in_series:
            families.setdefault(unit_family(r["unit"]), []).append(r)
    panels = [Panel("series", name, members) for name, members in sorted(series.items())]
    ordered = sorted(families.items(), key=lambda item: (-len(item[1]), item[0]))
    return panels + [Panel("forest", key, members) for key, members in ordered]


def forest_order(rows: Rows) -> list[Rows]:
    """Blocks of adjacent rows: a breakdown's parts together, a claim's statements together.

    Blocks are sorted by their largest number, largest first; rows inside by number, then source.
    """
    blocks: dict[str, Rows] = {}
    for r in rows:
        key = f"b:{r['breakdown']}" if r.get("breakdown") else f"c:{r['claim']}"
        blocks.setdefault(key, []).append(r)
    for members in blocks.values():
        members.sort(key=lambda r: (-high_of(r), r["source"], r["source_line"] or 0))
    return sorted(blocks.values(), key=lambda members: -max(high_of(r) for r in members))


TEXT_COLOUR = PALETTE["ink"]
# What every row label and every band shares, stated once per figure in its template rather than
# in each of a chart's hundred-odd annotations: a third of the bytes a filter change sends.
TEMPLATE = {
    "layout": {
        "annotationdefaults": {
            "xref": "paper", "x": 0, "xanchor": "left", "yanchor": "top", "align": "left",
            "showarrow": False, "font": {"size": FONT["size"], "color": TEXT_COLOUR},
        },
        "shapedefaults": {
            "type": "rect", "xref": "paper", "x0": 0, "x1": 1, "line": {"width": 0},
            "layer": "below",
        },
    }
}  # fmt: skip


def _text(text: str, yref: str, y: float, colour: str = TEXT_COLOUR) -> dict:
    """A left-aligned label at the chart's left edge (the rest is TEMPLATE's annotationdefaults)."""
    label = {"text": text, "yref": yref, "y": y}
    if colour != TEXT_COLOUR:
        label["font"] = {"size": FONT["size"], "color": colour}
    return label


def _band(yref: str, top: float, bottom: float, fill: str) -> dict:
    """A full-width band behind rows (the rest is TEMPLATE's shapedefaults)."""
    return {"yref": yref, "y0": top, "y1": bottom, "fillcolor": fill}


def forest_panel(panel: Panel, k: int, colours: dict, selected: str | None) -> dict:
    """Traces, annotations, shapes and axes of one forest panel (axes x{k}, y{k})."""
    suffix = "" if k == 1 else str(k)
    axes, yref = (f"x{suffix}", f"y{suffix}"), f"y{suffix}"
    scale = value_scale(panel.rows, panel.key)
    traces = Traces(colours, axes)
    annotations, shapes, y = [], [], 0.0
    for block in forest_order(panel.rows):
        if len(block) > 1 and block[0].get("breakdown") and y > 0:
            y += BLOCK_GAP_PX  # keep the grey block clear of the row above
        block_top = y
        for row in block:
            lines = _lines(row)
            glyph_y = y + len(lines) * LINE_PX + GLYPH_PX / 2
            annotations.append(_text("<br>".join(lines), yref, y))
            draw_glyph(traces, row, glyph_y, scale)
            bottom = glyph_y + GLYPH_PX / 2
            traces.row(row, y - ROW_GAP_PX / 2, bottom + ROW_GAP_PX / 2)
            if row["id"] == selected:
                shapes.append(_band(yref, y - 3, bottom + 3, SELECTED_FILL))
            y = bottom + ROW_GAP_PX
        if len(block) > 1 and block[0].get("breakdown"):
            shapes.append(_band(yref, block_top - 4, y - ROW_GAP_PX + 4, BREAKDOWN_FILL))
            y += BLOCK_GAP_PX
    panel.height = int(y)
    x_axis = {
        "type": "log" if scale.log else "linear",
        "range": [scale.low, scale.high],
        "side": "top",
        "anchor": yref,
        "tickvals": scale.tickvals,
        "ticktext": scale.ticktext,
        "title": {"text": escape(axis_title(panel.key, scale.log)), "standoff": 4},
    }
    return {"data": traces.all(scale), "annotations": annotations, "shapes": shapes,
            "x": x_axis, "y": {"range": [y, -2]}}  # fmt: skip


def series_panel(panel: Panel, k: int, colours: dict, selected: str | None) -> dict:
    """A time series: one point per period, labelled with its value, joined in time order."""
    suffix = "" if k == 1 else str(k)
    axes, yref = (f"x{suffix}", f"y{suffix}"), f"y{suffix}"
    rows = sorted(
        (r for r in panel.rows if r["x_mid"]),
        key=lambda r: (time_span(r)[1], r["source"], r["source_line"] or 0),
    )
    top = max(high_of(r) for r in rows)
    percent = rows[0]["unit"] == "percent"
    y_top = 112 if percent else top * 1.3
    step = 25 if percent else nice_step(top)
    ticks = [step * i for i in range(int((100 if percent else top) // step) + 1)]
    mids = [(low_of(r) + high_of(r)) / 2 for r in rows]
    line = {
        "type": "scatter",
        "mode": "lines",
        "x": [time_span(r)[1] for r in rows],
        "y": mids,
        "xaxis": axes[0],
        "yaxis": axes[1],
        "line": {"color": NEUTRAL, "width": 1.5},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    data = [line]
    shifts = restatement_shifts(rows)
    for i, r in enumerate(rows):
        label, position = series_label(rows, mids, i)
        data.append(series_point(r, mids[i], shifts[i], (label, position), axes, colours, selected))
        if spans_years(r):
            data.append(span_target(r, mids[i], y_top * SPAN_TARGET_SHARE, axes))
    first = rows[0]
    lines = series_title(first)
    panel.header = len(lines) * LINE_PX + 10
    span = years(rows)
    # Room either side, so the end labels stay inside the chart and clear of the y tick labels
    # drawn inside the plot area.
    pad = max(1, math.ceil((max(span) - min(span)) * 0.35))
    panel.height = SERIES_PLOT_PX
    return {
        "data": data,
        "annotations": [_text("<br>".join(f"<b>{escape(line)}</b>" for line in lines), yref,
                              y_top, NEUTRAL) | {"yshift": panel.header}],
        "shapes": [],
        "x": {"type": "date", "side": "bottom", "anchor": yref,
              "range": [f"{min(span) - pad}-01-01", f"{max(span) + pad}-01-01"],
              "dtick": "M12" if max(span) - min(span) < 12 else "M60", "tickformat": "%Y"},
        "y": {"range": [0, y_top], "visible": True, "tickvals": ticks,
              "ticktext": [compact(t, "%" if percent else "") for t in ticks],
              "ticklabelposition": "inside", "showgrid": True, "gridcolor": GRID_COLOUR},
    }  # fmt: skip


def series_point(
    r: PlotRow,
    mid: float,
    shift: str,
    text: tuple[str, str],
    axes: tuple[str, str],
    colours: dict,
    selected: str | None,
) -> dict:
    """One statement of a series: a labelled point at its date, or a bar across both years of a
    total that spans them, with its bounds as error bars."""
    colour = colours.get(r["source"], NEUTRAL)
    hover = escape(f"{r['period']} · {r['source_short']}")
    low, high = low_of(r), high_of(r)
    start, middle, end = time_span(r)
    label, position = text
    spans = spans_years(r)
    return {
        "type": "scatter",
        "mode": "lines+markers+text" if spans else "markers+text",
        "x": [start, middle, end] if spans else [shift],
        "y": [mid] * (3 if spans else 1),
        "text": ["", label, ""] if spans else [label],
        "textposition": position,
        # [id, hover] at each point of a span (its bar carries the words), [id, hover, words]
        # on a single point
        "customdata": [[r["id"], hover]] * 3 if spans else [[r["id"], hover, row_words(r)]],
        "hovertemplate": "%{customdata[1]}" + CLICK_HINT + "<extra></extra>",
        "xaxis": axes[0],
        "yaxis": axes[1],
        "line": {"color": colour, "width": 3},
        "marker": {
            "color": colour,
            "size": [0, 12, 0] if spans else 12,
            "opacity": 1,  # full colour: plotly's default for per-point sizes is 0.7
            "line": {"color": PALETTE["ink"] if r["id"] == selected else PALETTE["paper"],
                     "width": 3 if r["id"] == selected else 1},
        },
        "error_y": {
            "type": "data", "symmetric": False, "array": [high - mid] * (3 if spans else 1),
            "arrayminus": [mid - low] * (3 if spans else 1), "color": colour, "width": 6,
        } if high > low else {"visible": False},
        "cliponaxis": False,
        "showlegend": False,
    }  # fmt: skip


def spans_years(row: PlotRow) -> bool:
    """Whether a series statement is a total over more than one year (1937–38), drawn as a bar."""
    start, _, end = time_span(row)
    return start[:4] != end[:4]


def span_target(row: PlotRow, mid: float, height: float, axes: tuple[str, str]) -> dict:
    """An invisible bar along a total that spans years, so all of its bar is clickable (the
    points at its ends and middle alone answered only near them)."""
    start, _, end = time_span(row)
    length_ms = (date.fromisoformat(end) - date.fromisoformat(start)).days * 86_400_000
    return {"type": "bar", "orientation": "h", "base": [start], "x": [length_ms], "y": [mid],
            "width": [height], "customdata": [row_data(row)],
            "marker": {"color": TRANSPARENT, "line": {"width": 0}}, "hoverinfo": "none",
            "showlegend": False, "xaxis": axes[0], "yaxis": axes[1]}  # fmt: skip


def restatement_shifts(rows: Rows) -> list[str]:
    """Each point's x: statements of one value at one time (both documents) sit side by side,
    a few days apart, so every one stays visible and clickable."""
    groups: dict[tuple, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault((r["x_mid"], r["low"], r["high"]), []).append(i)
    span = years(rows)
    step = max(1, max(span) - min(span)) * 365 * 0.025  # days
    middles = [time_span(r)[1] for r in rows]
    shifts = list(middles)
    for members in groups.values():
        for k, i in enumerate(members):
            offset = (k - (len(members) - 1) / 2) * step
            shifts[i] = (date.fromisoformat(middles[i]) + timedelta(days=offset)).isoformat()
    return shifts


def empty_figure(message: str = EMPTY_MESSAGE) -> dict:
    """A short figure that says it is empty, once, instead of blank axes."""
    return {
        "data": [],
        "layout": {
            "height": EMPTY_HEIGHT,
            "font": FONT,
            "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "paper_bgcolor": PALETTE["paper"],
            "plot_bgcolor": PALETTE["paper"],
            "template": TEMPLATE,
            "annotations": [
                {
                    **_text(escape(message), "paper", 0.5, NEUTRAL),
                    "yanchor": "middle",
                    "font": {"size": 14, "color": NEUTRAL},
                }
            ],
        },
    }


def theme_rows(rows: Rows, theme: str) -> Rows:
    """The statements `theme`'s chart draws, each once (once_each)."""
    return once_each([r for r in rows if in_theme(r, theme)])


def once_each(rows: Rows) -> Rows:
    """Each statement once: rows of one document stating the same claim in the same words (the
    compilation repeats parts of an article, so its sentences stand on two lines) are one
    statement, drawn once, at the first row's place, naming every line. Drawn twice, a
    repetition read as a second source agreeing."""
    groups: dict[tuple, Rows] = {}
    for r in rows:
        groups.setdefault((r["source"], r["claim"], r["value_text"], r["quote"]), []).append(r)
    if len(groups) == len(rows):
        return rows
    out: Rows = []
    for members in groups.values():
        first = min(members, key=lambda r: r["source_line"] or 0)
        if len(members) > 1:
            lines = tuple(sorted(r["source_line"] or 0 for r in members))
            first = first.copy()
            first["text_lines"] = [escape(line) for line in wrapped(row_text(first, lines))]
        out.append(first)
    return out


def capped(rows: Rows) -> Rows:
    """The MAX_CHART_ROWS statements with the largest numbers (the caption says so)."""
    if len(rows) <= MAX_CHART_ROWS:
        return rows
    return sorted(rows, key=lambda r: -high_of(r))[:MAX_CHART_ROWS]


def theme_figure(
    rows: Rows, theme: str, colours: dict[str, str], selected: str | None = None,
    image: dict | None = None,
) -> dict:  # fmt: skip
    """One theme as stacked panels (series first, then forest panels by unit family); `colours`
    is the page's (chart_colours.source_colours), and `image` rides in layout.meta (image_meta)."""
    shown = capped(theme_rows(rows, theme))
    if not shown:
        return empty_figure()
    colours = chart_colours(shown, colours)
    panels = split_panels(shown)
    parts = []
    for k, panel in enumerate(panels, start=1):
        build = series_panel if panel.kind == "series" else forest_panel
        parts.append(build(panel, k, colours, selected))
    bands = [p.header + p.height + below(p) for p in panels]
    total = sum(bands) + PANEL_GAP_PX * (len(panels) - 1)
    layout: dict[str, Any] = {
        "height": total + MARGIN["t"] + MARGIN["b"],
        "margin": MARGIN,
        "font": FONT,
        "paper_bgcolor": PALETTE["paper"],
        "plot_bgcolor": PALETTE["paper"],
        "dragmode": False,
        "hovermode": "closest",
        "showlegend": False,
        "annotations": [],
        "shapes": [],
        "template": TEMPLATE,
        "meta": {"image": image_meta(theme, image, colours)},
        # Bars (the rows' click targets) overlap nothing, but plotly would offset bars that
        # share a position in its default "group" mode.
        "barmode": "overlay",
        "hoverdistance": HOVER_DISTANCE_PX,
    }
    data: list[dict] = []
    offset = 0
    for k, (panel, part, band) in enumerate(zip(panels, parts, bands, strict=True), start=1):
        suffix = "" if k == 1 else str(k)
        top = offset + panel.header
        bottom = top + panel.height
        domain = [max(0.0, 1 - bottom / total), min(1.0, 1 - top / total)]
        layout[f"xaxis{suffix}"] = {
            "gridcolor": GRID_COLOUR, "fixedrange": True, "automargin": False, "zeroline": False,
            "showline": True, "linecolor": PALETTE["axis"], **part["x"],
        }  # fmt: skip
        layout[f"yaxis{suffix}"] = {
            "domain": domain, "fixedrange": True, "automargin": False, "zeroline": False,
            "showgrid": False, "visible": False, **part["y"],
        }  # fmt: skip
        if panel.kind == "forest" and panel.height > REPEAT_SCALE_PX:
            data.append(repeat_scale(layout, part["x"], k))
        data += part["data"]
        layout["annotations"] += part["annotations"]
        layout["shapes"] += part["shapes"]
        offset += band + PANEL_GAP_PX
    layout["annotations"].append(key_annotation(panels, colours))
    return {"data": data, "layout": layout}


def image_meta(theme: str, image: dict | None, colours: dict[str, str]) -> dict:
    """What a PNG/SVG download adds: `image` (title, filters) and the file names of the sources
    the chart draws; assets/charts.js credits them from the page's one source list
    (source_list.SOURCES_ROUTE), so no chart carries every source's title and licence."""
    return (image or {"title": THEMES[theme]["title"]}) | {"sources": sorted(colours)}


def key_annotation(panels: list[Panel], colours: dict[str, str]) -> dict:
    """The chart's own key, for a downloaded image: the kinds of mark it draws and its sources'
    colours. Hidden on the page, which explains every mark once above the charts;
    assets/charts.js shows it under the chart in the PNG or SVG (the annotation named "key")."""
    forest = [r for p in panels if p.kind == "forest" for r in p.rows]
    kinds = {QUALIFIER_KIND.get(r["qualifier"], "point") for r in forest}
    if any(p.kind == "series" for p in panels):
        kinds.add("point")
    parts = [r["breakdown"] for r in forest if r.get("breakdown")]
    if len(parts) > len(set(parts)):  # a breakdown of two or more parts is drawn as a block
        kinds.add("breakdown")
    shown = {r["source"]: r["source_short"] for p in panels for r in p.rows}
    lines = image_key(sorted(kinds), colour_groups(colours, shown), BREAKDOWN_FILL)
    return {"name": "key", "visible": False, "text": "<br>".join(lines), "yref": "paper",
            "y": 0, "yshift": -12}  # fmt: skip


def repeat_scale(layout: dict, x: dict, k: int) -> dict:
    """The same scale again under a tall panel k, so its lower rows can be read too: the axis goes
    into `layout`, and the empty trace returned makes plotly draw it (it draws only used axes)."""
    suffix = "" if k == 1 else str(k)
    layout[f"xaxis{100 + k}"] = {
        "overlaying": f"x{suffix}", "anchor": f"y{suffix}", "side": "bottom",
        "type": x["type"], "range": x["range"], "tickvals": x["tickvals"],
        "ticktext": x["ticktext"], "showgrid": False, "fixedrange": True,
        "automargin": False, "zeroline": False, "showline": True, "linecolor": PALETTE["axis"],
    }  # fmt: skip
    return {"type": "scatter", "x": [], "y": [], "xaxis": f"x{100 + k}",
            "yaxis": f"y{suffix}", "hoverinfo": "skip", "showlegend": False}  # fmt: skip


def theme_summary(rows: Rows, theme: str, total: int | None = None) -> str:
    """A text summary of a theme chart: what it shows, how many statements, the range per panel.

    `total` is how many rows matched when the caller passed only the largest; a statement a
    document repeats counts once (once_each).
    """
    in_it = [r for r in rows if in_theme(r, theme)]
    matched = once_each(in_it)
    if not matched:
        return ""
    shown = capped(matched)
    total = max((total or 0) - (len(in_it) - len(matched)), len(matched))
    claims = len({r["claim"] for r in shown})
    sources = sorted({r["source_short"] for r in shown})
    text = (
        f"{len(shown)} statement{'s' if len(shown) != 1 else ''} of {claims} "
        f"quantit{'ies' if claims != 1 else 'y'}, from {' and '.join(sources)}."
    )
    if len(shown) < total:
        text += f" Showing the {len(shown)} largest of {total}; the table lists them all."
    parts = []
    for panel in split_panels(shown):
        lowest = min(panel.rows, key=low_of)
        highest = max(panel.rows, key=high_of)
        if panel.kind == "series":
            dated = [r for r in panel.rows if r["x_mid"]]
            first = min(dated, key=lambda r: time_span(r)[0])["period"]
            last = max(dated, key=lambda r: time_span(r)[2])["period"]
            parts.append(f"{panel.rows[0]['label']} over time, {first} to {last}")
        elif lowest["value_text"] == highest["value_text"]:
            parts.append(f"{axis_title(panel.key)}: \u201c{highest['value_text']}\u201d")
        else:
            parts.append(
                f"{axis_title(panel.key)}: from \u201c{lowest['value_text']}\u201d"
                f" to \u201c{highest['value_text']}\u201d"
            )
    return f"{text} Panels: {'; '.join(parts)}."
