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
