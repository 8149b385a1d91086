"""Shared fixtures: a tiny data directory factory and the real data directory."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import settings

from dashboard.model.data import COLUMNS, DEFAULT_DATA_DIR

# `make test` (and so CI) runs HYPOTHESIS_PROFILE=ci: the same examples every run and the blob to
# replay a failure printed, so a failure found in CI reproduces anywhere. Elsewhere examples vary.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

MINI = Path(__file__).parent / "fixtures" / "mini"  # a 16-row data directory for UI tests
SOURCE_NAME = "tiny.txt"
SOURCE_TEXT = (
    "A tiny source.\n"
    "In 1914 over 30,000 Russian troops were killed or wounded and 90,000 captured.\n"
    "Historians\u00a0estimate that nearly 700,000 (353,074 in 1937 and 328,612 in 1938) were shot.\n"
    "Russia had lost between 1,600,000 and 1,800,000 soldiers by 1916.\n"
    "By 1936 this had risen to 90%. Five to seven million died in the famine.\n"
)
GOOD_ROW = {
    "id": "tiny-tannenberg-captured",
    "claim": "tannenberg-captured",
    "category": "war_losses",
    "measure": "Russian troops captured at Tannenberg",
    "label": "Russian troops captured at Tannenberg",
    "series": "",
    "breakdown": "",
    "value": "90000",
    "value_low": "",
    "value_high": "",
    "qualifier": "exact",
    "value_text": "90,000",
    "unit": "soldiers",
    "period_start": "1914",
    "period_end": "1914",
    "source": SOURCE_NAME,
    "quote": "over 30,000 Russian troops were killed or wounded and 90,000 captured",
    "note": "",
}


# A complete sources.json entry for the tiny source: every required key.
SOURCE_ENTRY = {
    "file": SOURCE_NAME,
    "title": "A tiny source for tests",
    "short_title": "Tiny source",
    "licence": "CC0-1.0",
    "derived_from": [{"work": "A tiny text written for the tests"}],
}


def row(**changes: str) -> dict:
    """GOOD_ROW with some cells changed: a crafted row for a validation test."""
    return GOOD_ROW | changes


def write_csv(path: Path, rows: list[dict], columns: list[str] = COLUMNS) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def make_data_dir(tmp_path: Path):
    """Build a data directory holding `rows` and the tiny source; returns its path."""

    def make(
        rows: list[dict], dismissed: list[dict] | None = None, text: str = SOURCE_TEXT
    ) -> Path:
        data_dir = tmp_path / "data"
        (data_dir / "sources").mkdir(parents=True, exist_ok=True)
        (data_dir / "sources" / SOURCE_NAME).write_text(text, encoding="utf-8")
        write_csv(data_dir / "figures.csv", rows)
        if dismissed is not None:
            write_csv(data_dir / "dismissed.csv", dismissed, ["source", "quote", "reason"])
        return data_dir

    return make


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    return DEFAULT_DATA_DIR


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives a browser (it uses dash_duo) `browser`, so none is missed."""
    for item in items:
        if "dash_duo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
