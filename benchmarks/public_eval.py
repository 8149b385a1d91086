"""propose on MeasEval, a public corpus of quantities in science text: value and qualifier F1."""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypedDict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.extract.propose import Draft, propose  # noqa: E402

CORPUS = ROOT / "benchmarks" / "public" / "measeval"
RESULTS = ROOT / "benchmarks" / "results" / "public_eval.json"
# Printed in this order: the half no one reads first.
Half = Literal["held_out", "read"]
HALVES: dict[Half, str] = {
    "held_out": "unopened half (held out: never read, never tuned on)",
    "read": "read half (may be tuned on)",
}
# A draft matches a gold quantity when their character spans overlap and the draft's first number
# (value, else value_low; for a range either end, as a row keeps the ends sorted, not as written)
# equals the gold's leading number, read by NUMERAL and NUMBER_WORD below, not by the project's
# parser. A gold quantity with no numeral they read ("several", "non-zero") matches on overlap.
# Precision: drafts matching some gold quantity / drafts; recall: gold quantities some draft
# matches / gold quantities; both summed over the documents of a half.
#
# The gold qualifier comes from MeasEval's mods (a mod counts when its name contains the flag,
# so IsRangeHasTolerance is a range), as the set of draft qualifiers accepted for it:
#   IsRange        -> range, or a one-sided bound: MeasEval marks open-ended ranges IsRange too
#                     ("greater than 0.1 ppm", "<2 ppm", "up to 650 K");
#   IsApproximate  -> approx or nearly;
#   both           -> any of the above;
#   otherwise      -> exact (IsCount, IsList, IsMean, HasTolerance... state a number as such).
RANGE_LIKE = {"range", "less_than", "up_to", "more_than", "at_least"}
APPROX_LIKE = {"approx", "nearly"}
EXACT = {"exact"}
METRICS = {  # name: (only drafts whose status is "proposed", the qualifier must agree too)
    "value, all drafts": (False, False),
    "value, proposed drafts": (True, False),
    "value+qualifier, all drafts": (False, True),
    "value+qualifier, proposed drafts": (True, True),
}
# A numeral: 1,200  0.35  .5  -4 (also with U+2212 MINUS SIGN)  1/100  5e-3  8.2 million
# 3x10^4  10^4  and with U+00D7 MULTIPLICATION SIGN, superscript exponents flattened as MeasEval's
# text has them: "3 [times] 104" is 3e4, "1[times]10[minus]5" 1e-5, a bare "10[minus]5" 1e-5.
MINUS = "\u2212"
NUMERAL = re.compile(
    r"(?<![\w.,])(?P<sign>[-\u2212])?"
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:(?P<fraction>/\d+)(?![\d/])"
    r"|\s?[\u00d7x*]\s?10(?:\^\s?)?(?P<times>[-\u2212+]?\d+)"
    r"|[eE](?P<e>[-+\u2212]?\d+)(?![\w.])"
    r"|(?P<power>\^[-\u2212+]?\d+|\u2212\d+))?"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion)\b)?"
)
UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
# A number word: "three", "Four-year-old", "twenty-five", "two hundred", "a thousand"; not the
# "zero" of "non-zero", and no bare scale word ("several hundred" is read as no numeral).
NUMBER_WORD = re.compile(
    rf"(?<![\w-])(?:(?P<a>an?)(?=\s+(?:{'|'.join(SCALES)})\b)"
    rf"|(?P<tens>{'|'.join(TENS)})(?:[-\s](?P<tens_unit>{'|'.join(UNITS[1:10])})\b)?"
    rf"|(?P<unit>{'|'.join(UNITS)}))\b"
    rf"(?:\s+(?P<scale>{'|'.join(SCALES)})\b)?",
    re.IGNORECASE,
)


class Split(TypedDict):
    """split.json: the documents of each half, and how the split was drawn."""

    seed: int
    by: str
    source_commit: str
    held_out: list[str]
    read: list[str]


