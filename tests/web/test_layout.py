"""The layout as JSON, and the callbacks as plain functions (no browser)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from dash import html, no_update
from plotly.utils import PlotlyJSONEncoder

from dashboard.model.data import load_or_raise
from dashboard.model.vocabulary import THEMES
from dashboard.server.app import ASSETS_DIR
from dashboard.web import ids
from dashboard.web.callbacks import (
    DEFERRED_OUTPUTS,
    VIEW_OUTPUTS,
    Controls,
    View,
    caption_key,
    chart_key,
    clicked_figure,
    deferred_outputs,
    grid_selection,
    main_trigger,
    prefill_layout,
    update_view,
)
from dashboard.web.layout import PANEL_CLOSED, PANEL_OPEN, build_layout
from dashboard.web.table import table_contents
from tests.conftest import MINI

FULL_SPAN = [1914, 1939]


@pytest.fixture(scope="module")
def view():
    return View(load_or_raise(MINI))


@pytest.fixture(scope="module")
def page(view):
    return json.loads(json.dumps(build_layout(view.dataset, view.span), cls=PlotlyJSONEncoder))


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
        ids.DOWNLOAD, ids.SELECTED, ids.CITATION, ids.CITATION_CLOSE, ids.COMPARISONS,
        ids.TABLE_SLOT, ids.TABLE_WANTED, ids.TABLE_VIEW, ids.THEME_GRAPHS["war_losses"],
        *ids.THEME_SLOTS.values(), *ids.THEME_FIGURES.values(), *ids.THEME_CAPTIONS.values(),
    }  # fmt: skip
    assert expected <= set(found)
    # The later charts' graphs are mounted by assets/charts.js, once their figures arrive.
    assert not set(found) & {ids.THEME_GRAPHS[t] for t in ids.LATER_THEMES}
    # The table's contents mount later (table.py): its ids are new to the page, and unique.
    mounted = [c["props"].get("id") for c in walk(contents()) if c["props"].get("id")]
    assert {ids.GRID, ids.QUICK_FILTER, ids.TABLE_STATUS} <= set(mounted)
    assert len(found + mounted) == len(set(found + mounted))


def contents() -> list:
    """The table's contents as JSON, as the mount callback sends them."""
    titles = {"000_mini_history.txt": "Mini history"}
    return json.loads(json.dumps(table_contents(titles), cls=PlotlyJSONEncoder))


def test_every_control_is_labelled(page):
    components = list(walk(page)) + list(walk(contents()))
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
        assert name in text
        assert doc.title in text
        assert doc.licence.rstrip(".") in text
        assert f"/source/{name}" in text  # each source links to its reading view


