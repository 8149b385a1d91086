"""The streamed exports' parts: gzip as the pieces come, and the pause between two pieces that lets
a gevent worker serve its other connections (and its heartbeat) meanwhile."""

from __future__ import annotations

import gzip
import time

import gevent
import gevent.socket

from dashboard.server import streaming


def test_gzipped_pieces_join_to_one_gzip_stream_of_the_whole():
    pieces = [b"", b"first piece,", b"second " * 1000, b"", b"last"]
    packed = list(streaming.gzipped(iter(pieces)))
    assert gzip.decompress(b"".join(packed)) == b"".join(pieces)
    assert list(streaming.gzipped(iter([]))) != []  # an empty stream is still a gzip file


def test_a_pause_lets_a_waiting_connection_be_served_before_the_stream_ends(monkeypatch):
    monkeypatch.setattr(time, "sleep", gevent.sleep)  # as serve's worker patches it
    served, sender = gevent.socket.socketpair()
    order: list[str] = []

    def other_connection() -> None:
        served.recv(1)  # waits for the hub to poll its socket
        order.append("other connection served")

    def stream() -> None:
        for _ in range(200):  # more than the callbacks gevent's hub runs before it polls
            streaming.pause()
        order.append("stream ended")

    waiting = gevent.spawn(other_connection)
    gevent.sleep(0)  # it runs until its read blocks
    sender.sendall(b"x")  # its request arrives
    gevent.joinall([gevent.spawn(stream), waiting], timeout=10)
    served.close()
    sender.close()
    assert order == ["other connection served", "stream ended"]
