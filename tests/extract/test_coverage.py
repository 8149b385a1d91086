"""The number finder and coverage: each form a figure takes is found whole, each non-figure is
dropped, and a mention is covered only by a row stating it there or a dismissal naming it."""

import pytest

from dashboard.extract.coverage import uncovered_mentions
from dashboard.extract.mentions import find_mentions, find_mentions_in
from dashboard.model.data import load_dataset
from dashboard.model.numbers import parse_numbers
from tests.conftest import row


def mentions(text: str) -> list[str]:
    return [text[a:b] for a, b in find_mentions_in(text)]


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        ("He had twice the men.", "twice", [2]),
        ("They came thrice.", "thrice", [3]),
        ("Output rose tenfold.", "tenfold", [10]),
        ("a 10-fold rise", "10-fold", [10]),
        ("Grain exports doubled.", "doubled", [2]),
        ("The ration was halved.", "halved", [0.5]),
        ("It was double the number.", "double", [2]),
        ("a pair of envoys", "a pair", [2]),
        ("a trio of generals", "a trio", [3]),
        ("Then the foursome met.", "the foursome", [4]),
        ("a dozen ships", "a dozen", [12]),
        ("It executed one admiral.", "one", [1]),
        ("a tenth of the grain", "a tenth", [0.1]),
        ("three-fifths of the peasants", "three-fifths", [0.6]),
        ("nine-tenths of the land", "nine-tenths", [0.9]),
        (
            "It rose from fourth to fifth among industrial economies.",
            "from fourth to fifth",
            [4, 5],
        ),
        ("Russia ranked third in steel.", "third", [3]),
        ("It sent 1500 troops.", "1500", [1500]),
        ("In May 40 people were killed.", "40", [40]),
        ("24km of road", "24km", [24]),
        ("5kg of bread", "5kg", [5]),
        ("700k soldiers", "700k", [700_000]),
        ("1.6m people", "1.6m", [1_600_000]),
        ("the majority of peasants", "the majority of", [0.5]),
        ("between 1.5 and 2 million died", "between 1.5 and 2 million", [1_500_000, 2_000_000]),
        ("25 million died", "25 million", [25_000_000]),
        ("hundreds of thousands fled", "hundreds of thousands", [100_000]),
        ("between five and seven million", "between five and seven million", [5e6, 7e6]),
        ("by 1936 this had risen to 90%", "90%", [90]),
        ("5 per cent of them", "5 per cent", [5]),
        ("30-40% of them", "30-40%", [30, 40]),
        ("one hundred and fifty thousand men", "one hundred and fifty thousand", [150_000]),
    ],
)
def test_each_form_is_found_whole_and_read_to_its_number(text, found, value):
    assert mentions(text) == [found]
    assert parse_numbers(found) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "on 18 December 1878 and March 14, 1918",  # day-month-year, month-day-year
        "from March 1917 to 1921",  # month-year, years
        "In 1921 famine struck.",  # a year before a noun, after "in"
        "the 1917 elections and its 1913 levels",  # a year that dates a noun
        "the famine of 1932–33 and the war of 1914–1918",  # year ranges
        "the 1930s",
        "In 1914[12][nb 3][*17] the army grew.",  # citation markers
        "the 10th Congress and the First World War",  # ordinals that name an event
        "the 19th century and the second half",
        "[O.S. 25 October]",
        "no one came; they helped one another; what one could afford; a poor one.",
        "Article 58 of the code and Order No. 00447 and an MI6 agent",  # numbers that name
        "calling for a third revolution in the latter half of the year",
    ],
)
def test_what_is_not_a_figure_is_dropped(text):
    assert mentions(text) == []


def test_a_sentence_with_several_figures_and_a_total_gives_one_mention_each():
    text = "nearly 700,000 (353,074 in 1937 and 328,612 in 1938) were executed"
    assert mentions(text) == ["700,000", "353,074", "328,612"]


def test_furniture_lines_are_skipped_and_mentions_carry_line_and_column():
    found = find_mentions("t.txt", "994 views\nlost 700,000 men\n", furniture_lines=[1])
    assert [(m.line, m.column, m.text) for m in found] == [(2, 6, "700,000")]
    assert str(found[0]).startswith("t.txt:2:6: '700,000' in «lost 700,000 men»")


TEXT = (
    "Over 30,000 troops were killed or wounded and 90,000 captured.\n"
    "It had two sides and 45 guns.\n"
)


def test_a_mention_inside_a_quote_but_stated_by_no_row_is_uncovered(make_data_dir):
    curated = row(quote="Over 30,000 troops were killed or wounded and 90,000 captured")
    dismissed = [{"source": "tiny.txt", "quote": "two sides", "reason": "incidental_count"}]
    dataset, problems = load_dataset(make_data_dir([curated], dismissed, text=TEXT))
    assert problems == []
    remaining, total = uncovered_mentions(dataset)
    assert total == 4
    # 90,000 is stated by the row; 30,000 sits in its quote but no row states it; 45 is nowhere.
    assert [(m.line, m.text) for m in remaining] == [(1, "30,000"), (2, "45")]


def test_a_value_text_stated_twice_in_its_quote_covers_each_place(make_data_dir):
    text = "Of these 18% were small; in the US the figures were 18 and 47.\n"
    rows = [
        row(id="tiny-a", claim="a", value="18", value_text="18%", unit="percent",
            quote="Of these 18% were small; in the US the figures were 18 and 47"),
        row(id="tiny-b", claim="b", value="18", value_text="18",
            quote="Of these 18% were small; in the US the figures were 18 and 47"),
        row(id="tiny-c", claim="c", value="47", value_text="47",
            quote="Of these 18% were small; in the US the figures were 18 and 47"),
    ]  # fmt: skip
    dataset, problems = load_dataset(make_data_dir(rows, text=text))
    assert problems == []
    assert uncovered_mentions(dataset) == ([], 3)
