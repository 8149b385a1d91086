"""Loading a data directory through its built index: the validated tables from a current index,
else everything validated (in a child process for a server), and the slice `propose` reads."""

from __future__ import annotations

import logging
import multiprocessing
import sqlite3
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.model.index import (
    default_index_path,
    index_meta,
    open_index,
    read_only,
    record_index,
    schema_key,
)
from dashboard.model.schema import SOURCES_DIR
from dashboard.model.sources import document_names
from dashboard.model.stored_dataset import read_dataset, read_source_slice
from dashboard.model.version import data_version, files_signature

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from dashboard.model.data import Dataset
    from dashboard.model.problems import Problem

LOG = logging.getLogger("dashboard")
# What must pass besides validation before an index is written: the page's build (server).
Check = Callable[[Path, "Dataset"], "str | None"]


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

    db = read_only(path or default_index_path(data_dir))
    if db is None:
        return None
    try:
        meta = index_meta(db)
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
