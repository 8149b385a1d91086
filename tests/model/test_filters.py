"""The pure filter: overlap semantics, undated figures, query parsing and its errors."""

from urllib.parse import parse_qsl

import pandas as pd
import pytest
from werkzeug.datastructures import MultiDict

from dashboard.model.filters import (
    FilterError,
    Filters,
    filter_figures,
    hidden_undated,
    parse_query,
    parse_query_leniently,
    year_span,
)


@pytest.fixture
def frame() -> pd.DataFrame:
    rows = [
        ("war", "war_losses", "Soldiers lost", "lost 1,600,000", 1914, 1916),
        ("purge", "repression", "Executions", "nearly 700,000 were shot", 1937, 1938),
        ("famine", "famine", "Famine deaths", "five to seven million died", 1932, 1933),
        ("members", "party", "Bolshevik members", "24,000 members", 1917, 1917),
        ("land", "society", "Share of land", "25% of the land", None, None),
    ]
    out = pd.DataFrame(
        rows, columns=["id", "category", "measure", "quote", "year_start", "year_end"]
    )
    out["year_start"] = out["year_start"].astype("Int64")
    out["year_end"] = out["year_end"].astype("Int64")
    return out.assign(source="a.txt", value_text="")


def ids(frame):
    return list(frame["id"])


def test_no_filters_keep_everything_including_undated(frame):
    assert ids(filter_figures(frame, Filters())) == ["war", "purge", "famine", "members", "land"]
    assert hidden_undated(frame, Filters()) == 0


@pytest.mark.parametrize(
    ("year_from", "year_to", "expected"),
    [
        (1916, 1917, ["war", "members"]),  # 1914-16 overlaps at its end
        (1933, 1937, ["purge", "famine"]),  # both ends touch
        (1918, 1931, []),
        (None, 1915, ["war"]),
        (1938, None, ["purge"]),
    ],
)
def test_period_filter_keeps_overlapping_periods(frame, year_from, year_to, expected):
    filters = Filters(year_from=year_from, year_to=year_to)
    assert ids(filter_figures(frame, filters)) == expected
    assert hidden_undated(frame, filters) == 1


def test_category_source_and_text_filters(frame):
    assert ids(filter_figures(frame, Filters(categories=("famine", "party")))) == [
        "famine",
        "members",
    ]
    assert ids(filter_figures(frame, Filters(q="SHOT"))) == ["purge"]
    assert ids(filter_figures(frame, Filters(source="b.txt"))) == []
    assert hidden_undated(frame, Filters(year_from=1900, categories=("party",))) == 0


def test_filter_returns_a_copy(frame):
    before = frame.copy()
    out = filter_figures(frame, Filters(year_from=1930))
    out.loc[:, "measure"] = "changed"
    pd.testing.assert_frame_equal(frame, before)


def test_year_span_and_with_span(frame):
    assert year_span(frame) == (1914, 1938)
    assert Filters(year_from=1914, year_to=1938).with_span((1914, 1938)) == Filters()
    assert Filters(year_from=1920).with_span((1914, 1938)).year_from == 1920


def test_parse_query_round_trips_to_query():
    filters = parse_query({"from": "1930", "to": "1939", "category": "famine,party", "q": "grain"})
    assert filters == Filters(1930, 1939, ("famine", "party"), None, "grain")
    assert filters.to_query() == "from=1930&to=1939&category=famine,party&q=grain"
    assert parse_query(MultiDict(parse_qsl(filters.to_query()))) == filters


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ({"from": "19x0"}, "must be a year"),
        ({"from": "1_930"}, "must be a year"),  # int() would read it as 1930
        ({"from": "\u0661\u0669\u0663\u0660"}, "must be a year"),  # Arabic-Indic digits
        ({"to": "99999"}, "between 1000 and 2100"),
        ({"from": "1940", "to": "1930"}, "is after"),
        ({"category": "weather"}, "unknown category"),
        ({"source": "nope.txt"}, "unknown source"),
        ({"q": "x" * 500}, "longer than"),
        (MultiDict([("from", "1930"), ("from", "1931")]), "given 2 times"),
    ],
)
def test_parse_query_rejects_malformed_parameters(args, reason):
    with pytest.raises(FilterError, match=reason):
        parse_query(args, sources={"a.txt"})


def test_lenient_parsing_drops_only_the_bad_parameters():
    filters = parse_query_leniently(
        {"from": "abc", "to": "1939", "category": "weather", "q": "grain"}
    )
    assert filters == Filters(year_to=1939, q="grain")
    assert parse_query_leniently({"from": "1940", "to": "1930", "q": "x"}) == Filters(q="x")
