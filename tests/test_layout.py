"""The layout as JSON, and the callbacks as plain functions (no browser)."""

from __future__ import annotations

import json

import pytest
from dash import html, no_update
from plotly.utils import PlotlyJSONEncoder

from dashboard import layout as ids
from dashboard.callbacks import (
    DEFERRED_OUTPUTS,
    VIEW_OUTPUTS,
    View,
    deferred_outputs,
    main_trigger,
    prefill_layout,
    selected_figure,
    update_view,
)
from dashboard.data import load_or_raise
from dashboard.frame import THEMES
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
    footer = next(c for c in walk(page) if c["props"].get("className") == "page-footer")
    text = json.dumps(footer)
    for name, doc in view.dataset.sources.items():
        assert name in text and doc.title in text and doc.licence.rstrip(".") in text
        assert f"/source/{name}" in text  # each source links to its reading view


def test_table_columns(page):
    grid = next(c for c in walk(page) if c["props"].get("id") == ids.GRID)
    columns = {c["field"]: c for c in grid["props"]["columnDefs"]}
    assert list(columns) == [
        "measure", "value", "value_low", "value_high", "qualifier", "value_text", "unit",
        "period_start", "period_end", "category_label", "source_short", "source_line", "quote",
    ]  # fmt: skip
    assert columns["measure"]["pinned"] == "left"
    for field in ("value", "value_low", "value_high", "source_line"):
        assert columns[field]["filter"] == "agNumberColumnFilter"
        assert columns[field]["cellDataType"] == "number"
    assert grid["props"]["defaultColDef"]["sortable"] is True
    options = grid["props"]["dashGridOptions"]
    assert options["tabToNextCell"] == options["tabToNextHeader"] == {"function": "false"}


def test_table_section_is_named_by_its_heading(page):
    section = next(c for c in walk(page) if c["props"].get("id") == ids.TABLE_SECTION)
    heading = next(c for c in walk(section) if c["type"] == "H2")
    assert section["props"]["aria-labelledby"] == heading["props"]["id"]
    status = next(c for c in walk(section) if c["props"].get("id") == ids.TABLE_STATUS)
    assert status["props"]["role"] == "status"


def load(view, search="", **changes):
    """A page load of `search`, as Dash calls the view callback on first render.

    For '' this is the view the layout is prefilled with (the callback itself sends nothing then).
    """
    trigger = ids.URL if search else None
    return update_view(view, trigger, search, FULL_SPAN, [], None, "", None) | changes


def test_first_load_of_the_default_view_sends_nothing(view):
    out = update_view(view, ids.URL, "", FULL_SPAN, [], None, "", None)
    assert all(value is no_update for value in out.values())
    back_with_citation = update_view(view, ids.URL, "", FULL_SPAN, [], None, "", "x")
    assert back_with_citation[(ids.CITATION, "children")] is not no_update


def test_prefilled_layout_holds_the_first_chart_and_defers_the_rest(view):
    layout = build_layout(view.dataset, view.span)
    prefill_layout(layout, view)
    components = {c.id: c for c in layout._traverse() if isinstance(getattr(c, "id", None), str)}
    full = update_view(view, None, "", None, None, None, None)
    assert components[ids.COUNT].children == full[(ids.COUNT, "children")]
    first = ids.THEME_GRAPHS["war_losses"]
    assert components[first].figure == full[(first, "figure")]
    assert components[first].figure["data"]  # drawn without waiting for a callback
    # The rest waits for deferred_outputs: placeholders that keep each chart's height.
    assert components[ids.GRID].rowData is None  # the grid's loading overlay
    famine = ids.THEME_GRAPHS["famine"]
    placeholder = components[famine].figure
    assert placeholder["layout"]["height"] == full[(famine, "figure")]["layout"]["height"]
    assert placeholder["layout"]["annotations"][0]["text"] == "Drawing the chart\u2026"
    assert all(not trace["x"] for trace in placeholder["data"])
    # deferred_outputs hands the real ones over while the page still shows the first view...
    default = [None, [min(view.span), max(view.span)], [], None, "", None]
    sent = dict(zip(DEFERRED_OUTPUTS, deferred_outputs(view, *default), strict=True))
    assert sent[(famine, "figure")] == full[(famine, "figure")]
    assert sent[(ids.GRID, "rowData")] == full[(ids.GRID, "rowData")]
    assert len(sent[(ids.GRID, "rowData")]) == 16
    assert (first, "figure") not in sent
    # ...and nothing once the address or a control has moved on: the view callback drew that.
    for moved in (["?category=famine", *default[1:]], [None, [1930, 1935], [], None, "", None]):
        assert deferred_outputs(view, *moved) == [no_update] * len(DEFERRED_OUTPUTS)


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
    assert all(r["period_start"] for r in out[(ids.GRID, "rowData")])  # undated rows hidden
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
    )
    assert out[(ids.PERIOD, "value")] == FULL_SPAN
    assert out[(ids.CATEGORY, "value")] == []
    assert out[(ids.URL, "search")] == "?figure=000-famine-deaths"


