"""Real browser tests (dash_duo, Debian chromium): run with `pytest --headless tests/web/test_browser.py`."""

from __future__ import annotations

import base64
import csv
import io
import urllib.parse
import urllib.request

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.model.data import DEFAULT_DATA_DIR, load_or_raise
from dashboard.server.app import create_app
from dashboard.web import ids
from tests.a11y import (
    axe_violations,
    focused,
    press_tab,
    tab_stops_through,
    tab_stops_to,
    violations_message,
)
from tests.conftest import MINI
from tests.page import mount_table, unfold_all

# The suite turns warnings into errors; these come from the test harness, not the app: selenium 4.2
# calls urllib3's deprecated getheader(), and the threaded dev server dash_duo runs leaves static
# asset files for the garbage collector to close.
pytestmark = [
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

ALL_SHOWN = "16 of 16 figures shown (0 undated hidden)"
NARROWED = "5 of 16 figures shown (1 undated hidden)"
FAMINE = f"#{ids.THEME_GRAPHS['famine']}"
PANEL = f"#{ids.CITATION_PANEL}"

# For each drawn chart: how many distinct figures it marks, how many texts name them, and every
# pair of its non-empty text boxes that overlap (by getBoundingClientRect, 1 px tolerance).
CHART_TEXTS = """
return [...document.querySelectorAll('.chart .js-plotly-plot')].map(gd => {
  const ids = new Set();
  (gd.data || []).forEach(t => (t.customdata || []).forEach(c => c && ids.add(c[0])));
  const boxes = [...gd.querySelectorAll('text')]
    .filter(t => t.textContent.trim())
    .map(t => ({r: t.getBoundingClientRect(), text: t.textContent.trim()}))
    .filter(b => b.r.width > 0 && b.r.height > 0);
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i].r, b = boxes[j].r;
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
      overlaps.push([boxes[i].text, boxes[j].text]);
  }
  const names = [...gd.querySelectorAll('.annotation-text, .textpoint text')]
    .filter(t => t.textContent.trim()).length;
  const width = gd.getBoundingClientRect().width;
  const outside = boxes.filter(b => b.r.right > gd.getBoundingClientRect().right + 1).map(b => b.text);
  return {id: gd.parentElement.id, marks: ids.size, names: names, overlaps: overlaps,
          width: width, outside: outside};
}).filter(c => c.marks > 0);
"""
IN_VIEW = """
const r = document.querySelector(arguments[0]).getBoundingClientRect();
return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth
  && r.height > 0;
"""
FOCUS_IN = "return document.querySelector(arguments[0]).contains(document.activeElement);"


@pytest.fixture
def started(dash_duo):
    dash_duo.start_server(create_app(MINI))
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", ALL_SHOWN, timeout=15)
    unfold_all(dash_duo)
    return dash_duo


def grid_ids(dash_duo) -> list[str]:
    """Every row the grid displays (rendered or not: the grid draws only rows in view)."""
    mount_table(dash_duo)
    dash_duo.driver.set_script_timeout(15)
    return sorted(
        dash_duo.driver.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            dash_ag_grid.getApiAsync(arguments[0]).then(api => {
              const out = [];
              api.forEachNodeAfterFilterAndSort(node => out.push(node.data.id));
              done(out);
            });
            """,
            ids.GRID,
        )
    )


def set_period(dash_duo, first: int, last: int) -> None:
    """Type the years into the slider's own number inputs, as a keyboard user would."""
    boxes = dash_duo.find_elements(f"#{ids.PERIOD} input")
    for box, year in ((boxes[0], first), (boxes[-1], last)):
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(str(year), Keys.TAB)


def resize(dash_duo, width: int, height: int = 900) -> None:
    """Set the window width and wait until every chart has redrawn at its new width."""
    dash_duo.driver.set_window_size(width, height)
    same = """return [...document.querySelectorAll('.chart .js-plotly-plot')].every(gd =>
        Math.abs(gd.querySelector('.main-svg').getBoundingClientRect().width
                 - gd.getBoundingClientRect().width) < 2)"""
    until(lambda: dash_duo.driver.execute_script(same), timeout=10)


def click_centre(dash_duo, element) -> None:
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    ActionChains(dash_duo.driver).move_to_element(element).click().perform()


def assert_citation_in_view_with_focus(dash_duo, quote_part: str) -> None:
    dash_duo.wait_for_contains_text(f"#{ids.CITATION} mark", quote_part, timeout=10)
    driver = dash_duo.driver
    assert driver.execute_script(IN_VIEW, f"#{ids.CITATION} mark"), "quote not in the viewport"
    until(lambda: driver.execute_script(FOCUS_IN, PANEL), timeout=5)


def press_escape(dash_duo) -> None:
    ActionChains(dash_duo.driver).send_keys(Keys.ESCAPE).perform()
    until(lambda: "is-open" not in dash_duo.find_element(PANEL).get_attribute("class"), timeout=5)


def test_br001_page_loads_with_every_chart_drawn(started):
    dash_duo = started
    dash_duo.wait_for_element(f"{FAMINE} .scatterlayer .points path", timeout=15)
    assert len(grid_ids(dash_duo)) == 16
    assert (
        "Russia and the Soviet Union, 1914-1939 (test excerpt)"
        in dash_duo.find_element(".page-footer").text
    )
    assert dash_duo.driver.execute_script("return document.documentElement.lang") == "en"
    assert not dash_duo.find_element(PANEL).is_displayed()  # "Close citation" only when open
    assert dash_duo.get_logs() == []


def test_br002_narrowing_the_period_changes_charts_table_and_count(started):
    dash_duo = started
    war = f"#{ids.THEME_GRAPHS['war_losses']}"
    dash_duo.wait_for_element(f"{war} .scatterlayer .points path", timeout=15)
    set_period(dash_duo, 1930, 1935)
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", NARROWED, timeout=10)
    # A theme left empty folds away: its card goes and the overview names it in one line.
    empty = f"#{ids.OVERVIEW} .overview-empty"
    dash_duo.wait_for_contains_text(empty, "War losses", timeout=10)
    # A later chart, mounted after the first paint, follows the filters too.
    dash_duo.wait_for_contains_text(empty, "Party membership and votes", timeout=10)
    until(lambda: not dash_duo.find_element(war).is_displayed(), timeout=5)
    assert not dash_duo.find_element(f"#{ids.THEME_GRAPHS['party']}").is_displayed()
    assert len(grid_ids(dash_duo)) == 5
    assert "from=1930&to=1935" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_br003_clicking_a_mark_brings_its_citation_into_view_and_escape_returns(started):
    dash_duo = started
    point = dash_duo.wait_for_element(f"{FAMINE} .scatterlayer .points path", timeout=15)
    click_centre(dash_duo, point)
    assert_citation_in_view_with_focus(dash_duo, "seven million")
    passage = dash_duo.find_element(f"#{ids.CITATION} blockquote").text
    assert "famine" in passage.lower()
    assert len(passage) > len(dash_duo.find_element(f"#{ids.CITATION} mark").text)
    assert "figure=" in dash_duo.driver.current_url
    highlighted = dash_duo.driver.execute_script(
        "return document.querySelectorAll(arguments[0] + ' .shapelayer path').length", FAMINE
    )
    assert highlighted >= 1  # the chosen statement is highlighted in its chart
    press_escape(dash_duo)
    back_to_chart = "return document.activeElement.contains(document.querySelector(arguments[0]))"
    assert dash_duo.driver.execute_script(back_to_chart, FAMINE), focused(dash_duo.driver)
    click_centre(dash_duo, dash_duo.find_element(f"{FAMINE} .scatterlayer .points path"))
    assert_citation_in_view_with_focus(dash_duo, "seven million")  # the same mark opens again
    assert dash_duo.get_logs() == []


def test_br004_download_csv_returns_exactly_the_rows_shown(started):
    dash_duo = started
    set_period(dash_duo, 1930, 1935)
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", NARROWED, timeout=10)
    link = dash_duo.find_element(f"#{ids.DOWNLOAD}")
    href = link.get_attribute("href")
    version = load_or_raise(MINI).version
    assert link.get_attribute("download") == f"figures_1930-1935_v{version}.csv"
    with urllib.request.urlopen(href) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    assert sorted(r["id"] for r in rows) == grid_ids(dash_duo)
    assert len(rows) == 5
    assert dash_duo.get_logs() == []


def test_br005_url_with_parameters_restores_the_filters(started):
    dash_duo = started
    dash_duo.driver.get(dash_duo.server_url + "/?from=1930&to=1935&category=famine&q=seven")
    dash_duo.wait_for_text_to_equal(
        f"#{ids.COUNT}", "2 of 16 figures shown (0 undated hidden)", timeout=15
    )
    assert "Famine" in dash_duo.find_element(f"#{ids.CATEGORY}").text
    assert dash_duo.find_element(f"#{ids.SEARCH}").get_attribute("value") == "seven"
    boxes = dash_duo.find_elements(f"#{ids.PERIOD} input")
    assert [b.get_attribute("value") for b in (boxes[0], boxes[-1])] == ["1930", "1935"]
    assert dash_duo.get_logs() == []


def test_br006_figure_permalink_opens_that_citation_in_view(started):
    dash_duo = started
    dash_duo.driver.get(dash_duo.server_url + "/?figure=001-great-purge-executions")
    dash_duo.wait_for_text_to_equal(
        f"#{ids.CITATION} mark", "Nearly 700,000 people were shot in 1937 and 1938."
    )
    assert_citation_in_view_with_focus(dash_duo, "Nearly 700,000")
    citation = dash_duo.find_element(f"#{ids.CITATION}").text
    assert "001_mini_page.txt" in citation
    assert "line 4" in citation
    link = dash_duo.find_element(f"#{ids.CITATION} .citation-source a").get_attribute("href")
    assert link.endswith("/source/001_mini_page.txt#L4")
    mount_table(dash_duo)  # the grid, mounted later, picks the permalink's row too
    until(
        lambda: (
            "001-great-purge-executions"
            in dash_duo.driver.execute_script(
                "return [...document.querySelectorAll('#figures-grid .ag-row-selected')]"
                ".map(r => r.getAttribute('row-id'))"
            )
        ),
        timeout=10,
    )
    assert dash_duo.get_logs() == []


def test_br007_back_and_forward_restore_the_view(started):
    dash_duo = started
    set_period(dash_duo, 1930, 1935)
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", NARROWED, timeout=10)
    from_only = "9 of 16 figures shown (1 undated hidden)"  # each typed year is a history entry
    dash_duo.driver.back()
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", from_only, timeout=10)
    dash_duo.driver.back()
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", ALL_SHOWN, timeout=10)
    assert dash_duo.find_elements(f"#{ids.PERIOD} input")[0].get_attribute("value") == "1914"
    dash_duo.driver.forward()
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", from_only, timeout=10)
    assert dash_duo.get_logs() == []


def test_br008_table_row_and_comparison_button_open_citations_in_view(started):
    dash_duo = started
    mount_table(dash_duo)
    cell = dash_duo.wait_for_element(
        f"#{ids.GRID} .ag-center-cols-container [row-id='000-tannenberg-prisoners'] .ag-cell"
    )
    click_centre(dash_duo, cell)
    assert_citation_in_view_with_focus(dash_duo, "some 92,000 soldiers were taken prisoner")
    press_escape(dash_duo)
    assert dash_duo.driver.execute_script(FOCUS_IN, f"#{ids.GRID}"), focused(dash_duo.driver)

    # A comparison folds to its line: the reader opens it, then its Citation button.
    dash_duo.find_element(f"#{ids.COMPARISONS} details.comparison > summary").click()
    button = dash_duo.find_element(f"#{ids.COMPARISONS} button")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.send_keys(Keys.ENTER)
    assert_citation_in_view_with_focus(dash_duo, "Between five and seven million")
    dash_duo.find_element(f"#{ids.CITATION_CLOSE}").send_keys(Keys.ENTER)
    until(lambda: not dash_duo.find_element(PANEL).is_displayed(), timeout=5)
    assert dash_duo.driver.execute_script("return document.activeElement") == button
    assert dash_duo.get_logs() == []


def check_charts_readable(dash_duo, width: int) -> None:
    unfold_all(dash_duo)
    dash_duo.wait_for_element(f"{FAMINE} .scatterlayer .points path", timeout=15)
    resize(dash_duo, width)
    charts = dash_duo.driver.execute_script(CHART_TEXTS)
    assert len(charts) >= 5
    for chart in charts:
        assert chart["names"] >= chart["marks"], chart
        assert chart["overlaps"] == [], (width, chart["id"], chart["overlaps"])
        assert chart["outside"] == [], (width, chart["id"], chart["outside"])


@pytest.mark.parametrize("width", [1280, 390])
def test_br009_charts_name_every_mark_and_no_texts_overlap(dash_duo, width):
    dash_duo.start_server(create_app(DEFAULT_DATA_DIR))
    check_charts_readable(dash_duo, width)
    assert dash_duo.get_logs() == []


def test_br010_every_resource_comes_from_the_page_s_own_origin(started):
    dash_duo = started
    dash_duo.wait_for_element(f"{FAMINE} .scatterlayer .points path", timeout=15)
    names = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    origin = dash_duo.server_url.rstrip("/")
    assert names
    assert all(n.startswith(origin + "/") for n in names), [
        n for n in names if not n.startswith(origin)
    ]
    assert not dash_duo.find_elements(".modebar")  # no toolbar: nothing can go to a cloud
    assert dash_duo.get_logs() == []


def test_br011_chart_image_carries_title_filters_and_sources(started):
    dash_duo = started
    dash_duo.driver.get(dash_duo.server_url + "/?category=famine")
    dash_duo.wait_for_element(f"{FAMINE} .scatterlayer .points path", timeout=15)
    dash_duo.driver.set_script_timeout(30)
    svg_url = dash_duo.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        window.figuresDashboard.citedImageFigure(arguments[0]).then(figure =>
          Plotly.toImage(figure, {format: 'svg', width: figure.layout.width,
                                  height: figure.layout.height})).then(done, e => done(String(e)));
        """,
        ids.THEME_GRAPHS["famine"],
    )
    assert svg_url.startswith("data:image/svg+xml")
    payload = svg_url.split(",", 1)[1]
    svg = (
        base64.b64decode(payload).decode()
        if ";base64" in svg_url.split(",", 1)[0]
        else urllib.parse.unquote(payload)
    )
    assert "Famine deaths" in svg
    assert "categories: Famine" in svg
    assert "Russia and the Soviet Union, 1914-1939 (test excerpt)" in svg
    assert "CC0-1.0" in svg
    assert dash_duo.get_logs() == []


def test_br012_keyboard_skip_links_lead_to_charts_and_table(started):
    dash_duo = started
    driver = dash_duo.driver
    assert tab_stops_to(driver, ".skip-link[href='#charts']", limit=3) is not None
    assert tab_stops_to(driver, f".skip-link[href='#{ids.TABLE_SECTION}']", limit=3) is not None
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    # The section takes focus, which loads the table: "Loading the table…" until it is mounted.
    dash_duo.wait_for_element(f"#{ids.GRID} .ag-root", timeout=15)
    for _ in range(3):  # from the skip link's target: the quick filter, then the grid
        press_tab(driver)
        if driver.execute_script(FOCUS_IN, f"#{ids.GRID}"):
            break
    assert driver.execute_script(FOCUS_IN, f"#{ids.GRID}"), focused(driver)
    grid_exit = tab_stops_through(driver, None, f"#{ids.GRID}", limit=3)
    assert grid_exit is not None, focused(driver)
    assert grid_exit <= 3, focused(driver)
    assert dash_duo.get_logs() == []


def test_br013_year_input_applies_on_enter(started):
    dash_duo = started
    box = dash_duo.find_elements(f"#{ids.PERIOD} input")[0]
    assert box.get_attribute("aria-label") == "First year of the period"
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("1930", Keys.ENTER)
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", "9 of 16 figures shown (1 undated hidden)")
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize("width", [1280, 390])
def test_br014_axe_finds_nothing_serious_on_page_citation_and_source_view(started, width):
    dash_duo = started
    driver = dash_duo.driver
    dash_duo.wait_for_element(f"{FAMINE} .scatterlayer .points path", timeout=15)
    resize(dash_duo, width)
    violations = axe_violations(driver)
    assert violations == [], violations_message(violations)
    driver.get(dash_duo.server_url + "/?figure=000-famine-deaths")
    assert_citation_in_view_with_focus(dash_duo, "seven million")
    violations = axe_violations(driver)
    assert violations == [], violations_message(violations)
    driver.get(dash_duo.server_url + "/source/000_mini_history.txt#L9")
    dash_duo.wait_for_element("mark[data-figure]", timeout=10)
    violations = axe_violations(driver)
    assert violations == [], violations_message(violations)
    assert dash_duo.get_logs() == []


def test_br015_phone_tap_opens_a_bottom_sheet_and_comparisons_stack(started):
    dash_duo = started
    driver = dash_duo.driver
    dash_duo.wait_for_element(f"{FAMINE} .scatterlayer .points path", timeout=15)
    resize(dash_duo, 390, 844)
    point = dash_duo.find_element(f"{FAMINE} .scatterlayer .points path")
    click_centre(dash_duo, point)
    hover_widths = driver.execute_script(
        "return [...document.querySelectorAll('.hoverlayer .hovertext')]"
        ".map(h => h.getBoundingClientRect().width)"
    )
    assert all(w < 300 for w in hover_widths), hover_widths  # never wider than the phone
    assert_citation_in_view_with_focus(dash_duo, "seven million")
    sheet = driver.execute_script(
        f"return document.querySelector('{PANEL}').getBoundingClientRect().toJSON()"
    )
    assert sheet["bottom"] == pytest.approx(
        driver.execute_script("return window.innerHeight"), abs=2
    )
    page_width = driver.execute_script("return document.documentElement.clientWidth")
    assert sheet["width"] == pytest.approx(page_width, abs=2)  # a bottom sheet across the phone
    press_escape(dash_duo)
    button = dash_duo.find_element(f"#{ids.COMPARISONS} button")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    quote = dash_duo.find_element(f"#{ids.COMPARISONS} .quote-cell")
    for element in (button, quote):
        right = driver.execute_script("return arguments[0].getBoundingClientRect().right", element)
        assert right <= 390, element.text
    assert dash_duo.get_logs() == []


def test_br016_unusable_address_parameters_are_named_and_the_address_rewritten(started):
    dash_duo = started
    dash_duo.driver.get(dash_duo.server_url + "/?from=abc&category=nonsense&to=1800")
    dash_duo.wait_for_contains_text(f"#{ids.URL_NOTICE}", "'from' must be a year", timeout=15)
    notice = dash_duo.find_element(f"#{ids.URL_NOTICE}").text
    assert "unknown category 'nonsense'" in notice
    assert "'to' 1800 is outside" in notice
    until(lambda: dash_duo.driver.current_url.endswith("/?to=1914"), timeout=10)
    boxes = dash_duo.find_elements(f"#{ids.PERIOD} input")
    assert [b.get_attribute("value") for b in (boxes[0], boxes[-1])] == ["1914", "1914"]
    assert dash_duo.get_logs() == []


# Per chart: the figure ids it marks (a folded chart: once opened, assets/chart_disclosure.js),
# and whether it is still "Drawing the chart…" (a later chart's slot before its graph is mounted,
# or a graph plotly has not drawn yet).
CHART_STATE = """
return [...document.querySelectorAll('.chart')].map(chart => {
  const graph = chart.querySelector('.dash-graph');
  const gd = graph && graph.querySelector('.js-plotly-plot');
  const ids = new Set();
  (gd ? window.figuresCharts.traces(gd) : []).forEach(t => (t.customdata || []).forEach(c => c && ids.add(c[0])));
  return {id: graph && graph.id, marks: ids.size,
          drawing: !gd || !!chart.querySelector('.chart-drawing')};
});
"""


def test_br017_first_chart_first_then_the_rest_of_the_page(started):
    """The first chart comes with the page; the others, the table rows and the comparisons follow
    once it is painted, and every chart ends drawn from the data, none left 'Drawing'."""
    driver = started.driver
    until(lambda: not any(c["drawing"] for c in driver.execute_script(CHART_STATE)), timeout=15)
    charts = {c["id"]: c["marks"] for c in driver.execute_script(CHART_STATE)}
    assert charts[ids.THEME_GRAPHS["war_losses"]] > 0
    assert charts[ids.THEME_GRAPHS["famine"]] > 0
    assert sum(charts.values()) >= 16  # every figure of the mini table is marked somewhere
    started.wait_for_element(f"#{ids.COMPARISONS} details", timeout=15)
    # The table waits until it is near the screen: no AG Grid script until then.
    loaded = "return performance.getEntriesByType('resource').some(e => e.name.includes('ag_grid'))"
    assert not driver.execute_script(loaded)
    assert started.find_element(f"#{ids.TABLE_SLOT}").text == "Loading the table\u2026"
    mount_table(started)
    started.wait_for_text_to_equal(f"#{ids.TABLE_STATUS}", "Table: 16 rows.", timeout=15)
    assert started.get_logs() == []


def test_br018_an_address_with_filters_is_not_overwritten_by_the_first_view(dash_duo):
    dash_duo.start_server(create_app(MINI))
    dash_duo.driver.get(dash_duo.server_url + "/?category=famine")
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", "2 of 16 figures shown (0 undated hidden)")
    until(lambda: not any(c["drawing"] for c in dash_duo.driver.execute_script(CHART_STATE)), 15)
    mount_table(dash_duo)
    dash_duo.wait_for_text_to_equal(f"#{ids.TABLE_STATUS}", "Table: 2 rows.", timeout=15)
    charts = {c["id"]: c["marks"] for c in dash_duo.driver.execute_script(CHART_STATE)}
    assert charts[ids.THEME_GRAPHS["famine"]] == 2
    assert sum(charts.values()) == 2  # the unfiltered first view never came back
    assert dash_duo.get_logs() == []
