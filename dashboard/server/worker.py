"""gunicorn's gevent worker: our headers on its own error pages, a deadline on every request body,
and a bound on the connections one client may hold."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import sys
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

import gevent
from gunicorn import util
from gunicorn.workers.ggevent import GeventWorker

from dashboard.server.security import COMMON_HEADERS, ERROR_PAGE_POLICY

if TYPE_CHECKING:
    import socket
    from collections.abc import Callable, Iterable
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

LOG = logging.getLogger("dashboard")

# A request's body must have arrived this many seconds after the application first asks for it;
# until then the connection holds a greenlet and a file descriptor. The headers before it have
# their own bound (gunicorn's keepalive, serve.py). A callback body is a few KB; the largest one
# accepted (security.MAX_REQUEST_BYTES, 1 MB) needs 200 KB/s.
BODY_DEADLINE_S = 5.0
# Connections one client address may hold open at once, per worker process (so `--workers 2`
# allows twice as many). A browser opens at most 6 to a host; the bound is for a client that opens
# thousands to fill the worker's pool (gunicorn's worker_connections). Behind a reverse proxy every
# connection comes from the proxy's address (docs/reliability.md).
MAX_CONNECTIONS_PER_CLIENT = 64
RETRY_AFTER_S = 5  # by then the held connections have been answered or closed by the deadlines
REFUSED_DRAIN_BYTES = 64 * 1024  # at most this much of a refused request is read and dropped


def error_body(status: int, reason: str) -> bytes:
    """A short plain-text page; the request that failed is never echoed back."""
    return f"{status} {reason}\n".encode("latin-1")


def error_headers(body: bytes, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The headers of an error page gunicorn or the worker answers itself, ours included."""
    return {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": str(len(body)),
        "Content-Security-Policy": ERROR_PAGE_POLICY,
        **COMMON_HEADERS,
        **(extra or {}),
    }


def error_page(status: int, reason: str, extra: dict[str, str] | None = None) -> bytes:
    """A whole HTTP response for an error, written straight to a socket; the connection closes."""
    body = error_body(status, reason)
    headers = {"Connection": "close", **error_headers(body, extra)}
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return f"HTTP/1.1 {status} {reason}\r\n{head}\r\n".encode("latin-1") + body


def write_error_page(sock: socket.socket, status_int: int, reason: str, _mesg: str) -> None:
    """Stands in for gunicorn.util.write_error: same call, our page (the message, which may echo
    the bad request, goes to the log only)."""
    util.write_nonblock(sock, error_page(status_int, reason))


class BodyTimeout(BaseException):
    """A request's body did not arrive within BODY_DEADLINE_S.

    A BaseException, like gevent.Timeout itself: Flask's handlers and the application's
    `except Exception` would turn an Exception into a 500 on a connection still expecting body
    bytes; this one passes through them to `answer_stalled_bodies`.
    """


class DeadlineBody:
    """A request body (gunicorn's `Body`, the WSGI input) whose reads together end within a
    deadline counted from the first.

    Why a timer around the reads rather than a socket timeout set in `handle()`: a socket timeout
    bounds each recv(), so a client sending one byte every few seconds would never trip it, and it
    would also cut off a slow reader of a response and the keepalive wait. The deadline is on the
    whole body, and the application (Dash's callback gate, through Werkzeug), not the worker, reads
    it, so the timer travels with `wsgi.input`. With gevent the wait is a greenlet switch that a
    `gevent.Timeout` interrupts; a read that finds its bytes already buffered never waits.
    """

    def __init__(self, body: Any, req: Any, seconds: float = BODY_DEADLINE_S) -> None:
        self.body = body
        self.req = req
        self.seconds = seconds
        self.deadline: float | None = None

    def _bounded(self, read: Callable[..., Any], size: int | None) -> Any:
        now = time.monotonic()
        if self.deadline is None:
            self.deadline = now + self.seconds
        timer = gevent.Timeout(max(0.0, self.deadline - now))
        timer.start()
        try:
            return read(size)
        except gevent.Timeout as fired:
            if fired is not timer:
                raise  # another timer of the same greenlet (gunicorn's keepalive bound)
            # The rest of the body may still come: where a next request would start is unknown.
            self.req.force_close()
            raise BodyTimeout from None
        finally:
            timer.close()

    def read(self, size: int | None = None) -> bytes:
        return self._bounded(self.body.read, size)

    def readline(self, size: int | None = None) -> bytes:
        return self._bounded(self.body.readline, size)

    def readlines(self, hint: int | None = None) -> list[bytes]:
        return self._bounded(self.body.readlines, hint)

    def __iter__(self) -> DeadlineBody:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


