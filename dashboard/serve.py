"""Serve the dashboard: gunicorn with compression in production, Dash's dev server only with --debug."""

from __future__ import annotations

import argparse
import logging
import sys

from gunicorn.app.base import BaseApplication

from dashboard.data import load_dataset

LOG = logging.getLogger("dashboard")
PUBLIC_HOSTS = {"0.0.0.0", "::", "[::]"}


class DashboardServer(BaseApplication):
    """gunicorn running an already-built Flask app; workers fork with the dataset loaded."""

    def __init__(self, wsgi_app, options: dict):
        register_page_resources(wsgi_app)
        self.wsgi_app = wsgi_app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.wsgi_app


def register_page_resources(wsgi_app) -> None:
    """Answer one request for the page before gunicorn forks.

    Dash registers the script paths it serves during its first request for the page. A forked
    worker whose first requests were for scripts raced that registration and answered 500 for
    Dash's own bundles ("'dash' is not a registered library"); every app served here, the
    benchmark's floor page too, is warmed by this one call.
    """
    wsgi_app.test_client().get("/")


def gunicorn_options(host: str, port: int, workers: int) -> dict:
    """The gunicorn settings `serve` uses; the benchmarks reuse them to measure the same server."""
    return {
        "bind": f"{host}:{port}",
        "workers": max(1, workers),
        "threads": 4,
        "worker_class": "gthread",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 30,
    }


def serve(args: argparse.Namespace) -> int:
    """Validate the data, refuse to start on any problem, then serve."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    dataset, problems = load_dataset(args.data_dir)
    if dataset is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) found; the server was not started.", file=sys.stderr)
        return 1
    if args.host in PUBLIC_HOSTS:
        LOG.warning(
            "binding %s exposes the dashboard to every network this machine is on", args.host
        )

    from dashboard.app import create_app

    app = create_app(args.data_dir, dataset=dataset)
    if args.debug:
        LOG.warning(
            "debug mode: Dash's development server, tracebacks in the browser; never in production"
        )
        app.run(host=args.host, port=args.port, debug=True)
        return 0
    print(
        f"Serving the figures dashboard on http://{args.host}:{args.port}/",
        file=sys.stderr,
        flush=True,
    )
    DashboardServer(app.server, gunicorn_options(args.host, args.port, args.workers)).run()
    return 0
