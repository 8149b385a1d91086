"""Seeded synthetic corpora for `make bench-scale`: documents of their own made from the real
sources' sentences, each with about a hundred rows of data/figures.csv re-targeted to it.

Each document holds the paragraphs (lines) the rows it cites quote, verbatim, so every quote is
found in it and every `asserted_by` stands in its quote's paragraph, each with one varied
sentence put in front; then paragraphs of the sources' other sentences, shuffled and lightly
varied, up to its size. A document cites whole groups of the real rows (rows joined by a claim, a
series or a breakdown), their ids prefixed and their claim, series and breakdown slugs suffixed
by the document's prefix, so every claim, series and breakdown stays whole and consistent.
"""

from __future__ import annotations

import csv
import itertools
import json
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.model.sources import SENTENCE_END, SourceDocument, normalise  # noqa: E402

DATA = ROOT / "data"
SOURCES = DATA / "sources"
BIN = Path(sys.executable).parent
SEED = 27  # the number: every run builds the same corpora
ROWS_PER_DOCUMENT = 100
DOCUMENT_BYTES = 60_000
SLUG_COLUMNS = ("claim", "series", "breakdown")
# Light variation of the filler sentences, so documents differ in their words too.
VARIANTS = {
    "large": "great",
    "however": "yet",
    "many": "numerous",
    "began": "started",
    "government": "regime",
    "during": "in the course of",
    "important": "significant",
    "also": "likewise",
    "later": "afterwards",
    "country": "nation",
}
VARIANT_RE = re.compile(r"\b(" + "|".join(VARIANTS) + r")\b")


@dataclass
class Material:
    """What every synthetic document is made from: the real rows grouped, each row's paragraph,
    and the sentences no quote is in."""

    columns: list[str]
    groups: list[list[dict[str, str]]]  # rows joined by claim, series or breakdown, file order
    paragraph_of: dict[str, str]  # row id -> the line its quote stands in
    filler: list[str]  # sentences of the sources that hold no quote


