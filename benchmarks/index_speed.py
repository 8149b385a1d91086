"""The built index at scale: how long `build` takes, and a fresh process's first search with and
without it, on a data directory of ~100,000 rows (the real rows copied, as validate_scale.py does).

Each measurement runs in a fresh process, as a server worker starts. Prints the rows, the build's
seconds (in-process, and `figures-dashboard build` end to end), the file's size, and the first
search's seconds with and without the index (median of RUNS). With --distinct each copy's
measure names its copy, so no text repeats (the search builds each distinct text once).
Writes only to a temporary directory.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.validate_scale import BIN, write_scaled_data_dir  # noqa: E402

RUNS = 3
QUERY = "executed"


def distinguish(folder: Path) -> None:
    """Each row's measure suffixed with its copy, so every text is distinct."""
    path = folder / "figures.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames or [], list(reader)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            copy = row["id"].rpartition("-c")[2]
            writer.writerow(row | {"measure": f"{row['measure']} (copy {copy})"})


def child(mode: str, data_dir: Path, index: Path) -> None:
    """One fresh process's timings, printed as JSON: load, then build or a first search."""
    from dashboard.model.data import load_or_raise
    from dashboard.model.filters import FilterIndex, Filters
    from dashboard.model.frame import plot_frame
    from dashboard.model.index import build_index, open_index
    from dashboard.model.search import use_built_index

    began = time.perf_counter()
    dataset = load_or_raise(data_dir)
    timings = {"load": time.perf_counter() - began}
    if mode == "build":
        began = time.perf_counter()
        build_index(dataset, index, data_dir)
        timings["build"] = time.perf_counter() - began
    else:
        if mode == "with":  # what serve's ensure_index registers before its workers fork
            use_built_index(functools.partial(open_index, index, dataset.version))
        filters = FilterIndex.of(plot_frame(dataset.figures, dataset.sources))  # the page's
        began = time.perf_counter()
        found = filters.mask(Filters(q=QUERY))
        timings["first_search"] = time.perf_counter() - began
        timings["rows_found"] = int(found.sum())
        timings["built_index_used"] = filters.text.uses_built_index
    print(json.dumps(timings))


def run_child(mode: str, data_dir: Path, index: Path) -> dict:
    command = [sys.executable, __file__, "--child", mode, str(data_dir), str(index)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--distinct", action="store_true", help="no two rows' texts alike")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder, index = Path(tmp) / "data", Path(tmp) / "figures.sqlite"
        folder.mkdir()
        rows = write_scaled_data_dir(folder, args.rows)
        if args.distinct:
            distinguish(folder)
        builds = [run_child("build", folder, index)["build"] for _ in range(RUNS)]
        cli = [str(BIN / "figures-dashboard"), "build", "--data-dir", str(folder)]
        began = time.perf_counter()
        subprocess.run([*cli, "--index", str(Path(tmp) / "cli.sqlite")], check=True)
        cli_seconds = time.perf_counter() - began
        size_mb = index.stat().st_size / 2**20
        without = [run_child("without", folder, index) for _ in range(RUNS)]
        with_index = [run_child("with", folder, index) for _ in range(RUNS)]
    assert all(not r["built_index_used"] for r in without)
    assert all(r["built_index_used"] for r in with_index)
    assert {r["rows_found"] for r in without} == {r["rows_found"] for r in with_index}

    def shown(values: list[float]) -> str:
        runs = ", ".join(f"{v:.3f}" for v in values)
        return f"{runs}; median {statistics.median(values):.3f}"

    print(f"rows                      {rows}{' (distinct texts)' if args.distinct else ''}")
    print(f"build_index seconds       {shown(builds)}")
    print(f"`build` end to end        {cli_seconds:.2f} s (loading and validating included)")
    print(f"index file                {size_mb:.1f} MB")
    print(f"first search, no index    {shown([r['first_search'] for r in without])}")
    print(f"first search, built index {shown([r['first_search'] for r in with_index])}")
    print(f"rows found for {QUERY!r}   {without[0]['rows_found']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
