"""The curated figures table: its columns, loading, and validation that reports every problem with its line."""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.model.numbers import numbers_match, parse_numbers
from dashboard.model.problems import (
    DataError as DataError,  # re-exported: callers import it from here
)
from dashboard.model.problems import Problem as Problem
from dashboard.model.safe_files import read_data_bytes
from dashboard.model.sources import (
    CONTROL_RE,
    METADATA_FILE,
    SHORT_TITLE_MAX,
    SourceDocument,
    Span,
    load_sources,
    normalise,
)

FIGURES_FILE = "figures.csv"
DISMISSED_FILE = "dismissed.csv"
SOURCES_DIR = "sources"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

COLUMNS = [
    "id", "claim", "category", "measure", "label", "series", "breakdown", "value", "value_low",
    "value_high", "qualifier", "value_text", "unit", "period_start", "period_end", "source", "quote",
    "note",
]  # fmt: skip
REQUIRED = [
    "id",
    "claim",
    "category",
    "measure",
    "qualifier",
    "value_text",
    "unit",
    "source",
    "quote",
]
NUMERIC = ["value", "value_low", "value_high"]
TEXT_COLUMNS = [c for c in COLUMNS if c not in NUMERIC]
# What validation adds to each row of the frame: its years, where its quote is, its CSV line.
DERIVED_COLUMNS = ["year_start", "year_end", "source_line", "quote_start", "quote_end", "line"]
DISMISSED_COLUMNS = ["source", "quote", "reason"]

CATEGORIES = {
    "war_losses": "War losses",
    "military": "Military and aid",
    "repression": "Repression",
    "collectivisation": "Collectivisation",
    "famine": "Famine",
    "party": "Party and elections",
    "economy": "Economy",
    "society": "Society",
}
QUALIFIERS = {
    "exact": "exact",
    "approx": "about",
    "at_least": "at least",
    "more_than": "more than",
    "nearly": "nearly",
    "up_to": "up to",
    "less_than": "less than",
    "range": "between",
    "vague": "order of magnitude",
}
# Which of value / value_low / value_high each qualifier needs ("=" means equal to value).
BOUNDS_RULES = {
    "exact": ("required", "empty", "empty"),
    "approx": ("required", "empty", "empty"),
    "at_least": ("required", "=", "empty"),
    "more_than": ("required", "=", "empty"),
    "nearly": ("required", "empty", "="),
    "up_to": ("required", "empty", "="),
    "less_than": ("required", "empty", "="),
    "range": ("empty", "required", "required"),
    "vague": ("empty", "required", "empty"),
}
DISMISS_REASONS = {
    "incidental_count", "page_furniture", "biographical", "part_of_name", "rhetoric", "duration",
    "date_fragment",
}  # fmt: skip
# Matched with fullmatch: "$" would also accept a trailing newline ("a-b\n" as the id "a-b").
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PARTIAL_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
YEAR_RANGE = (1000, 2100)  # the years the page's period slider and address accept
MAX_READ_PROBLEMS = 1000  # a file of junk stops being read here, not after millions of lines
UNIT_LIMITS = {"percent": (0, 100), "share": (0, 1)}
# Units that count persons: one family, one chart panel, whatever word the sentence uses.
PERSON_UNITS = {
    "people", "soldiers", "deaths", "executions", "arrests", "casualties", "prisoners", "members",
    "strikers", "deputies",
}  # fmt: skip
PERSONS = "persons"
LABEL_MAX = 48  # characters: a chart axis label, before the chart appends the period


@dataclass
class Dataset:
    """What the app serves: the validated figures frame and the source documents."""

    figures: pd.DataFrame
    sources: dict[str, SourceDocument]
    dismissed: pd.DataFrame


class CsvRow(dict[str, str]):
    """One data row of a CSV: its cells by column name, and `line`, the line it starts on."""

    __slots__ = ("line",)

    def __init__(self, cells: Iterable[tuple[str, str]], line: int) -> None:
        super().__init__(cells)
        self.line = line


# What a row's checks call with (column, message) for each problem they find.
Report = Callable[[str, str], None]
# The numbers and locations validation derives from a row (None where the row has none).
Derived = dict[str, float | int | None]
PartialDate = tuple[int, int, int]


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


