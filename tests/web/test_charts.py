"""Chart builders as plain functions: every row named, one unit per panel, glyphs by qualifier."""

from __future__ import annotations

import itertools

import plotly.graph_objects as go
import pytest

from dashboard.model.data import load_or_raise
from dashboard.model.frame import plot_frame, records
from dashboard.model.vocabulary import THEMES, unit_family
from dashboard.web.charts import (
    EMPTY_HEIGHT,
    EMPTY_MESSAGE,
    LINE_PX,
    MAX_CHART_ROWS,
    row_text,
    source_colours,
    theme_figure,
    theme_summary,
    wrapped,
)
from dashboard.web.table import table_rows
from tests.conftest import MINI


@pytest.fixture(scope="module")
def dataset():
    return load_or_raise(MINI)


@pytest.fixture(scope="module")
def plot(dataset):
    return plot_frame(dataset.figures, dataset.sources)


@pytest.fixture(scope="module")
def rows(plot):
    return records(plot)


@pytest.fixture(scope="module")
def colours(dataset):
    return source_colours(dataset.sources)


def glyphs(figure: dict) -> dict[str, list[tuple]]:
    """Figure id -> [(x, y, symbol, trace)] for every clickable point of every trace."""
    out: dict[str, list[tuple]] = {}
    for trace in figure["data"]:
        symbols = trace.get("marker", {}).get("symbol")
        for i, custom in enumerate(trace.get("customdata") or []):
            if custom:
                symbol = symbols[i] if isinstance(symbols, list) else "circle"
                out.setdefault(custom[0], []).append((trace["x"][i], trace["y"][i], symbol, trace))
    return out


def texts(figure: dict) -> str:
    """Every text the figure prints: annotations and trace labels."""
    parts = [a["text"] for a in figure["layout"].get("annotations", [])]
    parts += [t for trace in figure["data"] for t in trace.get("text") or [] if t]
    return "\n".join(parts).replace("<br>", " ").replace("<b>", "").replace("</b>", "")


def all_figures(rows, colours):
    return {theme: theme_figure(rows, theme, colours) for theme in THEMES}


def test_plot_frame_leaves_the_loaded_frame_alone(dataset, plot):
    before = dataset.figures.copy()
    plot_frame(dataset.figures, {})
    assert dataset.figures.equals(before)
    assert len(plot) == len(dataset.figures)
    assert "x_mid" not in dataset.figures.columns


def test_every_built_figure_is_valid_plotly(rows, colours):
    for figure in all_figures(rows, colours).values():
        go.Figure(figure)  # raises on an unknown property or a bad value


def test_every_plotted_row_is_named_in_words_with_its_value_and_source(rows, colours):
    by_id = {r["id"]: r for r in rows}
    for figure in all_figures(rows, colours).values():
        printed = texts(figure)
        for figure_id in glyphs(figure):
            row = by_id[figure_id]
            assert row["value_text"].lower() in printed.lower(), figure_id
            assert row["label"].split(",")[0] in printed, figure_id
            if not row["series"]:  # forest rows also name their source, and their period
                assert row["source_short"] in printed, figure_id
                if row["period"] != "no period given":
                    assert row["period"] in printed.replace("no period given", ""), figure_id


def test_every_theme_row_is_drawn_undated_ones_too(rows, colours):
    for theme, figure in all_figures(rows, colours).items():
        expected = {r["id"] for r in rows if theme in r["themes"]}
        assert set(glyphs(figure)) == expected, theme
    undated = glyphs(theme_figure(rows, "repression", colours))["000-deportations-undated"]
    assert undated


def test_no_panel_mixes_units(rows, colours):
    by_id = {r["id"]: r for r in rows}
    for figure in all_figures(rows, colours).values():
        units_by_axis: dict[str, set] = {}
        for figure_id, marks in glyphs(figure).items():
            for *_, trace in marks:
                units_by_axis.setdefault(trace["xaxis"], set()).add(
                    unit_family(by_id[figure_id]["unit"])
                )
        assert all(len(units) == 1 for units in units_by_axis.values()), units_by_axis


def test_axes_say_their_unit_in_words_and_ticks_are_clean(rows, colours):
    figure = theme_figure(rows, "war_losses", colours)["layout"]
    assert figure["xaxis"]["title"]["text"] == "number of people"
    assert all(t[-1] in "0123456789kMB" for t in figure["xaxis"]["ticktext"])
    titles = [v["title"]["text"] for k, v in figure.items() if k.startswith("xaxis")]
    assert titles
    assert not any("hover" in t for t in titles)
    mixed = [
        dict(r, themes=(*r["themes"], "war_losses"))
        for r in rows
        if r["unit"] in ("soldiers", "people")
    ]
    mixed.append(dict(mixed[0], id="tiny", low=10.0, high=10.0, value=10.0, value_text="ten"))
    log = theme_figure(mixed, "war_losses", colours)["layout"]["xaxis"]
    assert log["type"] == "log"
    assert log["title"]["text"].endswith("(log scale)")
    assert log["ticktext"][:3] == ["10", "100", "1k"]
    assert "1M" in log["ticktext"]


