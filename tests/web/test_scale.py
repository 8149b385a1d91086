"""Large tables: the grid and comparisons list the first rows, each chart draws its largest."""

import orjson
import pandas as pd
import pytest
from dash import no_update

from dashboard.model.data import Dataset, load_or_raise
from dashboard.model.vocabulary import THEMES
from dashboard.web import ids
from dashboard.web.callbacks import (
    MAX_TABLE_ROWS,
    Controls,
    View,
    caption_key,
    chart_key,
    update_view,
)
from dashboard.web.charts import MAX_CHART_ROWS
from tests.conftest import MINI


@pytest.fixture(scope="module")
def big_view():
    """The mini fixture repeated until the table is larger than MAX_TABLE_ROWS, with unique ids."""
    mini = load_or_raise(MINI)
    copies = MAX_TABLE_ROWS // len(mini.figures) + 2
    frame = pd.concat([mini.figures] * copies, ignore_index=True)
    frame["id"] = [f"row-{i}" for i in range(len(frame))]
    frame["claim"] = [f"claim-{i}" for i in range(len(frame))]
    return View(Dataset(frame, mini.sources, mini.dismissed))


def clickable_ids(figure: dict) -> set[str]:
    return {c[0] for t in figure["data"] for c in t.get("customdata") or [] if c}


def test_large_view_caps_table_and_charts_and_says_so(big_view):
    out = update_view(big_view, ids.URL, Controls(search=""))
    assert len(out["table"]["rows"]) == MAX_TABLE_ROWS
    assert f"the table lists the first {MAX_TABLE_ROWS}" in out["count"]
    repression = out[chart_key("repression")]
    drawn = clickable_ids(repression)
    assert len(drawn) <= MAX_CHART_ROWS
    caption = out[caption_key("repression")]
    in_theme = int(big_view.plot["themes"].map(lambda themes: "repression" in themes).sum())
    assert f"Showing the {len(drawn)} largest of {in_theme}" in caption
    for theme in THEMES:
        assert len(clickable_ids(out[chart_key(theme)])) <= MAX_CHART_ROWS


def test_small_view_draws_every_figure():
    mini = load_or_raise(MINI)
    view = View(mini)
    out = update_view(view, ids.URL, Controls(search=""))
    assert len(out["table"]["rows"]) == len(mini.figures)
    assert "the table lists" not in out["count"]
    drawn = set().union(*(clickable_ids(out[chart_key(t)]) for t in THEMES))
    assert drawn == set(mini.figures["id"])


@pytest.mark.parametrize("claims_every", [1, 2])  # no repeated claim; more than MAX_COMPARISONS
def test_a_filter_update_is_plain_json_at_any_size(big_view, claims_every):
    """One Dash component left in a response sends all of it through plotly's slow encoder
    (orjson refuses it and every value is walked in Python): 100 ms instead of 10 at 100k rows."""
    frame = big_view.dataset.figures.assign(
        claim=[f"claim-{i // claims_every}" for i in range(len(big_view.dataset.figures))]
    )
    view = View(Dataset(frame, big_view.dataset.sources, big_view.dataset.dismissed))
    out = update_view(
        view, ids.PERIOD, Controls(search="", period=[1900, 1940], categories=[], q="")
    )
    sent = {key: value for key, value in out.items() if value is not no_update}
    assert "comparisons" in sent
    orjson.dumps(list(sent.values()), option=orjson.OPT_SERIALIZE_NUMPY)  # raises on a component
