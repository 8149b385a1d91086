"""The app over HTTP without a browser: GET /, GET /export.csv, compression, the real data."""

from __future__ import annotations

import csv
import io
import sys

import pytest
from dash import html

from dashboard.model.data import DEFAULT_DATA_DIR, DataError, load_or_raise
from dashboard.model.export import EXPORT_COLUMNS
from dashboard.server.app import create_app
from dashboard.web import ids
from dashboard.web.callbacks import Controls, View, update_view
from dashboard.web.table import table_contents
from tests.conftest import MINI


@pytest.fixture(scope="module")
def app():
    return create_app(MINI)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_page_is_served_with_and_without_parameters(client):
    for url in ("/", "/?from=1930&to=1935&category=famine", "/?from=abc&figure=nope", "/?to=1800"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Figures from the sources" in response.get_data(as_text=True)


def test_debug_is_off(app):
    assert not app.server.debug
    assert not app.config.get("debug")


def test_the_page_does_not_state_the_python_version(client):
    page = client.get("/").get_data(as_text=True)
    assert sys.version not in page
    assert "python_version" not in page
    assert '"dash_version"' in page  # the config is still there, without the one key


def test_every_callback_names_components_of_the_page_or_the_mounted_table(app):
    """Dash's own check is off (the table and the later charts mount later:
    suppress_callback_exceptions), so this is it: every id a callback reads or writes is in the
    page, in the table's contents or among the graphs assets/charts.js mounts."""
    components = {
        c.id: c for c in app.layout._traverse() if isinstance(getattr(c, "id", None), str)
    }
    page = set(components)
    table = html.Div(table_contents({}))
    mounted = {c.id for c in table._traverse() if isinstance(getattr(c, "id", None), str)}
    graphs = components[ids.GRAPH_PROPS].data["graphs"]  # slot -> the graph mounted into it
    assert set(graphs) <= page
    mounted |= set(graphs.values())
    named = set()
    for key, entry in app.callback_map.items():
        if "." in key:  # a callback without outputs (it calls set_props) is keyed by a hash
            named |= {part.rsplit(".", 1)[0] for part in key.strip(".").split("...")}
        named |= {d["id"] for d in entry["inputs"] + entry.get("state", [])}
    assert named, "no callbacks registered"
    assert named <= page | mounted, named - page - mounted
    assert ids.GRID in mounted - page  # the grid itself is not in the first page
    assert ids.THEME_GRAPHS["famine"] in mounted - page  # nor the later charts' graphs


def test_export_without_parameters_is_every_figure(client):
    response = client.get("/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    version = response.headers["X-Data-Version"]
    assert len(version) == 12
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="figures_v{version}.csv"'
    )
    rows = rows_of(response)
    assert len(rows) == 16
    assert list(rows[0]) == EXPORT_COLUMNS
    assert rows[0]["source_title"] == "Russia and the Soviet Union, 1914-1939 (test excerpt)"
    assert rows[0]["source_line"] == "3"


def test_export_follows_the_filters_and_names_them(client):
    response = client.get("/export.csv?from=1930&to=1935&category=famine")
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="figures_1930-1935_famine_v{response.headers["X-Data-Version"]}.csv"'
    )
    assert {r["id"] for r in rows_of(response)} == {"000-famine-deaths", "001-famine-deaths"}


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
def test_bad_export_parameter_is_a_plain_400(client, query, reason):
    response = client.get(f"/export.csv?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert reason in response.get_data(as_text=True)


def test_export_matches_the_rows_the_page_shows(client):
    view = View(load_or_raise(MINI))
    out = update_view(
        view,
        ids.PERIOD,
        Controls(search="", period=[1930, 1935], categories=["repression", "famine"], q=""),
    )
    href = out["download_href"]
    exported = [r["id"] for r in rows_of(client.get(href))]
    assert exported == [r["id"] for r in out["table"]["rows"]]


def test_responses_are_compressed(client):
    response = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"


def test_view_callback_answers_over_http(client):
    deps = client.get("/_dash-dependencies").get_json()
    view = next(d for d in deps if f"{ids.COUNT}.children" in d["output"])
    outputs = [o.rsplit(".", 1) for o in view["output"].strip(".").split("...")]
    values = ["?category=famine", [1914, 1939], [], None, "", 0, None, 0]
    payload = {
        "output": view["output"],
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [
            {"id": d["id"], "property": d["property"], "value": v}
            for d, v in zip(view["inputs"], values, strict=True)
        ],
        "changedPropIds": [f"{ids.URL}.search"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200
    body = response.get_json()["response"]
    assert body[ids.COUNT]["children"] == "2 of 16 figures shown (0 undated hidden)"
    assert body[ids.CATEGORY]["value"] == ["famine"]


def test_bad_data_directory_refuses_to_start(tmp_path):
    with pytest.raises(DataError):
        create_app(tmp_path)


def test_real_data_serves_page_export_and_view():
    app = create_app(DEFAULT_DATA_DIR)
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    exported = rows_of(client.get("/export.csv"))
    view = View(load_or_raise(DEFAULT_DATA_DIR))
    assert len(exported) == len(view.dataset.figures)
    out = update_view(view, ids.URL, Controls(search="", categories=[], q=""))
    assert len(out["table"]["rows"]) == len(exported)
    first = view.dataset.figures["id"].iloc[0]
    cited = update_view(view, ids.URL, Controls(search=f"?figure={first}", categories=[], q=""))
    assert "Mark" in str(cited["citation"])


# Arabic-Indic and mathematical bold digits: queries a filename must not read as ASCII digits.
@pytest.mark.parametrize("query", ["Сталин", "中文", "١", "𝟏", "Göring", 'a"b'])  # noqa: RUF001
def test_export_of_any_search_is_a_named_attachment(client, query):
    """A search in any script names the download: an ASCII filename, the full one in filename*."""
    response = client.get("/export.csv", query_string={"q": query})
    assert response.status_code == 200
    header = response.headers["Content-Disposition"]
    header.encode("latin-1")  # HTTP headers are Latin-1: no raw Cyrillic, no UTF-8 bytes
    assert header.startswith('attachment; filename="figures_q-')
    assert header.count('"') == 2  # a quote in the search cannot open a second parameter
    assert ("filename*=UTF-8''figures_q-" in header) == (not query.isascii())


def test_export_of_the_same_filter_is_encoded_once(app, client):
    view = next(
        cell.cell_contents
        for cell in app.server.view_functions["export_csv"].__closure__
        if isinstance(cell.cell_contents, View)
    )
    before = len(view.export_cache)
    first = client.get("/export.csv?category=famine&from=1931").get_data()
    again = client.get("/export.csv?from=1931&category=famine&figure=x").get_data()
    assert first == again
    assert b"famine" in first
    assert len(view.export_cache) == before + 1  # one body for both spellings of the filter
