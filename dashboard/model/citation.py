"""How a statement is cited, in one place: where it stands ("Encyclopedia compilation, 2018, line
49") and the ready-to-paste citation the page offers. Every view that names a statement's place
(chart labels, the citation panel, the comparisons) composes it here."""

from __future__ import annotations


def place(name: str, line: int | None) -> str:
    """A document's name and the line a statement stands on, or the name alone."""
    return f"{name}, line {line}" if line else name


def line_suffix(line: int | None) -> str:
    """', line 49' after a name written elsewhere, or '' when the line is unknown."""
    return f", line {line}" if line else ""


def citation(title: str, file: str, line: int | None, quote: str, link: str) -> str:
    """'Title (file F, line N): “quote.” link': the document, the place, the words, the permalink."""
    quote = quote.rstrip()
    stop = "" if quote[-1:] in ".!?" else "."
    return f"{title} (file {file}{line_suffix(line)}): \u201c{quote}\u201d{stop} {link}"
