"""The normalised text quotes are matched in, and its compact map back to the original."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.model.data import DEFAULT_DATA_DIR
from dashboard.model.sources import NormalisedText, load_sources, normalise


def reference(original: str) -> tuple[str, list[int]]:
    """The first implementation, one character at a time: the behaviour the fast one keeps."""
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
    return "".join(chars), origin


TEXTS = st.text(
    alphabet=st.sampled_from(
        list("ab 1,.\t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2009\u3000\ufb01\u00bd\u2460\u00a8\u0301\x07")
    )
    | st.characters(),
    max_size=60,
)


@settings(max_examples=400)
@given(TEXTS)
def test_the_fast_normalisation_equals_the_character_by_character_one(text):
    normalised = NormalisedText.of(text)
    assert (normalised.text, list(normalised.origin)) == reference(text)
    assert normalised.text == normalise(text)


def test_the_real_sources_normalise_as_before():
    documents, _ = load_sources(DEFAULT_DATA_DIR / "sources")
    for document in documents.values():
        normalised = NormalisedText.of(document.text)
        assert (normalised.text, list(normalised.origin)) == reference(document.text)


def test_the_map_back_costs_four_bytes_a_character():
    documents, _ = load_sources(DEFAULT_DATA_DIR / "sources")
    text = next(iter(documents.values())).text
    origin = NormalisedText.of(text).origin
    assert origin.itemsize == 4
    # A list of ints took 8 bytes a slot plus 28 an int object above 256.
    assert sys.getsizeof(origin) < 5 * len(origin) + 100


@settings(max_examples=400)
@given(TEXTS)
def test_both_ways_of_normalising_agree(text):
    by_pieces = NormalisedText.by_pieces(text)
    by_arrays = NormalisedText.by_arrays(text)
    if by_arrays is not None:  # None: a character whose form mixes spaces and others
        assert (by_arrays.text, by_arrays.origin) == (by_pieces.text, by_pieces.origin)
        assert by_arrays.origin.itemsize == 4


def test_the_real_sources_take_the_array_way():
    documents, _ = load_sources(DEFAULT_DATA_DIR / "sources")
    for document in documents.values():
        assert NormalisedText.by_arrays(document.text) is not None
    assert NormalisedText.by_arrays("a\u00a8b") is None  # "¨" is a space and a combining mark
