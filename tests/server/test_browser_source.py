"""The source page in real Chromium: `pytest --headless tests/server/test_browser_source.py`."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.model.data import load_or_raise
from dashboard.server.app import create_app

# The suite turns warnings into errors; these come from the test harness, not the app: selenium 4.2
# calls urllib3's deprecated getheader(), and the threaded dev server dash_duo runs leaves static
# asset files for the garbage collector to close.
pytestmark = [
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PORT = 8061  # apart from the other browser tests' servers
DOCUMENT = "000_d541d214e9d92eda.txt"
LINE = 130

IN_VIEW = """
const line = document.getElementById(arguments[0]).getBoundingClientRect();
return {top: line.top, innerHeight: window.innerHeight, scrollY: window.scrollY};
"""
MARKED = """
return [...document.querySelectorAll('mark[data-figure]')]
    .flatMap(m => m.dataset.figure.split(' '));
"""


@pytest.fixture
def source_page(dash_duo):
    """Open a source page of the real data at a window size; returns (dash_duo, dataset)."""
    dataset = load_or_raise()
    dash_duo.start_server(create_app(dataset=dataset), navigate=False, port=PORT)

    def open_page(path: str, width: int = 1280, height: int = 900):
        dash_duo.driver.set_window_size(width, height)
        dash_duo.driver.get(f"{dash_duo.server.url}{path}")
        dash_duo.wait_for_element("#L1", timeout=10)
        return dash_duo

    return open_page, dataset


def style(dash_duo, selector: str, prop: str, pseudo: str | None = None) -> str:
    return dash_duo.driver.execute_script(
        "return getComputedStyle(document.querySelector(arguments[0]), arguments[2])"
        ".getPropertyValue(arguments[1]);",
        selector,
        prop,
        pseudo,
    )


def test_sp001_line_anchor_is_in_view_and_every_figure_is_marked(source_page):
    open_page, dataset = source_page
    dash_duo = open_page(f"/source/{DOCUMENT}#L{LINE}")
    where = dash_duo.driver.execute_script(IN_VIEW, f"L{LINE}")
    assert where["scrollY"] > 0
    # In view, and clear of the top edge (scroll-margin-top) so its first words are not cut off.
    assert 24 <= where["top"] < where["innerHeight"] / 2, where
    # :target highlights the line (the stylesheet loaded under the CSP), and no other.
    assert style(dash_duo, f"#L{LINE}", "background-color") != style(
        dash_duo, f"#L{LINE + 1}", "background-color"
    )
    single = "mark[data-figure]:not([data-figure*=' '])"
    assert style(dash_duo, single, "background-color") == "rgb(255, 224, 138)"
    figures = dataset.figures
    expected = set(figures.loc[figures["source"] == DOCUMENT, "id"])
    assert set(dash_duo.driver.execute_script(MARKED)) == expected
    assert dash_duo.get_logs() == []


def test_sp002_phone_width_wraps_lines_under_a_narrow_number(source_page):
    open_page, _ = source_page
    dash_duo = open_page(f"/source/{DOCUMENT}#L{LINE}", width=390, height=844)
    layout = dash_duo.driver.execute_script(
        """
        const line = document.getElementById(arguments[0]);
        const rows = [...line.querySelector('.tx').getClientRects()];
        return {
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            number: line.querySelector('.ln').getBoundingClientRect().width,
            lineLeft: line.getBoundingClientRect().left
                + parseFloat(getComputedStyle(line).paddingLeft),
            rows: new Set(rows.map(r => Math.round(r.top))).size,
            wrappedLeft: Math.min(...rows.slice(1).map(r => r.left)),
            top: line.getBoundingClientRect().top,
            innerHeight: window.innerHeight,
        };
        """,
        f"L{LINE}",
    )
    assert layout["scrollWidth"] <= layout["innerWidth"], layout  # no sideways scrolling
    assert layout["number"] < 40, layout
    # Rows after the first start at the line's left edge: the number takes no width from them.
    assert layout["rows"] > 1, layout
    assert layout["wrappedLeft"] - layout["lineLeft"] < 2, layout
    assert 24 <= layout["top"] < layout["innerHeight"] / 2, layout
    assert dash_duo.get_logs() == []


def test_sp003_keyboard_reaches_marks_and_focus_shows_a_dismissal_reason(source_page):
    open_page, _ = source_page
    dash_duo = open_page(f"/source/{DOCUMENT}")
    driver = dash_duo.driver
    driver.find_element("css selector", "body").click()
    # Tab from the top: past the skip link, the navigation and the key, focus reaches the text's
    # marks and lone dismissed mentions, never the 301 line numbers.
    where = """const e = document.activeElement;
        return e.closest('mark[data-figure]') ? 'mark' : e.closest('header') ? 'header'
            : e.matches('.dismissed[tabindex]') ? 'dismissed' : e.className || e.tagName;"""
    stops = []
    while "mark" not in stops and len(stops) < 30:
        ActionChains(driver).send_keys(Keys.TAB).perform()
        stops.append(driver.execute_script(where))
    assert stops[-1] == "mark", stops
    assert set(stops) <= {"skip", "header", "dismissed", "mark"}, stops

    alone = ".dismissed[tabindex='0']"
    assert style(dash_duo, alone, "content", "::after") == "none"
    driver.execute_script("document.querySelector(arguments[0]).focus()", alone)
    assert style(dash_duo, alone, "content", "::after").startswith('"Dismissed: ')
    # A dismissed mention inside a quote is reached through the quote's link.
    inside = ".dismissed:not([tabindex]) mark a"
    driver.execute_script("document.querySelector(arguments[0]).focus()", inside)
    assert style(dash_duo, ".dismissed:not([tabindex])", "content", "::after").startswith(
        '"Dismissed: '
    )
    assert dash_duo.get_logs() == []
