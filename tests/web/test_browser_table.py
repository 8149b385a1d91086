"""The table in a real browser: numeric sorting, one Tab stop, the quick filter, axe-core clean.

Run with `pytest --headless tests/web/test_browser_table.py`; needs node_modules/axe-core (`make test`).
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard.server.app import create_app
from dashboard.web import ids
from tests.a11y import axe_violations, focused, tab_stops_through, violations_message
from tests.conftest import MINI
from tests.page import mount_table

# The suite turns warnings into errors; these come from the test harness, not the app: selenium 4.2
# calls urllib3's deprecated getheader(), and the threaded dev server dash_duo runs leaves static
# asset files for the garbage collector to close.
pytestmark = [
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

PORT = 8062  # its own port, so these run beside other browser suites
ALL_ROWS = "Table: 16 rows."
GRID = f"#{ids.GRID}"

# Sort by a column through the grid API, then read every displayed row's field in display order.
SORTED_VALUES = """
const [gridId, column, done] = arguments;
dash_ag_grid.getApiAsync(gridId).then(api => {
    api.applyColumnState({state: [{colId: column, sort: 'asc'}], defaultState: {sort: null}});
    const values = [];
    for (let i = 0; i < api.getDisplayedRowCount(); i++) {
        values.push(api.getDisplayedRowAtIndex(i).data[column]);
    }
    done(values);
}, error => done({error: String(error)}));
"""


@pytest.fixture
def table(dash_duo):
    dash_duo.start_server(create_app(MINI), port=PORT)
    mount_table(dash_duo)
    dash_duo.wait_for_element(f"{GRID} .ag-center-cols-container [row-id]", timeout=15)
    dash_duo.wait_for_text_to_equal(f"#{ids.TABLE_STATUS}", ALL_ROWS, timeout=15)
    return dash_duo


def test_bt001_value_column_sorts_as_numbers(table):
    values = table.driver.execute_async_script(SORTED_VALUES, ids.GRID, "value")
    assert isinstance(values, list), values
    numbers = [v for v in values if v is not None]
    blanks = len(values) - len(numbers)
    assert all(isinstance(v, int | float) for v in numbers), values
    assert numbers == sorted(numbers), values  # text order: 1,000 < 24 < 9
    assert len(numbers) >= 10, values
    assert values[:blanks] == [None] * blanks  # blanks together, not scattered among numbers
    shown = table.driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(c => c.textContent.trim())",
        f"{GRID} .ag-center-cols-container [col-id='value']",
    )
    assert "92,000" in shown
    assert "NaN" not in shown
    assert table.get_logs() == []


def test_bt002_grid_is_one_tab_stop_with_arrow_keys_inside(table):
    driver = table.driver
    forward = tab_stops_through(driver, f"#{ids.QUICK_FILTER}", GRID)
    assert forward is not None, f"focus at {focused(driver)}"
    assert forward <= 3, f"{forward} Tab presses; focus at {focused(driver)}"
    back = tab_stops_through(driver, None, GRID, backwards=True)  # from just past the grid
    assert back is not None, f"focus at {focused(driver)}"
    assert back <= 3, f"{back} Shift+Tab presses; focus at {focused(driver)}"
    # Into the grid once more: a header cell takes focus, arrow keys move among the cells.
    table.find_element(f"#{ids.QUICK_FILTER}").click()
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert driver.execute_script(
        "return document.activeElement.closest('[role=columnheader]') !== null"
    ), focused(driver)
    ActionChains(driver).send_keys(Keys.ARROW_DOWN, Keys.ARROW_RIGHT).perform()
    cell = driver.switch_to.active_element
    assert cell.get_attribute("role") == "gridcell"
    assert cell.get_attribute("col-id") == "value"
    assert table.get_logs() == []


def test_bt003_quick_filter_changes_rows_and_status(table):
    box = table.find_element(f"#{ids.QUICK_FILTER}")
    box.send_keys("famine")
    table.wait_for_text_to_equal(
        f"#{ids.TABLE_STATUS}", "Table: 2 of 16 rows match \u201cfamine\u201d.", timeout=10
    )
    rows = table.find_elements(f"{GRID} .ag-center-cols-container [row-id]")
    assert sorted(r.get_attribute("row-id") for r in rows) == [
        "000-famine-deaths",
        "001-famine-deaths",
    ]
    box.send_keys(Keys.CONTROL, "a", Keys.BACKSPACE)
    table.wait_for_text_to_equal(f"#{ids.TABLE_STATUS}", ALL_ROWS, timeout=10)
    assert table.get_logs() == []


def test_bt004_table_section_has_no_serious_axe_violations(table):
    driver = table.driver
    violations = axe_violations(driver, context=f"#{ids.TABLE_SECTION}")
    assert violations == [], violations_message(violations)
    labelled_by = driver.execute_script(
        "return document.querySelector(arguments[0]).getAttribute('aria-labelledby')",
        f"{GRID} [role=grid], {GRID} [role=treegrid]",
    )
    heading = driver.find_element("css selector", f"#{labelled_by}")
    assert heading.tag_name == "h2"
    assert heading.text == "Table"
    assert table.get_logs() == []


def test_bt005_source_cell_tooltip_names_the_title_and_file(table):
    """The title is kept once per source in the grid's context, not in every row sent."""
    cell = table.find_element(
        f"{GRID} .ag-center-cols-container [row-id='000-famine-deaths'] [col-id='source_short']"
    )
    table.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    ActionChains(table.driver).move_to_element(cell).perform()
    table.wait_for_text_to_equal(
        ".ag-tooltip",
        "Russia and the Soviet Union, 1914-1939 (test excerpt) (000_mini_history.txt)",
        timeout=10,
    )
    assert table.get_logs() == []
