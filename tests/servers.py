"""Servers in processes of their own for the tests that talk to them over HTTP.

The tests' own copy of how benchmarks/run.py starts and stops a server: tests never import a
benchmark script, which may change for the benchmark's own reasons.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]  # the checkout
BIN = Path(sys.executable).parent  # the environment's scripts: figures-dashboard, gunicorn...


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(
    command: list[str], port: int, timeout: float = 60, host: str = "127.0.0.1"
) -> subprocess.Popen:
    """Start a server from the checkout and wait until GET http://HOST:PORT/ answers 200."""
    began = time.perf_counter()
    # The log goes to a file, not a pipe: a pipe nobody reads blocks a server that logs 64 KB.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
    # A session of its own: stop() ends the server's children too (gunicorn's workers, the dev
    # server's reloader).
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
    )
    proc.log = log  # type: ignore[attr-defined]
    try:
        while time.perf_counter() - began < timeout:
            try:
                if requests.get(f"http://{host}:{port}/", timeout=5).status_code == 200:
                    return proc
            # A server still starting may accept and answer slowly (the dev server's reloader
            # child): a read timeout is "not yet", as a refused connection is.
            except requests.RequestException:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {stop(proc)[-2000:]}")
            time.sleep(0.02)
        raise RuntimeError(f"server did not answer within {timeout} s: {' '.join(command)}")
    except BaseException:
        # Whatever ends the wait (a timeout, Ctrl-C), the server's session goes with it: a
        # server left running outlived its test run in its own session.
        if proc.poll() is None:
            stop(proc)
        raise


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