@functools.lru_cache(maxsize=2**16)
def value_text_problems(value_text: str, quote: str, expected: tuple[float, ...]) -> list[str]:
    """What is wrong with `value_text` as the number `quote` states and the row's numbers give.

    Checked once per distinct combination: a table's rows share their sentences and numbers.
    """
    messages = []
    if normalise(value_text) not in normalise(quote):
        messages.append(f"{value_text!r} does not occur in the quote")
    stated = parse_numbers(value_text)
    if not stated:
        messages.append(f"{value_text!r} states no number the parser can read")
    elif expected and not numbers_match(stated, list(expected)):
        shown = ", ".join(f"{n:g}" for n in stated)
        messages.append(f"{value_text!r} reads as {shown}, not the row's value/bounds")
    return messages


def _control_character(header: list[str], record: list[str]) -> tuple[str, str] | None:
    """(column, message) for the first cell holding NUL or another control character."""
    for column, cell in zip(header, record, strict=False):
        if match := CONTROL_RE.search(cell):
            return column, f"control character U+{ord(match.group()):04X} in the cell"
    return None


def _number(cell: str) -> float | None:
    cell = cell.strip()
    if not cell:
        return None
    # ASCII digits only: float() also takes "700_000", full-width and Arabic-Indic digits.
    if not NUMBER_RE.fullmatch(cell):
        raise ValueError(cell)  # reported by the caller
    number = float(cell)
    if not math.isfinite(number):
        raise ValueError(cell)
    return number


@functools.lru_cache(maxsize=4096)  # a table holds a few hundred distinct dates
def parse_partial_date(text: str) -> PartialDate:
    """'1937' -> (1937, 0, 0); '1937-08-05' -> (1937, 8, 5); raises ValueError when malformed."""
    match = PARTIAL_DATE_RE.fullmatch(text.strip())
    if not match:
        raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ValueError(f"year {year} is outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}")
    if match.group(2) and not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1-12")
    if match.group(3):
        pd.Timestamp(year=year, month=month, day=day)  # raises ValueError for 1917-02-30
    return year, month, day


def _check_row(
    row: CsvRow, sources: dict[str, SourceDocument], occurrence: int = 0
) -> tuple[list[Problem], Derived]:
    """Problems with one figures row, and the typed values derived from it.

    `occurrence` is how many earlier rows state the same figure with the same quote from the same
    source: a sentence a document states twice is cited at its second place by the second row.
    """
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(FIGURES_FILE, row.line, column, message))

    for column in REQUIRED:
        if not row[column].strip():
            problem(column, "is required")
    _check_slugs(row, problem)
    _check_vocabulary(row, problem)
    numbers = _row_numbers(row, problem)
    if row["qualifier"] in BOUNDS_RULES and not problems:
        _check_bounds(row["qualifier"], numbers, problem)
    _check_ranges(row, numbers, problem)
    dates = _row_dates(row, problem)
    span = _quoted_span(row, sources, occurrence, problem)
    quote, value_text = row["quote"], row["value_text"]
    if value_text.strip() and quote.strip():
        expected = tuple(n for n in numbers.values() if n is not None)
        for message in value_text_problems(value_text, quote, expected):
            problem("value_text", message)
    start, end = dates.get("period_start"), dates.get("period_end")
    derived: Derived = {
        "year_start": start[0] if start else None,
        "year_end": end[0] if end else start[0] if start else None,
        "source_line": span.line if span else None,
        "quote_start": span.start if span else None,
        "quote_end": span.end if span else None,
        **numbers,
    }
    return problems, derived


def _check_slugs(row: CsvRow, problem: Report) -> None:
    """id, claim, series and breakdown are slugs; an id starts with its source's prefix."""
    slug = "is not a slug of lowercase letters, digits and hyphens"
    if row["id"] and not ID_RE.fullmatch(row["id"]):
        problem("id", f"{row['id']!r} {slug}")
    elif row["id"] and row["source"] and not row["id"].startswith(id_prefix(row["source"]) + "-"):
        problem(
            "id",
            f"{row['id']!r} does not start with {id_prefix(row['source'])}-, its source's prefix",
        )
    if row["claim"] and not ID_RE.fullmatch(row["claim"]):
        problem("claim", f"{row['claim']!r} {slug}")
    for column in ("series", "breakdown"):
        if row[column].strip() and not ID_RE.fullmatch(row[column].strip()):
            problem(column, f"{row[column]!r} {slug}")


def _check_vocabulary(row: CsvRow, problem: Report) -> None:
    """The label fits a chart axis; category and qualifier are ones the page knows."""
    label = row["label"].strip()
    if len(label) > LABEL_MAX:
        problem("label", f"is {len(label)} characters long; at most {LABEL_MAX}")
    if row["category"] and row["category"] not in CATEGORIES:
        problem(
            "category", f"unknown category {row['category']!r}; use one of {', '.join(CATEGORIES)}"
        )
    qualifier = row["qualifier"]
    if qualifier and qualifier not in QUALIFIERS:
        problem("qualifier", f"unknown qualifier {qualifier!r}; use one of {', '.join(QUALIFIERS)}")


