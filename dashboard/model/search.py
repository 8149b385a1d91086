"""Text search as a reader means it: word forms, numbers however written, accents and case."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from dashboard.model.numbers import GLUED_SCALES, SCALES, TENS, UNITS

# Why SQLite FTS5: its porter tokenizer stems English words (execute, executed, executions all
# become "execut") and it ships with Python's own sqlite3, so there is no new dependency and
# nothing to keep in the lock files; snowballstemmer would stem a little better (porter2) but
# would add one. FTS5's query language (OR, NEAR, *, column filters) is never exposed: every
# word reaches it as a quoted string of letters and digits, so no query can be a syntax error.
# Porter stems a prefix too, and "executi" begins no stem (executions is "execut"), so a word
# being typed is first completed to the texts' own words that it begins ("executions",
# "execution"), each then matched with its forms; a phrase's last word, or a word that begins
# too many, matches as a prefix in a second, unstemmed table.
# A decimal point is part of a token: "1.5" is one number, never the 5 of "5 million". Only
# numbers written in digits carry one to the index (every other token is letters and digits).
STEMMED = "porter unicode61 remove_diacritics 2 tokenchars '.'"
PLAIN = "unicode61 remove_diacritics 2"
MAX_CACHED = 256  # query results kept per index; a search box asks again for the same words
# A word being typed is read as every word of the texts it begins, each with its word forms,
# up to this many; past it (one or two letters) as a plain prefix.
MAX_COMPLETIONS = 64
TOKEN = re.compile(r"[^\W_]+")  # letters and digits: what FTS5's unicode61 keeps as a token
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

_SCALE_WORDS = {"hundred": 100, **SCALES}
_SCALE = "|".join(_SCALE_WORDS)
_GLUED = "|".join(sorted(GLUED_SCALES, key=len, reverse=True))
_SMALL = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
# A numeral: grouped digits ("700,000"; "700 000", the thin and no-break spaces having become
# plain spaces when the text was folded), or plain digits, a decimal part, and scales after
# it ("0.7 million", "700 thousand", "3bn"). Never part of a word ("1930s", "a700"), nor led
# by a zero ("Order No. 00447" names an order).
_NUMERAL = (
    r"(?<![\w.])(?!0[0-9])(?P<int>[0-9]{1,3}(?P<sep>[ ,])[0-9]{3}(?:(?P=sep)[0-9]{3}){0,8}(?![0-9])"
    r"|[0-9]{1,24})(?:\.(?P<frac>[0-9]{1,12}))?"
    rf"(?P<scales>(?:{_GLUED})|(?:[ -]?(?:{_SCALE})s?)+)?(?![\w])"
)
# Number words: "seven", "forty-five", "a hundred and twenty", "seven million"; "and" only after
# a hundred or a scale, so "five and seven million" is two numbers.
_DIGIT_WORDS = "|".join(word for word, value in UNITS.items() if 1 <= value <= 9)
_GROUP = rf"(?:(?:{'|'.join(TENS)})(?:[ -](?:{_DIGIT_WORDS}))?|{_SMALL})"
_WORDS = (
    rf"\b(?P<words>(?:{_GROUP}|an?(?=[ -](?:{_SCALE})\b))"
    rf"(?:[ -](?:{_SCALE})(?:[ -](?:and[ -])?{_GROUP})?)*)\b"
)
# The lookaheads first: a scan then skips at once the places where neither can begin.
NUMERAL = re.compile(f"(?=[0-9]){_NUMERAL}")
WORDS = re.compile(f"(?=[a-z]){_WORDS}")
_NUMBER_WORDS = {*UNITS, *TENS, *_SCALE_WORDS}  # a text without one has no WORDS match
# "7 to 8 million", "between five and seven million": the first number shares the second's scale.
SHARED_SCALE = re.compile(r"\s*(?:to|and|or|-|–|—)\s*")


@dataclass(frozen=True)
class Number:
    """A number in a folded text: where it stands, its value in digits, and its last scale."""

    start: int
    end: int
    scaled: int  # the value times 10**places, exact
    places: int
    scale: int  # the multiplier of the scale it ends with, 1 when none

    @property
    def digits(self) -> str:
        whole, part = divmod(self.scaled, 10**self.places)
        if not part:
            return str(whole)
        return f"{whole}.{part:0{self.places}d}".rstrip("0")


def fold(text: str) -> str:
    """Case and accents ignored: casefolded, compatibility-decomposed, combining marks dropped
    (NFKD also turns no-break and thin spaces into plain ones, and ligatures into letters)."""
    if text.isascii():
        return text.lower()  # most texts: nothing to decompose, and casefold is lower
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _NON_ASCII.sub(_unless_combining, decomposed)  # ASCII is never a combining mark


def _unless_combining(match: re.Match) -> str:
    return "" if unicodedata.combining(match[0]) else match[0]


def _read_numeral(match: re.Match) -> Number:
    """The value of one NUMERAL match, exact (no float ever rounds it)."""
    fraction = match["frac"] or ""
    multiplier = scale = 1
    if match["scales"]:
        for word in re.findall(r"[a-z]+", match["scales"]):
            scale = GLUED_SCALES.get(word) or _SCALE_WORDS[word.removesuffix("s")]
            multiplier *= scale
    digits = match["int"].replace(",", "").replace(" ", "") + fraction
    return Number(match.start(), match.end(), int(digits) * multiplier, len(fraction), scale)


def _read_words(match: re.Match) -> Number:
    """The value of one WORDS match: units and tens add, a hundred and the scales multiply."""
    total = current = 0
    scale = 1
    for word in re.findall(r"[a-z]+", match["words"]):
        scale = 1
        if word in ("a", "an"):
            current = 1
        elif word in UNITS or word in TENS:
            current += UNITS.get(word) or TENS.get(word) or 0
        elif word == "hundred":
            current, scale = max(current, 1) * 100, 100
        elif word in SCALES:
            total, current, scale = total + max(current, 1) * SCALES[word], 0, SCALES[word]
    return Number(match.start(), match.end(), total + current, 0, scale)


def numbers(text: str) -> list[Number]:
    """The numbers a folded text states, in order; in a range the first shares the second's
    scale ("1.5 to 1.7 million" is 1500000 to 1700000)."""
    found = [_read_numeral(m) for m in NUMERAL.finditer(text)]
    if not _NUMBER_WORDS.isdisjoint(re.findall("[a-z]+", text)):  # most texts: no number words
        found = _apart(found + [_read_words(m) for m in WORDS.finditer(text)])
    for i, (first, second) in enumerate(itertools.pairwise(found)):
        joined = SHARED_SCALE.fullmatch(text, first.end, second.start)
        if (
            joined
            and first.scale == 1
            and second.scale > 1
            and first.scaled < 1000 * 10**first.places
        ):
            found[i] = Number(
                first.start, first.end, first.scaled * second.scale, first.places, second.scale
            )
    return found


def _apart(found: list[Number]) -> list[Number]:
    """The numbers in order of where they stand, any that overlaps an earlier one left out."""
    kept: list[Number] = []
    for number in sorted(found, key=lambda n: n.start):
        if not kept or number.start >= kept[-1].end:
            kept.append(number)
    return kept


def in_digits(text: str) -> str:
    """A folded text with every number it states written as plain digits."""
    parts, at = [], 0
    for number in numbers(text):
        parts += [text[at : number.start], number.digits]
        at = number.end
    return "".join([*parts, text[at:]])


def number_tokens(text: str) -> list[str]:
    """A folded text's tokens, each number it states one token of digits ("0.7 million" is
    "700000", "1.5%" is "1.5"): the search's numbers column, and a phrase's numbers."""
    tokens: list[str] = []
    at = 0
    for number in numbers(text):
        tokens += [*TOKEN.findall(text[at : number.start]), number.digits]
        at = number.end
    return tokens + TOKEN.findall(text[at:])


@dataclass(frozen=True)
class Alternative:
    """One way a query term may stand in a text: its tokens in a row, the last one perhaps
    only begun (a prefix); numbers in digits look only in the numbers column."""

    tokens: tuple[str, ...]
    prefix: bool
    in_numbers: bool = False

    @property
    def expression(self) -> str:
        # Quoted, so FTS5 reads OR, NEAR, AND, NOT, column names and '*' as words; a token is
        # letters and digits (and a number's decimal point), so nothing can close the quote.
        quoted = '"' + " ".join(self.tokens) + '"' + ("*" if self.prefix else "")
        return f"numbers : {quoted}" if self.in_numbers else quoted


Term = tuple[Alternative, ...]  # a row matches a term when any of its alternatives stands there


def _is_number(token: str) -> bool:
    return token.replace(".", "", 1).isdigit()


def _begun(tokens: tuple[str, ...], complete: bool, in_numbers: bool = False) -> Alternative:
    """Words match as prefixes while typing; a number only whole (700000 is not 7000000)."""
    return Alternative(tokens, not complete and not _is_number(tokens[-1]), in_numbers)


def _word_terms(text: str) -> Iterator[Term]:
    for token in TOKEN.findall(text):
        yield (_begun((token,), complete=False),)


def _number_term(number: Number, written: str) -> Term:
    """A number of the query: in digits, in the numbers column, so "7 million" is never the
    "7" of "0.7 million" nor "700,000" the end of "1,700,000". A plain integer also matches
    as written, so "700", typed on the way to "700,000", finds it; a number in words without
    a scale also as its words ("seven" finds "seven million")."""
    if written.isdigit():
        return (Alternative((written,), prefix=False),)
    digits = Alternative((number.digits,), prefix=False, in_numbers=True)
    if number.scale > 1 or any(c.isdigit() for c in written):
        return (digits,)
    return (digits, _begun(tuple(TOKEN.findall(written)), complete=False))


def _bare_terms(text: str) -> Iterator[Term]:
    """Each word of unquoted text a term, each number a term."""
    at = 0
    for number in numbers(text):
        yield from _word_terms(text[at : number.start])
        yield _number_term(number, text[number.start : number.end])
        at = number.end
    yield from _word_terms(text[at:])


def _phrase_term(text: str, closed: bool) -> Iterator[Term]:
    """A quoted phrase: its words in order, its numbers in digits (and as written when it has
    no digits: "seven"); its last word a prefix until the closing quote is typed."""
    written = tuple(TOKEN.findall(text))
    if written:
        digits = _begun(tuple(number_tokens(text)), closed, in_numbers=True)
        as_written = [] if any(c.isdigit() for c in text) else [_begun(written, closed)]
        yield (digits, *as_written)


def query_terms(query: str) -> list[Term]:
    """The terms a query asks for, every one of which a row must match, in any order."""
    terms: list[Term] = []
    for match in re.finditer(r'"([^"]*)("?)|[^"]+', fold(query)):
        if match[0].startswith('"'):
            terms += _phrase_term(match[1], closed=bool(match[2]))
        else:
            terms += _bare_terms(match[0])
    return terms


class TextSearch:
    """Rows' texts and `matches(query)`, a bool per row. The index is a built one (model/index.py)
    when one holding exactly these texts is given or registered, else built in memory on the
    first query, so filtering without a search costs nothing; then a query is a few lookups."""

    def __init__(self, texts: Iterable[str], index: sqlite3.Connection | None = None) -> None:
        self._texts = [t if isinstance(t, str) else "" for t in texts]  # a missing cell: no words
        if index is not None and stored_fingerprint(index) != texts_fingerprint(self._texts):
            raise ValueError("the search index given holds other texts than these")
        self._db = index
        self._pid = os.getpid()  # a connection to a built file is never used across a fork
        # Whether _db is the registered file's, opened here (and so opened again after a fork).
        self._opened = False
        self._own = False  # whether _db is an index built here, in memory
        # One connection shared by a worker's threads (or greenlets): each use holds the lock.
        self._lock = threading.Lock()
        self._cache: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def matches(self, query: str) -> np.ndarray:
        """True for each row whose text holds every term of `query` (read-only; cached)."""
        found = self._cache.get(query)
        if found is None:
            with self._lock:
                found = self._search(query)
            found.flags.writeable = False
            if len(self._cache) >= MAX_CACHED:
                self._cache.clear()
            self._cache[query] = found
        return found

    def forget(self) -> None:
        """Empty the result cache (the benchmark times queries, not cache lookups)."""
        self._cache.clear()

    @property
    def uses_built_index(self) -> bool:
        """Whether the searches so far read a built file rather than an index of their own."""
        return self._db is not None and not self._own

    def _search(self, query: str) -> np.ndarray:
        terms = list(dict.fromkeys(query_terms(query)))  # "a a a a" asks once
        if not terms and not fold(query).strip():
            return np.ones(len(self), dtype=bool)
        db = self._index()
        if not terms:
            # No letter or digit ("%", "–"): look for it as written, as the search always did.
            return self._containing(db, fold(query).strip())
        found = np.ones(len(self), dtype=bool)
        for term in terms:
            found &= self._rows(db, term)
            if not found.any():
                break
        return found

    def _containing(self, db: sqlite3.Connection, needle: str) -> np.ndarray:
        """The rows whose folded text contains `needle` as written."""
        found = np.zeros(len(self), dtype=bool)
        try:
            needle.encode()
        except UnicodeEncodeError:  # a lone surrogate: no text (valid UTF-8) contains it
            return found
        sql = "SELECT group_concat(rowid, ' ') FROM search_texts WHERE instr(folded, ?) > 0"
        found[_listed(db.execute(sql, (needle,)).fetchone()[0])] = True
        return found

    def _rows(self, db: sqlite3.Connection, term: Term) -> np.ndarray:
        """The rows that match one term: a whole word or number with its forms (the stemmed
        table); a word being typed completed to the texts' words; a beginning of many words, or
        a phrase being typed, as a prefix (the plain table, and the stemmed one for a phrase)."""
        stemmed, plain = [], []
        for alternative in term:
            begun = alternative.prefix and not alternative.in_numbers  # the plain table's
            completed = _completions(db, alternative) if begun else None
            if completed is not None:
                stemmed += [f'"{word}"' for word in completed]
            elif begun and len(alternative.tokens) == 1:
                plain.append(alternative.expression)  # "s": the words it begins, no stems
            else:
                stemmed.append(alternative.expression)
                if begun:
                    plain.append(alternative.expression)
        found = np.zeros(len(self), dtype=bool)
        for table, expressions in (("stemmed", stemmed), ("plain", plain)):
            if expressions:
                found[_rowids(db, table, " OR ".join(expressions))] = True
        return found

    def _index(self) -> sqlite3.Connection:
        """The search's tables: a built file's when one holds these texts, else built here once
        in memory. A built file's connection opened before a fork is opened again after it."""
        if self._db is not None and not (self._opened and self._pid != os.getpid()):
            return self._db
        self._pid = os.getpid()
        self._db = self._built()
        self._opened = self._db is not None
        self._own = self._db is None
        if self._db is None:
            self._db = sqlite3.connect(":memory:", check_same_thread=False)
            fill_search_tables(self._db, self._texts)
        return self._db

    def _built(self) -> sqlite3.Connection | None:
        """The registered built index (use_built_index) when it holds exactly these texts."""
        if not _BUILT_INDEX:
            return None
        db = _BUILT_INDEX[0]()
        if db is not None and stored_fingerprint(db) != texts_fingerprint(self._texts):
            db.close()  # another frame's texts (a subset, a test's table): build our own
            return None
        return db


