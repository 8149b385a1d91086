"""data/datapackage.json: the data directory as a Frictionless Data Package (v1, tabular), built
from the schema and the vocabularies so it cannot drift from what `validate` checks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from dashboard.model.data import Dataset
from dashboard.model.problems import Problem
from dashboard.model.safe_files import read_data_bytes, write_atomically
from dashboard.model.schema import (
    COLUMNS,
    DISMISSED_COLUMNS,
    DISMISSED_FILE,
    FIGURES_FILE,
    ID_RE,
    LABEL_MAX,
    NUMERIC,
    PARTIAL_DATE_RE,
    REQUIRED,
    SOURCES_DIR,
)
from dashboard.model.sources import SourceDocument
from dashboard.model.vocabulary import CATEGORIES, DISMISS_REASONS, QUALIFIERS

DATAPACKAGE_FILE = "datapackage.json"
REGENERATE = "run `figures-dashboard datapackage` to write it"

# Each column in a phrase, after data/README.md's tables.
FIGURE_DESCRIPTIONS = {
    "id": "Stable unique slug starting with the source's prefix and a hyphen; permalinks use it.",
    "claim": "Slug shared by every row that states the same quantity, in one source or several.",
    "category": "The figure's category.",
    "measure": "What is counted, readable on its own.",
    "label": f"Short name for a chart axis, at most {LABEL_MAX} characters; empty: the measure.",
    "series": "Slug shared by rows stating the same quantity at different times.",
    "breakdown": "Slug shared by rows that split one total or one moment into parts.",
    "value": "The stated number, as a plain decimal.",
    "value_low": "Lower bound implied by the statement.",
    "value_high": "Upper bound implied by the statement.",
    "qualifier": "How the number is stated: exact, approximate, a bound, a range or vague.",
    "value_text": "The number exactly as written in the quote.",
    "unit": "What one unit is (people, households, percent, share, tonnes, ...).",
    "period_start": "When the figure applies: YYYY, YYYY-MM or YYYY-MM-DD, Gregorian.",
    "period_end": "End of the period, same format; empty means the same as period_start.",
    "source": f"File name of the source document in {SOURCES_DIR}/.",
    "quote": "The sentence or clause stating the figure, verbatim from the source.",
    "asserted_by": "Who the sentence or its paragraph says the figure comes from; empty when the "
    "document states it in its own voice.",
    "note": "Curator's note: an interpretation, a conversion, a caveat.",
}
DISMISSED_DESCRIPTIONS = {
    "source": f"File name of the source document in {SOURCES_DIR}/.",
    "quote": "Verbatim text containing the dismissed mention(s); each numeric mention in it is "
    "dismissed.",
    "reason": "Why the mention is not a figure.",
}


def table_pattern(pattern: re.Pattern[str]) -> str:
    """A regular expression as Table Schema writes one (XML Schema's dialect, matched whole): the
    same groups, none of them Python's non-capturing kind."""
    return pattern.pattern.replace("(?:", "(")


def figure_field(column: str, sources: list[str]) -> dict[str, Any]:
    """One column of figures.csv as a Table Schema field: its type and its constraints."""
    constraints: dict[str, Any] = {}
    if column in REQUIRED:
        constraints["required"] = True
    if column == "id":
        constraints["unique"] = True
    if column in ("id", "claim", "series", "breakdown"):
        constraints["pattern"] = table_pattern(ID_RE)
    if column in ("period_start", "period_end"):
        constraints["pattern"] = table_pattern(PARTIAL_DATE_RE)
    if column in NUMERIC:
        constraints["minimum"] = 0
    enums = {"category": list(CATEGORIES), "qualifier": list(QUALIFIERS), "source": sources}
    if column in enums:
        constraints["enum"] = enums[column]
    if column == "label":
        constraints["maxLength"] = LABEL_MAX
    field: dict[str, Any] = {
        "name": column,
        "type": "number" if column in NUMERIC else "string",
        "description": FIGURE_DESCRIPTIONS[column],
    }
    return field | ({"constraints": constraints} if constraints else {})


def dismissed_field(column: str, sources: list[str]) -> dict[str, Any]:
    enums = {"source": sources, "reason": sorted(DISMISS_REASONS)}
    constraints: dict[str, Any] = {"required": True}
    if column in enums:
        constraints["enum"] = enums[column]
    return {
        "name": column,
        "type": "string",
        "description": DISMISSED_DESCRIPTIONS[column],
        "constraints": constraints,
    }


def csv_resource(name: str, path: str, title: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "path": path,
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
        "schema": schema,
    }


def source_description(document: SourceDocument) -> dict[str, Any]:
    """What sources.json says of a document, as JSON: the data package's and the API's entry."""
    return {
        "title": document.title,
        "short_title": document.short_title,
        "licence": document.licence or None,
        "derived_from": [work.model_dump(mode="json") for work in document.derived_from],
        "description": document.description or None,
        "url": document.url or None,
    }


def package_source(document: SourceDocument) -> dict[str, Any]:
    """A Data Package `sources` entry: title and path (the spec's), then the rest of its metadata."""
    entry = {"title": document.title, "path": f"{SOURCES_DIR}/{document.file}"}
    described = {k: v for k, v in source_description(document).items() if v is not None}
    return entry | {k: v for k, v in described.items() if k != "title"}


def build_datapackage(dataset: Dataset) -> dict[str, Any]:
    """The data package describing `dataset`'s directory; depends only on the schema, the
    vocabularies and the sources (their names and metadata), never on the rows."""
    names = sorted(dataset.sources)
    figures_schema = {
        "fields": [figure_field(column, names) for column in COLUMNS],
        "primaryKey": "id",
        "missingValues": [""],
    }
    dismissed_schema = {
        "fields": [dismissed_field(column, names) for column in DISMISSED_COLUMNS],
        "missingValues": [""],
    }
    return {
        "profile": "tabular-data-package",
        "name": "figures-dashboard-data",
        "title": "Figures stated in history documents",
        "description": (
            "Every figure stated in a set of history documents, one row per statement, each with "
            "its verbatim quote and source document; and the numeric mentions deliberately not "
            "curated, with a reason. The quotes come from the sources, under the licence each "
            "source states (`sources`). Generated by `figures-dashboard datapackage`; "
            "`figures-dashboard validate` checks it is current."
        ),
        "sources": [package_source(dataset.sources[name]) for name in names],
        "resources": [
            csv_resource("figures", FIGURES_FILE, "The curated figures", figures_schema),
            csv_resource(
                "dismissed",
                DISMISSED_FILE,
                "Numeric mentions that are not figures",
                dismissed_schema,
            ),
        ],
    }


def datapackage_text(dataset: Dataset) -> str:
    """build_datapackage as the file holds it: indented JSON, non-ASCII as itself, a final newline."""
    return json.dumps(build_datapackage(dataset), indent=2, ensure_ascii=False) + "\n"


def first_difference(found: object, expected: object, path: str = "") -> str | None:
    """Where two JSON values first differ, as a path ('resources[0].schema'); None when equal."""
    if isinstance(found, dict) and isinstance(expected, dict):
        for key in [*expected, *(k for k in found if k not in expected)]:
            if key not in found or key not in expected:
                return f"{path}.{key}".lstrip(".")
            if (where := first_difference(found[key], expected[key], f"{path}.{key}")) is not None:
                return where
        return None
    if isinstance(found, list) and isinstance(expected, list) and len(found) == len(expected):
        for index, (a, b) in enumerate(zip(found, expected, strict=True)):
            if (where := first_difference(a, b, f"{path}[{index}]")) is not None:
                return where
        return None
    return None if found == expected else path.lstrip(".") or "(the whole file)"


def datapackage_problems(data_dir: Path, dataset: Dataset) -> list[Problem]:
    """One problem when `data_dir`'s datapackage.json is missing, unreadable or not what
    build_datapackage gives for `dataset`; none when it is current."""
    path = Path(data_dir) / DATAPACKAGE_FILE
    if not path.exists() and not path.is_symlink():
        return [Problem(DATAPACKAGE_FILE, 0, "", f"is missing; {REGENERATE}")]
    try:
        found = json.loads(read_data_bytes(path, Path(data_dir)))
    except OSError as error:  # UnsafeFile: a FIFO, a link out of the directory, too large
        return [Problem(DATAPACKAGE_FILE, 0, "", str(error))]
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError
        return [Problem(DATAPACKAGE_FILE, 0, "", f"is not JSON ({error}); {REGENERATE}")]
    where = first_difference(found, build_datapackage(dataset))
    if where is None:
        return []
    return [Problem(DATAPACKAGE_FILE, 0, "", f"is out of date at {where}; {REGENERATE}")]


def write_datapackage(data_dir: Path, dataset: Dataset) -> Path:
    """Write `data_dir`/datapackage.json atomically (a temporary file beside it, then renamed), so
    no reader ever sees half a file; returns its path."""
    path = Path(data_dir) / DATAPACKAGE_FILE
    write_atomically(path, datapackage_text(dataset).encode("utf-8"))
    return path
