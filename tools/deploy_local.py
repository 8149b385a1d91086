"""A local deployment: two replicas of `figures-dashboard serve` behind nginx (`make deploy-local`).

Usage: python tools/deploy_local.py [--port 8060] [--replica-ports 8061,8062] [--host 127.0.0.1]
                                    [--origin URL] [--workers N] [--data-dir DIR] [--run-dir DIR]

The replicas listen on 127.0.0.1 only; nginx, run as the current user from a generated config in a
run folder (its pid, logs, temporary files and cache there, nothing in /etc or /var), is the one
address clients reach. docs/deploy.md explains each setting. Importable: tests/server/test_proxy.py
starts the same deployment through `Deployment`.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

from dashboard.model.data import DEFAULT_DATA_DIR
from dashboard.server.security import MAX_REQUEST_BYTES
from dashboard.server.serve import bind_address, default_origin, port_in_use
from dashboard.server.worker import BODY_DEADLINE_S

NGINX_MISSING = "nginx is not installed: `make nginx` installs Debian's nginx package"
# Where Debian puts nginx; a user's PATH often lacks the sbin folders.
SBIN_PATH = "/usr/sbin:/usr/local/sbin:/sbin"
# A client's connections nginx serves at once. A browser opens at most 6 to a host; beyond the
# bound nginx answers 503 before reading the request's body.
CONNECTIONS_PER_CLIENT = 32
# How long a request's headers, and each read of its body, may take: the app's own body deadline.
# nginx reads the whole body before choosing a replica, so a stalled upload only ever costs nginx
# one connection of its event loop, counted against its client's bound.
CLIENT_TIMEOUT_S = int(BODY_DEADLINE_S)
# How long a data route's cached answer is reused. The cache key is the URL: the data version is
# only known from the response (X-Data-Version), so a changed table is picked up within this time,
# or at once by restarting, which empties the cache (docs/deploy.md).
DATA_CACHE_S = 60
# Fingerprinted bundles are cached by their URL; /assets/ URLs carry `?m=<mtime>`.
STATIC_CACHE = "1h"
DATA_ROUTES = ("/export.csv", "/export.xlsx", "/api/figures.json", "/datapackage.json")
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
# gunicorn closes an idle connection after 5 s (serve's keepalive): nginx drops its idle upstream
# connections sooner, so it never sends a request on one the replica is closing.
UPSTREAM_IDLE_S = 4
READY_TIMEOUT_S = 90.0


def find_nginx() -> str | None:
    """The nginx binary, or None when it is not installed."""
    return shutil.which("nginx") or shutil.which("nginx", path=SBIN_PATH)


def user_directive() -> str:
    """nginx's `user` line: workers started by root would switch to `nobody`, which cannot write
    the run folder; they stay the current user. Without root the directive is ignored (and
    warned about), so it is left out."""
    return f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""


def cached_location(path: str, match: str, valid: str, ignore: str) -> str:
    """A location answered from nginx's cache when it can, saying which in X-Cache-Status."""
    return f"""
        location {match}{path} {{
            proxy_pass http://dashboard;
            proxy_cache dashboard;
            proxy_cache_valid 200 {valid};
            proxy_ignore_headers {ignore};
            add_header X-Cache-Status $upstream_cache_status always;
        }}"""


def locations() -> str:
    """Every location: the static bundles and data routes cached, everything else passed on."""
    # Vary (Accept-Encoding) is ignored because the key holds the normalised encoding instead;
    # Dash sends /assets/ with `no-cache`, which their `?m=` fingerprint makes needless.
    static = [
        cached_location("/_dash-component-suites/", "", STATIC_CACHE, "Vary"),
        cached_location("/assets/", "", STATIC_CACHE, "Vary Cache-Control Expires"),
    ]
    data = [cached_location(route, "= ", f"{DATA_CACHE_S}s", "Vary") for route in DATA_ROUTES]
    passed = """
        location / {
            proxy_pass http://dashboard;
        }"""
    return "".join([passed, *static, *data])


def client_settings() -> str:
    """The http block's bounds on clients: timeouts, buffering, body size, connections."""
    return f"""
    # Slow clients end at nginx: headers and each read of a body have {CLIENT_TIMEOUT_S} s, a
    # body is read whole (to a file past 64 KB) before a replica sees the request, and a
    # response is buffered, so a slow reader holds nginx, never a replica.
    client_header_timeout {CLIENT_TIMEOUT_S}s;
    client_body_timeout {CLIENT_TIMEOUT_S}s;
    send_timeout 10s;
    keepalive_timeout 15s;
    reset_timedout_connection on;
    client_max_body_size {MAX_REQUEST_BYTES};
    client_body_buffer_size 64k;
    proxy_request_buffering on;
    proxy_buffering on;

    limit_conn_zone $binary_remote_addr zone=per_client:10m;
    limit_conn per_client {CONNECTIONS_PER_CLIENT};
    limit_conn_status 503;
"""


