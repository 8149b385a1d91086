"""Read a data file only when it is a regular file inside the data directory and not too large."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 200 * 2**20  # a 100,000-row table is about 60 MB; a source document far less


class UnsafeFile(OSError):
    """A data file that is not read: its message says why, in words a curator can act on."""


def read_data_bytes(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`, refusing FIFOs, devices, directories, links that leave `root` and
    files over `limit` bytes: each would hang, exhaust memory or leak a file outside the data."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop
        raise UnsafeFile(f"cannot read file: {getattr(error, 'strerror', None) or error}") from None
    if not resolved.is_relative_to(root.resolve()):
        raise UnsafeFile(f"is a link to {resolved}, outside the data directory; copy the file in")
    info = os.stat(resolved)
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a directory"
            if stat.S_ISDIR(info.st_mode)
            else "a FIFO"
            if stat.S_ISFIFO(info.st_mode)
            else "a device or socket"
        )
        raise UnsafeFile(f"is {kind}, not a regular file")
    if info.st_size > limit:
        raise UnsafeFile(f"is {info.st_size:,} bytes; at most {limit:,} are read")
    with open(resolved, "rb") as handle:
        data = handle.read(limit + 1)  # a file that grows while it is read stops at the limit
    if len(data) > limit:
        raise UnsafeFile(f"is over {limit:,} bytes; at most {limit:,} are read")
    return data
