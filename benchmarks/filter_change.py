"""A period change in the page, until it settles, and where its time goes.

Starts `figures-dashboard serve` on a data directory (ports 8610-8619), loads the page in headless
Chromium and types N different first years into the period slider's box (scale.change_period: Tab,
then until nothing was in flight or changed for scale.QUIET_MS). Prints each change's time until
settled and their median, the callback requests each change made (the outputs they asked for,
their durations and sizes, from a wrapper around fetch), and a DevTools CPU profile of one change
summarised by the functions and the scripts that took the most time themselves.

With `--code DIR ...` it serves each copy of the package (a folder holding `dashboard/`, e.g. a
`git archive` of another commit) on a port of its own and alternates them, page load by page load,
over the same years: on a shared, noisy machine their ratio means more than either time.

    .venv/bin/python benchmarks/filter_change.py data --changes 6 --profile
    .venv/bin/python benchmarks/filter_change.py data --code /tmp/old /tmp/new --loads 3
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import scale  # noqa: E402
from benchmarks.run import stop  # noqa: E402
from benchmarks.scale import answering, change_period, chrome, launch, settled_at  # noqa: E402
from dashboard.web.ids import PERIOD  # noqa: E402
from tests.dash_requests import component_props  # noqa: E402

FIRST_PORT = 8610  # this benchmark's ports: servers from here, chromedriver at LAST_PORT
LAST_PORT = 8619
# Each callback request the page makes: what it asked for, when, how long, how big the answer.
CALLBACK_LOG = """
window.__calls = []; window.__tab = null;
document.addEventListener('keydown', (e) => { if (e.key === 'Tab') { window.__tab = performance.now(); } }, true);
(() => {
  const original = window.fetch;
  window.fetch = function (resource, init) {
    const url = String(resource && resource.url || resource);
    if (!url.includes('_dash-update-component')) { return original.apply(this, arguments); }
    let output = '?';
    try { output = JSON.parse(init.body).output; } catch (e) { /* not JSON */ }
    const call = {output: output, start: performance.now(), end: null, bytes: 0};
    window.__calls.push(call);
    return original.apply(this, arguments).then((response) => {
      response.clone().text().then((text) => { call.bytes = text.length; call.end = performance.now(); });
      return response;
    });
  };
})();
"""


def start_server(data_dir: Path, port: int, code: Path | None) -> subprocess.Popen:
    """`serve` of the package in `code` (this checkout's when None) on `port`, once GET / answers."""
    command = [sys.executable, "-m", "dashboard", "serve", "--data-dir", str(data_dir)]
    command += ["--port", str(port)]
    env = dict(os.environ)
    if code is not None:  # its folder first on the path: its `dashboard` is the one imported
        env["PYTHONPATH"] = str(code)
    proc = launch(command, code or ROOT, env)
    answering(proc, port)
    return proc


def short_output(output: str) -> str:
    """A callback's outputs in a few words: the view's are many, named by one of them."""
    if "count-line.children" in output:
        return "view (filters -> everything)"
    parts = output.strip(".").split("...")
    return ", ".join(parts)[:70]


def calls_of_change(driver: Any, year: int) -> tuple[float, list[dict]]:
    """One period change: ms until settled, and the callback requests it made: their start and
    end in ms after the Tab that made the change, from the browser's resource timing (the end is
    the response's last byte, before the page handles it)."""
    driver.execute_script("window.__calls = []; performance.clearResourceTimings();")
    settled = change_period(driver, year)
    calls, timings, tab = driver.execute_script(
        "return [window.__calls, performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('_dash-update-component'))"
        ".map(e => [e.startTime, e.responseEnd]), window.__tab]"
    )
    for call, (start, end) in zip(calls, timings, strict=False):
        call["start"], call["end"] = start - tab, end - tab
    return settled, calls


def profile_summary(profile: dict, top: int = 25) -> list[str]:
    """Self time by function (name, script, line) and by script, from a DevTools CPU profile."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    self_ms: collections.Counter[int] = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        self_ms[sample] += delta / 1000
    by_function: collections.Counter[str] = collections.Counter()
    by_script: collections.Counter[str] = collections.Counter()
    for node_id, spent in self_ms.items():
        frame = nodes[node_id]["callFrame"]
        script = frame["url"].rsplit("/", 1)[-1].split("?")[0] or "(native)"
        by_function[
            f"{frame['functionName'] or '(anonymous)'}  {script}:{frame['lineNumber']}"
        ] += spent
        by_script[script] += spent
    total = sum(self_ms.values())
    lines = [f"  sampled {total:.0f} ms; self time by script:"]
    lines += [f"    {ms:7.1f} ms  {name}" for name, ms in by_script.most_common(12)]
    lines.append("  self time by function:")
    lines += [f"    {ms:7.1f} ms  {name}" for name, ms in by_function.most_common(top)]
    return lines


def profiled_change(driver: Any, year: int) -> list[str]:
    driver.execute_cdp_cmd("Profiler.enable", {})
    driver.execute_cdp_cmd("Profiler.setSamplingInterval", {"interval": 200})
    driver.execute_cdp_cmd("Profiler.start", {})
    settled, _ = calls_of_change(driver, year)
    profile = driver.execute_cdp_cmd("Profiler.stop", {})["profile"]
    driver.execute_cdp_cmd("Profiler.disable", {})
    return [f"profiled change to {year}: settled in {settled:.0f} ms", *profile_summary(profile)]


def page_span(base: str) -> tuple[int, int]:
    """The period slider's first and last year, from the page's layout."""
    layout = requests.get(f"{base}/_dash-layout", timeout=60).json()
    slider = component_props(layout)[PERIOD]
    return int(slider["min"]), int(slider["max"])


def one_load(base: str, years: list[int], profile_year: int | None) -> dict[str, Any]:
    """A cold load in a fresh profile, then a change to each year in turn."""
    with tempfile.TemporaryDirectory() as folder:
        driver = chrome(folder)
        try:
            driver.execute_cdp_cmd(
                "Page.addScriptToEvaluateOnNewDocument", {"source": CALLBACK_LOG}
            )
            driver.get(base + "/")
            loaded = settled_at(driver, 0)
            changes = [calls_of_change(driver, year) for year in years]
            profile = profiled_change(driver, profile_year) if profile_year else []
        finally:
            driver.quit()
    return {"loaded": loaded, "changes": changes, "profile": profile}


def describe_calls(changes: list[tuple[float, list[dict]]]) -> list[str]:
    """Each callback's count, median duration and size over the changes, in the order made."""
    seen: dict[str, list[dict]] = {}
    for _, calls in changes:
        for call in calls:
            seen.setdefault(short_output(call["output"]), []).append(call)
    lines = [f"  callback requests per change: {[len(c) for _, c in changes]}"]
    for name, calls in seen.items():
        lines.append(
            f"    {len(calls) / len(changes):4.1f}x  starts at {statistics.median(c['start'] for c in calls):6.0f} ms"
            f"  takes {statistics.median(c['end'] - c['start'] for c in calls):5.0f} ms"
            f"  {statistics.median(c['bytes'] for c in calls) / 1024:7.1f} KB  {name}"
        )
    return lines


def report(name: str, loads: list[dict]) -> list[float]:
    """Print one copy's changes: each time, the median, the callbacks, the profile."""
    times = [t for load in loads for t, _ in load["changes"]]
    print(f"\n{name}: first load settled {[round(load['loaded']) for load in loads]} ms")
    print(
        f"  changes until settled: {[round(t) for t in times]} ms; median {statistics.median(times):.0f} ms"
    )
    for line in describe_calls([c for load in loads for c in load["changes"]]):
        print(line)
    for load in loads:
        for line in load["profile"]:
            print(line)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path, help="the data directory to serve")
    parser.add_argument("--changes", type=int, default=5, help="period changes per page load")
    parser.add_argument("--loads", type=int, default=1, help="cold page loads per copy")
    parser.add_argument("--code", type=Path, nargs="*", help="package copies (default: this one)")
    parser.add_argument("--profile", action="store_true", help="CPU profile of one more change")
    args = parser.parse_args()
    scale.DRIVER_PORT = LAST_PORT  # chrome() starts chromedriver there
    codes: list[Path | None] = list(args.code or [None])
    if len(codes) > LAST_PORT - FIRST_PORT:
        parser.error("too many copies for this benchmark's ports")
    bases = [f"http://127.0.0.1:{FIRST_PORT + i}" for i in range(len(codes))]
    servers = []
    results: list[list[dict]] = [[] for _ in codes]
    try:
        for code, base in zip(codes, bases, strict=True):
            print(f"[{time.strftime('%H:%M:%S')}] starting {code or 'this checkout'}", flush=True)
            servers.append(start_server(args.data_dir.resolve(), int(base.rsplit(":", 1)[1]), code))
        low, high = page_span(bases[0])
        rng = random.Random(27)
        for load in range(args.loads):
            years = rng.sample(range(low + 1, high - 1), args.changes)
            profile_year = rng.randrange(low + 1, high - 1) if args.profile else None
            if load < args.loads - 1:
                profile_year = None
            for i, base in enumerate(bases):  # each copy the same years, in turn
                results[i].append(one_load(base, years, profile_year))
                print(
                    f"[{time.strftime('%H:%M:%S')}] load {load + 1}, {codes[i] or 'this checkout'}",
                    flush=True,
                )
    finally:
        for proc in servers:
            stop(proc)
    medians = []
    for code, loads in zip(codes, results, strict=True):
        medians.append(statistics.median(report(str(code or "this checkout"), loads)))
    if len(medians) > 1:
        print("\nmedians: " + ", ".join(f"{m:.0f} ms" for m in medians))
        print("ratios to the first: " + ", ".join(f"{m / medians[0]:.2f}" for m in medians))
    return 0


if __name__ == "__main__":
    sys.exit(main())
