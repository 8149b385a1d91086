"""The curated figures table: its columns, loading, and validation that reports every problem with its line."""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.numbers import numbers_match, parse_numbers
from dashboard.problems import DataError as DataError  # re-exported: callers import it from here
from dashboard.problems import Problem as Problem
from dashboard.safe_files import read_data_bytes
from dashboard.sources import (
    CONTROL_RE,
    METADATA_FILE,
    SHORT_TITLE_MAX,
    SourceDocument,
    load_sources,
    normalise,
)

FIGURES_FILE = "figures.csv"
DISMISSED_FILE = "dismissed.csv"
SOURCES_DIR = "sources"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

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


def read_csv_rows(
    path: Path, expected: list[str], required: list[str]
) -> tuple[list[dict], list[Problem]]:
    """Rows of a CSV as dicts with their starting line numbers (key '_line'), and any problems.

    Decoding, quoting and header errors are reported with their line instead of raised.
    """
    name = path.name
    try:
        raw = read_data_bytes(path, path.parent)
    except OSError as error:  # UnsafeFile too: a FIFO, a device, a link out, a huge file
        return [], [Problem(name, 0, "", str(error))]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark is harmless; spreadsheet programs add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return [], [
            Problem(name, line, "", f"not UTF-8: byte 0x{raw[error.start]:02x} at column {column}")
        ]
    if not text.strip():
        return [], [Problem(name, 1, "", "file is empty: expected a header row")]
    has_controls = CONTROL_RE.search(text) is not None  # cells are searched only when needed
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    rows: list[dict] = []
    try:
        header = [h.strip() for h in next(reader)]
        missing = [c for c in required if c not in header]
        unknown = [c for c in header if c not in expected]
        problems += [Problem(name, 1, c, "required column is missing") for c in missing]
        problems += [Problem(name, 1, c, "unknown column") for c in unknown]
        if len(set(header)) != len(header):
            problems.append(Problem(name, 1, "", "duplicate column names in header"))
        if problems:
            return [], problems
        line = reader.line_num + 1
        absent = {c: "" for c in expected if c not in header}  # optional columns left out
        for record in reader:
            if len(problems) >= MAX_READ_PROBLEMS:
                problems.append(Problem(name, line, "", "too many problems; reading stopped here"))
                break
            if record and "".join(record).strip():
                if has_controls and (bad := _control_character(header, record)):
                    problems.append(Problem(name, line, *bad))
                elif len(record) != len(header):
                    problems.append(
                        Problem(
                            name, line, "", f"expected {len(header)} fields, found {len(record)}"
                        )
                    )
                else:
                    row = dict(zip(header, record, strict=True))
                    row.update(absent)
                    row["_line"] = line
                    rows.append(row)
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(name, reader.line_num, "", f"malformed CSV: {error}"))
    return rows, problems


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
def parse_partial_date(text: str) -> tuple[int, int, int] | None:
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
    row: dict, sources: dict[str, SourceDocument], occurrence: int = 0
) -> tuple[list[Problem], dict]:
    """Problems with one figures row, and the typed values derived from it.

    `occurrence` is how many earlier rows state the same figure with the same quote from the same
    source: a sentence a document states twice is cited at its second place by the second row.
    """
    line, problems = row["_line"], []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(FIGURES_FILE, line, column, message))

    for column in REQUIRED:
        if not row[column].strip():
            problem(column, "is required")
    if row["id"] and not ID_RE.fullmatch(row["id"]):
        problem("id", f"{row['id']!r} is not a slug of lowercase letters, digits and hyphens")
    elif row["id"] and row["source"] and not row["id"].startswith(id_prefix(row["source"]) + "-"):
        problem(
            "id",
            f"{row['id']!r} does not start with {id_prefix(row['source'])}-, its source's prefix",
        )
    if row["claim"] and not ID_RE.fullmatch(row["claim"]):
        problem("claim", f"{row['claim']!r} is not a slug of lowercase letters, digits and hyphens")
    for column in ("series", "breakdown"):
        if row[column].strip() and not ID_RE.fullmatch(row[column].strip()):
            problem(
                column,
                f"{row[column]!r} is not a slug of lowercase letters, digits and hyphens",
            )
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

    numbers: dict[str, float | None] = {}
    for column in NUMERIC:
        try:
            numbers[column] = _number(row[column])
        except ValueError:
            problem(column, f"{row[column]!r} is not a number")
            numbers[column] = None
    if qualifier in BOUNDS_RULES and not problems:
        _check_bounds(qualifier, numbers, problem)
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

    dates = {}
    for column in ("period_start", "period_end"):
        if row[column].strip():
            try:
                dates[column] = parse_partial_date(row[column])
            except ValueError as error:
                problem(column, f"{row[column]!r} is not a valid partial date: {error}")
    if "period_end" in dates and "period_start" not in dates and not row["period_start"].strip():
        problem("period_start", "is required when period_end is given")
    if len(dates) == 2 and dates["period_end"] < dates["period_start"]:
        problem("period_end", f"{row['period_end']} is before period_start {row['period_start']}")

    quote, value_text = row["quote"], row["value_text"]
    document = sources.get(row["source"])
    span = None
    if row["source"] and document is None:
        problem("source", f"source file {row['source']!r} does not exist in {SOURCES_DIR}/")
    elif document is not None and quote.strip():
        spans = document.find_all(quote)
        span = spans[min(occurrence, len(spans) - 1)] if spans else None
        if span is None:
            problem(
                "quote", f"not found in {row['source']} (after normalising whitespace and NFKC)"
            )
    if value_text.strip() and quote.strip():
        expected = tuple(n for n in numbers.values() if n is not None)
        for message in value_text_problems(value_text, quote, expected):
            problem("value_text", message)
    derived = {
        "year_start": dates.get("period_start", (None,))[0],
        "year_end": dates.get("period_end", dates.get("period_start", (None,)))[0],
        "source_line": span.line if span else None,
        "quote_start": span.start if span else None,
        "quote_end": span.end if span else None,
        **numbers,
    }
    return problems, derived


