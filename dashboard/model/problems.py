"""Problem (one fault in the data, located by file, line and column), DataError, and printing them."""

from __future__ import annotations

import sys
from dataclasses import dataclass

MAX_PRINTED_PROBLEMS = 200  # a broken file can have thousands; the first ones say what is wrong


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located by file, line and column."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


class DataError(Exception):
    """The data directory has problems; `problems` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def print_problems(problems: list[Problem], outcome: str = "nothing was loaded") -> int:
    """Print at most MAX_PRINTED_PROBLEMS problems on stderr, then how many there were; return 1."""
    for problem in problems[:MAX_PRINTED_PROBLEMS]:
        print(problem, file=sys.stderr)
    if len(problems) > MAX_PRINTED_PROBLEMS:
        print(f"... and {len(problems) - MAX_PRINTED_PROBLEMS} more.", file=sys.stderr)
    print(f"{len(problems)} problem(s) found; {outcome}.", file=sys.stderr)
    return 1
