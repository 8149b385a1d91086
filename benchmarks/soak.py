"""Soak test: 16 clients drive the filter callback and /export.csv against `serve` for 60 s.

Reports requests, errors, latency and the server's memory growth; exits 1 on any error or on growth
of 10% or more. A second phase runs 4 normal clients alone for 30 s, then again while 50 slow
connections dribble one header line every 3 s (a slowloris attack), and fails unless the normal
requests' p95 beside them stays under 1 s with no errors. Talks only to 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import BIN, callback_payloads, free_port, percentile, start, stop  # noqa: E402
from dashboard.web.ids import PERIOD  # noqa: E402

EXPORT_QUERIES = [
    "",
    "?from=1930&to=1939",
    "?category=repression,famine",
    "?q=million",
    "?from=1914&to=1918",
]
MAX_GROWTH = 0.10
SAMPLE_EVERY_S = 10.0
SLOW_HEADER_EVERY_S = 3.0
MAX_SLOW_PHASE_P95_S = 1.0


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


def slow_client(port: int, until: float, stop_event: threading.Event) -> int:
    """Hold a connection by sending one header line every few seconds; return the lines sent."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while time.perf_counter() < until and not stop_event.wait(SLOW_HEADER_EVERY_S):
                sock.sendall(f"X-Slow-{sent}: {sent}\r\n".encode())
                sent += 1
        except OSError:
            pass  # the server closed the connection: what a server with a header timeout does
    return sent


def normal_clients(
    base: str,
    payload: dict,
    seconds: float,
    pool: concurrent.futures.ThreadPoolExecutor,
    seed: int,
) -> dict:
    """4 normal clients for `seconds`: their requests, errors and latency."""
    until = time.perf_counter() + seconds
    futures = [pool.submit(client, base, payload, until, seed + i) for i in range(4)]
    results = [f.result() for f in futures]
    times = [t for r in results for t in r[0]]
    return {
        "requests": sum(r[2] for r in results),
        "errors": sum(r[1] for r in results),
        "p50_ms": round(percentile(times, 50) * 1000, 1),
        "p95_ms": round(percentile(times, 95) * 1000, 1),
    }


def slow_phase(base: str, port: int, payload: dict, slow: int, seconds: float) -> dict:
    """Normal clients' latency alone, then while `slow` connections dribble their headers."""
    stop_event = threading.Event()
    with concurrent.futures.ThreadPoolExecutor(slow + 4) as pool:
        alone = normal_clients(base, payload, seconds, pool, 100)
        until = time.perf_counter() + seconds + 1.0
        dribblers = [pool.submit(slow_client, port, until, stop_event) for _ in range(slow)]
        time.sleep(1.0)  # every slow connection is open before the normal clients start
        beside = normal_clients(base, payload, seconds, pool, 200)
        stop_event.set()
        lines = [f.result() for f in dribblers]
    return {
        "slow_connections": slow,
        "slow_header_lines_sent": sum(lines),
        **{f"alone_{key}": value for key, value in alone.items()},
        **{f"beside_slow_{key}": value for key, value in beside.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--warmup", type=float, default=10.0, help="seconds at full load before measuring"
    )
    parser.add_argument("--slow-clients", type=int, default=50)
    parser.add_argument("--slow-seconds", type=float, default=30.0)
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
        print(f"slow phase: {args.slow_clients} slowloris connections for {args.slow_seconds} s")
        slow = slow_phase(base, port, payload, args.slow_clients, args.slow_seconds)
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
        **slow,
    }
    for key, value in report.items():
        print(f"{key:<16} {value}")
    out = ROOT / "benchmarks" / "results" / "soak.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    ok = errors == 0 and growth < MAX_GROWTH
    slow_ok = (
        slow["beside_slow_errors"] == 0 and slow["beside_slow_p95_ms"] < MAX_SLOW_PHASE_P95_S * 1000
    )
    ok = ok and slow_ok
    print(
        "PASS"
        if ok
        else "FAIL: errors, memory growth of 10% or more, or normal p95 over 1 s beside slow clients"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
