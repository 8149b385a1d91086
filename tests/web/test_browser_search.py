"""The search in a real browser: a comparison the search cuts says "k of n statements shown" and
unfolds the statements it hides, each with a Citation button that opens it; axe-core clean.

Run with `pytest --headless tests/web/test_browser_search.py`; needs node_modules/axe-core.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys

from dashboard.model.data import DEFAULT_DATA_DIR
from dashboard.server.app import create_app
from dashboard.web import ids
from tests.a11y import axe_violations, violations_message
from tests.page import unfold_all

# The suite turns warnings into errors; these come from the test harness, not the app (as in
# tests/web/test_browser_table.py).
pytestmark = [
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PORT = 8071  # its own port, so these run beside other browser suites
CUT = f"#{ids.COMPARISONS} details.comparison:has(details.comparison-hidden)"


def test_bs001_a_cut_comparison_says_so_and_opens_the_rest(dash_duo):
    dash_duo.start_server(create_app(DEFAULT_DATA_DIR), port=PORT)
    # 700000, as the search box may be typed: the same figures as "700,000" (nothing hides
    # there); then "executed", which leaves out "700,000 were shot".
    dash_duo.driver.get(dash_duo.server_url + "/?q=700000")
    dash_duo.wait_for_contains_text(f"#{ids.COUNT}", "11 of", timeout=15)
    dash_duo.driver.get(dash_duo.server_url + "/?q=executed")
    block = dash_duo.wait_for_element(CUT, timeout=15)
    # The comparisons fold below the overview, each to its line: the reader opens both.
    unfold_all(dash_duo)
    dash_duo.driver.execute_script("arguments[0].open = true", block)
    summary = block.find_element("css selector", ":scope > summary")
    assert "4 of 5 statements shown." in summary.text
    assert len(block.find_elements("css selector", ":scope > .table-scroll tbody tr")) == 4

    hidden = block.find_element("css selector", "details.comparison-hidden")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", hidden)
    assert not hidden.get_attribute("open")  # folded away until asked for
    opener = hidden.find_element("css selector", "summary")
    assert opener.text == "Show the statement the filters hide"
    opener.click()
    rows = hidden.find_elements("css selector", "tbody tr")
    assert [r.find_element("css selector", "td").text for r in rows] == ["700,000"]
    violations = axe_violations(dash_duo.driver, context=f"#{ids.COMPARISONS}")
    assert violations == [], violations_message(violations)

    rows[0].find_element("css selector", "button").send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text(f"#{ids.CITATION} mark", "700,000 were shot", timeout=10)
    assert dash_duo.get_logs() == []