def test_selecting_a_figure_opens_it_and_highlights_it_everywhere(view):
    out = update_view(
        view, ids.SELECTED, "?from=1930", [1930, 1939], [], None, "", "000-executions-1937"
    )
    assert out[(ids.URL, "search")] == "?from=1930&figure=000-executions-1937"
    assert out[(ids.CITATION_PANEL, "className")] == ids.PANEL_OPEN
    assert out[(ids.GRID, "selectedRows")] == {"ids": ["000-executions-1937"]}
    assert out[(ids.PERIOD, "value")] is no_update  # the controls are the user's: not echoed
    closed = update_view(
        view, ids.CITATION_CLOSE, "?figure=000-executions-1937", FULL_SPAN, [], None, "", None
    )
    assert closed[(ids.CITATION_PANEL, "className")] == ids.PANEL_CLOSED
    assert closed[(ids.URL, "search")] == "" and closed[(ids.GRID, "selectedRows")] == []


def test_citation_is_cut_around_its_own_occurrence(make_data_dir):
    text = (
        "Intro line.\n"
        "Before the first. The army had 5,000 tanks. After the first.\n"
        "Middle line.\n"
        "Before the second. The army had 5,000 tanks. After the second.\n"
    )
    row = {"id": "tiny-tanks", "claim": "tanks", "category": "military", "measure": "Tanks",
           "label": "Tanks", "series": "", "breakdown": "", "value": "5000", "value_low": "",
           "value_high": "", "qualifier": "exact", "value_text": "5,000", "unit": "tanks",
           "period_start": "1930", "period_end": "", "source": "tiny.txt",
           "quote": "The army had 5,000 tanks.", "note": ""}  # fmt: skip
    again = row | {"id": "tiny-tanks-again"}
    data_dir = make_data_dir([row, again], text=text)
    twice = View(load_or_raise(data_dir))
    for figure, line, before, after in (
        ("tiny-tanks", 2, "Before the first.", "After the first."),
        ("tiny-tanks-again", 4, "Before the second.", "After the second."),
    ):
        out = update_view(twice, ids.URL, f"?figure={figure}", FULL_SPAN, [], None, "")
        cited = json.dumps(out[(ids.CITATION, "children")], cls=PlotlyJSONEncoder)
        assert before in cited and after in cited, figure
        assert f"line {line}" in cited and f"#L{line}" in cited


def test_cite_this_figure_is_ready_to_paste(view):
    out = load(view, "?figure=000-famine-deaths")
    cited = json.dumps(out[(ids.CITATION, "children")], cls=PlotlyJSONEncoder)
    assert "Cite this figure" in cited and "Copy citation" in cited
    text = next(
        c["props"]["children"]
        for c in walk(json.loads(cited))
        if c["props"].get("id") == ids.CITE_TEXT
    )
    title = view.dataset.sources["000_mini_history.txt"].title
    assert text.startswith(title) and "line 9" in text
    assert "\u201cBetween five and seven million people died.\u201d" in text
    assert text.endswith("/?figure=000-famine-deaths")


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
    assert "no figure has the id" in json.dumps(
        out[(ids.URL_NOTICE, "children")], cls=PlotlyJSONEncoder
    )


def test_comparisons_block_per_repeated_claim(view):
    out = load(view)
    text = json.dumps(out[(ids.COMPARISONS_DATA, "data")])
    assert "Statements differ in values and periods." in text
    assert "Statements differ in periods." in text
    narrowed = update_view(view, ids.SOURCE, "", FULL_SPAN, [], "000_mini_history.txt", "")
    assert "stated more than once" in narrowed[(ids.COMPARISONS_DATA, "data")]["notice"]


