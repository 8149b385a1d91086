"""Soak test: 16 clients drive the filter callback and /export.csv against `serve` for 60 s.

Reports requests, errors, latency and the server's memory growth; exits 1 on any error or on growth
of 10% or more. Talks only to 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import BIN, callback_payloads, free_port, percentile, start, stop  # noqa: E402
from dashboard.layout import PERIOD  # noqa: E402

EXPORT_QUERIES = [
    "",
    "?from=1930&to=1939",
    "?category=repression,famine",
    "?q=million",
    "?from=1914&to=1918",
]
MAX_GROWTH = 0.10
SAMPLE_EVERY_S = 10.0


def server_rss(proc: subprocess.Popen) -> int:
    """Resident memory of the gunicorn master and all its workers, in bytes."""
    parent = psutil.Process(proc.pid)
    return sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)])


def client(base: str, payload: dict, until: float, seed: int) -> tuple[list[float], int, int]:
    rng = random.Random(seed)
    session, times, errors, count = requests.Session(), [], 0, 0
    low, high = next(e["value"] for e in payload["inputs"] if e["id"] == PERIOD)
    while time.perf_counter() < until:
        began = time.perf_counter()
        try:
            if rng.random() < 0.7:
                body = json.loads(json.dumps(payload))
                for entry in body["inputs"]:
                    if entry["id"] == PERIOD:
                        a = rng.randint(low - 30, high)
                        entry["value"] = [a, rng.randint(a, high + 30)]
                response = session.post(f"{base}/_dash-update-component", json=body, timeout=30)
            else:
                response = session.get(f"{base}/export.csv{rng.choice(EXPORT_QUERIES)}", timeout=30)
            errors += response.status_code != 200
        except requests.RequestException:
            errors += 1
        times.append(time.perf_counter() - began)
        count += 1
    return times, errors, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--warmup", type=float, default=10.0, help="seconds at full load before measuring"
    )
    args = parser.parse_args()

    payload, _ = callback_payloads()
    port = free_port()
    proc, _ = start([str(BIN / "figures-dashboard"), "serve", "--port", str(port)], port)
    base = f"http://127.0.0.1:{port}"
    try:
        rss_cold = server_rss(proc)
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            # Warm-up at full concurrency: worker threads, allocator arenas and caches reach their
            # working size; growth after this point is what a leak would show.
            until = time.perf_counter() + args.warmup
            list(pool.map(lambda i: client(base, payload, until, -1 - i), range(args.clients)))
            rss_before = server_rss(proc)
            until = time.perf_counter() + args.seconds
            futures = [pool.submit(client, base, payload, until, i) for i in range(args.clients)]
            samples = []
            while not all(f.done() for f in futures):
                samples.append(round(server_rss(proc) / 2**20, 1))
                time.sleep(min(SAMPLE_EVERY_S, max(0.1, until - time.perf_counter())))
            results = [f.result() for f in futures]
        rss_after = server_rss(proc)
    finally:
        stop(proc)

    times = [t for r in results for t in r[0]]
    errors = sum(r[1] for r in results)
    count = sum(r[2] for r in results)
    growth = (rss_after - rss_before) / rss_before
    report = {
        "seconds": args.seconds,
        "clients": args.clients,
        "requests": count,
        "requests_per_s": round(count / args.seconds, 1),
        "errors": errors,
        "p50_ms": round(percentile(times, 50) * 1000, 1),
        "p95_ms": round(percentile(times, 95) * 1000, 1),
        "warmup_seconds": args.warmup,
        "rss_cold_mb": round(rss_cold / 2**20, 1),
        "rss_before_mb": round(rss_before / 2**20, 1),
        "rss_after_mb": round(rss_after / 2**20, 1),
        "rss_growth_pct": round(growth * 100, 2),
        "rss_samples_mb": samples,
    }
    for key, value in report.items():
        print(f"{key:<16} {value}")
    out = ROOT / "benchmarks" / "results" / "soak.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    ok = errors == 0 and growth < MAX_GROWTH
    print("PASS" if ok else "FAIL: errors or memory growth of 10% or more")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
