"""The layout as JSON, and the callbacks as plain functions (no browser)."""

from __future__ import annotations

import json

import pytest
from dash import html, no_update
from plotly.utils import PlotlyJSONEncoder

from dashboard import layout as ids
from dashboard.callbacks import (
    VIEW_OUTPUTS,
    View,
    main_trigger,
    prefill_layout,
    quick_filter,
    selected_figure,
    update_view,
)
from dashboard.charts import THEMES
from dashboard.data import load_or_raise
from dashboard.layout import build_layout
from tests.conftest import MINI

FULL_SPAN = [1914, 1939]


@pytest.fixture(scope="module")
def view():
    return View(load_or_raise(MINI))


@pytest.fixture(scope="module")
def page(view):
    return json.loads(json.dumps(ids.build_layout(view.dataset, view.span), cls=PlotlyJSONEncoder))


def walk(node):
    """Every component dict in a layout JSON tree."""
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            yield node
            yield from walk(node["props"].get("children"))
        else:
            for value in node.values():
                yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def test_every_component_id_exists_once(page):
    found = [c["props"].get("id") for c in walk(page) if c["props"].get("id")]
    expected = {
        ids.URL, ids.PERIOD, ids.CATEGORY, ids.SOURCE, ids.SEARCH, ids.RESET, ids.COUNT,
        ids.DOWNLOAD, ids.GRID, ids.QUICK_FILTER, ids.SELECTED, ids.CITATION, ids.CITATION_CLOSE,
        ids.COMPARISONS, *ids.GRAPHS, *ids.THEME_CAPTIONS.values(),
    }  # fmt: skip
    assert expected <= set(found)
    assert len(found) == len(set(found))


def test_every_control_is_labelled(page):
    components = list(walk(page))
    labelled = {c["props"]["htmlFor"] for c in components if c["type"] == "Label"}
    for control in (ids.PERIOD, ids.CATEGORY, ids.SOURCE, ids.SEARCH, ids.QUICK_FILTER):
        assert control in labelled
    buttons = [c for c in components if c["type"] == "Button"]
    assert all(c["props"].get("children") for c in buttons)


def test_no_raw_html_anywhere(page):
    types = {c["type"] for c in walk(page)}
    assert "Markdown" not in types
    assert "dangerouslySetInnerHTML" not in json.dumps(page)


def test_footer_lists_every_source_with_title_file_and_licence(page, view):
    footer = next(c for c in walk(page) if c["type"] == "Footer")
    text = json.dumps(footer)
    for name, doc in view.dataset.sources.items():
        assert name in text and doc.title in text and doc.licence in text


def test_table_columns(page):
    grid = next(c for c in walk(page) if c["props"].get("id") == ids.GRID)
    fields = [c["field"] for c in grid["props"]["columnDefs"]]
    assert fields == [
        "measure",
        "value_text",
        "unit",
        "period",
        "category_label",
        "source",
        "quote",
    ]
    assert grid["props"]["defaultColDef"]["sortable"] is True


def load(view, search="", **changes):
    """A page load of `search`, as Dash calls the view callback on first render.

    For '' this is the view the layout is prefilled with (the callback itself sends nothing then).
    """
    trigger = ids.URL if search else None
    return update_view(view, trigger, search, FULL_SPAN, [], None, "", 0, None) | changes


def test_first_load_of_the_default_view_sends_nothing(view):
    out = update_view(view, ids.URL, "", FULL_SPAN, [], None, "", 0, None)
    assert all(value is no_update for value in out.values())
    back_with_citation = update_view(view, ids.URL, "", FULL_SPAN, [], None, "", 0, "x")
    assert back_with_citation[(ids.CITATION, "children")] is not no_update


def test_prefilled_layout_holds_the_default_view(view):
    layout = build_layout(view.dataset, view.span)
    prefill_layout(layout, view)
    components = {c.id: c for c in layout._traverse() if isinstance(getattr(c, "id", None), str)}
    full = update_view(view, None, "", None, None, None, None)
    assert components[ids.COUNT].children == full[(ids.COUNT, "children")]
    assert components[ids.GRID].rowData == full[(ids.GRID, "rowData")]
    assert components[ids.EXPLORER].figure == full[(ids.EXPLORER, "figure")]
    assert len(components[ids.GRID].rowData) == 16


def test_page_load_fills_every_output(view):
    out = load(view)
    assert set(out) == set(VIEW_OUTPUTS)
    assert out[(ids.COUNT, "children")] == "16 of 16 figures shown (0 undated hidden)"
    assert len(out[(ids.GRID, "rowData")]) == 16
    assert out[(ids.URL, "search")] is no_update  # the URL the user typed is left alone
    assert out[(ids.DOWNLOAD, "href")] == "/export.csv"


def test_url_parameters_restore_the_controls(view):
    out = load(view, "?from=1930&to=1935&category=famine,repression&q=famine")
    assert out[(ids.PERIOD, "value")] == [1930, 1935]
    assert out[(ids.CATEGORY, "value")] == ["famine", "repression"]
    assert out[(ids.SEARCH, "value")] == "famine"
    assert out[(ids.COUNT, "children")] == "2 of 16 figures shown (0 undated hidden)"
    assert (
        out[(ids.DOWNLOAD, "href")]
        == "/export.csv?from=1930&to=1935&category=famine,repression&q=famine"
    )


