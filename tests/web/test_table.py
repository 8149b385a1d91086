"""The table's row data: numbers as numbers, words for qualifiers, the line each quote starts on."""

from __future__ import annotations

import json
import math

import pandas as pd

from dashboard.model.vocabulary import QUALIFIERS
from dashboard.web.table import COLUMN_DEFS, table_rows

RECORD = {
    "id": "x-1",
    "measure": "Executions in 1937-38",
    "value": 700000.0,
    "value_low": None,
    "value_high": None,
    "qualifier": "at_least",
    "value_text": "at least 700,000",
    "unit": "executions",
    "period_start": "1937",
    "period_end": "1938",
    "category_label": "Repression",
    "source": "000_a.txt",
    "source_title": "A long title of the first source",
    "quote": "at least 700,000 were shot",
}


def test_numbers_go_to_the_grid_as_numbers_and_missing_as_none():
    [row] = table_rows(
        [RECORD | {"value_low": float("nan"), "value_high": pd.NA, "source_line": ""}]
    )
    assert row["value"] == 700000
    assert isinstance(row["value"], int)
    assert row["value_low"] is None
    assert row["value_high"] is None
    assert row["source_line"] is None
    [inf] = table_rows([RECORD | {"value": float("inf"), "value_low": "1,5", "value_high": "2.5"}])
    assert inf["value"] is None
    assert inf["value_low"] is None
    assert inf["value_high"] == 2.5
    [half] = table_rows([RECORD | {"value": 0.5}])
    assert half["value"] == 0.5
    assert "NaN" not in json.dumps(table_rows([RECORD | {"value": math.nan}]))


def test_qualifier_in_words_and_source_fields_with_fallbacks():
    [before] = table_rows([RECORD])  # records without source_short / source_line
    assert before["qualifier"] == QUALIFIERS["at_least"] == "at least"
    assert before["source_short"] == RECORD["source_title"]
    assert "source_title" not in before  # the grid's context has each title once
    assert before["source_line"] is None
    [after] = table_rows([RECORD | {"source_short": "First source", "source_line": 14.0}])
    assert after["source_short"] == "First source"
    assert after["source_line"] == 14
    assert isinstance(after["source_line"], int)


def test_every_column_has_its_field_in_the_rows():
    [row] = table_rows([RECORD])
    assert {c["field"] for c in COLUMN_DEFS} <= set(row)
    assert row["period_start"] == "1937"
    assert row["id"] == "x-1"
    [undated] = table_rows([RECORD | {"period_start": "", "period_end": None}])
    assert not undated["period_start"]  # shown blank
    assert not undated["period_end"]


def test_two_statements_of_one_sentence_differ_by_line():
    rows = table_rows([RECORD | {"source_line": 14}, RECORD | {"id": "x-2", "source_line": 130}])
    assert [r["source_line"] for r in rows] == [14, 130]