def answer_stalled_bodies(app: WSGIApplication) -> WSGIApplication:
    """`app`, answering `408 Request Timeout` (our headers, the connection closed) when the body
    of its request did not arrive in time."""

    def bounded(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        try:
            return app(environ, start_response)
        except BodyTimeout:
            LOG.info(
                "408 %s %s from %s: the body did not arrive within %g s",
                environ.get("REQUEST_METHOD"),
                str(environ.get("PATH_INFO"))[:200],
                environ.get("REMOTE_ADDR"),
                BODY_DEADLINE_S,
            )
            body = error_body(408, "Request Timeout")
            # With exc_info, gunicorn re-raises instead if the response's headers were sent.
            headers = list(error_headers(body).items())
            start_response("408 Request Timeout", headers, sys.exc_info())
            return [body]

    return bounded


def client_key(addr: Any) -> str | None:
    """The client a connection counts against: its IP address, an IPv6 one by its /64 (the block
    one subscriber is usually given, so its 2**64 addresses are one client); None for a Unix
    socket, which has no address to count."""
    if not isinstance(addr, tuple) or not addr:
        return None
    try:
        address = ipaddress.ip_address(str(addr[0]).split("%")[0])
    except ValueError:
        return str(addr[0])
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def refuse(client: socket.socket) -> None:
    """Answer 503 with Retry-After and close, never waiting on the client: a connection over the
    bound costs one greenlet for the time of two system calls."""
    client.setblocking(False)
    # What the client has sent is read first: closing a socket that holds unread bytes sends a
    # reset, which can destroy the 503 before the client reads it.
    with contextlib.suppress(OSError):  # BlockingIOError: nothing more has arrived
        drained = 0
        while drained < REFUSED_DRAIN_BYTES and (data := client.recv(16384)):
            drained += len(data)
    with contextlib.suppress(OSError):
        client.send(error_page(503, "Service Unavailable", {"Retry-After": str(RETRY_AFTER_S)}))
    util.close(client)


class HardenedGeventWorker(GeventWorker):
    """The gevent worker `serve` runs: one greenlet per connection, our headers on its errors,
    a deadline on request bodies and a bound on connections per client."""

    wsgi: WSGIApplication  # set by gunicorn's load_wsgi, wrapped by ours

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open_by_client: Counter[str] = Counter()

    def init_process(self) -> None:
        # gunicorn writes request-parsing errors with util.write_error, an HTML page without our
        # headers and with the bad request line in it; the worker process answers with ours.
        util.write_error = write_error_page
        super().init_process()

    def load_wsgi(self) -> None:
        super().load_wsgi()
        self.wsgi = answer_stalled_bodies(self.wsgi)

    def handle(self, listener: socket.socket, client: socket.socket, addr: Any) -> None:
        key = client_key(addr)
        if key is None:
            super().handle(listener, client, addr)
            return
        if self.open_by_client[key] >= MAX_CONNECTIONS_PER_CLIENT:
            refuse(client)
            return
        self.open_by_client[key] += 1
        if self.open_by_client[key] == MAX_CONNECTIONS_PER_CLIENT:
            # Once per time the bound is reached, not per refusal: a log line per refused
            # connection would let the client fill the log as fast as it can connect.
            LOG.warning(
                "%s holds %d connections to this worker; more are refused with 503",
                key,
                MAX_CONNECTIONS_PER_CLIENT,
            )
        try:
            super().handle(listener, client, addr)
        finally:
            self.open_by_client[key] -= 1
            if not self.open_by_client[key]:
                del self.open_by_client[key]

    def handle_request(self, listener_name: Any, req: Any, sock: socket.socket, addr: Any) -> Any:
        raw = req.body
        req.body = DeadlineBody(raw, req)  # gunicorn hands req.body to the app as wsgi.input
        try:
            return super().handle_request(listener_name, req, sock, addr)
        except BodyTimeout:
            # The body was read after the response began (answer_stalled_bodies answers every
            # other case with a 408): nothing more can be written on it, so it closes.
            raise StopIteration from None
        finally:
            # gunicorn discards what the app left unread before parsing the next request, under
            # its keepalive bound; that read is gunicorn's, not the app's.
            req.body = raw
