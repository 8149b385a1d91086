"""The rules that read a row against its paragraph: asserted_by must name who the text names, and a
total stated "by <date>" needs its start. Each refuses a crafted bad row with its file and line."""

from __future__ import annotations

import pytest

from dashboard.extract.authorities import authority_of
from dashboard.extract.propose import propose
from dashboard.model.data import load_dataset
from tests.conftest import SOURCE_TEXT, row

SHOT = (
    "Historians\u00a0estimate that nearly 700,000 (353,074 in 1937 and 328,612 in 1938) were shot."
)
SHOT_ROW = {
    "id": "tiny-shot",
    "claim": "shot",
    "category": "repression",
    "measure": "People shot",
    "label": "People shot",
    "value": "700000",
    "value_high": "700000",
    "qualifier": "nearly",
    "value_text": "nearly 700,000",
    "unit": "executions",
    "period_start": "1937",
    "period_end": "1938",
    "quote": SHOT,
}
LOST = "Russia had lost between 1,600,000 and 1,800,000 soldiers by 1916."


def problems_of(make_data_dir, rows):
    _, problems = load_dataset(make_data_dir(rows))
    return [(p.file, p.line, p.column, p.message) for p in problems]


def test_an_authority_the_paragraph_names_is_accepted(make_data_dir):
    assert problems_of(make_data_dir, [row(**SHOT_ROW, asserted_by="historians")]) == []


def test_an_authority_the_paragraph_does_not_name_is_refused_with_its_line(make_data_dir):
    found = problems_of(
        make_data_dir, [row(), row(**SHOT_ROW, asserted_by="Robert Conquest, historian")]
    )
    assert found == [
        ("figures.csv", 3, "asserted_by", "'robert conquest' is not in the quote's paragraph")
    ]


def test_unnamed_estimates_need_a_paragraph_that_speaks_of_an_estimate(make_data_dir):
    assert problems_of(make_data_dir, [row(**SHOT_ROW, asserted_by="unnamed estimates")]) == []
    found = problems_of(make_data_dir, [row(asserted_by="unnamed estimates")])
    assert [(f, line, c) for f, line, c, _ in found] == [("figures.csv", 2, "asserted_by")]


def lost_row(**changes: str) -> dict:
    cells = {
        "id": "tiny-lost", "claim": "lost", "measure": "Russian soldiers lost",
        "label": "Soldiers lost", "value": "", "value_low": "1600000", "value_high": "1800000",
        "qualifier": "range", "value_text": "between 1,600,000 and 1,800,000", "quote": LOST,
    }  # fmt: skip
    return row(**(cells | changes))


def test_a_total_by_a_date_without_its_start_is_refused_with_its_line(make_data_dir):
    # "lost ... by 1916" written with the by-date first, as documents often do.
    text_first = "By 1916, Russia had lost between 1,600,000 and 1,800,000 soldiers."
    bad = lost_row(quote=text_first, period_start="1916", period_end="")
    data_dir = make_data_dir([bad], text=SOURCE_TEXT + text_first + "\n")
    _, problems = load_dataset(data_dir)
    assert [(p.file, p.line, p.column) for p in problems] == [("figures.csv", 2, "period_start")]
    assert "'By 1916'" in problems[0].message


@pytest.mark.parametrize(
    ("period_start", "period_end", "note"),
    [
        ("1914-08", "1916", ""),  # the start the text gives the accumulation
        ("1916", "", "The text gives no start: dated as a stock at that date."),
    ],
)
def test_a_total_by_a_date_with_its_start_or_a_reason_passes(
    make_data_dir, period_start, period_end, note
):
    text_first = "By 1916, Russia had lost between 1,600,000 and 1,800,000 soldiers."
    good = lost_row(quote=text_first, period_start=period_start, period_end=period_end, note=note)
    data_dir = make_data_dir([good], text=SOURCE_TEXT + text_first + "\n")
    assert load_dataset(data_dir)[1] == []


def test_a_share_by_a_date_is_a_stock_and_passes(make_data_dir):
    share = row(
        id="tiny-share", claim="share", measure="Share", label="Share", value="90",
        value_text="90%", unit="percent", period_start="1936", period_end="",
        quote="By 1936 this had risen to 90%.",
    )  # fmt: skip
    assert problems_of(make_data_dir, [share]) == []


@pytest.mark.parametrize(
    ("sentence", "authority"),
    [
        ("Historian Ian Beckett suggests around 12,000 were killed.", "Ian Beckett, historian"),
        ("Historians now estimate that nearly 700,000 were executed.", "Historians"),
        ("According to official Soviet estimates, more than 14 million were affected.", "official Soviet estimates"),
        ("By some estimates, up to 43% of the population died.", "unnamed estimates"),
        ("In the 1937 census, 57% of respondents said they were believers.", "1937 census"),
        ("According to Robert Conquest, 20 million died.", "Robert Conquest"),
        ("The army reportedly lost 3,000 men.", "unnamed reports"),
        ("It is estimated that 4 million died.", "unnamed estimates"),
        ("Around 5 million people died in the famine.", ""),
        ("In 1937 the party had 2 million members.", ""),
    ],
)  # fmt: skip
def test_propose_drafts_who_asserts_a_figure(sentence, authority):
    assert authority_of(sentence) == authority
    (draft,) = [d for d in propose("t.txt", sentence, None) if d.status == "proposed"][:1]
    assert draft.row["asserted_by"] == authority
