"""Soak test: 16 clients drive the filter callback and /export.csv against `serve` for 60 s.

Reports requests, errors, latency and the server's memory growth; exits 1 on any error or on growth
of 10% or more. A second phase runs 4 normal clients alone for 30 s, then again while 50 slow
connections dribble one header line every 3 s (a slowloris attack), and fails unless the normal
requests' p95 beside them stays under 1 s with no errors. A third phase holds stalled uploads
(callback POSTs whose 1,000-byte body never comes, each reopened as soon as the server answers it):
first 3,000 from one client address, which its per-client bound refuses beyond 64 per worker, then
3,000 spread over 50 addresses, more than both workers' pools hold; normal clients run beside each
and the server is then stopped with them held. It fails on any normal request's error, a p95 over
1 s beside the one client, or a shutdown of 30 s (gunicorn's default graceful timeout) or more.
Talks only to 127.0.0.0/8 and stops by itself.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import heapq
import json
import os
import random
import resource
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import BIN, callback_payloads, free_port, percentile, start, stop  # noqa: E402
from dashboard.server.callback_gate import CALLBACK_PATH  # noqa: E402
from dashboard.server.worker import BODY_DEADLINE_S  # noqa: E402
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
# A callback POST that promises a body and sends none: the callback gate waits for it.
STALLED_HEAD = (
    f"POST {CALLBACK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
).encode()
STALLED_SOURCES = 50  # client addresses of the many-clients run: 60 each, under the bound
REFUSED_RETRY_S = 1.0  # a refused (503) connection is reopened after this, not in a busy loop
OLD_SHUTDOWN_S = 30.0  # gunicorn's default graceful timeout, which every stalled upload held


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


class StalledUploads:
    """Keeps `count` stalled uploads open, spread over `sources` (client addresses): each one the
    server answers or closes is opened again, as an attacker keeping them in flight would (after
    REFUSED_RETRY_S when it was refused rather than timed out)."""

    def __init__(self, port: int, count: int, sources: list[str]) -> None:
        self.port = port
        self.sources = sources
        # A heap of (when, sequence, source): the connections still to open.
        self.due = [(0.0, i, sources[i % len(sources)]) for i in range(count)]
        self.sequence = count
        self.selector = selectors.DefaultSelector()
        self.lock = threading.Lock()
        self.answers: collections.Counter[str] = collections.Counter()
        self.held: list[float] = []  # seconds from sending the headers to the server's 408
        self.opened = threading.Event()  # set once the first `count` are open
        self.stop = threading.Event()

    def open_due(self) -> None:
        now = time.perf_counter()
        while self.due and self.due[0][0] <= now:
            source = heapq.heappop(self.due)[2]
            sock = socket.socket()
            try:
                sock.settimeout(5)
                sock.bind((source, 0))
                sock.connect(("127.0.0.1", self.port))
                sock.sendall(STALLED_HEAD)
            except OSError:
                sock.close()
                self.record(source, "not connected", None)
                continue
            sock.setblocking(False)
            self.selector.register(sock, selectors.EVENT_READ, [source, time.perf_counter(), b""])

    def record(self, source: str, answer: str, held: float | None) -> None:
        with self.lock:
            self.answers[answer] += 1
            if answer == "408" and held is not None:
                self.held.append(held)
        delay = 0.0 if answer == "408" else REFUSED_RETRY_S
        heapq.heappush(self.due, (time.perf_counter() + delay, self.sequence, source))
        self.sequence += 1

    def read(self, sock: socket.socket, data: list) -> None:
        reset = False
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            chunk, reset = b"", True
        if chunk:
            data[2] += chunk
            return
        self.selector.unregister(sock)
        sock.close()
        status = data[2].split(b"\r\n", 1)[0].split()
        answer = status[1].decode() if len(status) > 1 else "reset" if reset else "closed"
        self.record(data[0], answer, time.perf_counter() - data[1])

    def run(self) -> None:
        while not self.stop.is_set():
            self.open_due()
            self.opened.set()
            for key, _ in self.selector.select(timeout=0.1):
                self.read(key.fileobj, key.data)  # type: ignore[arg-type]
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()  # type: ignore[union-attr]
        self.selector.close()

    def snapshot(self) -> dict:
        with self.lock:
            held = sorted(self.held)
            return {
                "answers": dict(self.answers),
                "held_p50_s": round(percentile(held, 50), 2) if held else None,
                "held_max_s": round(held[-1], 2) if held else None,
            }


def timed_shutdown(proc: subprocess.Popen) -> float:
    """Seconds from SIGTERM to the server's exit (stop() kills it if it outlives the wait)."""
    began = time.perf_counter()
    os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(OLD_SHUTDOWN_S + 10)
    return round(time.perf_counter() - began, 2)


