"""What describes each source document: sources.json (a list) or sources/<name>.json (one each)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PositiveInt,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from dashboard.model.problems import Problem
from dashboard.model.safe_files import UnsafeFile, read_data_bytes

METADATA_FILE = "sources.json"
# Every document's entry in one file: the real ones are 0.9 to 1.8 KB each, so 1 MiB stops between
# about 600 and 1,200 documents; a larger corpus gives each document a file of its own.
MAX_METADATA_BYTES = 2**20
SPLIT_ADVICE = "split it: one sources/<name>.json per document, beside its <name>.txt"
# One document's entry: its text fields are capped at a few KB together, so 64 KiB leaves room for
# thousands of furniture lines and line ranges, and stops a document's text pasted in by mistake.
MAX_DOCUMENT_METADATA_BYTES = 64 * 2**10
DOCUMENT_METADATA_ADVICE = (
    "it holds one document's entry (title, licence, lineage), which fits in far less; "
    "check it is not the document's text or a list of entries"
)
SHORT_TITLE_MAX = 32  # characters: a source's name in chart labels and legends
# A title rides in every chart's image credit and every filter response: 100,000 characters grew
# each response from 198 KB to 3.6 MB. A long bibliographic title fits in 300.
TITLE_MAX = 300
TEXT_FIELD_MAX = 2000  # description, covers, a work's name: a paragraph, not a document
# A file name in sources/, no path. (pydantic's regex engine: "$" is the end of the text.)
SOURCE_FILE_PATTERN = r"^[^/\\\x00-\x1f]+\.txt$"
# A metadata file whose name holds a control character is not read: it would describe a document
# whose name no CSV cell or URL can give.
UNREADABLE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class Work(BaseModel):
    """An underlying work a document carries: two documents carrying one work are one witness."""

    model_config = ConfigDict(extra="forbid", strict=True)

    work: str = Field(
        min_length=1, max_length=TEXT_FIELD_MAX
    )  # e.g. 'Wikipedia, "Joseph Stalin" (English encyclopedia article)'
    as_of: str = Field(default="", max_length=TITLE_MAX)  # the revision or date, when known
    # Where in the document it stands: [first, last] line ranges; empty means the whole document.
    lines: list[tuple[PositiveInt, PositiveInt]] = []

    @field_validator("lines")
    @classmethod
    def ranges_run_forward(cls, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
        for first, last in lines:
            if first > last:
                raise ValueError(
                    f"the range [{first}, {last}] runs backwards; write [{last}, {first}]"
                )
        return lines

    def __str__(self) -> str:
        return f"{self.work} (as of {self.as_of})" if self.as_of else self.work


class SourceMetadata(BaseModel):
    """One entry of sources.json: what a document is, for its page, its charts and the export."""

    model_config = ConfigDict(extra="forbid", strict=True)

    file: str = Field(pattern=SOURCE_FILE_PATTERN)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    short_title: str = Field(min_length=1)
    description: str = Field(default="", max_length=TEXT_FIELD_MAX)
    # what the document is about, in a phrase; for curators
    covers: str = Field(default="", max_length=TEXT_FIELD_MAX)
    licence: str = Field(min_length=1, max_length=TITLE_MAX)
    url: str = Field(default="", max_length=TEXT_FIELD_MAX)
    furniture_lines: list[PositiveInt] = []  # lines that are page furniture, not text
    # What the document is derived from; comparisons tell copies of one work from independent ones.
    derived_from: list[Work] = Field(min_length=1)


class DocumentMetadata(SourceMetadata):
    """sources/<name>.json: one entry, whose `file` may be left out (it is then <name>.txt)."""

    file: str = Field(default="", pattern=SOURCE_FILE_PATTERN)  # the default is never validated


METADATA_SCHEMA = TypeAdapter(list[SourceMetadata])


@dataclass(frozen=True)
class Description:
    """A document's metadata and where it was read: the file, and its entry in a list."""

    metadata: SourceMetadata
    where: str  # "sources/sources.json" or "sources/<name>.json"
    entry: str = ""  # "[3]" in sources.json; "" for a file of its own


def metadata_file_of(document: str) -> str:
    """The name of the file of its own that may describe `document`: x.txt -> x.json."""
    return f"{Path(document).stem}.json"


def read_metadata(sources_dir: Path, root: Path) -> tuple[dict[str, SourceMetadata], list[Problem]]:
    """Every document's metadata by file name (read_descriptions without where each came from)."""
    descriptions, problems = read_descriptions(sources_dir, root)
    return {name: d.metadata for name, d in descriptions.items()}, problems


def unnamable(path: Path) -> Problem:
    """The problem of a file in sources/ whose name no URL or CSV cell can hold, shown escaped."""
    shown = path.name.encode("unicode_escape").decode("ascii")
    message = "a file name with a line break or control character; rename it"
    return Problem(f"{path.parent.name}/{shown}", 0, "", message)


