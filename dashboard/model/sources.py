"""Source documents: load them, find a quote in the original text, and cut the passage around it."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import re
import unicodedata
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dashboard.model.problems import Problem
from dashboard.model.safe_files import UnsafeFile, read_data_bytes
from dashboard.model.source_metadata import (
    METADATA_FILE as METADATA_FILE,  # these three re-exported: callers import them from here
)
from dashboard.model.source_metadata import (
    SHORT_TITLE_MAX as SHORT_TITLE_MAX,
)
from dashboard.model.source_metadata import Work, metadata_caps, read_descriptions, unnamable
from dashboard.model.source_metadata import (
    read_metadata as read_metadata,
)

# A document is read whole and matched through an offset map of 4 bytes a character, so 200 MiB
# of text costs about a gigabyte; a book is a few MB.
MAX_SOURCE_BYTES = 200 * 2**20
SOURCE_ADVICE = "split the document into parts, one .txt each"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*(?:\[[^\]]{1,12}\])*\s+(?=[A-Z\"“(])")


# What NormalisedText.of reads at a time: a run of whitespace; printable ASCII words apart by
# single spaces (which NFKC and the collapsing of spaces both leave as they are); or one other
# character, normalised on its own.
# The ASCII characters str.isspace() (and so the regex \\s) takes for whitespace.
ASCII_SPACES = tuple(chr(c) for c in range(128) if chr(c).isspace())
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
        by_arrays = cls.by_arrays(original)
        return by_arrays if by_arrays is not None else cls.by_pieces(original)

    @classmethod
    def by_arrays(cls, original: str) -> NormalisedText | None:
        """The normalisation as whole-array operations: each distinct character's NFKC form is
        worked out once, then every position is kept or dropped at once (a space after a space
        is dropped). None when a character's form mixes spaces with other characters ("¨" is a
        space and a combining mark), which by_pieces handles: 10 to 20 times slower."""
        found = character_forms(original)
        if found is None:
            return None
        spaces, forms = found
        try:
            codes = np.frombuffer(original.encode("utf-32-le"), dtype="<u4")
        except UnicodeEncodeError:  # a lone surrogate
            return None
        is_space = np.zeros(len(codes), dtype=bool)
        for space in spaces:  # a dozen comparisons: np.isin sorted the whole text
            is_space |= codes == ord(space)
        after_space = np.concatenate(([True], is_space[:-1]))  # the text starts as after one
        kept = np.flatnonzero(~is_space | ~after_space)
        if len(kept) and is_space[kept[-1]]:
            kept = kept[:-1]  # a trailing space
        text = np.where(is_space[kept], 32, codes[kept]).astype("<u4").tobytes()
        origin = kept
        if forms:  # a character whose form is longer maps each of its characters back to it
            lengths = np.ones(len(codes), dtype=np.int64)
            for char, form in forms.items():
                lengths[codes == ord(char)] = len(form)
            origin = np.repeat(kept, lengths[kept])
        mapped = array("I")
        mapped.frombytes(origin.astype(np.uint32).tobytes())
        normalised = text.decode("utf-32-le")
        for char, form in forms.items():  # a scan each: str.translate took 6 ms a document
            normalised = normalised.replace(char, form)
        return cls(normalised, mapped)

    @classmethod
    def by_pieces(cls, original: str) -> NormalisedText:
        """The normalisation a piece at a time (NORMALISATION_PIECE): any text."""
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


def character_forms(original: str) -> tuple[list[str], dict[str, str]] | None:
    """The characters of `original` that read as a space, and those whose NFKC form differs,
    with it; None when a form mixes spaces with other characters."""
    spaces, forms = list(ASCII_SPACES), {}
    for char in {c for c in set(original) if c > "\x7f"}:
        form = unicodedata.normalize("NFKC", char)
        if char.isspace() or form.isspace():
            spaces.append(char)
        elif not form or any(c.isspace() for c in form):
            return None
        elif form != char:
            forms[char] = form
    return spaces, forms


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


class SourceChanged(RuntimeError):
    """A document's file no longer holds the bytes it was validated with."""


