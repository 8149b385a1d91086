"""Chart builders as plain functions: traces, intervals, markers, hover carrying the citation."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard.charts import (
    EMPTY_MESSAGE,
    MARKER_KINDS,
    MAX_PANELS,
    PERSON_PANEL,
    THEMES,
    claim_comparisons,
    empty_figure,
    explorer_figure,
    period_range,
    period_text,
    plot_frame,
    records,
    theme_caption,
    theme_figure,
)
from dashboard.data import load_or_raise
from dashboard.table import table_rows
from tests.conftest import MINI


@pytest.fixture(scope="module")
def dataset():
    return load_or_raise(MINI)


@pytest.fixture(scope="module")
def plot(dataset):
    titles = {name: doc.title for name, doc in dataset.sources.items()}
    return plot_frame(dataset.figures, titles)


def marker_traces(figure: dict) -> list[dict]:
    return [t for t in figure["data"] if t["mode"] == "markers" and t.get("customdata")]


def points(figure: dict) -> dict[str, dict]:
    """Figure id -> {x, y, symbol, customdata, error bars} for every plotted point."""
    out = {}
    for trace in marker_traces(figure):
        error = trace.get("error_y", {})
        for i, custom in enumerate(trace["customdata"]):
            out[custom[0]] = {
                "x": trace["x"][i],
                "y": trace["y"][i],
                "symbol": trace["marker"]["symbol"][i],
                "customdata": custom,
                "plus": error.get("array", [0] * (i + 1))[i],
                "minus": error.get("arrayminus", [0] * (i + 1))[i],
                "trace": trace,
            }
    return out


def test_plot_frame_leaves_the_loaded_frame_alone(dataset, plot):
    before = dataset.figures.copy()
    plot_frame(dataset.figures, {})
    assert dataset.figures.equals(before)
    assert len(plot) == len(dataset.figures)
    assert "x_mid" not in dataset.figures.columns


def test_every_built_figure_is_valid_plotly(plot):
    for figure in [
        explorer_figure(plot),
        *(theme_figure(plot, t) for t in THEMES),
        empty_figure("T"),
    ]:
        go.Figure(figure)  # raises on an unknown property or a bad value


def test_explorer_is_a_log_timeline_coloured_by_category(plot):
    figure = explorer_figure(plot)
    assert figure["layout"]["yaxis"]["type"] == "log"
    assert figure["layout"]["xaxis"]["type"] == "date"
    assert "Period" in figure["layout"]["xaxis"]["title"]["text"]
    names = {t["name"] for t in marker_traces(figure)}
    assert {
        "War losses",
        "Repression",
        "Famine",
        "Party and elections",
        "Collectivisation",
    } == names
    dated = plot[plot["period_start"] != ""]
    assert set(points(figure)) == set(dated["id"])


def test_explorer_segments_span_each_period(plot):
    figure = explorer_figure(plot)
    segments = [t for t in figure["data"] if t["mode"] == "lines"]
    xs = [x for t in segments for x in t["x"] if x]
    assert "1934-01-01" in xs and "1939-12-31" in xs  # the Great Purge, 1934-1939
    assert "1917-03-01" in xs and "1917-03-31" in xs  # a month-long period


def test_range_is_an_error_bar_spanning_its_bounds(plot):
    point = points(explorer_figure(plot))["000-ww1-military-deaths"]
    assert point["symbol"] == MARKER_KINDS["range"][0]
    assert point["y"] - point["minus"] == pytest.approx(1_600_000)
    assert point["y"] + point["plus"] == pytest.approx(1_800_000)
    assert point["trace"]["error_y"]["symmetric"] is False


def test_open_bounds_get_triangles(plot):
    found = points(explorer_figure(plot))
    assert found["000-great-purge-executions"]["symbol"] == "triangle-up"  # at least
    assert found["001-great-purge-executions"]["symbol"] == "triangle-down"  # nearly
    assert found["000-bolshevik-members-november-1917"]["symbol"] == "triangle-up"  # more than
    assert found["000-executions-1937"]["symbol"] == "circle"


def test_marker_legend_explains_the_shapes_in_use(plot):
    figure = explorer_figure(plot)
    legend = [t for t in figure["data"] if t.get("legendgroup") == "markers"]
    drawn = {
        k: v for k, v in MARKER_KINDS.items() if k != "aggregate"
    }  # no aggregates at this size
    assert {t["marker"]["symbol"] for t in legend} == {s for s, _ in drawn.values()}
    assert all(t["legendgrouptitle"]["text"] == "Marker shape" for t in legend)


def test_hover_carries_value_as_written_period_and_source(plot):
    point = points(explorer_figure(plot))["001-great-purge-executions"]
    fid, measure, value_text, period, source, unit = point["customdata"]
    assert (fid, value_text, period, unit) == (
        "001-great-purge-executions",
        "Nearly 700,000",
        "1937–1938",
        "executions",
    )
    assert "001_mini_page.txt" in source and "Stalin" in source
    template = point["trace"]["hovertemplate"]
    assert all(f"customdata[{i}]" in template for i in (1, 2, 3, 4, 5))


def test_hover_text_is_escaped_not_markup(dataset):
    frame = dataset.figures.copy()
    frame.loc[0, "measure"] = "<b>bold</b> & <script>x</script>"
    figure = explorer_figure(plot_frame(frame, {}))
    custom = points(figure)[frame.loc[0, "id"]]["customdata"]
    assert custom[1] == "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"


def test_theme_charts_facet_by_unit_with_unit_axis_titles(plot):
    figure = theme_figure(plot, "repression")
    layout = figure["layout"]
    titles = {layout[k]["title"]["text"] for k in layout if k.startswith("yaxis")}
    assert titles == {PERSON_PANEL, "households"}
    assert layout["title"]["text"].startswith("Repression")
    assert layout["xaxis2"]["title"]["text"] == "Period (year)"  # the bottom panel names the axis


def test_theme_uses_log_axis_only_when_magnitudes_differ(plot):
    war = theme_figure(plot, "war_losses")["layout"]
    assert war["yaxis"]["type"] == "linear"  # soldiers: 78,000 and 92,000
    mixed = plot.copy()
    mixed.loc[mixed["id"] == "000-tannenberg-prisoners", "y"] = 92.0
    assert theme_figure(mixed, "war_losses")["layout"]["yaxis"]["type"] == "log"


def test_percent_axis_runs_from_zero_to_a_hundred(plot):
    layout = theme_figure(plot, "collectivisation")["layout"]
    percent = next(
        layout[k]
        for k in layout
        if k.startswith("yaxis") and "percent" in layout[k]["title"]["text"]
    )
    assert percent["range"] == [0, 105]


def test_collectivisation_theme_includes_dekulakisation_from_repression(plot):
    assert "000-dekulakised-households-1930" in points(theme_figure(plot, "collectivisation"))


def test_series_are_joined_by_a_line(plot):
    figure = theme_figure(plot, "party")
    lines = [t for t in figure["data"] if t.get("line", {}).get("dash") == "dot"]
    assert len(lines) == 1 and lines[0]["name"] == "bolshevik-membership-1917"
    assert lines[0]["x"] == sorted(lines[0]["x"])


def test_empty_selection_says_so_instead_of_blank_axes(plot):
    nothing = plot[plot["id"] == "no-such-id"]
    for figure in [explorer_figure(nothing), theme_figure(nothing, "famine")]:
        assert figure["data"] == []
        assert figure["layout"]["xaxis"]["visible"] is False
        assert figure["layout"]["annotations"][0]["text"] == EMPTY_MESSAGE
        assert figure["layout"]["title"]["text"]


def test_caption_names_the_sources_and_undated_figures(plot):
    caption = theme_caption(plot, "famine")
    assert "000_mini_history.txt" in caption and "001_mini_page.txt" in caption
    assert "1 figure without a period" in theme_caption(plot, "repression")
    assert theme_caption(plot[plot["category"] == "party"], "famine").startswith("No figure")


def test_table_rows_include_undated_figures(plot):
    rows = table_rows(records(plot))
    assert len(rows) == len(plot)
    undated = next(r for r in rows if r["id"] == "000-deportations-undated")
    assert undated["period"] == period_text("", "") == "no period given"
    assert undated["value_text"] == "Hundreds of thousands"


def test_comparisons_flag_disagreements(plot):
    comparisons = {c["claim"]: c for c in claim_comparisons(plot)}
    assert set(comparisons) == {"famine-deaths", "great-purge-executions"}
    assert comparisons["famine-deaths"]["differs"] == ["periods"]
    assert comparisons["great-purge-executions"]["differs"] == ["values", "periods"]
    statements = comparisons["great-purge-executions"]["statements"]
    assert {s["value_text"] for s in statements} == {"at least 700,000", "Nearly 700,000"}
    assert claim_comparisons(plot[plot["source"] == "000_mini_history.txt"]) == []


def test_builders_accept_records_as_well_as_frames(plot):
    assert explorer_figure(records(plot)) == explorer_figure(plot)


def test_theme_panels_are_capped_and_the_rest_merged(plot):
    many = plot.copy()
    for i, fid in enumerate(
        ["000-executions-1937", "001-executions-1938", "000-great-purge-executions"]
    ):
        many.loc[many["id"] == fid, "unit"] = f"unit{i}"
    layout = theme_figure(many, "repression")["layout"]
    axes = [k for k in layout if k.startswith("yaxis")]
    assert len(axes) == MAX_PANELS
    assert layout[axes[-1]]["title"]["text"] == "other units (see hover)"


def test_a_narrowed_period_sets_the_x_range(plot):
    assert period_range(None, None) is None
    figure = explorer_figure(plot, x_range=period_range(1930, 1939))
    assert figure["layout"]["xaxis"]["range"] == ["1930-01-01", "1939-12-31"]
    open_end = theme_figure(plot, "repression", period_range(1930, None))["layout"]["xaxis"]
    assert open_end["range"] == ["1930-01-01", None] and open_end["autorange"] == "max"
    assert "range" not in explorer_figure(plot)["layout"]["xaxis"]


def test_periods_at_different_precision_agree():
    def statement(fid, start, end=""):
        return {"id": fid, "claim": "c", "measure": "m", "value": 1.0, "value_low": None,
                "value_high": None, "period_start": start, "period_end": end, "period": start,
                "value_text": "1", "qualifier": "exact", "source": "s", "source_title": "t", "quote": "q"}  # fmt: skip

    agree = claim_comparisons(
        [statement("a", "1936", "1939-03"), statement("b", "1936-07", "1939-03")]
    )
    assert agree[0]["differs"] == []
    differ = claim_comparisons([statement("a", "1934", "1939"), statement("b", "1937", "1938")])
    assert differ[0]["differs"] == ["periods"]
