"""The visual theme in one place: the palettes and the font the charts use, which both stylesheets
(dashboard/web/assets/style.css, dashboard/server/source_page.css) declare as custom properties;
tests/web/test_theme.py fails when a stylesheet's colour drifts from them or a pair of them falls
below WCAG AA contrast."""

from __future__ import annotations

# Colour names as the stylesheets call them (--name): the light theme, and the print.
PALETTE = {
    "blue": "#0072B2",  # Okabe-Ito's colour-blind-safe accents
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
    "breakdown-line": "#d5dbe1",
    "selected": "#ffe6a7",  # the chosen row's band as drawn: charts.SELECTED_FILL over paper
    "mark": "#ffe08a",  # a quote on the source page
    "mark-multi": "#ffc46b",
    "mark-line": "#a35d00",
    "target": "#e3effa",
    "focus": "#b35900",  # the focus ring: 4.5:1 on tint (Okabe-Ito orange was 2.2:1)
    "control": "#8a8a8a",  # a text box's border: 3.4:1 on paper
    "hover": "#e8f2f9",
    "primary-hover": "#005a8c",
    "ok": "#00704f",
    "warn": "#a64500",
    "notice": "#fff4d6",
}
# The names the stylesheets declare, under `prefers-color-scheme: dark`: text 4.5:1 and marks 3:1
# on paper, tint and the chart's bands; the accents lighter, so links and buttons keep contrast.
DARK_PALETTE = {
    "blue": "#6cb6ee",
    "vermillion": "#ff8c52",
    "green": "#4fd1a5",
    "orange": "#E69F00",
    "ink": "#e8e8e8",
    "muted": "#a9afb7",
    "line": "#3d434b",
    "paper": "#181b1f",
    "tint": "#0f1114",
    "grid": "#2f343a",
    "axis": "#80868e",
    "breakdown": "#1f2328",  # dark enough that every source colour keeps 3:1 on it
    "breakdown-line": "#3d434b",
    "selected": "#26210f",  # as dark as a breakdown block: the band's outline (focus) marks it
    "mark": "#574300",
    "mark-multi": "#6b4300",
    "mark-line": "#ffb84d",
    "target": "#1b3a57",
    "focus": "#f0a830",
    "control": "#8a9099",
    "hover": "#1f3347",
    "primary-hover": "#9fd0f5",
    "ok": "#4fd1a5",
    "warn": "#ff9c66",
    "notice": "#3d3100",
}
# Colour always means the source document on the charts. Okabe-Ito's hues, each at a relative
# luminance between 0.15 and 0.23, so every mark keeps 3:1 on the light theme's paper, bands and
# chosen row and on the dark theme's alike: one figure serves both themes. The first two are
# Okabe-Ito's own blue and vermillion; the rest are its green, reddish purple, orange, sky blue
# and black, darkened or lightened into that range (black to a grey).
SOURCE_COLOURS = ["#0072B2", "#D55E00", "#008c66", "#bf5791", "#a47200", "#1a8ac8", "#787878"]
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
FONT_SIZE = 12
