"""gunicorn's gevent worker, whose own error pages (400, 414, 431, 500) carry our security headers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gunicorn import util
from gunicorn.workers.ggevent import GeventWorker

from dashboard.server.security import COMMON_HEADERS, ERROR_PAGE_POLICY

if TYPE_CHECKING:
    import socket


def error_page(status: int, reason: str) -> bytes:
    """A short plain-text HTTP response; the request that failed is never echoed back."""
    body = f"{status} {reason}\n".encode("latin-1")
    headers = {
        "Connection": "close",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": str(len(body)),
        "Content-Security-Policy": ERROR_PAGE_POLICY,
        **COMMON_HEADERS,
    }
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"HTTP/1.1 {status} {reason}\r\n{head}\r\n".encode("latin-1") + body


def write_error_page(sock: socket.socket, status_int: int, reason: str, _mesg: str) -> None:
    """Stands in for gunicorn.util.write_error: same call, our page (the message, which may echo
    the bad request, goes to the log only)."""
    util.write_nonblock(sock, error_page(status_int, reason))


class HardenedGeventWorker(GeventWorker):
    """The gevent worker `serve` runs: one greenlet per connection, our headers on its errors."""

    def init_process(self) -> None:
        # gunicorn writes request-parsing errors with util.write_error, an HTML page without our
        # headers and with the bad request line in it; the worker process answers with ours.
        util.write_error = write_error_page
        super().init_process()