def read_descriptions(
    sources_dir: Path, root: Path
) -> tuple[dict[str, Description], list[Problem]]:
    """The metadata of each document by file name, from sources.json and from every other
    sources/*.json (one document each), checked against the schema; each problem names its file
    and JSON path. A document described in both is a problem naming both places."""
    listed, problems = read_metadata_list(sources_dir, root)
    where = f"{sources_dir.name}/{METADATA_FILE}"
    descriptions = {
        name: Description(entry, where, f"[{position}]")
        for name, (entry, position) in listed.items()
    }
    for path in document_metadata_files(sources_dir):
        if UNREADABLE_NAME.search(path.name):  # it would describe a document no cell can name
            problems.append(unnamable(path))
            continue
        entry, entry_problems = read_document_metadata(path, root)
        problems += entry_problems
        if entry is None:
            continue
        if (earlier := descriptions.get(entry.file)) is not None:
            problems.append(
                Problem(
                    f"{sources_dir.name}/{path.name}",
                    0,
                    "",
                    f"{entry.file} is described twice: here and in {earlier.where} at "
                    f"{earlier.entry}; keep one",
                )
            )
            continue
        descriptions[entry.file] = Description(entry, f"{sources_dir.name}/{path.name}")
    return descriptions, problems


def read_metadata_list(
    sources_dir: Path, root: Path
) -> tuple[dict[str, tuple[SourceMetadata, int]], list[Problem]]:
    """sources.json's entries by file name, each with its position in the list."""
    where = f"{sources_dir.name}/{METADATA_FILE}"
    path = sources_dir / METADATA_FILE
    if not path.exists() and not path.is_symlink():
        return {}, []
    try:
        raw = read_data_bytes(path, root, MAX_METADATA_BYTES, SPLIT_ADVICE)
        if repeated := repeated_key(raw):
            return {}, [Problem(where, 0, repeated, "is given twice in one object; keep one")]
        entries = METADATA_SCHEMA.validate_json(raw)
    except UnsafeFile as error:
        return {}, [Problem(where, 0, "", str(error))]
    except ValidationError as error:
        return {}, [Problem(where, 0, _json_path(e["loc"]), e["msg"]) for e in error.errors()[:50]]
    problems, by_file = [], {}
    for position, entry in enumerate(entries):
        if entry.file in by_file:
            problems.append(
                Problem(where, 0, f"[{position}].file", f"{entry.file} is described twice")
            )
        by_file[entry.file] = (entry, position)
    return by_file, problems


def read_document_metadata(path: Path, root: Path) -> tuple[SourceMetadata | None, list[Problem]]:
    """sources/<name>.json: the one entry describing <name>.txt, or None and its problems."""
    where = f"{path.parent.name}/{path.name}"
    document = f"{path.stem}.txt"
    try:
        raw = read_data_bytes(path, root, MAX_DOCUMENT_METADATA_BYTES, DOCUMENT_METADATA_ADVICE)
        if repeated := repeated_key(raw):
            return None, [Problem(where, 0, repeated, "is given twice in one object; keep one")]
        entry = DocumentMetadata.model_validate_json(raw)
    except UnsafeFile as error:
        return None, [Problem(where, 0, "", str(error))]
    except ValidationError as error:
        return None, [
            Problem(where, 0, _json_path(e["loc"]), e["msg"]) for e in error.errors()[:50]
        ]
    if "file" not in entry.model_fields_set:
        return entry.model_copy(update={"file": document}), []
    if entry.file != document:
        message = (
            f"is {entry.file}, but {path.name} describes {document}; give {document} or omit it"
        )
        return None, [Problem(where, 0, "file", message)]
    return entry, []


def repeated_key(raw: bytes) -> str | None:
    """Where the first key given twice in one JSON object is ('[2].licence'), or None.

    JSON parsers keep the last of two equal keys, so a second "licence" would silently win.
    """
    repeated: list[tuple[str, dict]] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        names = [name for name, _ in items]
        obj = dict(items)
        repeated.extend((name, obj) for i, name in enumerate(names) if name in names[:i])
        return obj

    try:
        parsed = json.loads(raw, object_pairs_hook=pairs)
    except (ValueError, RecursionError):  # not JSON, or nested too deep: the schema says where
        return None
    if not repeated:
        return None
    name, holder = repeated[0]
    return f"{_path_to(parsed, holder) or ''}.{name}".lstrip(".")


def _path_to(value: object, target: object, path: str = "") -> str | None:
    """The JSON path from `value` to the very object `target`, or None."""
    if value is target:
        return path
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        step = f"[{key}]" if isinstance(key, int) else f".{key}"
        if (found := _path_to(child, target, path + step)) is not None:
            return found
    return None


def _json_path(loc: tuple) -> str:
    """('0', 'title') -> '[0].title': where in a metadata file a schema error is."""
    return "".join(
        f"[{part}]" if isinstance(part, int) or str(part).isdigit() else f".{part}" for part in loc
    ).lstrip(".")


def document_metadata_files(sources_dir: Path) -> list[Path]:
    """Every sources/*.json but sources.json: each describes the document of its own name."""
    return [path for path in sorted(sources_dir.glob("*.json")) if path.name != METADATA_FILE]


def metadata_caps(sources_dir: Path) -> list[tuple[Path, int, str]]:
    """Each metadata file in `sources_dir` that would be read, with its cap and what to do when
    it is over."""
    caps = [(sources_dir / METADATA_FILE, MAX_METADATA_BYTES, SPLIT_ADVICE)]
    caps += [
        (path, MAX_DOCUMENT_METADATA_BYTES, DOCUMENT_METADATA_ADVICE)
        for path in document_metadata_files(sources_dir)
        if not UNREADABLE_NAME.search(path.name)
    ]
    return caps