def _row_numbers(row: CsvRow, problem: Report) -> dict[str, float | None]:
    """value, value_low and value_high as numbers; None for an empty or unreadable cell."""
    numbers: dict[str, float | None] = {}
    for column in NUMERIC:
        try:
            numbers[column] = _number(row[column])
        except ValueError:
            problem(column, f"{row[column]!r} is not a number")
            numbers[column] = None
    return numbers


def _check_ranges(row: CsvRow, numbers: dict[str, float | None], problem: Report) -> None:
    """No number is negative, nor outside its unit's limits (0-100 percent, 0-1 share)."""
    limits = UNIT_LIMITS.get(row["unit"].strip())
    if limits:
        for column, number in numbers.items():
            if number is not None and not limits[0] <= number <= limits[1]:
                problem(
                    column,
                    f"{number:g} is outside {limits[0]}-{limits[1]} for unit {row['unit']!r}",
                )
    for column, number in numbers.items():
        if number is not None and number < 0:
            problem(column, f"{number:g} is negative")


def _row_dates(row: CsvRow, problem: Report) -> dict[str, PartialDate]:
    """period_start and period_end as (year, month, day), those given and valid."""
    dates: dict[str, PartialDate] = {}
    for column in ("period_start", "period_end"):
        if row[column].strip():
            try:
                dates[column] = parse_partial_date(row[column])
            except ValueError as error:
                problem(column, f"{row[column]!r} is not a valid partial date: {error}")
    if "period_end" in dates and "period_start" not in dates and not row["period_start"].strip():
        problem("period_start", "is required when period_end is given")
    if len(dates) == 2 and _last_of(dates["period_end"]) < dates["period_start"]:
        problem("period_end", f"{row['period_end']} is before period_start {row['period_start']}")
    return dates


def _last_of(date: PartialDate) -> PartialDate:
    """A partial date's end, comparable with another's start: (1914, 0, 0) runs to (1914, 12, 31).

    A start's missing month or day (0) sorts first, so a coarser end that contains the start
    (1914-08 to 1914) does not precede it.
    """
    year, month, day = date
    return year, month or 12, day or 31


def _quoted_span(
    row: CsvRow, sources: dict[str, SourceDocument], occurrence: int, problem: Report
) -> Span | None:
    """Where the row's quote is in its source: its `occurrence`-th place, or the last one."""
    quote = row["quote"]
    document = sources.get(row["source"])
    if row["source"] and document is None:
        problem("source", f"source file {row['source']!r} does not exist in {SOURCES_DIR}/")
        return None
    if document is None or not quote.strip():
        return None
    spans = document.find_all(quote)
    if not spans:
        problem("quote", f"not found in {row['source']} (after normalising whitespace and NFKC)")
        return None
    return spans[min(occurrence, len(spans) - 1)]


def _check_bounds(qualifier: str, numbers: dict[str, float | None], problem: Report) -> None:
    value, low, high = numbers["value"], numbers["value_low"], numbers["value_high"]
    for column, rule in zip(NUMERIC, BOUNDS_RULES[qualifier], strict=True):
        given = numbers[column]
        if rule == "required" and given is None:
            problem(column, f"is required for qualifier {qualifier!r}")
        elif rule == "empty" and given is not None:
            problem(column, f"must be empty for qualifier {qualifier!r}")
        elif rule == "=" and given != value:
            problem(
                column,
                f"must equal value ({value:g}) for qualifier {qualifier!r}"
                if value is not None
                else f"must equal value for qualifier {qualifier!r}",
            )
    if low is not None and high is not None and not low < high:
        problem("value_low", f"{low:g} must be less than value_high {high:g}")


def unit_family(unit: str) -> str:
    """'persons' for every unit that counts people; any other unit is a family of its own."""
    return PERSONS if unit in PERSON_UNITS else unit


def id_prefix(source: str) -> str:
    """The prefix every id citing `source` starts with: its file name up to '_' or '.'."""
    return re.split(r"[_.]", source, maxsplit=1)[0]


