"""One palette per theme: both stylesheets declare exactly the colours of dashboard/web/theme.py,
light and dark, and every pair the page puts together keeps WCAG AA contrast in both themes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.web.charts import SELECTED_FILL
from dashboard.web.theme import DARK_PALETTE, FONT_FAMILY, PALETTE, SOURCE_COLOURS
from tests.a11y import contrast_ratio

STYLESHEETS = [
    Path(__file__).resolve().parents[2] / "dashboard" / "web" / "assets" / "style.css",
    Path(__file__).resolve().parents[2] / "dashboard" / "server" / "source_page.css",
]
DECLARATION_RE = re.compile(r"^\s*--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", re.MULTILINE)
COMMENT_RE = re.compile(r"/\*.*?\*/", re.DOTALL)
# The inline colours plotly writes that the dark theme's chart rules select by.
INLINE_COLOUR_RE = re.compile(r'\[style\*="(?:fill|stroke): (rgb\(\d+, \d+, \d+\))"\]')

THEMES = {"light": PALETTE, "dark": DARK_PALETTE}
# (text, background): 4.5:1 at least (WCAG 1.4.3).
TEXT_PAIRS = [
    *(("ink", bg) for bg in ("paper", "tint", "breakdown", "selected", "mark", "mark-multi")),
    *(("ink", bg) for bg in ("target", "notice", "hover")),
    ("muted", "paper"),
    ("muted", "tint"),
    ("blue", "paper"),  # links and buttons' words
    ("blue", "tint"),
    ("blue", "hover"),
    ("paper", "blue"),  # the primary button's words
    ("paper", "primary-hover"),
    ("ok", "paper"),
    ("warn", "paper"),
]
# (mark or control, background): 3:1 at least (WCAG 1.4.11).
UI_PAIRS = [
    ("focus", "paper"),  # the focus ring, offset onto whatever is behind the control
    ("focus", "tint"),
    ("focus", "selected"),  # the chosen row's outline on the dark charts
    ("control", "paper"),  # a text box's border
    ("muted", "paper"),  # a mark of no known source
    ("muted", "breakdown"),
    ("mark-line", "mark"),  # a quote's link underline on the source page
    ("mark-line", "mark-multi"),
]
CHART_BACKGROUNDS = ("paper", "breakdown", "selected")


def full_hex(colour: str) -> str:
    """#555 -> #555555, lower case: the same colour written two ways compares equal."""
    digits = colour[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def top_level_blocks(css: str) -> list[tuple[str, str]]:
    """(prelude, body) of each outermost block: a rule's selector or an @media's condition."""
    css, blocks, depth, start, prelude = COMMENT_RE.sub("", css), [], 0, 0, ""
    for i, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((prelude, css[start:i]))
                start = i + 1
    return blocks


def root_colours(css: str) -> dict[str, str]:
    """The colour custom properties of `:root` blocks at this level of the sheet."""
    return {
        name: colour
        for prelude, body in top_level_blocks(css)
        if prelude == ":root"
        for name, colour in DECLARATION_RE.findall(body)
    }


def media_bodies(css: str, condition: str) -> list[str]:
    return [
        body
        for prelude, body in top_level_blocks(css)
        if prelude.startswith("@media") and condition in prelude
    ]


def dark_body(stylesheet: Path) -> str:
    bodies = media_bodies(stylesheet.read_text(), "prefers-color-scheme: dark")
    assert len(bodies) == 1, f"{stylesheet.name}: one dark theme block expected"
    return bodies[0]


def blend(rgba: str, paper: str) -> str:
    """An 'rgba(r, g, b, a)' fill over an opaque '#rrggbb', as the screen shows it."""
    *fill, alpha = (float(x) for x in re.findall(r"[\d.]+", rgba))
    under = [int(paper[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = (round(alpha * f + (1 - alpha) * u) for f, u in zip(fill, under, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def rgb(colour: str) -> str:
    """'#eef1f4' -> 'rgb(238, 241, 244)', as plotly writes it into a style attribute."""
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda p: p.name)
def test_each_stylesheet_colour_is_the_palettes(stylesheet: Path):
    declared = root_colours(stylesheet.read_text())
    assert declared, "no colour custom properties found"
    for name, colour in declared.items():
        assert name in PALETTE, f"--{name} is not in theme.PALETTE"
        assert full_hex(colour) == full_hex(PALETTE[name]), f"--{name}: {colour}"


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda p: p.name)
def test_the_dark_theme_redeclares_every_colour_from_the_dark_palette(stylesheet: Path):
    light = root_colours(stylesheet.read_text())
    dark = root_colours(dark_body(stylesheet))
    assert set(dark) == set(light), "every light colour needs its dark value, and no other"
    for name, colour in dark.items():
        assert name in DARK_PALETTE, f"--{name} is not in theme.DARK_PALETTE"
        assert full_hex(colour) == full_hex(DARK_PALETTE[name]), f"dark --{name}: {colour}"


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda p: p.name)
def test_print_is_black_on_white_whatever_the_readers_theme(stylesheet: Path):
    css = stylesheet.read_text()
    dark = [p for p, _ in top_level_blocks(css) if "prefers-color-scheme: dark" in p]
    assert dark
    assert all("screen" in prelude for prelude in dark), dark  # never in print
    printed = root_colours(" ".join(media_bodies(css, "print")))
    assert full_hex(printed["ink"]) == "#000000"
    assert full_hex(printed.get("paper", PALETTE["paper"])) == "#ffffff"
    assert full_hex(printed.get("tint", PALETTE["tint"])) == "#ffffff"


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda p: p.name)
def test_dark_chart_rules_select_the_colours_the_charts_draw(stylesheet: Path):
    """Plotly writes theme.PALETTE's colours inline; each dark rule names one of them exactly, so
    a palette change that would leave a rule selecting nothing fails here."""
    selected = set(INLINE_COLOUR_RE.findall(dark_body(stylesheet)))
    drawn = {rgb(PALETTE[name]) for name in ("paper", "ink", "muted", "breakdown")}
    drawn.add(re.sub(r"rgba\((\d+, \d+, \d+), [\d.]+\)", r"rgb(\1)", SELECTED_FILL))
    assert selected == drawn


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_keeps_4_5_to_1(theme: str, text: str, background: str):
    palette = THEMES[theme]
    ratio = contrast_ratio(palette[text], palette[background])
    assert ratio >= 4.5, f"{theme}: {text} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("mark", "background"), UI_PAIRS)
def test_marks_rings_and_borders_keep_3_to_1(theme: str, mark: str, background: str):
    palette = THEMES[theme]
    ratio = contrast_ratio(palette[mark], palette[background])
    assert ratio >= 3, f"{theme}: {mark} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("colour", SOURCE_COLOURS)
def test_each_source_colour_keeps_3_to_1_on_every_chart_background_of_both_themes(
    theme: str, colour: str
):
    palette = THEMES[theme]
    for background in CHART_BACKGROUNDS:
        ratio = contrast_ratio(colour, palette[background])
        assert ratio >= 3, f"{theme}: {colour} on {background} is {ratio:.2f}:1"


def test_source_colours_are_distinct():
    assert len({c.lower() for c in SOURCE_COLOURS}) == len(SOURCE_COLOURS) == 7


def test_the_light_selected_colour_is_the_charts_band_as_drawn():
    assert blend(SELECTED_FILL, PALETTE["paper"]) == full_hex(PALETTE["selected"])


def test_contrast_ratio_matches_wcags_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#fff", "#fff") == pytest.approx(1)


def test_top_level_blocks_reads_nested_media_and_skips_comments():
    css = ":root { --a: #111; }\n/* x { } */\n@media print { :root { --a: #000; } p { c: d; } }"
    blocks = top_level_blocks(css)
    assert [prelude for prelude, _ in blocks] == [":root", "@media print"]
    assert root_colours(blocks[1][1]) == {"a": "#000"}
    assert root_colours(css) == {"a": "#111"}


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda p: p.name)
def test_each_stylesheet_sets_the_themes_font(stylesheet: Path):
    family = re.search(r"font-family:\s*([^;]+);", stylesheet.read_text()).group(1)
    assert family.replace('"', "'") == FONT_FAMILY


def test_full_hex_reads_the_short_form():
    assert full_hex("#555") == "#555555"
    assert full_hex("#0072B2") == "#0072b2"
