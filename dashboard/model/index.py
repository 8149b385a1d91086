"""The built index: one SQLite file of the figures, sources and search tables, opened read-only."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.model.filters import searchable_texts
from dashboard.model.safe_files import replacing
from dashboard.model.search import fill_search_tables, use_built_index
from dashboard.model.stored_dataset import store_dataset

if TYPE_CHECKING:
    from dashboard.model.data import Dataset

LOG = logging.getLogger("dashboard")
# Bumped when the tables change. The package's code is hashed into the key as well: an index
# vouches that its data passed this code's validation and built its page, so an upgrade that
# reads numbers, words or rows differently never serves what the old code checked.
SCHEMA_VERSION = 3
PACKAGE = Path(__file__).resolve().parents[1]
# SQLite's page cache while building (KiB): its default 2 MB made the FTS5 inserts reread pages.
BUILD_CACHE_KIB = 256 * 1024


@functools.cache
def schema_key() -> str:
    """SCHEMA_VERSION and a hash of the package's modules."""
    digest = hashlib.sha256()
    for module in sorted(PACKAGE.rglob("*.py")):
        with contextlib.suppress(OSError):  # unreadable: the others and the version still count
            digest.update(module.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(module.read_bytes())
    return f"{SCHEMA_VERSION}-{digest.hexdigest()[:12]}"


def default_index_path(data_dir: Path) -> Path:
    """Where `build` and `serve` keep a data directory's index: the user's cache, beside the
    brotli copies (`$XDG_CACHE_HOME` or ~/.cache), never the curated data/ folder. One file per
    data directory, named by its path, so a new data version replaces its file instead of
    leaving the old one behind."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    where = hashlib.sha256(str(data_dir.resolve()).encode("utf-8", "surrogatepass"))
    return Path(base) / "figures-dashboard" / "index" / f"figures-{where.hexdigest()[:16]}.sqlite"


def open_index(path: Path, version: str) -> sqlite3.Connection | None:
    """A read-only connection to the index at `path` when it was built for data `version` by
    this code; None when it is missing, unreadable or stale.

    `immutable=1` lets SQLite skip locking and change checks: safe because an index is never
    changed in place, only replaced whole (build_index's rename), and a connection keeps
    reading the file it opened. The connection may be used from any thread, one at a time.
    """
    db = read_only(path)
    if db is None:
        return None
    meta = index_meta(db)
    if meta.get("data_version") != version or meta.get("schema") != schema_key():
        db.close()
        return None
    return db


def read_only(path: Path) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None


def index_meta(db: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:  # not an index, or a damaged one: rebuilt like a stale one
        return {}


def prune_orphans(folder: Path) -> list[Path]:
    """Remove the indexes in `folder` whose data directory is gone (a benchmark's or a test's
    temporary one): at 100,000 rows each is about 75 MB. Returns the files removed."""
    removed = []
    for path in sorted(folder.glob("figures-*.sqlite")):
        db = read_only(path)
        data_dir = index_meta(db).get("data_dir") if db is not None else None
        if db is not None:
            db.close()
        if data_dir and not Path(data_dir).is_dir():
            path.unlink(missing_ok=True)  # a server still reading it keeps its open file
            removed.append(path)
    return removed


def build_index(dataset: Dataset, path: Path, data_dir: Path | None = None) -> Path:
    """Write the index of `dataset` (read from `data_dir`, noted in it) to `path` whole or not at
    all: a fresh temporary file beside it, filled, flushed to disk and renamed over `path`. On
    any failure the old file, if any, is untouched and the temporary one removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as temporary:  # SQLite opens it by name: an empty file is an empty db
        db = sqlite3.connect(temporary)
        try:
            _fill(db, dataset, str(data_dir.resolve()) if data_dir is not None else "")
        finally:
            db.close()
    return path


def _fill(db: sqlite3.Connection, dataset: Dataset, data_dir: str) -> None:
    """The index's tables. No journal: a failed build is a temporary file thrown away. Each row's
    searchable text is in the search's table `search_texts` (folded, as the search reads it),
    under the same position: a second copy as written was a third of the file."""
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    store_dataset(db, dataset)
    texts = [t if isinstance(t, str) else "" for t in searchable_texts(dataset.figures)]
    fill_search_tables(db, texts)
    for table in ("stemmed", "plain"):  # one b-tree per table: fewer pages read per query
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("data_version", dataset.version),
            ("files", dataset.signature),
            ("schema", schema_key()),
            ("rows", str(len(texts))),
            ("data_dir", data_dir),
        ],
    )
    db.commit()


def ensure_index(dataset: Dataset, data_dir: Path, path: Path | None = None) -> Path | None:
    """Build the index when it is missing or stale, then have every search over these texts
    read it (each process opens its own connection on its first search). Returns its path, or
    None when it cannot be written (a read-only cache): then each process builds its own, as
    before, and a warning says why."""
    path = record_index(dataset, data_dir, path)
    if path is not None:
        use_built_index(functools.partial(open_index, path, dataset.version))
    return path


def record_index(dataset: Dataset, data_dir: Path, path: Path | None = None) -> Path | None:
    """Build the index of `dataset` when the one at `path` is missing or stale; its path, or
    None (with a warning) when it cannot be written."""
    path = path or default_index_path(data_dir)
    current = open_index(path, dataset.version)
    if current is not None:
        current.close()
        return path
    try:
        build_index(dataset, path, data_dir)
        prune_orphans(path.parent)
    except (OSError, sqlite3.Error) as error:
        LOG.warning("the index could not be written to %s: %s", path, error)
        return None
    return path
