"""The real table reads its sentences as issue 26 settled them: rates have rate units, yearly counts
are labelled per year, one "approximately" governs its whole list, dates come from the text, each
figure names who it comes from where the text does, and vague plurals follow one convention."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from dashboard.model.data import DEFAULT_DATA_DIR, load_or_raise
from dashboard.model.numbers import VAGUE, parse_numbers


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_or_raise().figures.set_index("id")


@pytest.fixture(scope="module")
def dismissed() -> dict[tuple[str, str], str]:
    frame = load_or_raise().dismissed
    return {(r["source"], r["quote"]): r["reason"] for _, r in frame.iterrows()}


def period(row: pd.Series) -> tuple[str, str]:
    return row["period_start"], row["period_end"] or row["period_start"]


DOC_000 = "000_d541d214e9d92eda.txt"
DOC_001 = "001_1833e4391a1e2504.txt"


def test_sixteen_people_per_apartment_is_a_rate_not_a_head_count(figures):
    row = figures.loc["000-st-petersburg-people-per-apartment-1904"]
    assert row["unit"] == "people_per_apartment"
    assert row["value"] == 16
    assert "people per apartment" in row["label"].lower()
    assert "people per apartment" in row["measure"].lower()


def test_the_yearly_executions_are_labelled_per_year_not_like_their_total(figures):
    total_label = figures.loc["000-great-purge-executions-archives", "label"]
    yearly = figures.loc[["000-great-purge-executions-1937", "000-great-purge-executions-1938"]]
    assert list(yearly["value"]) == [353074, 328612]
    assert set(yearly["label"]) == {"Executed per year in the Great Purge"}
    assert total_label not in set(yearly["label"])
    assert set(yearly["series"]) == {"great-purge-executions-by-year"}
    assert [period(r) for _, r in yearly.iterrows()] == [("1937", "1937"), ("1938", "1938")]
    # The series holds the two years and nothing else (no total, no running sum).
    series = figures[figures["series"] == "great-purge-executions-by-year"]
    assert sorted(series.index) == sorted(yearly.index)
    assert (figures["series"] == "great-terror-executions-by-year").sum() == 0


def test_the_bolshevik_majority_is_a_share_of_support_not_a_count(figures):
    row = figures.loc["000-bolsheviks-majority-two-cities-1917-09"]
    assert (row["unit"], row["qualifier"], row["value"]) == ("share", "more_than", 0.5)
    assert "share of support" in row["label"].lower()
    assert "share of support" in row["measure"].lower()
    assert "not a count" in row["measure"]


def test_the_industrial_rank_is_undated_before_world_war_one(figures):
    row = figures.loc["000-russia-industrial-rank-before-ww1"]
    assert (row["value_low"], row["value_high"], row["unit"]) == (4, 5, "rank")
    assert row["label"].endswith("before World War I")
    assert (row["period_start"], row["period_end"]) == ("", "")
    assert "gives no year" in row["note"]


def test_the_caucasus_deportations_take_the_sections_span(figures):
    section = period(figures.loc["000-deportations-1941-1949"])
    assert section == ("1941", "1949")
    for rid in ("000-caucasus-deported-peoples", "000-caucasus-crimea-deportees"):
        row = figures.loc[rid]
        assert period(row) == section, rid
        assert "gives no year" in row["note"], rid


def test_the_order_00447_executions_run_from_signing_to_the_end_of_the_purge(figures):
    for rid in ("000-order-00447-executions", "001-order-00447-executions"):
        row = figures.loc[rid]
        assert (row["value"], row["period_start"], row["period_end"]) == (
            75950,
            "1937-07",
            "1938-11",
        )
        assert "does not say when the 75,950 executions took place" in row["note"], rid
    # The list is the order's, as signed: its month alone.
    for rid in ("000-order-00447-arrest-list", "001-order-00447-arrest-list"):
        assert period(figures.loc[rid]) == ("1937-07", "1937-07"), rid


def test_one_approximately_governs_700000_shot(figures):
    row = figures.loc["000-great-purge-executions"]
    quote = " ".join(row["quote"].split())  # a no-break space follows the citation marker
    assert "approximately 1.6 million people were arrested,[427] 700,000 were shot" in quote
    assert (row["qualifier"], row["value"], row["value_text"]) == ("approx", 700000, "700,000")
    assert math.isnan(row["value_low"])
    assert math.isnan(row["value_high"])
    assert figures.loc["000-great-purge-arrests", "qualifier"] == "approx"


def test_the_nkvd_carried_out_the_authorised_murders(figures):
    row = figures.loc["000-nkvd-authorised-murders"]
    assert row["label"] == "Authorised murders carried out by the NKVD"
    assert "carried out by the NKVD" in row["measure"]
    assert "authorised by the NKVD" not in row["label"] + row["measure"]


def test_the_coup_majority_is_a_vote_share_not_an_incidental_count(figures, dismissed):
    assert (DOC_001, "secured a majority in favour of a coup") not in dismissed
    row = figures.loc["001-bolshevik-cc-coup-majority-1917-10"]
    assert (row["value_text"], row["qualifier"], row["value"], row["unit"]) == (
        "a majority", "more_than", 0.5, "share",
    )  # fmt: skip
    assert period(row) == ("1917-10", "1917-10")
    assert "secured a majority in favour of a coup" in row["quote"]
    # The other document's count of the same vote stays in votes, its own claims.
    assert figures.loc["000-bolshevik-cc-insurrection-vote-for", "unit"] == "votes"
    assert row["claim"] != figures.loc["000-bolshevik-cc-insurrection-vote-for", "claim"]


@pytest.mark.parametrize(
    ("source", "quote", "reason"),
    [
        (DOC_000, "24 kilometres (15\u00a0mi)", "location"),
        (DOC_000, "rejected by the majority of Lysenko's scientific peers", "incidental_count"),
        (DOC_001, "rejected by the majority of Lysenko's scientific peers", "incidental_count"),
        (DOC_000, "the NEP was felt by Stalin and the majority of the Communist Party", "incidental_count"),
        (DOC_000, "an oligarchic one-party regime", "incidental_count"),
        (DOC_001, "created a one-party state", "incidental_count"),
        (DOC_000, "One year later, the Tsar and his entire family were executed", "date_fragment"),
        (DOC_000, "Less than one year later", "date_fragment"),
        (DOC_000, "Widely considered one of the 20th century's most significant figures", "incidental_count"),
    ],
)  # fmt: skip
def test_dismissal_reasons_are_the_closest_the_readme_defines(dismissed, source, quote, reason):
    assert dismissed[(source, quote)] == reason


def test_rhetoric_is_kept_for_numbers_in_quoted_speech_only(dismissed):
    """README: `rhetoric` is a number in quoted speech; each such dismissal quotes or sits in a quote."""
    texts = {
        name: (DEFAULT_DATA_DIR / "sources" / name).read_text(encoding="utf-8")
        for name in (DOC_000, DOC_001)
    }
    for (source, quote), reason in dismissed.items():
        if reason != "rhetoric":
            continue
        text = texts[source]
        at = text.find(quote)
        line_start = text.rfind("\n", 0, at) + 1
        before = text[line_start:at]
        previous = text[text.rfind("\n", 0, max(line_start - 2, 0)) + 1 : line_start].strip()
        # Inside a quotation: an odd count of quote marks before it on its line, a line of its own
        # (Stalin's February 1931 speech), a block quotation after a colon (Hoffmann's "sums up
        # the consensus of scholars:"), or a quote that opens with a quote mark.
        quoted = (
            before.count('"') % 2 == 1
            or before == ""
            or previous.endswith(":")
            or quote.startswith('"')
        )
        assert quoted, (source, quote)


EXPECTED_ASSERTED_BY = {
    "000-st-petersburg-people-per-room-1904": "1904 survey",
    "000-st-petersburg-people-per-apartment-1904": "1904 survey",
    "000-st-petersburg-women-food-line-hours": "unnamed reports",
    "000-petrograd-reliable-troops-1917": "Ian Beckett, historian",
    "000-religious-respondents-1937-census": "1937 census",
    "001-religious-respondents-1937-census": "1937 census",
    "000-great-purge-executions-1937": "historians, from Soviet archives",
    "000-great-purge-executions-1938": "historians, from Soviet archives",
    "000-great-purge-executions-archives": "historians, from Soviet archives",
    "000-deportations-1941-1949": "unnamed estimates",
    "000-deportees-death-share": "unnamed estimates",
    "000-deportees-died-en-route": "unnamed estimates",
    "000-gulag-throughput-1929-1953": "official Soviet estimates",
    "000-deported-exiled-1929-1953": "official Soviet estimates",
    "000-gulag-deaths-1930-1953": "emergent scholarly consensus",
    "000-russia-industrial-rank-before-ww1": "Robert Conquest",
}


def test_asserted_by_names_exactly_the_authorities_the_text_names(figures):
    named = figures.loc[figures["asserted_by"] != "", "asserted_by"].to_dict()
    assert named == EXPECTED_ASSERTED_BY


@pytest.mark.parametrize(
    "rid",
    [
        "000-petrograd-garrison-troops-1917",  # Beckett's paragraph, the document's own figure
        "000-great-purge-executions",  # "700,000 were shot": no one named
        "000-great-purge-executions-l14",
        "001-famine-1932-33-deaths",
        "000-caucasus-crimea-deportees",
        "000-stalin-proscription-lists",
    ],
)
def test_figures_in_the_documents_own_voice_name_no_authority(figures, rid):
    assert figures.loc[rid, "asserted_by"] == ""


def test_every_authority_stands_in_the_quotes_paragraph(figures):
    dataset = load_or_raise()
    for rid, row in figures[figures["asserted_by"] != ""].iterrows():
        text = dataset.sources[row["source"]].text
        start = int(row["quote_start"])
        paragraph = text[text.rfind("\n", 0, start) + 1 : text.find("\n", start)].lower()
        who = row["asserted_by"]
        if who.startswith("unnamed "):
            assert who.split()[1][:6] in paragraph, rid
        else:
            assert who.split(",")[0].lower() in paragraph, rid


def vague_plural(value_text: str) -> str | None:
    """The vague plural a value_text states ("many thousands" -> "thousands"), or None."""
    words = re.sub(r"^many\s+", "", " ".join(value_text.lower().split()))
    return words if words in VAGUE else None


def test_every_vague_plural_follows_the_one_convention(figures):
    rows = figures[figures["value_text"].map(vague_plural).notna()]
    assert len(rows) >= 18  # every "hundreds", "thousands", "millions", "scores" in the two texts
    for rid, row in rows.iterrows():
        floor = VAGUE[vague_plural(row["value_text"])]
        assert row["qualifier"] == "vague", rid
        assert row["value_low"] == floor, rid
        assert math.isnan(row["value"]), rid
        assert math.isnan(row["value_high"]), rid
        assert f'Vague plural "{row["value_text"].lower()}": floor {floor:,}' in row["note"], rid
    # And no other row is vague: the qualifier is the convention's alone.
    assert set(figures.index[figures["qualifier"] == "vague"]) == set(rows.index)


def test_the_readme_states_the_convention_with_the_parsers_floors():
    text = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = text.split("### Vague plurals", 1)[1].split("\n### ", 1)[0]
    for words, floor in VAGUE.items():
        match = re.search(rf'^\s*\| "{words}" \| ([\d,]+)', section, flags=re.MULTILINE)
        assert match is not None, words
        assert int(match.group(1).replace(",", "")) == floor == parse_numbers(words)[0], words
    assert '"many thousands" is 1,000' in section
