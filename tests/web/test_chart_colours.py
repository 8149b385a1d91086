"""Colours for the sources a chart draws: the page's two sources keep blue and vermillion; among
a thousand sources a chart's own sources never share a hue, and past the palette the rest share
one grey that its key names as other sources."""

from __future__ import annotations

from dashboard.model.data import DEFAULT_DATA_DIR, load_or_raise
from dashboard.model.frame import plot_frame, records
from dashboard.web.chart_colours import OTHER, chart_colours, colour_groups, source_colours
from dashboard.web.charts import theme_figure
from dashboard.web.theme import SOURCE_COLOURS

THOUSAND = [f"s{k:04d}.txt" for k in range(1000)]


def drawn(names: list[str], rows_each: int = 1) -> list[dict]:
    return [{"source": name} for name in names for _ in range(rows_each)]


def test_the_real_page_keeps_blue_and_vermillion():
    dataset = load_or_raise(DEFAULT_DATA_DIR)
    page = source_colours(dataset.sources)
    assert page == {"000_d541d214e9d92eda.txt": "#0072B2", "001_1833e4391a1e2504.txt": "#D55E00"}
    # A chart drawing only the second source keeps its colour: the page's map holds every source.
    only_second = drawn(["001_1833e4391a1e2504.txt"])
    assert chart_colours(only_second, page) == {"001_1833e4391a1e2504.txt": "#D55E00"}


def test_beyond_the_palette_the_page_has_no_one_map():
    assert source_colours(THOUSAND[: len(SOURCE_COLOURS)]) != {}
    assert source_colours(THOUSAND) == {}


def test_the_sources_a_chart_draws_among_a_thousand_never_share_a_colour():
    page = source_colours(THOUSAND)
    # Sources 0, 7, 14, ...: by their place among all, the old colouring gave them all blue.
    chosen = THOUSAND[:: len(SOURCE_COLOURS)][: len(SOURCE_COLOURS)]
    colours = chart_colours(drawn(chosen), page)
    assert set(colours) == set(chosen)
    assert len(set(colours.values())) == len(chosen)


def test_past_the_palette_the_most_drawn_take_the_hues_and_the_rest_share_grey():
    rows = drawn(THOUSAND[:6], rows_each=3) + drawn(THOUSAND[500:504])
    colours = chart_colours(rows, source_colours(THOUSAND))
    hues = [colours[name] for name in THOUSAND[:6]]
    assert len(set(hues)) == 6
    assert OTHER not in hues
    assert {colours[name] for name in THOUSAND[500:504]} == {OTHER}
    shorts = {name: f"Doc {name}" for name in colours}
    groups = colour_groups(colours, shorts)
    assert groups[-1] == ("4 other sources (each row names its source)", OTHER)
    assert len(groups) == 7


def test_a_chart_s_key_names_only_the_sources_it_draws():
    dataset = load_or_raise(DEFAULT_DATA_DIR)
    rows = records(plot_frame(dataset.figures, dataset.sources))
    famine = [r for r in rows if "famine" in r["themes"]]
    one_source = [r for r in famine if r["source"] == "001_1833e4391a1e2504.txt"]
    figure = theme_figure(one_source, "famine", source_colours(dataset.sources))
    (key,) = [a for a in figure["layout"]["annotations"] if a.get("name") == "key"]
    assert dataset.sources["001_1833e4391a1e2504.txt"].short_title in key["text"]
    assert dataset.sources["000_d541d214e9d92eda.txt"].short_title not in key["text"]
    assert figure["layout"]["meta"]["image"]["sources"] == ["001_1833e4391a1e2504.txt"]
