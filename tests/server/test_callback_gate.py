"""The callback gate: what a browser sends passes, anything else is a 400 with one log line."""

from __future__ import annotations

import copy
import json
import logging
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.server.app import create_app
from dashboard.server.callback_gate import CALLBACK_PATH, VALUE_CHECKS, signatures
from dashboard.web import ids
from tests.dash_requests import view_body

MAX_RESPONSE_BYTES = 2_000_000  # the largest real view is about 120 KB


@pytest.fixture(scope="module")
def app(real_data_dir):
    app = create_app(real_data_dir)
    app.server.test_client().get("/")
    return app


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def view_payload(client):
    """The view callback's body as the page sends it, built from the app's own layout."""
    layout = client.get("/_dash-layout").get_json()
    return view_body(layout, client.get("/_dash-dependencies").get_json())


def post(client, body):
    data = body if isinstance(body, bytes) else json.dumps(body, allow_nan=True).encode()
    return client.post(CALLBACK_PATH, data=data, content_type="application/json")


def with_value(payload: dict, component: str, value) -> dict:
    body = copy.deepcopy(payload)
    for entry in body["inputs"]:
        if entry["id"] == component:
            entry["value"] = value
    return body


def test_every_server_callback_input_and_state_has_a_value_check(app):
    known = signatures(app.callback_map)
    assert len(known) >= 3  # the view, the deferred content, the selection
    listed = {pair for s in known.values() for pair in s.inputs + s.state}
    assert listed - set(VALUE_CHECKS) == set()


def test_the_pages_own_request_passes(client, view_payload):
    response = post(client, view_payload)
    assert response.status_code == 200
    assert ids.THEME_GRAPHS["war_losses"] in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "body",
    [
        {},
        None,
        [],
        "x",
        {"output": "no-such.children", "outputs": {"id": "no-such", "property": "children"}},
        b"{not json",
        b"[" * 5000 + b"]" * 5000,
    ],
    ids=["empty", "null", "list", "string", "unknown-output", "not-json", "deep-nesting"],
)
def test_bodies_no_page_sends_are_refused(client, body, caplog):
    with caplog.at_level(logging.WARNING, logger="dashboard"):
        response = post(client, body)
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "Traceback" not in caplog.text
    assert len([r for r in caplog.records if r.name == "dashboard"]) == 1


@pytest.mark.parametrize(
    ("component", "value"),
    [
        (ids.PERIOD, "x"),
        (ids.PERIOD, [1]),
        (ids.PERIOD, [float("nan"), 1930]),
        (ids.PERIOD, [float("inf"), 1930]),
        (ids.PERIOD, [True, 1930]),
        (ids.PERIOD, [-1e300, 1930]),
        (ids.SOURCE, ["a.txt"]),
        (ids.SEARCH, 42),
        (ids.SEARCH, "x" * 900_000),
        (ids.CATEGORY, "famine"),
        (ids.CATEGORY, ["x" * 900_000]),
        (ids.RESET, -1),
        (ids.RESET, "1"),
        (ids.SELECTED, {"id": "x"}),
        (ids.URL, ["?from=1930"]),
    ],
)
def test_values_of_the_wrong_type_or_size_are_refused(client, view_payload, component, value):
    response = post(client, with_value(view_payload, component, value))
    assert response.status_code == 400
    assert f"{component}." in response.get_data(as_text=True)


def test_a_wrong_output_list_or_a_missing_input_is_refused(client, view_payload):
    wrong_outputs = copy.deepcopy(view_payload)
    wrong_outputs["outputs"] = wrong_outputs["outputs"][:-1]
    missing_input = copy.deepcopy(view_payload)
    missing_input["inputs"] = missing_input["inputs"][:-1]
    foreign_change = copy.deepcopy(view_payload)
    foreign_change["changedPropIds"] = ["figures-grid.rowData"]
    for body in (wrong_outputs, missing_input, foreign_change):
        assert post(client, body).status_code == 400


@pytest.mark.parametrize("changed", [[{"a": 1}], [["x"]], {"a": 1}, [None], "x"])
def test_changed_prop_ids_that_are_not_strings_are_refused_not_a_500(client, view_payload, changed):
    body = copy.deepcopy(view_payload)
    body["changedPropIds"] = changed
    response = post(client, body)
    assert response.status_code == 400
    assert "changedPropIds" in response.get_data(as_text=True)


def test_unknown_script_paths_are_not_found(client, caplog):
    for path in ("nosuch/x.js", "dash/nosuch.js", "dash/../../etc/passwd"):
        with caplog.at_level(logging.WARNING, logger="dashboard"):
            response = client.get(f"/_dash-component-suites/{path}")
        assert response.status_code == 404, path
    assert "Traceback" not in caplog.text
    assert "registered" not in caplog.text  # Dash's list of every path stays out of the log


def test_registered_files_dash_does_not_ship_are_not_found_without_a_traceback(client, caplog):
    """Dash lists dash_renderer's source map but its wheel has no such file: that was a 500."""
    page = client.get("/").get_data(as_text=True)
    renderer = re.search(r'src="(/_dash-component-suites/dash/dash-renderer/[^"?]+)', page)
    assert renderer is not None
    with caplog.at_level(logging.DEBUG):
        response = client.get(renderer.group(1) + ".map")
    assert response.status_code == 404
    assert "Traceback" not in caplog.text
    assert "FileNotFoundError" not in caplog.text


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    replacements=st.dictionaries(
        st.sampled_from(
            [
                ids.URL,
                ids.PERIOD,
                ids.CATEGORY,
                ids.SOURCE,
                ids.SEARCH,
                ids.SELECTED,
                ids.RESET,
                ids.CITATION_CLOSE,
            ]
        ),
        JSON | st.lists(st.integers(1800, 2000), min_size=2, max_size=2),
        max_size=4,
    ),
    changed=st.sampled_from([ids.URL, ids.PERIOD, ids.SEARCH, ids.SELECTED, ids.CITATION_CLOSE]),
)
def test_any_values_in_the_view_callback_never_fail_the_server(
    client, view_payload, replacements, changed
):
    body = copy.deepcopy(view_payload)
    for component, value in replacements.items():
        body = with_value(body, component, value)
    prop = next(e["property"] for e in body["inputs"] if e["id"] == changed)
    body["changedPropIds"] = [f"{changed}.{prop}"]
    response = post(client, body)
    assert response.status_code in (200, 204, 400)
    assert len(response.get_data()) < MAX_RESPONSE_BYTES