def cache_and_upstream(run: Path, replicas: list[int]) -> str:
    """The cache (its key, its folder) and the replicas nginx passes requests to."""
    servers = "".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;\n" for port in replicas
    )
    return f"""
    # One cached copy per URL and encoding (br, gzip or none), whatever a browser's list says.
    map $http_accept_encoding $cache_encoding {{
        default "";
        "~*\\bbr\\b" br;
        "~*\\bgzip\\b" gzip;
    }}
    proxy_cache_path {run}/cache levels=1:2 keys_zone=dashboard:10m max_size=256m
                     inactive=1d use_temp_path=off;
    proxy_cache_key "$request_uri $cache_encoding";
    proxy_cache_lock on;
    proxy_cache_use_stale error timeout updating http_502 http_503 http_504;

    upstream dashboard {{
{servers}        keepalive 16;
        keepalive_timeout {UPSTREAM_IDLE_S}s;
    }}
"""


def server_block(listen: str) -> str:
    """The proxy's one server: the headers passed on, the upstream timeouts, the locations."""
    return f"""
    server {{
        listen {listen};

        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header Accept-Encoding $cache_encoding;
        proxy_connect_timeout 2s;
        # gunicorn ends a request after 30 s (serve's timeout).
        proxy_read_timeout 35s;
        proxy_next_upstream error timeout;
{locations()}
    }}
"""


def nginx_conf(run_dir: Path, listen: str, replicas: list[int]) -> str:
    """nginx.conf for a proxy on `listen` (HOST:PORT) in front of replicas on 127.0.0.1; every
    path nginx writes is in `run_dir`."""
    run = run_dir.resolve()
    temp = "".join(
        f"    {kind}_temp_path {run}/temp/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# Generated by tools/deploy_local.py; docs/deploy.md explains it.
{user_directive()}daemon off;
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;

events {{
    worker_connections 1024;  # a proxied request holds two: its client and its replica
}}

http {{
{temp}    log_format proxied '$remote_addr "$request" $status $body_bytes_sent '
                       'upstream=$upstream_addr cache=$upstream_cache_status '
                       'time=$request_time';
    access_log {run}/access.log proxied;
    server_tokens off;
    default_type application/octet-stream;
{client_settings()}{cache_and_upstream(run, replicas)}{server_block(listen)}}}
"""


def wait_until_answers(host: str, port: int, procs: list[subprocess.Popen], timeout: float) -> None:
    """Wait until GET http://HOST:PORT/ answers 200; RuntimeError if a process exits first or
    the time runs out. http.client, not urllib: a proxy named in the environment is never used."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        connection = http.client.HTTPConnection(host.strip("[]"), port, timeout=5)
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                connection.close()
                return
        connection.close()
        exited = [proc.args for proc in procs if proc.poll() is not None]
        if exited:
            raise RuntimeError(f"exited before {host}:{port} answered: {exited}")
        time.sleep(0.1)
    raise RuntimeError(f"{host}:{port} did not answer within {timeout:g} s")


@dataclass
class Deployment:
    """Two (or more) replicas and nginx in front of them, started and stopped together."""

    run_dir: Path
    port: int
    replica_ports: list[int]
    host: str = "127.0.0.1"
    origin: str | None = None
    workers: int = 2
    data_dir: Path = DEFAULT_DATA_DIR
    replicas: dict[int, subprocess.Popen] = field(default_factory=dict)
    nginx: subprocess.Popen | None = None
    logs: list[IO[bytes]] = field(default_factory=list)

    @property
    def public_origin(self) -> str:
        return self.origin or default_origin(self.host, self.port)

    @property
    def conf_path(self) -> Path:
        return self.run_dir / "nginx.conf"

    def replica_log(self, port: int) -> Path:
        return self.run_dir / f"replica-{port}.log"

    def _spawn(self, command: list[str], log_path: Path) -> subprocess.Popen:
        log = log_path.open("ab")
        self.logs.append(log)
        # A session of its own: Ctrl-C in the terminal reaches this script only, which then stops
        # each child in order; stopping a session ends gunicorn's workers too.
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
        )

    def start_replica(self, port: int) -> subprocess.Popen:
        command = [
            *(sys.executable, "-m", "dashboard", "serve"),
            *("--host", "127.0.0.1", "--port", str(port), "--workers", str(self.workers)),
            *("--origin", self.public_origin, "--data-dir", str(self.data_dir)),
        ]
        self.replicas[port] = self._spawn(command, self.replica_log(port))
        return self.replicas[port]

    def write_conf(self, nginx: str) -> None:
        """Write nginx.conf into an emptied run folder's layout, and have nginx check it."""
        shutil.rmtree(self.run_dir / "cache", ignore_errors=True)  # a restart purges the cache
        for folder in ("cache", "temp"):
            (self.run_dir / folder).mkdir(parents=True, exist_ok=True)
        listen = bind_address(self.host, self.port)
        self.conf_path.write_text(nginx_conf(self.run_dir, listen, self.replica_ports))
        checked = subprocess.run(
            [nginx, *self.nginx_arguments(), "-t", "-q"],
            capture_output=True,
            text=True,
            check=False,
        )
        if checked.returncode != 0:
            raise RuntimeError(f"nginx rejected {self.conf_path}: {checked.stderr.strip()}")

    def nginx_arguments(self) -> list[str]:
        run = str(self.run_dir.resolve())
        return ["-p", run, "-c", str(self.conf_path.resolve()), "-e", f"{run}/error.log"]

    def start(self) -> None:
        """Start the replicas, then nginx once they answer; wait until the proxy answers."""
        nginx = find_nginx()
        if nginx is None:
            raise RuntimeError(NGINX_MISSING)
        # Checked first: a replica that finds its port taken exits, but the server holding it
        # would answer the readiness check in its place.
        addresses = [(self.host, self.port), *(("127.0.0.1", p) for p in self.replica_ports)]
        busy = [str(port) for host, port in addresses if port_in_use(host, port)]
        if busy:
            raise RuntimeError(f"port {', '.join(busy)} not free: choose others (--port)")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.write_conf(nginx)
        for port in self.replica_ports:
            self.start_replica(port)
        procs = list(self.replicas.values())
        for port in self.replica_ports:
            wait_until_answers("127.0.0.1", port, procs, READY_TIMEOUT_S)
        self.nginx = self._spawn([nginx, *self.nginx_arguments()], self.run_dir / "nginx.out")
        wait_until_answers(self.host, self.port, [self.nginx], READY_TIMEOUT_S)

    def stop_replica(self, port: int) -> None:
        stop_sessions([self.replicas.pop(port)])

    def stop(self) -> None:
        """Stop nginx first (no new requests), then every replica at once; close the logs."""
        if self.nginx is not None:
            stop_sessions([self.nginx])
            self.nginx = None
        stop_sessions(list(self.replicas.values()))
        self.replicas.clear()
        for log in self.logs:
            log.close()
        self.logs.clear()

    def exited(self) -> list[str]:
        """What has stopped by itself, in words."""
        procs = {f"replica on {port}": proc for port, proc in self.replicas.items()}
        if self.nginx is not None:
            procs["nginx"] = self.nginx
        return [
            f"{name} (exit {p.returncode})" for name, p in procs.items() if p.poll() is not None
        ]


