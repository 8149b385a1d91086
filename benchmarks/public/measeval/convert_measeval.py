"""Makes this folder's data from MeasEval and OA-STM-Corpus checkouts (run once; kept as record).

Reads the train, eval and trial sets' paragraph texts and TSV annotations from a MeasEval
checkout (https://github.com/harperco/MeasEval, commit SOURCE_COMMIT), and each article's licence,
DOI, journal, year and authors from the XML of the OA-STM-Corpus checkout its texts come from
(https://github.com/elsevierlabs/OA-STM-Corpus, commit OA_STM_COMMIT), and writes:

- texts/<docId>.txt: each paragraph's text, byte for byte;
- quantities.csv: its Quantity annotations (doc_id, start, end, text, mods, unit), mods joined
  by ";", in document order;
- split.json: the documents in two halves, "read" and "held_out", drawn at random with SEED;
- articles.csv: the articles the paragraphs come from, for attribution.

Left out: paragraphs with no TSV file (no annotations, so no way to tell "no quantities" from
"not annotated") and every paragraph of an article whose XML states no CC BY licence. The split
is by article (a paragraph id is <article>-<paragraph>): all the paragraphs of an article fall in
the same half, so the held-out half shares no article with the half that may be tuned on.
Articles are shuffled with SEED and each goes to the half with fewer paragraphs so far (held_out
on a tie).

Usage:
    python benchmarks/public/measeval/convert_measeval.py path/to/MeasEval path/to/OA-STM-Corpus
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import random
import re
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE_COMMIT = "1fa738b6bc9b72c84c88a80344ca3ab39a310a44"
OA_STM_COMMIT = "0ed398ec9288fd8936a24f9486647ecfcbf2d972"
SEED = 20210811
# (folder of texts, folder of TSVs) for each MeasEval set, relative to the checkout.
SETS = {
    "train": ("data/train/text", "data/train/tsv"),
    "eval": ("data/eval/text", "data/eval/tsv"),
    "trial": ("data/trial/txt", "data/trial/tsv"),
}
COLUMNS = ["doc_id", "start", "end", "text", "mods", "unit"]
ARTICLE_COLUMNS = ["article", "doi", "journal", "year", "title", "authors", "licence"]
CC_BY = re.compile(r"<xocs:oa-user-license>\s*(https?://creativecommons\.org/licenses/by/[\d.]+/?)")


def article(doc_id: str) -> str:
    return doc_id.rsplit("-", 1)[0]


def quantities(tsv: Path, text: str) -> list[dict[str, str]]:
    """The Quantity rows of one TSV, each checked to slice its text exactly."""
    with open(tsv, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = []
    for row in rows:
        if row["annotType"] != "Quantity":
            continue
        start, end = int(row["startOffset"]), int(row["endOffset"])
        if text[start:end] != row["text"]:
            raise SystemExit(f"{tsv.name}: span {start}-{end} does not slice to its text")
        other = json.loads(row["other"]) if row["other"].strip() else {}
        out.append(
            {
                "doc_id": row["docId"],
                "start": str(start),
                "end": str(end),
                "text": row["text"],
                "mods": ";".join(other.get("mods", [])),
                "unit": other.get("unit", ""),
            }
        )
    return sorted(out, key=lambda r: (int(r["start"]), int(r["end"])))


def article_record(oa_stm: Path, name: str, titles: dict[str, str]) -> dict[str, str]:
    """An article's attribution from its OA-STM-Corpus XML; licence "" when it states no CC BY."""
    xml = (oa_stm / "SourceXML" / f"{name}.norm-xml").read_text(encoding="utf-8")

    def first(tag: str) -> str:
        found = re.search(rf"<{tag}>([^<]*)<", xml)
        return html.unescape(found.group(1).strip()) if found else ""

    names = []
    for block in re.findall(r"<ce:author(?:\s[^>]*)?>(.*?)</ce:author>", xml, re.DOTALL):
        given = re.search(r"<ce:given-name>([^<]*)<", block)
        surname = re.search(r"<ce:surname>([^<]*)<", block)
        names.append(" ".join(html.unescape(m.group(1).strip()) for m in (given, surname) if m))
    licence = CC_BY.search(xml)
    return {
        "article": name,
        "doi": first("xocs:doi"),
        "journal": first("xocs:srctitle"),
        "year": first("xocs:cover-date-year"),
        "title": titles.get(name, ""),
        "authors": "; ".join(names),
        "licence": licence.group(1) if licence else "",
    }


def split(doc_ids: list[str]) -> dict[str, list[str]]:
    """Two halves of whole articles, as the module docstring says."""
    by_article: dict[str, list[str]] = {}
    for doc_id in sorted(doc_ids):
        by_article.setdefault(article(doc_id), []).append(doc_id)
    articles = sorted(by_article)
    random.Random(SEED).shuffle(articles)
    halves: dict[str, list[str]] = {"held_out": [], "read": []}
    for name in articles:
        half = "held_out" if len(halves["held_out"]) <= len(halves["read"]) else "read"
        halves[half].extend(by_article[name])
    return {half: sorted(ids) for half, ids in halves.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("checkout", type=Path, help="a MeasEval checkout at SOURCE_COMMIT")
    parser.add_argument("oa_stm", type=Path, help="an OA-STM-Corpus checkout at OA_STM_COMMIT")
    args = parser.parse_args()
    checkout, oa_stm = args.checkout, args.oa_stm
    titles = dict(
        line.split(".txt ", 1)
        for line in (oa_stm / "titlesList.txt").read_text(encoding="utf-8").splitlines()
        if ".txt " in line
    )
    articles: dict[str, dict[str, str]] = {}
    texts = HERE / "texts"
    shutil.rmtree(texts, ignore_errors=True)
    texts.mkdir()
    gold: list[dict[str, str]] = []
    doc_ids: list[str] = []
    for text_dir, tsv_dir in SETS.values():
        for tsv in sorted((checkout / tsv_dir).glob("*.tsv")):
            doc_id = tsv.stem
            name = article(doc_id)
            if name not in articles:
                articles[name] = article_record(oa_stm, name, titles)
            if not articles[name]["licence"]:
                continue
            raw = (checkout / text_dir / f"{doc_id}.txt").read_bytes()
            (texts / f"{doc_id}.txt").write_bytes(raw)
            gold.extend(quantities(tsv, raw.decode("utf-8")))
            doc_ids.append(doc_id)
    gold.sort(key=lambda r: (r["doc_id"], int(r["start"]), int(r["end"])))
    with open(HERE / "quantities.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(gold)
    with open(HERE / "articles.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=ARTICLE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(a for _, a in sorted(articles.items()) if a["licence"])
    left_out = sorted(name for name, a in articles.items() if not a["licence"])
    print(f"left out, no CC BY licence in the XML: {left_out}")
    halves = split(doc_ids)
    record = {"seed": SEED, "by": "article", "source_commit": SOURCE_COMMIT} | halves
    (HERE / "split.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(doc_ids)} documents, {len(gold)} quantities; "
        + ", ".join(f"{half}: {len(ids)} documents" for half, ids in halves.items())
    )


if __name__ == "__main__":
    main()
