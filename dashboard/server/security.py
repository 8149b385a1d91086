"""HTTP hardening for the Flask server under Dash: security headers and tracebacks kept off the wire."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, request
from werkzeug.exceptions import HTTPException, NotFound

if TYPE_CHECKING:
    from flask.typing import ResponseReturnValue

LOG = logging.getLogger("dashboard")
MAX_REQUEST_BYTES = 1_000_000
# Sent on every response, ours and the ones gunicorn writes itself (dashboard/server/worker.py).
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
# A plain-text error page needs nothing from anywhere.
ERROR_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'"


def content_security_policy(app: Dash) -> str:
    """A CSP under which Dash still runs: its inline renderer script is allowed by hash only.

    'unsafe-eval' is needed by plotly.js (it compiles some functions at run time) and
    'unsafe-inline' styles by Dash components and plotly.js, which set style attributes.
    """
    scripts = " ".join(["'self'", "'unsafe-eval'", *app.csp_hashes()])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def harden(app: Dash) -> None:
    """Add security headers to every response and turn unexpected errors into a plain 500."""
    server = app.server
    # Callback requests carry a few control values; anything larger is refused (413) unread.
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    policy: list[str] = []  # computed at the first request, after every callback is registered

    hide_runtime_version(app)

    @server.after_request
    def add_headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(app))
        response.headers.setdefault("Content-Security-Policy", policy[0])
        # A route that lets other sites frame it (/embed/) says so in its own policy; every
        # other page stays unframeable (X-Frame-Options for browsers that ignore CSP).
        framable = "frame-ancestors *" in response.headers["Content-Security-Policy"]
        for name, value in COMMON_HEADERS.items():
            if not (framable and name == "X-Frame-Options"):
                response.headers.setdefault(name, value)
        return response

    @server.errorhandler(Exception)
    def internal_error(error: Exception) -> ResponseReturnValue:
        if isinstance(error, HTTPException):
            return error  # 404, 405, ...: Werkzeug's own short pages, no traceback
        if isinstance(error, DependencyException):
            # A script path Dash does not serve (its message lists every one): the client's error.
            LOG.warning("404 %s: not a script or stylesheet of the page", request.path[:200])
            return NotFound()
        LOG.exception("unhandled error while serving a request")
        return (
            "Internal server error. The error was logged on the server.\n",
            500,
            {"Content-Type": "text/plain; charset=utf-8"},
        )


def hide_runtime_version(app: Dash) -> None:
    """Leave the Python version out of the page's config: Dash prints sys.version (build date,
    compiler) into every page for its debug menu, telling any visitor what to attack."""
    dash_config = app._config

    def config_without_python() -> dict[str, Any]:
        return {k: v for k, v in dash_config().items() if k != "python_version"}

    app._config = config_without_python  # type: ignore[method-assign]
