"""Claim comparisons: statements of one quantity side by side, and what differs between them."""

from __future__ import annotations

import pytest

from dashboard.model.comparisons import assertions, claim_comparisons, independent
from dashboard.model.data import load_or_raise
from dashboard.model.frame import plot_frame
from dashboard.web import ids
from dashboard.web.callbacks import Controls, View, update_view
from dashboard.web.comparison_blocks import comparison_data, comparison_flag
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


@pytest.mark.parametrize(
    ("differs", "assertions", "authorities", "flag"),
    [
        ([], 2, [], "Statements agree: 2 independent assertions."),
        ([], 1, [], "Statements agree: one assertion, stated more than once (same underlying text or authority)."),
        (["values"], 2, ["historians", "official Soviet estimates"], "Statements differ in values: 2 independent assertions (historians; official Soviet estimates)."),
        (["values", "periods"], 1, ["historians"], "Statements differ in values and periods: one assertion, stated more than once (same underlying text or authority)."),
    ],
)  # fmt: skip
def test_the_flag_says_how_many_independent_assertions_agree(
    differs, assertions, authorities, flag
):
    assert comparison_flag(differs, assertions, authorities) == flag


def statement(source: str, works: tuple, asserted_by: str = "") -> dict:
    return {"source": source, "works": works, "asserted_by": asserted_by}


def test_statements_are_independent_only_when_their_works_are_disjoint():
    stalin, purge = ("Wikipedia: Joseph Stalin",), ("Wikipedia: Great Purge",)
    assert not independent([statement("a.txt", stalin), statement("b.txt", stalin)])
    assert independent([statement("a.txt", stalin), statement("b.txt", purge)])
    # Without a stated lineage each document is its own witness: two documents are independent,
    # one document twice is not.
    assert independent([statement("a.txt", ()), statement("b.txt", ())])
    assert not independent([statement("a.txt", ()), statement("a.txt", ())])


def test_one_authority_quoted_by_two_documents_is_one_assertion():
    stalin, purge = ("Wikipedia: Joseph Stalin",), ("Wikipedia: Great Purge",)
    # Different texts, the same historians: one estimate, stated twice.
    both = [statement("a.txt", stalin, "historians"), statement("b.txt", purge, "historians")]
    assert not independent(both)
    assert len(assertions(both)) == 1
    # Different texts and different authorities: two estimates.
    two = [
        statement("a.txt", stalin, "historians"),
        statement("b.txt", purge, "official Soviet estimates"),
    ]
    assert independent(two)
    # A third statement copying the first text joins its assertion, whoever it names.
    three = [*two, statement("c.txt", stalin, "")]
    assert len(assertions(three)) == 2


def test_the_mini_fixtures_documents_are_independent_witnesses(plot):
    comparisons = {c["claim"]: c for c in claim_comparisons(plot)}
    assert comparisons["famine-deaths"]["independent"]
    assert all(s["lineage"] for s in comparisons["famine-deaths"]["statements"])


def test_copies_of_one_article_in_the_real_data_agree_as_one_text(real_data_dir):
    dataset = load_or_raise(real_data_dir)
    comparisons = {
        c["claim"]: c for c in claim_comparisons(plot_frame(dataset.figures, dataset.sources))
    }
    flags = {claim: comparison_data(c)["flag"] for claim, c in comparisons.items()}
    # The Joseph Stalin article, in both documents: agreement between copies is not corroboration.
    assert (
        "Statements agree: one assertion, stated more than once (same underlying text or authority)."
        in flags.values()
    )
    assert "Independent statements agree." not in flags.values()
    # The Poles executed: the Stalinism article and the NKVD article, independent statements.
    poles = comparisons["nkvd-poles-executed-national-operations-1937-1938"]
    assert poles["independent"]
    assert poles["differs"] == ["values"]


def _statement(fid: str, value: float, text: str) -> dict:
    return {"id": fid, "claim": "c", "measure": "m", "value": value, "value_low": None,
            "value_high": None, "period_start": "1937", "period_end": "", "period": "1937",
            "value_text": text, "qualifier": "exact", "source": fid, "source_title": "t",
            "source_short": "t", "source_line": 1, "quote": "q"}  # fmt: skip


def test_a_comparison_under_a_filter_names_and_lists_what_the_filter_hides():
    statements = [_statement("a", 7.0, "7"), _statement("b", 7.0, "seven"), _statement("c", 8, "8")]
    (whole,) = claim_comparisons(statements[:2], statements)
    assert [s["id"] for s in whole["statements"]] == ["a", "b"]
    assert [s["id"] for s in whole["hidden"]] == ["c"]
    # The comparison is of the whole claim: the hidden 8 still makes the values differ.
    assert whole["differs"] == ["values"]
    data = comparison_data(whole)
    assert data["shown"] == "2 of 3 statements shown."
    assert data["hidden_summary"] == "Show the statement the filters hide"
    assert [h["cells"][0] for h in data["hidden"]] == ["8"]
    assert data["hidden"][0]["id"] == "c"  # its Citation button opens it
    # Unfiltered, or with every statement shown: nothing to say.
    for unfiltered in (claim_comparisons(statements), claim_comparisons(statements, statements)):
        assert unfiltered[0]["hidden"] == []
        assert comparison_data(unfiltered[0])["shown"] == ""


def test_every_comparison_a_search_cuts_says_k_of_n_on_the_page(real_data_dir):
    # "executed" leaves out "700,000 were shot": the Great Purge's five statements show four.
    view = View(load_or_raise(real_data_dir))
    section = update_view(view, ids.URL, Controls(search="?q=executed"))["comparisons"]
    purge = next(b for b in section["blocks"] if b["measure"].startswith("People executed in"))
    assert purge["shown"] == "4 of 5 statements shown."
    assert [h["cells"][0] for h in purge["hidden"]] == ["700,000"]
    sizes = view.plot["claim"].value_counts()
    for block in section["blocks"]:
        shown = len(block["statements"])
        claim = view.plot.loc[view.plot["id"] == block["statements"][0]["id"], "claim"].iloc[0]
        total = int(sizes[claim])
        assert shown + len(block["hidden"]) == total
        assert block["shown"] == (f"{shown} of {total} statements shown." if shown < total else "")
    unfiltered = update_view(view, ids.URL, Controls(search="?category=repression"))
    assert all(b["shown"] == "" for b in unfiltered["comparisons"]["blocks"])
