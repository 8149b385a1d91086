"""propose: each number form drafted with its value, bounds, qualifier, unit and period; several
figures in a sentence, a repeated sentence, a text without figures, bad files, and the round trip
of its drafts through validate."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.extract.propose import EXTRA_COLUMNS, propose
from dashboard.model.data import COLUMNS, load_dataset
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


# Every sentence here is on a subject the project's documents do not treat (the Irish famine,
# the French Revolution, the Western Front, nineteenth-century industry): the rules read English.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 1794, nearly 17,000 people were executed.",
            ("17000", "", "17000", "nearly", "executions", "1794", ""),
        ),
        (
            "Between 1845 and 1849, between one and one and a half million people died.",
            ("", "1000000", "1500000", "range", "deaths", "1845", "1849"),
        ),
        (
            "By 1911 this had risen to 90% of homes.",
            ("90", "", "", "exact", "percent", "1911", ""),
        ),
        ("Coal output rose tenfold in 1870.", ("10", "", "", "exact", "times", "1870", "")),
        (
            "In 1848 three-fifths of the tenants were evicted.",
            ("0.6", "", "", "exact", "share", "1848", ""),
        ),
        (
            "In 1918 the British army had more than 1,000 tanks.",
            ("1000", "1000", "", "more_than", "tanks", "1918", ""),
        ),
        (
            "In 1847 hundreds of thousands of emigrants died on the way.",
            ("", "100000", "", "vague", "deaths", "1847", ""),
        ),
        (
            "In 1870 miners worked about 60 hours a week underground.",
            ("60", "", "", "approx", "hours_per_week", "1870", ""),
        ),
        (
            "In March 1871, 24km of barricades were built.",
            ("24", "", "", "exact", "km", "1871-03", ""),
        ),
        (
            "From July 1936 to March 1939 Italy sent 759 aircraft.",
            ("759", "", "", "exact", "aircraft", "1936-07", "1939-03"),
        ),
        (
            "The union had at least 24,000 members in February 1912.",
            ("24000", "24000", "", "at_least", "members", "1912-02", ""),
        ),
        (
            "The Irish were the majority of the emigrants in 1850.",
            ("0.5", "0.5", "", "more_than", "share", "1850", ""),
        ),
        # "N and a half" is one number: a duration here.
        (
            "In 1793 four and a half months of fighting left the west in ruins.",
            ("4.5", "", "", "exact", "months", "1793", ""),
        ),
    ],
)
def test_each_form_is_drafted_with_its_reading(text, expected):
    (row,) = drafts_of(text)
    assert reading(row) == expected
    assert row["quote"] == text
    assert row["value_text"] in row["quote"]


def test_a_sentence_with_several_figures_and_a_total_gives_one_row_each():
    text = "Nearly 40,000 people (17,000 in 1793 and 20,000 in 1794) were executed."
    rows = drafts_of(text)
    assert [r["value_text"] for r in rows] == ["Nearly 40,000", "17,000", "20,000"]
    assert [r["period_start"] for r in rows[1:]] == ["1793", "1794"]
    assert len({r["id"] for r in rows}) == 3


def test_incidental_mentions_are_drafted_to_dismiss():
    rows = drafts_of(
        "He was exiled for three years. Danton was one of its leaders. "
        "Robespierre twice asked for a vote. The two sides fought. The siege lasted four and a "
        "half months."
    )
    assert [(r["value_text"], r["status"]) for r in rows] == [
        ("three", "dismiss? duration"),
        ("one", "dismiss? incidental_count"),
        ("twice", "dismiss? incidental_count"),
        ("two", "dismiss? incidental_count"),
        ("four and a half", "dismiss? duration"),
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
    assert message in captured.err
    assert str(source) in captured.err


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
    assert len(famine) == 2
    assert famine[0]["claim"] == famine[1]["claim"]
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


def draft_of(text: str, value_text: str) -> dict:
    """The one draft of `text` whose value_text is `value_text`."""
    (row,) = [r for r in drafts_of(text) if r["value_text"] == value_text]
    return row


@pytest.mark.parametrize(
    ("text", "value_text", "status"),
    [
        # A number word capitalised inside a sentence is part of a name.
        ("The Thirteen Colonies declared independence in 1776.", "Thirteen", "part_of_name"),
        ("In 1848 Thousands of tenants were evicted.", "Thousands", "part_of_name"),
        # A second identifier in parentheses after a first.
        ("It is filed as No: 112 (4471) in the archive.", "4471", "part_of_name"),
        # A person's placing, not a rank of a statistic.
        ("She stood in the first position on the list.", "first", "incidental_count"),
        # A number pointing back at things already counted; "the other" counts the rest.
        ("These twelve counties held 37% of the population.", "twelve", "incidental_count"),
        ("The latter three were later guillotined.", "three", "incidental_count"),
        ("In 1793 the other 40,000 escaped across the Loire.", "40,000", "proposed"),
        # A size class, not a count; a range counting the plural after it is a figure.
        ("40% were employed in mills of 1,000+ workers.", "1,000+", "incidental_count"),
        ("42% worked in 100–1,000 worker workshops.", "100–1,000", "incidental_count"),
        ("Estimates of 500,000–700,000 deaths in 1847 are common.", "500,000–700,000", "proposed"),
        ("Historians give figures of 20,000–30,000 victims in 1871.", "20,000–30,000", "proposed"),
        # A distance that places somewhere, and its conversion.
        ("They were held 24 kilometres (15 mi) south of Paris.", "24", "location"),
        ("They were held 24 kilometres (15 mi) south of Paris.", "15", "location"),
        # A majority that states an outcome, or acts as the agent of a passive verb.
        ("Pitt secured a majority in favour of the union.", "a majority", "incidental_count"),
        ("The treaty was rejected by the majority of the deputies.", "the majority of", "rhetoric"),
        (
            "By 1917 a majority of French divisions had refused to attack.",
            "a majority of",
            "proposed",
        ),
        # A small count of people in general with no verb that counts them; a group word.
        ("He had affairs with at least two women.", "at least two", "incidental_count"),
        ("He courted the three men at the heart of the ministry.", "three", "incidental_count"),
        ("He courted the trio at the heart of the ministry.", "the trio", "incidental_count"),
        ("He organised two dockers' strikes.", "two", "incidental_count"),
        ("The other two escaped.", "two", "incidental_count"),
        # An age after a personal pronoun or "who", or written as one; a place before "was" is
        # not a person, and the same words after a plural noun state figures.
        ("He was 23 at the time.", "23", "biographical"),
        ("She was 19 when she married.", "19", "biographical"),
        ("At the age of 12 he left school.", "12", "biographical"),
        ("In 1841 the population of Ireland was 8.2 million.", "8.2 million", "proposed"),
        ("The death toll in Belgium was 40,000.", "40,000", "proposed"),
        ("The shares were 18, 47 and 35 respectively.", "18", "proposed"),
        # Kept: a counting verb after or before the number, ten or more, a hyphened rate.
        ("In 1906 six Liberals and six Unionists were elected.", "six", "proposed"),
        ("In 1916 four men were hanged.", "four", "proposed"),
        ("In 1794 they guillotined four men.", "four", "proposed"),
        ("In 1912 it included ten dockers' representatives.", "ten", "proposed"),
        ("In 1890 a 10-hour workday was the average.", "10", "proposed"),
        ("In 1913 three of the eight members resigned.", "three", "proposed"),
        ("In 1850 the Irish were the majority of the emigrants.", "the majority of", "proposed"),
    ],
)
def test_each_incidental_form_is_drafted_to_dismiss_and_figures_are_kept(text, value_text, status):
    rows = [r for r in drafts_of(text) if r["value_text"] == value_text]
    assert rows, [r["value_text"] for r in drafts_of(text)]
    expected = status if status == "proposed" else f"dismiss? {status}"
    # Every row of the form: "six Liberals and six Unionists" is two rows, each kept.
    assert [r["status"] for r in rows] == [expected] * len(rows)


def test_every_figure_of_a_sentence_has_its_status():
    rows = drafts_of("The shares were 18, 47 and 35 respectively.")
    assert [(r["value_text"], r["status"]) for r in rows] == [
        ("18", "proposed"),
        ("47", "proposed"),
        ("35", "proposed"),
    ]
    rows = drafts_of("In 1906 six Liberals and six Unionists were elected.")
    assert [(r["value_text"], r["unit"], r["status"]) for r in rows] == [
        ("six", "deputies", "proposed"),
        ("six", "deputies", "proposed"),
    ]


def test_a_hyphened_rate_has_a_rate_unit():
    assert draft_of("In 1890 a 10-hour workday was the average.", "10")["unit"] == "hours_per_day"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("In 1916 four men were hanged.", "executions"),
        ("In 1793 the Tribunal executed between 100,000 and 200,000 people.", "executions"),
        ("In 1847 the fever killed at least 30,000 people.", "deaths"),
        ("In 1916 some 60,000 men were wounded.", "casualties"),
        ("In 1940 about 120,000 people were interned.", "prisoners"),
    ],
)
def test_a_counting_verb_before_or_after_the_number_gives_the_unit(text, unit):
    (row,) = drafts_of(text)
    assert (row["unit"], row["status"]) == (unit, "proposed")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Between 1850 and 1910, the city's population grew from 130,000 to 420,000.",
            [("130,000", "1850", ""), ("420,000", "1910", "")],
        ),
        # Each end dated in its own phrase: the date after each number, not the nearer one
        # before it.
        (
            "Steel output soared from 2 million tonnes in 1900 to 5 million tonnes in 1910.",
            [("2 million", "1900", ""), ("5 million", "1910", "")],
        ),
        (
            "Between 1929 and 1932 exports plummeted from 900 to 300 million francs.",
            [("900", "1929", ""), ("300 million", "1932", "")],
        ),
        # A noun of change.
        (
            "Wages saw a fall from 40 to 32 francs between 1929 and 1932.",
            [("40", "1929", ""), ("32", "1932", "")],
        ),
    ],
)
def test_a_change_from_one_number_to_another_is_two_figures_at_the_two_dates(text, expected):
    rows = drafts_of(text)
    assert [(r["value_text"], r["period_start"], r["period_end"]) for r in rows] == expected
    assert {r["qualifier"] for r in rows} == {"exact"}


def test_a_change_reads_each_end_as_one_number():
    rows = drafts_of(
        "Steel output soared from 2 million tonnes in 1900 to 5 million tonnes in 1910."
    )
    assert [(r["value"], r["unit"], r["status"]) for r in rows] == [
        ("2000000", "tonnes", "proposed"),
        ("5000000", "tonnes", "proposed"),
    ]


WAR = "The war broke out in 1914. {} The war ended in 1918."


@pytest.mark.parametrize(
    ("text", "value_text", "period"),
    [
        # The date of the number's own clause, not the nearest one.
        (
            "In 1880 a 12-hour shift was usual, and by 1910 most miners were working 8–9 hours "
            "a day, a change first demanded in 1890.",
            "12",
            ("1880", ""),
        ),
        (
            "In 1880 a 12-hour shift was usual, and by 1910 most miners were working 8–9 hours "
            "a day, a change first demanded in 1890.",
            "8–9",
            ("1910", ""),
        ),
        # A date closing the number's own phrase before a nearer date before it.
        ("The army of 1915 suffered 420,000 casualties in 1916.", "420,000", ("1916", "")),
        # A total followed by its breakdown by date spans the breakdown.
        (
            "Nearly 40,000 people (17,000 in 1793 and 20,000 in 1794) were executed, "
            "according to a study of 1935.",
            "Nearly 40,000",
            ("1793", "1794"),
        ),
        # A multiple comparing two dates spans them.
        (
            "By 1794 inflation had made bread prices rise up to four times what they had been "
            "in 1789.",
            "up to four",
            ("1789", "1794"),
        ),
        ("Bread prices were twice as high in 1794 as in 1789.", "twice", ("1789", "1794")),
        # A number whose sentence dates only another number's clause takes the nearest date.
        (
            "The state printed millions of assignats, and by 1796 prices were four times what "
            "they had been in 1790.",
            "millions",
            ("1796", ""),
        ),
        # Decades.
        ("In the 1840s over 60% of the people were tenants.", "over 60%", ("1840", "1849")),
        (
            "In the early 1840s about 5 million people lived on potatoes.",
            "about 5 million",
            ("1840", "1843"),
        ),
        # A year relative to the one before.
        (
            "The treaty was signed in 1935.\nWhen the war broke out the following year, Italy "
            "sent 759 aircraft.",
            "759",
            ("1936", ""),
        ),
        # An event's start dates a number at that moment; only a total over the whole event runs
        # to the end the text states ("in all", "throughout the war"), or back from it.
        (
            "When the war broke out in 1914, France mobilised 3.7 million men. The war ended in "
            "1918.",
            "3.7 million",
            ("1914", ""),
        ),
        (
            WAR.format("Throughout the war, 1.4 million French soldiers died."),
            "1.4 million",
            ("1914", "1918"),
        ),
        (WAR.format("In all, 1.4 million French soldiers died."), "1.4 million", ("1914", "1918")),
        (
            "The war broke out in 1914. In all, 1.4 million French soldiers died before the war "
            "ended in 1918.",
            "1.4 million",
            ("1914", "1918"),
        ),
        (
            "Fighting broke out in 1919. In total, 40,000 people were killed. The rebels "
            "capitulated in 1921.",
            "40,000",
            ("1919", "1921"),
        ),
        (
            "When the war broke out in 1914, France mobilised 3.7 million men; in all, 1.4 "
            "million French soldiers died. An armistice ended the fighting in November 1918.",
            "1.4 million",
            ("1914", "1918-11"),
        ),
        (
            "When the war broke out in 1914, the army had 1,400,000 men in all. The war ended in "
            "1918.",
            "1,400,000",
            ("1914", ""),
        ),
        # A sentence without a date takes its context's period.
        (
            "In 1845 the relief scheme was launched; it was finished in 1847. Thousands of "
            "labourers built roads.",
            "Thousands",
            ("1845", "1847"),
        ),
        # "During these years": the period the nearest sentence before states, not every date of
        # the paragraph; else the last two dated sentences.
        (
            "In 1841 the population of Ireland was 8.2 million. The famine lasted from 1845 to "
            "1852. During these years about one million people died.",
            "about one million",
            ("1845", "1852"),
        ),
        (
            "In 1841 the population of Ireland was 8.2 million. The famine began in 1845 and "
            "lasted until 1852. In 1849 the workhouses were full. During these years about one "
            "million people died.",
            "about one million",
            ("1845", "1852"),
        ),
        (
            "In 1841 the population of Ireland was 8.2 million. The blight struck in 1845. It "
            "returned in 1846. During these years about 300,000 people emigrated.",
            "about 300,000",
            ("1845", "1846"),
        ),
        (
            "In 1841 the population of Ireland was 8.2 million. The blight destroyed a third of "
            "the crop in 1845 and three-quarters in 1846. During these years about one million "
            "people died. The famine ended in 1852.",
            "about one million",
            ("1845", "1846"),
        ),
        # A date in parentheses is an aside, not the context.
        (
            "By 1850, most weavers worked in mills (unlike 1820). Wages were low for 60% of them.",
            "60%",
            ("1850", ""),
        ),
        # "His regime", "her government": the years the text says that person held power, not
        # the last date before the sentence.
        (
            "Napoleon ruled France from 1799 until his abdication in 1814. After the 1815 "
            "defeat, he was exiled. His regime conscripted about two million men.",
            "about two million",
            ("1799", "1814"),
        ),
        (
            "She was prime minister of the country from 1979 to 1990. Her successor was elected "
            "in 1992. Under her government, over 1,000 coal pits closed.",
            "over 1,000",
            ("1979", "1990"),
        ),
        # A country's "their government" is not a ruler's: the context's date stays.
        (
            "The king reigned from 1643 to 1715. By 1700 the Dutch had lost ground; their "
            "government owed 300 million guilders.",
            "300 million",
            ("1700", ""),
        ),
    ],
)
def test_each_period_form_is_read(text, value_text, period):
    row = draft_of(text, value_text)
    assert (row["period_start"], row["period_end"]) == period


UNSEEN = Path(__file__).parent.parent / "fixtures" / "propose" / "unseen.txt"


@pytest.mark.parametrize(
    ("value_text", "occurrence", "reading", "status"),
    [
        ("8.2 million", 0, ("8200000", "exact", "people", "1841", ""), "proposed"),
        ("about one million", 0, ("1000000", "approx", "deaths", "1845", "1852"), "proposed"),
        ("2 million", 0, ("2000000", "exact", "tonnes", "1900", ""), "proposed"),
        ("5 million", 0, ("5000000", "exact", "tonnes", "1910", ""), "proposed"),
        ("3.7 million", 0, ("3700000", "exact", "people", "1914", ""), "proposed"),
        ("1.4 million", 0, ("1400000", "exact", "soldiers", "1914", "1918"), "proposed"),
        ("four and a half", 0, ("4.5", "exact", "months", "1793", ""), "dismiss? duration"),
        ("four", 0, ("4", "exact", "executions", "1939", ""), "proposed"),
        ("40,000", 0, ("40000", "exact", "rebels", "1793", ""), "proposed"),
        ("twice", 0, ("2", "exact", "times", "1789", "1794"), "proposed"),
    ],
)
def test_a_text_on_other_subjects_is_read(value_text, occurrence, reading, status):
    """A few rows of a text the rules were not written against (see benchmarks/propose_eval.py,
    which scores all of it)."""
    rows = [
        r for r in drafts_of(UNSEEN.read_text(encoding="utf-8")) if r["value_text"] == value_text
    ]
    row = rows[occurrence]
    assert (
        row["value"],
        row["qualifier"],
        row["unit"],
        row["period_start"],
        row["period_end"],
    ) == reading
    assert row["status"] == status
