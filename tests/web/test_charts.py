"""Chart builders as plain functions: every row named, one unit per panel, glyphs by qualifier."""

from __future__ import annotations

import itertools

import plotly.graph_objects as go
import pytest

from dashboard.model.data import DEFAULT_DATA_DIR, load_or_raise
from dashboard.model.frame import plot_frame, records
from dashboard.model.vocabulary import THEMES, unit_family
from dashboard.web.chart_words import GLYPH_SAMPLES, GLYPH_WORDS, escape, with_texts
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
from dashboard.web.layout import GRAPH_CONFIG
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
    """Figure id -> [(x, y, symbol, trace)] for every drawn point of every trace (not the rows'
    invisible click targets: targets())."""
    out: dict[str, list[tuple]] = {}
    for trace in figure["data"]:
        if trace["type"] == "bar":
            continue
        symbols = trace.get("marker", {}).get("symbol")
        for i, custom in enumerate(trace.get("customdata") or []):
            if custom:
                symbol = symbols[i] if isinstance(symbols, list) else "circle"
                out.setdefault(custom[0], []).append((trace["x"][i], trace["y"][i], symbol, trace))
    return out


def targets(figure: dict) -> dict[str, list[tuple]]:
    """Figure id -> [(trace, point index)] of every click target (the invisible bars)."""
    out: dict[str, list[tuple]] = {}
    for trace in figure["data"]:
        if trace["type"] == "bar":
            for i, custom in enumerate(trace["customdata"]):
                out.setdefault(custom[0], []).append((trace, i))
    return out


def bands(figure: dict) -> list[dict]:
    """The vague magnitudes' bands."""
    return [t for t in figure["data"] if t.get("fill") == "toself"]


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
    assert [(m[0], m[2]) for m in vague] == [(100000, "line-ns")]  # its floor, in full colour
    assert vague[0][3]["marker"]["opacity"] == 1
    assert [min(b["x"]) for b in bands(theme_figure(rows, "repression", colours))] == [100000]
    famine = glyphs(theme_figure(rows, "famine", colours))["000-famine-deaths"]
    assert [(m[0], m[2]) for m in famine] == [(5000000, "line-ns"), (7000000, "line-ns")]
    war = glyphs(theme_figure(rows, "war_losses", colours))["000-tannenberg-prisoners"]
    assert [(m[0], m[2]) for m in war] == [(92000, "circle")]


def test_series_are_time_lines_joining_only_their_own_rows(rows, colours):
    figure = theme_figure(rows, "party", colours)
    lines = [t for t in figure["data"] if t.get("mode") == "lines"]
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
    assert not [t for t in figure["data"] if t.get("mode") == "lines"]
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


def test_image_download_carries_title_and_the_sources_it_draws(rows, colours):
    # Only the file names of the sources the chart draws: assets/charts.js credits them from the
    # page's one source list (GET /api/sources.json), not from every chart.
    image = {"title": "T", "filters": "All figures"}
    drawn = sorted({r["source"] for r in rows if "famine" in r["themes"]})
    meta = theme_figure(rows, "famine", colours, image=image)["layout"]["meta"]["image"]
    assert meta == image | {"sources": drawn}
    assert drawn


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


def axes(figure: dict) -> set[str]:
    """The x axes of the figure's forest panels ("x", "x2", ...): their values are numbers."""
    return {
        key.replace("axis", "")
        for key, axis in figure["layout"].items()
        if key.startswith("xaxis") and axis.get("type") in ("linear", "log")
    }


def axis_end(figure: dict, axis: str) -> float:
    """The largest value an x axis shows (a log axis's range is in powers of ten)."""
    layout = figure["layout"][axis]
    return 10 ** layout["range"][1] if layout["type"] == "log" else layout["range"][1]


