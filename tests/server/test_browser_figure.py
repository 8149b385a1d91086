"""The figure page and an embedded chart in real Chromium:
`pytest --headless tests/server/test_browser_figure.py`."""

from __future__ import annotations

import pytest

from dashboard.model.data import load_or_raise
from dashboard.server.app import create_app
from tests.a11y import axe_violations

pytestmark = [
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PORT = 8064  # apart from the other browser tests' servers
FIGURE = "000-great-purge-executions-l130"


@pytest.fixture
def served(dash_duo):
    dash_duo.start_server(create_app(dataset=load_or_raise()), navigate=False, port=PORT)
    return dash_duo


@pytest.mark.parametrize("width", [1280, 390])
def test_fp001_the_figure_page_is_clean_for_axe_and_its_copy_buttons_work(served, width):
    driver = served.driver
    driver.set_window_size(width, 900)
    driver.get(f"{served.server.url}/figure/{FIGURE}")
    served.wait_for_element("button.copy", timeout=10)
    # The script ran: the copy buttons, hidden for readers without one, are shown.
    assert driver.execute_script(
        "return [...document.querySelectorAll('button.copy')].every(b => !b.hidden)"
    )
    assert axe_violations(driver) == []
    # No part of the page is wider than the window, on a phone too.
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_fp002_an_embedded_chart_draws_in_a_frame_of_another_page(served):
    driver = served.driver
    driver.set_window_size(900, 900)
    driver.get(f"{served.server.url}/embed/famine")
    served.wait_for_element("#chart .main-svg", timeout=15)
    labels = driver.execute_script(
        "return [...document.querySelectorAll('#chart text')].map(t => t.textContent).join(' ')"
    )
    assert "between five and seven million" in labels
    assert axe_violations(driver) == []
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
