"""Who a sentence says a figure comes from, for propose's `asserted_by` draft: "according to X",
"X estimates/suggests", "by some estimates", "in the 1937 census", "reportedly", "official
estimates". Empty when the sentence states the figure in its own voice."""

from __future__ import annotations

import re

ROLES = r"historians?|scholars?|researchers?|demographers?|economists?|statisticians?|journalists?"
ROLE_RE = re.compile(rf"^(?P<role>{ROLES})\s+(?P<name>(?:[A-Z][\w'’.-]+\s?){{1,3}})$", re.I)
# "historian Ian Beckett suggests", "historians now estimate", "Robert Conquest estimated"
SAYS_RE = re.compile(
    rf"\b(?P<who>(?:(?:{ROLES})\s+)?(?:[A-Z][\w'’.-]+\s+){{0,3}}(?:{ROLES})?)\s*"
    r"(?:\w+ly\s+|now\s+|have\s+|has\s+)?"
    r"(?:estimates?|estimated|suggests?|suggested|calculates?|calculated|reckons?|reckoned|"
    r"believes?|believed|argues?|argued|puts?|claims?|claimed|counts?|counted)\b",
)
ACCORDING_RE = re.compile(
    r"\baccording to\s+(?P<who>[^,.;:()]{3,60}?)(?=\s*[,.;:(]|\s+(?:at|in|some|over|about|nearly|more|up|as|the)\b|\s+\d)",
    re.I,
)
OFFICIAL_RE = re.compile(
    r"\b(?P<who>official\s+(?:[A-Z]\w+\s+)?(?:estimates|figures|statistics|records|data))\b", re.I
)
CENSUS_RE = re.compile(r"\b(?:in\s+)?the\s+(?P<year>1\d{3}|20\d{2})\s+census\b", re.I)
UNNAMED_RE = re.compile(
    r"\b(?:by\s+some\s+estimates|some\s+estimates|estimates\s+(?:suggest|vary|range)|"
    r"(?:it\s+is|was|were|are|is)\s+estimated)\b",
    re.I,
)
REPORTEDLY_RE = re.compile(r"\breportedly\b", re.I)
NOT_AUTHORITIES = {"it", "this", "that", "which", "who", "he", "she", "they", "we", "one", "the"}


def authority_of(sentence: str) -> str:
    """The authority a sentence names for its figures, in asserted_by's form; '' for none."""
    if m := ACCORDING_RE.search(sentence):
        return tidy(m.group("who"))
    if m := OFFICIAL_RE.search(sentence):
        return m.group("who").lower() if m.group("who")[0].islower() else m.group("who")
    if m := CENSUS_RE.search(sentence):
        return f"{m.group('year')} census"
    if UNNAMED_RE.search(sentence):
        return "unnamed estimates"
    for m in SAYS_RE.finditer(sentence):
        who = tidy(m.group("who"))
        if who and who.split()[0].lower() not in NOT_AUTHORITIES:
            return who
    if REPORTEDLY_RE.search(sentence):
        return "unnamed reports"
    return ""


def tidy(who: str) -> str:
    """'Historian Ian Beckett' -> 'Ian Beckett, historian'; 'the historians' -> 'historians'."""
    who = re.sub(r"^(?:the|some|many|most)\s+", "", " ".join(who.split()), flags=re.I).strip()
    if m := ROLE_RE.match(who):
        return f"{m.group('name').strip()}, {m.group('role').lower()}"
    return who
