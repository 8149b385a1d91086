"""Each validation rule rejects a crafted bad row and names its file, line and column."""

import json

import pytest

from dashboard.model.data import load_dataset
from dashboard.model.sources import load_sources
from tests.conftest import GOOD_ROW, SOURCE_ENTRY, SOURCE_NAME, row

QUOTE_LOSSES = "Russia had lost between 1,600,000 and 1,800,000 soldiers by 1916"
QUOTE_SHOT = "nearly 700,000 (353,074 in 1937 and 328,612 in 1938) were shot"

BAD_ROWS = [
    ("id", {"id": ""}, "is required"),
    ("id", {"id": "Not A Slug"}, "not a slug"),
    ("claim", {"claim": ""}, "is required"),
    ("category", {"category": "weather"}, "unknown category"),
    ("qualifier", {"qualifier": "roughly"}, "unknown qualifier"),
    ("value", {"value": "ninety"}, "not a number"),
    ("value", {"value": "inf"}, "not a number"),
    ("value", {"value": ""}, "is required for qualifier 'exact'"),
    ("value_low", {"value_low": "80000"}, "must be empty for qualifier 'exact'"),
    ("value_low", {"qualifier": "at_least"}, "must equal value"),
    ("value_high", {"qualifier": "nearly", "value_high": "1"}, "must equal value"),
    (
        "value_high",
        {"qualifier": "range", "value": "", "value_low": "90000"},
        "is required for qualifier 'range'",
    ),
    (
        "value_low",
        {
            "qualifier": "range",
            "value": "",
            "value_low": "1800000",
            "value_high": "1600000",
            "value_text": "1,600,000 and 1,800,000",
            "quote": QUOTE_LOSSES,
        },
        "must be less than",
    ),
    ("value", {"unit": "percent"}, "outside 0-100"),
    ("value", {"unit": "share", "value": "2", "value_text": "90,000"}, "outside 0-1"),
    ("period_start", {"period_start": "1914-13"}, "month 13"),
    ("period_start", {"period_start": "1914-00"}, "month 0"),
    ("period_end", {"period_end": "1914-02-00"}, "not a valid partial date"),
    ("period_start", {"period_start": "1917-02-30"}, "not a valid partial date"),
    ("period_end", {"period_end": "14/1914"}, "not a valid partial date"),
    ("period_end", {"period_start": "1915", "period_end": "1914"}, "before period_start"),
    ("period_start", {"period_start": ""}, "required when period_end"),
    ("source", {"source": "missing.txt"}, "does not exist"),
    ("quote", {"quote": "90,000 Russian troops were captured"}, "not found in tiny.txt"),
    ("value_text", {"value_text": "91,000"}, "does not occur in the quote"),
    ("value_text", {"value": "9000"}, "reads as 90000"),
    ("value_text", {"value_text": "captured"}, "states no number"),
    ("label", {"label": "x" * 49}, "is 49 characters long; at most 48"),
    ("series", {"series": "Tannenberg 1914"}, "not a slug"),
    ("breakdown", {"breakdown": "tannenberg_1914"}, "not a slug"),
]


@pytest.mark.parametrize(
    ("column", "changes", "message"), BAD_ROWS, ids=[f"{c}-{m}" for c, _, m in BAD_ROWS]
)
def test_each_rule_rejects_a_bad_row_on_its_line(make_data_dir, column, changes, message):
    good_row = row(id="tiny-good")
    data_dir = make_data_dir([good_row, row(**changes)])
    dataset, problems = load_dataset(data_dir)
    assert dataset is None
    matching = [p for p in problems if p.column == column and message in p.message]
    assert matching, [str(p) for p in problems]
    assert all(p.file == "figures.csv" and p.line == 3 for p in matching)
    assert str(matching[0]).startswith(f"figures.csv:3: {column}: ")


@pytest.mark.parametrize(
    ("start", "end", "before"),
    [
        ("1914-08", "1914", False),  # the year 1914 runs past August: it does not precede it
        ("1914-08-26", "1914-08", False),  # August 1914 contains the 26th
        ("1914-08-26", "1914-08-26", False),
        ("1914-08", "1914-07", True),
        ("1914-08-26", "1914-08-25", True),
        ("1915", "1914-12", True),
    ],
)
def test_a_period_end_precedes_its_start_only_when_all_of_it_does(
    make_data_dir, start, end, before
):
    """data/README.md: period_end "must not precede" period_start; a coarser end that contains
    the start (1914-08 to 1914) does not precede it."""
    _, problems = load_dataset(make_data_dir([row(period_start=start, period_end=end)]))
    found = [str(p) for p in problems if "before period_start" in p.message]
    assert bool(found) == before, found