def test_malformed_url_parameters_fall_back_to_defaults(view):
    out = load(view, "?from=abc&category=nonsense&source=nope.txt&to=1925")
    assert out[(ids.PERIOD, "value")] == [1914, 1925]
    assert out[(ids.CATEGORY, "value")] == []
    assert out[(ids.SOURCE, "value")] is None


def test_narrowing_the_period_updates_count_table_charts_and_url(view):
    out = update_view(view, ids.PERIOD, "", [1930, 1935], [], None, "")
    assert out[(ids.COUNT, "children")] == "5 of 16 figures shown (1 undated hidden)"
    assert out[(ids.URL, "search")] == "?from=1930&to=1935"
    assert all(r["period"] != "no period given" for r in out[(ids.GRID, "rowData")])
    assert out[(ids.THEME_GRAPHS["war_losses"], "figure")]["data"] == []  # the empty message
    assert out[(ids.PERIOD, "value")] is no_update  # the user's own control is not echoed back


def test_slider_at_its_ends_does_not_narrow(view):
    out = update_view(view, ids.PERIOD, "?from=1930", FULL_SPAN, [], None, "")
    assert out[(ids.URL, "search")] == ""
    assert out[(ids.COUNT, "children")].startswith("16 of 16")


def test_filters_keep_an_open_citation_in_the_url(view):
    out = update_view(view, ids.SEARCH, "?figure=000-famine-deaths", FULL_SPAN, [], None, "famine")
    assert out[(ids.URL, "search")] == "?q=famine&figure=000-famine-deaths"


def test_reset_clears_filters_but_keeps_the_citation(view):
    out = update_view(
        view,
        ids.RESET,
        "?from=1930&figure=000-famine-deaths",
        [1930, 1939],
        ["famine"],
        None,
        "x",
        1,
    )
    assert out[(ids.PERIOD, "value")] == FULL_SPAN
    assert out[(ids.CATEGORY, "value")] == []
    assert out[(ids.URL, "search")] == "?figure=000-famine-deaths"


def test_selecting_a_figure_only_touches_citation_and_url(view):
    out = update_view(
        view, ids.SELECTED, "?from=1930", [1930, 1939], [], None, "", 0, "000-executions-1937"
    )
    changed = {k for k, v in out.items() if v is not no_update}
    assert changed == {(ids.URL, "search"), (ids.CITATION, "children")}
    assert out[(ids.URL, "search")] == "?from=1930&figure=000-executions-1937"


def test_citation_highlights_the_quote_in_its_passage(view):
    out = load(view, "?figure=000-famine-deaths")
    citation = html.Div(out[(ids.CITATION, "children")])
    marks = [
        c
        for c in walk(json.loads(json.dumps(citation, cls=PlotlyJSONEncoder)))
        if c["type"] == "Mark"
    ]
    assert [m["props"]["children"] for m in marks] == [
        "Between five and seven million people died."
    ]
    text = json.dumps(citation.to_plotly_json(), cls=PlotlyJSONEncoder)
    assert "The famine peaked in the winter of 1932" in text  # the sentence before
    assert "Its scale was denied for decades." in text  # the sentence after
    assert "line 9" in text and "000_mini_history.txt" in text
    assert "/?figure=000-famine-deaths" in text
    assert "between (range)" in text and "5,000,000" in text and "7,000,000" in text


def test_unknown_figure_id_says_so(view):
    out = load(view, "?figure=no-such-figure")
    assert "No figure has the id" in json.dumps(
        out[(ids.CITATION, "children")], cls=PlotlyJSONEncoder
    )


def test_comparisons_block_per_repeated_claim(view):
    out = load(view)
    text = json.dumps(out[(ids.COMPARISONS, "children")], cls=PlotlyJSONEncoder)
    assert "Statements differ in values and periods." in text
    assert "Statements differ in periods." in text
    narrowed = update_view(view, ids.SOURCE, "", FULL_SPAN, [], "000_mini_history.txt", "")
    assert "stated more than once" in json.dumps(
        narrowed[(ids.COMPARISONS, "children")], cls=PlotlyJSONEncoder
    )


def test_every_theme_gets_a_figure_and_caption(view):
    out = load(view)
    for theme in THEMES:
        assert out[(ids.THEME_GRAPHS[theme], "figure")]["data"]
        assert out[(ids.THEME_CAPTIONS[theme], "children")].startswith("Drawn from:")


def test_main_trigger_prefers_the_url_on_load():
    assert main_trigger([]) == ids.URL
    assert main_trigger({ids.SELECTED, ids.URL}) == ids.URL
    assert main_trigger({ids.PERIOD}) == ids.PERIOD
    assert main_trigger({ids.SELECTED}) == ids.SELECTED


def test_selected_figure_from_clicks_rows_and_buttons():
    click = {"points": [{"customdata": ["000-famine-deaths", "m", "v", "p", "s"]}]}
    assert selected_figure(ids.EXPLORER, {ids.EXPLORER: click}, None) == "000-famine-deaths"
    assert selected_figure(ids.GRID, {}, [{"id": "001-famine-deaths"}]) == "001-famine-deaths"
    assert selected_figure(ids.GRID, {}, []) is no_update
    assert selected_figure({"type": ids.CITE_BUTTON, "figure": "x-1"}, {}, None) == "x-1"
    assert selected_figure(ids.CITATION_CLOSE, {}, None) is None


def test_quick_filter_patches_only_the_filter_text():
    patch = quick_filter("famine")
    assert patch.to_plotly_json()["operations"][0]["params"]["value"] == "famine"
