"""The vocabularies the page draws cover the data's: a new category or qualifier in data.py fails
here, not as a KeyError inside a callback."""

from __future__ import annotations

from dashboard.charts import QUALIFIER_KIND, axis_title
from dashboard.data import CATEGORIES, QUALIFIERS, load_or_raise
from dashboard.frame import THEMES
from dashboard.layout import GLYPH_KEY


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
