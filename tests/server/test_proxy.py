"""Two replicas of `serve` behind nginx, started by tools/deploy_local.py (`make deploy-local`): the
page and a view callback answer through the proxy, requests reach both replicas and one replica is
enough, static bundles and data routes come from nginx's cache the second time, citations name the
proxy, and stalled uploads end at nginx.

nginx is Debian's package: when it is missing every test here fails saying `make nginx` installs it
(`make test` does).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from dashboard.server.callback_gate import CALLBACK_PATH
from tests.dash_requests import view_body
from tests.servers import ROOT, free_port
from tools.deploy_local import (
    CLIENT_TIMEOUT_S,
    CONNECTIONS_PER_CLIENT,
    NGINX_MISSING,
    Deployment,
    deployed,
    find_nginx,
)

MARGIN_S = 5.0  # beyond a deadline, for a loaded two-core machine
STALLED_HEAD = (
    f"POST {CALLBACK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
).encode()
LOG_LINE = re.compile(r'^(\S+) "(\S+) (\S+) [^"]*" (\d+) \d+ upstream=(\S+(?:, \S+)*) cache=(\S+)')


def free_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        if (port := free_port()) not in ports:
            ports.append(port)
    return ports


def need_nginx() -> None:
    if find_nginx() is None:
        pytest.fail(NGINX_MISSING)


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """Two one-worker replicas and nginx on free ports; the deployment and the proxy's URL."""
    need_nginx()
    port, *replica_ports = free_ports(3)
    run_dir = tmp_path_factory.mktemp("deploy")
    with deployed(Deployment(run_dir, port, replica_ports, workers=1)) as deployment:
        yield deployment, f"http://127.0.0.1:{port}"


def access_log(deployment: Deployment) -> list[dict[str, str]]:
    """nginx's access log, one dict per request (the format tools/deploy_local.py sets)."""
    entries = []
    for line in (deployment.run_dir / "access.log").read_text().splitlines():
        if match := LOG_LINE.match(line):
            client, method, uri, status, upstream, cache = match.groups()
            entries.append(
                {"client": client, "method": method, "uri": uri, "status": status,
                 "upstream": upstream, "cache": cache}
            )  # fmt: skip
    return entries


def logged(deployment: Deployment, count: int, **fields: str) -> list[dict[str, str]]:
    """The log's entries with these fields, once there are `count` of them (or after 5 s): nginx
    writes a request's line after its last byte is sent, so a client can be ahead of the log."""
    end = time.monotonic() + 5
    while True:
        entries = [e for e in access_log(deployment) if fields.items() <= e.items()]
        if len(entries) >= count or time.monotonic() > end:
            return entries
        time.sleep(0.05)


def test_the_page_answers_through_nginx(proxy):
    _, base = proxy
    response = requests.get(f"{base}/", timeout=10)
    assert response.status_code == 200
    assert response.headers["Server"] == "nginx"
    assert "_dash-renderer" in response.text
    assert "Content-Security-Policy" in response.headers  # the app's headers pass through


def test_a_view_callback_answers_through_nginx(proxy):
    _, base = proxy
    layout = requests.get(f"{base}/_dash-layout", timeout=10).json()
    dependencies = requests.get(f"{base}/_dash-dependencies", timeout=10).json()
    response = requests.post(
        f"{base}{CALLBACK_PATH}", json=view_body(layout, dependencies), timeout=30
    )
    assert response.status_code == 200
    outputs = response.json()["response"]
    assert any("figure" in props for props in outputs.values())


def test_requests_are_spread_over_both_replicas(proxy):
    deployment, base = proxy
    uris = [f"/_dash-layout?spread={i}" for i in range(6)]  # each one's own line in the log
    for uri in uris:
        assert requests.get(f"{base}{uri}", timeout=10).status_code == 200
    used = {e["upstream"] for uri in uris for e in logged(deployment, 1, uri=uri)}
    assert used == {f"127.0.0.1:{port}" for port in deployment.replica_ports}


def first_url(page: str, prefix: str) -> str:
    return re.findall(rf'"({re.escape(prefix)}[^"]+)"', page)[0]


@pytest.mark.parametrize("prefix", ["/_dash-component-suites/", "/assets/"])
def test_a_static_bundle_comes_from_the_cache_the_second_time(proxy, prefix):
    deployment, base = proxy
    url = first_url(requests.get(f"{base}/", timeout=10).text, prefix)
    first = requests.get(f"{base}{url}", timeout=10)
    second = requests.get(f"{base}{url}", timeout=10)
    assert (first.status_code, second.status_code) == (200, 200)
    assert [first.headers["X-Cache-Status"], second.headers["X-Cache-Status"]] == ["MISS", "HIT"]
    assert second.content == first.content
    served = {e["cache"]: e["upstream"] for e in logged(deployment, 2, uri=url)}
    assert served["HIT"] == "-"  # the hit never reached a replica
    assert served["MISS"] != "-"


@pytest.mark.parametrize(
    "route",
    ["/export.csv?category=famine", "/export.xlsx", "/api/figures.json", "/datapackage.json"],
)
def test_a_data_route_is_cached_by_its_url_with_its_data_version(proxy, route):
    _, base = proxy
    first = requests.get(f"{base}{route}", timeout=30)
    second = requests.get(f"{base}{route}", timeout=30)
    assert [first.headers["X-Cache-Status"], second.headers["X-Cache-Status"]] == ["MISS", "HIT"]
    assert second.headers["X-Data-Version"] == first.headers["X-Data-Version"]
    assert second.content == first.content
    other = requests.get(f"{base}{route}{'&' if '?' in route else '?'}q=famine", timeout=30)
    assert other.headers["X-Cache-Status"] == "MISS"  # another URL is another entry