# Where a built index opens, at most one: set by model/index.py before a server forks, called by
# each worker's first search; each opens its own read-only connection.
_BUILT_INDEX: list[Callable[[], sqlite3.Connection | None]] = []


def use_built_index(opener: Callable[[], sqlite3.Connection | None] | None) -> None:
    """Searches built from now on read the index `opener` opens (None: build their own)."""
    _BUILT_INDEX[:] = [opener] if opener is not None else []


def texts_fingerprint(texts: Sequence[str]) -> str:
    """A hash of the texts in order: a built index is used only for exactly the texts it holds."""
    joined = "\0".join(texts).encode("utf-8", "surrogatepass")  # one call: 100,000 took 0.12 s
    return f"{len(texts)}:{hashlib.sha256(joined).hexdigest()}"


def stored_fingerprint(db: sqlite3.Connection) -> str | None:
    """The fingerprint of the texts `db`'s search tables hold; None when it has none."""
    try:
        row = db.execute("SELECT value FROM search_meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.Error:  # not a search index, or an unreadable one
        return None
    return row[0] if row else None


def fill_search_tables(db: sqlite3.Connection, texts: Sequence[str]) -> None:
    """Create and fill the search's tables in `db`, in memory or in a file: the two FTS5 tables
    (contentless, since only rowids are read back), each row's folded text, the texts' words
    (completions), and the texts' fingerprint. The rowid is the row's position in `texts`."""
    db.execute(
        "CREATE VIRTUAL TABLE stemmed USING fts5(words, numbers, content='', "
        f'tokenize="{STEMMED}")'
    )
    db.execute(f"CREATE VIRTUAL TABLE plain USING fts5(words, content='', tokenize='{PLAIN}')")
    db.execute("CREATE TABLE search_texts(rowid INTEGER PRIMARY KEY, folded TEXT NOT NULL)")
    db.execute("CREATE TABLE vocabulary(word TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute("CREATE TABLE search_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    prepared: dict[str, tuple[str, str, str]] = {}  # quotes repeat: each text read once
    for text in texts:
        if text not in prepared:
            folded = fold(text)
            words = " ".join(TOKEN.findall(folded))
            prepared[text] = (folded, words, " ".join(number_tokens(folded)))
    rows = [prepared[t] for t in texts]
    db.executemany(
        "INSERT INTO stemmed(rowid, words, numbers) VALUES (?, ?, ?)",
        ((i, words, digits) for i, (_, words, digits) in enumerate(rows)),
    )
    db.executemany(
        "INSERT INTO plain(rowid, words) VALUES (?, ?)",
        ((i, words) for i, (_, words, _) in enumerate(rows)),
    )
    db.executemany("INSERT INTO search_texts VALUES (?, ?)", enumerate(f for f, _, _ in rows))
    vocabulary = {w for _, words, _ in prepared.values() for w in words.split()}
    db.executemany("INSERT INTO vocabulary VALUES (?)", ((w,) for w in sorted(vocabulary)))
    db.execute("INSERT INTO search_meta VALUES ('fingerprint', ?)", (texts_fingerprint(texts),))
    db.commit()


def _completions(db: sqlite3.Connection, alternative: Alternative) -> list[str] | None:
    """A word being typed as itself and the texts' words it begins; None for a phrase or a
    beginning of too many words (MAX_COMPLETIONS)."""
    if len(alternative.tokens) != 1:
        return None
    begun = alternative.tokens[0]
    # SQLite compares UTF-8 bytes, which orders as Python orders code points.
    words = db.execute(
        "SELECT word FROM vocabulary WHERE word >= ? AND word < ? ORDER BY word LIMIT ?",
        (begun, begun + "\U0010ffff", MAX_COMPLETIONS + 1),
    ).fetchall()
    if len(words) > MAX_COMPLETIONS:
        return None
    return [begun, *(w for (w,) in words if w != begun)]


def _rowids(db: sqlite3.Connection, table: str, expression: str) -> np.ndarray:
    """The rowids an FTS5 expression matches in `table` (one of ours, never the user's), read
    as one string: a row of Python objects per match took twice as long for 100,000 of them."""
    sql = f"SELECT group_concat(rowid, ' ') FROM {table} WHERE {table} MATCH ?"
    return _listed(db.execute(sql, (expression,)).fetchone()[0])


def _listed(rowids: str | None) -> np.ndarray:
    """Rowids listed by group_concat as positions (an empty array for none)."""
    return np.fromstring(rowids, dtype=np.int64, sep=" ") if rowids else np.zeros(0, np.int64)
