"""Rules across rows: the statements of one claim agree on what they measure, and a series or a\nbreakdown holds together (one unit, no gaps, two or more parts)."""

from __future__ import annotations

from collections.abc import Callable

from dashboard.model.csv_reading import CsvRow
from dashboard.model.problems import (
    DataError as DataError,  # re-exported: callers import it from here
)
from dashboard.model.problems import Problem as Problem
from dashboard.model.schema import (
    FIGURES_FILE,
    ID_RE,
)
from dashboard.model.vocabulary import (
    unit_family,
)


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
