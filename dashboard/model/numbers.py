"""Read the numbers a piece of English text states: numerals, number words, multipliers, ranges."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# Plural magnitudes state an order of size, not a number; the table stores the floor they imply.
VAGUE = {
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "tens of millions": 10_000_000,
    "hundreds of millions": 100_000_000,
    "dozens": 24,
    "scores": 40,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000, "millionth": 1_000_000,
}  # fmt: skip
# Denominators of fractions, singular and plural ("second" never is one).
DENOMINATORS = {
    "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "hundredth": 100, "thousandth": 1000,
}  # fmt: skip
DENOMINATORS |= {f"{word}s": n for word, n in DENOMINATORS.items()}
# "a tenth", "one third", "two thirds", "three-fifths", "nine-tenths", plus the halves.
FRACTIONS = {"half": 1 / 2, "a half": 1 / 2, "one half": 1 / 2} | {
    f"{numerator} {word}": count / n
    for numerator, count in [("a", 1), *UNITS.items()]
    if 1 <= count <= 9
    for word, n in DENOMINATORS.items()
    if (count == 1) == (not word.endswith("s")) and count < n
}
# Words that multiply: "twice the men", "output tripled", "a tenfold rise", "halved".
MULTIPLES = {
    "twice": 2, "thrice": 3, "double": 2, "doubled": 2, "doubling": 2, "triple": 3,
    "tripled": 3, "tripling": 3, "quadruple": 4, "quadrupled": 4, "quadrupling": 4,
    "halved": 0.5, "halving": 0.5,
}  # fmt: skip
# A group of a known size: "a pair", "a trio", "the foursome".
GROUPS = {
    "pair": 2, "couple": 2, "twosome": 2, "trio": 3, "threesome": 3, "quartet": 4,
    "foursome": 4, "quintet": 5, "sextet": 6,
}  # fmt: skip
# "the majority of" is more than half: the table stores the half it exceeds (qualifier more_than).
SHARES = {"majority": 0.5}
# Glued to a numeral: "700k" and "3bn" scale it; "1.6m" is a million only after a decimal point
# ("24m" may be metres); "24km", "5kg" keep their number, the letters being the unit.
GLUED_SCALES = {
    "k": 1_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
}
GLUED_SCALES |= {"tn": 1_000_000_000_000}
# Written apart: "7 B users", "3 bn", "5 mn" (a lone "m" or "k" may be metres or kelvin).
SPACED_SCALES = {"b": 1_000_000_000, "bn": 1_000_000_000, "mn": 1_000_000, "mln": 1_000_000}
SPACED_SCALES |= {"tn": 1_000_000_000_000}
VULGAR_FRACTIONS = {"½": 1 / 2, "¼": 1 / 4, "¾": 3 / 4, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 1 / 8}
NUMBER_WORDS = set(UNITS) | set(TENS) | {"hundred", "dozen"} | set(SCALES)
FOLD_WORDS = UNITS | TENS | SCALES | {"hundred": 100}  # twofold, tenfold, hundredfold
RANGE_JOINERS = {"and", "to", "-", "–", "—", "or"}

_VAGUE_RE = "|".join(sorted((re.escape(k) for k in VAGUE), key=len, reverse=True))
_FRACTION_RE = "|".join(
    sorted((k.replace(" ", r"[\s-]") for k in FRACTIONS), key=len, reverse=True)
)
TOKEN_RE = re.compile(
    rf"(?P<vague>\b(?:{_VAGUE_RE})\b)"
    rf"|(?P<fraction>\b(?:{_FRACTION_RE})\b)"
    r"|(?P<fold>\b(?:[a-z]+|\d+(?:\.\d+)?)-?fold\b)"
    r"|(?P<sign>(?<![\w.,%)\]])[−-](?=\d)|\bminus\b)"
    r"|(?P<numeral>(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\w.])\.\d+)[½¼¾⅓⅔⅛]?|[½¼¾⅓⅔⅛])"
    r"(?:(?P<glued>k|bn|mn|mln|tn|m|b)(?![a-z]))?"
    r"|(?P<word>[a-z]+)"
    r"|(?P<dash>[-–—])",
    re.IGNORECASE,
)


def parse_numbers(text: str) -> list[float]:
    """Every number `text` states, in order: '1.6 million' -> [1600000.0].

    A multiplier after a range applies to both ends ('five and seven million' -> 5e6, 7e6).
    Words that are not numbers ('at least', 'between', '%') are skipped.
    """
    tokens = [_token(m) for m in TOKEN_RE.finditer(text)]
    numbers: list[tuple[float, float]] = []  # (value, the scale word it carries, 0 for none)
    joiner_before: list[bool] = []  # whether a range joiner separates this number from the last
    i, pending_joiner, negative = 0, False, False
    while i < len(tokens):
        kind, tok = tokens[i]
        if kind == "sign":  # "minus 212", "−40": the number after it is below zero
            negative, i = True, i + 1
        elif (single := _single_value(tokens, i)) is not None:
            numbers.append((single, 1))
            joiner_before.append(pending_joiner)
            pending_joiner, i = False, i + 1
        elif kind == "fraction":
            fraction = FRACTIONS[re.sub(r"[\s-]+", " ", tok)]
            i += 1
            if i < len(tokens) and tokens[i][1] in {"a", "an"} and _next_is_scale(tokens, i):
                whole, _, i = _read_number(tokens, i)  # "half a million"
                fraction *= whole
            numbers.append((fraction, 1))
            joiner_before.append(pending_joiner)
            pending_joiner = False
        elif (
            kind == "numeral"
            or tok in NUMBER_WORDS
            or (tok in {"a", "an"} and _next_is_scale(tokens, i))
        ):
            value, scaled, i = _read_number(tokens, i)
            numbers.append((-value if negative else value, scaled))
            joiner_before.append(pending_joiner)
            pending_joiner, negative = False, False
        else:
            if tok in RANGE_JOINERS:
                pending_joiner = True
            elif kind == "word" and tok not in {"between", "from"}:
                pending_joiner = False
            i += 1
    return _distribute_scales(numbers, joiner_before)


def _token(match: re.Match) -> tuple[str, str]:
    """(kind, lowercased text); a numeral as its value, a glued scale ('700k', '1.6m', '3bn',
    '$5M') and a vulgar fraction ('2½') applied."""
    kind, text = match.lastgroup or "", match.group().lower()
    if kind not in ("glued", "numeral"):
        return kind, text
    number, suffix = match.group("numeral"), match.group("glued") or ""
    value = _numeral_value(number)
    if suffix.lower() in GLUED_SCALES and suffix != "b":  # a lowercase "5b" labels an item
        value *= GLUED_SCALES[suffix.lower()]
    elif suffix == "M" or (suffix == "m" and "." in number):  # "24m" may be metres
        value *= 1_000_000
    return "numeral", repr(value)


def _numeral_value(number: str) -> float:
    """'1,600,000' -> 1600000.0, '2½' -> 2.5, '¾' -> 0.75."""
    fraction = VULGAR_FRACTIONS.get(number[-1:], 0.0)
    whole = number[:-1] if fraction else number
    return (float(whole.replace(",", "")) if whole else 0.0) + fraction


def _single_value(tokens: list[tuple[str, str]], i: int) -> float | None:
    """The value of a one-token number: a vague magnitude ('hundreds of thousands': its floor), a
    multiple or group ('tenfold', 'twice', 'a pair'), a rank ('came third'); else None."""
    kind, tok = tokens[i]
    if kind == "vague":
        return float(VAGUE[re.sub(r"\s+", " ", tok)])
    if kind == "fold" or (kind == "word" and tok in MULTIPLES | GROUPS | SHARES):
        return _single_word_value(tok)
    if kind == "word" and tok in ORDINAL_WORDS and not _next_is_scale(tokens, i - 1):
        return float(ORDINAL_WORDS[tok])
    return None


def _single_word_value(word: str) -> float:
    """twice -> 2, tenfold -> 10, 10-fold -> 10, a pair -> 2, majority -> 0.5."""
    if word.endswith("fold"):
        times = word[: -len("fold")].rstrip("-")
        return float(times) if times[:1].isdigit() else float(FOLD_WORDS.get(times, 0))
    return float((MULTIPLES | GROUPS | SHARES)[word])


def _next_is_scale(tokens: list[tuple[str, str]], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1][1] in {"hundred", "dozen", *SCALES}


def _read_number(tokens: list[tuple[str, str]], i: int) -> tuple[float, float, int]:
    """Read one number starting at token i: (value, its last scale word's factor or 0, the index
    after it)."""
    total, current, scaled = 0.0, 0.0, 0.0
    kind, tok = tokens[i]
    if kind == "numeral":
        current = float(tok.replace(",", ""))
        i += 1
    while i < len(tokens) and (step := _number_step(tokens, i, total, current)) is not None:
        total, current, scale, i = step
        scaled = scale or scaled
    return total + current, scaled, i


MULTIPLIER_WORDS = {"hundred": 100, "dozen": 12}
# A fraction joined to a whole number by "and": part of that number.
AND_FRACTIONS = {"a half": 0.5, "one half": 0.5, "a quarter": 0.25, "one quarter": 0.25}


def _number_step(
    tokens: list[tuple[str, str]], i: int, total: float, current: float
) -> tuple[float, float, float, int] | None:
    """Token i's part in the number being read: (total, current, the factor of the scale word it
    is or 0, next index), or None where the number ends."""
    kind, tok = tokens[i]
    if tok in {"a", "an"} and current == 0 and total == 0 and _next_is_scale(tokens, i):
        return total, 1, 0, i + 1
    if tok in UNITS and kind == "word":
        return total, current + UNITS[tok], 0, i + 1
    if tok in TENS:
        return total, current + TENS[tok], 0, i + 1
    if tok in MULTIPLIER_WORDS:
        return total, (current or 1) * MULTIPLIER_WORDS[tok], 0, i + 1
    if tok in SCALES:
        return total + (current or 1) * SCALES[tok], 0, SCALES[tok], i + 1
    if kind == "word" and tok in SPACED_SCALES and current and not total:  # "7 B", "3 bn"
        return current * SPACED_SCALES[tok], 0, SPACED_SCALES[tok], i + 1
    if tok in ("-", "and") and _continues_compound(tokens, i):
        return total, current, 0, i + 1  # "twenty-five", "one hundred and fifty"
    if tok == "and" and i + 1 < len(tokens) and tokens[i + 1][1] in AND_FRACTIONS:
        # "four and a half", "one and a half million", "two and a quarter"
        return total, current + AND_FRACTIONS[tokens[i + 1][1]], 0, i + 2
    return None


def _continues_compound(tokens: list[tuple[str, str]], i: int) -> bool:
    """A hyphen or 'and' joins parts of one number ('twenty-five', 'hundred and fifty')."""
    if i == 0 or i + 1 >= len(tokens):
        return False
    before, after = tokens[i - 1][1], tokens[i + 1][1]
    if tokens[i][1] == "-":
        return before in TENS and after in UNITS
    return before in {"hundred", *SCALES} and (after in UNITS or after in TENS)


def _distribute_scales(
    numbers: list[tuple[float, float]], joiner_before: list[bool]
) -> list[float]:
    """'five and seven million': a bare number joined to a scaled one takes its scale."""
    values = [v for v, _ in numbers]
    for k in range(len(numbers) - 2, -1, -1):
        value, scale = numbers[k]
        next_scale = numbers[k + 1][1]
        if not scale and next_scale > 1 and joiner_before[k + 1] and value < 1000:
            values[k] = value * next_scale
            numbers[k] = (values[k], next_scale)
    return values


def numbers_match(stated: list[float], expected: list[float], rel: float = 1e-3) -> bool:
    """Whether two collections hold the same numbers (as sets), within a relative tolerance."""
    a, b = sorted(set(stated)), sorted(set(expected))
    return len(a) == len(b) and all(
        abs(x - y) <= rel * max(abs(x), abs(y), 1e-12) for x, y in zip(a, b, strict=True)
    )
