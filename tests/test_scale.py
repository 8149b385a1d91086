"""Large tables: charts draw yearly aggregates, the grid and comparisons list the first rows."""

import pandas as pd
import pytest

from dashboard import layout as ids
from dashboard.callbacks import MAX_TABLE_ROWS, View, update_view
from dashboard.charts import MAX_AGGREGATES, MAX_PLOTTED, aggregate_for_plot
from dashboard.data import Dataset, load_or_raise
from tests.conftest import MINI


@pytest.fixture(scope="module")
def big_view():
    """The mini fixture repeated until it is larger than MAX_PLOTTED, with unique ids."""
    mini = load_or_raise(MINI)
    copies = MAX_PLOTTED // len(mini.figures) + 2
    frame = pd.concat([mini.figures] * copies, ignore_index=True)
    frame["id"] = [f"row-{i}" for i in range(len(frame))]
    return View(Dataset(frame, mini.sources, mini.dismissed))


def test_aggregate_keeps_every_dated_figure_counted_once(big_view):
    plot = big_view.plot
    out = aggregate_for_plot(plot)
    assert out["count"].sum() == plot["plot_year"].notna().sum()
    assert len(out) < len(plot) / 10
    assert (out["err_minus"] >= 0).all() and (out["err_plus"] >= 0).all()
    assert set(out["qualifier"]) == {"aggregate"}
    assert all(h[1].split(" figures: ")[0].replace(",", "").isdigit() for h in out["hover"])


def test_large_view_caps_the_table_and_says_so(big_view):
    out = update_view(big_view, ids.URL, "", None, None, None, None)
    total = len(big_view.plot)
    assert total > MAX_PLOTTED
    assert len(out[(ids.GRID, "rowData")]) == MAX_TABLE_ROWS
    assert f"the table lists the first {MAX_TABLE_ROWS}" in out[(ids.COUNT, "children")]
    explorer = out[(ids.EXPLORER, "figure")]
    markers = [t for t in explorer["data"] if t.get("mode") == "markers" and t.get("customdata")]
    assert sum(len(t["x"]) for t in markers) < MAX_PLOTTED
    assert all(set(t["marker"]["symbol"]) == {"square"} for t in markers)


def test_small_view_draws_every_figure(big_view):
    mini = load_or_raise(MINI)
    out = update_view(View(mini), ids.URL, "", None, None, None, None)
    assert len(out[(ids.GRID, "rowData")]) == len(mini.figures)
    assert "the table lists" not in out[(ids.COUNT, "children")]


def test_buckets_widen_until_few_aggregates_remain(big_view):
    plot = big_view.plot.copy()
    plot["plot_group"] = plot.index % 50
    plot["plot_year"] = pd.array(1850 + plot.index // 50, dtype="Int64")  # every group, many years
    out = aggregate_for_plot(plot)
    assert len(out) <= MAX_AGGREGATES
    assert out["count"].sum() == len(plot)
    assert out["year"].str.contains("–").all()  # buckets wider than a year are labelled as spans
