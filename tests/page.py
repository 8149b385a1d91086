"""What a reader does to the page in a browser test, beyond clicks and keys: bring the table near."""

from __future__ import annotations

from selenium.webdriver.support.ui import WebDriverWait

from dashboard.web import ids


def mount_table(dash_duo, timeout: float = 15) -> None:
    """Scroll the table's section into view, as a reader scrolling down does, and wait until its
    grid is mounted and has the view's rows (the table loads only when near: dashboard/web/table.py)."""
    dash_duo.wait_for_element(f"#{ids.TABLE_SECTION}", timeout=timeout)
    # Scrolled to again at each look: a permalink's own scroll to its chart row (permalink.js)
    # can land after the first one and take the table out of view before it mounts.
    scroll_and_look = (
        "document.getElementById(arguments[0]).scrollIntoView();"
        "return document.querySelector(arguments[1]) !== null;"
    )
    WebDriverWait(dash_duo.driver, timeout, poll_frequency=0.5).until(
        lambda driver: driver.execute_script(
            scroll_and_look, ids.TABLE_SECTION, f"#{ids.GRID} .ag-root"
        )
    )
    status = f"#{ids.TABLE_STATUS}"
    # The status line says "Table: loading the rows…" until the view's rows reach the grid.
    WebDriverWait(dash_duo.driver, timeout).until(
        lambda driver: (
            driver.find_element("css selector", status).text.startswith("Table: ")
            and "loading" not in driver.find_element("css selector", status).text
        )
    )


UNFOLD = """
document.querySelectorAll('details.chart-body, details.comparisons-body, details.chart-key')
  .forEach(d => { d.open = true; });
"""


def unfold_all(dash_duo) -> None:
    """Open every folded part of the page (each chart, its key, the comparisons), as a reader
    opening them does: the browser tests then read and click what is drawn inside."""
    dash_duo.wait_for_element("details.chart-body", timeout=15)
    driver = dash_duo.driver
    # Every later chart mounted first (assets/charts.js), so none is drawn while its fold opens.
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.querySelectorAll('.chart-drawing').length") == 0
    )
    driver.execute_script(UNFOLD)
    # Then until each opened graph has been fitted to its card (chart_disclosure.js): a click
    # aimed while a graph is being redrawn can land between its layers.
    widths = (
        "return [...document.querySelectorAll('.chart-body .js-plotly-plot')]"
        ".map(g => Math.round(g.getBoundingClientRect().width))"
    )
    seen: list = []

    def settled(d) -> bool:  # the same widths twice running (hidden empty charts are 0)
        seen.append(d.execute_script(widths))
        return len(seen) > 1 and seen[-1] == seen[-2]

    WebDriverWait(driver, 10, poll_frequency=0.3).until(settled)