def test_a_figure_citation_names_the_proxy(proxy):
    deployment, base = proxy
    figure = requests.get(f"{base}/api/figures.json?q=1937", timeout=10).json()["figures"][0]["id"]
    page = requests.get(f"{base}/figure/{figure}", timeout=10)
    assert page.status_code == 200
    assert f"{base}/figure/{figure}?v=" in page.text
    for port in deployment.replica_ports:
        assert f":{port}" not in page.text


def stalled(source: str, port: int) -> socket.socket:
    """A connection from `source` that sends a callback's headers and never its body."""
    sock = socket.socket()
    sock.settimeout(CLIENT_TIMEOUT_S + 2 * MARGIN_S)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    sock.sendall(STALLED_HEAD)
    return sock


def answer(sock: socket.socket) -> tuple[bytes, float]:
    """What arrives before the connection closes, and when (time.monotonic()) its first bytes, or
    the close, were read."""
    data, first = b"", None
    try:
        while chunk := sock.recv(65536):
            data += chunk
            first = first or time.monotonic()
    except ConnectionResetError:
        pass  # nginx resets a connection it timed out (reset_timedout_connection)
    finally:
        sock.close()
    return data, first or time.monotonic()


def first_bytes(sock: socket.socket) -> tuple[bytes, float]:
    """The first bytes the server sends, and when they came; the connection is then closed."""
    with sock:
        data = sock.recv(65536)
        return data, time.monotonic()


def test_stalled_uploads_end_at_nginx_and_never_reach_a_replica(proxy):
    deployment, base = proxy
    port = deployment.port
    opened = time.monotonic()
    held = [stalled("127.0.0.2", port) for _ in range(CONNECTIONS_PER_CLIENT)]
    time.sleep(0.5)  # every one read by nginx and waiting for its body
    refused_at = time.monotonic()
    extra = [stalled("127.0.0.2", port) for _ in range(5)]  # over the client's bound
    # Another client, while they are held.
    assert requests.get(f"{base}/", timeout=CLIENT_TIMEOUT_S / 2).status_code == 200
    refused = [first_bytes(sock) for sock in extra]
    closed = [answer(sock) for sock in held]

    # Refused at once, long before the held ones' timeout.
    assert all(data.startswith(b"HTTP/1.1 503") for data, _ in refused)
    assert max(at for _, at in refused) - refused_at < CLIENT_TIMEOUT_S / 2
    # nginx closes a connection whose body timed out, unanswered, after its timeout.
    assert all(data == b"" for data, _ in closed)
    assert min(at for _, at in closed) - opened > CLIENT_TIMEOUT_S - 1
    assert max(at for _, at in closed) - opened < CLIENT_TIMEOUT_S + MARGIN_S
    stalled_log = logged(deployment, len(held) + len(extra), client="127.0.0.2")
    assert sorted(e["status"] for e in stalled_log) == ["408"] * len(held) + ["503"] * len(extra)
    assert {e["upstream"] for e in stalled_log} == {"-"}
    for replica in deployment.replica_ports:  # a replica logs each body it timed out
        assert "did not arrive" not in deployment.replica_log(replica).read_text()


def test_one_replica_stopped_the_other_answers(proxy):
    # Last: it leaves the deployment with one replica.
    deployment, base = proxy
    stopped, remaining = deployment.replica_ports
    deployment.stop_replica(stopped)
    uris = [f"/_dash-layout?stopped={i}" for i in range(4)]
    statuses = [requests.get(f"{base}{uri}", timeout=10).status_code for uri in uris]
    assert statuses == [200] * 4
    served = [e for uri in uris for e in logged(deployment, 1, uri=uri)]
    # "A, B" when nginx tried the stopped one first: each answer came from the remaining one.
    assert [e["upstream"].rsplit(", ", 1)[-1] for e in served] == [f"127.0.0.1:{remaining}"] * 4


def test_the_script_prints_the_address_and_stops_everything_on_sigterm(tmp_path):
    need_nginx()
    port, *replica_ports = free_ports(3)
    run_dir = tmp_path / "run"
    command = [
        sys.executable, "tools/deploy_local.py", "--port", str(port), "--workers", "1",
        "--replica-ports", ",".join(map(str, replica_ports)), "--run-dir", str(run_dir),
    ]  # fmt: skip
    with (
        (tmp_path / "stderr").open("wb") as stderr,
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr) as proc,
    ):
        try:
            first_line = proc.stdout.readline().decode()  # printed once the proxy answers
            assert f"http://127.0.0.1:{port}/" in first_line, (tmp_path / "stderr").read_text()
            assert requests.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200
            nginx_pid = int((run_dir / "nginx.pid").read_text())
        finally:  # SIGTERM whatever happened: the script stops its children, SIGKILL would not
            proc.send_signal(signal.SIGTERM)
            status = proc.wait(30)
    assert status == 0
    for listening in [port, *replica_ports]:
        with pytest.raises(requests.ConnectionError):
            requests.get(f"http://127.0.0.1:{listening}/", timeout=5)
    with pytest.raises(ProcessLookupError):
        os.kill(nginx_pid, 0)


def test_without_nginx_the_failure_says_make_nginx_installs_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("tools.deploy_local.SBIN_PATH", str(tmp_path))
    assert find_nginx() is None
    with pytest.raises(RuntimeError, match="make nginx"):
        Deployment(tmp_path, *free_ports(1), [1, 2]).start()
    assert not list(Path(tmp_path).iterdir())  # nothing started, nothing written
