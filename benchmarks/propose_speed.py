"""How `propose`'s time grows with the text: 250 KB, 500 KB and 1 MB of prose, and one sentence of many numbers.

The prose is the two sources' own sentences repeated (a paragraph a line, as they are), run on one
core in this process. Growth is linear when doubling the text doubles the time: the script prints
each ratio of successive times and the seconds per MB. Target (issue 23): 1 MB in under 10 s.
Writes benchmarks/results/propose_speed.json; exits 1 when the target is missed.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.extract.propose import propose  # noqa: E402

SOURCES = ROOT / "data" / "sources"
RESULTS = ROOT / "benchmarks" / "results" / "propose_speed.json"
SIZES = [250_000, 500_000, 1_000_000]
SENTENCE_NUMBERS = [250, 500, 1000, 2000]
TARGET_SECONDS_PER_MB = 10.0


def prose(size: int) -> str:
    """`size` characters of the sources' text, repeated and cut at a line's end."""
    base = "\n".join(path.read_text() for path in sorted(SOURCES.glob("*.txt")))
    text = (base + "\n") * (size // len(base) + 1)
    return text[: text.rfind("\n", 0, size) + 1]


def one_sentence(numbers: int) -> str:
    """A single sentence stating `numbers` counts, the worst case for per-sentence rules."""
    return "The counts were " + ", ".join(f"{i * 7 + 3} men" for i in range(numbers)) + " in 1917."


def timed(text: str) -> tuple[float, int]:
    """(seconds, drafts) for one propose run over `text`."""
    start = time.perf_counter()
    drafts = propose("bench.txt", text, None)
    return time.perf_counter() - start, len(drafts)


def main() -> int:
    rows: list[dict[str, float | int | str]] = []
    print(f"{'text':<28}{'size':>12}{'drafts':>9}{'seconds':>10}{'x previous':>12}")
    previous: float | None = None
    for size in SIZES:
        text = prose(size)
        seconds, drafts = timed(text)
        ratio = seconds / previous if previous else None
        print(
            f"{'prose':<28}{len(text):>12,}{drafts:>9}{seconds:>10.2f}"
            f"{(f'{ratio:.2f}' if ratio else ''):>12}"
        )
        rows.append({"text": "prose", "chars": len(text), "drafts": drafts, "seconds": seconds})
        previous = seconds
    previous = None
    for count in SENTENCE_NUMBERS:
        seconds, drafts = timed(one_sentence(count))
        ratio = seconds / previous if previous else None
        print(
            f"{f'one sentence, {count} numbers':<28}{len(one_sentence(count)):>12,}{drafts:>9}"
            f"{seconds:>10.2f}{(f'{ratio:.2f}' if ratio else ''):>12}"
        )
        rows.append({"text": f"sentence x{count}", "drafts": drafts, "seconds": seconds})
        previous = seconds
    largest = rows[len(SIZES) - 1]
    per_mb = float(largest["seconds"]) / (float(largest["chars"]) / 1e6)
    met = per_mb < TARGET_SECONDS_PER_MB
    print(
        f"prose: {per_mb:.2f} s per MB (target under {TARGET_SECONDS_PER_MB:.0f} s): "
        f"{'met' if met else 'NOT met'}"
    )
    RESULTS.write_text(json.dumps({"runs": rows, "seconds_per_mb": per_mb}, indent=2) + "\n")
    print(f"JSON written to {RESULTS.relative_to(ROOT)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
