"""Memory per cited byte: `validate` on the real data with one source grown to 10, 20 and 40 MB.

Prints, for each size, the peak resident memory of a fresh `figures-dashboard validate` process
and what each extra byte of source text cost. Writes only to a temporary directory.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BIN = Path(sys.executable).parent
SIZES_MB = (0, 10, 20, 40)


def grown_data_dir(folder: Path, megabytes: int) -> Path:
    """The real data directory, its first source followed by copies of its own text: every quote
    still stands where it stood, and the document is `megabytes` larger."""
    target = folder / f"data-{megabytes}"
    shutil.copytree(DATA, target)
    source = sorted((target / "sources").glob("*.txt"))[0]
    text = source.read_text(encoding="utf-8")
    extra = megabytes * 1_000_000
    padding = ("\n\n" + text) * (extra // (len(text) + 2) + 1)
    source.write_text(text + padding[:extra], encoding="utf-8")
    return target


def peak_rss_mb(data_dir: Path) -> float:
    """The peak resident memory, in MB, of one validate run in a process of its own."""
    code = (
        "import resource, sys; from dashboard.cli import main; status = main(['validate', "
        f"'--data-dir', {str(data_dir)!r}]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); "
        "sys.exit(status)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"validate failed on {data_dir}:\n{result.stderr[-2000:]}")
    return int(result.stderr.strip().splitlines()[-1]) / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    assert resource  # the child reads it; imported here so a missing module fails early
    with tempfile.TemporaryDirectory() as folder:
        baseline = None
        print(f"{'source grown by':>16} {'peak RSS':>10} {'per added byte':>15}")
        for megabytes in SIZES_MB:
            rss = peak_rss_mb(grown_data_dir(Path(folder), megabytes))
            baseline = rss if baseline is None else baseline
            per_byte = (rss - baseline) / megabytes if megabytes else 0.0
            print(f"{megabytes:>13} MB {rss:>7.0f} MB {per_byte:>12.1f} B/B")


if __name__ == "__main__":
    main()
