"""One palette: both stylesheets declare exactly the colours of dashboard/web/theme.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.web.theme import FONT_FAMILY, PALETTE

STYLESHEETS = [
    Path(__file__).resolve().parents[2] / "dashboard" / "web" / "assets" / "style.css",
    Path(__file__).resolve().parents[2] / "dashboard" / "server" / "source_page.css",
]
DECLARATION_RE = re.compile(r"^\s*--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", re.MULTILINE)


def full_hex(colour: str) -> str:
    """#555 -> #555555, lower case: the same colour written two ways compares equal."""
    digits = colour[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda p: p.name)
def test_each_stylesheet_colour_is_the_palettes(stylesheet: Path):
    declared = dict(DECLARATION_RE.findall(stylesheet.read_text()))
    assert declared, "no colour custom properties found"
    for name, colour in declared.items():
        assert name in PALETTE, f"--{name} is not in theme.PALETTE"
        assert full_hex(colour) == full_hex(PALETTE[name]), f"--{name}: {colour}"


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda p: p.name)
def test_each_stylesheet_sets_the_themes_font(stylesheet: Path):
    family = re.search(r"font-family:\s*([^;]+);", stylesheet.read_text()).group(1)
    assert family.replace('"', "'") == FONT_FAMILY


def test_full_hex_reads_the_short_form():
    assert full_hex("#555") == "#555555"
    assert full_hex("#0072B2") == "#0072b2"
