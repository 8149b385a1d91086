"""Export: the same filter as the app, every column, formula-safe, and a lossless round trip."""

import io

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.model.data import COLUMNS, load_or_raise
from dashboard.model.export import (
    EXPORT_COLUMNS,
    content_disposition,
    export_filename,
    export_frame,
    neutralise_formula,
    to_csv,
)
from dashboard.model.filters import Filters, filter_figures
from dashboard.web.callbacks import View
from dashboard.web.citation_panel import citation_children
from tests.conftest import row


def test_formula_cells_are_neutralised_but_numbers_are_not():
    assert [neutralise_formula(v) for v in ["=1+1", "+A1", "-2", "@SUM", "\tx", "\rx", "ok"]] == [
        "'=1+1", "'+A1", "'-2", "'@SUM", "'\tx", "'\rx", "ok",
    ]  # fmt: skip
    frame = pd.DataFrame({"measure": ['=HYPERLINK("x")'], "value": [-5.0]})
    assert to_csv(frame).splitlines()[1] == '"\'=HYPERLINK(""x"")",-5'


@pytest.mark.parametrize(
    "cell",
    [
        "\uff1dSUM(A1)",  # full-width equals
        "\uff0bA1",
        "\uff0d2",
        "\uff20SUM",
        "\u200b=1+1",  # zero-width space, then a formula
        "\ufeff\u200d@SUM",  # byte-order mark and zero-width joiner
        "\u2060\uff1d1",
    ],
)
def test_disguised_formula_starts_are_neutralised(cell):
    assert neutralise_formula(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["\u200bok", "\uff21\uff22", "1,000", "\u2212 5 (a minus sign)"])
def test_text_that_only_looks_odd_is_left_alone(cell):
    assert neutralise_formula(cell) == cell


@pytest.mark.parametrize(
    "filters",
    [
        Filters(q="line\r\nSet-Cookie: x=1"),
        Filters(q='a"; filename="evil.csv'),
        Filters(q="中文 Сталин"),
        Filters(source='odd"name\r\nX-Injected: 1.txt'),
        Filters(source="Сталин и НКВД.txt"),
    ],
    ids=[
        "crlf-search",
        "quote-search",
        "cjk-cyrillic-search",
        "crlf-quote-source",
        "cyrillic-source",
    ],
)
def test_every_download_name_is_one_safe_header_value(filters):
    header = content_disposition(export_filename(filters))
    header.encode("latin-1")  # an HTTP header holds Latin-1 only
    assert "\r" not in header
    assert "\n" not in header
    assert header.count('"') == 2  # one filename parameter, nothing after it forged
    assert header.startswith('attachment; filename="figures_')
    if not export_filename(filters).isascii():
        assert "filename*=UTF-8''figures_" in header


def test_export_round_trips_without_loss(make_data_dir):
    rows = [
        row(note='a "quoted", multi-part note\nwith a newline'),
        row(id="tiny-b", measure="Captured, again", period_start="", period_end=""),
    ]
    dataset = load_or_raise(make_data_dir(rows))
    text = to_csv(export_frame(dataset, filter_figures(dataset.figures, Filters())))
    back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(back.columns) == EXPORT_COLUMNS
    for column in COLUMNS:
        expected = [r.get(column, "") for r in rows]  # an optional column left out reads empty
        got = list(back[column])
        if column in ("value", "value_low", "value_high"):
            got = [str(int(float(v))) if v else "" for v in got]
        assert got == expected, column
    assert list(back["source_line"]) == ["2", "2"]


def test_cli_export_uses_the_filters(make_data_dir, capsys):
    data_dir = make_data_dir([row(), row(id="tiny-late", period_start="1930", period_end="1930")])
    assert main(["export", "--data-dir", str(data_dir), "--from", "1925"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("tiny-late,")
    assert main(["export", "--data-dir", str(data_dir), "--from", "later"]) == 2
    assert "must be a year" in capsys.readouterr().err


def test_export_filename_names_the_filters():
    filters = Filters(1930, 1939, ("famine", "party"), "000_x.txt", "grain / bread")
    assert export_filename(filters) == "figures_1930-1939_famine+party_000_x_q-grain---bread.csv"
    assert export_filename(Filters()) == "figures.csv"


def test_cli_export_matches_the_page_when_the_period_spans_all_data(make_data_dir, capsys):
    undated = row(id="tiny-undated", period_start="", period_end="")
    data_dir = make_data_dir([row(), undated])
    assert main(["export", "--data-dir", str(data_dir), "--from", "1900", "--to", "2000"]) == 0
    assert (
        len(capsys.readouterr().out.splitlines()) == 3
    )  # a period wider than the data hides nothing
    assert main(["export", "--data-dir", str(data_dir), "--from", "1914", "--to", "1914"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_content_disposition_keeps_ascii_names_and_encodes_the_rest():
    assert (
        content_disposition("figures_1930-1939.csv")
        == 'attachment; filename="figures_1930-1939.csv"'
    )
    header = content_disposition("figures_q-Сталин.csv")
    assert header == (
        'attachment; filename="figures_q-------.csv"; '
        "filename*=UTF-8''figures_q-%D0%A1%D1%82%D0%B0%D0%BB%D0%B8%D0%BD.csv"
    )
    assert content_disposition('x"; filename="evil.csv').count('"') == 2


def test_the_export_and_the_citation_carry_each_rows_lineage(real_data_dir):
    dataset = load_or_raise(real_data_dir)
    frame = export_frame(dataset, dataset.figures)
    assert frame["source_derived_from"].ne("").all()
    stalin_lead = frame.set_index("id").loc["001-great-purge-executions"]
    assert "article \u201cJoseph Stalin\u201d" in stalin_lead["source_derived_from"]
    view = View(dataset)
    panel = str(citation_children(dataset, view.row("001-great-purge-executions")))
    assert "Text derived from: " in panel
    assert "Joseph Stalin" in panel
