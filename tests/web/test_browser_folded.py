"""Folded charts in a real browser: a filter change redraws the charts that are open at once and
a folded one only when it is opened (assets/chart_disclosure.js), with the filter's figure.

Run with `pytest --headless tests/web/test_browser_folded.py`.
"""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from dashboard.server.app import create_app
from dashboard.web import ids
from tests.conftest import MINI

pytestmark = [
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PORT = 8613  # its own port, so these run beside other browser suites
ALL_SHOWN = "16 of 16 figures shown (0 undated hidden)"
NARROWED = "5 of 16 figures shown (1 undated hidden)"  # 1930-1935
# The figure ids a chart's graph has drawn (gd.data), and those it will draw once opened.
MARKS = """
const gd = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
const ids = traces => [...new Set(traces.flatMap(t => (t.customdata || []).map(c => c && c[0])))]
  .filter(Boolean).sort();
return gd ? {drawn: ids(gd.data || []), shown: ids(window.figuresCharts.traces(gd))} : null;
"""


def marks(dash_duo, theme: str) -> dict:
    return dash_duo.driver.execute_script(MARKS, ids.THEME_GRAPHS[theme])


def open_chart(dash_duo, theme: str) -> None:
    summary = dash_duo.find_element(f"#{ids.THEME_BODIES[theme]} summary")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()


def narrowed(dash_duo) -> dict:
    """The page with every chart drawn and folded but the repression chart, then the period
    narrowed to 1930-1935: the collectivisation chart's marks then, still folded."""
    dash_duo.start_server(create_app(MINI), port=PORT)
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", ALL_SHOWN, timeout=15)
    driver = dash_duo.driver
    # Every later chart mounted and drawn (assets/charts.js), all folded.
    until(lambda: driver.execute_script("return !document.querySelector('.chart-drawing')"), 20)
    until(lambda: all(marks(dash_duo, t) for t in ("collectivisation", "repression")), timeout=15)
    farms, repression = marks(dash_duo, "collectivisation"), marks(dash_duo, "repression")
    assert farms["drawn"]  # the shares of 1932 and 1936
    assert farms["drawn"] == farms["shown"]
    caption = f"#{ids.THEME_CAPTIONS['collectivisation']}"
    words = dash_duo.find_element(caption).text
    open_chart(dash_duo, "repression")

    boxes = dash_duo.find_elements(f"#{ids.PERIOD} input")
    for box, year in ((boxes[0], 1930), (boxes[-1], 1935)):
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(str(year), Keys.TAB)
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", NARROWED, timeout=10)
    # The open chart is redrawn with the period's figures...
    until(lambda: marks(dash_duo, "repression")["drawn"] != repression["drawn"], timeout=10)
    now = marks(dash_duo, "repression")
    assert now["drawn"] == now["shown"]
    assert "000-dekulakised-households-1930" in now["drawn"]
    assert "001-executions-1938" not in now["drawn"]
    # ...the folded one keeps its drawing, holding the period's figure (without 1936's share).
    share_1936 = "000-collectivised-share-1936"
    until(lambda: share_1936 not in marks(dash_duo, "collectivisation")["shown"], timeout=10)
    held = marks(dash_duo, "collectivisation")
    assert "000-collectivised-share-1932" in held["shown"]
    assert held["drawn"] == farms["drawn"]  # not redrawn while folded
    assert dash_duo.find_element(caption).text != words  # its summary follows the filter
    return held


def test_bf001_a_folded_chart_is_redrawn_when_opened_and_an_open_one_at_once(dash_duo):
    held = narrowed(dash_duo)
    open_chart(dash_duo, "collectivisation")
    until(lambda: marks(dash_duo, "collectivisation")["drawn"] == held["shown"], timeout=10)
    assert dash_duo.get_logs() == []


def test_bf002_printing_draws_the_folded_charts_figures(dash_duo):
    """Paper shows folded charts unfolded (style.css): what they hold is drawn before printing."""
    held = narrowed(dash_duo)
    dash_duo.driver.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    until(lambda: marks(dash_duo, "collectivisation")["drawn"] == held["shown"], timeout=10)
    assert not dash_duo.find_element(f"#{ids.THEME_BODIES['collectivisation']}").get_attribute(
        "open"
    )
    assert dash_duo.get_logs() == []
