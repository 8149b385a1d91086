"""Issue 23's forms of English, one test each: found and read right, or dropped as not a figure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.extract.dates import find_dates
from dashboard.extract.mentions import find_mentions_in
from dashboard.extract.propose import propose
from dashboard.model.numbers import parse_numbers

TIMELINE = Path(__file__).parent.parent / "fixtures" / "propose" / "timeline.txt"


def mentions(text: str) -> list[str]:
    return [text[a:b] for a, b in find_mentions_in(text)]


def drafted(text: str) -> dict[str, dict]:
    """value_text -> the draft row (plus its status), for every draft of `text`."""
    return {
        d.row["value_text"]: d.row | {"status": d.status, "period_from": d.period_from}
        for d in propose("t.txt", text, None)
    }


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        (
            "thirty-one thousand four hundred and six people came",
            "thirty-one thousand four hundred and six",
            31_406,
        ),
        ("two hundred and forty thousand men", "two hundred and forty thousand", 240_000),
        ("a hundred and fifty ships", "a hundred and fifty", 150),
        ("2½ million people", "2½ million", 2_500_000),
        ("two and a half million people", "two and a half million", 2_500_000),
        ("It has 7 B users.", "7 B", 7_000_000_000),
        ("a loss of 3bn roubles", "3bn", 3_000_000_000),
        ("a 5 mn grant", "5 mn", 5_000_000),
        ("It raised $5M in a week.", "$5M", 5_000_000),
        ("It cost $US12,480,000 in all.", "$US12,480,000", 12_480_000),
        ("It cost US$40 a head.", "US$40", 40),
        ("about €5 million", "€5 million", 5_000_000),
        ("a £3bn deficit", "£3bn", 3_000_000_000),
        ("USD 40 was refunded", "USD 40", 40),
        ("The temperature fell to minus 212 degrees.", "minus 212", -212),
        ("It reached −40 degrees.", "−40", -40),
        ("a birth rate of 12‰", "12‰", 12),
        ("over 100+ villages", "100+", 100),
        ("a correlation of r = .64 was found", ".64", 0.64),
        ("1.2 trillion dollars", "1.2 trillion", 1_200_000_000_000),
    ],
)
def test_each_number_form_is_found_whole_and_read(text, found, value):
    assert found in mentions(text)
    assert parse_numbers(found) == [pytest.approx(value)]


@pytest.mark.parametrize(
    ("text", "phrase", "qualifier"),
    [
        ("Close to 5,000 men crossed.", "Close to 5,000", "nearly"),
        ("Just under 300 ships sailed.", "Just under 300", "nearly"),
        ("Upwards of 2,000 people left.", "Upwards of 2,000", "more_than"),
        ("In excess of 400 guns were lost.", "In excess of 400", "more_than"),
        ("North of 10,000 workers struck.", "North of 10,000", "more_than"),
        ("Well over 600 prisoners were taken.", "Well over 600", "more_than"),
        ("No fewer than 40 deputies resigned.", "No fewer than 40", "at_least"),
        ("Some 400 horses died.", "Some 400", "approx"),
        ("A thousand or so carts left.", "A thousand", "approx"),
        ("Forty-odd boats were lost.", "Forty", "approx"),
        ("The town had 100+ villages.", "100+", "at_least"),
        ("They counted ~56 graves.", "~56", "approx"),
        ("It took ≥16 hours a day.", "≥16", "at_least"),
        ("No more than 30 survived.", "No more than 30", "up_to"),
        ("Deaths were as high as 100 million.", "as high as 100 million", "up_to"),
        ("The rate exceeded 2.5 per cent.", "exceeded 2.5 per cent", "more_than"),
    ],
)
def test_each_qualifier_is_read(text, phrase, qualifier):
    rows = drafted(text)
    assert phrase in rows, rows.keys()
    assert rows[phrase]["qualifier"] == qualifier


@pytest.mark.parametrize(
    "text",
    [
        "On 1934-12-01 it began.",
        "1934.12.01",
        "1934.12",
        "On 01.12.1934 it began.",
        "On 1/12/1934 it began.",
        "On 12/1/1934 it began.",
        "1934.12.20–31",
        "1918.03–05",
        "1944.06.22–08.29",
        "On Sept. 3 it began.",
        "On 3 Sept. it began.",
        "On September 3rd, 1939 it began.",
        "It began on 25 October [O.S. 12 October].",
        "At 6:15 PM it began.",
        "At 18:15 it began.",
        "At 18h15 it began.",
        "At 6 p.m. it began.",
        "In the 1930s it grew.",
        "In the '30s it grew.",
        "In the 20th century it grew.",
        "In 300 BC it grew.",
    ],
)
def test_a_date_or_time_is_never_a_figure_nor_any_part_of_it(text):
    assert mentions(text) == []


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("1934.12.01", "1934-12-01", ""),
        ("1934-12-01", "1934-12-01", ""),
        ("1934.12", "1934-12", ""),
        ("1934.12.20–31", "1934-12-20", "1934-12-31"),
        ("1918.03.03–05", "1918-03-03", "1918-03-05"),
        ("1918.03–05", "1918-03", "1918-05"),
        ("1944.06.22–08.29", "1944-06-22", "1944-08-29"),
        ("01.12.1934", "1934-12-01", ""),
        ("13/1/1934", "1934-01-13", ""),
        ("1/12/1934", "1934", ""),  # day and month could be either
        ("3 September 1939", "1939-09-03", ""),
        ("September 3rd, 1939", "1939-09-03", ""),
    ],
)
def test_a_date_is_read_to_its_period(text, first, last):
    (date,) = find_dates(text)
    assert (text[date.start : date.end], date.first, date.last) == (text, first, last)


@pytest.mark.parametrize(
    "text",
    [
        "Samsung sold the Galaxy S9 widely.",
        "The T-34 was a tank.",
        "The Su-27 and the MiG-15 flew.",
        "The Boeing 747 flew.",
        "Microsoft shipped Windows 10 that summer.",
        "the 5th Army advanced",
        "Order No. 270 was issued.",
        "under Article 58 of the code",
        "Version 2.3.1 was released.",
        "Call (212) 555-1234 now.",
        "Call 212-555-1234 now.",
        "He lived at 10 Downing Street then.",
        "See page 12 for more.",
        "as Table 3 shows",
        "at phases 3, 5, and 7 of the study",
        "a rise in disease (22).",
        "as others found (26,29,49).",
        "as Pagani et al., 2006a argued",
        "a shift in δ13C values",
        "1. The first item.",
        "(Smith et al. 2005, pp. 889–893)",
        "It showed this: (1) the genes were old; and (2) they spread.",
        '"Black \'47" was the worst year.',
    ],
)
def test_an_identifier_is_not_a_figure(text):
    assert mentions(text) == []


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("The court voted 9 to 3 against it.", ["9", "3"]),
        ("It passed by 7–2.", ["7", "2"]),
        ("a 5-4 decision", ["5", "4"]),
        ("The vote was 12 to 40 against.", ["12", "40"]),
    ],
)
def test_a_vote_or_score_is_two_figures_never_a_range(text, ends):
    rows = drafted(text)
    assert list(rows) == ends
    assert {r["qualifier"] for r in rows.values()} == {"exact"}


def test_a_range_is_still_one_figure():
    rows = drafted("Between 1,600,000 and 1,800,000 soldiers died.")
    assert [r["qualifier"] for r in rows.values()] == ["range"]


def test_a_timeline_paragraph_takes_its_heading_period():
    rows = drafted(TIMELINE.read_text())
    assert not any("1821" in k or k in ("01", "02") for k in rows)  # no date put forward
    assert (rows["250,000"]["period_start"], rows["250,000"]["period_from"]) == (
        "1821-04-02",
        "heading",
    )
    about = rows["about 3,000"]
    assert (about["period_start"], about["period_end"]) == ("1834-12-20", "1834-12-31")
    assert (rows["1,200"]["period_start"], rows["1,200"]["period_end"]) == ("1842-07", "1842-11")
    total = rows["6,500"]
    assert (total["period_start"], total["period_end"]) == ("1850", "1860")


def test_a_caption_does_not_date_the_section_below_it():
    text = "Major crises: 1932–1939\nStalin in 1915\nIn all, 40,000 were lost.\n"
    row = drafted(text)["40,000"]
    assert (row["period_start"], row["period_end"], row["period_from"]) == (
        "1932",
        "1939",
        "heading",
    )


def test_an_age_after_a_name_and_then_is_dismissed():
    row = drafted("The pathologist Johan Hultin, then 72, returned to the village.")["72"]
    assert row["status"] == "dismiss? biographical"


def test_the_end_of_a_change_with_a_qualifier_takes_the_by_date():
    rows = drafted("By 1920 the staff had grown from about 3,000 in 1910 to more than 11,000.")
    assert rows["about 3,000"]["period_start"] == "1910"
    assert (rows["more than 11,000"]["period_start"], rows["more than 11,000"]["qualifier"]) == (
        "1920",
        "more_than",
    )


def test_by_year_gives_the_end_of_a_change_its_date():
    rows = drafted("By 1940 output had risen from 4 million tonnes in 1928 to 18 million.")
    assert (rows["4 million"]["period_start"], rows["4 million"]["unit"]) == ("1928", "tonnes")
    assert (rows["18 million"]["period_start"], rows["18 million"]["unit"]) == ("1940", "tonnes")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"text\x00\x01binary", "NUL byte"),
        ("UTF-16 text".encode("utf-16"), "UTF-16"),
        (b"fine\n\xe9t\xe9", "line 2, column 1: not UTF-8"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_1(tmp_path, content, says):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run_propose(bad)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert says in result.stderr
    assert "bad.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_50_mb_document_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # a sparse file: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    result = run_propose(big)
    assert result.returncode == 1
    assert "is 52,428,800 bytes; at most 16,777,216 are read" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("kind", "says"), [("fifo", "is a FIFO"), ("device", "is a device"), ("folder", "directory")]
)
def test_propose_reads_only_regular_files_and_never_blocks(tmp_path, kind, says):
    """A FIFO once hung propose for ever and /dev/zero filled memory; each is now one line."""
    path = tmp_path / "doc.txt"
    if kind == "fifo":
        os.mkfifo(path)  # nobody writes: an open that blocks would hang until run_propose's timeout
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    result = run_propose(path)
    assert result.returncode == 1
    assert says in result.stderr
    assert "doc.txt" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def run_propose(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "propose", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
