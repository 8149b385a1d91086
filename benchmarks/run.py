"""Benchmark: filter callback vs Dash's floor, /export.csv, /api/figures.json, first chart in Chromium,
scaling, cold start.

Run with `make bench`. Prints a table and writes benchmarks/results/latest.json. Every server it
starts binds 127.0.0.1 and is stopped before it exits.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import io
import json
import os
import platform
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

if sys.version_info >= (3, 14):  # the standard library's from Python 3.14
    from compression import zstd
else:  # flask-compress installs the backport before it
    from backports import zstd

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
sys.path.insert(0, str(ROOT))

from benchmarks.bench_server import FLOOR_IN, FLOOR_OUT, add_floor_callback  # noqa: E402
from dashboard.server.app import create_app  # noqa: E402
from dashboard.web.ids import PERIOD  # noqa: E402

# Chromium's request header: the benchmark's clients get the encoding a browser gets.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"
REQUESTS_ONE_CLIENT = 400
REQUESTS_PER_CLIENT_16 = 25
# Cold loads per page, alternating between the two pages. On this 2-core machine the floor page's
# own time moved by 30% between runs of five; nine steady the medians.
BROWSER_LOADS = 9
EXPORT_REQUESTS = 100
TARGETS = {
    "callback_ratio": 2.0,
    "export_ratio": 1.0,
    "json_export_ratio": 1.5,
    "first_chart_ratio": 1.5,
    "page_bytes": 1_000_000,
    "scaling_ratio": 10.0,
    "cold_start_s": 3.0,
}


def versions() -> dict:
    """What produced the figures: Python, the libraries on the page and the browser that drew it."""
    from importlib.metadata import version

    try:
        chromium = subprocess.run(
            ["chromium", "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        chromium = f"unknown ({error})"
    return {
        "python": platform.python_version(),
        **{name: version(name) for name in ("dash", "plotly", "dash-ag-grid", "pandas")},
        "chromium": chromium,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(
    command: list[str], port: int, timeout: float = 60, host: str = "127.0.0.1"
) -> tuple[subprocess.Popen, float]:
    """Start a server; return it and the seconds until GET http://HOST:PORT/ first answered 200."""
    began = time.perf_counter()
    # The log goes to a file, not a pipe: a pipe nobody reads blocks a server that logs 64 KB.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
    # A session of its own: stop() ends the server's children too (the dev server's reloader).
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
    )
    proc.log = log  # type: ignore[attr-defined]
    while time.perf_counter() - began < timeout:
        try:
            if requests.get(f"http://{host}:{port}/", timeout=2).status_code == 200:
                return proc, time.perf_counter() - began
        except requests.ConnectionError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {stop(proc)[-2000:]}")
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError(f"server did not answer within {timeout} s: {' '.join(command)}")


def stop(proc: subprocess.Popen) -> str:
    """Stop the server and every process of its session; return what it wrote on stderr."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    log = proc.log  # type: ignore[attr-defined]
    log.seek(0)
    text = log.read().decode("utf-8", "replace")
    log.close()
    return text


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary_ms(latencies: list[float]) -> dict:
    return {
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p95_ms": round(percentile(latencies, 95) * 1000, 2),
        "n": len(latencies),
    }


def callback_payloads() -> tuple[dict, dict]:
    """Request bodies for the main filter callback and the trivial one, built from the real app."""
    app = create_app()
    add_floor_callback(app)
    components = {
        c.id: c for c in app.layout._traverse() if isinstance(getattr(c, "id", None), str)
    }

    def spec(items: list[dict], with_values: bool) -> list[dict]:
        out = []
        for item in items:
            entry = {"id": item["id"], "property": item["property"]}
            if with_values:
                component = components.get(item["id"])
                entry["value"] = getattr(component, item["property"], None) if component else None
            out.append(entry)
        return out

    def payload(key: str, changed: str) -> dict:
        callback = app.callback_map[key]
        outputs = [
            {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
            for part in key.strip(".").split("...")
        ]
        return {
            "output": key,
            "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": spec(callback["inputs"], True),
            "state": spec(callback.get("state", []), True),
            "changedPropIds": [changed],
        }

    main_key = next(
        k
        for k, cb in app.callback_map.items()
        if {"id": PERIOD, "property": "value"} in cb["inputs"] and "figure" in k
    )
    main = payload(main_key, f"{PERIOD}.value")
    low, high = components[PERIOD].min, components[PERIOD].max
    for entry in main["inputs"]:
        if entry["id"] == PERIOD:
            entry["value"] = [
                low + (high - low) // 3,
                high - (high - low) // 3,
            ]  # a narrowed period
        if entry["property"] == "search" and entry["value"] is None:
            entry["value"] = ""
    floor = payload(f"{FLOOR_OUT}.children", f"{FLOOR_IN}.children")
    floor["inputs"][0]["value"] = "ping"
    return main, floor


def browser_session() -> requests.Session:
    """A session that asks for what Chromium asks for: zstd, brotli or gzip, the server's choice."""
    session = requests.Session()
    session.headers["Accept-Encoding"] = BROWSER_ACCEPT_ENCODING
    return session


