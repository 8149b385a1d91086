"""The visual theme in one place: the palette and the font the charts use, which both stylesheets
(dashboard/web/assets/style.css, dashboard/server/source_page.css) declare as custom properties;
tests/web/test_theme.py fails when a stylesheet's colour drifts from it."""

from __future__ import annotations

# Colour names as the stylesheets call them (--name). Okabe-Ito's eight colour-blind-safe
# colours first: colour always means the source document on the charts.
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "black": "#000000",
    "ink": "#1a1a1a",  # text
    "muted": "#555555",  # secondary text and neutral marks: 7.5:1 on paper
    "line": "#d0d0d0",
    "paper": "#ffffff",
    "tint": "#f4f6f8",
    "grid": "#e5e5e5",
    "axis": "#999999",
    "breakdown": "#eef1f4",  # the block behind a breakdown's rows
    "mark": "#ffe08a",  # a quote on the source page
    "mark-multi": "#ffc46b",
    "mark-line": "#a35d00",
    "target": "#e3effa",
}
SOURCE_COLOURS = [
    PALETTE[name] for name in ("blue", "vermillion", "green", "purple", "orange", "sky", "black")
]
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
FONT_SIZE = 12