def _check_bounds(qualifier: str, numbers: dict, problem) -> None:
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


def check_claims(rows: list[dict]) -> list[Problem]:
    """Rows of one claim state one quantity: they share a category, a unit family and a label."""
    problems: list[Problem] = []
    first_of: dict[str, dict] = {}
    checks = [
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
                        r["_line"],
                        column,
                        f"{r[column].strip()!r} differs from {first[column].strip()!r} on line "
                        f"{first['_line']}: the rows of claim {claim!r} count one quantity and "
                        f"share one {what}",
                    )
                )
    return problems


def _period(row: dict) -> tuple[str, str]:
    start = row["period_start"].strip()
    return start, row["period_end"].strip() or start


def _shown(period: tuple[str, str]) -> str:
    start, end = period
    return "no period" if not start else start if end == start else f"{start} to {end}"


def check_groups(rows: list[dict]) -> list[Problem]:
    """Problems with `series` (one quantity at several times) and `breakdown` (parts of one moment).

    Every row of a series or a breakdown has one unit; a series has rows at two or more periods,
    and its rows at one period restate one claim; a breakdown has two or more claims (parts).
    """
    problems: list[Problem] = []
    for column in ("series", "breakdown"):
        groups: dict[str, list[dict]] = {}
        for row in rows:
            if ID_RE.fullmatch(row[column].strip()):
                groups.setdefault(row[column].strip(), []).append(row)
        for name, members in groups.items():
            first = members[0]
            lines = ", ".join(str(r["_line"]) for r in members)
            for r in members[1:]:
                if r["unit"].strip() != first["unit"].strip():
                    problems.append(
                        Problem(
                            FIGURES_FILE,
                            r["_line"],
                            "unit",
                            f"{r['unit'].strip()!r} differs from {first['unit'].strip()!r} on line "
                            f"{first['_line']}: every row of {column} {name!r} has one unit",
                        )
                    )
            if column == "breakdown":
                if len({r["claim"].strip() for r in members}) < 2:
                    problems.append(
                        Problem(
                            FIGURES_FILE,
                            first["_line"],
                            "breakdown",
                            f"breakdown {name!r} has one part (claim {first['claim'].strip()!r}, "
                            f"lines {lines}): a breakdown splits one total or one moment into two "
                            "or more parts",
                        )
                    )
                continue
            claim_at: dict[tuple[str, str], dict] = {}
            for r in members:
                period = _period(r)
                if not period[0]:
                    problems.append(
                        Problem(
                            FIGURES_FILE,
                            r["_line"],
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
                            r["_line"],
                            "claim",
                            f"{r['claim'].strip()!r} differs from {earlier['claim'].strip()!r} on "
                            f"line {earlier['_line']} at the same period ({_shown(period)}) of "
                            f"series {name!r}: rows of a series at one period restate one claim",
                        )
                    )
            periods = {_period(r) for r in members if _period(r)[0]}
            if len(periods) < 2:
                at = _shown(next(iter(periods))) if periods else "no period"
                problems.append(
                    Problem(
                        FIGURES_FILE,
                        first["_line"],
                        "series",
                        f"series {name!r} has rows at only one period ({at}; lines {lines}): a "
                        "series holds one quantity at two or more times; parts of one total or "
                        "one moment share a breakdown instead",
                    )
                )
    return problems


def validate_figures(
    rows: list[dict], sources: dict[str, SourceDocument]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every row; return the typed frame (rows in file order) and every problem found."""
    problems: list[Problem] = []
    derived_rows = []
    first_line_of_id: dict[str, int] = {}
    seen_quotes: dict[tuple[str, str], int] = {}
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
                    row["_line"],
                    "id",
                    f"duplicate id {row['id']!r} (first on line {first_line_of_id[row['id']]})",
                )
            )
        else:
            first_line_of_id[row["id"]] = row["_line"]
        derived_rows.append(derived)
    problems += check_groups(rows) + check_claims(rows)
    # Built column by column: a frame from 100,000 row dicts took a second of its own.
    columns = {c: [row[c].strip() for row in rows] for c in TEXT_COLUMNS}
    columns |= {c: [d[c] for d in derived_rows] for c in (derived_rows[0] if rows else {})}
    frame = pd.DataFrame(columns, columns=[*COLUMNS, *DERIVED_COLUMNS])
    frame["line"] = pd.array([row["_line"] for row in rows], dtype="int64")
    for column in NUMERIC:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in DERIVED_COLUMNS[:-1]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame, problems


def validate_dismissed(rows: list[dict], sources: dict[str, SourceDocument]) -> list[Problem]:
    problems = []
    for row in rows:

        def problem(column: str, message: str, line: int = row["_line"]) -> None:
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
    dismissed_rows: list[dict] = []
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
    dismissed = pd.DataFrame.from_records(dismissed_rows, columns=[*DISMISSED_COLUMNS, "_line"])
    return Dataset(figures, sources, dismissed), []


def load_or_raise(data_dir: Path | str = DEFAULT_DATA_DIR) -> Dataset:
    dataset, problems = load_dataset(data_dir)
    if dataset is None:
        raise DataError(problems)
    return dataset
