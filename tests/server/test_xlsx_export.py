"""GET /export.xlsx through the Flask test client: the CSV's rows, filters and file name, its 400s,
and links on the configured origin, never the Host header a client sends."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

import dashboard.server.xlsx_export as xlsx_export
from dashboard.model.workbook import MIMETYPE
from dashboard.server.app import create_app
from tests.conftest import MINI

ORIGIN = "https://figures.example.org"


@pytest.fixture(scope="module")
def client():
    return create_app(MINI).server.test_client()


def figure_ids(response) -> list[str]:
    sheet = load_workbook(io.BytesIO(response.get_data()))["Figures"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Figure id")
    return [row[column] for row in rows[1:]]


def csv_ids(response) -> list[str]:
    return [r["id"] for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))]


def test_every_figure_as_a_named_attachment(client):
    response = client.get("/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == MIMETYPE
    version = response.headers["X-Data-Version"]
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="figures_v{version}.xlsx"'
    )
    assert figure_ids(response) == csv_ids(client.get("/export.csv"))
    assert len(figure_ids(response)) == 16


@pytest.mark.parametrize(
    "query",
    [
        "from=1930&to=1935&category=famine",
        "category=repression,famine&q=executed",
        "source=001_mini_page.txt",
        "to=1920",
        "from=1900&to=2000&figure=000-famine-deaths",  # the span's ends and a citation: no filter
    ],
)
def test_the_filters_narrow_the_rows_exactly_as_the_csvs(client, query):
    response = client.get(f"/export.xlsx?{query}")
    csv_response = client.get(f"/export.csv?{query}")
    assert figure_ids(response) == csv_ids(csv_response)
    name = csv_response.headers["Content-Disposition"].replace(".csv", ".xlsx")
    assert response.headers["Content-Disposition"] == name


def test_a_narrowing_filter_lists_fewer_figures(client):
    narrowed = figure_ids(client.get("/export.xlsx?from=1930&to=1935&category=famine"))
    assert sorted(narrowed) == ["000-famine-deaths", "001-famine-deaths"]


@pytest.mark.parametrize(
    "query", ["from=abc", "from=1935&to=1930", "category=nonsense", "source=../x", "q=" + "x" * 300]
)
def test_a_bad_parameter_is_the_csvs_plain_400(client, query):
    response = client.get(f"/export.xlsx?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert response.get_data() == client.get(f"/export.csv?{query}").get_data()
    assert len(response.headers["X-Data-Version"]) == 12


def test_links_name_the_configured_origin_not_the_host_header():
    configured = create_app(MINI, origin=ORIGIN).server.test_client()
    response = configured.get("/export.xlsx?category=famine", headers={"Host": "evil.invalid"})
    book = load_workbook(io.BytesIO(response.get_data()))
    links = [c.hyperlink.target for row in book["Figures"].iter_rows() for c in row if c.hyperlink]
    assert len(links) == 2
    assert all(link.startswith(f"{ORIGIN}/figure/") for link in links)
    about = [c.value for row in book["About"].iter_rows() for c in row]
    assert f"{ORIGIN}/export.csv?category=famine" in about
    assert not any("evil" in str(v) for v in about)


def test_without_a_configured_origin_links_name_the_request_host(client):
    response = client.get("/export.xlsx?category=famine", base_url="http://127.0.0.1:8074")
    sheet = load_workbook(io.BytesIO(response.get_data()))["Figures"]
    links = [c.hyperlink.target for row in sheet.iter_rows() for c in row if c.hyperlink]
    assert links
    assert all(link.startswith("http://127.0.0.1:8074/figure/") for link in links)


def test_a_selection_past_the_limit_is_a_plain_413_pointing_to_the_csv(client, monkeypatch):
    monkeypatch.setattr(xlsx_export, "MAX_ROWS", 5)
    response = client.get("/export.xlsx?category=repression,famine,war_losses,party,economy")
    assert response.status_code == 413
    assert response.mimetype == "text/plain"
    body = response.get_data(as_text=True)
    count = len(
        csv_ids(client.get("/export.csv?category=repression,famine,war_losses,party,economy"))
    )
    assert count > 5
    assert body.startswith(f"{count} figures match these filters")
    assert "at most 5." in body
    assert "Narrow the filters" in body
    assert "/export.csv?category=" in body
    assert "no limit" in body
    assert len(response.headers["X-Data-Version"]) == 12
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # security.harden's headers
    assert "Content-Security-Policy" in response.headers
    assert "Content-Disposition" not in response.headers


def test_a_selection_at_the_limit_is_still_a_workbook(client, monkeypatch):
    monkeypatch.setattr(xlsx_export, "MAX_ROWS", 16)  # the fixture's every figure
    response = client.get("/export.xlsx")
    assert response.status_code == 200
    assert len(figure_ids(response)) == 16
    monkeypatch.setattr(xlsx_export, "MAX_ROWS", 15)
    refused = client.get("/export.xlsx")
    assert refused.status_code == 413
    assert "/export.csv, which has every row" in refused.get_data(as_text=True)  # no filter, no ?