def check_claims(rows: list[CsvRow]) -> list[Problem]:
    """Rows of one claim state one quantity: they share a category, a unit family and a label."""
    problems: list[Problem] = []
    first_of: dict[str, CsvRow] = {}
    checks: list[tuple[str, Callable[[CsvRow], str]]] = [
        ("category", lambda r: r["category"].strip()),
        ("unit", lambda r: unit_family(r["unit"].strip())),
        ("label", lambda r: r["label"].strip()),
    ]
    for r in rows:
        claim = r["claim"].strip()
        first = first_of.setdefault(claim, r)
        if first is r:
            continue
        for column, key in checks:
            if key(r) != key(first):
                what = "unit family" if column == "unit" else column
                problems.append(
                    Problem(
                        FIGURES_FILE,
                        r.line,
                        column,
                        f"{r[column].strip()!r} differs from {first[column].strip()!r} on line "
                        f"{first.line}: the rows of claim {claim!r} count one quantity and "
                        f"share one {what}",
                    )
                )
    return problems


def _period(row: CsvRow) -> tuple[str, str]:
    start = row["period_start"].strip()
    return start, row["period_end"].strip() or start


def _shown(period: tuple[str, str]) -> str:
    start, end = period
    return "no period" if not start else start if end == start else f"{start} to {end}"


def check_groups(rows: list[CsvRow]) -> list[Problem]:
    """Problems with `series` (one quantity at several times) and `breakdown` (parts of one moment).

    Every row of a series or a breakdown has one unit; a series has rows at two or more periods,
    and its rows at one period restate one claim; a breakdown has two or more claims (parts).
    """
    problems: list[Problem] = []
    for column in ("series", "breakdown"):
        groups: dict[str, list[CsvRow]] = {}
        for row in rows:
            if ID_RE.fullmatch(row[column].strip()):
                groups.setdefault(row[column].strip(), []).append(row)
        for name, members in groups.items():
            problems += _unit_problems(column, name, members)
            if column == "breakdown":
                problems += _breakdown_problems(name, members)
            else:
                problems += _series_problems(name, members)
    return problems


def _unit_problems(column: str, name: str, members: list[CsvRow]) -> list[Problem]:
    """Every row of a series or a breakdown has the unit of its first row."""
    first = members[0]
    return [
        Problem(
            FIGURES_FILE,
            r.line,
            "unit",
            f"{r['unit'].strip()!r} differs from {first['unit'].strip()!r} on line "
            f"{first.line}: every row of {column} {name!r} has one unit",
        )
        for r in members[1:]
        if r["unit"].strip() != first["unit"].strip()
    ]


def _lines(members: list[CsvRow]) -> str:
    return ", ".join(str(r.line) for r in members)


def _breakdown_problems(name: str, members: list[CsvRow]) -> list[Problem]:
    """A breakdown has two or more parts: rows of different claims."""
    if len({r["claim"].strip() for r in members}) >= 2:
        return []
    first = members[0]
    return [
        Problem(
            FIGURES_FILE,
            first.line,
            "breakdown",
            f"breakdown {name!r} has one part (claim {first['claim'].strip()!r}, "
            f"lines {_lines(members)}): a breakdown splits one total or one moment into two "
            "or more parts",
        )
    ]


def _series_problems(name: str, members: list[CsvRow]) -> list[Problem]:
    """Every row of a series has a period, its rows at one period restate one claim, and it has
    rows at two or more periods."""
    problems: list[Problem] = []
    claim_at: dict[tuple[str, str], CsvRow] = {}
    for r in members:
        period = _period(r)
        if not period[0]:
            problems.append(
                Problem(
                    FIGURES_FILE,
                    r.line,
                    "period_start",
                    f"is required in series {name!r}: a series places one quantity in time",
                )
            )
            continue
        earlier = claim_at.setdefault(period, r)
        if earlier["claim"].strip() != r["claim"].strip():
            problems.append(
                Problem(
                    FIGURES_FILE,
                    r.line,
                    "claim",
                    f"{r['claim'].strip()!r} differs from {earlier['claim'].strip()!r} on "
                    f"line {earlier.line} at the same period ({_shown(period)}) of "
                    f"series {name!r}: rows of a series at one period restate one claim",
                )
            )
    periods = {_period(r) for r in members if _period(r)[0]}
    if len(periods) < 2:
        at = _shown(next(iter(periods))) if periods else "no period"
        problems.append(
            Problem(
                FIGURES_FILE,
                members[0].line,
                "series",
                f"series {name!r} has rows at only one period ({at}; lines {_lines(members)}): a "
                "series holds one quantity at two or more times; parts of one total or "
                "one moment share a breakdown instead",
            )
        )
    return problems