def test_a_good_table_validates(make_data_dir):
    rows = [
        row(),
        row(
            id="tiny-losses",
            claim="losses-1916",
            qualifier="range",
            value="",
            value_low="1600000",
            value_high="1800000",
            value_text="between 1,600,000 and 1,800,000",
            quote=QUOTE_LOSSES,
        ),
        row(
            id="tiny-shot",
            claim="shot",
            qualifier="nearly",
            value="700000",
            value_high="700000",
            value_text="nearly 700,000",
            quote=QUOTE_SHOT,
            category="repression",
        ),
        row(
            id="tiny-famine",
            claim="famine",
            qualifier="range",
            value="",
            value_low="5000000",
            value_high="7000000",
            value_text="Five to seven million",
            quote="Five to seven million died",
            period_start="",
            period_end="",
        ),
    ]
    dataset, problems = load_dataset(make_data_dir(rows))
    assert problems == []
    assert list(dataset.figures["id"]) == [r["id"] for r in rows]
    shot = dataset.figures.set_index("id").loc["tiny-shot"]
    assert shot["source_line"] == 3  # the quote's line in the source, found across a U+00A0
    assert dataset.figures["year_start"].isna().sum() == 1


def test_duplicate_ids_name_both_lines(make_data_dir):
    _, problems = load_dataset(make_data_dir([row(), row(), row()]))
    assert [(p.line, p.column) for p in problems] == [(3, "id"), (4, "id")]
    assert "first on line 2" in problems[0].message


def test_missing_and_unknown_columns_are_reported_on_the_header(make_data_dir):
    data_dir = make_data_dir([row()])
    text = (data_dir / "figures.csv").read_text().replace("qualifier", "qualifyer", 1)
    (data_dir / "figures.csv").write_text(text)
    _, problems = load_dataset(data_dir)
    assert {(p.line, p.column, p.message) for p in problems} >= {
        (1, "qualifier", "required column is missing"),
        (1, "qualifyer", "unknown column"),
    }


def test_broken_quoting_and_bad_bytes_are_located(make_data_dir):
    data_dir = make_data_dir([row(), row(id="tiny-2")])
    path = data_dir / "figures.csv"
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([*lines[:2], lines[2].replace(b"tiny-2", b"tiny-\xff2")]))
    _, problems = load_dataset(data_dir)
    assert [(p.file, p.line) for p in problems] == [("figures.csv", 3)]
    assert "not UTF-8" in problems[0].message

    path.write_text("\n".join([lines[0].decode(), lines[1].decode(), 'x,"unterminated\n']))
    _, problems = load_dataset(data_dir)
    assert any(p.line >= 3 and "malformed CSV" in p.message for p in problems), problems


def test_bom_and_crlf_are_accepted(make_data_dir):
    data_dir = make_data_dir([row(), row(id="tiny-2")])
    path = data_dir / "figures.csv"
    path.write_bytes(
        b"\xef\xbb\xbf" + path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    )
    dataset, problems = load_dataset(data_dir)
    assert problems == []
    assert list(dataset.figures["line"]) == [2, 3]


def test_empty_file_and_missing_sources_are_reported(make_data_dir):
    data_dir = make_data_dir([row()])
    (data_dir / "figures.csv").write_text("")
    _, problems = load_dataset(data_dir)
    assert [str(p) for p in problems] == ["figures.csv:1: file is empty: expected a header row"]

    data_dir = make_data_dir([row()])
    (data_dir / "sources" / "tiny.txt").unlink()
    _, problems = load_dataset(data_dir)
    assert [(p.line, p.column) for p in problems] == [(2, "source")]


def test_dismissed_rows_are_checked(make_data_dir):
    dismissed = [
        {"source": "tiny.txt", "quote": "A tiny source", "reason": "incidental_count"},
        {"source": "tiny.txt", "quote": "not in the text", "reason": "incidental_count"},
        {"source": "tiny.txt", "quote": "A tiny source", "reason": "boring"},
    ]
    _, problems = load_dataset(make_data_dir([row()], dismissed))
    assert [(p.file, p.line, p.column) for p in problems] == [
        ("dismissed.csv", 3, "quote"),
        ("dismissed.csv", 4, "reason"),
    ]


