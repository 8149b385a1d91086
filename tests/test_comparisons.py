"""Claim comparisons: statements of one quantity side by side, and what differs between them."""

from __future__ import annotations

import pytest

from dashboard.comparisons import claim_comparisons
from dashboard.data import load_or_raise
from dashboard.frame import plot_frame
from tests.conftest import MINI


@pytest.fixture(scope="module")
def plot():
    dataset = load_or_raise(MINI)
    return plot_frame(dataset.figures, dataset.sources)


def test_comparisons_flag_disagreements(plot):
    comparisons = {c["claim"]: c for c in claim_comparisons(plot)}
    assert set(comparisons) == {"famine-deaths", "great-purge-executions"}
    assert comparisons["famine-deaths"]["differs"] == ["periods"]
    assert comparisons["great-purge-executions"]["differs"] == ["values", "periods"]
    statements = comparisons["great-purge-executions"]["statements"]
    assert {s["value_text"] for s in statements} == {"at least 700,000", "Nearly 700,000"}
    assert {s["source_line"] for s in statements} == {11, 4}
    assert claim_comparisons(plot[plot["source"] == "000_mini_history.txt"]) == []


def test_periods_at_different_precision_agree():
    def statement(fid, start, end=""):
        return {"id": fid, "claim": "c", "measure": "m", "value": 1.0, "value_low": None,
                "value_high": None, "period_start": start, "period_end": end, "period": start,
                "value_text": "1", "qualifier": "exact", "source": "s", "source_title": "t",
                "source_short": "t", "source_line": 1, "quote": "q"}  # fmt: skip

    agree = claim_comparisons(
        [statement("a", "1936", "1939-03"), statement("b", "1936-07", "1939-03")]
    )
    assert agree[0]["differs"] == []
    differ = claim_comparisons([statement("a", "1934", "1939"), statement("b", "1937", "1938")])
    assert differ[0]["differs"] == ["periods"]