def test_a_row_is_clicked_anywhere_across_its_mark_and_its_words(rows, colours):
    """Each drawn row has one invisible bar that answers a click (hoverinfo "none", not "skip",
    which would drop the click): across the whole axis, so the middle of a range, and from the
    top of its words to the bottom of its glyph."""
    for figure in all_figures(rows, colours).values():
        hit = targets(figure)
        forest = {f for f, marks in glyphs(figure).items() if marks[0][3]["xaxis"] in axes(figure)}
        assert set(hit) == forest, "every row of a forest panel has a target, nothing else"
        assert all(len(found) == 1 for found in hit.values())
        # What the keyboard lists (assets/keyboard.js): each drawn row once, with its words.
        listed = [
            c[0] for t in figure["data"] for c in t.get("customdata") or [] if c and len(c) == 3
        ]
        assert sorted(listed) == sorted(glyphs(figure))
    figure = theme_figure(rows, "famine", colours)
    (trace, i), *_ = targets(figure)["000-famine-deaths"]
    assert trace["hoverinfo"] == "none"
    assert trace["orientation"] == "h"
    start, end = trace["base"], trace["base"] + trace["x"][i]
    assert start <= figure["layout"]["xaxis"]["range"][0]
    assert end >= axis_end(figure, "xaxis")
    bar_top, bar_bottom = (
        trace["y"][i] - trace["width"][i] / 2,
        trace["y"][i] + trace["width"][i] / 2,
    )
    low, high = glyphs(figure)["000-famine-deaths"]
    assert (low[0], high[0]) == (5_000_000, 7_000_000)
    assert start <= 6_000_000 <= end  # the middle of the range answers
    assert bar_top < low[1] < bar_bottom  # the glyph line
    words = next(a for a in figure["layout"]["annotations"] if "between five" in a["text"])
    assert bar_top <= words["y"] < bar_bottom  # the row's words
    assert trace["customdata"][i][2].startswith("Deaths in the Soviet famine")  # read out as text
    assert "<br>" not in trace["customdata"][i][2]


def test_a_vague_magnitude_fades_out_inside_the_axis_the_others_set(rows, colours):
    """ "Millions" beside 5–7 million: its band starts at its floor and ends at the axis the
    ranges set (about 7.8 M), which it no longer stretches to 11.2 M."""
    famine = [r for r in rows if "famine" in r["themes"]]
    millions = dict(famine[0], id="millions", claim="millions", qualifier="vague",
                    value_text="millions", low=1_000_000.0, high=1_000_000.0, value=None)  # fmt: skip
    with_vague = theme_figure([*famine, millions], "famine", colours)
    without = theme_figure(famine, "famine", colours)
    assert axis_end(with_vague, "xaxis") == axis_end(without, "xaxis") < 8_000_000
    (band,) = bands(with_vague)
    assert min(band["x"]) == 1_000_000
    assert max(band["x"]) == axis_end(with_vague, "xaxis")  # open-ended: cut by the axis
    fade = band["fillgradient"]["colorscale"]
    assert fade[0][1].endswith(", 0.55)")
    assert fade[-1][1].endswith(", 0)")
    assert [(m[0], m[2]) for m in glyphs(with_vague)["millions"]] == [(1_000_000, "line-ns")]
    # Alone in its panel, it runs to the next order of magnitude.
    alone = theme_figure([millions], "famine", colours)
    assert max(bands(alone)[0]["x"]) == 10_000_000 <= axis_end(alone, "xaxis")


def test_a_year_s_value_sits_on_its_year_s_tick(rows, colours):
    figure = theme_figure(rows, "collectivisation", colours)
    marks = glyphs(figure)
    assert marks["000-collectivised-share-1932"][0][0] == "1932-01-01"
    line = next(t for t in figure["data"] if t.get("mode") == "lines")
    assert "1936-01-01" in line["x"]
    party = glyphs(theme_figure(rows, "party", colours))
    assert party["000-bolshevik-members-march-1917"][0][0] == "1917-03-15"  # a month: its middle
    # A total for 1937–1938 runs from the 1937 tick to the 1938 one, clickable all along.
    total = next(r for r in rows if r["id"] == "000-executions-1937")
    spans = [total | {"period_start": "1937", "period_end": "1938", "x_mid": "1937-12-31"},
             total | {"id": "later", "claim": "later", "period_start": "1939",
                      "period_end": "1939", "x_mid": "1939-07-02"}]  # fmt: skip
    figure = theme_figure(spans, "repression", colours)
    assert [m[0] for m in glyphs(figure)["000-executions-1937"]] == [
        "1937-01-01", "1937-07-02", "1938-01-01"
    ]  # fmt: skip
    (bar, _), *_ = targets(figure)["000-executions-1937"]
    assert bar["base"] == ["1937-01-01"]
    assert bar["x"] == [365 * 86_400_000]