def read_material() -> Material:
    with open(DATA / "figures.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    described = json.loads((SOURCES / "sources.json").read_text(encoding="utf-8"))
    furniture = {entry["file"]: set(entry.get("furniture_lines", [])) for entry in described}
    documents = {
        path.name: SourceDocument(file=path.name, loaded_text=path.read_text(encoding="utf-8"))
        for path in sorted(SOURCES.glob("*.txt"))
    }
    paragraph_of, cited_lines = {}, set()
    for row in rows:
        document = documents[row["source"]]
        span = document.find_all(row["quote"])[0]
        paragraph_of[row["id"]] = document.text.split("\n")[span.line - 1]
        cited_lines.add((row["source"], span.line))
    quotes = {normalise(row["quote"]) for row in rows}
    filler = [
        sentence
        for name, document in documents.items()
        for number, line in enumerate(document.text.split("\n"), start=1)
        if (name, number) not in cited_lines and number not in furniture.get(name, set())
        for sentence in sentences(line)
        # A filler sentence holding a quote would be the quote's first place, in a paragraph
        # that may not name its authority.
        if len(sentence) > 40 and not any(q in normalise(sentence) for q in quotes)
    ]
    return Material(columns, groups_of(rows), paragraph_of, filler)


def sentences(line: str) -> list[str]:
    cuts = [0, *(m.end() for m in SENTENCE_END.finditer(line)), len(line)]
    return [line[a:b].strip() for a, b in itertools.pairwise(cuts) if line[a:b].strip()]


def groups_of(rows: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """The rows joined (transitively) by a shared claim, series or breakdown, in file order."""
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for column in SLUG_COLUMNS:
        first: dict[str, int] = {}
        for i, row in enumerate(rows):
            if key := row[column].strip():
                parent[root(i)] = root(first.setdefault(key, i))
    groups: dict[int, list[dict[str, str]]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(root(i), []).append(row)
    return list(groups.values())


def varied(sentence: str, rng: random.Random) -> str:
    """The sentence, sometimes with a word or two changed."""
    if rng.random() < 0.5:
        return sentence
    return VARIANT_RE.sub(
        lambda m: VARIANTS[m.group()] if rng.random() < 0.7 else m.group(), sentence
    )


def document_text(
    material: Material, cited: list[str], rng: random.Random, size: int, title: str
) -> str:
    """A title line, the cited paragraphs (each after one varied filler sentence) and filler
    paragraphs, shuffled, up to `size` bytes."""
    pool = material.filler[:]
    rng.shuffle(pool)
    taken = iter(pool * 4)  # a large document reuses the sentences, in another order
    paragraphs = [f"{varied(next(taken), rng)} {paragraph}" for paragraph in cited]
    used = sum(len(p) + 1 for p in paragraphs)
    while used < size:
        paragraph = " ".join(varied(next(taken), rng) for _ in range(rng.randint(3, 7)))
        paragraphs.append(paragraph)
        used += len(paragraph) + 1
    rng.shuffle(paragraphs)
    return "\n".join([title, *paragraphs]) + "\n"


def document_rows(
    material: Material, rng: random.Random, prefix: str, file: str, wanted: int = ROWS_PER_DOCUMENT
) -> list[dict[str, str]]:
    """About `wanted` real rows, whole groups chosen at random, re-targeted to `file`. Past the
    real table's size the groups are taken again as further readings of the same sentences
    (their ids and slugs marked "r2", "r3", ...), as a second curator's rows would be."""
    order = list(range(len(material.groups)))
    rng.shuffle(order)
    picked: list[tuple[int, int]] = []  # (pass, group)
    count = 0
    while count < wanted:
        for k in order:
            if count >= wanted:
                break
            picked.append((len(picked) // len(order), k))
            count += len(material.groups[k])
    out = []
    for again, k in sorted(picked):
        mark = f"{prefix}-r{again + 1}" if again else prefix
        for row in material.groups[k]:
            out.append(
                row
                | {"id": f"{mark}-{row['id']}", "source": file}
                | {c: f"{row[c].strip()}-{mark}" for c in SLUG_COLUMNS if row[c].strip()}
            )
    return out


def real_id(corpus_id: str) -> str:
    """The real row a corpus row re-targets: its id without the document's prefix and pass."""
    return re.sub(r"^r[0-9]+-", "", corpus_id.split("-", 1)[1])


def write_corpus(
    folder: Path, documents: int, size: int = DOCUMENT_BYTES, rows: int = ROWS_PER_DOCUMENT
) -> dict[str, int | str]:
    """A data directory of `documents` synthetic documents in `folder`, about `rows` rows each,
    each described in a file of its own (sources/<name>.json: one sources.json for thousands of
    documents would pass its 1 MiB cap); returns its counts, and why `datapackage` refused it,
    if it did."""
    material = read_material()
    (folder / "sources").mkdir(parents=True)
    total_rows = 0
    with open(folder / "figures.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=material.columns)
        writer.writeheader()
        for k in range(documents):
            rng = random.Random(SEED * 100_003 + k)
            prefix, file = f"s{k:04d}", f"s{k:04d}_scale.txt"
            chosen = document_rows(material, rng, prefix, file, rows)
            cited = list(dict.fromkeys(material.paragraph_of[real_id(r["id"])] for r in chosen))
            text = document_text(material, cited, rng, size, f"Scale corpus document {k}")
            (folder / "sources" / file).write_text(text, encoding="utf-8")
            entry = json.dumps(source_entry(k, file))
            (folder / "sources" / f"{Path(file).stem}.json").write_text(entry, encoding="utf-8")
            writer.writerows(chosen)
            total_rows += len(chosen)
    (folder / "dismissed.csv").write_text("source,quote,reason\n", encoding="utf-8")
    generated = subprocess.run(
        [str(BIN / "figures-dashboard"), "datapackage", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
    )
    facts: dict[str, int | str] = {"documents": documents, "rows": total_rows}
    if generated.returncode != 0:  # data that does not load (over a size cap): validate says why
        facts["datapackage_refused"] = generated.stderr.strip()[-500:]
    return facts


def source_entry(k: int, file: str) -> dict:
    work = f"Scale benchmark document {k}: sentences of the two curated sources, reordered"
    return {
        "file": file,
        "title": f"{work} (synthetic)",
        "short_title": f"Scale document {k}",
        "licence": "As the curated sources' text (CC BY-SA); made by benchmarks/scale_corpus.py.",
        "derived_from": [{"work": work}],
    }


def new_document(path: Path, size: int = DOCUMENT_BYTES) -> int:
    """A document no corpus holds, for `propose`: cited paragraphs and filler as in a corpus
    document, from a seed of its own; returns its size in bytes."""
    material = read_material()
    rng = random.Random(SEED - 1)
    paragraphs = list(dict.fromkeys(material.paragraph_of.values()))
    rng.shuffle(paragraphs)
    text = document_text(material, paragraphs[:40], rng, size, "A new document")
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))
