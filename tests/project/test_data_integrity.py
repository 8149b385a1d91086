"""The real curated table: `validate` (the one data gate curators run) passes, every numeric mention
is accounted for, and the facts the dashboard is built around hold. The rules themselves live in
`validate`; tests/model/test_validation.py makes each one reject a crafted bad row."""

import pytest

from dashboard.cli import main
from dashboard.extract.coverage import uncovered_mentions
from dashboard.model.data import load_dataset
from dashboard.model.vocabulary import CATEGORIES


@pytest.fixture(scope="module")
def dataset(real_data_dir):
    dataset, problems = load_dataset(real_data_dir)
    assert [str(p) for p in problems] == []
    return dataset


def test_validate_passes_on_the_real_data(real_data_dir, capsys):
    assert main(["validate", "--data-dir", str(real_data_dir)]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_real_table_has_every_category_and_many_rows(dataset):
    figures = dataset.figures
    assert len(figures) > 100
    assert set(figures["category"]) == set(CATEGORIES)


def test_coverage_leaves_no_mention_unaccounted(dataset):
    remaining, total = uncovered_mentions(dataset)
    assert total > 200
    assert [str(m) for m in remaining] == []


def test_every_source_is_described_with_its_lineage(dataset):
    for source, document in dataset.sources.items():
        assert document.title, source
        assert document.licence, source
        assert document.derived_from, source
        assert document.short_title != document.title, source


def test_repeated_claims_and_groups_are_present(dataset):
    figures = dataset.figures
    assert figures.groupby("claim").size().gt(1).sum() >= 10
    assert figures.loc[figures["series"] != "", "series"].nunique() >= 5
    assert figures.loc[figures["breakdown"] != "", "breakdown"].nunique() >= 5


def test_the_large_factory_share_is_a_series_and_part_of_the_1914_breakdown(dataset):
    row = dataset.figures.set_index("id").loc["000-russia-workers-large-factories-1914"]
    assert row["series"] != ""
    assert row["breakdown"] != ""
    series = dataset.figures[dataset.figures["series"] == row["series"]]
    assert set(series["period_start"]) == {"1901", "1914"}


def test_rates_have_rate_units_not_head_counts(dataset):
    units = dataset.figures.set_index("id")["unit"]
    assert units["000-st-petersburg-people-per-room-1904"] == "people_per_room"
    assert units["000-workday-hours-1916"] == "hours_per_day"
    assert units["000-workweek-days-prewar"] == "days_per_week"
    assert units["000-st-petersburg-women-food-line-hours"] == "hours_per_week"


def test_the_poles_executed_are_one_claim_dated_1937_to_1938(dataset):
    rows = dataset.figures.set_index("id").loc[
        ["000-national-operations-executions-poles", "000-polish-operation-executions"]
    ]
    assert rows["claim"].nunique() == 1
    assert set(rows["period_start"]) == {"1937"}
    assert set(rows["period_end"]) == {"1938"}
