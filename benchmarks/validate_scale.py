"""Validation at scale: a valid 100,000-row table (the real rows copied under new ids), timed.

Prints the rows, the seconds `figures-dashboard validate` takes end to end (a fresh process: it
loads, checks every row against its source and builds the app as `serve` would; `--full`, so the
index the first run writes is not what the others read) in each of three
runs, their median and the target. Exits 1 when the median is over the target. Writes only to a
temporary directory.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA = ROOT / "data"
TARGET_SECONDS = 10.0
RUNS = 3
SLUG_COLUMNS = ("id", "claim", "series", "breakdown")  # suffixed per copy, so every copy is valid


def write_scaled_data_dir(folder: Path, rows: int) -> int:
    """The real data directory with figures.csv copied whole until it has at least `rows` rows
    (a partial copy would cut a breakdown in two); returns the count."""
    shutil.copytree(DATA / "sources", folder / "sources")
    shutil.copy(DATA / "dismissed.csv", folder / "dismissed.csv")
    shutil.copy(DATA / "datapackage.json", folder / "datapackage.json")  # the same sources: current
    with open(DATA / "figures.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, real = reader.fieldnames, list(reader)
    if columns is None:  # an empty file: DictReader found no header
        raise SystemExit(f"{DATA / 'figures.csv'} has no header row")
    written = 0
    with open(folder / "figures.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        copy = 0
        while written < rows:
            for row in real:
                suffix = {c: f"{row[c]}-c{copy}" for c in SLUG_COLUMNS if row[c].strip()}
                writer.writerow(row | suffix)
                written += 1
            copy += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = write_scaled_data_dir(folder, args.rows)
        size_mb = (folder / "figures.csv").stat().st_size / 2**20
        runs = []
        for _ in range(RUNS):
            began = time.perf_counter()
            result = subprocess.run(
                # --full: every run checks every row (later runs would read the built index).
                [str(BIN / "figures-dashboard"), "validate", "--full", "--data-dir", str(folder)],
                capture_output=True,
                text=True,
            )
            runs.append(time.perf_counter() - began)
    seconds = statistics.median(runs)
    summary = result.stdout.strip() or result.stderr[-500:]
    print(f"rows               {rows}")
    print(f"figures.csv        {size_mb:.1f} MB")
    print(f"validate exit      {result.returncode}: {summary}")
    print(f"validate seconds   {', '.join(f'{r:.2f}' for r in runs)}; median {seconds:.2f}")
    print(f"target             median under {TARGET_SECONDS:.0f} s")
    ok = result.returncode == 0 and seconds < TARGET_SECONDS
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
