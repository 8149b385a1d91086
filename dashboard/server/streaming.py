"""Streaming a large export (/export.csv, /api/figures.json): the row count above which a selection
is streamed rather than cached whole, the rows per piece, gzip as the pieces come, and the pause
that lets a worker's other connections run between them."""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator

CACHED_ROWS = 5_000  # about 1 KB a row: larger selections are streamed, not kept
CHUNK_ROWS = 2_000  # rows encoded per streamed piece
GZIP_LEVEL = 6  # streamed: a level fast enough to keep pace with the encoding


def gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """`chunks` as one gzip stream, compressed as they come."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    for chunk in chunks:
        if piece := compressor.compress(chunk):
            yield piece
    yield compressor.flush()


PAUSE_S = 0.001  # between two pieces: 50 ms over a 100,000-row export


def pause() -> None:
    """Let the worker's other connections and its heartbeat run between two pieces: a client
    reading as fast as this writes never blocks the socket, and a 600,000-row export took longer
    than gunicorn's 30 s timeout, which killed the worker mid-stream.

    A sleep of zero was not enough: gevent runs it as a callback, and its hub runs up to 50
    callbacks before it polls sockets and timers again, which at 40 ms a chunk let a whole
    100,000-row export run first: other requests to the worker waited for it (12 s, 27 s), and
    its heartbeat too (gunicorn killed a worker streaming two CSV exports). A timer, however
    short, makes the hub poll.
    """
    time.sleep(PAUSE_S)  # gevent's cooperative sleep under serve's worker (monkey-patched)