def test_each_qualifier_gets_its_glyph(rows, colours):
    marks = glyphs(theme_figure(rows, "repression", colours))
    at_least = marks["000-great-purge-executions"]
    assert [m[2] for m in at_least] == ["circle", "triangle-right"]
    assert at_least[1][0] > at_least[0][0]
    nearly = marks["001-great-purge-executions"]
    assert [m[2] for m in nearly] == ["circle", "triangle-left"]
    assert nearly[1][0] < nearly[0][0]
    vague = marks["000-deportations-undated"]
    assert [m[0] for m in vague] == [100000, 1000000]
    assert vague[0][3]["opacity"] < 1
    famine = glyphs(theme_figure(rows, "famine", colours))["000-famine-deaths"]
    assert [(m[0], m[2]) for m in famine] == [(5000000, "line-ns"), (7000000, "line-ns")]
    war = glyphs(theme_figure(rows, "war_losses", colours))["000-tannenberg-prisoners"]
    assert [(m[0], m[2]) for m in war] == [(92000, "circle")]


def test_series_are_time_lines_joining_only_their_own_rows(rows, colours):
    figure = theme_figure(rows, "party", colours)
    lines = [t for t in figure["data"] if t["mode"] == "lines"]
    assert len(lines) == 1
    assert lines[0]["x"] == sorted(lines[0]["x"])
    assert len(set(lines[0]["x"])) == 2
    series_axis = lines[0]["xaxis"]
    assert figure["layout"][f"xaxis{series_axis[1:]}"]["type"] == "date"
    members = glyphs(figure)
    assert {fid for fid, marks in members.items() if marks[0][3]["xaxis"] == series_axis} == {
        "000-bolshevik-members-march-1917",
        "000-bolshevik-members-november-1917",
    }
    assert "about 24,000" in texts(figure)
    assert "more than 200,000" in texts(figure)


def test_a_breakdown_is_one_block_never_joined(rows, colours):
    figure = theme_figure(rows, "war_losses", colours)
    assert not [t for t in figure["data"] if t["mode"] == "lines"]
    marks = glyphs(figure)
    parts = sorted(
        marks[f][0][1] for f in ("000-tannenberg-casualties", "000-tannenberg-prisoners")
    )
    other = marks["000-ww1-military-deaths"][0][1]
    assert not parts[0] < other < parts[1]  # the parts are adjacent rows
    bands = [s for s in figure["layout"]["shapes"] if s["y0"] <= parts[0] and parts[1] <= s["y1"]]
    assert len(bands) == 1


def test_row_texts_never_overlap(rows, colours):
    for figure in all_figures(rows, colours).values():
        by_axis: dict[str, list] = {}
        for note in figure["layout"]["annotations"]:
            by_axis.setdefault(note["yref"], []).append(note)
        for notes in by_axis.values():
            forest = sorted((n for n in notes if "yshift" not in n), key=lambda n: n["y"])
            for above, below in itertools.pairwise(forest):
                lines = above["text"].count("<br>") + 1
                assert above["y"] + lines * LINE_PX <= below["y"]


def test_texts_wrap_to_a_phone_width():
    assert all(len(line) <= 46 for line in wrapped("word " * 40))
    long = {"label": "x" * 60, "period": "1917", "value_text": "5", "unit": "tanks",
            "source_short": "S"}  # fmt: skip
    assert "x" * 46 in wrapped(row_text(long))[0]


def test_selected_figure_is_highlighted(rows, colours):
    plain = theme_figure(rows, "famine", colours)
    chosen = theme_figure(rows, "famine", colours, selected="001-famine-deaths")
    assert len(chosen["layout"]["shapes"]) == len(plain["layout"]["shapes"]) + 1
    band = chosen["layout"]["shapes"][-1]
    y = glyphs(chosen)["001-famine-deaths"][0][1]
    assert band["y0"] < y < band["y1"]


def test_empty_theme_says_so_once_at_a_reduced_height(rows, colours):
    figure = theme_figure([r for r in rows if r["category"] == "party"], "famine", colours)
    assert figure["data"] == []
    assert figure["layout"]["height"] == EMPTY_HEIGHT
    assert [a["text"] for a in figure["layout"]["annotations"]] == [EMPTY_MESSAGE]
    assert theme_summary([r for r in rows if r["category"] == "party"], "famine") == ""


