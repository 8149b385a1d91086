"""The curated table's schema: its files, columns, required cells, and the forms of an id, a partial
date and a number."""

from __future__ import annotations

import re

FIGURES_FILE = "figures.csv"
DISMISSED_FILE = "dismissed.csv"
SOURCES_DIR = "sources"

COLUMNS = [
    "id", "claim", "category", "measure", "label", "series", "breakdown", "value", "value_low",
    "value_high", "qualifier", "value_text", "unit", "period_start", "period_end", "source", "quote",
    "asserted_by", "note",
]  # fmt: skip
REQUIRED = [
    "id",
    "claim",
    "category",
    "measure",
    "qualifier",
    "value_text",
    "unit",
    "source",
    "quote",
]
NUMERIC = ["value", "value_low", "value_high"]
TEXT_COLUMNS = [c for c in COLUMNS if c not in NUMERIC]
# What validation adds to each row of the frame: its years, where its quote is, its CSV line.
DERIVED_COLUMNS = ["year_start", "year_end", "source_line", "quote_start", "quote_end", "line"]
DISMISSED_COLUMNS = ["source", "quote", "reason"]

PARTIAL_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
YEAR_RANGE = (1000, 2100)  # the years the page's period slider and address accept
LABEL_MAX = 48  # characters: a chart axis label, before the chart appends the period
# Matched with fullmatch: "$" would also accept a trailing newline ("a-b\n" as the id "a-b").
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
