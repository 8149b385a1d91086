"""Hostile text: markup in sources, measures and quotes renders as text; CSV export is formula-safe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard.server.app import create_app
from dashboard.web import ids
from tests.page import mount_table

HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"

pytestmark = [  # harness warnings, as in test_browser.py
    pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

INJECTED = """return {
    pwned: window.__pwned === undefined ? null : window.__pwned,
    images: document.querySelectorAll('img[src="x"]').length,
    jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
    bold: document.querySelectorAll('#react-entry-point b, #react-entry-point i').length,
    scripts: [...document.querySelectorAll('script')].filter(s => s.text.includes('__pwned')).length,
}"""
CLEAN = {"pwned": None, "images": 0, "jsLinks": 0, "bold": 0, "scripts": 0}


def test_ht001_markup_renders_as_text_and_never_runs(dash_duo):
    dash_duo.start_server(create_app(HOSTILE))
    dash_duo.wait_for_text_to_equal(
        f"#{ids.COUNT}", "2 of 2 figures shown (0 undated hidden)", timeout=15
    )
    mount_table(dash_duo)
    dash_duo.wait_for_element(f"#{ids.GRID} .ag-center-cols-container [row-id]", timeout=15)
    assert dash_duo.driver.execute_script(INJECTED) == CLEAN
    page_text = dash_duo.find_element("body").text
    assert "<script>window.__pwned=5</script> Hostile <i>title</i>" in page_text  # the footer
    cells = dash_duo.driver.execute_script(
        f"return [...document.querySelectorAll('#{ids.GRID} .ag-cell')].map(c => c.textContent)"
    )
    assert any(c.startswith('<img src=x onerror="window.__pwned=4">') for c in cells)  # the table

    dash_duo.wait_for_page(f"{dash_duo.server_url}/?figure=hostile-script")
    mark = f"#{ids.CITATION} mark"
    dash_duo.wait_for_contains_text(mark, "<script>window.__pwned=2</script>", timeout=15)
    dash_duo.wait_for_contains_text(mark, "javascript:window.__pwned=3", timeout=15)
    assert dash_duo.driver.execute_script(INJECTED) == CLEAN
    # The comparisons are drawn by assets/comparisons.js: its texts are text too.
    dash_duo.driver.execute_script(DRAW_HOSTILE_COMPARISON, ids.COMPARISONS, ids.SELECTED)
    # textContent: the comparisons fold below the overview, and folded text is not rendered.
    drawn = dash_duo.driver.execute_script(
        "return document.getElementById(arguments[0]).textContent", ids.COMPARISONS
    )
    assert '<img src=x onerror="window.__pwned=6">' in drawn
    assert "<script>window.__pwned=7</script>" in drawn
    assert dash_duo.driver.execute_script(INJECTED) == CLEAN
    assert dash_duo.get_logs() == []


DRAW_HOSTILE_COMPARISON = """
window.dash_clientside.comparisons.draw({
  headers: ['Value as written', 'Qualifier', 'Period', 'Source', 'Quote'], notice: '',
  blocks: [{measure: '<img src=x onerror="window.__pwned=6">', flag: '<b>flag</b>', differs: true,
    statements: [{id: 'x"><img src=x>', source_title: '"><img src=x onerror="window.__pwned=8">',
      label: '<i>label</i>',
      cells: ['<script>window.__pwned=7</script>', '<b>q</b>', 'p', 's', '<i>quote</i>']}]}]
}, arguments[0], arguments[1]);
"""


def test_export_neutralises_formulas_but_not_numbers():
    client = create_app(HOSTILE).server.test_client()
    response = client.get("/export.csv")
    assert response.status_code == 200
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    formula = rows["hostile-formula"]
    assert formula["measure"] == '\'=HYPERLINK("http://evil.invalid","click")'
    assert formula["quote"].startswith("'=HYPERLINK")
    assert formula["note"] == "'@SUM(A1:A9)"
    assert formula["value"] == "1000"  # numbers are never prefixed
    assert rows["hostile-script"]["measure"].startswith("<img")  # not a formula: left as it is


def test_headers_forbid_sniffing_and_framing_on_export():
    response = create_app(HOSTILE).server.test_client().get("/export.csv")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response.headers["Content-Disposition"]
