"""Read a data file only when it is a regular file inside the data directory and not too large;
write a file whole or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# figures.csv and dismissed.csv, and the default. The real table is about 610 bytes a row, so a
# 1,000,000-row table is about 600 MB (200 MiB stopped at about 340,000 rows); 1 GiB leaves room for
# longer quotes. Loading costs about 6 KB of memory a row (1,000,125 rows: 596 MiB, a peak of
# 6.1 GB), so the cap bounds an accident, not what a small machine can hold.
MAX_FILE_BYTES = 2**30


class UnsafeFile(OSError):
    """A data file that is not read: its message says why, in words a curator can act on."""


def too_large(size: int, limit: int, advice: str = "") -> str:
    """What a file over its cap is told: its size, the cap and, when given, what to do."""
    message = f"is {size:,} bytes; at most {limit:,} are read"
    return f"{message}; {advice}" if advice else message


def size_inside(path: Path, root: Path) -> int | None:
    """The size of `path` (os.stat, nothing read) when it is a regular file inside `root`; None
    when it is absent, a link out of `root` or not a regular file, which reading it reports."""
    try:
        resolved = path.resolve(strict=True)
        info = resolved.stat()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return None
    if not resolved.is_relative_to(root.resolve()) or not stat.S_ISREG(info.st_mode):
        return None
    return info.st_size


def read_data_bytes(path: Path, root: Path, limit: int = MAX_FILE_BYTES, advice: str = "") -> bytes:
    """The bytes of `path`, refusing links that leave `root` and whatever read_regular_bytes
    refuses: each would hang, exhaust memory or leak a file outside the data."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop
        raise UnsafeFile(f"cannot read file: {getattr(error, 'strerror', None) or error}") from None
    if not resolved.is_relative_to(root.resolve()):
        raise UnsafeFile(f"is a link to {resolved}, outside the data directory; copy the file in")
    return read_regular_bytes(resolved, limit, advice)


def read_regular_bytes(path: Path, limit: int = MAX_FILE_BYTES, advice: str = "") -> bytes:
    """The bytes of `path` when it is a regular file of at most `limit` bytes; else UnsafeFile.

    The file is opened without blocking and checked on its open descriptor, so a FIFO cannot
    hang the open and nothing can be swapped in between the check and the read.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise UnsafeFile("no such file") from None
    except IsADirectoryError:
        raise UnsafeFile("is a directory, not a regular file") from None
    except OSError as error:
        raise UnsafeFile(f"cannot read file: {error.strerror or error}") from None
    try:
        info = os.fstat(handle)
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
            raise UnsafeFile(too_large(info.st_size, limit, advice))
        os.set_blocking(handle, True)
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)  # a file that grows while it is read stops at the limit
    finally:
        os.close(handle)
    if len(data) > limit:
        raise UnsafeFile(f"is over {limit:,} bytes; at most {limit:,} are read")
    return data


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A fresh temporary file beside `path` (never an existing name, which could be a planted
    link) for the caller to fill; then flushed to disk and renamed over `path`, so `path` is whole
    or untouched. On any failure, a full disk included, the temporary file is removed."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".partial", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())  # a full disk may only say so here, after write() succeeded
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all (see `replacing`)."""
    with replacing(path) as temporary:
        temporary.write_bytes(data)
