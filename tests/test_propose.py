"""propose: each number form drafted with its value, bounds, qualifier, unit and period; several
figures in a sentence, a repeated sentence, a text without figures, bad files, and the round trip
of its drafts through validate."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.cli import main
from dashboard.data import COLUMNS, load_dataset
from dashboard.propose import EXTRA_COLUMNS, propose
from tests.conftest import GOOD_ROW, write_csv


def drafts_of(text: str) -> list[dict]:
    return [d.row | {"status": d.status} for d in propose("new.txt", text, None)]


def reading(row: dict) -> tuple:
    return (
        row["value"],
        row["value_low"],
        row["value_high"],
        row["qualifier"],
        row["unit"],
        row["period_start"],
        row["period_end"],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 1937, nearly 700,000 people were executed.",
            ("700000", "", "700000", "nearly", "executions", "1937", ""),
        ),
        (
            "Between 1932 and 1933, between five and seven million people died.",
            ("", "5000000", "7000000", "range", "deaths", "1932", "1933"),
        ),
        (
            "By 1936 this had risen to 90% of households.",
            ("90", "", "", "exact", "percent", "1936", ""),
        ),
        ("Grain output rose tenfold in 1930.", ("10", "", "", "exact", "times", "1930", "")),
        (
            "In 1929 three-fifths of the peasants joined.",
            ("0.6", "", "", "exact", "share", "1929", ""),
        ),
        (
            "In 1941 the army had more than 1,000 tanks.",
            ("1000", "1000", "", "more_than", "tanks", "1941", ""),
        ),
        (
            "In 1944 hundreds of thousands of deportees died on the way.",
            ("", "100000", "", "vague", "deaths", "1944", ""),
        ),
        (
            "In 1915 women spent about 40 hours a week in queues.",
            ("40", "", "", "approx", "hours_per_week", "1915", ""),
        ),
        ("In March 1935, 24km of road were built.", ("24", "", "", "exact", "km", "1935-03", "")),
        (
            "From July 1936 to March 1939 the Soviets sent 648 aircraft.",
            ("648", "", "", "exact", "aircraft", "1936-07", "1939-03"),
        ),
        (
            "The party had at least 24,000 members in February 1917.",
            ("24000", "24000", "", "at_least", "members", "1917-02", ""),
        ),
        (
            "The Poles were the majority of the victims in 1938.",
            ("0.5", "0.5", "", "more_than", "share", "1938", ""),
        ),
    ],
)
def test_each_form_is_drafted_with_its_reading(text, expected):
    (row,) = drafts_of(text)
    assert reading(row) == expected
    assert row["status"] == "proposed"
    assert row["quote"] == text
    assert row["value_text"] in row["quote"]


def test_a_sentence_with_several_figures_and_a_total_gives_one_row_each():
    text = "Nearly 700,000 people (353,074 in 1937 and 328,612 in 1938) were executed."
    rows = drafts_of(text)
    assert [r["value_text"] for r in rows] == ["Nearly 700,000", "353,074", "328,612"]
    assert [r["period_start"] for r in rows[1:]] == ["1937", "1938"]
    assert len({r["id"] for r in rows}) == 3


def test_incidental_mentions_are_drafted_to_dismiss():
    rows = drafts_of(
        "He was exiled for three years. Stalin was one of its pallbearers. "
        "Lenin twice asked for poison. The two sides fought."
    )
    assert [(r["value_text"], r["status"]) for r in rows] == [
        ("three", "dismiss? duration"),
        ("one", "dismiss? incidental_count"),
        ("twice", "dismiss? incidental_count"),
        ("two", "dismiss? incidental_count"),
    ]


def test_dates_and_citation_markers_alone_give_no_rows(tmp_path, capsys):
    source = tmp_path / "dates.txt"
    source.write_text("On 5 March 1953, in 1917 and 1932–33,[12][nb 3] the 10th Congress met.\n")
    assert main(["propose", str(source)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [",".join([*COLUMNS, *EXTRA_COLUMNS])]


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), (b"caf\xe9 1,000 men", "not UTF-8")],
    ids=["missing", "latin-1"],
)
def test_a_missing_or_non_utf8_file_is_a_clear_error(tmp_path, capsys, content, message):
    source = tmp_path / "doc.txt"
    if content is not None:
        source.write_bytes(content)
    assert main(["propose", str(source)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err and str(source) in captured.err


NEW_TEXT = (
    "A new text.\n"
    "In 1921 over 5,000,000 people died of famine. In 1921 over 5,000,000 people died of famine.\n"
    "By 1936 the party had 2,000,000 members, and the two factions met.\n"
)


def test_drafts_round_trip_through_validate(make_data_dir, capsys):
    data_dir = make_data_dir([GOOD_ROW])
    (data_dir / "sources" / "new.txt").write_text(NEW_TEXT, encoding="utf-8")
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    assert (
        main(["propose", str(data_dir / "sources" / "new.txt"), "--data-dir", str(data_dir)]) == 0
    )
    assert {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()} == before
    drafts = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    proposed = [d for d in drafts if d["status"] == "proposed"]
    # The sentence stated twice gives a row for each place, one claim between them.
    famine = [d for d in proposed if d["value_text"] == "over 5,000,000"]
    assert len(famine) == 2 and famine[0]["claim"] == famine[1]["claim"]
    assert [d["status"] for d in drafts if d["value_text"] == "two"] == [
        "dismiss? incidental_count"
    ]
    write_csv(data_dir / "figures.csv", [GOOD_ROW, *proposed])
    dataset, problems = load_dataset(data_dir)
    assert [str(p) for p in problems] == []
    placed = dataset.figures[dataset.figures["value_text"] == "over 5,000,000"]
    assert placed["quote_start"].nunique() == 2  # each row cites its own place


def test_curated_and_dismissed_mentions_are_not_drafted_again(real_data_dir, capsys):
    source = real_data_dir / "sources" / "001_1833e4391a1e2504.txt"
    assert main(["propose", str(source), "--data-dir", str(real_data_dir)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [",".join([*COLUMNS, *EXTRA_COLUMNS])]
    assert "0 drafts" in captured.err
