"""A chart image credits the sources it draws, from the page's one source list (fetched once from
GET /api/sources.json), not from a copy in every chart.
Run with `pytest --headless tests/web/test_browser_image_credits.py`.
"""

from __future__ import annotations

import urllib.parse

import pytest

from dashboard.server.app import create_app
from dashboard.web import ids
from tests.conftest import MINI

pytestmark = [  # harness warnings, as in test_browser.py
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PORT = 8085  # its own port, so these run beside other browser suites
DRAWN = "000_mini_history.txt"
NOT_DRAWN_TITLE = "Stalin: a short account (test video page)"
IMAGE_SVG = """
const done = arguments[arguments.length - 1];
window.figuresDashboard.citedImageFigure(arguments[0]).then(figure =>
  Plotly.toImage(figure, {format: 'svg', width: figure.layout.width,
                          height: figure.layout.height})).then(done, e => done(String(e)));
"""


def test_ic001_an_image_credits_only_the_sources_its_chart_draws(dash_duo):
    dash_duo.start_server(create_app(MINI), port=PORT)
    graph = ids.THEME_GRAPHS["famine"]
    dash_duo.driver.get(f"{dash_duo.server_url}/?category=famine&source={DRAWN}")
    dash_duo.wait_for_element(f"#{graph} .scatterlayer .points path", timeout=15)
    meta = dash_duo.driver.execute_script(
        "return document.querySelector('#' + arguments[0] + ' .js-plotly-plot').layout.meta.image",
        graph,
    )
    assert meta["sources"] == [DRAWN]  # the chart carries names, not titles and licences
    dash_duo.driver.set_script_timeout(30)
    svg_url = dash_duo.driver.execute_async_script(IMAGE_SVG, graph)
    assert svg_url.startswith("data:image/svg+xml")
    svg = urllib.parse.unquote(svg_url.split(",", 1)[1])
    assert "Famine deaths" in svg
    assert "Russia and the Soviet Union, 1914-1939 (test excerpt) (000_mini_history.txt)" in svg
    assert "CC0-1.0" in svg
    assert NOT_DRAWN_TITLE not in svg
    # A second image asks for nothing more: the list was fetched once.
    dash_duo.driver.execute_async_script(IMAGE_SVG, graph)
    fetched = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.name.endsWith('/api/sources.json')).length"
    )
    assert fetched == 1
    assert dash_duo.get_logs() == []
