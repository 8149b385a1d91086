"""The page's CSV and spreadsheet links follow the filters: the view callback's outputs, no browser."""

from __future__ import annotations

import json

import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard.model.data import load_or_raise
from dashboard.model.filters import Filters
from dashboard.model.workbook import MAX_ROWS
from dashboard.web import downloads, ids
from dashboard.web.callbacks import VIEW_OUTPUTS, Controls, View, update_view
from dashboard.web.downloads import XLSX_LABEL, download_links
from dashboard.web.layout import build_layout
from tests.conftest import MINI


@pytest.fixture(scope="module")
def view():
    return View(load_or_raise(MINI))


def test_the_spreadsheet_link_is_beside_the_csv_link(view):
    page = json.dumps(build_layout(view.dataset, view.span), cls=PlotlyJSONEncoder)
    assert page.index(ids.DOWNLOAD) < page.index(ids.DOWNLOAD_XLSX)
    assert "Download spreadsheet (.xlsx)" in page
    assert VIEW_OUTPUTS["xlsx_href"] == (ids.DOWNLOAD_XLSX, "href")
    assert VIEW_OUTPUTS["xlsx_name"] == (ids.DOWNLOAD_XLSX, "download")


def test_both_links_follow_the_filters_from_the_address(view):
    search = "?from=1930&to=1935&category=famine,repression&q=famine&figure=000-famine-deaths"
    out = update_view(view, ids.URL, Controls(search=search, period=[1914, 1939], categories=[]))
    query = "from=1930&to=1935&category=famine,repression&q=famine"  # the citation is no filter
    assert out["download_href"] == f"/export.csv?{query}"
    assert out["xlsx_href"] == f"/export.xlsx?{query}"
    version = view.dataset.version
    assert out["download_name"] == f"figures_1930-1935_famine+repression_q-famine_v{version}.csv"
    assert out["xlsx_name"] == f"figures_1930-1935_famine+repression_q-famine_v{version}.xlsx"


def test_moving_a_control_moves_the_spreadsheet_link(view):
    controls = Controls(search="", period=[1914, 1939], categories=["party"], source=None, q="")
    out = update_view(view, ids.CATEGORY, controls)
    assert out["xlsx_href"] == "/export.xlsx?category=party"
    cleared = update_view(view, ids.RESET, controls)
    assert cleared["xlsx_href"] == "/export.xlsx"
    assert cleared["xlsx_name"] == f"figures_v{view.dataset.version}.xlsx"


def test_download_links_name_each_route():
    links = download_links(Filters(source="001_mini_page.txt"), "abc")
    assert links == {
        "download_href": "/export.csv?source=001_mini_page.txt",
        "download_name": "figures_001_mini_page_vabc.csv",
        "xlsx_href": "/export.xlsx?source=001_mini_page.txt",
        "xlsx_name": "figures_001_mini_page_vabc.xlsx",
        "xlsx_label": "Download spreadsheet (.xlsx)",
    }


def test_the_spreadsheet_link_says_when_too_many_rows_are_shown(monkeypatch):
    assert download_links(Filters(), "abc", MAX_ROWS)["xlsx_label"] == XLSX_LABEL
    over = download_links(Filters(), "abc", MAX_ROWS + 1)["xlsx_label"]
    assert (
        over
        == f"Spreadsheet: at most {MAX_ROWS:,} rows ({MAX_ROWS + 1:,} shown); narrow the filters"
    )
    # The page's callback passes the count it shows: a low limit turns the mini view's link.
    monkeypatch.setattr(downloads, "MAX_ROWS", 3)
    view = View(load_or_raise(MINI))
    controls = Controls(search="", period=[1914, 1939], categories=[], source=None, q="")
    out = update_view(view, ids.CATEGORY, controls)
    assert out["xlsx_label"].startswith("Spreadsheet: at most 3 rows (")
