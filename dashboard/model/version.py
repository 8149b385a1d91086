"""The data version: a short hash of everything a figure's reading comes from (figures.csv,
dismissed.csv, the documents and their metadata), so a citation can say which table it cites."""

from __future__ import annotations

import hashlib
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
    names = [FIGURES_FILE, DISMISSED_FILE, f"{SOURCES_DIR}/{METADATA_FILE}"]
    # Each document and the file of its own that may describe it (x.txt, x.json).
    names += sorted(
        f"{SOURCES_DIR}/{name}"
        for document in documents
        for name in (document, metadata_file_of(document))
    )
    for name in names:
        path = data_dir / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + read_data_bytes(path, data_dir) + b"\0")
    return digest.hexdigest()[:VERSION_CHARS]
