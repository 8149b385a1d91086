"""GET /api/figures.json and GET /datapackage.json: the CSV export's rows as JSON, the data
package of the loaded data, both naming the data version."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

import dashboard.server.api as api
from dashboard.model.data import DEFAULT_DATA_DIR, load_or_raise
from dashboard.model.datapackage import DATAPACKAGE_FILE, build_datapackage
from dashboard.model.export import EXPORT_COLUMNS, neutralise_formula
from dashboard.server.app import create_app
from tests.conftest import MINI

REAL_SOURCE = "000_d541d214e9d92eda.txt"
# Each filter both routes take; every one is checked on both data directories.
QUERIES = [
    "",
    "from=1930&to=1935&category=famine",
    "category=repression,war_losses",
    "from=1917",
    "to=1920",
    "q=killed",
    "q=nothing-states-this",
    "from=1000&to=2100",  # bounds outside the span: no restriction, undated rows included
    "category=famine&figure=anything",  # figure= selects nothing in an export
]
REAL_QUERIES = [*QUERIES, f"source={REAL_SOURCE}", f"source={REAL_SOURCE}&from=1930&to=1939"]


@pytest.fixture(scope="module", params=["mini", "real"])
def served(request):
    """(test client, dataset, queries) for the small fixture and the real data."""
    data_dir = MINI if request.param == "mini" else DEFAULT_DATA_DIR
    app = create_app(data_dir)
    queries = QUERIES if request.param == "mini" else REAL_QUERIES
    return app.server.test_client(), load_or_raise(data_dir), queries


@pytest.fixture(scope="module")
def mini_client():
    return create_app(MINI).server.test_client()


def csv_rows(client, query: str) -> list[dict]:
    response = client.get(f"/export.csv?{query}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def json_document(client, query: str) -> dict:
    response = client.get(f"/api/figures.json?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return json.loads(response.get_data())


def assert_cell_matches(column: str, value: object, cell: str) -> None:
    """A JSON value and the CSV cell of the same row and column say the same thing."""
    if value is None:
        assert cell == "", column
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        assert cell != "", column
        assert float(cell) == value, column
    else:
        assert isinstance(value, str), column
        # The CSV, for spreadsheets, prefixes an apostrophe to text that starts like a formula.
        assert cell == neutralise_formula(value), column


def test_json_has_the_csv_exports_rows_in_its_order_with_its_values(served):
    client, _, queries = served
    compared = 0
    for query in queries:
        rows, document = csv_rows(client, query), json_document(client, query)
        figures = document["figures"]
        assert [f["id"] for f in figures] == [r["id"] for r in rows], query
        assert document["count"] == len(figures) == len(rows)
        for figure, row in zip(figures, rows, strict=True):
            assert list(figure) == EXPORT_COLUMNS
            for column in EXPORT_COLUMNS:
                assert_cell_matches(column, figure[column], row[column])
                compared += 1
    assert compared > 1000  # the filters above select rows: the comparison compared something


def test_numbers_are_json_numbers_and_empty_cells_null(mini_client):
    figures = json_document(mini_client, "")["figures"]
    exact = next(f for f in figures if f["qualifier"] == "exact")
    assert isinstance(exact["value"], int)  # 90000, as the CSV writes it, not 90000.0
    assert exact["value_low"] is None
    assert exact["value_high"] is None
    assert all(isinstance(f["source_line"], int) for f in figures)
    assert any(f["note"] is None for f in figures)  # an empty note is null, not ""
    assert not any("" in f.values() for f in figures)
    ranged = next(f for f in figures if f["qualifier"] == "range")
    assert isinstance(ranged["value_low"], (int, float))
    assert ranged["value_low"] < ranged["value_high"]


def test_the_document_names_its_version_filters_and_sources(served):
    client, dataset, _ = served
    document = json_document(client, "from=1930&to=1935&category=famine,repression&q=%20the%20")
    assert document["data_version"] == dataset.version
    assert document["filters"] == {
        "from": 1930,
        "to": 1935,
        "category": ["famine", "repression"],
        "source": None,
        "q": "the",
    }
    cited = {f["source"] for f in document["figures"]}
    assert cited
    assert set(document["sources"]) == cited
    for name, source in document["sources"].items():
        assert source["title"] == dataset.sources[name].title
        assert source["short_title"] == dataset.sources[name].short_title
        assert source["licence"] == (dataset.sources[name].licence or None)
        assert [w["work"] for w in source["derived_from"]] == [
            w.work for w in dataset.sources[name].derived_from
        ]


def test_bounds_that_do_not_narrow_the_span_are_not_applied(mini_client):
    document = json_document(mini_client, "from=1000&to=2100")
    assert document["filters"]["from"] is None
    assert document["filters"]["to"] is None
    assert document["count"] == 16


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("from=abc", "'from' must be a year"),
        ("from=1935&to=1930", "is after"),
        ("category=nonsense", "unknown category"),
        ("source=missing.txt", "unknown source"),
        ("source=../../etc/passwd", "unknown source"),
        ("q=" + "x" * 5000, "longer than"),
        ("from=1930&from=1931", "given 2 times"),
    ],
)
def test_a_bad_parameter_is_a_json_400_naming_it_as_the_csv_export_does(mini_client, query, reason):
    response = mini_client.get(f"/api/figures.json?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    body = json.loads(response.get_data())
    assert list(body) == ["error"]
    assert reason in body["error"]
    csv_reason = mini_client.get(f"/export.csv?{query}").get_data(as_text=True).strip()
    assert body["error"] == csv_reason  # one parser, one reason


@pytest.mark.parametrize(
    "url", ["/api/figures.json", "/api/figures.json?from=x", "/datapackage.json"]
)
def test_every_answer_names_the_data_version(served, url):
    client, dataset, _ = served
    assert len(dataset.version) == 12
    assert client.get(url).headers["X-Data-Version"] == dataset.version


def test_gzip_is_sent_to_clients_that_accept_it_and_plain_json_to_others(mini_client):
    plain = mini_client.get("/api/figures.json?category=famine", headers={"Accept-Encoding": ""})
    assert "Content-Encoding" not in plain.headers
    zipped = mini_client.get(
        "/api/figures.json?category=famine", headers={"Accept-Encoding": "gzip, deflate, br, zstd"}
    )
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.get_data()) == plain.get_data()
    assert json.loads(plain.get_data())["count"] == 2


def test_each_filter_is_encoded_once(monkeypatch):
    calls: list[str] = []
    real = api.figures_body

    def counted(view, filters):
        calls.append(filters.to_query())
        return real(view, filters)

    monkeypatch.setattr(api, "figures_body", counted)
    client = create_app(MINI).server.test_client()
    first = client.get("/api/figures.json?category=famine&from=1931").get_data()
    again = client.get("/api/figures.json?from=1931&category=famine&figure=x").get_data()
    client.get("/api/figures.json?category=famine&from=1931", headers={"Accept-Encoding": "gzip"})
    assert first == again
    assert calls == ["from=1931&category=famine"]  # one body for every spelling and encoding


def test_datapackage_route_serves_the_package_of_the_loaded_data(served):
    client, dataset, _ = served
    response = client.get("/datapackage.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert json.loads(response.get_data()) == build_datapackage(dataset)


def test_the_real_datapackage_route_serves_the_committed_file():
    client = create_app(DEFAULT_DATA_DIR).server.test_client()
    served = client.get("/datapackage.json", headers={"Accept-Encoding": ""}).get_data()
    assert served == (DEFAULT_DATA_DIR / DATAPACKAGE_FILE).read_bytes()
