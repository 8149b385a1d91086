"""The public MeasEval evaluation: its data files agree with each other, and the script runs.

No assertion here shows a held-out text: the span check collects only ids and offsets."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "benchmarks" / "public" / "measeval"
SCRIPT = ROOT / "benchmarks" / "public_eval.py"


def gold_rows() -> list[dict[str, str]]:
    with open(CORPUS / "quantities.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def split() -> dict:
    return json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))


def test_the_halves_are_disjoint_and_cover_every_document():
    halves = split()
    read, held_out = set(halves["read"]), set(halves["held_out"])
    texts = {p.stem for p in (CORPUS / "texts").glob("*.txt")}
    assert read
    assert held_out
    assert read & held_out == set()
    assert read | held_out == texts
    assert {row["doc_id"] for row in gold_rows()} <= texts
    # Split by article: no article has paragraphs in both halves.
    articles = [{doc.rsplit("-", 1)[0] for doc in half} for half in (read, held_out)]
    assert articles[0] & articles[1] == set()


def test_every_gold_span_slices_its_text_exactly():
    texts: dict[str, str] = {}
    wrong = []
    for row in gold_rows():
        doc_id, start, end = row["doc_id"], int(row["start"]), int(row["end"])
        if doc_id not in texts:
            texts[doc_id] = (CORPUS / "texts" / f"{doc_id}.txt").read_bytes().decode("utf-8")
        if not (0 <= start < end <= len(texts[doc_id])) or texts[doc_id][start:end] != row["text"]:
            wrong.append((doc_id, start, end))  # ids and offsets only, never the text
    assert len(texts) > 0
    assert wrong == []


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300
    )


def test_the_script_scores_the_first_read_documents(tmp_path: Path):
    out = tmp_path / "public_eval.json"
    done = run("--half", "read", "--limit", "3", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "read half (may be tuned on)" in done.stdout
    assert "unopened half" not in done.stdout
    for metric in ("value, all drafts", "value, proposed drafts", "value+qualifier, all drafts"):
        assert metric in done.stdout
    result = json.loads(out.read_text(encoding="utf-8"))["halves"]
    assert set(result) == {"read"}
    first = set(split()["read"][:3])
    read = result["read"]
    assert read["docs"] == 3
    assert read["gold"] == sum(row["doc_id"] in first for row in gold_rows())
    for score in read["metrics"].values():
        assert 0 <= score["matched_gold"] <= read["gold"]
        assert 0 <= score["matched_drafts"] <= score["drafts"] <= read["drafts"]
        p, r = score["precision"], score["recall"]
        assert score["f1"] == pytest.approx(2 * p * r / (p + r) if p + r else 0.0, abs=2e-3)


@pytest.mark.parametrize("half", ["held_out", "both"])
def test_errors_are_refused_for_the_held_out_half(half: str):
    done = run("--half", half, "--errors")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--errors" in done.stderr
