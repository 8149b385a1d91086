"""The number finder: every numeric mention in a text, as the whole phrase, with line and column.

A mention is what a reader would underline: "between 1.5 and 2 million", "25 million", "hundreds of
thousands", "three-fifths", "twice", "a dozen", "24km", "fourth to fifth". Dates, years used as
dates, citation markers and ordinals that name an event ("10th Congress", "First World War") are
not mentions. The rules are about English, not about any one document: `coverage` and `propose`
run them on texts nobody here has read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.extract.dates import MONTHS, date_spans
from dashboard.extract.identifiers import identifier_spans
from dashboard.extract.words import (
    CARDINALS,
    CURRENCY_BEFORE_RE,
    CURRENCY_CODES,
    DATE_WORDS,
    DATED_NOUNS,
    DETERMINERS,
    FOLD_RE,
    GROUP_WORDS,
    HALVES,
    IDENTIFIER_WORDS,
    IRREGULAR_PLURALS,
    LIST_TOKENS,
    MULTIPLES_BEFORE_DETERMINER,
    NOT_NAMES,
    NOT_PLURAL_ENDINGS,
    PLURAL_MAGNITUDES,
    POSSESSIVES,
    PRONOUN_ONE_BEFORE,
    RANGE_JOINERS,
    RANK_VERBS,
    RANK_WORDS,
    SCALE_WORDS,
    SIGN_BEFORE_RE,
    SPACED_SCALES,
    VOTE_AFTER_RE,
    VOTE_RE,
)
from dashboard.model.numbers import (
    DENOMINATORS,
    MULTIPLES,
    ORDINAL_WORDS,
    SHARES,
    TENS,
    UNITS,
    parse_numbers,
)
from dashboard.model.sources import line_starts

CITATION_RE = re.compile(
    r"\[(?:\*?\d+|nb ?\d+|[a-z]{1,2}|note ?\d+|citation needed|[a-z]+ \d+)\]"
    # Numbered references in parentheses after a word: a list or a range anywhere ("(26,29,49)",
    # "(14–17)"), a single number where a clause ends ("... disease (22).").
    r"|(?:(?<=[A-Za-z\])”\"'’])|(?<=[A-Za-z\])”\"'’]\s))\((?:"
    r"\d{1,3}(?:[–-]\d{1,3})?(?:,(?:\s?\d{1,2}|\s\d{3})(?:[–-]\d{1,3})?)+|\d{1,3}[–-]\d{1,3}"
    r"|\d{1,3}(?=\)\s*(?:[.;]|$)))\)",
    re.IGNORECASE | re.MULTILINE,
)
TOKEN_RE = re.compile(
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\w.])\.\d+)[½¼¾⅓⅔⅛]?|[½¼¾⅓⅔⅛])(?P<suffix>%|‰|\+|[a-zA-Z]{1,3}\b)?"
    r"|(?P<word>[A-Za-z]+(?:['’][a-z]+)?)"
    r"|(?P<dash>[-–—])"
    r"|(?P<other>\S)",
)
YEAR_RE = re.compile(r"1\d{3}|20\d{2}")


@dataclass(frozen=True)
class Mention:
    """A numeric mention: the phrase as written, where it is and the line it stands in."""

    source: str
    line: int
    column: int
    start: int
    end: int
    text: str
    context: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.text!r} in «{self.context}»"


@dataclass
class Token:
    kind: str  # num, word, dash, other
    text: str
    start: int
    end: int
    suffix: str = ""

    @property
    def low(self) -> str:
        return self.text.lower()


def tokens_of(text: str) -> list[Token]:
    out = []
    for m in TOKEN_RE.finditer(text):
        if m.group("num") is not None:
            out.append(Token("num", m.group("num"), m.start(), m.end(), m.group("suffix") or ""))
        else:  # every other alternative is a named group: word, dash or other
            out.append(Token(m.lastgroup or "other", m.group(), m.start(), m.end()))
    return out


def is_plural_noun(token: Token | None) -> bool:
    """A lowercase word that reads as a counted plural noun: troops, tanks, people."""
    if token is None or token.kind != "word" or not token.text.islower():
        return False
    word = token.low
    if word in IRREGULAR_PLURALS:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(NOT_PLURAL_ENDINGS)


class Finder:
    """One pass over a text's tokens, deciding for each whether a mention starts there."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokens_of(text)
        # Citation markers, dates and identifiers: spans no number inside of is a figure.
        self.skipped = merged_spans(
            [m.span() for m in CITATION_RE.finditer(text)],
            date_spans(text),
            identifier_spans(text),
        )
        self.skipped_starts = [a for a, _ in self.skipped]

    def at(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def word(self, i: int) -> str:
        token = self.at(i)
        return token.low if token is not None and token.kind in ("word", "dash") else ""

    def glued(self, i: int) -> bool:
        """Whether token i follows token i-1 with nothing between them."""
        before, token = self.at(i - 1), self.at(i)
        return before is not None and token is not None and before.end == token.start

    def skipped_at(self, token: Token) -> bool:
        """Whether a token stands in a citation marker, a date, a time or an identifier."""
        k = bisect.bisect_right(self.skipped_starts, token.start) - 1
        return k >= 0 and token.start < self.skipped[k][1]

    # -- what a single token (or a short run of them) is ------------------------------------

    def number_run(self, i: int) -> int | None:
        """The index after a run of number words ('one hundred and fifty thousand', 'twenty-five'),
        or after a numeral with its scale words ('25 million'); None if no number starts at i."""
        token = self.at(i)
        if token is None:
            return None
        if token.kind == "num" or token.low in CARDINALS or token.low == "dozen":
            j = i + 1
        elif token.low in ("a", "an") and self.word(i + 1) in SCALE_WORDS | {"dozen"}:
            j = i + 2
        else:
            return None
        while step := self.compound_step(i, j):
            j += step
        if self.word(j) in ("per", "percent") and token.kind == "num":
            j += 2 if self.word(j) == "per" and self.word(j + 1) in ("cent", "mille") else 1
        return j

    def compound_step(self, i: int, j: int) -> int:
        """How many tokens from j continue the number that starts at i: a scale word ('25
        million'), the rest of 'twenty-five', 'hundred and fifty', 'twenty five', 'and a half'."""
        w = self.word(j)
        if w in SCALE_WORDS or w == "dozen":
            return 1
        if (w in UNITS or w in TENS) and self.word(j - 1) in SCALE_WORDS:
            return 1  # "thirty-one thousand four hundred", "a hundred fifty"
        if w == "-" and self.word(j + 1) in UNITS and self.word(j - 1) in TENS:
            return 2  # twenty-five
        after = self.word(j + 1)
        if w == "and" and self.word(j - 1) in SCALE_WORDS and (after in UNITS or after in TENS):
            return 2  # hundred and fifty
        if self.tokens[i].kind == "word" and (w in UNITS or w in TENS) and j == i + 1:
            return 1  # "twenty five"
        if w == "and" and after in ("a", "one") and self.word(j + 2) in HALVES:
            return 3  # "four and a half", "one and a quarter million": one number
        return 0

    def fraction_run(self, i: int) -> int | None:
        """'a tenth', 'one third', 'three-fifths', 'two thirds', 'half': the index after it."""
        w = self.word(i)
        if (
            w == "half"
            and not self.is_ordinal(i - 1)
            and self.word(i - 1) not in ("latter", "former")
        ):
            return i + 1  # not "the second half", "the latter half"
        if w == "halves" and self.word(i - 1) in UNITS:
            return i + 1
        if w in ("a", "one", *UNITS, *TENS):
            j = i + 1
            if self.word(j) == "-" and self.glued(j) and self.glued(j + 1):
                j += 1
            denominator = self.word(j)
            if denominator in DENOMINATORS and denominator not in ("fourth",):
                plural = denominator.endswith("s")
                # "a third of the land" is a fraction; "a third revolution" is an ordinal.
                following = self.at(j + 1)
                ends = self.word(j + 1) in ("of", "more", "less", "") or (
                    following is not None and following.kind == "other"
                )
                if (w in ("a", "one") and not plural and ends) or (
                    w not in ("a", "one") and plural
                ):
                    return j + 1
        return None

    def vague_run(self, i: int) -> int | None:
        """'hundreds of thousands', 'tens of millions', 'dozens', 'scores of', 'the majority of'."""
        w = self.word(i)
        if w in ("the", "a") and self.word(i + 1) in SHARES:
            return i + 3 if self.word(i + 2) == "of" else i + 2
        if w not in PLURAL_MAGNITUDES:
            return None
        if w == "tens" and not (self.word(i + 1) == "of" and self.word(i + 2) in PLURAL_MAGNITUDES):
            return None
        if w == "scores" and self.word(i + 1) != "of":
            return None
        if self.word(i + 1) == "of" and self.word(i + 2) in {"thousands", "millions", "billions"}:
            return i + 3
        return i + 1

    def multiple_run(self, i: int) -> int | None:
        """'twice', 'thrice', 'doubled', 'halved', 'tenfold', '10-fold', 'double the'."""
        w = self.word(i)
        if w in MULTIPLES and w not in MULTIPLES_BEFORE_DETERMINER:
            return i + 1
        if w in MULTIPLES_BEFORE_DETERMINER and self.word(i + 1) in DETERMINERS:
            return i + 1
        fold = FOLD_RE.match(w)
        if fold and fold.group("times") in CARDINALS:  # twofold, tenfold, hundredfold
            return i + 1
        token = self.at(i)
        if (
            token is not None
            and token.kind == "num"
            and self.word(i + 1) == "-"
            and self.word(i + 2) == "fold"
            and self.glued(i + 1)
        ):
            return i + 3
        return None

    def group_run(self, i: int) -> int | None:
        """'a pair', 'a trio', 'the foursome', 'a dozen' (a determiner, then the group word)."""
        if self.word(i) in DETERMINERS and self.word(i + 1) in GROUP_WORDS:
            return i + 2
        return None

    def ordinal_run(self, i: int) -> int | None:
        """An ordinal that ranks ('fourth to fifth among', 'ranked third', 'the 2nd largest');
        ordinals that name an event or a time ('First World War', '10th Congress') are not."""
        if not self.is_ordinal(i):
            return None
        j = i + 1
        if self.word(j) in ("to", "-", "–", "or") and self.is_ordinal(j + 1):
            j += 2
        after, before = self.word(j), self.word(i - 1)
        if after in RANK_WORDS or before in RANK_VERBS:
            return j
        return None

    def is_ordinal(self, i: int) -> bool:
        token = self.at(i)
        if token is None:
            return False
        if token.kind == "num":
            return token.suffix.lower() in ("st", "nd", "rd", "th")
        # "third", or "twenty-first"
        return token.low in ORDINAL_WORDS or (
            token.low in TENS and self.word(i + 1) == "-" and self.word(i + 2) in ORDINAL_WORDS
        )

    # -- what rules a numeral out ----------------------------------------------------------

    def is_year(self, i: int) -> bool:
        """A bare four-digit integer from 1000 to 2099 used as a date: 'in 1921', 'the 1917
        elections', 'March 1917', '1937 and 1938'; a count only before a counted noun ('sent
        1500 troops')."""
        token = self.tokens[i]
        if YEAR_RE.fullmatch(token.text) and re.fullmatch(r"[a-h]", token.suffix):
            return True  # a cited work's year: "Pagani et al., 2006a"
        if not YEAR_RE.fullmatch(token.text) or token.suffix not in ("", "s"):
            return False
        if token.suffix == "s":
            return True  # 1930s
        after = self.at(i + 1)
        if self.word(i - 1) in DATE_WORDS | POSSESSIVES or self.word(i - 1) in ("-", "–", "—"):
            return True
        counted = after is not None and is_plural_noun(after) and after.low not in DATED_NOUNS
        return not counted or self.year_range_at(i)

    def year_range_at(self, i: int) -> bool:
        return self.word(i + 1) in ("-", "–", "—") and (
            (nxt := self.at(i + 2)) is not None and nxt.kind == "num" and len(nxt.text) in (2, 4)
        )

    def is_identifier(self, i: int) -> bool:
        """A number that names rather than counts: 'Article 58', 'Order No. 00447', 'No: 354',
        'MI6', 'page 12'; a leading zero is never a count."""
        token = self.tokens[i]
        if token.text.startswith("0") and len(token.text) > 1 and token.text[1].isdigit():
            return True
        before = self.at(i - 1)
        if before is not None and before.kind == "word" and before.end == token.start:
            return before.text not in CURRENCY_CODES  # glued to letters: MI6, T34, not $US12
        if self.is_model_name(i):
            return True
        if before is not None and before.end == token.start and before.text.isalpha():
            return True  # glued to a letter of another script: δ13C
        j = i - 1
        while (before := self.at(j)) is not None and before.text in (".", ":", "#"):
            j -= 1  # "No. 00447", "No: 354", "#12"
        return self.word(j) in IDENTIFIER_WORDS or self.in_identifier_list(i)

    def in_identifier_list(self, i: int) -> bool:
        """A later item of a list that an identifier word opens: the 5 and 7 of 'phases 3, 5, and
        7'; only small whole numbers with nothing counted after them."""
        if not re.fullmatch(r"\d{1,3}", self.tokens[i].text) or is_plural_noun(self.at(i + 1)):
            return False
        j, numbers = i - 1, 0
        while (token := self.at(j)) is not None and i - j < 16:
            if token.kind == "num" and re.fullmatch(r"\d{1,3}", token.text):
                numbers += 1
            elif token.low not in LIST_TOKENS:
                break
            j -= 1
        while (token := self.at(j)) is not None and token.text in (".", ":"):
            j -= 1  # "pp. 889–893"
        return numbers > 0 and self.word(j) in IDENTIFIER_WORDS

    def is_model_name(self, i: int) -> bool:
        """A name made of a word and a number: 'T-34', 'Su-27', 'MiG-15' (a word with a capital,
        hyphened to the number), 'Boeing 747', 'Windows 10', 'Apollo 11' (a capitalised word inside
        a sentence, then a whole number of up to four digits that nothing counted follows)."""
        token, before = self.tokens[i], self.at(i - 1)
        if before is None:
            return False
        name = self.at(i - 2)
        if before.text == "-" and self.glued(i) and self.glued(i - 1) and name is not None:
            return name.kind == "word" and any(c.isupper() for c in name.text)
        if not (
            before.kind == "word"
            and before.text[:1].isupper()
            and before.low not in MONTHS | NOT_NAMES
            and before.text not in CURRENCY_CODES
            and not self.opens_sentence(i - 1)
            and re.fullmatch(r"\d{1,4}", token.text)
            and not token.suffix
        ):
            return False
        after = self.at(i + 1)
        counted = is_plural_noun(after) or self.word(i + 1) in SCALE_WORDS | {"per", "percent"}
        return not counted and not (after is not None and after.text in ("%", "-", "–"))

    def opens_sentence(self, i: int) -> bool:
        """Whether token i is the first of a sentence, a line or a bracket."""
        before = self.at(i - 1)
        return (
            before is None
            or (before.kind == "other" and before.text in '.!?:;"“([')
            or "\n" in self.text[before.end : self.tokens[i].start]
        )

    def is_date_part(self, i: int) -> bool:
        """A day of a month ('5 March', 'March 5', '[O.S. 25 October]'), the second half of a year
        range ('1932–33'), or a decade ('the '30s')."""
        token = self.tokens[i]
        if token.suffix.lower() in ("st", "nd", "rd", "th", "") and "," not in token.text:
            value = float(token.text) if token.text.isdigit() else 0.5
            if value.is_integer() and 1 <= value <= 31:
                if self.word(i + 1) in MONTHS:
                    return True
                if self.word(i - 1) in MONTHS and not is_plural_noun(self.at(i + 1)):
                    return True
        before = self.at(i - 2)
        return (  # 1932–33, 1914–1918
            self.word(i - 1) in ("-", "–", "—")
            and before is not None
            and before.kind == "num"
            and YEAR_RE.fullmatch(before.text) is not None
            and len(token.text) in (2, 4)
        )

    # -- the scan --------------------------------------------------------------------------

    def single(self, i: int) -> tuple[int, int] | None:
        """(start index, end index) of one number phrase starting at token i, before ranges."""
        if self.skipped_at(self.tokens[i]):
            return None
        if self.tokens[i].kind == "num":
            return self.single_numeral(i)
        for run in (
            self.vague_run,
            self.group_run,
            self.fraction_run,
            self.multiple_run,
            self.ordinal_run,
        ):
            end = run(i)
            if end:
                return i, end
        return self.single_word(i)

    def single_numeral(self, i: int) -> tuple[int, int] | None:
        """A phrase starting with a numeral: not a date, citation or identifier; an ordinal only
        when it ranks."""
        token = self.tokens[i]
        if self.is_year(i) or self.is_date_part(i):
            return None
        if self.is_identifier(i):
            return None
        if token.suffix.lower() in ("st", "nd", "rd", "th"):
            end = self.ordinal_run(i)
            return (i, end) if end else None
        if token.suffix.lower() == "s":
            return None  # a decade other than a year's: "the 20s"
        end = self.multiple_run(i) or self.number_run(i)
        return (i, end) if end else None

    def single_word(self, i: int) -> tuple[int, int] | None:
        """A phrase starting with a number word: 'a million', 'five', 'twenty-five'; 'one' only
        when it counts."""
        w = self.tokens[i].low
        counts = (
            w in CARDINALS or w == "dozen" or (w in ("a", "an") and self.word(i + 1) in SCALE_WORDS)
        )
        if not counts or (w == "one" and not self.counts_one(i)) or self.is_ordinal(i):
            return None
        end = self.number_run(i)
        return (i, end) if end else None

    def counts_one(self, i: int) -> bool:
        """'one' as a number ('one admiral', 'one of the') rather than a pronoun: 'no one', 'what
        one could afford', 'one which', 'a poor one,' (after an adjective, closing a clause)."""
        before, after = self.word(i - 1), self.word(i + 1)
        if before in ("no", "any", "every", "some", "each") or after in PRONOUN_ONE_BEFORE:
            return False
        following = self.at(i + 1)
        closes = following is None or (following.kind == "other" and following.text in ".,;:!?)")
        return not (closes and before not in ("only", "just", "exactly", "than", "of", "to"))

    def mentions(self) -> list[tuple[int, int]]:
        """Character spans of every mention, in order."""
        spans, i = [], 0
        while i < len(self.tokens):
            found = self.single(i)
            if not found:
                i += 1
                continue
            start, end = found
            end = self.spaced_scale(end)
            # A range: 'between 5 and 7 million', '1,600,000 to 1,800,000', '30-40%', 'two or
            # three'; not a vote or a score ('voted 9 to 3'), whose ends are two figures.
            joiner = self.word(end)
            if joiner in RANGE_JOINERS and (joiner != "and" or self.word(start - 1) == "between"):
                second = self.single(end + 1) if end + 1 < len(self.tokens) else None
                if second and not self.is_tally(start, end, second[1]):
                    end = self.spaced_scale(second[1])
            if self.word(start - 1) in ("between", "from") and end - start > 1:
                start -= 1
            first = self.tokens[start].start
            spans.append((first - self.written_before(first), self.tokens[end - 1].end))
            i = end
        return spans

    def spaced_scale(self, end: int) -> int:
        """The end of a number with a scale written apart after it: '7 B users', '3 bn'."""
        scale, before = self.at(end), self.at(end - 1)
        if scale is None or before is None or before.kind != "num":
            return end
        if scale.text not in SPACED_SCALES or scale.start - before.end > 1:
            return end
        after = self.at(end + 1)
        named = after is not None and after.kind == "word" and after.text[:1].isupper()
        return end if named else end + 1

    def is_tally(self, start: int, end: int, second_end: int) -> bool:
        """Whether 'A to B' or 'A–B' states two counts, a vote or a score, not a range: the words
        around it say so, or A is larger than B outside a change ('fell from 9 to 3')."""
        a, b = self.tokens[start].start, self.tokens[end - 1].end
        before = self.text[max(0, a - 60) : a]
        if VOTE_RE.search(before) or VOTE_AFTER_RE.match(
            self.text, self.tokens[second_end - 1].end
        ):
            return True
        if self.word(start - 1) in ("from", "between") or self.word(end) in ("or", "and"):
            return False
        first = parse_numbers(self.text[a:b])
        second = parse_numbers(
            self.text[self.tokens[end + 1].start : self.tokens[second_end - 1].end]
        )
        return len(first) == 1 and len(second) == 1 and first[0] > second[0] * 1.0001

    def written_before(self, position: int) -> int:
        """How many characters before a number belong to it: a currency ('$', 'US$', '€') and a
        sign ('−', 'minus')."""
        taken = 0
        currency = CURRENCY_BEFORE_RE.search(self.text, max(0, position - 6), position)
        if currency:
            taken = currency.end() - currency.start()
        sign = SIGN_BEFORE_RE.search(self.text, max(0, position - taken - 7), position - taken)
        return taken + (sign.end() - sign.start() if sign else 0)


def merged_spans(*groups: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering every span of `groups`."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(span for group in groups for span in group):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def find_mentions_in(text: str) -> list[tuple[int, int]]:
    """The character spans of every numeric mention in `text`."""
    return Finder(text).mentions()


def find_mentions(source: str, text: str, furniture_lines: list[int] | tuple = ()) -> list[Mention]:
    """Every mention in a document, with its line, column and context, skipping furniture lines."""
    starts = line_starts(text)
    out = []
    for start, end in find_mentions_in(text):
        line = bisect.bisect_right(starts, start)
        if line in furniture_lines:
            continue
        line_start = starts[line - 1]
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        context = text[max(line_start, start - 60) : min(end + 60, line_end)]
        out.append(
            Mention(
                source, line, start - line_start + 1, start, end, text[start:end],
                " ".join(context.split()),
            )
        )  # fmt: skip
    return out