def validate_figures(
    rows: list[CsvRow], sources: dict[str, SourceDocument]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every row; return the typed frame (rows in file order) and every problem found."""
    problems: list[Problem] = []
    derived_rows: list[Derived] = []
    first_line_of_id: dict[str, int] = {}
    seen_quotes: dict[tuple[str, str, str, str], int] = {}
    for row in rows:
        # The k-th row stating the same figure from the same sentence cites its k-th occurrence.
        key = (row["source"], normalise(row["quote"]), row["claim"], row["value_text"])
        row_problems, derived = _check_row(row, sources, seen_quotes.get(key, 0))
        seen_quotes[key] = seen_quotes.get(key, 0) + 1
        problems += row_problems
        if row["id"] in first_line_of_id:
            problems.append(
                Problem(
                    FIGURES_FILE,
                    row.line,
                    "id",
                    f"duplicate id {row['id']!r} (first on line {first_line_of_id[row['id']]})",
                )
            )
        else:
            first_line_of_id[row["id"]] = row.line
        derived_rows.append(derived)
    problems += check_groups(rows) + check_claims(rows)
    # Built column by column: a frame from 100,000 row dicts took a second of its own.
    columns: dict[str, list[str] | list[float | int | None]]
    columns = {c: [row[c].strip() for row in rows] for c in TEXT_COLUMNS}
    columns |= {c: [d[c] for d in derived_rows] for c in (derived_rows[0] if rows else {})}
    frame = pd.DataFrame(columns, columns=[*COLUMNS, *DERIVED_COLUMNS])
    frame["line"] = pd.array([row.line for row in rows], dtype="int64")
    for column in NUMERIC:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in DERIVED_COLUMNS[:-1]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame, problems


def validate_dismissed(rows: list[CsvRow], sources: dict[str, SourceDocument]) -> list[Problem]:
    problems: list[Problem] = []
    for row in rows:

        def problem(column: str, message: str, line: int = row.line) -> None:
            problems.append(Problem(DISMISSED_FILE, line, column, message))

        document = sources.get(row["source"])
        if document is None:
            problem("source", f"source file {row['source']!r} does not exist in {SOURCES_DIR}/")
        elif not row["quote"].strip():
            problem("quote", "is required")
        elif document.find(row["quote"]) is None:
            problem("quote", f"not found in {row['source']}")
        if row["reason"] not in DISMISS_REASONS:
            problem(
                "reason",
                f"unknown reason {row['reason']!r}; use one of {', '.join(sorted(DISMISS_REASONS))}",
            )
    return problems


def load_dataset(data_dir: Path | str = DEFAULT_DATA_DIR) -> tuple[Dataset | None, list[Problem]]:
    """Load and validate everything in `data_dir`; the dataset is None when any problem was found."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    sources_dir = data_dir / SOURCES_DIR
    sources: dict[str, SourceDocument] = {}
    if not sources_dir.is_dir():
        problems.append(Problem(f"{SOURCES_DIR}/", 0, "", f"directory not found in {data_dir}"))
    else:
        sources, source_problems = load_sources(sources_dir, data_dir)
        problems += source_problems
        for name, document in sources.items():
            # A missing short_title falls back to the title; one given must be short.
            if (
                document.short_title != document.title
                and len(document.short_title) > SHORT_TITLE_MAX
            ):
                problems.append(
                    Problem(
                        f"{SOURCES_DIR}/{METADATA_FILE}",
                        0,
                        "short_title",
                        f"{name}: is {len(document.short_title)} characters long; "
                        f"at most {SHORT_TITLE_MAX}",
                    )
                )
    rows, read_problems = read_csv_rows(data_dir / FIGURES_FILE, COLUMNS, REQUIRED)
    problems += read_problems
    figures, row_problems = validate_figures(rows, sources)
    problems += row_problems
    dismissed_rows: list[CsvRow] = []
    if (data_dir / DISMISSED_FILE).exists():
        dismissed_rows, dismissed_problems = read_csv_rows(
            data_dir / DISMISSED_FILE, DISMISSED_COLUMNS, DISMISSED_COLUMNS
        )
        problems += dismissed_problems + validate_dismissed(dismissed_rows, sources)
    if not read_problems and not rows:
        problems.append(
            Problem(FIGURES_FILE, 2, "", "no figures: the table has a header but no rows")
        )
    if problems:
        return None, problems
    dismissed = pd.DataFrame.from_records(
        [{**row, "_line": row.line} for row in dismissed_rows],
        columns=[*DISMISSED_COLUMNS, "_line"],
    )
    return Dataset(figures, sources, dismissed), []


def load_or_raise(data_dir: Path | str = DEFAULT_DATA_DIR) -> Dataset:
    dataset, problems = load_dataset(data_dir)
    if dataset is None:
        raise DataError(problems)
    return dataset
