"""The built index: one SQLite file of the figures, sources and search tables, opened read-only."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.model.filters import searchable_texts
from dashboard.model.safe_files import replacing
from dashboard.model.schema import SOURCES_DIR
from dashboard.model.search import fill_search_tables, use_built_index
from dashboard.model.sources import document_names
from dashboard.model.stored_dataset import (
    cells,
    create_tables,
    read_dataset,
    read_source_slice,
    store_dataset,
)
from dashboard.model.version import data_version, files_signature

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from dashboard.model.data import Dataset
    from dashboard.model.problems import Problem

LOG = logging.getLogger("dashboard")
# Bumped when the tables change. The package's code is hashed into the key as well: an index
# vouches that its data passed this code's validation and built its page, so an upgrade that
# reads numbers, words or rows differently never serves what the old code checked.
SCHEMA_VERSION = 3
PACKAGE = Path(__file__).resolve().parents[1]
# What must pass besides validation before an index is written: the page's build (server).
Check = Callable[[Path, "Dataset"], "str | None"]
# The figures' columns a query can ask for by SQL (the whole frame is kept in frame_columns).
QUERIED = (
    "id", "category", "source", "year_start", "year_end", "value", "value_low", "value_high",
    "unit", "value_text", "quote", "source_line", "quote_start", "quote_end",
)  # fmt: skip
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
    db = _read_only(path)
    if db is None:
        return None
    meta = _meta(db)
    if meta.get("data_version") != version or meta.get("schema") != schema_key():
        db.close()
        return None
    return db


def _read_only(path: Path) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)
    except sqlite3.Error:
        return None


def _meta(db: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:  # not an index, or a damaged one: rebuilt like a stale one
        return {}


def prune_orphans(folder: Path) -> list[Path]:
    """Remove the indexes in `folder` whose data directory is gone (a benchmark's or a test's
    temporary one): at 100,000 rows each is about 75 MB. Returns the files removed."""
    removed = []
    for path in sorted(folder.glob("figures-*.sqlite")):
        db = _read_only(path)
        data_dir = _meta(db).get("data_dir") if db is not None else None
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
    db.execute(
        f"CREATE TABLE figures(position INTEGER PRIMARY KEY, {', '.join(QUERIED)}, "
        "FOREIGN KEY(source) REFERENCES sources(name))"
    )
    db.execute("CREATE INDEX figures_by_source ON figures(source)")
    db.execute("CREATE INDEX figures_by_id ON figures(id)")
    db.execute("CREATE TABLE dismissed(source TEXT, quote TEXT, reason TEXT, line INTEGER)")
    create_tables(db)
    store_dataset(db, dataset)
    figures = dataset.figures
    texts = [t if isinstance(t, str) else "" for t in searchable_texts(figures)]
    columns = [cells(figures[c]) for c in QUERIED]
    marks = ", ".join("?" * (len(QUERIED) + 1))
    db.executemany(
        f"INSERT INTO figures VALUES ({marks})",
        ((i, *row) for i, row in enumerate(zip(*columns, strict=True))),
    )
    dismissed = dataset.dismissed
    db.executemany(
        "INSERT INTO dismissed VALUES (?, ?, ?, ?)",
        zip(*(cells(dismissed[c]) for c in ("source", "quote", "reason", "_line")), strict=True),
    )
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


def load_through_index(
    data_dir: Path,
    path: Path | None = None,
    *,
    full: bool = False,
    only: Collection[str] | None = None,
) -> tuple[Dataset | None, list[Problem], bool]:
    """The dataset of `data_dir`, its problems, and whether it came from the index.

    When the index at `path` (or the default one) was built from exactly these files by this
    code, the validated tables are read from it: no row is checked again and no document read
    until a page needs it; with `only`, just those columns of the figures. Otherwise, or with
    `full`, everything is loaded and validated (and every column kept).
    """
    from dashboard.model.data import load_dataset

    current = None if full else read_current(data_dir, path, only)
    if current is not None:
        return current, [], True
    dataset, problems = load_dataset(data_dir)
    return dataset, problems, False


def read_current(
    data_dir: Path, path: Path | None = None, only: Collection[str] | None = None
) -> Dataset | None:
    """The dataset the index at `path` holds when it was built from exactly these files by
    this code; None otherwise (files over their caps included: loading says why)."""
    from dashboard.model.data import oversize_problems

    if oversize_problems(data_dir):
        return None
    try:
        version = data_version(data_dir, document_names(data_dir / SOURCES_DIR))
    except OSError:  # a file that cannot be read: the full load says which and why
        return None
    db = open_index(path or default_index_path(data_dir), version)
    if db is None:
        return None
    try:
        return read_dataset(db, data_dir, version, only)
    except (sqlite3.Error, ValueError, KeyError) as error:  # damaged: validated instead
        LOG.warning("the index could not be read, so the data is validated: %s", error)
        return None
    finally:
        db.close()


def load_lean(
    data_dir: Path, path: Path | None = None, check: Check | None = None
) -> tuple[Dataset | None, list[Problem]]:
    """As load_through_index, but a stale index is rebuilt by a child process, so this process
    never holds what validation needs (every text, its offset map, the checks' caches): a
    server's workers fork from it and would each carry that memory. `check` (the page's
    build) must pass too before the index is written: an index vouches for both."""
    current = read_current(data_dir, path)
    if current is not None:
        return current, []
    # Forked, not spawned: the child starts with this code loaded, and `check` is not pickled.
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_report, args=(send, data_dir, path, check))
    child.start()
    send.close()
    try:
        problems, written = receive.recv()  # before join: a long list of problems fills the pipe
    except EOFError:  # the child died (out of memory?): said, then done here
        LOG.warning(
            "validating in a child process failed (exit %s); validating here", child.exitcode
        )
        problems, written = [], False
    child.join()
    if problems:
        return None, problems
    current = read_current(data_dir, path) if written else None
    if current is not None:
        return current, []
    dataset, problems, _ = load_through_index(data_dir, path)  # an index that cannot be written
    return dataset, problems


def _report(send: Connection, data_dir: Path, path: Path | None, check: Check | None) -> None:
    send.send(check_and_record(data_dir, path, check))
    send.close()


def check_and_record(
    data_dir: Path, path: Path | None, check: Check | None = None
) -> tuple[list[Problem], bool]:
    """Validate `data_dir` and write its index: (problems, whether the index was written)."""
    from dashboard.model.data import load_dataset
    from dashboard.model.problems import Problem

    dataset, problems = load_dataset(data_dir)
    if dataset is None:
        return problems, False
    if check is not None and (error := check(data_dir, dataset)):
        failed = f"the data validates, but the dashboard cannot be built from it: {error}"
        return [Problem("", 0, "", failed)], False
    return [], record_index(dataset, data_dir, path) is not None


def read_for_source(data_dir: Path, source: str, path: Path | None = None) -> Dataset | None:
    """What drafting `source` reads of the index (stored_dataset.read_source_slice), when it was
    built by this code from files that still have the names, sizes and times they had then;
    None otherwise. Nothing of the data is read: the cost does not grow with the table."""
    from dashboard.model.data import id_prefix

    db = _read_only(path or default_index_path(data_dir))
    if db is None:
        return None
    try:
        meta = _meta(db)
        names = document_names(data_dir / SOURCES_DIR)
        if meta.get("schema") != schema_key() or not meta.get("files"):
            return None
        if meta["files"] != files_signature(data_dir, names):
            return None
        return read_source_slice(
            db, data_dir, meta["data_version"], source, id_prefix(source) + "-"
        )
    except (sqlite3.Error, ValueError, KeyError) as error:
        LOG.warning("the index could not be read, so the data is loaded: %s", error)
        return None
    finally:
        db.close()
