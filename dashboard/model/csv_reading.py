"""Reading a CSV file of the data directory: rows with the line each starts on, and every problem of\nits header, encoding and cells located by line and column."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from dashboard.model.problems import (
    DataError as DataError,  # re-exported: callers import it from here
)
from dashboard.model.problems import Problem as Problem
from dashboard.model.safe_files import read_data_bytes
from dashboard.model.sources import (
    CONTROL_RE,
)

MAX_READ_PROBLEMS = 1000  # a file of junk stops being read here, not after millions of lines


class CsvRow(dict[str, str]):
    """One data row of a CSV: its cells by column name, and `line`, the line it starts on."""

    __slots__ = ("line",)

    def __init__(self, cells: Iterable[tuple[str, str]], line: int) -> None:
        super().__init__(cells)
        self.line = line


def read_csv_rows(
    path: Path, expected: list[str], required: list[str]
) -> tuple[list[CsvRow], list[Problem]]:
    """Rows of a CSV with their starting line numbers (CsvRow.line), and any problems.

    Decoding, quoting and header errors are reported with their line instead of raised.
    """
    name = path.name
    try:
        raw = read_data_bytes(path, path.parent)
    except OSError as error:  # UnsafeFile too: a FIFO, a device, a link out, a huge file
        return [], [Problem(name, 0, "", str(error))]
    text, problems = _decoded(name, raw)
    if text is None:
        return [], problems
    has_controls = CONTROL_RE.search(text) is not None  # cells are searched only when needed
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[CsvRow] = []
    try:
        header = [h.strip() for h in next(reader)]
        problems = _header_problems(name, header, expected, required)
        if problems:
            return [], problems
        line = reader.line_num + 1
        absent = {c: "" for c in expected if c not in header}  # optional columns left out
        for record in reader:
            if len(problems) >= MAX_READ_PROBLEMS:
                problems.append(Problem(name, line, "", "too many problems; reading stopped here"))
                break
            read = _record(name, line, header, record, absent, has_controls)
            if isinstance(read, Problem):
                problems.append(read)
            elif read is not None:
                rows.append(read)
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(name, reader.line_num, "", f"malformed CSV: {error}"))
    return rows, problems


def _decoded(name: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """A file's text (a byte-order mark dropped), or None and why it cannot be read as CSV."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark is harmless; spreadsheet programs add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Problem(name, line, "", f"not UTF-8: byte 0x{raw[error.start]:02x} at column {column}")
        ]
    if not text.strip():
        return None, [Problem(name, 1, "", "file is empty: expected a header row")]
    return text, []


def _header_problems(
    name: str, header: list[str], expected: list[str], required: list[str]
) -> list[Problem]:
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in expected]
    problems = [Problem(name, 1, c, "required column is missing") for c in missing]
    problems += [Problem(name, 1, c, "unknown column") for c in unknown]
    if len(set(header)) != len(header):
        problems.append(Problem(name, 1, "", "duplicate column names in header"))
    return problems


def _record(
    name: str,
    line: int,
    header: list[str],
    record: list[str],
    absent: dict[str, str],
    has_controls: bool,
) -> CsvRow | Problem | None:
    """A data row, the problem that keeps it out, or None for a blank line."""
    if not record or not "".join(record).strip():
        return None
    if has_controls and (bad := _control_character(header, record)):
        return Problem(name, line, *bad)
    if len(record) != len(header):
        return Problem(name, line, "", f"expected {len(header)} fields, found {len(record)}")
    row = CsvRow(zip(header, record, strict=True), line)
    row.update(absent)
    return row


def _control_character(header: list[str], record: list[str]) -> tuple[str, str] | None:
    """(column, message) for the first cell holding NUL or another control character."""
    for column, cell in zip(header, record, strict=False):
        if match := CONTROL_RE.search(cell):
            return column, f"control character U+{ord(match.group()):04X} in the cell"
    return None
