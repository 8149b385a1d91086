"""The benchmark's servers start as `make bench` starts them and serve every script their page lists.

They run as `make bench` runs them, `python benchmarks/bench_server.py ...` in a process of its own,
and are read over HTTP: no test imports a benchmark script.
"""

from __future__ import annotations

import concurrent.futures
import json
import re
import sys

import pytest
import requests

from tests.dash_requests import callback_body, component_props, view_body
from tests.servers import ROOT, free_port, start, stop

BENCH_SERVER = ROOT / "benchmarks" / "bench_server.py"
# The trivial callback bench_server.py registers beside the real ones (its FLOOR_IN, FLOOR_OUT).
FLOOR_IN, FLOOR_OUT = "bench-floor-in", "bench-floor-out"

# The page's <script src> and <link rel=stylesheet href>, as Dash writes them.
RESOURCE_RE = re.compile(r'<script[^>]*\ssrc="([^"]+)"|<link[^>]*\shref="([^"]+\.css[^"]*)"')


# The table's slot names AG Grid's script (dashboard/web/table.py); the script loads its chunk.
GRID_SCRIPT_RE = re.compile(r'"data-grid-script":\s*"([^"]+)"')
GRID_CHUNK = "/_dash-component-suites/dash_ag_grid/async-community.js"


def page_resources(html: str) -> list[str]:
    return [script or sheet for script, sheet in RESOURCE_RE.findall(html)]


def start_bench_server(*extra: str):
    """bench_server.py on a free port of 127.0.0.1, as `make bench` starts it: (process, base URL)."""
    port = free_port()
    proc = start([sys.executable, str(BENCH_SERVER), "--port", str(port), *extra], port)
    return proc, f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("extra", [[], ["--floor-page"]], ids=["dashboard", "floor-page"])
def test_bench_server_serves_every_resource_of_its_page(extra):
    proc, base = start_bench_server(*extra)  # fresh: its workers' first requests are checked
    try:
        html = requests.get(base + "/", timeout=10).text
        resources = page_resources(html)
        layout = requests.get(base + "/_dash-layout", timeout=10).text
        # The layout's JSON writes "/" as \u002f: each match is read back as a JSON string.
        grid_script = [json.loads(f'"{m}"') for m in GRID_SCRIPT_RE.findall(layout)]
        if not extra:
            # AG Grid's script is loaded by assets/table.js when the table nears the screen.
            assert len(grid_script) == 1
            assert grid_script[0] not in resources
            assert grid_script[0].startswith("/_dash-component-suites/dash_ag_grid/")
            resources = [*resources, grid_script[0], GRID_CHUNK]
        assert len(resources) >= 5, html[:500]  # react, react-dom, the renderer, components...
        # Four times each, 16 at once: both workers see script requests among their first ones.
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            statuses = list(
                pool.map(
                    lambda path: (path, requests.get(base + path, timeout=30).status_code),
                    resources * 4,
                )
            )
    finally:
        stop(proc)
    assert [s for s in statuses if s[1] != 200] == []
    if extra:  # the floor page: one chart, none of the dashboard's component libraries
        assert not [path for path in resources if "dash_ag_grid" in path]


def test_page_resources_reads_scripts_and_stylesheets():
    html = (
        '<link rel="stylesheet" href="/assets/style.css?m=1">'
        '<script src="/_dash-component-suites/dash/deps/react@18.js"></script>'
        "<script>inline()</script>"
    )
    assert page_resources(html) == [
        "/assets/style.css?m=1",
        "/_dash-component-suites/dash/deps/react@18.js",
    ]


def test_both_benchmarked_callbacks_answer_200_through_the_gate():
    """The trivial floor callback passes the callback gate too: a refusal (400) would be timed
    as if it were Dash's floor. Both bodies are built from the server's own layout and callbacks."""
    proc, base = start_bench_server()
    try:
        layout = requests.get(base + "/_dash-layout", timeout=10).json()
        dependencies = requests.get(base + "/_dash-dependencies", timeout=10).json()
        floor = next(d for d in dependencies if d["output"] == f"{FLOOR_OUT}.children")
        floor_body = callback_body(floor, component_props(layout), f"{FLOOR_IN}.children")
        floor_body["inputs"][0]["value"] = "ping"
        responses = [
            requests.post(base + "/_dash-update-component", json=body, timeout=30)
            for body in (view_body(layout, dependencies), floor_body)
        ]
    finally:
        stop(proc)
    for response in responses:
        assert response.status_code == 200, response.text
