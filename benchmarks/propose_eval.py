"""How well `propose` drafts a document it has not seen: each source held out in turn.

For each document: a copy of the data directory without that document's curated rows and
dismissals, `propose` run on it, and the drafts compared with the curated rows. A draft matches a
curated row when their value_text places in the document overlap. Prints, per document and in
all: mention recall (curated rows a draft found), precision (drafts proposed, not marked
"dismiss?", that match a curated row), and over matched pairs the share with value and bounds
exactly right, the same qualifier, the same unit family and the same period years.

The rules were tuned on these two documents, so their held-out figures are an upper bound. The
same figures are also printed for a text on other subjects that the rules were not written
against (tests/fixtures/propose/unseen.txt), scored against a curation of it written with the
text (benchmarks/curations/unseen.csv); it has no targets. Writes the figures to
benchmarks/results/propose_eval.json; exits 1 when a held-out target is missed.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from dashboard.extract.propose import Draft, bounds, propose  # noqa: E402
from dashboard.model.data import DEFAULT_DATA_DIR, load_or_raise  # noqa: E402
from dashboard.model.sources import SourceDocument  # noqa: E402
from dashboard.model.vocabulary import unit_family  # noqa: E402

Span = tuple[int, int]

RESULTS = ROOT / "benchmarks" / "results" / "propose_eval.json"
UNSEEN_TEXT = ROOT / "tests" / "fixtures" / "propose" / "unseen.txt"
# The figures a curator keeps in the unseen text, in document order, one a row of UNSEEN_CURATION:
# value_text as a curator writes it, the numbers it states (";" between two, "1/3" for a third),
# qualifier, unit, period_start, period_end. Periods are what a reader who knows the history
# would enter, even where the text leaves them implicit (the Terror, 1793-1794). The text's other
# mentions (durations, an age, a size class) are incidental.
UNSEEN_CURATION = ROOT / "benchmarks" / "curations" / "unseen.csv"
TARGETS = {
    "recall": 0.98,
    "precision": 0.90,
    "numbers": 0.95,
    "qualifier": 0.90,
    "period": 0.80,
}


def without(data_dir: Path, source: str, folder: Path) -> Path:
    """A copy of `data_dir` whose figures.csv and dismissed.csv hold no row of `source`."""
    shutil.copytree(data_dir, folder, dirs_exist_ok=True)
    for name in ("figures.csv", "dismissed.csv"):
        with open(data_dir / name, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns, rows = reader.fieldnames or [], [r for r in reader if r["source"] != source]
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return folder


def number(cell: float | str | None) -> float | None:
    if cell is None or cell == "" or cell != cell:
        return None
    return float(cell)


def occurrences(document: SourceDocument, value_text: str, start: int, end: int) -> list[Span]:
    """Every place value_text stands inside text[start:end] as whole words, not inside a longer
    word or number ("six" in "sixteen", "18" in "180"); every place at all when there is none."""
    spans, anywhere, at = [], [], start
    while (found := document.find(value_text, at)) is not None and found.end <= end:
        span = (found.start, found.end)
        anywhere.append(span)
        before = document.text[found.start - 1 : found.start]
        after = document.text[found.end : found.end + 1]
        if not (before.isalnum() or after.isalnum()):
            spans.append(span)
        at = found.start + 1
    return spans or anywhere


def place_rows(document: SourceDocument, curated: pd.DataFrame) -> list[tuple[pd.Series, Span]]:
    """Where each curated row states its number: the first place of its value_text inside its
    quote that no other row of the table already states there, so two rows stating "six" twice in
    one sentence stand at the two places. Longer value_texts are placed first ("18%" before
    "18"); a row with no free place takes its first place."""
    rows = [row for _, row in curated.iterrows()]
    taken: list[Span] = []
    placed: dict[int, Span] = {}
    for k in sorted(range(len(rows)), key=lambda k: -len(str(rows[k]["value_text"]))):
        row = rows[k]
        spans = occurrences(
            document, str(row["value_text"]), int(row["quote_start"]), int(row["quote_end"])
        )
        free = [s for s in spans if not any(s[0] < b and a < s[1] for a, b in taken)]
        placed[k] = (free or spans or [(-1, -1)])[0]
        taken.append(placed[k])
    return [(row, placed[k]) for k, row in enumerate(rows)]


def years(start: object, end: object) -> tuple[str, str]:
    first = str(start)[:4] if start else ""
    return first, (str(end)[:4] if end else first)


def evaluate(data_dir: Path = DEFAULT_DATA_DIR) -> dict:
    real = load_or_raise(data_dir)
    out = {}
    for source, document in real.sources.items():
        with tempfile.TemporaryDirectory() as tmp:
            held_out = load_or_raise(without(data_dir, source, Path(tmp)))
            drafts = propose(source, document.text, held_out, document.furniture_lines)
        curated = real.figures[real.figures["source"] == source]
        places = [span for _, span in place_rows(document, curated)]
        out[source] = scores(curated, places, drafts)
    return out


def unseen_curation() -> list[tuple[str, list[float], str, str, str, str]]:
    """UNSEEN_CURATION's rows: (value_text, numbers, qualifier, unit, period_start, period_end)."""
    with open(UNSEEN_CURATION, newline="", encoding="utf-8") as handle:
        return [
            (
                row["value_text"],
                [fraction(cell) for cell in row["numbers"].split(";")],
                row["qualifier"],
                row["unit"],
                row["period_start"],
                row["period_end"],
            )
            for row in csv.DictReader(handle)
        ]


