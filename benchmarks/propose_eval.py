"""How well `propose` drafts a document it has not seen: each source held out in turn.

For each document: a copy of the data directory without that document's curated rows and
dismissals, `propose` run on it, and the drafts compared with the curated rows. A draft matches a
curated row when their value_text places in the document overlap. Prints, per document and in
all: mention recall (curated rows a draft found), precision (drafts proposed, not marked
"dismiss?", that match a curated row), and over matched pairs the share with value and bounds
exactly right, the same qualifier, the same unit family and the same period years. Writes the
figures to benchmarks/results/propose_eval.json; exits 1 when a held-out target is missed.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.data import DEFAULT_DATA_DIR, load_or_raise, unit_family  # noqa: E402
from dashboard.propose import propose  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "propose_eval.json"
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
            columns, rows = reader.fieldnames, [r for r in reader if r["source"] != source]
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return folder


def number(cell) -> float | None:
    if cell is None or cell == "" or cell != cell:
        return None
    return float(cell)


def years(start, end) -> tuple:
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
        places = []
        for _, row in curated.iterrows():
            found = document.find(row["value_text"], int(row["quote_start"]))
            places.append((row, (found.start, found.end) if found else (-1, -1)))
        matched_drafts = set()
        pairs = []
        for row, (a, b) in places:
            hits = [d for d in drafts if d.start < b and a < d.end]
            if hits:
                best = min(hits, key=lambda d: abs(d.start - a) + abs(d.end - b))
                pairs.append((row, best))
                matched_drafts.update(id(d) for d in hits)
        proposed = [d for d in drafts if d.status == "proposed"]
        correct = [d for d in proposed if id(d) in matched_drafts]

        def share(test, pairs=pairs) -> float:
            return round(sum(test(r, d) for r, d in pairs) / len(pairs), 3) if pairs else 0.0

        out[source] = {
            "curated_rows": len(curated),
            "drafts": len(drafts),
            "proposed": len(proposed),
            "recall": round(len(pairs) / len(curated), 3),
            # Found and not marked "dismiss?": what a curator appending the proposed rows keeps.
            "proposed_recall": round(
                sum(d.status == "proposed" for _, d in pairs) / len(curated), 3
            ),
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
    return out


def main() -> int:
    results = evaluate()
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
    for source, r in results.items():
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
        json.dumps({"results": results, "targets": TARGETS, "met": met}, indent=2) + "\n"
    )
    print(f"JSON written to {RESULTS.relative_to(ROOT)}")
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