def main() -> int:
    args = arguments()
    if args.errors and args.half != "read":
        print(
            "public_eval: --errors lists documents' text and drafts, so it runs only with "
            "--half read; the held-out half is never opened for reading.",
            file=sys.stderr,
        )
        return 2
    split: Split = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))
    gold = read_gold()
    halves: list[Half] = list(HALVES) if args.half == "both" else [args.half]
    results = {}
    for half in halves:
        doc_ids = split[half][: args.limit] if args.limit else split[half]
        run = evaluate(doc_ids, gold, show_errors=args.errors)
        results[half] = summary(run)
        print_half(HALVES[half], results[half])
    print_notes()
    write_results(args.output, results, args.limit)
    return 0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--half", choices=["read", "held_out", "both"], default="both")
    parser.add_argument(
        "--errors", action="store_true", help="list misses and false positives (read half only)"
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where the JSON goes")
    return parser.parse_args()


@dataclass(frozen=True)
class Gold:
    """One MeasEval Quantity: where it stands, its text and mods, and what the scorer reads."""

    doc_id: str
    start: int
    end: int
    text: str
    mods: tuple[str, ...]
    unit: str
    number: float | None  # its leading number, None when no numeral is read
    qualifiers: frozenset[str]  # the draft qualifiers accepted for it


def read_gold() -> dict[str, list[Gold]]:
    """quantities.csv by document."""
    out: dict[str, list[Gold]] = {}
    with open(CORPUS / "quantities.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            mods = tuple(m for m in row["mods"].split(";") if m)
            gold = Gold(
                row["doc_id"],
                int(row["start"]),
                int(row["end"]),
                row["text"],
                mods,
                row["unit"],
                leading_number(row["text"]),
                gold_qualifiers(mods),
            )
            out.setdefault(gold.doc_id, []).append(gold)
    return out


def leading_number(text: str) -> float | None:
    """The first number `text` states as a numeral or a simple number word, else None."""
    found = [m for m in (NUMERAL.search(text), NUMBER_WORD.search(text)) if m]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    return numeral_value(first) if first.re is NUMERAL else word_value(first)


def numeral_value(match: re.Match[str]) -> float:
    value = float(match["digits"].replace(",", ""))
    if match["fraction"]:
        value /= float(match["fraction"][1:])
    exponent = match["times"] or match["e"]
    if exponent:
        value *= 10.0 ** int(exponent.replace(MINUS, "-"))
    elif match["power"] and match["digits"] == "10":
        value = 10.0 ** int(match["power"].lstrip("^").replace(MINUS, "-"))
    if match["sign"]:
        value = -value
    return value * SCALES.get((match["scale"] or "").lower(), 1)


def word_value(match: re.Match[str]) -> float:
    if match["a"]:
        value = 1.0
    elif match["tens"]:
        tens_unit = match["tens_unit"]
        value = 20.0 + 10 * TENS.index(match["tens"].lower())
        value += UNITS.index(tens_unit.lower()) if tens_unit else 0
    else:
        value = float(UNITS.index(match["unit"].lower()))
    return value * SCALES.get((match["scale"] or "").lower(), 1)


def gold_qualifiers(mods: tuple[str, ...]) -> frozenset[str]:
    """The draft qualifiers accepted for a gold quantity with these mods (see the top)."""
    is_range = any("IsRange" in m for m in mods)
    approximate = any("IsApproximate" in m for m in mods)
    if not (is_range or approximate):
        return frozenset(EXACT)
    return frozenset((RANGE_LIKE if is_range else set()) | (APPROX_LIKE if approximate else set()))


@dataclass
class Tally:
    """Counts for one metric, summed over documents."""

    drafts: int = 0
    matched_drafts: int = 0
    gold: int = 0
    matched_gold: int = 0

    def scores(self) -> dict[str, float]:
        precision = self.matched_drafts / self.drafts if self.drafts else 0.0
        recall = self.matched_gold / self.gold if self.gold else 0.0
        return {"precision": precision, "recall": recall, "f1": f1(precision, recall)}


@dataclass
class Run:
    """What running propose over one half gave."""

    docs: int = 0
    gold: int = 0
    span_only_gold: int = 0
    drafts: int = 0
    proposed: int = 0
    failed_docs: int = 0
    false_positives_in_lists: int = 0
    year_like_gold: int = 0
    year_like_missed: int = 0
    seconds: float = 0.0
    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in METRICS})


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def evaluate(doc_ids: list[str], gold: dict[str, list[Gold]], show_errors: bool) -> Run:
    """propose on each document, scored against its gold quantities for every metric."""
    run = Run()
    for doc_id in doc_ids:
        text = (CORPUS / "texts" / f"{doc_id}.txt").read_bytes().decode("utf-8")
        golds = gold.get(doc_id, [])
        started = time.perf_counter()
        try:
            drafts = propose(f"{doc_id}.txt", text, None)
        except Exception as error:  # counted; its message may quote the text, so not printed
            run.failed_docs += 1
            print(f"  propose raised {type(error).__name__} on a document", file=sys.stderr)
            drafts = []
        run.seconds += time.perf_counter() - started
        count(run, drafts, golds)
        if show_errors:
            print_errors(doc_id, text, drafts, golds)
    return run


def count(run: Run, drafts: list[Draft], golds: list[Gold]) -> None:
    run.docs += 1
    run.gold += len(golds)
    run.span_only_gold += sum(g.number is None for g in golds)
    run.drafts += len(drafts)
    run.proposed += sum(d.status == "proposed" for d in drafts)
    for name, (proposed_only, with_qualifier) in METRICS.items():
        scored = [d for d in drafts if d.status == "proposed" or not proposed_only]
        tally = run.tallies[name]
        tally.drafts += len(scored)
        tally.gold += len(golds)
        tally.matched_drafts += sum(
            any(matches(d, g, with_qualifier) for g in golds) for d in scored
        )
        tally.matched_gold += sum(any(matches(d, g, with_qualifier) for d in scored) for g in golds)
    years = [g for g in golds if year_like(g)]
    run.year_like_gold += len(years)
    run.year_like_missed += sum(not any(matches(d, g, False) for d in drafts) for g in years)
    lists = [g for g in golds if any("IsList" in m for m in g.mods)]
    run.false_positives_in_lists += sum(
        not any(matches(d, g, False) for g in golds) and any(overlap(d, g) for g in lists)
        for d in drafts
    )