def test_validation_never_changes_the_data_directory(make_data_dir):
    data_dir = make_data_dir([row(), row()])
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    load_dataset(data_dir)
    assert {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()} == before


def test_good_row_fixture_is_valid(make_data_dir):
    assert load_dataset(make_data_dir([GOOD_ROW]))[1] == []


def test_a_sentence_stated_twice_is_cited_at_each_place(make_data_dir):
    text = "Intro.\nOver 30,000 troops were killed.\nMiddle.\nOver 30,000 troops were killed.\n"
    quote = "Over 30,000 troops were killed."
    rows = [
        row(id="tiny-first", value="30000", value_low="30000", qualifier="more_than",
            value_text="Over 30,000", quote=quote),
        row(id="tiny-second", value="30000", value_low="30000", qualifier="more_than",
            value_text="Over 30,000", quote=quote),
    ]  # fmt: skip
    dataset, problems = load_dataset(make_data_dir(rows, text=text))
    assert problems == []
    assert list(dataset.figures["source_line"]) == [2, 4]


def test_a_label_of_48_characters_is_accepted(make_data_dir):
    assert load_dataset(make_data_dir([row(label="x" * 48)]))[1] == []


def problems_of(make_data_dir, rows: list[dict]) -> list[tuple[int, str, str]]:
    dataset, problems = load_dataset(make_data_dir(rows))
    assert dataset is None
    assert all(p.file == "figures.csv" for p in problems)
    return [(p.line, p.column, p.message) for p in problems]


def test_a_series_and_a_breakdown_that_are_well_formed_validate(make_data_dir):
    rows = [
        row(id="tiny-a", claim="captured-1914", series="captured", breakdown="tannenberg"),
        row(id="tiny-b", claim="captured-1915", series="captured", period_start="1915",
            period_end="1915"),
        row(id="tiny-c", claim="killed-or-wounded", breakdown="tannenberg", value="30000",
            value_low="30000", qualifier="more_than", value_text="over 30,000"),
        row(id="tiny-d", claim="captured-1914", series="captured", breakdown="tannenberg"),
    ]  # fmt: skip
    dataset, problems = load_dataset(make_data_dir(rows))
    assert problems == []
    assert list(dataset.figures["series"]) == ["captured", "captured", "", "captured"]
    assert list(dataset.figures["breakdown"]) == ["tannenberg", "", "tannenberg", "tannenberg"]


def test_a_series_with_two_units_is_reported_on_the_odd_row(make_data_dir):
    rows = [
        row(id="tiny-a", claim="c-1914", series="captured"),
        row(id="tiny-b", claim="c-1915", series="captured", unit="people", period_start="1915",
            period_end="1915"),
    ]  # fmt: skip
    found = problems_of(make_data_dir, rows)
    assert [(line, column) for line, column, _ in found] == [(3, "unit")]
    assert "'people' differs from 'soldiers' on line 2" in found[0][2]
    assert "series 'captured'" in found[0][2]


def test_a_series_whose_rows_share_one_period_is_reported(make_data_dir):
    rows = [
        row(id="tiny-a", series="captured"),
        row(id="tiny-b", series="captured", period_end=""),  # 1914 to (empty =) 1914: same period
    ]
    found = problems_of(make_data_dir, rows)
    assert [(line, column) for line, column, _ in found] == [(2, "series")]
    assert "only one period (1914; lines 2, 3)" in found[0][2]
    assert "breakdown" in found[0][2]  # the message says where parts of one moment belong


def test_a_series_of_one_row_is_reported(make_data_dir):
    found = problems_of(make_data_dir, [row(series="captured")])
    assert [(line, column) for line, column, _ in found] == [(2, "series")]


def test_two_claims_at_one_period_of_a_series_are_reported(make_data_dir):
    rows = [
        row(id="tiny-a", claim="captured-1914", series="captured"),
        row(id="tiny-b", claim="captured-1915", series="captured", period_start="1915",
            period_end="1915"),
        row(id="tiny-c", claim="captured-again", series="captured"),
    ]  # fmt: skip
    found = problems_of(make_data_dir, rows)
    assert [(line, column) for line, column, _ in found] == [(4, "claim")]
    assert "differs from 'captured-1914' on line 2 at the same period (1914)" in found[0][2]


