"""The search: word forms, numbers however written, every word in any order, accents and case,
and no query, however odd, that raises; on small texts, on the real data and through the routes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.model.data import DEFAULT_DATA_DIR, load_or_raise
from dashboard.model.filters import Filters, filter_figures
from dashboard.model.search import TextSearch, fold, in_digits, query_terms
from dashboard.server.app import create_app

TEXTS = [
    "At least 700,000 were executed between 1934 and 1939.",  # 0
    "The executions of 1937: nearly 700 000 people.",  # 1
    "An execution order for seven million.",  # 2
    "Café owners in Stalín's Moscow; 0.7 million people were shot.",  # 3
    "Famine deaths, 1932–33: between five and seven million.",  # 4
    "Soldiers lost: 1,600,000 or 1.6 million.",  # 5
    "Share of land: 25% or more.",  # 6
]


@pytest.fixture(scope="module")
def search() -> TextSearch:
    return TextSearch(TEXTS)


def found(search: TextSearch, query: str) -> list[int]:
    return np.flatnonzero(search.matches(query)).tolist()


@pytest.mark.parametrize(
    "query", ["execute", "executed", "execution", "executions", "EXECUTIONS", "execut", "executi"]
)
def test_a_word_matches_its_other_forms_and_the_words_it_begins(search, query):
    assert found(search, query) == [0, 1, 2]


@pytest.mark.parametrize(
    "notation",
    [
        "700000",
        "700,000",
        "700 000",
        "700\u00a0000",  # no-break space
        "700\u2009000",  # thin space
        "700\u202f000",  # narrow no-break space
        "700 thousand",
        "0.7 million",
        "700k",
        "seven hundred thousand",
    ],
)
def test_a_number_matches_however_it_is_written(search, notation):
    assert in_digits(fold(notation)) == "700000"
    assert found(search, notation) == [0, 1, 3]


def test_a_number_matches_only_whole(search):
    # 7000000 begins with 700000; as a prefix it would have found "seven million".
    assert found(search, "7000000") == [2, 4]
    assert found(search, "7 million") == [2, 4]
    assert found(search, "1600000") == found(search, "1.6 million") == [5]


def test_a_number_as_typed():
    search = TextSearch(["1,700,000 men", "700,000 men", "1.5% of them", "5 men", "seven million"])
    assert found(search, "700,000") == found(search, "700000") == [1]  # not 1,700,000's end
    assert found(search, "700") == [0, 1]  # on the way to 700,000: its groups as written
    assert found(search, "1.5") == [2]  # one number, not a 1 and a 5
    assert found(search, "seven") == found(search, "7000000") == [4]


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("7 to 8 million", "7000000 to 8000000"),
        ("between five and seven million", "between 5000000 and 7000000"),
        ("1.5 to 1.7 million", "1500000 to 1700000"),
        ("two hundred and fifty thousand", "250000"),
        ("forty-five", "45"),
        ("a million", "1000000"),
        # Not numbers to rewrite: a decade, years, a number inside a word, a percentage's digits.
        ("the 1930s", "the 1930s"),
        ("between 1934 and 1939", "between 1934 and 1939"),
        ("order 00447", "order 00447"),
        ("62%", "62%"),
    ],
)
def test_numbers_are_written_as_digits(text, digits):
    assert in_digits(text) == digits


def test_every_word_must_match_in_any_order(search):
    assert found(search, "executed 700000") == found(search, "700000 executed") == [0, 1]
    assert found(search, "famine million") == [4]
    assert found(search, "famine executed") == []


def test_accents_and_case_are_ignored(search):
    assert fold("STALÍN Café") == "stalin cafe"
    assert found(search, "cafe STALIN") == found(search, "Café stalín") == [3]


def test_a_quoted_phrase_keeps_its_words_in_order(search):
    assert found(search, '"were shot"') == [3]
    assert found(search, '"shot were"') == []
    assert found(search, '"were sh') == [3]  # the closing quote not typed yet


def test_no_match_and_the_empty_query(search):
    assert found(search, "xyzzy") == []
    assert found(search, "") == found(search, "   ") == list(range(len(TEXTS)))


@pytest.mark.parametrize(
    "query",
    ['"', "*", "(", ")", "-", "OR", "NEAR", "AND", "NOT", "a OR b", "NEAR(a b, 2)", "-famine",
     "words:x", "^famine", '"unclosed', '""', "x\x00y", "\ud800", "_", "'; drop table x; --",
     "famine*", "{a b}", "a + b", ":", "%"],
)  # fmt: skip
def test_fts5_syntax_is_only_text(search, query):
    matched = search.matches(query)
    assert matched.dtype == bool
    assert len(matched) == len(TEXTS)


def test_operators_and_punctuation_are_words_or_separators(search):
    # A word, and the words it begins ("order"), never an operator.
    assert found(search, "OR") == found(search, "or") == [2, 5, 6]
    assert found(search, "famine OR shot") == []
    assert found(search, "-famine") == found(search, "famine*") == [4]
    assert found(search, "%") == [6]  # no letter or digit: looked for as written
    assert found(search, "*") == []
    assert query_terms("NEAR(a b)") == query_terms("near a b")


@given(st.text(max_size=60))
def test_any_query_gives_one_answer_per_row_and_never_raises(query):
    matched = TextSearch(TEXTS).matches(query)
    assert matched.shape == (len(TEXTS),)
    assert matched.dtype == bool


@given(st.lists(st.sampled_from(["executed", "700,000", "famine", "shot", "Stalín"]), max_size=4))
def test_word_order_never_matters(words):
    search = TextSearch(TEXTS)
    assert found(search, " ".join(words)) == found(search, " ".join(reversed(words)))


@pytest.fixture(scope="module")
def figures():
    return load_or_raise(DEFAULT_DATA_DIR).figures


def ids_for(figures, query: str) -> list[str]:
    return filter_figures(figures, Filters(q=query))["id"].tolist()


def test_the_real_data_finds_every_form_of_executed(figures):
    executed = ids_for(figures, "executed")
    assert ids_for(figures, "execution") == ids_for(figures, "executions") == executed
    # At least every row the literal search found, for each form.
    for word in ("executed", "execution", "executions"):
        text = figures["measure"] + " " + figures["quote"] + " " + figures["value_text"]
        literal = figures[text.str.casefold().str.contains(word, regex=False)]["id"]
        assert set(literal) <= set(executed), word
    assert len(executed) > len(figures[figures["measure"].str.contains("executed")])


def test_the_real_data_finds_700000_however_written(figures):
    stated = figures[figures["value_text"].str.contains("700,000")]["id"].tolist()
    assert stated  # the Great Purge's executions
    for notation in ("700000", "700 000", "700\u00a0000", "700 thousand", "0.7 million"):
        shown = ids_for(figures, notation)
        assert shown == ids_for(figures, "700,000"), notation
        assert set(stated) <= set(shown), notation


@pytest.fixture(scope="module")
def client():
    return create_app(DEFAULT_DATA_DIR).server.test_client()


@pytest.mark.parametrize("route", ["/export.csv", "/api/figures.json"])
def test_the_routes_read_a_number_however_written(client, route):
    def body(query: str) -> tuple[int, list[str]]:
        response = client.get(f"{route}?q={query}")
        if route.endswith(".json"):
            return response.status_code, [f["id"] for f in response.get_json()["figures"]]
        return response.status_code, response.get_data(as_text=True).splitlines()[1:]

    status, rows = body("700,000")
    assert status == 200
    assert len(rows) >= 5
    assert body("700000") == body("700%20thousand") == body("0.7%20million") == (200, rows)
