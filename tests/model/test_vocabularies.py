"""The vocabularies the page draws cover the data's: a new category or qualifier in data.py fails
here, not as a KeyError inside a callback."""

from __future__ import annotations

import types
from typing import get_args, get_origin, get_type_hints

from dashboard.model.data import load_or_raise
from dashboard.model.frame import PLOT_FIELDS, PlotRow, plot_frame, records
from dashboard.model.vocabulary import CATEGORIES, QUALIFIER_KIND, QUALIFIERS, THEMES
from dashboard.web.chart_words import axis_title, with_texts
from dashboard.web.layout import GLYPH_KEY
from tests.conftest import MINI


def test_every_qualifier_has_a_glyph_and_the_key_explains_each_glyph():
    assert set(QUALIFIER_KIND) == set(QUALIFIERS)
    explained = {kind for kind, _ in GLYPH_KEY}
    assert set(QUALIFIER_KIND.values()) <= explained


def test_every_category_is_drawn_by_some_theme():
    drawn = {category for theme in THEMES.values() for category in theme["categories"]}
    assert set(CATEGORIES) <= drawn
    assert drawn <= set(CATEGORIES)  # no theme names a category data does not know


def test_every_unit_of_the_data_has_an_axis_title_in_words(real_data_dir):
    units = set(load_or_raise(real_data_dir).figures["unit"])
    for unit in units | {"percent", "share", "times", "rank"}:
        title = axis_title(unit)
        assert "_" not in title, title  # "hours_per_week" reads "hours per week"
    assert axis_title("tanks") == "number of tanks"  # a counted noun names itself


def test_plot_rows_name_only_known_themes_and_every_theme_draws_some_row():
    dataset = load_or_raise(MINI)
    rows = records(plot_frame(dataset.figures, dataset.sources))
    named = {theme for row in rows for theme in row["themes"]}
    assert named <= set(THEMES)
    assert all(row["themes"] for row in rows)  # every figure is in some chart
    assert "themes" in PLOT_FIELDS


def has_type(value: object, declared: object) -> bool:
    """Whether `value` is of PlotRow's declared type: exactly (a numpy float or bool is not)."""
    if get_origin(declared) is types.UnionType:  # X | None
        return any(has_type(value, option) for option in get_args(declared))
    if get_origin(declared) in (tuple, list):  # tuple[str, ...], list[str]
        item = get_args(declared)[0]
        return type(value) is get_origin(declared) and all(has_type(v, item) for v in value)
    if declared is type(None):
        return value is None
    return type(value) is declared


def test_plot_rows_have_plot_rows_fields_with_their_declared_types():
    dataset = load_or_raise(MINI)
    rows = records(plot_frame(dataset.figures, dataset.sources))
    declared = get_type_hints(PlotRow)
    for row in rows:
        # The fields records() fills; the chart texts come only once a chart draws the row.
        assert set(row) == PlotRow.__required_keys__ == set(PLOT_FIELDS)
        for field, value in row.items():
            assert has_type(value, declared[field]), (row["id"], field, value)
    # A field of each kind, and both forms of the nullable ones, checked by name.
    assert {type(r["value"]) for r in rows} == {float, type(None)}
    assert {type(r["x_mid"]) for r in rows} == {str, type(None)}  # an undated row has no days
    assert all(type(r["source_line"]) is int for r in rows)  # not numpy's int64
    assert all(type(r["quote"]) is str and r["quote"] for r in rows)
    assert all(type(r["works"]) is tuple for r in rows)
    assert {"famine" in r["themes"] for r in rows} == {True, False}
    assert all(type(r["themes"]) is tuple for r in rows)  # one tuple per cell, not a list
    for row in with_texts(rows):
        assert set(row) == PlotRow.__required_keys__ | PlotRow.__optional_keys__
        assert has_type(row["text_lines"], declared["text_lines"])
        assert has_type(row["hover_text"], declared["hover_text"])
