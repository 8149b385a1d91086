"""Source documents: load them, find a quote in the original text, and cut the passage around it."""

from __future__ import annotations

import bisect
import functools
import json
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
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
MAX_METADATA_BYTES = 2**20
SHORT_TITLE_MAX = 32  # characters: a source's name in chart labels and legends
# A title rides in every chart's image credit and every filter response: 100,000 characters grew
# each response from 198 KB to 3.6 MB. A long bibliographic title fits in 300.
TITLE_MAX = 300
TEXT_FIELD_MAX = 2000  # description, covers, a work's name: a paragraph, not a document
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*(?:\[[^\]]{1,12}\])*\s+(?=[A-Z\"“(])")


# What NormalisedText.of reads at a time: a run of whitespace; printable ASCII words apart by
# single spaces (which NFKC and the collapsing of spaces both leave as they are); or one other
# character, normalised on its own.
NORMALISATION_PIECE = re.compile(r"(\s+)|([\x21-\x7e]+(?: [\x21-\x7e]+)*)|.", re.DOTALL)


@dataclass(frozen=True)
class NormalisedText:
    """A text normalised for matching (NFKC, whitespace runs as one space) with a map back."""

    text: str
    # origin[i] = index in the original of normalised char i: 4 bytes a character in a compact
    # array (a list of ints took about 36, most of a cited source's memory).
    origin: array = field(repr=False)

    @classmethod
    def of(cls, original: str) -> NormalisedText:
        parts: list[str] = []
        origin = array("I")
        in_space = True  # leading whitespace is dropped, as if a space came before the text
        for match in NORMALISATION_PIECE.finditer(original):
            if match.group(1):
                if not in_space:
                    parts.append(" ")
                    origin.append(match.start())
                    in_space = True
            elif match.group(2):
                parts.append(match.group())
                origin.extend(range(match.start(), match.end()))
                in_space = False
            else:
                for out in unicodedata.normalize("NFKC", match.group()):
                    if out.isspace():
                        if in_space:
                            continue
                        out, in_space = " ", True
                    else:
                        in_space = False
                    parts.append(out)
                    origin.append(match.start())
        text = "".join(parts)
        if text.endswith(" "):
            text = text[:-1]
            origin.pop()
        return cls(text, origin)


NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def line_starts(text: str) -> list[int]:
    """Offsets where each line of `text` begins: line numbers by bisection."""
    return [0, *(m.end() for m in re.finditer("\n", text))]


@functools.lru_cache(maxsize=2**16)
def normalise(text: str) -> str:
    """NFKC, whitespace runs collapsed to one space, trimmed: the form quotes are matched in.

    The same text as NormalisedText.of(text).text (each character's NFKC form, then spaces),
    without building the offset map. Validation normalises three cells per row, and a table's
    rows share their sentences, so each distinct text is normalised once.
    """
    if not text.isascii():  # NFKC leaves ASCII as it is
        text = NON_ASCII_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return " ".join(text.split())  # split() cuts at runs of str.isspace(), ends dropped


@dataclass(frozen=True)
class Span:
    """Where a quote stands in the original text: character offsets and 1-based line number."""

    start: int
    end: int
    line: int


@dataclass
class SourceDocument:
    """One source file with its metadata and a normalised copy for matching quotes."""

    file: str
    text: str
    title: str = ""
    short_title: str = ""  # at most SHORT_TITLE_MAX characters; the title when not given
    description: str = ""
    licence: str = ""
    url: str = ""
    furniture_lines: list[int] = field(default_factory=list)
    derived_from: list[Work] = field(default_factory=list)
    _normalised: NormalisedText | None = field(default=None, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)
    _found: dict[str, list[Span]] = field(default_factory=dict, repr=False)  # find_all's answers

    def __post_init__(self) -> None:
        # One fallback here, so every page and chart can name a document by its short title.
        self.short_title = self.short_title or self.title

    def works_at(self, line: int | None) -> list[Work]:
        """The works the text at `line` comes from (all the document's when its works give no
        lines); none when sources.json does not say."""
        return [
            w
            for w in self.derived_from
            if not w.lines or (line is not None and any(a <= line <= b for a, b in w.lines))
        ]

    @property
    def normalised(self) -> NormalisedText:
        if self._normalised is None:
            self._normalised = NormalisedText.of(self.text)
        return self._normalised

    @property
    def line_starts(self) -> list[int]:
        """Offsets where each line of the original text begins, for line numbers by bisection."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        return self._line_starts

    def find(self, quote: str, start: int = 0) -> Span | None:
        """The first place `quote` occurs at or after offset `start` (after normalising both
        sides), or None."""
        needle = normalise(quote)
        if not needle:
            return None
        haystack = self.normalised
        # origin never decreases, so the first normalised character at or after `start` is found
        # by bisection: a linear scan here made validation quadratic in the table's size.
        at = haystack.text.find(needle, bisect.bisect_left(haystack.origin, start))
        if at < 0:
            return None
        first = haystack.origin[at]
        last = haystack.origin[at + len(needle) - 1] + 1
        return Span(first, last, bisect.bisect_right(self.line_starts, first))

    def find_all(self, quote: str) -> list[Span]:
        """Every place `quote` occurs, each looked up once per document however many rows cite it."""
        if quote not in self._found:
            spans, start = [], 0
            while (span := self.find(quote, start)) is not None:
                spans.append(span)
                start = span.start + 1
            self._found[quote] = spans
        return self._found[quote]

    def passage(self, span: Span, sentences: int = 2) -> tuple[str, str, str]:
        """(before, quote, after): the quote with up to `sentences` sentences either side, same paragraph."""
        line_start = self.text.rfind("\n", 0, span.start) + 1
        line_end = self.text.find("\n", span.end)
        line_end = len(self.text) if line_end < 0 else line_end
        before_text = self.text[line_start : span.start]
        after_text = self.text[span.end : line_end]
        cuts = [m.end() for m in SENTENCE_END.finditer(before_text)]
        before = before_text[cuts[-sentences] :] if len(cuts) >= sentences else before_text
        ends = [m.start() for m in SENTENCE_END.finditer(after_text)]
        after = after_text[: ends[sentences]] if len(ends) > sentences else after_text
        return before.lstrip(), self.text[span.start : span.end], after.rstrip()


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

    # A file name in sources/, no path. (pydantic's regex engine: "$" is the end of the text.)
    file: str = Field(pattern=r"^[^/\\\x00-\x1f]+\.txt$")
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


METADATA_SCHEMA = TypeAdapter(list[SourceMetadata])
# Characters no source text holds: NUL and the other C0/C1 controls except tab, newline,
# carriage return and form feed.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
LONE_CR = re.compile(r"\r(?!\n)")


def read_metadata(sources_dir: Path, root: Path) -> tuple[dict[str, SourceMetadata], list[Problem]]:
    """sources.json by file name, checked against SourceMetadata; each problem names its path."""
    where = f"{sources_dir.name}/{METADATA_FILE}"
    path = sources_dir / METADATA_FILE
    if not path.exists() and not path.is_symlink():
        return {}, []
    try:
        raw = read_data_bytes(path, root, MAX_METADATA_BYTES)
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
        by_file[entry.file] = entry
    return by_file, problems


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
    """('0', 'title') -> '[0].title': where in sources.json a schema error is."""
    return "".join(
        f"[{part}]" if isinstance(part, int) or str(part).isdigit() else f".{part}" for part in loc
    ).lstrip(".")


def read_source_text(path: Path, root: Path) -> tuple[str | None, list[Problem]]:
    """A source document's text, or None and why it cannot be one."""
    where = f"{path.parent.name}/{path.name}"
    try:
        raw = read_data_bytes(path, root)
    except UnsafeFile as error:
        return None, [Problem(where, 0, "", str(error))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [Problem(where, line, "", f"not UTF-8: byte 0x{raw[error.start]:02x}")]
    if match := LONE_CR.search(text):
        line = text.count("\n", 0, match.start()) + 1
        return None, [
            Problem(
                where,
                line,
                "",
                "a line ends in a carriage return alone (old Mac line endings), so the text would "
                "read as one line; convert it: tr '\\r' '\\n' < old > new",
            )
        ]
    if match := CONTROL_RE.search(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        count = len(CONTROL_RE.findall(text))
        return None, [
            Problem(
                where,
                line,
                "",
                f"control character U+{ord(match.group()):04X} at column {column} "
                f"({count} in the file); a source is plain text",
            )
        ]
    return text, []


def load_sources(
    sources_dir: Path, root: Path | None = None
) -> tuple[dict[str, SourceDocument], list[Problem]]:
    """Every *.txt in `sources_dir` by file name, with metadata from sources.json where given,
    and every problem found; files are read only inside `root` (the data directory)."""
    root = sources_dir.parent if root is None else root
    metadata, problems = read_metadata(sources_dir, root)
    documents = {}
    for path in sorted(sources_dir.glob("*.txt")):
        if CONTROL_RE.search(path.name) or "\n" in path.name or "\r" in path.name:
            # Listed but never reachable: no URL or CSV cell can name it.
            shown = path.name.encode("unicode_escape").decode("ascii")
            problems.append(
                Problem(
                    f"{sources_dir.name}/{shown}",
                    0,
                    "",
                    "a file name with a line break or control character; rename it",
                )
            )
            continue
        text, text_problems = read_source_text(path, root)
        problems += text_problems
        if text is None:
            continue
        meta = metadata.get(path.name)
        if meta is None:  # undescribed: named by its file, no licence or lineage to show
            documents[path.name] = SourceDocument(file=path.name, text=text, title=path.stem)
            continue
        documents[path.name] = SourceDocument(
            file=path.name,
            text=text,
            title=meta.title,
            short_title=meta.short_title.strip(),
            description=meta.description,
            licence=meta.licence,
            url=meta.url,
            furniture_lines=list(meta.furniture_lines),
            derived_from=list(meta.derived_from),
        )
    for name in sorted(set(metadata) - {p.name for p in sources_dir.glob("*.txt")}):
        problems.append(
            Problem(
                f"{sources_dir.name}/{METADATA_FILE}",
                0,
                "file",
                f"{name} is described but not in {sources_dir.name}/",
            )
        )
    return documents, problems
