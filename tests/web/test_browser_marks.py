"""Chart marks in a real browser: a click anywhere on a row (the middle of a range, a band, its
words) opens its citation; every row by keyboard; the PNG carries the key at twice the pixels.

Run with `pytest --headless tests/web/test_browser_marks.py`.
"""

from __future__ import annotations

import urllib.parse

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.keys import Keys

from dashboard.server.app import create_app
from dashboard.web import ids
from tests.a11y import (
    axe_violations,
    focused,
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

PORT = 8073  # its own port, so these run beside other browser suites
ALL_SHOWN = "16 of 16 figures shown (0 undated hidden)"
PANEL = f"#{ids.CITATION_PANEL}"
LISTBOX = "[role=listbox]"

# Where, in the viewport's CSS pixels, a value x (in data units) on the glyph line of figure
# `id` falls in graph `graph`: from the plot's own axes (gd._fullLayout), not from a guess.
POINT_OF = """
const [graph, id, value] = arguments;
const gd = document.querySelector('#' + graph + ' .js-plotly-plot');
const trace = gd.data.find(t => t.type === 'scatter' && (t.customdata || []).some(c => c && c[0] === id));
const i = trace.customdata.findIndex(c => c && c[0] === id);
const xa = gd._fullLayout['xaxis' + trace.xaxis.slice(1)], ya = gd._fullLayout['yaxis' + trace.yaxis.slice(1)];
const box = gd.querySelector('.main-svg').getBoundingClientRect();
return [box.left + xa._offset + xa.c2p(value), box.top + ya._offset + ya.c2p(trace.y[i])];
"""
# A vague magnitude's band: its floor, and where it ends (the axis cuts it).
BAND_OF = """
const [graph, id] = arguments;
const gd = document.querySelector('#' + graph + ' .js-plotly-plot');
const mark = gd.data.find(t => t.type === 'scatter' && (t.customdata || []).some(c => c && c[0] === id));
const i = mark.customdata.findIndex(c => c && c[0] === id);
const band = gd.data.find(t => t.fill === 'toself' && t.yaxis === mark.yaxis
    && Math.min(...t.y) < mark.y[i] && mark.y[i] < Math.max(...t.y));
return [Math.min(...band.x), Math.max(...band.x)];
"""
# The focus ring's box and the active option's words, in the listbox of graph `arguments[0]`.
ACTIVE_ROW = """
const graph = document.getElementById(arguments[0]);
const list = graph.querySelector('[role=listbox]');
const option = document.getElementById(list.getAttribute('aria-activedescendant'));
const ring = graph.querySelector('.chart-row-focus');
const r = ring.getBoundingClientRect();
return {words: option && option.textContent, selected: option && option.getAttribute('aria-selected'),
        ring: ring.style.display === 'block' ? [r.top, r.bottom] : null,
        options: list.querySelectorAll('[role=option]').length, label: list.getAttribute('aria-label')};
"""


@pytest.fixture
def page(dash_duo):
    dash_duo.start_server(create_app(MINI), port=PORT)
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", ALL_SHOWN, timeout=15)
    unfold_all(dash_duo)
    return dash_duo


def graph_ready(dash_duo, theme: str, width: int) -> str:
    """Set the window width, wait until graph `theme` is drawn at it, scroll it to the middle."""
    graph = ids.THEME_GRAPHS[theme]
    dash_duo.driver.set_window_size(width, 900)
    dash_duo.wait_for_element(f"#{graph} .scatterlayer .points path", timeout=15)
    fitted = """const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
        return Math.abs(gd.querySelector('.main-svg').getBoundingClientRect().width
                        - gd.getBoundingClientRect().width) < 2;"""
    until(lambda: dash_duo.driver.execute_script(fitted, graph), timeout=10)
    dash_duo.driver.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", graph
    )
    return graph


def click_at(dash_duo, x: float, y: float) -> None:
    """A pointer click at viewport coordinates, as a reader's mouse or finger makes it."""
    action = ActionBuilder(dash_duo.driver)
    action.pointer_action.move_to_location(round(x), round(y))
    action.pointer_action.click()
    action.perform()