def body(response: requests.Response) -> bytes:
    """The decoded body; urllib3 1.x cannot decode zstd, so it is done here, inside the timing."""
    if response.headers.get("Content-Encoding") == "zstd":
        return zstd.decompress(response.content)
    return response.content


def post_many(
    url: str, payloads: list[dict], clients: int, per_client: int
) -> list[tuple[list[float], int]]:
    """Latencies and errors per payload: `clients` concurrent sessions each post every payload in
    turn, `per_client` times. Interleaved, so a burst of load on the machine falls on all alike."""

    def client(_: int) -> list[tuple[list[float], int]]:
        session = browser_session()
        times: list[list[float]] = [[] for _ in payloads]
        errors = [0] * len(payloads)
        for _ in range(per_client):
            for k, payload in enumerate(payloads):
                began = time.perf_counter()
                try:
                    response = session.post(url, json=payload, timeout=30)
                    ok = response.status_code == 200 and bool(body(response))
                except requests.RequestException:
                    ok = False
                times[k].append(time.perf_counter() - began)
                errors[k] += not ok
        return list(zip(times, errors, strict=True))

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, range(clients)))
    return [
        ([t for result in results for t in result[k][0]], sum(result[k][1] for result in results))
        for k in range(len(payloads))
    ]


def get_many(urls: list[str], count: int) -> list[tuple[list[float], int]]:
    """Latencies and errors per URL, `count` GETs of each, interleaved like post_many."""
    session = browser_session()
    times: list[list[float]] = [[] for _ in urls]
    errors = [0] * len(urls)
    for _ in range(count):
        for k, url in enumerate(urls):
            began = time.perf_counter()
            response = session.get(url, timeout=30)
            ok = response.status_code == 200 and bool(body(response))
            times[k].append(time.perf_counter() - began)
            errors[k] += not ok
    return list(zip(times, errors, strict=True))


def datasette_database(folder: Path) -> Path:
    """The curated table as SQLite for Datasette: the export's columns plus the years to filter on."""
    from dashboard.model.data import DEFAULT_DATA_DIR, load_or_raise
    from dashboard.model.export import export_frame

    dataset = load_or_raise(DEFAULT_DATA_DIR)
    frame = export_frame(dataset, dataset.figures).assign(
        year_start=dataset.figures["year_start"], year_end=dataset.figures["year_end"]
    )
    path = folder / "figures.db"
    with sqlite3.connect(path) as db:
        columns = ", ".join(f'"{c}"' + (" PRIMARY KEY" if c == "id" else "") for c in frame.columns)
        db.execute(f"CREATE TABLE figures ({columns})")
        frame.astype(object).where(frame.notna(), None).to_sql(
            "figures", db, if_exists="append", index=False
        )
    return path


def csv_ids(url: str) -> list[str]:
    response = browser_session().get(url, timeout=30)
    response.raise_for_status()
    return [row["id"] for row in csv.DictReader(io.StringIO(body(response).decode("utf-8")))]