@dataclass
class SourceDocument:
    """One source file with its metadata and a normalised copy for matching quotes.

    A document loaded from the built index has no text until it is first asked for: it is read
    from `path` then, checked against `digest`, and kept among the few most recently read
    (RESIDENT_CHARS), so a server's memory does not grow with the corpus.
    """

    file: str
    loaded_text: str | None = None  # None until read from `path`
    title: str = ""
    short_title: str = ""  # at most SHORT_TITLE_MAX characters; the title when not given
    description: str = ""
    licence: str = ""
    url: str = ""
    furniture_lines: list[int] = field(default_factory=list)
    derived_from: list[Work] = field(default_factory=list)
    described_in: str = ""  # the metadata file describing it: "sources/sources.json"; "" if none
    path: Path | None = None  # where the text is read again from after being let go
    root: Path | None = None  # the data directory: the file is read only inside it
    digest: str = ""  # SHA-256 of the file's bytes as validated
    _normalised: NormalisedText | None = field(default=None, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)
    _found: dict[str, list[Span]] = field(default_factory=dict, repr=False)  # find_all's answers

    def __post_init__(self) -> None:
        # One fallback here, so every page and chart can name a document by its short title.
        self.short_title = self.short_title or self.title

    @property
    def text(self) -> str:
        if self.loaded_text is None:
            self.loaded_text = self.read_again()
            RESIDENT.admit(self)
        return self.loaded_text

    def read_again(self) -> str:
        """The text from `path`, refused when its bytes are not the ones validated."""
        if self.path is None:
            raise SourceChanged(f"{self.file}: no text and no file to read it from")
        root = self.root or self.path.parent
        try:
            raw = read_data_bytes(self.path, root, MAX_SOURCE_BYTES, SOURCE_ADVICE)
        except OSError as error:
            raise SourceChanged(f"{self.file} cannot be read again: {error}") from error
        if self.digest and hashlib.sha256(raw).hexdigest() != self.digest:
            raise SourceChanged(
                f"{self.file} has changed since it was validated; run validate and restart serve"
            )
        return raw.decode("utf-8")

    def let_go(self) -> None:
        """Drop the text and everything derived from it; read again on the next use. Only a
        document with a file to read it from lets go."""
        if self.path is not None:
            self.loaded_text, self._normalised, self._line_starts = None, None, None
            self._found = {}

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


class ResidentTexts:
    """The documents read again whose texts are kept, most recently read last, until their
    characters pass `limit`: then the oldest let go. Each character costs about 6 bytes with
    its normalised copy and offset map."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.documents: OrderedDict[str, SourceDocument] = OrderedDict()

    def admit(self, document: SourceDocument) -> None:
        self.documents[document.file] = document
        self.documents.move_to_end(document.file)
        held = sum(len(d.loaded_text or "") for d in self.documents.values())
        while held > self.limit and len(self.documents) > 1:
            _, oldest = self.documents.popitem(last=False)
            held -= len(oldest.loaded_text or "")
            oldest.let_go()


# 16 million characters: about 100 MB a process, a few hundred typical documents.
RESIDENT_CHARS = 16_000_000
RESIDENT = ResidentTexts(RESIDENT_CHARS)


# Characters no source text holds: NUL and the other C0/C1 controls except tab, newline,
# carriage return and form feed.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
LONE_CR = re.compile(r"\r(?!\n)")


def read_source_text(path: Path, root: Path) -> tuple[str | None, list[Problem]]:
    """A source document's text, or None and why it cannot be one."""
    where = f"{path.parent.name}/{path.name}"
    try:
        raw = read_data_bytes(path, root, MAX_SOURCE_BYTES, SOURCE_ADVICE)
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


def unreachable(name: str) -> bool:
    """A file name with a line break or control character: no URL or CSV cell can name it."""
    return CONTROL_RE.search(name) is not None or "\n" in name or "\r" in name


def source_caps(sources_dir: Path) -> list[tuple[Path, int, str]]:
    """Each file of `sources_dir` load_sources would read, with its cap and what to do over it."""
    documents = [
        (path, MAX_SOURCE_BYTES, SOURCE_ADVICE)
        for path in sorted(sources_dir.glob("*.txt"))
        if not unreachable(path.name)
    ]
    return metadata_caps(sources_dir) + documents


def document_names(sources_dir: Path) -> list[str]:
    """The documents load_sources reads: each *.txt whose name a URL and a CSV cell can hold."""
    return [p.name for p in sorted(sources_dir.glob("*.txt")) if not unreachable(p.name)]


def load_sources(
    sources_dir: Path, root: Path | None = None
) -> tuple[dict[str, SourceDocument], list[Problem]]:
    """Every *.txt in `sources_dir` by file name, with its metadata from sources.json or from
    <name>.json where given, and every problem found; files are read only inside `root` (the
    data directory)."""
    root = sources_dir.parent if root is None else root
    descriptions, problems = read_descriptions(sources_dir, root)
    documents = {}
    texts = sorted(sources_dir.glob("*.txt"))
    for path in texts:
        if unreachable(path.name):
            problems.append(unnamable(path))
            continue
        text, text_problems = read_source_text(path, root)
        problems += text_problems
        if text is None:
            continue
        document = SourceDocument(
            file=path.name,
            loaded_text=text,
            title=path.stem,  # undescribed: named by its file, no licence or lineage to show
            path=path,
            root=root,
            digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),  # the bytes read, again
        )
        documents[path.name] = document
        described = descriptions.get(path.name)
        if described is None:
            continue
        meta = described.metadata
        documents[path.name] = dataclasses.replace(
            document,
            title=meta.title,
            short_title=meta.short_title.strip(),
            description=meta.description,
            licence=meta.licence,
            url=meta.url,
            furniture_lines=list(meta.furniture_lines),
            derived_from=list(meta.derived_from),
            described_in=described.where,
        )
    for name in sorted(set(descriptions) - {p.name for p in texts}):
        problems.append(
            Problem(
                descriptions[name].where,
                0,
                "file",
                f"{name} is described but not in {sources_dir.name}/",
            )
        )
    return documents, problems