def test_summary_counts_statements_and_ranges(rows):
    summary = theme_summary(rows, "famine")
    assert summary.startswith("2 statements of 1 quantity")
    assert "number of people: \u201cBetween five and seven million\u201d" in summary
    repression = theme_summary(rows, "repression")
    assert "over time, 1937 to 1938" in repression  # the series' true first and last periods
    assert "from \u201cHundreds of thousands\u201d to \u201cat least 700,000\u201d" in repression


def test_charts_draw_at_most_the_largest_rows(rows, colours):
    many = [
        dict(rows[0], id=f"r{i}", claim=f"c{i}", low=float(i + 1), high=float(i + 1))
        for i in range(MAX_CHART_ROWS + 15)
    ]
    drawn = glyphs(theme_figure(many, "war_losses", colours))
    assert len(drawn) == MAX_CHART_ROWS
    assert "r0" not in drawn
    assert f"Showing the {MAX_CHART_ROWS} largest of {len(many)}" in theme_summary(
        many, "war_losses"
    )


def test_image_download_carries_title_and_sources(rows, colours):
    image = {"title": "T", "filters": "All figures", "sources": "Sources: A, licence: CC0"}
    meta = theme_figure(rows, "famine", colours, image=image)["layout"]["meta"]["image"]
    assert meta == image


def test_table_rows_include_undated_figures(plot):
    table = table_rows(records(plot))
    assert len(table) == len(plot)
    undated = next(r for r in table if r["id"] == "000-deportations-undated")
    assert not undated["period_start"]  # shown blank
    assert not undated["period_end"]
    assert undated["value_text"] == "Hundreds of thousands"


def test_vague_magnitudes_read_as_english():
    row = {"label": "Famine deaths", "period": "1924–1953", "value_text": "millions",
           "unit": "deaths", "qualifier": "vague", "source_short": "S"}  # fmt: skip
    assert "millions of deaths" in row_text(row)
    assert "Nearly 700,000" not in row_text(
        row | {"value_text": "Nearly 700,000", "qualifier": "nearly"}
    )


def test_restatements_in_a_series_are_all_drawn_side_by_side(rows, colours):
    twice = rows + [dict(r, id=r["id"] + "-b", source="001_mini_page.txt", source_line=99)
                    for r in rows if r["series"] == "collectivised-share"]  # fmt: skip
    marks = glyphs(theme_figure(twice, "collectivisation", colours))
    first, again = (
        marks["000-collectivised-share-1932"][0],
        marks["000-collectivised-share-1932-b"][0],
    )
    assert first[1] == again[1]  # same value, a few days apart
    assert first[0] != again[0]
    assert first[3]["marker"]["color"] != again[3]["marker"]["color"]  # each in its source colour


def test_series_labels_sit_away_from_the_line(rows, colours):
    figure = theme_figure(rows, "party", colours)
    labelled = {t["text"][0]: t["textposition"] for t in figure["data"] if t.get("text")}
    assert labelled["about 24,000 (Mar 1917)"] == "bottom center"  # the line rises from it
    assert labelled["more than 200,000 (Nov 1917)"] == "top center"


def test_panels_never_overlap_and_tall_ones_repeat_their_scale(rows, colours):
    many = [
        dict(rows[0], id=f"r{i}", claim=f"c{i}", low=float(i + 1), high=float(i + 1))
        for i in range(20)
    ]
    for figure in [*all_figures(rows, colours).values(), theme_figure(many, "war_losses", colours)]:
        layout = figure["layout"]
        domains = sorted(
            v["domain"] for v in layout.values() if isinstance(v, dict) and "domain" in v
        )
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(domains)), domains
    tall = theme_figure(many, "war_losses", colours)["layout"]
    repeat = tall["xaxis101"]
    assert repeat["overlaying"] == "x"
    assert repeat["side"] == "bottom"
    assert repeat["ticktext"] == tall["xaxis"]["ticktext"]
    assert "xaxis101" not in theme_figure(rows, "famine", colours)["layout"]  # short: no repeat


def test_a_zero_is_drawn_on_a_linear_scale_never_a_log_one(rows, colours):
    """A log axis has no place for 0: a panel holding a zero (here an "at least 0" beside 10 and
    10,000, which would otherwise be drawn on a log scale) is drawn linear, the zero included."""
    base = next(r for r in rows if "war_losses" in r["themes"] and not r["series"]) | {
        "breakdown": ""
    }
    numbers = [(0.0, "at_least"), (10.0, "exact"), (10_000.0, "exact")]
    panel = [
        dict(base, id=f"z{i}", claim=f"z{i}", low=n, high=n, value=n, qualifier=q)
        for i, (n, q) in enumerate(numbers)
    ]
    figure = theme_figure(panel, "war_losses", colours)
    axes = [v for k, v in figure["layout"].items() if k.startswith("xaxis")]
    assert axes
    assert all(axis.get("type") != "log" for axis in axes)
    assert glyphs(figure)["z0"][0][0] == 0.0
