"""The real curated table: validates with zero problems, and every numeric mention is accounted for."""

import pytest

from dashboard.coverage import uncovered_mentions
from dashboard.data import CATEGORIES, load_dataset


@pytest.fixture(scope="module")
def dataset(real_data_dir):
    dataset, problems = load_dataset(real_data_dir)
    assert [str(p) for p in problems] == []
    return dataset


def test_real_table_has_every_category_and_many_rows(dataset):
    figures = dataset.figures
    assert len(figures) > 100
    assert set(figures["category"]) == set(CATEGORIES)
    assert figures["id"].is_unique


def test_coverage_leaves_no_mention_unaccounted(dataset):
    remaining, total = uncovered_mentions(dataset)
    assert total > 200
    assert [str(m) for m in remaining] == []


def test_every_row_cites_a_shipped_source_on_a_line(dataset):
    figures = dataset.figures
    assert set(figures["source"]) <= set(dataset.sources)
    assert figures["source_line"].notna().all()
    for source, document in dataset.sources.items():
        assert document.title and document.licence, source


def test_claims_stated_more_than_once_share_a_measure_category(dataset):
    repeated = dataset.figures.groupby("claim").filter(lambda g: len(g) > 1)
    assert not repeated.empty
    assert (repeated.groupby("claim")["category"].nunique() == 1).all()


def periods(rows) -> set[tuple[str, str]]:
    return {(r.period_start, r.period_end or r.period_start) for r in rows.itertuples()}


def test_every_series_is_one_quantity_at_two_or_more_times(dataset):
    in_series = dataset.figures[dataset.figures["series"] != ""]
    assert in_series["series"].nunique() >= 5
    for name, rows in in_series.groupby("series"):
        assert rows["unit"].nunique() == 1, name
        assert rows["period_start"].ne("").all(), name
        assert len(periods(rows)) >= 2, name
        assert rows["label"].nunique() == 1, name  # one quantity: one name, the period tells apart


def test_every_breakdown_splits_one_moment_into_parts(dataset):
    in_breakdown = dataset.figures[dataset.figures["breakdown"] != ""]
    assert in_breakdown["breakdown"].nunique() >= 5
    for name, rows in in_breakdown.groupby("breakdown"):
        assert rows["unit"].nunique() == 1, name
        assert len(periods(rows)) == 1, name
        assert rows["claim"].nunique() >= 2, name
        assert rows["label"].is_unique, name  # each part named apart on the axis


def test_the_large_factory_share_is_a_series_and_part_of_the_1914_breakdown(dataset):
    row = dataset.figures.set_index("id").loc["000-russia-workers-large-factories-1914"]
    assert row["series"] != "" and row["breakdown"] != ""
    series = dataset.figures[dataset.figures["series"] == row["series"]]
    assert set(series["period_start"]) == {"1901", "1914"}


def test_every_row_has_a_short_label_shared_by_its_claim(dataset):
    figures = dataset.figures
    assert figures["label"].ne("").all()
    assert figures["label"].str.len().max() <= 48
    assert (figures.groupby("claim")["label"].nunique() == 1).all()
    # Two claims may share a label only where the period tells them apart on the axis.
    named = figures.drop_duplicates(["claim", "period_start", "period_end"])
    assert not named.duplicated(["label", "period_start", "period_end"]).any()


def test_every_source_has_a_short_title(dataset):
    for source, document in dataset.sources.items():
        assert document.short_title and document.short_title != document.title, source
        assert len(document.short_title) <= 32, source