def bench_export(app_base: str, datasette_base: str) -> dict:
    """/export.csv beside Datasette's CSV of the same rows and columns, requests interleaved."""
    # Datasette: the export's period overlap as two column filters; the years are left out.
    same_columns = "_size=max&_nocol=year_start&_nocol=year_end"
    queries = {
        "filtered": (
            "?from=1930&to=1939&category=repression",
            f"?{same_columns}&category=repression&year_start__lte=1939&year_end__gte=1930",
        ),
        "full": ("", f"?{same_columns}"),
    }
    out = {}
    for name, (ours, theirs) in queries.items():
        app_url = f"{app_base}/export.csv{ours}"
        datasette_url = f"{datasette_base}/figures/figures.csv{theirs}"
        app_ids, datasette_ids = csv_ids(app_url), csv_ids(datasette_url)
        if sorted(app_ids) != sorted(datasette_ids):
            raise RuntimeError(f"{name}: the app and Datasette export different rows")
        out[name] = {"rows": len(app_ids)} | paired({"app": app_url, "datasette": datasette_url})
    return out


def paired(urls: dict[str, str]) -> dict:
    """Two URLs requested interleaved EXPORT_REQUESTS times each: each one's times by its name,
    and the first's p50 over the second's."""
    (first, second) = urls
    (first_times, first_errors), (second_times, second_errors) = get_many(
        list(urls.values()), EXPORT_REQUESTS
    )
    return {
        first: summary_ms(first_times) | {"errors": first_errors},
        second: summary_ms(second_times) | {"errors": second_errors},
        "p50_ratio": round(percentile(first_times, 50) / percentile(second_times, 50), 2),
    }


def json_ids(url: str) -> list[str]:
    response = browser_session().get(url, timeout=30)
    response.raise_for_status()
    return [figure["id"] for figure in json.loads(body(response))["figures"]]


def bench_json_export(app_base: str) -> dict:
    """/api/figures.json beside /export.csv for the same filters, measured as bench_export measures
    the CSV (requests interleaved, the browser's Accept-Encoding, bodies decoded in the timing)."""
    out = {}
    for name, query in (("filtered", "?from=1930&to=1939&category=repression"), ("full", "")):
        csv_url, json_url = f"{app_base}/export.csv{query}", f"{app_base}/api/figures.json{query}"
        csv_rows = csv_ids(csv_url)
        if json_ids(json_url) != csv_rows:
            raise RuntimeError(f"{name}: /api/figures.json and /export.csv give different rows")
        out[name] = {"rows": len(csv_rows)} | paired({"json": json_url, "csv": csv_url})
    return out


def bench_callbacks(base: str, main: dict, floor: dict) -> dict:
    url = f"{base}/_dash-update-component"
    post_many(url, [main, floor], 4, 10)  # warm both workers
    out = {}
    for clients, per_client in ((1, REQUESTS_ONE_CLIENT), (16, REQUESTS_PER_CLIENT_16)):
        (main_times, main_errors), (floor_times, floor_errors) = post_many(
            url, [main, floor], clients, per_client
        )
        out[f"clients_{clients}"] = {
            "filter_callback": summary_ms(main_times) | {"errors": main_errors},
            "trivial_callback": summary_ms(floor_times) | {"errors": floor_errors},
            "p95_ratio": round(percentile(main_times, 95) / percentile(floor_times, 95), 2),
        }
    return out