def matches(draft: Draft, gold: Gold, with_qualifier: bool) -> bool:
    if not overlap(draft, gold):
        return False
    if gold.number is not None and not any(
        math.isclose(gold.number, n, rel_tol=1e-9, abs_tol=1e-12) for n in first_numbers(draft)
    ):
        return False
    return not with_qualifier or draft.row["qualifier"] in gold.qualifiers


def year_like(gold: Gold) -> bool:
    """A unitless whole number from 1000 to 2100: most likely a year, which propose reads as a
    date (a row's period), not as a figure."""
    number = gold.number
    return not gold.unit and number is not None and number.is_integer() and 1000 <= number <= 2100


def overlap(draft: Draft, gold: Gold) -> bool:
    return draft.start < gold.end and gold.start < draft.end


def first_numbers(draft: Draft) -> list[float]:
    """The numbers that count as the draft's first (see the top): value, else either end."""
    row = draft.row
    cells = [row["value"]] if row.get("value") not in (None, "") else []
    cells = cells or [
        c for c in (row.get("value_low"), row.get("value_high")) if c not in (None, "")
    ]
    return [float(c) for c in cells]


def summary(run: Run) -> dict:
    return {
        "docs": run.docs,
        "gold": run.gold,
        "gold_without_numeral": run.span_only_gold,
        "drafts": run.drafts,
        "proposed": run.proposed,
        "failed_docs": run.failed_docs,
        "false_positives_inside_gold_lists": run.false_positives_in_lists,
        "year_like_gold": run.year_like_gold,
        "year_like_gold_missed": run.year_like_missed,
        "propose_seconds": round(run.seconds, 2),
        "metrics": {
            name: {k: round(v, 3) for k, v in tally.scores().items()}
            | {
                "drafts": tally.drafts,
                "matched_drafts": tally.matched_drafts,
                "matched_gold": tally.matched_gold,
            }
            for name, tally in run.tallies.items()
        },
    }


def print_half(label: str, result: dict) -> None:
    print(f"\n== {label}")
    print(
        f"{result['docs']} documents, {result['gold']} gold quantities, {result['drafts']} drafts "
        f"({result['proposed']} proposed); propose took {result['propose_seconds']:.1f} s"
        + (f"; propose failed on {result['failed_docs']}" if result["failed_docs"] else "")
    )
    print(f"{'':<34} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, score in result["metrics"].items():
        print(f"{name:<34} {score['precision']:>9.1%} {score['recall']:>7.1%} {score['f1']:>6.1%}")
    print(
        f"{result['gold_without_numeral']} gold quantities have no numeral the scorer reads (they "
        f"match on span overlap alone); {result['false_positives_inside_gold_lists']} unmatched "
        "drafts stand inside a gold list (IsList), which MeasEval annotates as one quantity; "
        f"{result['year_like_gold']} gold quantities look like years (unitless whole numbers "
        f"1000-2100), {result['year_like_gold_missed']} of them missed"
    )


def print_notes() -> None:
    print(
        "\nA draft matches a gold quantity when the spans overlap and its first number equals the "
        "gold's leading number; value+qualifier also needs the qualifier MeasEval's mods imply "
        "(IsRange: range or a one-sided bound; IsApproximate: approx or nearly; else exact). "
        "See the top of benchmarks/public_eval.py."
    )


def print_errors(doc_id: str, text: str, drafts: list[Draft], golds: list[Gold]) -> None:
    """The read half's misses and false positives (value, all drafts) for one document."""
    misses = [g for g in golds if not any(matches(d, g, False) for d in drafts)]
    false = [d for d in drafts if not any(matches(d, g, False) for g in golds)]
    if not (misses or false):
        return
    print(f"-- {doc_id}")
    for g in misses:
        near = ", ".join(
            f"{d.row['value_text']!r}={first_numbers(d)}" for d in drafts if overlap(d, g)
        )
        print(f"  miss   {g.text!r} (reads {g.number}; drafts over it: {near or 'none'})")
    for d in false:
        context = text[max(0, d.start - 30) : d.end + 30].replace("\n", " ")
        print(f"  false  {d.row['value_text']!r}={first_numbers(d)} [{d.status}] …{context}…")


def write_results(path: Path, results: dict, limit: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "corpus": "MeasEval (SemEval-2021 Task 8), see benchmarks/public/measeval/NOTICE.md",
        "limit": limit or None,
        "halves": results,
    }
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"JSON written to {shown}")


if __name__ == "__main__":
    sys.exit(main())
