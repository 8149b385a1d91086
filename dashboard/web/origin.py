"""The site's public origin ('https://figures.example.org'), from configuration, for permalinks."""

from __future__ import annotations

from urllib.parse import urlsplit

import flask

CONFIG_KEY = "PUBLIC_ORIGIN"


class OriginError(ValueError):
    """An origin that is not scheme://host[:port]; the message says what is wrong."""


def checked_origin(text: str) -> str:
    """`text` as an origin without a trailing slash: http(s), a host, an optional port, no path."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OriginError(f"{text[:80]!r} is not an origin such as https://figures.example.org")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise OriginError(f"{text[:80]!r} has more than scheme://host[:port]; give only that")
    try:
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError as error:
        raise OriginError(f"{text[:80]!r}: {error}") from None
    return f"{parts.scheme}://{parts.netloc}"


def site_origin() -> str:
    """The configured origin; without one (the dev server, tests) the request's own; '' outside
    a request. `serve` always configures it, so a client's Host header never reaches a citation."""
    if not flask.has_app_context():
        return ""
    configured = flask.current_app.config.get(CONFIG_KEY)
    if configured:
        return str(configured)
    return flask.request.host_url.rstrip("/") if flask.has_request_context() else ""