def test_table_columns():
    grid = next(c for c in walk(contents()) if c["props"].get("id") == ids.GRID)
    columns = {c["field"]: c for c in grid["props"]["columnDefs"]}
    assert list(columns) == [
        "measure", "value", "value_low", "value_high", "qualifier", "value_text", "unit",
        "period_start", "period_end", "category_label", "asserted_by", "source_short", "source_line",
        "quote",
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
    status = next(c for c in walk(contents()) if c["props"].get("id") == ids.TABLE_STATUS)
    assert status["props"]["role"] == "status"


def load(view, search="", **changes):
    """A page load of `search`, as Dash calls the view callback on first render.

    For '' this is the view the layout is prefilled with (the callback itself sends nothing then).
    """
    trigger = ids.URL if search else None
    return (
        update_view(view, trigger, Controls(search=search, period=FULL_SPAN, categories=[], q=""))
        | changes
    )


def test_first_load_of_the_default_view_sends_nothing(view):
    out = update_view(view, ids.URL, Controls(search="", period=FULL_SPAN, categories=[], q=""))
    assert all(value is no_update for value in out.values())
    back_with_citation = update_view(
        view, ids.URL, Controls(search="", period=FULL_SPAN, categories=[], q="", selected="x")
    )
    assert back_with_citation["citation"] is not no_update


def test_prefilled_layout_holds_the_first_chart_and_defers_the_rest(view):
    layout = build_layout(view.dataset, view.span)
    prefill_layout(layout, view)
    components = {c.id: c for c in layout._traverse() if isinstance(getattr(c, "id", None), str)}
    full = update_view(view, None, Controls(search=""))
    assert components[ids.COUNT].children == "16 of 16 figures shown (0 undated hidden)"
    first = ids.THEME_GRAPHS["war_losses"]
    assert components[first].figure == full[chart_key("war_losses")]
    assert components[first].figure["data"]  # drawn without waiting for a callback
    # The rest waits for deferred_outputs: no graph yet, a word at each chart's height.
    assert components[ids.TABLE_VIEW].data is None  # no rows for the grid yet
    for theme in ids.LATER_THEMES:
        assert ids.THEME_GRAPHS[theme] not in components
        assert components[ids.THEME_FIGURES[theme]].data is None
        placeholder = components[ids.THEME_SLOTS[theme]].children
        assert placeholder.children == "Drawing the chart\u2026"
        height = full[chart_key(theme)]["layout"]["height"]
        assert placeholder.style == {"height": f"{height}px"}
    # deferred_outputs hands the real ones over while the page still shows the first view...
    default = Controls(period=[min(view.span), max(view.span)], categories=[], q="")
    sent = deferred_outputs(view, default)
    assert set(sent) == set(DEFERRED_OUTPUTS)
    assert sent[chart_key("famine")] == full[chart_key("famine")]
    assert sent["table"]["rows"] == full["table"]["rows"]
    assert len(sent["table"]["rows"]) == 16
    assert chart_key("war_losses") not in sent
    # ...and nothing once the address or a control has moved on: the view callback drew that.
    for moved in (
        replace(default, search="?category=famine"),
        replace(default, period=[1930, 1935]),
    ):
        assert deferred_outputs(view, moved) == dict.fromkeys(DEFERRED_OUTPUTS, no_update)


def test_page_load_fills_every_output(view):
    out = load(view)
    assert set(out) == set(VIEW_OUTPUTS)
    assert out["count"] == "16 of 16 figures shown (0 undated hidden)"
    assert len(out["table"]["rows"]) == 16
    assert out["search"] is no_update  # the URL the user typed is left alone
    assert out["download_href"] == "/export.csv"


def test_url_parameters_restore_the_controls(view):
    out = load(view, "?from=1930&to=1935&category=famine,repression&q=famine")
    assert out["period"] == [1930, 1935]
    assert out["categories"] == ["famine", "repression"]
    assert out["q"] == "famine"
    assert out["count"] == "2 of 16 figures shown (0 undated hidden)"
    assert (
        out["download_href"] == "/export.csv?from=1930&to=1935&category=famine,repression&q=famine"
    )


def test_malformed_url_parameters_fall_back_to_defaults(view):
    out = load(view, "?from=abc&category=nonsense&source=nope.txt&to=1925")
    assert out["period"] == [1914, 1925]
    assert out["categories"] == []
    assert out["source"] is None


def test_narrowing_the_period_updates_count_table_charts_and_url(view):
    out = update_view(
        view, ids.PERIOD, Controls(search="", period=[1930, 1935], categories=[], q="")
    )
    assert out["count"] == "5 of 16 figures shown (1 undated hidden)"
    assert out["search"] == "?from=1930&to=1935"
    assert all(r["period_start"] for r in out["table"]["rows"])  # undated rows hidden
    assert out[chart_key("war_losses")]["data"] == []  # the empty message
    assert out["period"] is no_update  # the user's own control is not echoed back


def test_slider_at_its_ends_does_not_narrow(view):
    out = update_view(
        view, ids.PERIOD, Controls(search="?from=1930", period=FULL_SPAN, categories=[], q="")
    )
    assert out["search"] == ""
    assert out["count"].startswith("16 of 16")


def test_filters_keep_an_open_citation_in_the_url(view):
    out = update_view(
        view,
        ids.SEARCH,
        Controls(search="?figure=000-famine-deaths", period=FULL_SPAN, categories=[], q="famine"),
    )
    assert out["search"] == "?q=famine&figure=000-famine-deaths"


def test_reset_clears_filters_but_keeps_the_citation(view):
    out = update_view(
        view,
        ids.RESET,
        Controls(
            search="?from=1930&figure=000-famine-deaths",
            period=[1930, 1939],
            categories=["famine"],
            q="x",
        ),
    )
    assert out["period"] == FULL_SPAN
    assert out["categories"] == []
    assert out["search"] == "?figure=000-famine-deaths"


def test_selecting_a_figure_opens_it_and_highlights_it_everywhere(view):
    out = update_view(
        view,
        ids.SELECTED,
        Controls(
            search="?from=1930",
            period=[1930, 1939],
            categories=[],
            q="",
            selected="000-executions-1937",
        ),
    )
    assert out["search"] == "?from=1930&figure=000-executions-1937"
    assert out["citation_panel"] == PANEL_OPEN
    assert out["table"]["selected"] == "000-executions-1937"
    assert out["period"] is no_update  # the controls are the user's: not echoed
    closed = update_view(
        view,
        ids.CITATION_CLOSE,
        Controls(search="?figure=000-executions-1937", period=FULL_SPAN, categories=[], q=""),
    )
    assert closed["citation_panel"] == PANEL_CLOSED
    assert closed["search"] == ""
    assert closed["table"]["selected"] is None


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
        out = update_view(
            twice,
            ids.URL,
            Controls(search=f"?figure={figure}", period=FULL_SPAN, categories=[], q=""),
        )
        cited = json.dumps(out["citation"], cls=PlotlyJSONEncoder)
        assert before in cited, figure
        assert after in cited, figure
        assert f"line {line}" in cited
        assert f"#L{line}" in cited


def test_cite_this_figure_is_ready_to_paste(view):
    out = load(view, "?figure=000-famine-deaths")
    cited = json.dumps(out["citation"], cls=PlotlyJSONEncoder)
    assert "Cite this figure" in cited
    assert "Copy citation" in cited
    text = next(
        c["props"]["children"]
        for c in walk(json.loads(cited))
        if c["props"].get("id") == ids.CITE_TEXT
    )
    title = view.dataset.sources["000_mini_history.txt"].title
    assert text.startswith(title)
    assert "line 9" in text
    assert "\u201cBetween five and seven million people died.\u201d" in text
    assert text.endswith(f"/?figure=000-famine-deaths&v={load_or_raise(MINI).version}")


def test_citation_highlights_the_quote_in_its_passage(view):
    out = load(view, "?figure=000-famine-deaths")
    citation = html.Div(out["citation"])
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
    assert "line 9" in text
    assert "000_mini_history.txt" in text
    assert "/?figure=000-famine-deaths" in text
    assert "between (range)" in text
    assert "5,000,000" in text
    assert "7,000,000" in text


def test_unknown_figure_id_says_so(view):
    out = load(view, "?figure=no-such-figure")
    assert "no figure has the id" in json.dumps(out["url_notice"], cls=PlotlyJSONEncoder)


def test_comparisons_block_per_repeated_claim(view):
    out = load(view)
    text = json.dumps(out["comparisons"])
    assert "Statements differ in values and periods: 2 independent assertions." in text
    assert "Statements differ in periods: 2 independent assertions." in text
    narrowed = update_view(
        view,
        ids.SOURCE,
        Controls(search="", period=FULL_SPAN, categories=[], source="000_mini_history.txt", q=""),
    )
    assert "stated more than once" in narrowed["comparisons"]["notice"]


def test_every_theme_gets_a_figure_and_caption(view):
    out = load(view)
    drawn = [t for t in THEMES if out[chart_key(t)]["data"]]
    assert set(drawn) == {"war_losses", "repression", "collectivisation", "famine", "party"}
    for theme in drawn:
        assert " statement" in out[caption_key(theme)]
    for theme in set(THEMES) - set(drawn):  # no mini figure in these: said once, in the chart
        assert out[caption_key(theme)] == ""


def test_main_trigger_prefers_the_url_on_load():
    assert main_trigger([]) == ids.URL
    assert main_trigger({ids.SELECTED, ids.URL}) == ids.URL
    assert main_trigger({ids.PERIOD}) == ids.PERIOD
    assert main_trigger({ids.SELECTED}) == ids.SELECTED
    assert main_trigger({ids.SELECTED, ids.CITATION_CLOSE}) == ids.CITATION_CLOSE


def test_selected_figure_from_clicks_and_rows():
    click = {"points": [{"customdata": ["000-famine-deaths", "m", "v", "p", "s"]}]}
    assert clicked_figure(click) == "000-famine-deaths"
    assert clicked_figure({"points": [{"x": 1}]}) is no_update  # a point without an id
    assert clicked_figure(None) is no_update
    assert grid_selection([{"id": "001-famine-deaths"}]) == "001-famine-deaths"
    assert grid_selection({"ids": ["002-war-losses"]}) == "002-war-losses"
    assert grid_selection([]) is no_update


def test_unusable_url_parameters_are_named_and_the_address_rewritten(view):
    out = load(view, "?from=abc&category=nonsense&to=1925")
    notice = json.dumps(out["url_notice"], cls=PlotlyJSONEncoder)
    assert "'from' must be a year" in notice
    assert "unknown category 'nonsense'" in notice
    assert out["search"] == "?to=1925"
    assert load(view, "?to=1925")["url_notice"] is no_update


def test_a_year_outside_the_data_moves_the_slider_and_the_filter_together(view):
    out = load(view, "?to=1800")
    assert out["period"] == [1914, 1914]
    assert out["search"] == "?to=1914"
    notice = json.dumps(out["url_notice"], cls=PlotlyJSONEncoder, ensure_ascii=False)
    assert "'to' 1800 is outside the years the figures cover (1914–1939)" in notice
    assert not out["count"].startswith("0 of")  # the figures of 1914 are shown


def test_the_grid_reporting_the_view_s_own_selection_sends_nothing(view):
    out = update_view(
        view,
        ids.SELECTED,
        Controls(
            search="?figure=000-famine-deaths",
            period=FULL_SPAN,
            categories=[],
            q="",
            selected="000-famine-deaths",
        ),
    )
    assert all(value is no_update for value in out.values())


def test_known_categories_survive_an_unknown_one_and_unknown_figures_are_named(view):
    out = load(view, "?category=famine,nope")
    assert out["categories"] == ["famine"]
    assert out["search"] == "?category=famine"
    missing = load(view, "?figure=does-not-exist")
    assert "no figure has the id 'does-not-exist'" in json.dumps(
        missing["url_notice"], cls=PlotlyJSONEncoder
    )
    assert missing["search"] == ""
    assert missing["citation_panel"] == PANEL_CLOSED


def test_comparisons_data_is_plain_text_with_the_flag_and_the_citation_label(view):
    out = update_view(view, None, Controls(search=""))
    data = out["comparisons"]
    json.dumps(data)  # plain JSON: drawn by assets/comparisons.js, never a Dash component
    famine = next(b for b in data["blocks"] if b["statements"][0]["id"] == "000-famine-deaths")
    assert famine["flag"] == "Statements differ in periods: 2 independent assertions."
    assert famine["differs"] is True
    first = famine["statements"][0]
    assert len(first["cells"]) == len(data["headers"]) == 5
    assert first["label"].startswith("Citation: ")
    assert first["source_title"]
    assert data["notice"] == ""
    nothing = update_view(view, ids.SEARCH, Controls(search="", q="no such words"))
    assert nothing["comparisons"]["notice"].startswith("No quantity")


def test_the_page_hands_its_scripts_the_ids_they_look_up_and_no_script_repeats_one():
    page = build_layout(load_or_raise(MINI), (1900, 1950))
    assert json.loads(page.to_plotly_json()["props"]["data-dom-ids"]) == ids.DOM_IDS_FOR_SCRIPTS
    scripts = [p for p in Path(ASSETS_DIR).glob("*.js") if not p.name.endswith(".min.js")]
    for script in scripts:
        text = script.read_text()
        for component_id in ids.DOM_IDS_FOR_SCRIPTS.values():
            assert f'"{component_id}"' not in text, (script.name, component_id)
