"""Limits that fit a large corpus: a document described in a file of its own (sources/<name>.json)
beside or instead of sources.json, and every file's size checked before any file is read."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.model import safe_files
from dashboard.model.data import DEFAULT_DATA_DIR, load_dataset
from dashboard.model.datapackage import DATAPACKAGE_FILE, datapackage_problems
from dashboard.model.sources import read_metadata
from tests.conftest import GOOD_ROW, SOURCE_ENTRY, SOURCE_NAME

OVER_ANY_CAP = 2**31  # bytes: a sparse file this long is over every cap, and takes no disk space
OTHER_ENTRY = SOURCE_ENTRY | {
    "file": "other.txt",
    "title": "Another document for tests",
    "short_title": "Other",
    "licence": "CC-BY-SA-4.0",
}


def write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value), encoding="utf-8")


def refused(data_dir: Path) -> list[str]:
    dataset, problems = load_dataset(data_dir)
    assert dataset is None, "the data should have been refused"
    return [str(problem) for problem in problems]


def sparse(path: Path, size: int = OVER_ANY_CAP) -> None:
    """A file of `size` bytes that holds no data on disk: reading it would take seconds."""
    path.unlink(missing_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every file load_dataset reads: each read goes through safe_files.read_regular_bytes."""
    read: list[Path] = []
    original = safe_files.read_regular_bytes

    def recording(path: Path, *args: object, **kwargs: object) -> bytes:
        read.append(Path(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(safe_files, "read_regular_bytes", recording)
    return read


@pytest.mark.parametrize(
    "entry", [SOURCE_ENTRY, {k: v for k, v in SOURCE_ENTRY.items() if k != "file"}]
)
def test_a_document_described_in_a_file_of_its_own_is_loaded(make_data_dir, entry):
    data_dir = make_data_dir([GOOD_ROW])
    write_json(data_dir / "sources" / "tiny.json", entry)  # "file" given, or left out: implied
    dataset, problems = load_dataset(data_dir)
    assert problems == []
    assert dataset is not None
    document = dataset.sources[SOURCE_NAME]
    assert (document.title, document.short_title, document.licence) == (
        "A tiny source for tests",
        "Tiny source",
        "CC0-1.0",
    )
    assert [work.work for work in document.derived_from] == ["A tiny text written for the tests"]


def test_files_of_their_own_and_sources_json_describe_documents_together(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    (data_dir / "sources" / "other.txt").write_text("Another text.\n", encoding="utf-8")
    write_json(data_dir / "sources" / "sources.json", [SOURCE_ENTRY])
    write_json(data_dir / "sources" / "other.json", OTHER_ENTRY)
    dataset, problems = load_dataset(data_dir)
    assert problems == []
    assert dataset is not None
    assert {name: d.title for name, d in dataset.sources.items()} == {
        SOURCE_NAME: "A tiny source for tests",
        "other.txt": "Another document for tests",
    }
    assert dataset.sources["other.txt"].licence == "CC-BY-SA-4.0"
    # What the command line's --help lists reads both forms too.
    described, _ = read_metadata(data_dir / "sources", data_dir)
    assert sorted(described) == ["other.txt", SOURCE_NAME]


def test_a_document_described_twice_is_refused_naming_both_places(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    (data_dir / "sources" / "other.txt").write_text("Another text.\n", encoding="utf-8")
    write_json(data_dir / "sources" / "sources.json", [OTHER_ENTRY, SOURCE_ENTRY])
    write_json(data_dir / "sources" / "tiny.json", SOURCE_ENTRY)
    assert refused(data_dir) == [
        "sources/tiny.json: tiny.txt is described twice: here and in sources/sources.json at "
        "[1]; keep one"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (json.dumps(SOURCE_ENTRY | {"title": 5}), "sources/tiny.json: title: Input should be a"),
        (
            json.dumps(SOURCE_ENTRY | {"derived_from": [{"as_of": "2018"}]}),
            "sources/tiny.json: derived_from[0].work: Field required",
        ),
        (
            json.dumps(SOURCE_ENTRY | {"furniture_lines": [3, -1]}),
            "sources/tiny.json: furniture_lines[1]: Input should be greater than 0",
        ),
        (json.dumps(SOURCE_ENTRY | {"titel": "x"}), "sources/tiny.json: titel: Extra inputs"),
        (json.dumps([SOURCE_ENTRY]), "sources/tiny.json: Input should be an object"),
        ("{", "sources/tiny.json: Invalid JSON"),
        (
            json.dumps(SOURCE_ENTRY)[:-1] + ', "licence": "All rights reserved"}',
            "sources/tiny.json: licence: is given twice in one object; keep one",
        ),
        (
            json.dumps(SOURCE_ENTRY | {"file": "other.txt"}),
            "sources/tiny.json: file: is other.txt, but tiny.json describes tiny.txt; give "
            "tiny.txt or omit it",
        ),
        (
            json.dumps(SOURCE_ENTRY | {"short_title": "S" * 33}),
            "sources/tiny.json: short_title: tiny.txt: is 33 characters long; at most 32",
        ),
    ],
    ids=[
        "title-number",
        "work-missing",
        "negative-line",
        "unknown-key",
        "a-list",
        "broken-json",
        "key-twice",
        "another-file",
        "long-short-title",
    ],
)
def test_a_malformed_file_of_its_own_is_refused_naming_it_and_the_json_path(
    make_data_dir, text, expected
):
    data_dir = make_data_dir([GOOD_ROW])
    (data_dir / "sources" / "tiny.json").write_text(text, encoding="utf-8")
    assert any(problem.startswith(expected) for problem in refused(data_dir)), refused(data_dir)


def test_a_file_of_its_own_without_its_document_is_refused(make_data_dir):
    data_dir = make_data_dir([GOOD_ROW])
    write_json(data_dir / "sources" / "absent.json", SOURCE_ENTRY | {"file": "absent.txt"})
    assert refused(data_dir) == [
        "sources/absent.json: file: absent.txt is described but not in sources/"
    ]


def test_an_oversize_table_is_refused_before_any_file_is_read(make_data_dir, reads):
    data_dir = make_data_dir([GOOD_ROW])
    write_json(data_dir / "sources" / "sources.json", [SOURCE_ENTRY])
    sparse(data_dir / "figures.csv")
    problems = refused(data_dir)
    assert reads == []  # not sources.json, not tiny.txt: the sizes alone refused it
    assert problems == [
        f"figures.csv: is {OVER_ANY_CAP:,} bytes; at most {safe_files.MAX_FILE_BYTES:,} are read; "
        "check it is the table and not an export or a file with something appended; a larger "
        "table needs MAX_FILE_BYTES raised in dashboard/model/safe_files.py, and about 6 KB of "
        "memory a row"
    ]


def test_every_oversize_file_is_listed_with_its_size_its_cap_and_what_to_do(make_data_dir, reads):
    data_dir = make_data_dir([GOOD_ROW], dismissed=[])
    sources = data_dir / "sources"
    (sources / "other.txt").write_text("Another text.\n", encoding="utf-8")
    for path in [data_dir / "figures.csv", data_dir / "dismissed.csv", sources / "sources.json"]:
        sparse(path)
    sparse(sources / "tiny.json", 64 * 2**10 + 1)
    sparse(sources / "big.txt", 200 * 2**20 + 1)
    problems = refused(data_dir)
    assert reads == []
    assert [problem.split(":")[0] for problem in problems] == [
        "figures.csv",
        "dismissed.csv",
        "sources/sources.json",
        "sources/tiny.json",
        "sources/big.txt",
    ]
    assert problems[2] == (
        f"sources/sources.json: is {OVER_ANY_CAP:,} bytes; at most 1,048,576 are read; split it: "
        "one sources/<name>.json per document, beside its <name>.txt"
    )
    assert problems[3].startswith("sources/tiny.json: is 65,537 bytes; at most 65,536 are read; ")
    assert problems[4] == (
        "sources/big.txt: is 209,715,201 bytes; at most 209,715,200 are read; split the document "
        "into parts, one .txt each"
    )


def test_only_the_files_loading_would_read_are_measured(make_data_dir, reads):
    data_dir = make_data_dir([GOOD_ROW])
    outside = data_dir.parent / "outside.csv"
    sparse(outside)
    (data_dir / "figures.csv").unlink()
    # A link out, a FIFO and a misnamed file are refused by the reading, as what they are; a
    # link's target is never measured, so its size is not told.
    (data_dir / "figures.csv").symlink_to(outside)
    os.mkfifo(data_dir / "sources" / "pipe.txt")  # os.stat of a FIFO does not block
    sparse(data_dir / "sources" / "two\nlines.txt")
    sparse(data_dir / "sources" / "big.txt", 200 * 2**20 + 1)
    problems = refused(data_dir)
    assert reads == []
    assert [problem.split(":")[0] for problem in problems] == ["sources/big.txt"]


def test_an_oversize_sources_json_says_to_split_it_wherever_it_is_read(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    sparse(sources / "sources.json", 2**20 + 1)
    described, problems = read_metadata(sources, tmp_path)  # as --help reads it, without the check
    assert described == {}
    assert [str(p) for p in problems] == [
        "sources/sources.json: is 1,048,577 bytes; at most 1,048,576 are read; split it: one "
        "sources/<name>.json per document, beside its <name>.txt"
    ]


@pytest.fixture
def split_copy(tmp_path: Path) -> Path:
    """The real data directory with sources.json split: one sources/<name>.json per document."""
    data_dir = Path(shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data"))
    listed = data_dir / "sources" / "sources.json"
    for entry in json.loads(listed.read_text(encoding="utf-8")):
        name = entry.pop("file").removesuffix(".txt")
        write_json(data_dir / "sources" / f"{name}.json", entry)
    listed.unlink()
    return data_dir


def test_the_real_data_split_per_document_keeps_its_datapackage_current(split_copy, capsys):
    dataset, problems = load_dataset(split_copy)
    assert problems == []
    assert dataset is not None
    assert datapackage_problems(split_copy, dataset) == []
    before = (split_copy / DATAPACKAGE_FILE).read_bytes()
    assert main(["datapackage", "--data-dir", str(split_copy)]) == 0
    assert (split_copy / DATAPACKAGE_FILE).read_bytes() == before
    capsys.readouterr()
    assert main(["validate", "--data-dir", str(split_copy)]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_a_changed_file_of_its_own_makes_the_datapackage_stale_and_changes_the_version(split_copy):
    dataset, _ = load_dataset(split_copy)
    assert dataset is not None
    path = next((split_copy / "sources").glob("*.json"))
    entry = json.loads(path.read_text(encoding="utf-8"))
    write_json(path, entry | {"licence": "CC0-1.0"})
    changed, problems = load_dataset(split_copy)
    assert problems == []
    assert changed is not None
    assert changed.version != dataset.version
    [stale] = datapackage_problems(split_copy, changed)
    assert str(stale).startswith("datapackage.json: is out of date at sources[")


def test_the_table_cap_fits_a_million_rows_like_the_real_ones():
    table = DEFAULT_DATA_DIR / "figures.csv"
    with table.open(newline="", encoding="utf-8") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1  # the header
    assert 1_000_000 * table.stat().st_size / rows <= safe_files.MAX_FILE_BYTES
