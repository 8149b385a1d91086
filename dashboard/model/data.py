"""The curated figures table: its columns, loading, and validation that reports every problem with its line."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.model.claims import check_claims, check_groups
from dashboard.model.csv_reading import CsvRow, read_csv_rows
from dashboard.model.numbers import numbers_match, parse_numbers
from dashboard.model.problems import (
    DataError as DataError,  # re-exported: callers import it from here
)
from dashboard.model.problems import Problem as Problem
from dashboard.model.readings import check_asserted_by, check_by_date_total, paragraph_of
from dashboard.model.safe_files import MAX_FILE_BYTES, size_inside, too_large
from dashboard.model.schema import (
    COLUMNS,
    DERIVED_COLUMNS,
    DISMISSED_COLUMNS,
    DISMISSED_FILE,
    FIGURES_FILE,
    ID_RE,
    LABEL_MAX,
    NUMBER_RE,
    NUMERIC,
    PARTIAL_DATE_RE,
    REQUIRED,
    SOURCES_DIR,
    TEXT_COLUMNS,
    YEAR_RANGE,
)
from dashboard.model.sources import (
    METADATA_FILE,
    SHORT_TITLE_MAX,
    SourceDocument,
    Span,
    document_names,
    load_sources,
    normalise,
    source_caps,
)
from dashboard.model.version import data_version, files_signature
from dashboard.model.vocabulary import (
    BOUNDS_RULES,
    CATEGORIES,
    DISMISS_REASONS,
    QUALIFIERS,
    UNIT_LIMITS,
)

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
TABLE_ADVICE = (
    "check it is the table and not an export or a file with something appended; a larger table "
    "needs MAX_FILE_BYTES raised in dashboard/model/safe_files.py, and about 6 KB of memory a row"
)


@dataclass
class Dataset:
    """What the app serves: the validated figures frame and the source documents."""

    figures: pd.DataFrame
    sources: dict[str, SourceDocument]
    dismissed: pd.DataFrame
    version: str = ""  # model/version.py: a hash of the files the figures were read from
    signature: str = ""  # their names, sizes and times before they were read (files_signature)


# What a row's checks call with (column, message) for each problem they find.
Report = Callable[[str, str], None]
# The numbers and locations validation derives from a row (None where the row has none).
Derived = dict[str, float | int | None]
PartialDate = tuple[int, int, int]


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
    document = sources.get(row["source"])
    if span is not None and document is not None:
        check_asserted_by(row["asserted_by"], paragraph_of(document, span), problem)
    check_by_date_total(
        quote,
        value_text,
        (row["period_start"], row["period_end"]),
        row["unit"].strip(),
        row["note"],
        problem,
    )
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


def id_prefix(source: str) -> str:
    """The prefix every id citing `source` starts with: its file name up to '_' or '.'."""
    return re.split(r"[_.]", source, maxsplit=1)[0]


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
    columns: dict[str, list] = {c: [row[c].strip() for row in rows] for c in TEXT_COLUMNS}
    columns |= {c: [d[c] for d in derived_rows] for c in (derived_rows[0] if rows else {})}
    columns["line"] = [row.line for row in rows]
    return figures_frame(columns), problems


def figures_frame(columns: dict[str, list], only: Collection[str] | None = None) -> pd.DataFrame:
    """The typed figures frame from its columns as lists (None where a cell is empty): the same
    frame whether validation built the lists or the built index stored them. With `only`, just
    those columns (a reader that needs a few of 100,000 rows' columns).

    Built column by column: a frame from 100,000 row dicts took a second of its own.
    """
    names = [c for c in [*COLUMNS, *DERIVED_COLUMNS] if only is None or c in only]
    frame = pd.DataFrame(
        {c: columns[c] for c in names if c in columns and c != "line"}, columns=names
    )
    if "line" in names:
        frame["line"] = pd.array(columns.get("line", []), dtype="int64")
    for column in NUMERIC:
        if column in names:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in DERIVED_COLUMNS[:-1]:
        if column in names:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


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


def oversize_problems(data_dir: Path) -> list[Problem]:
    """Every file loading would read that is over its cap, with its size, the cap and what to
    do; found by os.stat alone, so a huge file costs nothing before it is refused. What is not a
    regular file inside `data_dir` is left to the reading, which says what it is."""
    caps = [
        (data_dir / FIGURES_FILE, MAX_FILE_BYTES, TABLE_ADVICE),
        (data_dir / DISMISSED_FILE, MAX_FILE_BYTES, TABLE_ADVICE),
    ]
    if (data_dir / SOURCES_DIR).is_dir():
        caps += source_caps(data_dir / SOURCES_DIR)
    problems = []
    for path, limit, advice in caps:
        size = size_inside(path, data_dir)
        if size is not None and size > limit:
            where = path.relative_to(data_dir).as_posix()
            problems.append(Problem(where, 0, "", too_large(size, limit, advice)))
    return problems


def load_dataset(data_dir: Path | str = DEFAULT_DATA_DIR) -> tuple[Dataset | None, list[Problem]]:
    """Load and validate everything in `data_dir`; the dataset is None when any problem was found.

    Sizes are checked first: one file over its cap refuses the load before any file is read.
    """
    data_dir = Path(data_dir)
    if oversize := oversize_problems(data_dir):
        return None, oversize
    problems: list[Problem] = []
    sources_dir = data_dir / SOURCES_DIR
    signature = files_signature(data_dir, document_names(sources_dir))  # before anything is read
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
                        document.described_in or f"{SOURCES_DIR}/{METADATA_FILE}",
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
    # A link to nowhere or a loop is not an absent file: read it, and its problem is reported.
    if (data_dir / DISMISSED_FILE).exists() or (data_dir / DISMISSED_FILE).is_symlink():
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
    dismissed = dismissed_frame([{**row, "_line": row.line} for row in dismissed_rows])
    for document in sources.values():  # validated: each text is read again when a page needs it
        document.let_go()
    return Dataset(figures, sources, dismissed, data_version(data_dir, sources), signature), []


def dismissed_frame(records: list[dict]) -> pd.DataFrame:
    """The dismissed mentions, one record each with its CSV line under "_line"."""
    return pd.DataFrame.from_records(records, columns=[*DISMISSED_COLUMNS, "_line"])


def load_or_raise(data_dir: Path | str = DEFAULT_DATA_DIR) -> Dataset:
    dataset, problems = load_dataset(data_dir)
    if dataset is None:
        raise DataError(problems)
    return dataset
