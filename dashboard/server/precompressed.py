"""Static bundles (Dash's scripts, dash-ag-grid, plotly.js) sent brotli-compressed at its best quality.

flask-compress compresses each response as it goes out, at a quality fast enough for that: the
first load was 1.38 MB on the wire. At quality 11 the same files are about a fifth smaller, but
take seconds to compress, so `figures-dashboard precompress` (run by `make run` and `make bench`)
does it once and keeps the results on disk, named by the SHA-256 of the file they compress. A
server finds a response's compressed copy by hashing its body, once per path and worker; a file
with no copy is compressed by flask-compress as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import brotli
from flask import Flask, Response, request

from dashboard.model.safe_files import write_atomically

if TYPE_CHECKING:
    from dash import Dash

LOG = logging.getLogger("dashboard")
QUALITY = 11
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
STATIC_SUFFIXES = (".js", ".css")
MAX_COPY_OVERHEAD = 4096  # bytes a brotli copy may exceed its file by (incompressible input)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "figures-dashboard" / "brotli"


def _key(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def static_files(app: Dash, assets_dir: Path) -> list[Path]:
    """Every script and stylesheet the page can ask for: Dash's registered bundles (async chunks
    included) and the assets folder. The app must have answered one request for its page."""
    files = [p for p in sorted(assets_dir.iterdir()) if p.suffix in STATIC_SUFFIXES]
    for package, paths in sorted(app.registered_paths.items()):
        module_file = sys.modules[package].__file__
        if module_file is None:  # a namespace package: no folder Dash could serve it from
            continue
        root = Path(module_file).parent
        files += [root / p for p in sorted(paths) if p.endswith(STATIC_SUFFIXES)]
    return [f for f in files if f.is_file()]


def verified_copy(copy: Path, folder: Path, original: bytes) -> bytes | None:
    """The cached copy of `original`, only when it is a regular file (no link) inside `folder`,
    of a size a copy can have, and decompresses to exactly `original`; else None. A copy is
    code the page runs: a replaced, truncated or linked one is never sent."""
    try:
        status = copy.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or copy.resolve().parent != folder.resolve():
        return None
    if status.st_size > len(original) + MAX_COPY_OVERHEAD:  # brotli never grows a file this much
        return None
    body = copy.read_bytes()
    try:
        if brotli.decompress(body) == original:
            return body
    except brotli.error:
        pass
    LOG.warning("ignoring a precompressed copy that is not its file's: %s", copy.name)
    return None


def precompress(files: list[Path], folder: Path | None = None) -> tuple[int, int]:
    """Write a quality-11 copy of each file whose copy is missing or wrong; (written, kept)."""
    folder = folder or cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = kept = 0
    for path in files:
        body = path.read_bytes()
        target = folder / f"{_key(body)}.br"
        if verified_copy(target, folder, body) is not None:
            kept += 1
            continue
        # A fresh temporary file (never an existing name, which could be a planted link), then
        # an atomic rename over the target: a copy is whole or absent, never half-written.
        write_atomically(target, brotli.compress(body, quality=QUALITY))
        written += 1
    return written, kept


def serve_precompressed(server: Flask, folder: Path | None = None) -> None:
    """Answer script and stylesheet requests that accept brotli with the precompressed copy."""
    folder = folder or cache_dir()
    by_path: dict[str, bytes | None] = {}  # request path (with its version) -> copy, or None

    @server.after_request
    def use_precompressed(response: Response) -> Response:
        path = request.full_path
        if (
            response.status_code != 200
            or not request.path.startswith(STATIC_PREFIXES)
            or not request.path.endswith(STATIC_SUFFIXES)
            or "br" not in request.headers.get("Accept-Encoding", "")
            or "Content-Encoding" in response.headers
        ):
            return response
        if path not in by_path:
            response.direct_passthrough = False  # assets are files streamed as they are read
            original = response.get_data()
            by_path[path] = verified_copy(folder / f"{_key(original)}.br", folder, original)
        body = by_path[path]
        if body is None:
            return response  # not precompressed: flask-compress compresses it
        response.direct_passthrough = False
        response.set_data(body)
        response.headers["Content-Encoding"] = "br"
        response.headers["Content-Length"] = str(len(body))
        response.vary.add("Accept-Encoding")
        etag, weak = response.get_etag()
        if etag:  # another representation of the file: another tag
            response.set_etag(f"{etag}-br", bool(weak))  # weak is a bool when etag is set
        return response
