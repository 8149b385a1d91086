"""The overview's data: every quantity shown named once, under the chart that draws it."""

from __future__ import annotations

import pytest

from dashboard.model.data import load_or_raise
from dashboard.model.frame import plot_frame, records
from dashboard.model.vocabulary import THEMES
from dashboard.web.overview import MAX_LINES_PER_THEME, overview_data


@pytest.fixture(scope="module")
def rows():
    dataset = load_or_raise()
    return records(plot_frame(dataset.figures, dataset.sources))


def lines_of(data: dict) -> list[dict]:
    return [line for group in data["groups"] for line in group["lines"]]


def test_every_quantity_is_named_once(rows):
    data = overview_data(rows)
    claims = {row["claim"] for row in rows if row["themes"]}
    opened = [line["figure"] for line in lines_of(data)]
    assert data["quantities"] == len(claims) == len(opened)
    by_id = {row["id"]: row["claim"] for row in rows}
    assert {by_id[figure] for figure in opened} == claims


def test_a_quantity_whose_statements_differ_is_marked_and_lists_their_values(rows):
    data = overview_data(rows)
    purge = [
        line for line in lines_of(data) if line["text"].startswith("Executed in the Great Purge")
    ]
    assert len(purge) == 1
    assert purge[0]["differs"] == "values and periods"
    assert "nearly 700,000" in purge[0]["text"]
    assert "5 statements" in purge[0]["text"]
    agreeing = [
        line for line in lines_of(data) if "statements" in line["text"] and not line["differs"]
    ]
    assert agreeing, "some repeated quantities agree"


def test_one_statement_is_its_value_and_equal_values_are_written_once(rows):
    data = overview_data(rows)
    texts = [line["text"] for line in lines_of(data)]
    assert "German casualties at Tannenberg, 1914: 12,000 soldiers" in texts
    spain = next(t for t in texts if t.startswith("Soviet troops sent to Spain"))
    assert ";" not in spain, spain  # "3000" and "3,000" are one value, written once


def test_themes_with_nothing_shown_are_named_in_one_list(rows):
    famine = [row for row in rows if row["category"] == "famine"]
    data = overview_data(famine)
    assert [group["title"] for group in data["groups"]] == [THEMES["famine"]["title"]]
    assert len(data["empty"]) == len(THEMES) - 1
    assert overview_data([])["groups"] == []


def test_a_large_theme_lists_its_first_quantities_and_counts_the_rest(rows):
    repression = [row for row in rows if row["themes"] and row["themes"][0] == "repression"]
    many = [
        row | {"claim": f"{row['claim']}-{copy}", "id": f"{row['id']}-{copy}"}
        for copy in range(3)
        for row in repression
    ]
    data = overview_data(many)
    group = data["groups"][0]
    claims = len({row["claim"] for row in many})
    assert len(group["lines"]) == MAX_LINES_PER_THEME < claims
    assert group["more"] == claims - MAX_LINES_PER_THEME
    assert data["quantities"] == claims
