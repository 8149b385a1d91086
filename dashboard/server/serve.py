"""Serve the dashboard: gunicorn with compression in production, Dash's dev server only with --debug."""

from __future__ import annotations

import argparse
import gc
import ipaddress
import logging
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication

from dashboard.model.checked import load_lean
from dashboard.model.index import ensure_index
from dashboard.model.problems import print_problems
from dashboard.web.origin import OriginError, checked_origin

if TYPE_CHECKING:
    from flask import Flask

    from dashboard.model.data import Dataset

LOG = logging.getLogger("dashboard")
# How long a stopping (or restarting) worker finishes its requests before it is killed. The
# header and body deadlines (5 s each) end a stalled request sooner; this bounds anything else
# that holds a connection open (a client that never reads its response), where gunicorn's
# default of 30 s held every shutdown.
SHUTDOWN_GRACE_S = 10


class DashboardServer(BaseApplication):
    """gunicorn running an already-built Flask app; workers fork with the dataset loaded."""

    def __init__(self, wsgi_app: Flask, options: dict[str, Any]) -> None:
        register_page_resources(wsgi_app)
        self.wsgi_app = wsgi_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.wsgi_app


def register_page_resources(wsgi_app: Flask) -> None:
    """Answer one request for the page before gunicorn forks.

    Dash registers the script paths it serves during its first request for the page. A forked
    worker whose first requests were for scripts raced that registration and answered 500 for
    Dash's own bundles ("'dash' is not a registered library"); every app served here, the
    benchmark's floor page too, is warmed by this one call.
    """
    wsgi_app.test_client().get("/")


def page_build_error(data_dir: Path | str, dataset: Dataset) -> str | None:
    """Why the app `serve` builds from `dataset` at start-up fails, or None: what validates, serves.

    serve builds the app, then answers one request for the page before its workers start; this
    does the same.
    """
    from dashboard.server.app import create_app

    try:
        app = create_app(data_dir, dataset=dataset)
        register_page_resources(app.server)
        status = app.server.test_client().get("/").status_code
        if status != 200:
            return f"the page answered {status}"
    except Exception as error:  # any failure here is a gap in validation; name it
        return f"{type(error).__name__}: {error}"
    return None


def bind_address(host: str, port: int) -> str:
    """gunicorn's HOST:PORT, with an IPv6 address in brackets ("::" alone reads as a bad port)."""
    host = host.strip("[]")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def host_addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The addresses `host` binds, as the resolver reads it ("0" is 0.0.0.0); OSError if none."""
    infos = socket.getaddrinfo(host.strip("[]"), None, type=socket.SOCK_STREAM)
    # An IPv4 or IPv6 address is a string (a scope after "%"); other families are not bound.
    hosts = [info[4][0] for info in infos]
    addresses = [ipaddress.ip_address(h.split("%")[0]) for h in hosts if isinstance(h, str)]
    # "::ffff:127.0.0.1" is IPv4's loopback written as IPv6: judge it as the address it maps.
    return [(a.ipv4_mapped or a) if isinstance(a, ipaddress.IPv6Address) else a for a in addresses]


def exposure_warning(host: str) -> str | None:
    """What binding `host` opens to other machines, or None for loopback only."""
    addresses = host_addresses(host)
    if any(address.is_unspecified for address in addresses):
        return f"binding {host} exposes the dashboard to every network this machine is on"
    reachable = [str(address) for address in addresses if not address.is_loopback]
    if reachable:
        return f"binding {host} exposes the dashboard to the network of {', '.join(reachable)}"
    return None


def port_in_use(host: str, port: int) -> str | None:
    """Why `host:port` cannot be bound (another server holds it), or None when it can: said in
    one line before gunicorn starts, instead of its five retries and tracebacks."""
    address = host_addresses(host)[0]
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind((str(address), port))
        except OSError as error:
            return f"port {port} on {host} is not free ({error.strerror}): is another server running? Choose another with --port (make run PORT=8051)"
    return None


def default_origin(host: str, port: int) -> str:
    """Where citations point when --origin is not given: the address served. A client's Host
    header is never used: it would put any name a request claims into a pasted citation."""
    if any(address.is_unspecified for address in host_addresses(host)):
        LOG.warning(
            "citations name this machine as %s; pass --origin for its public address",
            socket.getfqdn(),
        )
        host = socket.getfqdn()
    return f"http://{bind_address(host, port)}"


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """The gunicorn settings `serve` uses; the benchmarks reuse them to measure the same server."""
    return {
        "bind": bind_address(host, port),
        "workers": max(1, workers),
        # gevent: a connection costs a greenlet, not a thread, so clients that dribble their
        # headers (slowloris) cannot occupy every worker; gthread's 2 x 4 threads fell to 8.
        "worker_class": "dashboard.server.worker.HardenedGeventWorker",
        "worker_connections": 1000,
        # With gevent, keepalive also bounds how long a request's headers may take to arrive;
        # its body has worker.BODY_DEADLINE_S.
        "keepalive": 5,
        "graceful_timeout": SHUTDOWN_GRACE_S,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 30,
        # gunicorn 23+ opens a control socket in the home folder, shared by every server a user
        # runs; serve is driven by its signals and never uses it.
        "control_socket_disable": True,
    }


def serve(args: argparse.Namespace) -> int:
    """Validate the data, refuse to start on any problem, then serve."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.origin:  # a mistyped argument is said before the data is read or a port probed
        try:
            checked_origin(args.origin)
        except OriginError as error:
            print(f"error: --origin {error}", file=sys.stderr)
            return 2
    # From the built index when it holds exactly these files: no row checked, no text read.
    dataset, problems = load_lean(args.data_dir, getattr(args, "index", None), page_build_error)
    if dataset is None:
        return print_problems(problems, "the server was not started")
    try:
        warning = exposure_warning(args.host)
    except (OSError, ValueError) as error:
        print(f"error: --host {args.host!r} is not an address to bind: {error}", file=sys.stderr)
        return 2
    if warning:
        LOG.warning(warning)
    # Dash's debug reloader runs serve again in a child that inherits the parent's socket.
    busy = None if os.environ.get("WERKZEUG_RUN_MAIN") else port_in_use(args.host, args.port)
    if busy:
        print(f"error: {busy}", file=sys.stderr)
        return 2

    from dashboard.server.app import create_app

    try:
        origin = args.origin or default_origin(args.host, args.port)
        app = create_app(args.data_dir, dataset=dataset, origin=origin)
    except OriginError as error:
        print(f"error: --origin {error}", file=sys.stderr)
        return 2
    # The search index, built once here when stale, so no worker builds its own (model/index.py).
    ensure_index(dataset, args.data_dir, getattr(args, "index", None))
    if args.debug:
        LOG.warning(
            "debug mode: Dash's development server, tracebacks in the browser; never in production"
        )
        app.run(host=args.host.strip("[]"), port=args.port, debug=True)
        return 0
    print(
        f"Serving the figures dashboard on http://{bind_address(args.host, args.port)}/",
        file=sys.stderr,
        flush=True,
    )
    # Everything loaded so far (the dataset, the prefilled page) moves out of the collector's
    # reach: workers forked from here share those pages copy-on-write instead of each copying
    # them the first time a collection touches their objects' headers.
    gc.freeze()
    DashboardServer(app.server, gunicorn_options(args.host, args.port, args.workers)).run()
    return 0