def citation_opens_for(dash_duo, figure_id: str) -> None:
    until(lambda: f"figure={figure_id}" in dash_duo.driver.current_url, timeout=10)
    until(lambda: "is-open" in dash_duo.find_element(PANEL).get_attribute("class"), timeout=10)
    dash_duo.wait_for_element(f"#{ids.CITATION} mark", timeout=10)


def close_with_escape(dash_duo) -> None:
    ActionChains(dash_duo.driver).send_keys(Keys.ESCAPE).perform()
    until(lambda: "is-open" not in dash_duo.find_element(PANEL).get_attribute("class"), timeout=5)
    until(lambda: "figure=" not in dash_duo.driver.current_url, timeout=5)


@pytest.mark.parametrize("width", [1280, 390])
def test_bm001_the_middle_of_a_range_bar_opens_its_citation(page, width):
    """Between five and seven million: clicked at six million, half a bar away from either cap."""
    graph = graph_ready(page, "famine", width)
    x, y = page.driver.execute_script(POINT_OF, graph, "000-famine-deaths", 6_000_000)
    caps = [page.driver.execute_script(POINT_OF, graph, "000-famine-deaths", v)[0]
            for v in (5_000_000, 7_000_000)]  # fmt: skip
    assert min(abs(x - cap) for cap in caps) > 20, "the middle is beyond a cap's reach"
    click_at(page, x, y)
    citation_opens_for(page, "000-famine-deaths")
    assert "seven million" in page.find_element(f"#{ids.CITATION} mark").text.lower()
    assert page.get_logs() == []


@pytest.mark.parametrize("width", [1280, 390])
def test_bm002_the_middle_of_a_vague_band_opens_its_citation(page, width):
    graph = graph_ready(page, "repression", width)
    floor, end = page.driver.execute_script(BAND_OF, graph, "000-deportations-undated")
    assert floor == 100_000
    middle = (floor * end) ** 0.5 if end / floor > 5 else (floor + end) / 2  # a log axis's middle
    x, y = page.driver.execute_script(POINT_OF, graph, "000-deportations-undated", middle)
    start = page.driver.execute_script(POINT_OF, graph, "000-deportations-undated", floor)[0]
    assert x - start > 20, "the middle is beyond the floor mark's reach"
    click_at(page, x, y)
    citation_opens_for(page, "000-deportations-undated")
    assert "hundreds of thousands" in page.find_element(f"#{ids.CITATION} mark").text.lower()
    assert page.get_logs() == []


@pytest.mark.parametrize("width", [1280, 390])
def test_bm003_a_row_s_words_open_its_citation(page, width):
    graph = graph_ready(page, "war_losses", width)
    words = next(
        element
        for element in page.find_elements(f"#{graph} .annotation-text")
        if "92,000" in element.text
    )
    ActionChains(page.driver).move_to_element(words).click().perform()
    citation_opens_for(page, "000-tannenberg-prisoners")
    assert page.get_logs() == []


def test_bm004_keyboard_tab_to_a_chart_arrows_enter_and_focus_returns(page):
    driver = page.driver
    graph = graph_ready(page, "war_losses", 1280)
    assert tab_stops_to(driver, f"#{graph}", limit=40) is not None, focused(driver)
    assert driver.execute_script("return document.activeElement.getAttribute('role')") == "listbox"
    first = driver.execute_script(ACTIVE_ROW, graph)
    assert first["options"] == 3  # the war losses' three rows
    assert first["label"].startswith("War losses: 3 statements.")
    assert first["ring"] is not None, "the active row is shown"
    ActionChains(driver).send_keys(Keys.ARROW_DOWN).perform()
    second = driver.execute_script(ACTIVE_ROW, graph)
    assert second["words"] != first["words"]
    assert second["selected"] == "true"
    assert second["ring"][0] >= first["ring"][1] - 8, "the ring moved down to the next row"
    violations = axe_violations(driver, context=f"#{graph}")  # the listbox with its options
    assert violations == [], violations_message(violations)
    assert driver.execute_script("return document.activeElement.getAttribute('role')") == "listbox"
    wanted = driver.execute_script(
        "const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
        "return gd.data.flatMap(t => (t.customdata || []).filter(c => c && c.length === 3))"
        ".map(c => c[0])[1];",
        graph,
    )
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    citation_opens_for(page, wanted)
    close_with_escape(page)
    until(
        lambda: driver.execute_script(
            f"return document.activeElement.matches('#{graph} {LISTBOX}')"
        ),
        5,
    )
    back = driver.execute_script(ACTIVE_ROW, graph)
    assert back["words"] == second["words"], "the same row is still active"
    assert back["ring"] is not None
    # One Tab stop per chart: the next Tab leaves the graph.
    assert tab_stops_through(driver, None, f"#{graph}", limit=3) == 1, focused(driver)
    assert page.get_logs() == []