def cold_load(url: str) -> tuple[float, int]:
    """One cold load of `url` in a fresh headless Chromium profile: ms to the first drawn trace,
    and bytes on the wire once late requests have finished."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory() as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in (
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-quic", f"--user-data-dir={profile}",
            "--window-size=1280,1000",
        ):  # fmt: skip
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.execute_cdp_cmd(
                "Page.addScriptToEvaluateOnNewDocument",
                {
                    "source": "new MutationObserver((m, o) => {"
                    " if (document.querySelector('.js-plotly-plot g.trace')) {"
                    " window.__firstChart = performance.now(); o.disconnect(); }"
                    "}).observe(document, {subtree: true, childList: true});"
                },
            )
            driver.get(url)
            deadline = time.time() + 60
            while driver.execute_script("return window.__firstChart") is None:
                if time.time() > deadline:
                    raise RuntimeError(f"no chart drawn at {url} within 60 s")
                time.sleep(0.02)
            mark = driver.execute_script("return window.__firstChart")
            time.sleep(1.0)  # let late requests finish before counting bytes
            size = driver.execute_script(
                "return performance.getEntriesByType('navigation')"
                ".concat(performance.getEntriesByType('resource'))"
                ".reduce((sum, e) => sum + (e.transferSize || 0), 0)"
            )
        finally:
            driver.quit()
    return mark, size


def browser_first_charts(urls: dict[str, str]) -> dict[str, dict]:
    """Per page, the median over BROWSER_LOADS cold loads of ms to the first drawn trace and of
    bytes on the wire. The pages' loads alternate, so a burst of load on the machine falls on
    both alike."""
    loads: dict[str, list[tuple[float, int]]] = {name: [] for name in urls}
    for _ in range(BROWSER_LOADS):
        for name, url in urls.items():
            loads[name].append(cold_load(url))
    return {
        name: {
            "first_chart_ms": round(statistics.median(m for m, _ in runs)),
            "bytes": int(statistics.median(b for _, b in runs)),
            "loads_ms": [round(m) for m, _ in runs],
        }
        for name, runs in loads.items()
    }


def server_command(*extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "benchmarks" / "bench_server.py"), *extra]


def main() -> int:
    results: dict = {
        "machine": f"{platform.node()}: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "versions": versions(),
    }
    main_payload, floor_payload = callback_payloads()

    port = free_port()
    proc, results["cold_start_s"] = start(
        [str(BIN / "figures-dashboard"), "serve", "--port", str(port)], port
    )
    stop(proc)

    port = free_port()
    proc, _ = start(server_command("--port", str(port)), port)
    base = f"http://127.0.0.1:{port}"
    try:
        results["callbacks"] = bench_callbacks(base, main_payload, floor_payload)
        with tempfile.TemporaryDirectory() as folder:
            datasette_port = free_port()
            datasette, _ = start(
                [
                    str(BIN / "datasette"), "serve", str(datasette_database(Path(folder))),
                    "--host", "127.0.0.1", "--port", str(datasette_port),
                ],
                datasette_port,
            )  # fmt: skip
            try:
                results["export_csv"] = bench_export(base, f"http://127.0.0.1:{datasette_port}")
            finally:
                stop(datasette)
        results["export_json"] = bench_json_export(base)
        real_p95 = results["callbacks"]["clients_1"]["filter_callback"]["p95_ms"]
        floor_port = free_port()
        floor, _ = start(server_command("--port", str(floor_port), "--floor-page"), floor_port)
        try:
            charts = browser_first_charts(
                {"page": base + "/", "floor_page": f"http://127.0.0.1:{floor_port}/"}
            )
        finally:
            stop(floor)
    finally:
        stop(proc)
    page, floor_page = charts["page"], charts["floor_page"]
    results["first_chart"] = {
        "page": page,
        "floor_page": floor_page,
        "ratio": round(page["first_chart_ms"] / floor_page["first_chart_ms"], 2),
        # Each load beside the floor page's load made just after it: a burst of load on the
        # machine falls on both of a pair, so the median of these ratios is the steadier figure.
        "paired_ratio": round(
            statistics.median(
                p / f for p, f in zip(page["loads_ms"], floor_page["loads_ms"], strict=True)
            ),
            2,
        ),
    }

    # Per size its latencies; and the ratio of the largest to the real table's.
    scaling: dict[str, Any] = {"real": {"rows": "real table", "p95_ms": real_p95}}
    for rows in (1_000, 10_000, 100_000):
        port = free_port()
        proc, _ = start(server_command("--port", str(port), "--rows", str(rows)), port, timeout=180)
        try:
            url = f"http://127.0.0.1:{port}/_dash-update-component"
            post_many(url, [main_payload], 1, 3)
            [(times, errors)] = post_many(url, [main_payload], 1, 40)
            scaling[str(rows)] = summary_ms(times) | {"errors": errors}
        finally:
            stop(proc)
    scaling["ratio_100k_to_real"] = round(scaling["100000"]["p95_ms"] / real_p95, 2)
    results["scaling"] = scaling
    results["targets"] = TARGETS
    results["met"] = {
        # A ratio over refused requests measures nothing: both sides must have answered 200.
        "callback_p95_at_most_2x_floor": results["callbacks"]["clients_1"]["p95_ratio"]
        <= TARGETS["callback_ratio"]
        and all(
            side["errors"] == 0
            for run in results["callbacks"].values()
            for side in (run["filter_callback"], run["trivial_callback"])
        ),
        "export_p50_at_most_datasette": all(
            e["p50_ratio"] <= TARGETS["export_ratio"] for e in results["export_csv"].values()
        ),
        "json_p50_at_most_1.5x_csv": all(
            e["p50_ratio"] <= TARGETS["json_export_ratio"]
            and e["json"]["errors"] == e["csv"]["errors"] == 0
            for e in results["export_json"].values()
        ),
        "zero_errors_16_clients": results["callbacks"]["clients_16"]["filter_callback"]["errors"]
        == 0,
        "first_chart_at_most_1.5x_floor": results["first_chart"]["ratio"]
        <= TARGETS["first_chart_ratio"],
        "page_at_most_1MB": page["bytes"] <= TARGETS["page_bytes"],
        "100k_p95_at_most_10x_real": scaling["ratio_100k_to_real"] <= TARGETS["scaling_ratio"],
        "cold_start_under_3s": results["cold_start_s"] < TARGETS["cold_start_s"],
    }
    results["cold_start_s"] = round(results["cold_start_s"], 2)
    print_table(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nJSON written to {RESULTS.relative_to(ROOT)}")
    return 0 if all(results["met"].values()) else 1


def print_table(r: dict) -> None:
    rows = [("machine", r["machine"])]
    rows.append(("versions", ", ".join(f"{k} {v}" for k, v in r["versions"].items())))
    for clients in ("clients_1", "clients_16"):
        c = r["callbacks"][clients]
        f, t = c["filter_callback"], c["trivial_callback"]
        rows.append(
            (
                f"filter callback, {clients.split('_')[1]} client(s)",
                f"p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, errors {f['errors']} | trivial p50 "
                f"{t['p50_ms']} ms, p95 {t['p95_ms']} ms, errors {t['errors']} | p95 ratio {c['p95_ratio']}x",
            )
        )
    for name, e in r["export_csv"].items():
        a, d = e["app"], e["datasette"]
        rows.append(
            (
                f"/export.csv {name} ({e['rows']} rows)",
                f"p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms, errors {a['errors']} | Datasette p50 "
                f"{d['p50_ms']} ms, p95 {d['p95_ms']} ms, errors {d['errors']} | p50 ratio {e['p50_ratio']}x",
            )
        )
    for name, e in r["export_json"].items():
        j, c = e["json"], e["csv"]
        rows.append(
            (
                f"/api/figures.json {name} ({e['rows']} rows)",
                f"p50 {j['p50_ms']} ms, p95 {j['p95_ms']} ms, errors {j['errors']} | /export.csv p50 "
                f"{c['p50_ms']} ms, p95 {c['p95_ms']} ms, errors {c['errors']} | p50 ratio {e['p50_ratio']}x",
            )
        )
    fc = r["first_chart"]
    rows.append(
        (
            f"first chart (median of {BROWSER_LOADS} cold loads)",
            f"page {fc['page']['first_chart_ms']} ms, {fc['page']['bytes']:,} B | floor page "
            f"{fc['floor_page']['first_chart_ms']} ms, {fc['floor_page']['bytes']:,} B | ratio {fc['ratio']}x "
            f"(median of paired loads {fc['paired_ratio']}x)",
        )
    )
    s = r["scaling"]
    rows.append(
        (
            "filter callback p95 by table size",
            f"real {s['real']['p95_ms']} ms | 1k {s['1000']['p95_ms']} ms | 10k {s['10000']['p95_ms']} ms"
            f" | 100k {s['100000']['p95_ms']} ms | 100k/real {s['ratio_100k_to_real']}x",
        )
    )
    rows.append(("cold start (serve to first 200)", f"{r['cold_start_s']} s"))
    rows += [(f"target: {k}", "met" if v else "NOT met") for k, v in r["met"].items()]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    sys.exit(main())