def test_an_undated_row_in_a_series_is_reported(make_data_dir):
    rows = [
        row(id="tiny-a", claim="a", series="captured"),
        row(id="tiny-b", claim="b", series="captured", period_start="1915", period_end="1915"),
        row(id="tiny-c", claim="c", series="captured", period_start="", period_end=""),
    ]
    found = problems_of(make_data_dir, rows)
    assert [(line, column) for line, column, _ in found] == [(4, "period_start")]


def test_a_breakdown_with_two_units_is_reported_on_the_odd_row(make_data_dir):
    rows = [
        row(id="tiny-a", claim="captured", breakdown="tannenberg"),
        row(id="tiny-b", claim="killed-or-wounded", breakdown="tannenberg", unit="casualties",
            value="30000", value_low="30000", qualifier="more_than", value_text="over 30,000"),
    ]  # fmt: skip
    found = problems_of(make_data_dir, rows)
    assert [(line, column) for line, column, _ in found] == [(3, "unit")]
    assert "breakdown 'tannenberg' has one unit" in found[0][2]


def test_a_breakdown_of_one_part_is_reported(make_data_dir):
    rows = [row(id="tiny-a", breakdown="tannenberg"), row(id="tiny-b", breakdown="tannenberg")]
    found = problems_of(make_data_dir, rows)  # two rows, but one claim: one part
    assert [(line, column) for line, column, _ in found] == [(2, "breakdown")]
    assert "has one part" in found[0][2]


def test_a_described_source_is_loaded_and_an_undescribed_one_named_by_its_file(make_data_dir):
    data_dir = make_data_dir([row()])
    sources_dir = data_dir / "sources"
    assert load_sources(sources_dir)[0][SOURCE_NAME].short_title == "tiny"  # no sources.json: stem
    (sources_dir / "sources.json").write_text(json.dumps([SOURCE_ENTRY]))
    document = load_sources(sources_dir)[0][SOURCE_NAME]
    assert (document.title, document.short_title, document.licence) == (
        "A tiny source for tests",
        "Tiny source",
        "CC0-1.0",
    )
    assert [str(w) for w in document.works_at(1)] == ["A tiny text written for the tests"]
    assert load_dataset(data_dir)[1] == []


@pytest.mark.parametrize("key", ["title", "short_title", "licence", "derived_from"])
def test_a_described_source_needs_title_short_title_licence_and_lineage(make_data_dir, key):
    data_dir = make_data_dir([row()])
    entry = {k: v for k, v in SOURCE_ENTRY.items() if k != key}
    (data_dir / "sources" / "sources.json").write_text(json.dumps([entry]))
    _, problems = load_dataset(data_dir)
    assert [str(p) for p in problems] == [f"sources/sources.json: [0].{key}: Field required"]


def test_a_long_short_title_is_reported(make_data_dir):
    data_dir = make_data_dir([row()])
    meta = [SOURCE_ENTRY | {"short_title": "t" * 33}]
    (data_dir / "sources" / "sources.json").write_text(json.dumps(meta))
    _, problems = load_dataset(data_dir)
    assert [str(p) for p in problems] == [
        "sources/sources.json: short_title: tiny.txt: is 33 characters long; at most 32"
    ]


def test_rows_of_one_claim_share_category_unit_family_and_label(make_data_dir):
    rows = [
        row(id="tiny-a"),
        row(id="tiny-b", category="military"),
        row(id="tiny-c", unit="percent", value="0.5", value_text="90,000"),
        row(id="tiny-d", unit="people"),  # soldiers and people: one family, the persons
        row(id="tiny-e", label="Another label"),
    ]
    found = problems_of(make_data_dir, rows)
    assert [(line, column) for line, column, _ in found if column != "value_text"] == [
        (3, "category"),
        (4, "unit"),
        (6, "label"),
    ]
    category = next(message for _, column, message in found if column == "category")
    assert category == (
        "'military' differs from 'war_losses' on line 2: the rows of claim "
        "'tannenberg-captured' count one quantity and share one category"
    )


def test_an_id_must_start_with_its_sources_prefix(make_data_dir):
    found = problems_of(make_data_dir, [row(id="000-tannenberg-captured")])
    assert found == [
        (2, "id", "'000-tannenberg-captured' does not start with tiny-, its source's prefix")
    ]