def stop_sessions(procs: list[subprocess.Popen], grace: float = 15.0) -> None:
    """SIGTERM to each process's session at once (gunicorn finishes its requests, nginx stops at
    once), then SIGKILL to any that outlives `grace`."""
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    end = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(max(0.0, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def deployed(deployment: Deployment) -> Iterator[Deployment]:
    """The deployment started, and stopped however the block ends."""
    try:
        deployment.start()
        yield deployment
    finally:
        deployment.stop()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8060, help="the proxy's port (default 8060)")
    parser.add_argument(
        "--replica-ports",
        default=None,
        help="the replicas' ports on 127.0.0.1, comma-separated (default: PORT+1,PORT+2)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="the proxy's address to bind")
    parser.add_argument(
        "--origin", default=None, help="the public address citations name (default: the proxy's)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per replica")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=None,
        help="nginx.conf, logs and cache (default: a new temp)",
    )
    return parser.parse_args(argv)


def stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # the same orderly stop as Ctrl-C


def watch(deployment: Deployment) -> int:
    """Wait for Ctrl-C or SIGTERM (0), or for a child to stop by itself (1)."""
    try:
        while not (exited := deployment.exited()):
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("stopping nginx and the replicas", file=sys.stderr, flush=True)
        return 0
    print(
        f"stopping: {', '.join(exited)} stopped; logs in {deployment.run_dir}",
        file=sys.stderr,
        flush=True,
    )
    return 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ports = args.replica_ports or f"{args.port + 1},{args.port + 2}"
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="figures-dashboard-deploy-"))
    deployment = Deployment(
        run_dir, args.port, [int(p) for p in ports.split(",")], args.host, args.origin,
        args.workers, args.data_dir,
    )  # fmt: skip
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        with deployed(deployment):
            print(
                f"Serving the figures dashboard on http://{bind_address(args.host, args.port)}/ "
                f"(nginx in front of 127.0.0.1:{ports}; citations name {deployment.public_origin})\n"
                f"nginx.conf, logs and cache: {run_dir}\nCtrl-C stops everything.",
                flush=True,
            )
            status = watch(deployment)
    except KeyboardInterrupt:  # during the start
        status = 0
    except RuntimeError as error:
        if args.run_dir is None:
            with contextlib.suppress(OSError):  # removed only when nothing was started
                run_dir.rmdir()
        where = f" (logs in {run_dir})" if run_dir.exists() else ""
        print(f"error: {error}{where}", file=sys.stderr)
        return 1
    if args.run_dir is None and status == 0:
        shutil.rmtree(run_dir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