def test_bm005_enter_on_a_table_row_opens_its_citation_and_focus_returns(page):
    driver = page.driver
    mount_table(page)
    cell = page.wait_for_element(
        f"#{ids.GRID} .ag-center-cols-container [row-id='000-tannenberg-prisoners'] .ag-cell"
    )
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", cell
    )
    until(
        lambda: driver.execute_script(
            f"return document.querySelector('#{ids.GRID}').contains(document.activeElement)"
        ),
        5,
    )
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    citation_opens_for(page, "000-tannenberg-prisoners")
    close_with_escape(page)
    until(
        lambda: driver.execute_script(
            f"return document.querySelector('#{ids.GRID}').contains(document.activeElement)"
        ),
        5,
    )
    assert page.get_logs() == []


def test_bm006_the_png_carries_the_key_at_twice_the_pixels(page):
    driver = page.driver
    graph = graph_ready(page, "famine", 1280)
    driver.execute_script(
        "window.__downloads = []; window.Plotly.downloadImage = (figure, options) =>"
        " { window.__downloads.push({figure: figure, options: options}); return Promise.resolve(); };"
    )
    page.find_element(f"button[data-graph='{graph}'][data-format='png']").click()
    # The sources' credits are fetched first (once): the download follows.
    until(lambda: driver.execute_script("return window.__downloads.length") > 0, timeout=10)
    download = driver.execute_script("return window.__downloads[0]")
    assert download["options"]["scale"] == 2
    assert download["options"]["format"] == "png"
    (key,) = [a for a in download["figure"]["layout"]["annotations"] if a.get("name") == "key"]
    assert key["visible"] is True
    assert "a range" in key["text"]
    assert "Colour names the source" in key["text"]
    # Drawn: the key is in the image, under the chart and above the sources' footer.
    driver.set_script_timeout(30)
    svg = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        window.figuresDashboard.citedImageFigure(arguments[0]).then(figure =>
          Plotly.toImage(figure, {format: 'svg', width: figure.layout.width,
                                  height: figure.layout.height})).then(done, e => done(String(e)));
        """,
        graph,
    )
    assert svg.startswith("data:image/svg+xml")
    text = urllib.parse.unquote(svg.split(",", 1)[1])
    assert "How to read the chart" in text
    assert text.index("How to read the chart") < text.index("CC0-1.0")
    assert page.get_logs() == []


def test_bm007_a_chart_with_no_row_is_no_tab_stop(page):
    driver = page.driver
    driver.get(page.server_url + "/?from=1930&to=1935")
    graph = ids.THEME_GRAPHS["war_losses"]
    empty = f"const gd = document.querySelector('#{graph} .js-plotly-plot'); return !!gd && !!gd.data && gd.data.length === 0"
    until(lambda: driver.execute_script(empty), timeout=15)  # "No figure in this theme matches"
    tab_index = (
        f"const list = document.querySelector('#{graph} {LISTBOX}'); return list && list.tabIndex"
    )
    until(lambda: driver.execute_script(tab_index) == -1, timeout=5)
    famine = ids.THEME_GRAPHS["famine"]
    page.wait_for_element(f"#{famine} .scatterlayer .points path", timeout=15)
    until(lambda: driver.execute_script(tab_index.replace(graph, famine)) == 0, timeout=5)
    assert page.get_logs() == []
