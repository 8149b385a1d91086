"""serve: production settings by default, 127.0.0.1 unless told, a warning for every interface."""

import contextlib
import logging
import socket
import time

import pytest
import requests

from dashboard.cli import main
from dashboard.server import serve as serve_module
from tests.servers import BIN, free_port, start, stop


@pytest.fixture
def started(monkeypatch):
    """Run `serve` without binding a port: record what gunicorn and the dev server were given."""
    calls = {}
    monkeypatch.setattr(
        serve_module.DashboardServer,
        "run",
        lambda server: calls.setdefault("gunicorn", server.options),
    )
    monkeypatch.setattr("dash.Dash.run", lambda _self, **kw: calls.setdefault("dev", kw))
    return calls


def test_defaults_are_gunicorn_on_loopback_without_debug(started, real_data_dir, caplog):
    assert main(["serve", "--data-dir", str(real_data_dir)]) == 0
    options = started["gunicorn"]
    assert options["bind"] == "127.0.0.1:8050"
    assert options["workers"] == 2
    assert "dev" not in started
    assert "exposes" not in caplog.text


def test_every_interface_is_allowed_with_a_warning(started, real_data_dir, caplog):
    with caplog.at_level(logging.WARNING, logger="dashboard"):
        assert (
            main(["serve", "--data-dir", str(real_data_dir), "--host", "0.0.0.0", "--workers", "3"])
            == 0
        )
    assert started["gunicorn"]["bind"] == "0.0.0.0:8050"
    assert started["gunicorn"]["workers"] == 3
    assert "exposes the dashboard to every network" in caplog.text


def test_debug_only_when_asked(started, real_data_dir):
    assert main(["serve", "--data-dir", str(real_data_dir), "--debug", "--port", "9000"]) == 0
    assert started["dev"] == {"host": "127.0.0.1", "port": 9000, "debug": True}
    assert "gunicorn" not in started


@pytest.mark.parametrize(
    ("host", "bind"),
    [
        ("127.0.0.1", "127.0.0.1:8050"),
        ("::", "[::]:8050"),
        ("[::1]", "[::1]:8050"),
        ("0", "0:8050"),
        ("localhost", "localhost:8050"),
    ],
)
def test_bind_address_brackets_ipv6(host, bind):
    assert serve_module.bind_address(host, 8050) == bind


@pytest.mark.parametrize(
    ("host", "words"),
    [
        ("0", "every network"),
        ("::", "every network"),
        ("[::]", "every network"),
        ("0.0.0.0", "every network"),
        ("192.0.2.7", "the network of 192.0.2.7"),
        ("127.0.0.1", None),
        ("::1", None),
        ("localhost", None),
        ("::ffff:127.0.0.1", None),  # IPv4's loopback written as IPv6
        ("::ffff:192.0.2.7", "the network of 192.0.2.7"),
    ],
)
def test_exposure_warning_for_unspecified_and_public_addresses(host, words):
    warning = serve_module.exposure_warning(host)
    if words is None:
        assert warning is None
    else:
        assert words in warning


def test_servers_share_no_control_socket():
    options = serve_module.gunicorn_options("127.0.0.1", 8050, 2)
    assert options["control_socket_disable"] is True


def test_a_host_that_is_not_an_address_is_refused(real_data_dir, capsys):
    assert main(["serve", "--data-dir", str(real_data_dir), "--host", "no-such-host.invalid"]) == 2
    assert "--host 'no-such-host.invalid' is not an address" in capsys.readouterr().err


def _served(extra: list[str], poll_host: str = "127.0.0.1") -> tuple[int, dict, str]:
    """Start the real `serve` with `extra`; return the page's status, headers and the log."""
    port = free_port()
    command = [str(BIN / "figures-dashboard"), "serve", "--port", str(port), *extra]
    proc = start(command, port, timeout=60, host=poll_host)
    try:
        response = requests.get(f"http://{poll_host}:{port}/", timeout=10)
    finally:
        log = stop(proc)
    return response.status_code, dict(response.headers), log


def test_serve_binds_ipv6_unspecified_and_warns():
    status, _, log = _served(["--host", "::"], poll_host="[::1]")
    assert status == 200
    assert "exposes the dashboard to every network" in log


def test_serve_debug_starts_the_dev_server():
    status, headers, log = _served(["--debug"])
    assert status == 200
    assert "debug mode" in log
    assert "Content-Security-Policy" in headers  # the dev server's pages are hardened too


@pytest.fixture(scope="module")
def live_server():
    """The real `serve`, as `make run` starts it, on a free port of 127.0.0.1."""
    port = free_port()
    proc = start([str(BIN / "figures-dashboard"), "serve", "--port", str(port)], port)
    yield port
    stop(proc)


def test_connections_dribbling_headers_do_not_starve_normal_requests(live_server):
    # 40 connections hold a half-sent request each: gthread's 2 x 4 threads answered nothing more.
    dribblers = []
    try:
        for _ in range(40):
            sock = socket.create_connection(("127.0.0.1", live_server), timeout=5)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n")
            dribblers.append(sock)
        statuses = [
            requests.get(f"http://127.0.0.1:{live_server}/export.csv", timeout=2).status_code
            for _ in range(10)
        ]
    finally:
        for sock in dribblers:
            sock.close()
    assert statuses == [200] * 10


def test_headers_that_never_finish_are_cut_off(live_server):
    with socket.create_connection(("127.0.0.1", live_server), timeout=15) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        began = time.monotonic()
        assert sock.recv(100) == b""  # the server closed the connection
    assert time.monotonic() - began < serve_module.gunicorn_options("h", 1, 1)["keepalive"] + 3


def raw_response(port: int, request: bytes) -> tuple[str, dict, str]:
    """Send `request` as bytes; return the status line, headers and body of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        # The server closes with the long request unread, which may end in a reset after its answer.
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                data += chunk
    head, _, body = data.decode("latin-1").partition("\r\n\r\n")
    status, *lines = head.split("\r\n")
    return status, dict(line.split(": ", 1) for line in lines), body


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", "414"),
        (b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", "400"),
        (b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", "400"),
    ],
    ids=["uri-too-long", "bad-header", "bad-version"],
)
def test_errors_gunicorn_writes_carry_our_headers(live_server, request_bytes, status):
    status_line, headers, body = raw_response(live_server, request_bytes)
    assert status_line.split()[1] == status
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert "aaaa" not in body  # the request is not echoed
    assert "Bad Header" not in body


def test_a_busy_port_is_one_clear_line(real_data_dir, capsys):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert main(["serve", "--data-dir", str(real_data_dir), "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err
    assert f"port {port} on 127.0.0.1 is not free" in err
    assert "--port" in err
    assert serve_module.port_in_use("127.0.0.1", port) is None  # free again once released
