"""The data version: a short hash of everything a figure's reading comes from (figures.csv,
dismissed.csv, the documents and their metadata), so a citation can say which table it cites."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from dashboard.model.safe_files import read_data_bytes
from dashboard.model.schema import DISMISSED_FILE, FIGURES_FILE, SOURCES_DIR
from dashboard.model.source_metadata import METADATA_FILE, metadata_file_of

VERSION_CHARS = 12  # 48 bits: enough to tell a project's versions apart, short enough to read


def data_version(data_dir: Path, documents: Iterable[str]) -> str:
    """The first VERSION_CHARS hex digits of SHA-256 over each file's path and bytes, in order.

    Called after loading validated every file, so each is a regular file inside the directory.
    """
    digest = hashlib.sha256()
    for name in versioned_files(documents):
        path = data_dir / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + read_data_bytes(path, data_dir) + b"\0")
    return digest.hexdigest()[:VERSION_CHARS]


def versioned_files(documents: Iterable[str]) -> list[str]:
    """The files the data version covers, relative to the data directory, in hashing order."""
    names = [FIGURES_FILE, DISMISSED_FILE, f"{SOURCES_DIR}/{METADATA_FILE}"]
    # Each document and the file of its own that may describe it (x.txt, x.json).
    names += sorted(
        f"{SOURCES_DIR}/{name}"
        for document in documents
        for name in (document, metadata_file_of(document))
    )
    return names


def files_signature(data_dir: Path, documents: Iterable[str]) -> str:
    """A hash of each versioned file's name, size and modification time (os.stat, nothing
    read): taken before the files are read, it tells a reader whether they may have changed
    since, as make and git tell, without reading hundreds of megabytes."""
    digest = hashlib.sha256()
    for name in versioned_files(documents):
        try:
            info = os.stat(data_dir / name)
        except OSError:
            continue  # absent, as the version counts it
        digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()
