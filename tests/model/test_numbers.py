"""Number parsing: numerals, words, multipliers, ranges, fractions and vague magnitudes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.model.numbers import numbers_match, parse_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,600,000 and 1,800,000", [1_600_000, 1_800_000]),
        ("between five and seven million", [5_000_000, 7_000_000]),
        ("5–7 million", [5_000_000, 7_000_000]),
        ("1.6 million", [1_600_000]),
        ("a million", [1_000_000]),
        ("over a million", [1_000_000]),
        ("five", [5]),
        ("thirteen", [13]),
        ("twenty-five", [25]),
        ("one hundred and fifty", [150]),
        ("fifty to a hundred", [50, 100]),
        ("90%", [90]),
        ("1.5%", [1.5]),
        ("nearly 700,000", [700_000]),
        ("353,074", [353_074]),
        ("hundreds of thousands", [100_000]),
        ("tens of thousands", [10_000]),
        ("thousands", [1_000]),
        ("millions", [1_000_000]),
        ("two-thirds", [2 / 3]),
        ("a third", [1 / 3]),
        ("half a million", [500_000]),
        ("one and a half million", [1_500_000]),
        ("648 aircraft and 407 tanks", [648, 407]),
    ],
)
def test_parse_numbers(text, expected):
    assert parse_numbers(text) == pytest.approx(expected)


def test_words_without_numbers_state_nothing():
    assert parse_numbers("at least some of the soldiers") == []


@given(st.integers(min_value=0, max_value=10**12))
def test_numerals_with_separators_round_trip(number):
    assert parse_numbers(f"{number:,}") == [number]
    assert parse_numbers(f"about {number} people") == [number]


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["thousand", "million", "billion"]))
def test_multiplier_applies_to_both_ends_of_a_range(low, scale):
    factor = {"thousand": 1e3, "million": 1e6, "billion": 1e9}[scale]
    assert parse_numbers(f"between {low} and {low + 1} {scale}") == [
        low * factor,
        (low + 1) * factor,
    ]


def test_numbers_match_is_a_set_comparison_with_tolerance():
    assert numbers_match([1 / 3], [0.3333])
    assert numbers_match([700000, 700000], [700000])
    assert not numbers_match([700000], [70000])
    assert not numbers_match([1, 2], [1])
