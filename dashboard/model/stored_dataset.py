"""The validated dataset as the built index keeps it (frames as columns, sources without their
texts), read back without checking a row again."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import TypeAdapter

from dashboard.model.schema import SOURCES_DIR
from dashboard.model.source_metadata import Work
from dashboard.model.sources import SourceDocument

if TYPE_CHECKING:
    import pandas as pd

    from dashboard.model.data import Dataset

WORKS = TypeAdapter(list[Work])
# The figures' columns a query can ask for by SQL (the whole frame is kept in frame_columns).
QUERIED = (
    "id", "category", "source", "year_start", "year_end", "value", "value_low", "value_high",
    "unit", "value_text", "quote", "source_line", "quote_start", "quote_end",
)  # fmt: skip
# The figures' columns drafting a new document reads (extract/coverage.py's COLUMNS_READ).
QUERIED_FOR_SOURCE = ("id", "source", "value_text", "quote_start", "quote_end")
# A document's fields kept beside its name; its text stays in its file, read on first use.
SOURCE_FIELDS = ("title", "short_title", "description", "licence", "url", "described_in", "digest")


def store_dataset(db: sqlite3.Connection, dataset: Dataset) -> None:
    """The dataset's tables: each frame's columns (JSON arrays, null for an empty cell), the
    figures' QUERIED columns and the dismissed mentions as SQL rows, and each source's metadata."""
    db.execute(
        "CREATE TABLE frame_columns(frame TEXT, name TEXT, data BLOB, PRIMARY KEY(frame, name))"
    )
    db.execute(
        f"CREATE TABLE figures(position INTEGER PRIMARY KEY, {', '.join(QUERIED)}, "
        "FOREIGN KEY(source) REFERENCES sources(name))"
    )
    db.execute("CREATE INDEX figures_by_source ON figures(source)")
    db.execute("CREATE INDEX figures_by_id ON figures(id)")
    db.execute("CREATE TABLE dismissed(source TEXT, quote TEXT, reason TEXT, line INTEGER)")
    db.execute(
        "CREATE TABLE sources(name TEXT PRIMARY KEY, title TEXT, short_title TEXT, licence TEXT, "
        "description TEXT, url TEXT, described_in TEXT, digest TEXT, furniture_lines TEXT, "
        "derived_from TEXT)"
    )
    stored = {}
    for name, frame in (("figures", dataset.figures), ("dismissed", dataset.dismissed)):
        stored[name] = {column: cells(frame[column]) for column in frame.columns}
        db.executemany(
            "INSERT INTO frame_columns VALUES (?, ?, ?)",
            ((name, column, orjson.dumps(values)) for column, values in stored[name].items()),
        )
    marks = ", ".join("?" * (len(QUERIED) + 1))
    queried = zip(*(stored["figures"][c] for c in QUERIED), strict=True)
    db.executemany(
        f"INSERT INTO figures VALUES ({marks})", ((i, *row) for i, row in enumerate(queried))
    )
    dismissed = (stored["dismissed"][c] for c in ("source", "quote", "reason", "_line"))
    db.executemany("INSERT INTO dismissed VALUES (?, ?, ?, ?)", zip(*dismissed, strict=True))
    db.executemany(
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                d.file, d.title, d.short_title, d.licence, d.description, d.url, d.described_in,
                d.digest, json.dumps(d.furniture_lines),
                json.dumps([w.model_dump(mode="json") for w in d.derived_from]),
            )
            for d in dataset.sources.values()
        ),
    )  # fmt: skip


def cells(column: pd.Series) -> list[Any]:
    """A column as plain Python values, None for a missing one (pandas' NA, NaN)."""
    return column.astype(object).where(column.notna(), None).tolist()


def read_dataset(
    db: sqlite3.Connection, data_dir: Path, version: str, only: Collection[str] | None = None
) -> Dataset:
    """The dataset an index holds: the frames as validation built them (with `only`, just those
    columns of the figures), and each source's metadata with its text left in `data_dir` until a
    page asks for it."""
    from dashboard.model.data import Dataset, dismissed_frame, figures_frame

    stored: dict[str, dict[str, list]] = {"figures": {}, "dismissed": {}}
    for frame, name, data in db.execute("SELECT frame, name, data FROM frame_columns"):
        if frame != "figures" or only is None or name in only:
            stored[frame][name] = orjson.loads(data)
    dismissed = stored["dismissed"]
    records = [
        dict(zip(dismissed, row, strict=True)) for row in zip(*dismissed.values(), strict=True)
    ]
    query = f"SELECT name, {', '.join(SOURCE_FIELDS)}, furniture_lines, derived_from FROM sources"
    sources = {row[0]: document_of(row, data_dir) for row in db.execute(query + " ORDER BY rowid")}
    figures = figures_frame(stored["figures"], only)
    signature = dict(db.execute("SELECT key, value FROM meta")).get("files", "")
    return Dataset(figures, sources, dismissed_frame(records), version, signature)


def document_of(row: tuple, data_dir: Path) -> SourceDocument:
    """A source from its row of `sources`: its text is read from its file when first needed."""
    name, *fields, furniture, works = row
    return SourceDocument(
        file=name,
        **dict(zip(SOURCE_FIELDS, fields, strict=True)),
        furniture_lines=json.loads(furniture),
        derived_from=WORKS.validate_json(works),
        path=data_dir / SOURCES_DIR / name,
        root=data_dir,
    )


def read_source_slice(
    db: sqlite3.Connection, data_dir: Path, version: str, source: str, prefix: str
) -> Dataset:
    """The part of the dataset drafting `source` reads, by SQL: its rows and every row whose id
    starts with `prefix` (a draft's id must not take one), its dismissed mentions and its
    metadata; the figures hold only `QUERIED_FOR_SOURCE`'s columns."""
    from dashboard.model.data import Dataset, dismissed_frame, figures_frame

    columns = ", ".join(QUERIED_FOR_SOURCE)
    rows = db.execute(
        f"SELECT {columns} FROM figures WHERE source = ? OR substr(id, 1, ?) = ? ORDER BY position",
        (source, len(prefix), prefix),
    ).fetchall()
    figures = figures_frame(
        {c: list(v) for c, v in zip(QUERIED_FOR_SOURCE, zip(*rows, strict=True), strict=True)}
        if rows
        else {},
        QUERIED_FOR_SOURCE,
    )
    dismissed = [
        {"source": s, "quote": q, "reason": r, "_line": line}
        for s, q, r, line in db.execute("SELECT * FROM dismissed WHERE source = ?", (source,))
    ]
    query = f"SELECT name, {', '.join(SOURCE_FIELDS)}, furniture_lines, derived_from FROM sources"
    found = db.execute(query + " WHERE name = ?", (source,)).fetchall()
    sources = {source: document_of(found[0], data_dir)} if found else {}
    return Dataset(figures, sources, dismissed_frame(dismissed), version)
