"""Coverage: which numeric mentions count, which rules drop, and what curated quotes cover."""

from dashboard.coverage import find_mentions, uncovered_mentions
from dashboard.data import load_dataset
from dashboard.sources import SourceDocument
from tests.conftest import row


def mentions(text: str, furniture: list[int] | None = None) -> list[str]:
    return [
        m.text
        for m in find_mentions(SourceDocument("t.txt", text, furniture_lines=furniture or []))
    ]


def test_numerals_words_and_percentages_count():
    text = "Over 30,000 died, 1.5% owned 25% and thirteen provinces; hundreds of thousands fled. Two-thirds"
    assert mentions(text) == [
        "30,000",
        "1.5%",
        "25%",
        "thirteen",
        "hundreds of thousands",
        "Two-thirds",
    ]


def test_rules_drop_what_is_plainly_not_a_figure():
    text = (
        "In 1914[12][nb 3][*17] (from around 1929,as) on 18 December 1878 [O.S. 6 December] and March 14, "
        "the 13th congress of the 1920s, famine of 1932–33, one of them, no one."
    )
    assert mentions(text) == []


def test_furniture_lines_are_skipped():
    assert mentions("994\nreal 45 figures\n", furniture=[1]) == ["45"]


def test_mentions_carry_line_and_column():
    (mention,) = find_mentions(SourceDocument("t.txt", "first line\nlost 700,000 men"))
    assert (mention.line, mention.column, mention.text) == (2, 6, "700,000")
    assert str(mention).startswith("t.txt:2:6: '700,000'")


def test_curated_and_dismissed_quotes_cover_their_mentions(make_data_dir):
    text = "Over 30,000 troops were killed or wounded and 90,000 captured.\nIt had two sides and 45 guns.\n"
    curated = row(quote="Over 30,000 troops were killed or wounded and 90,000 captured")
    dismissed = [{"source": "tiny.txt", "quote": "two sides", "reason": "incidental_count"}]
    dataset, problems = load_dataset(make_data_dir([curated], dismissed, text=text))
    assert problems == []
    remaining, total = uncovered_mentions(dataset)
    assert total == 4
    assert [(m.line, m.text) for m in remaining] == [(2, "45")]
