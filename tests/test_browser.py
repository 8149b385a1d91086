"""Real browser tests (dash_duo, Debian chromium): run with `pytest --headless tests/test_browser.py`."""

from __future__ import annotations

import csv
import io
import urllib.request

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard import layout as ids
from dashboard.app import create_app
from tests.conftest import MINI

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


@pytest.fixture
def started(dash_duo):
    dash_duo.start_server(create_app(MINI))
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", ALL_SHOWN, timeout=15)
    return dash_duo


def grid_ids(dash_duo) -> list[str]:
    rows = dash_duo.find_elements(f"#{ids.GRID} .ag-center-cols-container [row-id]")
    return sorted(r.get_attribute("row-id") for r in rows)


def set_period(dash_duo, first: int, last: int) -> None:
    """Type the years into the slider's own number inputs, as a keyboard user would."""
    boxes = dash_duo.find_elements(f"#{ids.PERIOD} input")
    for box, year in ((boxes[0], first), (boxes[-1], last)):
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(str(year), Keys.TAB)


def test_br001_page_loads(started):
    dash_duo = started
    dash_duo.wait_for_element(f"#{ids.EXPLORER} .scatterlayer .points path", timeout=15)
    assert len(grid_ids(dash_duo)) == 16
    assert (
        "Russia and the Soviet Union, 1914-1939 (test excerpt)"
        in dash_duo.find_element("footer").text
    )
    assert dash_duo.get_logs() == []


def test_br002_narrowing_the_period_changes_charts_table_and_count(started):
    dash_duo = started
    dash_duo.wait_for_element(
        f"#{ids.THEME_GRAPHS['war_losses']} .scatterlayer .points path", timeout=15
    )
    set_period(dash_duo, 1930, 1935)
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", NARROWED, timeout=10)
    dash_duo.wait_for_contains_text(
        f"#{ids.THEME_GRAPHS['war_losses']}", "No figure matches", timeout=10
    )
    assert len(grid_ids(dash_duo)) == 5
    assert "from=1930&to=1935" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_br003_clicking_a_point_shows_its_quote_in_context(started):
    dash_duo = started
    famine = f"#{ids.THEME_GRAPHS['famine']}"
    point = dash_duo.wait_for_element(f"{famine} .scatterlayer .points path", timeout=15)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", point)
    ActionChains(dash_duo.driver).move_to_element(point).click().perform()
    dash_duo.wait_for_contains_text(f"#{ids.CITATION} mark", "seven million", timeout=10)
    passage = dash_duo.find_element(f"#{ids.CITATION} blockquote").text
    assert "famine" in passage.lower() and len(passage) > len(
        dash_duo.find_element(f"#{ids.CITATION} mark").text
    )
    assert "figure=" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_br004_download_csv_returns_exactly_the_rows_shown(started):
    dash_duo = started
    set_period(dash_duo, 1930, 1935)
    dash_duo.wait_for_text_to_equal(f"#{ids.COUNT}", NARROWED, timeout=10)
    link = dash_duo.find_element(f"#{ids.DOWNLOAD}")
    href = link.get_attribute("href")
    assert link.get_attribute("download") == "figures_1930-1935.csv"
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


def test_br006_figure_permalink_opens_that_citation(started):
    dash_duo = started
    dash_duo.driver.get(dash_duo.server_url + "/?figure=001-great-purge-executions")
    dash_duo.wait_for_text_to_equal(
        f"#{ids.CITATION} mark", "Nearly 700,000 people were shot in 1937 and 1938."
    )
    citation = dash_duo.find_element(f"#{ids.CITATION}").text
    assert "001_mini_page.txt" in citation and "line 4" in citation
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


def test_br008_table_row_and_comparison_button_open_citations(started):
    dash_duo = started
    cell = dash_duo.wait_for_element(
        f"#{ids.GRID} .ag-center-cols-container [row-id='000-tannenberg-prisoners'] [col-id='measure']"
    )
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    cell.click()
    dash_duo.wait_for_text_to_equal(
        f"#{ids.CITATION} mark", "some 92,000 soldiers were taken prisoner"
    )
    button = dash_duo.find_element(f"#{ids.COMPARISONS} button")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.send_keys(Keys.ENTER)
    dash_duo.wait_for_contains_text(f"#{ids.CITATION} mark", "Between five and seven million")
    assert dash_duo.get_logs() == []