def test_every_theme_gets_a_figure_and_caption(view):
    out = load(view)
    drawn = [t for t in THEMES if out[(ids.THEME_GRAPHS[t], "figure")]["data"]]
    assert set(drawn) == {"war_losses", "repression", "collectivisation", "famine", "party"}
    for theme in drawn:
        assert " statement" in out[(ids.THEME_CAPTIONS[theme], "children")]
    for theme in set(THEMES) - set(drawn):  # no mini figure in these: said once, in the chart
        assert out[(ids.THEME_CAPTIONS[theme], "children")] == ""


def test_main_trigger_prefers_the_url_on_load():
    assert main_trigger([]) == ids.URL
    assert main_trigger({ids.SELECTED, ids.URL}) == ids.URL
    assert main_trigger({ids.PERIOD}) == ids.PERIOD
    assert main_trigger({ids.SELECTED}) == ids.SELECTED
    assert main_trigger({ids.SELECTED, ids.CITATION_CLOSE}) == ids.CITATION_CLOSE


def test_selected_figure_from_clicks_and_rows():
    click = {"points": [{"customdata": ["000-famine-deaths", "m", "v", "p", "s"]}]}
    graph = ids.THEME_GRAPHS["famine"]
    assert selected_figure(graph, {graph: click}, None) == "000-famine-deaths"
    assert selected_figure(ids.GRID, {}, [{"id": "001-famine-deaths"}]) == "001-famine-deaths"
    assert selected_figure(ids.GRID, {}, []) is no_update
    assert selected_figure(ids.CITATION_CLOSE, {}, None) is None


def test_unusable_url_parameters_are_named_and_the_address_rewritten(view):
    out = load(view, "?from=abc&category=nonsense&to=1925")
    notice = json.dumps(out[(ids.URL_NOTICE, "children")], cls=PlotlyJSONEncoder)
    assert "'from' must be a year" in notice and "unknown category 'nonsense'" in notice
    assert out[(ids.URL, "search")] == "?to=1925"
    assert load(view, "?to=1925")[(ids.URL_NOTICE, "children")] is no_update


def test_a_year_outside_the_data_moves_the_slider_and_the_filter_together(view):
    out = load(view, "?to=1800")
    assert out[(ids.PERIOD, "value")] == [1914, 1914]
    assert out[(ids.URL, "search")] == "?to=1914"
    notice = json.dumps(
        out[(ids.URL_NOTICE, "children")], cls=PlotlyJSONEncoder, ensure_ascii=False
    )
    assert "'to' 1800 is outside the years the figures cover (1914–1939)" in notice
    assert not out[(ids.COUNT, "children")].startswith("0 of")  # the figures of 1914 are shown


def test_the_grid_reporting_the_view_s_own_selection_sends_nothing(view):
    out = update_view(
        view,
        ids.SELECTED,
        "?figure=000-famine-deaths",
        FULL_SPAN,
        [],
        None,
        "",
        "000-famine-deaths",
    )
    assert all(value is no_update for value in out.values())


def test_known_categories_survive_an_unknown_one_and_unknown_figures_are_named(view):
    out = load(view, "?category=famine,nope")
    assert out[(ids.CATEGORY, "value")] == ["famine"]
    assert out[(ids.URL, "search")] == "?category=famine"
    missing = load(view, "?figure=does-not-exist")
    assert "no figure has the id 'does-not-exist'" in json.dumps(
        missing[(ids.URL_NOTICE, "children")], cls=PlotlyJSONEncoder
    )
    assert missing[(ids.URL, "search")] == ""
    assert missing[(ids.CITATION_PANEL, "className")] == ids.PANEL_CLOSED


def test_comparisons_data_is_plain_text_with_the_flag_and_the_citation_label(view):
    out = update_view(view, None, "", None, None, None, None)
    data = out[(ids.COMPARISONS_DATA, "data")]
    json.dumps(data)  # plain JSON: drawn by assets/comparisons.js, never a Dash component
    famine = next(b for b in data["blocks"] if b["statements"][0]["id"] == "000-famine-deaths")
    assert famine["flag"] == "Statements differ in periods." and famine["differs"] is True
    first = famine["statements"][0]
    assert len(first["cells"]) == len(data["headers"]) == 5
    assert first["label"].startswith("Citation: ") and first["source_title"]
    assert data["notice"] == ""
    nothing = update_view(view, ids.SEARCH, "", None, None, None, "no such words", None)
    assert nothing[(ids.COMPARISONS_DATA, "data")]["notice"].startswith("No quantity")
