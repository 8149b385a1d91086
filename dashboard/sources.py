"""Source documents: load them, find a quote in the original text, and cut the passage around it."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

METADATA_FILE = "sources.json"
SHORT_TITLE_MAX = 32  # characters: a source's name in chart labels and legends
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*(?:\[[^\]]{1,12}\])*\s+(?=[A-Z\"“(])")


@dataclass(frozen=True)
class NormalisedText:
    """A text normalised for matching (NFKC, whitespace runs as one space) with a map back."""

    text: str
    origin: list[int] = field(repr=False)  # origin[i] = index in the original of normalised char i

    @classmethod
    def of(cls, original: str) -> NormalisedText:
        chars: list[str] = []
        origin: list[int] = []
        in_space = False
        for index, char in enumerate(original):
            for out in unicodedata.normalize("NFKC", char):
                if out.isspace():
                    if in_space or not chars:
                        continue
                    out, in_space = " ", True
                else:
                    in_space = False
                chars.append(out)
                origin.append(index)
        while chars and chars[-1] == " ":
            chars.pop()
            origin.pop()
        return cls("".join(chars), origin)


def normalise(text: str) -> str:
    """NFKC, whitespace runs collapsed to one space, trimmed: the form quotes are matched in."""
    return NormalisedText.of(text).text


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
    _normalised: NormalisedText | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # One fallback here, so every page and chart can name a document by its short title.
        self.short_title = self.short_title or self.title

    @property
    def normalised(self) -> NormalisedText:
        if self._normalised is None:
            self._normalised = NormalisedText.of(self.text)
        return self._normalised

    def find(self, quote: str, start: int = 0) -> Span | None:
        """The first place `quote` occurs (after normalising both sides), or None."""
        needle = normalise(quote)
        if not needle:
            return None
        haystack = self.normalised
        begin_at = next(
            (i for i, o in enumerate(haystack.origin) if o >= start), len(haystack.text)
        )
        at = haystack.text.find(needle, begin_at)
        if at < 0:
            return None
        first = haystack.origin[at]
        last = haystack.origin[at + len(needle) - 1] + 1
        return Span(first, last, self.text.count("\n", 0, first) + 1)

    def find_all(self, quote: str) -> list[Span]:
        spans, start = [], 0
        while (span := self.find(quote, start)) is not None:
            spans.append(span)
            start = span.start + 1
        return spans

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


def load_sources(sources_dir: Path) -> dict[str, SourceDocument]:
    """Every *.txt in `sources_dir` by file name, with metadata from sources.json where given.

    Raises OSError or UnicodeDecodeError for unreadable files; callers turn these into problems.
    """
    metadata: dict[str, dict] = {}
    meta_path = sources_dir / METADATA_FILE
    if meta_path.is_file():
        metadata = {entry["file"]: entry for entry in json.loads(meta_path.read_text("utf-8"))}
    documents = {}
    for path in sorted(sources_dir.glob("*.txt")):
        meta = metadata.get(path.name, {})
        title = meta.get("title", path.stem)
        documents[path.name] = SourceDocument(
            file=path.name,
            text=path.read_text("utf-8"),
            title=title,
            short_title=str(meta.get("short_title") or "").strip(),
            description=meta.get("description", ""),
            licence=meta.get("licence", ""),
            url=meta.get("url", ""),
            furniture_lines=list(meta.get("furniture_lines", [])),
        )
    return documents