def test_a_statement_a_document_repeats_is_drawn_once_per_chart(rows, colours):
    """The compilation repeats parts of an article: the same sentence on two lines is one
    statement, drawn once, naming both lines; another document's statement stays its own."""
    first = next(r for r in rows if r["id"] == "000-famine-deaths")
    repeated = first | {"id": "000-famine-deaths-again", "source_line": 40}
    figure = theme_figure([*rows, repeated], "famine", colours)
    drawn = set(glyphs(figure))
    assert drawn == {"000-famine-deaths", "001-famine-deaths"}
    assert f"lines {first['source_line']} and 40" in texts(figure)
    assert theme_summary([*rows, repeated], "famine").startswith("2 statements")


def test_the_real_charts_draw_each_statement_once(colours):
    dataset = load_or_raise(DEFAULT_DATA_DIR)
    real = with_texts(records(plot_frame(dataset.figures, dataset.sources)))
    colours = source_colours(dataset.sources)
    by_id = {r["id"]: r for r in real}
    for theme in THEMES:
        drawn = [by_id[i] for i in targets(theme_figure(real, theme, colours))]
        said = [(r["source"], r["claim"], r["value_text"], r["quote"]) for r in drawn]
        assert len(said) == len(set(said)), theme
    famine = texts(theme_figure(real, "famine", colours))
    assert famine.count("millions of deaths") == 2  # once per document, not once per line


def test_marks_are_drawn_in_full_colour(rows, colours):
    """Plotly draws markers with per-point sizes at opacity 0.7 unless told (the orange fell to
    2.6:1): every mark says 1, and no trace is made transparent as a whole."""
    for figure in all_figures(rows, colours).values():
        for trace in figure["data"]:
            assert trace.get("opacity", 1) == 1
            if trace["type"] == "scatter" and "marker" in trace:
                assert trace["marker"]["opacity"] == 1, trace


def test_a_downloaded_image_carries_the_key_at_twice_the_pixels(rows, colours):
    assert GRAPH_CONFIG["toImageButtonOptions"] == {"format": "png", "scale": 2}
    figure = theme_figure(rows, "repression", colours)
    (key,) = [a for a in figure["layout"]["annotations"] if a.get("name") == "key"]
    assert key["visible"] is False  # shown in the image only (assets/charts.js)
    for kind in ("point", "lower", "upper", "vague"):  # the marks this chart draws
        assert escape(GLYPH_WORDS[kind]).split()[-1] in key["text"], kind
        assert GLYPH_SAMPLES[kind] in key["text"], kind
    assert GLYPH_SAMPLES["range"] not in key["text"]  # nothing it does not draw
    assert "Test excerpt, 1914-1939" in key["text"]
    assert "Test video page, Stalin" in key["text"]
    assert colours["001_mini_page.txt"] in key["text"]  # each source's sample in its colour


def test_a_repeated_statement_is_not_counted_as_one_left_out(rows):
    """The caller counts rows; the caption counts statements: a repetition drawn once is not
    "the largest 2 of 3"."""
    first = next(r for r in rows if r["id"] == "000-famine-deaths")
    twice = [*rows, first | {"id": "again", "source_line": 40}]
    in_famine = sum("famine" in r["themes"] for r in twice)
    summary = theme_summary(twice, "famine", total=in_famine)
    assert summary.startswith("2 statements")
    assert "largest" not in summary