def stalled_phase(
    base: str,
    payload: dict,
    uploads: StalledUploads,
    seconds: float,
    proc: subprocess.Popen | None = None,
) -> dict:
    """4 normal clients for `seconds` while `uploads` are held; then, given `proc`, the time the
    server takes to stop with them still held."""
    thread = threading.Thread(target=uploads.run, daemon=True)
    thread.start()
    uploads.opened.wait(120)
    time.sleep(1.0)  # every stalled upload is open and waiting for its body
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        beside = normal_clients(base, payload, seconds, pool, 300)
    report = {**uploads.snapshot(), **beside}
    if proc is not None:
        report["shutdown_s"] = timed_shutdown(proc)
    uploads.stop.set()
    thread.join()
    return report


def raise_open_files(wanted: int) -> None:
    """The soft limit on open files raised towards `wanted` (the server started after inherits)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        limit = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))


def stalled_phases(base: str, port: int, payload: dict, proc: subprocess.Popen, args: Any) -> dict:
    """Normal clients beside `args.stalled` stalled uploads from one client, then from many; the
    server is stopped with the second set held."""
    many = [f"127.0.1.{i}" for i in range(1, STALLED_SOURCES + 1)]
    print(
        f"stalled phase: {args.stalled} stalled uploads from one client for {args.slow_seconds} s"
    )
    one = stalled_phase(
        base, payload, StalledUploads(port, args.stalled, ["127.0.0.2"]), args.slow_seconds
    )
    time.sleep(BODY_DEADLINE_S + 1)  # the first set's last connections answered
    print(f"stalled phase: {args.stalled} from {len(many)} clients, then the server is stopped")
    spread = StalledUploads(port, args.stalled, many)
    many_report = stalled_phase(base, payload, spread, args.slow_seconds, proc)
    return {
        "stalled_uploads": args.stalled,
        **{f"stalled_one_client_{key}": value for key, value in one.items()},
        **{f"stalled_{len(many)}_clients_{key}": value for key, value in many_report.items()},
    }


def stalled_ok(report: dict) -> bool:
    """No normal request failed beside the stalled uploads, the one client's bound kept the
    normal p95 under 1 s, and the server stopped in less than the old 30 s."""
    errors = [value for key, value in report.items() if key.endswith("errors")]
    one_p95 = report["stalled_one_client_p95_ms"]
    shutdown = next(value for key, value in report.items() if key.endswith("shutdown_s"))
    return not any(errors) and one_p95 < MAX_SLOW_PHASE_P95_S * 1000 and shutdown < OLD_SHUTDOWN_S


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--warmup", type=float, default=10.0, help="seconds at full load before measuring"
    )
    parser.add_argument("--slow-clients", type=int, default=50)
    parser.add_argument("--slow-seconds", type=float, default=30.0)
    parser.add_argument("--stalled", type=int, default=3000, help="stalled uploads held at once")
    args = parser.parse_args()

    raise_open_files(args.stalled + 1000)  # each stalled upload holds a descriptor here and there
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
        stalled = stalled_phases(base, port, payload, proc, args)
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
        **stalled,
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
    ok = ok and slow_ok and stalled_ok(stalled)
    print(
        "PASS"
        if ok
        else "FAIL: errors, memory growth of 10% or more, normal p95 over 1 s beside slow clients"
        " or one client's stalled uploads, or a shutdown of 30 s or more"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