def fraction(cell: str) -> float:
    """A number as the curation writes it: "0.75", "8200000" or "1/3"."""
    top, _, bottom = cell.partition("/")
    return float(top) / float(bottom) if bottom else float(cell)


def unseen_rows(text: str) -> pd.DataFrame:
    """The unseen curation as curated rows: value, bounds and the place of each value_text."""
    rows, at = [], 0
    for value_text, numbers, qualifier, unit, start, end in unseen_curation():
        where = text.index(value_text, at)
        value, low, high = bounds(qualifier, numbers)
        rows.append(
            {"value": value, "value_low": low, "value_high": high, "qualifier": qualifier}
            | {"unit": unit, "period_start": start, "period_end": end}
            | {"place": (where, where + len(value_text))}
        )
        at = where + len(value_text)
    return pd.DataFrame(rows)


def scores(curated: pd.DataFrame, places: list[Span], drafts: list[Draft]) -> dict:
    """Recall, precision and the agreement of matched pairs, as in the module docstring."""
    matched_drafts: set[int] = set()
    pairs = []
    for (_, row), (a, b) in zip(curated.iterrows(), places, strict=True):
        hits = [d for d in drafts if d.start < b and a < d.end]
        if hits:
            best = min(hits, key=lambda d: abs(d.start - a) + abs(d.end - b))
            pairs.append((row, best))
            matched_drafts.update(id(d) for d in hits)
    proposed = [d for d in drafts if d.status == "proposed"]
    correct = [d for d in proposed if id(d) in matched_drafts]

    def share(test: Callable[[pd.Series, Draft], bool]) -> float:
        return round(sum(test(r, d) for r, d in pairs) / len(pairs), 3) if pairs else 0.0

    return {
        "curated_rows": len(curated),
        "drafts": len(drafts),
        "proposed": len(proposed),
        "recall": round(len(pairs) / len(curated), 3),
        # Found and not marked "dismiss?": what a curator appending the proposed rows keeps.
        "proposed_recall": round(sum(d.status == "proposed" for _, d in pairs) / len(curated), 3),
        "precision": round(len(correct) / len(proposed), 3) if proposed else 0.0,
        "numbers": share(
            lambda r, d: all(
                number(r[c]) == number(d.row[c]) for c in ("value", "value_low", "value_high")
            )
        ),
        "qualifier": share(lambda r, d: r["qualifier"] == d.row["qualifier"]),
        "unit_family": share(lambda r, d: unit_family(r["unit"]) == unit_family(d.row["unit"])),
        "period": share(
            lambda r, d: (
                years(r["period_start"], r["period_end"])
                == years(d.row["period_start"], d.row["period_end"])
            )
        ),
    }


def evaluate_unseen() -> dict:
    text = UNSEEN_TEXT.read_text(encoding="utf-8")
    curated = unseen_rows(text)
    return scores(curated, list(curated["place"]), propose(UNSEEN_TEXT.name, text, None))


def main() -> int:
    results = evaluate()
    unseen = evaluate_unseen()
    names = [
        "recall",
        "proposed_recall",
        "precision",
        "numbers",
        "qualifier",
        "unit_family",
        "period",
    ]
    print(
        f"{'held-out source':<28} {'rows':>5} {'drafts':>6} "
        + " ".join(f"{n[:11]:>11}" for n in names)
    )
    for source, r in [*results.items(), ("unseen.txt (no target)", unseen)]:
        print(
            f"{source:<28} {r['curated_rows']:>5} {r['drafts']:>6} "
            + " ".join(f"{r[n]:>11.1%}" for n in names)
        )
    met = {
        f"{source}: {name} >= {target:.0%}": results[source][name] >= target
        for source in results
        for name, target in TARGETS.items()
    }
    for line, ok in met.items():
        print(f"target {line:<50} {'met' if ok else 'NOT met'}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({"results": results, "unseen": unseen, "targets": TARGETS, "met": met}, indent=2)
        + "\n"
    )
    print(f"JSON written to {RESULTS.relative_to(ROOT)}")
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
