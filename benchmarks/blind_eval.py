"""`propose` on two history texts written by someone blind to its rules (benchmarks/blind/), against their curation.

The texts (a timeline with date headings, an encyclopedia-style article) and `curation.csv` were
written for this check by an assistant who read none of the project's code or tests: every numeric
mention a careful reader underlines, the figures (is_figure=1) with their reading and period, and
the things that are not figures (dates, times, ages, durations, names, votes: is_figure=0). A draft
stands at a curated row when their places in the text overlap. Prints, per text and in all: recall
of the figures, precision of the rows put forward ("proposed", not "dismiss?"), the non-figures put
forward, and over matched figures the share with numbers and bounds, qualifier and period years
right. Writes benchmarks/results/blind_eval.json.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.extract.propose import Draft, propose  # noqa: E402

BLIND = ROOT / "benchmarks" / "blind"
RESULTS = ROOT / "benchmarks" / "results" / "blind_eval.json"
NUMBERS = ("value", "value_low", "value_high")


@dataclass
class Curated:
    row: dict[str, str]
    start: int
    end: int

    @property
    def is_figure(self) -> bool:
        return self.row["is_figure"] == "1"


def placed(text: str, rows: list[dict[str, str]]) -> list[Curated]:
    """Each curated row at its place: the first occurrence of its value_text after the last's."""
    out, position = [], 0
    for row in rows:
        start = text.find(row["value_text"], position)
        if start < 0:  # the curation lists rows in order; a row out of order is looked up anew
            start = text.find(row["value_text"])
        out.append(Curated(row, start, start + len(row["value_text"])))
        position = max(position, start + 1)
    return out


def overlapping(draft: Draft, curated: list[Curated]) -> Curated | None:
    found = [c for c in curated if c.start < draft.end and draft.start < c.end]
    figures = [c for c in found if c.is_figure]
    return (figures or found)[0] if found else None


def same_number(a: str, b: str) -> bool:
    if not a or not b:
        return a == b
    x, y = float(a), float(b)
    return math.isclose(x, y, rel_tol=2e-3) or (
        abs(x) < 1 and math.isclose(x * 100, y, rel_tol=2e-3)
    )


def numbers_right(draft: dict[str, str], row: dict[str, str]) -> bool:
    """Value and bounds agree, reading a range by its ends and a one-sided bound by its number."""
    stated = {round(float(draft[c]), 6) for c in NUMBERS if draft[c]}
    curated = {round(float(row[c]), 6) for c in NUMBERS if row[c]}
    return len(stated) == len(curated) and all(
        any(same_number(str(s), str(c)) for c in curated) for s in stated
    )


def years(start: str, end: str) -> tuple[str, str]:
    return start[:4], (end or start)[:4]


def score(name: str, text: str, rows: list[dict[str, str]]) -> dict[str, float | int]:
    curated = placed(text, rows)
    drafts = propose(name, text, None)
    proposed = [d for d in drafts if d.status == "proposed"]
    matched: dict[int, tuple[Draft, Curated]] = {}
    for draft in drafts:
        hit = overlapping(draft, curated)
        if hit is not None and hit.is_figure and id(hit) not in matched:
            matched[id(hit)] = (draft, hit)
    put_forward = [(d, overlapping(d, curated)) for d in proposed]
    figures = [c for c in curated if c.is_figure]
    pairs = list(matched.values())
    return {
        "figures": len(figures),
        "drafts": len(drafts),
        "proposed": len(proposed),
        "recall": len(pairs) / len(figures),
        "precision": sum(1 for _, c in put_forward if c is not None and c.is_figure)
        / max(len(proposed), 1),
        "non_figures_put_forward": sum(
            1 for _, c in put_forward if c is not None and not c.is_figure
        ),
        "numbers": sum(numbers_right(d.row, c.row) for d, c in pairs) / max(len(pairs), 1),
        "qualifier": sum(d.row["qualifier"] == c.row["qualifier"] for d, c in pairs)
        / max(len(pairs), 1),
        "period": sum(
            years(d.row["period_start"], d.row["period_end"])
            == years(c.row["period_start"], c.row["period_end"])
            for d, c in pairs
        )
        / max(len(pairs), 1),
    }


def main() -> int:
    with (BLIND / "curation.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    results = {}
    for name in sorted({row["doc"] for row in rows}):
        text = (BLIND / name).read_text()
        results[name] = score(name, text, [r for r in rows if r["doc"] == name])
    columns = ["figures", "drafts", "proposed", "recall", "precision", "non_figures_put_forward",
               "numbers", "qualifier", "period"]  # fmt: skip
    print("text          " + "".join(f"{c[:14]:>15}" for c in columns))
    for name, result in results.items():
        cells = [
            f"{result[c]:.1%}" if isinstance(result[c], float) else str(result[c]) for c in columns
        ]
        print(f"{name:<14}" + "".join(f"{cell:>15}" for cell in cells))
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"JSON written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
