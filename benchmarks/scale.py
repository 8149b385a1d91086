"""What users meet as the corpus grows: the real data beside seeded corpora of 20, 200 and 1,000
documents (5,000 with --huge, 200 rows each: a million figures), each measured the same way, side by side.

Per corpus: `validate` twice (time and peak memory, fresh processes: first every row is checked
and the built index written, then the same files again, read from the index); `serve` (seconds until GET /
answers, then the memory of each gunicorn worker); the view callback for period changes, every
request a different pair of years so no cache answers it (time, response size); the same callback
for searches; the search itself through the model (`FilterIndex.mask`, its cache emptied before
each query); `/export.csv`; source pages; headless Chromium's first chart and a filter change
until the page settles (no request in flight and no DOM change for QUIET_MS); `propose` of one
new 60 KB document (time and peak memory, a fresh process). The corpora are built in a temporary
directory by benchmarks/scale_corpus.py. Prints a table with the targets beside the 1,000-document
column and writes benchmarks/results/scale.json. Servers bind 127.0.0.1:8081 (chromedriver
8084) and are stopped before it exits. Exits 0: the table is the result, met or not.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import BROWSER_ACCEPT_ENCODING, percentile, stop, versions, zstd  # noqa: E402
from benchmarks.scale_corpus import ROWS_PER_DOCUMENT, new_document, write_corpus  # noqa: E402
from dashboard.web.ids import PERIOD, SEARCH  # noqa: E402
from tests.dash_requests import component_props, view_body  # noqa: E402

BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results" / "scale.json"
PORT, DRIVER_PORT = 8081, 8084  # this benchmark's ports
SIZES, HUGE = (20, 200, 1000), 5000
HUGE_ROWS = 200  # rows a document at 5,000 documents: a million figures, as the issue asks
WORKERS = 2  # serve's default
# Repetitions per corpus: kept small so the whole run (real, 20, 200, 1,000) takes ~10 minutes.
PERIOD_REQUESTS = 12
BROWSER_LOADS = 3
CHANGES_PER_LOAD = 2
EXPORTS = 6
SOURCE_PAGES = 5
QUIET_MS = 600  # a page is settled once nothing was in flight and the DOM unchanged this long
# Word forms, numbers in several notations, and words with a year.
QUERIES = [
    "executed", "executions", "famine", "starved", "peasants", "imprisoned", "deportations",
    "soldiers killed", "700,000", "700000", "0.7 million", "1,000,000", "20 million",
    "purge 1937", "party members", "three million",
]  # fmt: skip
TARGETS = {
    "validate_s": 5.0,
    "serve_start_s": 5.0,
    "worker_rss_mb": 500.0,
    "first_chart_ratio": 1.5,
    "filter_change_ms": 1000.0,
    "search_p95_ms": 50.0,
    "propose_s": 2.0,
}
# Installed in every page before its scripts: requests in flight, the time of the last DOM change
# or request, and the time the first chart trace was drawn.
INSTRUMENT = """
window.__bench = {inflight: 0, fetches: 0, last: performance.now(), firstChart: null};
(() => {
  const b = window.__bench, original = window.fetch;
  window.fetch = function (...args) {
    b.inflight++; b.fetches++; b.last = performance.now();
    return original.apply(this, args).finally(() => { b.inflight--; b.last = performance.now(); });
  };
  new MutationObserver(() => {
    b.last = performance.now();
    if (b.firstChart === null && document.querySelector('.js-plotly-plot g.trace')) {
      b.firstChart = b.last;
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def spread(times: list[float]) -> dict[str, float]:
    """p50 and p95 (nearest rank) in ms, and how many."""
    return {
        "p50_ms": ms(percentile(times, 50)),
        "p95_ms": ms(percentile(times, 95)),
        "n": len(times),
    }


def run_measured(command: list[str]) -> dict[str, Any]:
    """Run a command in a fresh process: wall seconds, its own peak resident memory, exit code.

    The peak is the child's VmHWM, read while it runs: the rusage of a child counts the memory
    of the process it was forked from (this one, holding a whole export it fetched) as its own.
    """
    began = time.perf_counter()
    peak_kib = 0
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        while True:
            pid, status = os.waitpid(proc.pid, os.WNOHANG)
            if pid:
                break
            peak_kib = max(peak_kib, high_water_kib(proc.pid))
            time.sleep(0.01)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - began
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-1500:]
    return {
        "s": round(seconds, 2),
        "peak_mb": round(peak_kib / 1024),
        "exit": proc.returncode,
        "stderr": tail.strip(),
    }


def high_water_kib(pid: int) -> int:
    """The peak resident memory of the program `pid` runs now (VmHWM, KiB); 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def start_server(data_dir: Path, timeout: float = 300) -> tuple[subprocess.Popen, float]:
    """`figures-dashboard serve` on PORT; the seconds until GET / first answered 200."""
    command = [str(BIN / "figures-dashboard"), "serve", "--data-dir", str(data_dir)]
    command += ["--port", str(PORT), "--workers", str(WORKERS)]
    began = time.perf_counter()
    proc = launch(command)
    answering(proc, PORT, timeout)
    return proc, time.perf_counter() - began


def launch(
    command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """A server in a session of its own (stop() ends it and its workers), its log kept for stop()."""
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
    proc = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
    )
    proc.log = log  # type: ignore[attr-defined]
    return proc


def answering(proc: subprocess.Popen, port: int, timeout: float = 300) -> None:
    """Wait until GET / on `port` answers 200; stops the server and raises if it never does."""
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        try:
            if requests.get(f"http://127.0.0.1:{port}/", timeout=30).status_code == 200:
                return
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited: {stop(proc)[-2000:]}")
        time.sleep(0.05)
    stop(proc)
    raise RuntimeError(f"serve did not answer within {timeout} s")


def worker_memory(proc: subprocess.Popen) -> dict[str, int]:
    """The largest resident (RSS) and proportional (PSS: shared pages split) memory among the
    gunicorn workers, and the master's RSS, in MB."""
    import psutil

    master = psutil.Process(proc.pid)
    workers = master.children()
    infos = [w.memory_full_info() for w in workers]
    return {
        "workers": len(workers),
        "rss_mb": round(max(i.rss for i in infos) / 2**20),
        "pss_mb": round(max(i.pss for i in infos) / 2**20),
        "master_rss_mb": round(master.memory_info().rss / 2**20),
    }


def fetch(
    session: requests.Session, method: str, url: str, **kwargs: Any
) -> tuple[float, int, bytes]:
    """(seconds, bytes on the wire, decoded body) of one request, the body read in the timing."""
    began = time.perf_counter()
    response = session.request(method, url, stream=True, timeout=300, **kwargs)
    wire = response.raw.read(decode_content=False)
    encoding = response.headers.get("Content-Encoding", "")
    if encoding == "gzip":
        decoded = gzip.decompress(wire)
    elif encoding == "br":
        import brotli

        decoded = brotli.decompress(wire)
    elif encoding == "zstd":
        decoded = zstd.decompress(wire)
    else:
        decoded = wire
    seconds = time.perf_counter() - began
    if response.status_code != 200:
        raise RuntimeError(f"{method} {url} answered {response.status_code}: {decoded[:300]!r}")
    return seconds, len(wire), decoded


def period_pairs(span: tuple[int, int], count: int, rng: random.Random) -> list[tuple[int, int]]:
    """`count` different (from, to) pairs inside the span, none the whole span."""
    low, high = span
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < count:
        a, b = sorted(rng.sample(range(low, high + 1), 2))
        if (a, b) != (low, high):
            pairs.add((a, b))
    return sorted(pairs, key=lambda _: rng.random())


def set_inputs(body: dict, values: dict[str, Any], changed: str) -> dict:
    body = json.loads(json.dumps(body))
    for entry in body["inputs"]:
        if entry["id"] in values:
            entry["value"] = values[entry["id"]]
    body["changedPropIds"] = [f"{changed}.value"]
    return body


def bench_callbacks(base: str, rng: random.Random) -> tuple[dict, tuple[int, int]]:
    """The view callback: period changes (varied years) and searches, each request new."""
    session = requests.Session()
    session.headers["Accept-Encoding"] = BROWSER_ACCEPT_ENCODING
    layout = json.loads(fetch(session, "GET", f"{base}/_dash-layout")[2])
    dependencies = json.loads(fetch(session, "GET", f"{base}/_dash-dependencies")[2])
    body = view_body(layout, dependencies)
    slider = component_props(layout)[PERIOD]
    span = (int(slider["min"]), int(slider["max"]))
    url = f"{base}/_dash-update-component"
    times, wire, raw = [], [], []
    for a, b in period_pairs(span, PERIOD_REQUESTS, rng):
        seconds, size, decoded = fetch(
            session, "POST", url, json=set_inputs(body, {PERIOD: [a, b]}, PERIOD)
        )
        times.append(seconds)
        wire.append(size)
        raw.append(len(decoded))
    searches = []
    full = [span[0], span[1]]
    for query in QUERIES:
        values = {PERIOD: full, SEARCH: query}
        searches.append(fetch(session, "POST", url, json=set_inputs(body, values, SEARCH))[0])
    out = {
        "period": spread(times)
        | {
            "wire_kb": round(statistics.median(wire) / 1024),
            "raw_kb": round(statistics.median(raw) / 1024),
        },
        # The first search on a worker builds its search index; the session keeps one connection,
        # so one worker answers them all.
        "search_first_ms": ms(searches[0]),
        "search": spread(searches[1:]),
    }
    return out, span


def bench_export_and_pages(
    base: str, span: tuple[int, int], names: list[str], rng: random.Random
) -> dict:
    session = requests.Session()
    session.headers["Accept-Encoding"] = BROWSER_ACCEPT_ENCODING
    first = first_byte(session, f"{base}/export.csv")
    seconds, wire, decoded = fetch(session, "GET", f"{base}/export.csv")
    varied = [
        fetch(session, "GET", f"{base}/export.csv?from={a}&to={b}")[0]
        for a, b in period_pairs(span, EXPORTS, rng)
    ]
    pages = [fetch(session, "GET", f"{base}/source/{name}") for name in names]
    return {
        "export_full": {
            "ms": ms(seconds),
            "first_byte_ms": ms(first),
            "mb": round(len(decoded) / 1e6, 1),
            "wire_mb": round(wire / 1e6, 1),
        },
        "export_period": spread(varied),
        "source_page": spread([p[0] for p in pages])
        | {"kb": round(statistics.median(len(p[2]) for p in pages) / 1024)},
    }


def first_byte(session: requests.Session, url: str) -> float:
    """Seconds until the first bytes of `url`'s body arrive: when a streamed download answers."""
    began = time.perf_counter()
    with session.get(url, stream=True, timeout=300) as response:
        next(response.raw.stream(1024, decode_content=False), b"")
        return time.perf_counter() - began


def search_in_model(data_dir: Path) -> dict:
    """The model's search in a process of its own (see measure_search)."""
    result = subprocess.run(
        [sys.executable, __file__, "--measure-search", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise RuntimeError(f"search measurement failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def measure_search(data_dir: Path) -> dict:
    """FilterIndex.mask over the corpus for each query and each prefix as it is typed, the
    result cache emptied first: what every view update, export and API call filters through."""
    from dashboard.model.checked import load_through_index
    from dashboard.model.filters import FilterIndex, Filters
    from dashboard.model.frame import plot_frame

    dataset, problems, _ = load_through_index(data_dir)  # validate wrote the index before
    if dataset is None:
        raise RuntimeError(f"the data does not load: {problems[:3]}")
    index = FilterIndex.of(plot_frame(dataset.figures, dataset.sources))
    began = time.perf_counter()
    index.mask(Filters(q="warm"))  # the search index is built on the first query
    built = time.perf_counter() - began

    def timed(query: str) -> float:
        index.text.forget()
        start = time.perf_counter()
        index.mask(Filters(q=query))
        return time.perf_counter() - start

    whole = [timed(q) for q in QUERIES]
    typed = [timed(q[:i]) for q in QUERIES for i in range(1, len(q) + 1) if q[:i].strip()]
    return {"build_s": round(built, 2), "queries": spread(whole), "keystrokes": spread(typed)}


def chrome(profile: str) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", f"--user-data-dir={profile}", "--window-size=1280,1000",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(
        service=Service("/usr/bin/chromedriver", port=DRIVER_PORT), options=options
    )
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": INSTRUMENT})
    return driver


def settled_at(driver: Any, fetches_before: int, timeout: float = 120) -> float:
    """performance.now() of the page's last change, once a request was made after
    `fetches_before` and nothing has been in flight or changed for QUIET_MS."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        inflight, fetches, last, now = driver.execute_script(
            "const b = window.__bench; return [b.inflight, b.fetches, b.last, performance.now()]"
        )
        if inflight == 0 and fetches > fetches_before and now - last > QUIET_MS:
            return float(last)
        time.sleep(0.05)
    raise RuntimeError(f"the page did not settle within {timeout} s")


def change_period(driver: Any, year: int) -> float:
    """Type a new first year into the slider's box and leave it (Tab), as a keyboard user does;
    ms from the Tab until the page settles."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_elements(By.CSS_SELECTOR, f"#{PERIOD} input")[0]
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(str(year))
    fetches, began = driver.execute_script("return [window.__bench.fetches, performance.now()]")
    box.send_keys(Keys.TAB)
    return settled_at(driver, fetches) - began


def bench_browser(base: str, span: tuple[int, int], rng: random.Random) -> dict:
    """BROWSER_LOADS cold loads (fresh profiles): first chart, page settled, then
    CHANGES_PER_LOAD period changes each, every one to a year not asked before."""
    years = rng.sample(range(span[0] + 1, span[1] - 1), BROWSER_LOADS * CHANGES_PER_LOAD)
    first, settled, changes = [], [], []
    for _ in range(BROWSER_LOADS):
        with tempfile.TemporaryDirectory() as profile:
            driver = chrome(profile)
            try:
                driver.get(base + "/")
                settled.append(settled_at(driver, 0))
                first.append(driver.execute_script("return window.__bench.firstChart"))
                for _ in range(CHANGES_PER_LOAD):
                    changes.append(change_period(driver, years.pop()))
            finally:
                driver.quit()
    if None in first:
        raise RuntimeError("a page settled without drawing a chart")
    return {
        "first_chart_ms": round(statistics.median(first)),
        "first_chart_loads_ms": [round(m) for m in first],
        "page_settled_ms": round(statistics.median(settled)),
        "filter_change_ms": round(statistics.median(changes)),
        "filter_change_all_ms": [round(m) for m in changes],
    }


def measure_served(data_dir: Path, names: list[str], rng: random.Random) -> dict:
    proc, started = start_server(data_dir)
    base = f"http://127.0.0.1:{PORT}"
    try:
        out: dict[str, Any] = {
            "serve_start_s": round(started, 2),
            "memory_start": worker_memory(proc),
        }
        out["callbacks"], span = bench_callbacks(base, rng)
        out |= bench_export_and_pages(base, span, names, rng)
        out["browser"] = bench_browser(base, span, rng)
        out["memory_end"] = worker_memory(proc)
    finally:
        stop(proc)
    return out


def measure_corpus(label: str, data_dir: Path, new_doc: Path) -> dict:
    """Every measure for one data directory; a corpus validate refuses is reported as refused."""
    rng = random.Random(27)
    print(f"[{time.strftime('%H:%M:%S')}] {label}: validate", flush=True)
    load = round(os.getloadavg()[0], 1)
    command = [str(BIN / "figures-dashboard"), "validate", "--data-dir", str(data_dir)]
    validate = run_measured(command)  # every row and document checked, then the index written
    # Other work on the machine moves every figure: each corpus's record says how busy it was.
    out: dict[str, Any] = {"load_average": load, "validate": validate}
    if validate["exit"] != 0:
        out["refused"] = validate["stderr"].splitlines()[0] if validate["stderr"] else "exit 1"
        return out
    print(f"[{time.strftime('%H:%M:%S')}] {label}: validate again", flush=True)
    out["validate_again"] = run_measured(command)  # the same files: read from the index
    names = sorted(p.name for p in (data_dir / "sources").glob("*.txt"))
    steps: list[tuple[str, Callable[[], Any]]] = [
        (
            "served",
            lambda: measure_served(data_dir, rng.sample(names, min(SOURCE_PAGES, len(names))), rng),
        ),
        ("search_model", lambda: search_in_model(data_dir)),
        ("propose", lambda: propose(data_dir, new_doc)),
    ]
    for key, step in steps:
        print(f"[{time.strftime('%H:%M:%S')}] {label}: {key}", flush=True)
        out[key] = step()
    return out


def propose(data_dir: Path, document: Path) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        command = [str(BIN / "figures-dashboard"), "propose", "--data-dir", str(data_dir)]
        result = run_measured([*command, str(document), "-o", str(Path(folder) / "drafts.csv")])
    if result["exit"] != 0:
        raise RuntimeError(f"propose failed: {result['stderr']}")
    return result


def corpus_facts(data_dir: Path) -> dict[str, Any]:
    with open(data_dir / "figures.csv", encoding="utf-8") as handle:
        import csv

        rows = sum(1 for _ in csv.DictReader(handle))
    texts = list((data_dir / "sources").glob("*.txt"))
    return {
        "documents": len(texts),
        "rows": rows,
        "figures_csv_mb": round((data_dir / "figures.csv").stat().st_size / 1e6, 1),
        "sources_mb": round(sum(p.stat().st_size for p in texts) / 1e6, 1),
    }


def met(results: dict[str, dict]) -> dict[str, bool | None]:
    """Each target at 1,000 documents (None when that corpus was not measured or was refused)."""
    big, real = results.get("1000", {}), results.get("real", {})
    if "served" not in big:
        return dict.fromkeys(TARGETS)
    served, browser = big["served"], big["served"]["browser"]
    rss = max(served["memory_start"]["rss_mb"], served["memory_end"]["rss_mb"])
    ratio = browser["first_chart_ms"] / real["served"]["browser"]["first_chart_ms"]
    return {
        "validate_s": big["validate_again"]["s"] < TARGETS["validate_s"],
        "serve_start_s": served["serve_start_s"] < TARGETS["serve_start_s"],
        "worker_rss_mb": rss < TARGETS["worker_rss_mb"],
        "first_chart_ratio": ratio <= TARGETS["first_chart_ratio"],
        "filter_change_ms": browser["filter_change_ms"] < TARGETS["filter_change_ms"],
        "search_p95_ms": big["search_model"]["queries"]["p95_ms"] < TARGETS["search_p95_ms"],
        "propose_s": big["propose"]["s"] < TARGETS["propose_s"],
    }


Cell = Callable[[dict], str]


def table_rows(real_first_ms: float) -> list[tuple[str, Cell, str, str | None]]:
    """(measure, cell for one corpus's results, target at 1,000 documents, its key in met())."""

    def served(f: Callable[[dict], str]) -> Cell:
        return lambda r: f(r["served"]) if "served" in r else "-"

    def mem(key: str) -> Cell:
        return served(lambda s: f"{s[key]['rss_mb']} MB (PSS {s[key]['pss_mb']})")

    def p(x: dict) -> str:
        return f"{x['p50_ms']:g} / {x['p95_ms']:g} ms"

    return [
        ("machine load average (1 min) at start", lambda r: f"{r['load_average']}", "", None),
        ("documents; rows", lambda r: f"{r['documents']:,}; {r['rows']:,}", "", None),
        ("figures.csv; source texts", lambda r: f"{r['figures_csv_mb']} MB; {r['sources_mb']} MB", "", None),
        ("validate, first: every row checked, index written", lambda r: "refused" if "refused" in r else f"{r['validate']['s']} s, {r['validate']['peak_mb']} MB", "", None),
        ("validate again, files unchanged (index current)", lambda r: f"{r['validate_again']['s']} s, {r['validate_again']['peak_mb']} MB" if "validate_again" in r else "-", "< 5 s", "validate_s"),
        ("serve start, until GET / answers", served(lambda s: f"{s['serve_start_s']} s"), "< 5 s", "serve_start_s"),
        ("RSS per worker at start (PSS)", mem("memory_start"), "", None),
        ("RSS per worker after the run (PSS)", mem("memory_end"), "< 500 MB", "worker_rss_mb"),
        (f"first chart, Chromium (median of {BROWSER_LOADS})", served(lambda s: f"{s['browser']['first_chart_ms']} ms"), "", None),
        ("first chart, over the real page's", served(lambda s: f"{s['browser']['first_chart_ms'] / real_first_ms:.2f}x"), "<= 1.5x", "first_chart_ratio"),
        ("first load settled", served(lambda s: f"{s['browser']['page_settled_ms']} ms"), "", None),
        (f"filter change, until settled (median of {BROWSER_LOADS * CHANGES_PER_LOAD})", served(lambda s: f"{s['browser']['filter_change_ms']} ms"), "< 1 s", "filter_change_ms"),
        (f"view callback, period change p50 / p95 ({PERIOD_REQUESTS})", served(lambda s: p(s["callbacks"]["period"])), "", None),
        ("view callback response, raw (wire)", served(lambda s: f"{s['callbacks']['period']['raw_kb']:,} KB ({s['callbacks']['period']['wire_kb']:,})"), "", None),
        ("search in the page: first (index built)", served(lambda s: f"{s['callbacks']['search_first_ms']:g} ms"), "", None),
        (f"search in the page p50 / p95 ({len(QUERIES) - 1})", served(lambda s: p(s["callbacks"]["search"])), "", None),
        (f"search, model p50 / p95 ({len(QUERIES)} queries)", lambda r: p(r["search_model"]["queries"]) if "search_model" in r else "-", "p95 < 50 ms", "search_p95_ms"),
        ("search, model p50 / p95 (each keystroke)", lambda r: p(r["search_model"]["keystrokes"]) if "search_model" in r else "-", "", None),
        ("search index build, model", lambda r: f"{r['search_model']['build_s']} s" if "search_model" in r else "-", "", None),
        ("/export.csv whole table: first byte; all", served(lambda s: f"{s['export_full']['first_byte_ms']:g} ms; {s['export_full']['ms']:g} ms, {s['export_full']['mb']} MB"), "", None),
        (f"/export.csv periods p50 / p95 ({EXPORTS})", served(lambda s: p(s["export_period"])), "", None),
        (f"/source/<doc> p50 / p95 ({SOURCE_PAGES} docs)", served(lambda s: f"{p(s['source_page'])}, {s['source_page']['kb']} KB"), "", None),
        ("propose one 60 KB document", lambda r: f"{r['propose']['s']} s, {r['propose']['peak_mb']} MB" if "propose" in r else "-", "< 2 s", "propose_s"),
    ]  # fmt: skip


def print_table(results: dict[str, dict], verdicts: dict[str, bool | None]) -> str:
    columns = list(results)
    heads = ["measure", *[c if c == "real" else f"{int(c):,} docs" for c in columns]]
    heads += ["target (1,000 docs)", "met"]
    lines = []
    real_first_ms = results["real"]["served"]["browser"]["first_chart_ms"]
    for name, cell, target, key in table_rows(real_first_ms):
        verdict = "" if key is None else {True: "met", False: "NOT met", None: "-"}[verdicts[key]]
        lines.append([name, *[cell(results[c]) for c in columns], target, verdict])
    widths = [max(len(str(row[i])) for row in [heads, *lines]) for i in range(len(heads))]

    def render(row: list[str]) -> str:
        return "| " + " | ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)) + " |"

    text = "\n".join(
        [render(heads), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(render, lines)]
    )
    print(text)
    for column, result in results.items():
        if "refused" in result:  # a corpus over the size caps: every measure needs it loaded
            print(f"{column} documents: validate refused the data: {result['refused']}")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--huge", action="store_true", help="also 5,000 documents")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--measure-search", type=Path, help=argparse.SUPPRESS)  # the child's task
    args = parser.parse_args()
    if args.measure_search:
        print(json.dumps(measure_search(args.measure_search)))
        return 0
    began = time.perf_counter()
    sizes = [*args.sizes, *([HUGE] if args.huge else [])]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp)
        new_doc = folder / "new_document.txt"
        new_bytes = new_document(new_doc)
        results["real"] = corpus_facts(ROOT / "data") | measure_corpus(
            "real", ROOT / "data", new_doc
        )
        for size in sizes:
            print(f"[{time.strftime('%H:%M:%S')}] {size} documents: building", flush=True)
            built = time.perf_counter()
            data_dir = folder / f"corpus-{size}"
            write_corpus(data_dir, size, rows=HUGE_ROWS if size == HUGE else ROWS_PER_DOCUMENT)
            facts = corpus_facts(data_dir) | {"build_s": round(time.perf_counter() - built, 1)}
            results[str(size)] = facts | measure_corpus(f"{size} documents", data_dir, new_doc)
            if size != HUGE and "refused" in results[str(size)]:
                raise SystemExit(
                    f"validate refused the {size}-document corpus: {results[str(size)]}"
                )
    verdicts = met(results)
    minutes = (time.perf_counter() - began) / 60
    print()
    print_table(results, verdicts)
    machine = f"{platform.node()}: {os.cpu_count()} cores, {platform.machine()}, load average at the end {os.getloadavg()[0]:.1f}"
    print(
        f"\n{machine}; {minutes:.1f} minutes. Repetitions per corpus: validate and propose once each "
        f"(fresh processes), {BROWSER_LOADS} cold loads with {CHANGES_PER_LOAD} filter changes each, "
        f"{PERIOD_REQUESTS} period changes and {len(QUERIES)} searches posted to the view callback, "
        f"{EXPORTS} period exports, {SOURCE_PAGES} source pages; the propose document is {new_bytes:,} bytes."
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": machine,
        "minutes": round(minutes, 1),
        "versions": versions(),
        "repetitions": {
            "browser_loads": BROWSER_LOADS,
            "changes_per_load": CHANGES_PER_LOAD,
            "period_requests": PERIOD_REQUESTS,
            "queries": QUERIES,
            "exports": EXPORTS,
            "source_pages": SOURCE_PAGES,
            "quiet_ms": QUIET_MS,
            "propose_document_bytes": new_bytes,
        },
        "targets": TARGETS,
        "met": verdicts,
        "corpora": results,
    }
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"JSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
