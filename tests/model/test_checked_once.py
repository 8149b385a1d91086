"""Data checked once: a current index gives the very dataset validation built, without checking a
row or reading a document; any changed file, or other code, is validated again; a document edited
afterwards is refused, never shown with stale positions; few texts are kept at once."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.extract.coverage import COLUMNS_READ, uncovered_mentions
from dashboard.extract.propose import propose
from dashboard.model import checked as checked_module
from dashboard.model import data as data_module
from dashboard.model import index as index_module
from dashboard.model.checked import load_lean, load_through_index, read_for_source
from dashboard.model.data import load_or_raise
from dashboard.model.index import build_index, record_index, schema_key
from dashboard.model.sources import ResidentTexts, SourceChanged, SourceDocument
from dashboard.server.app import create_app
from tests.conftest import GOOD_ROW, SOURCE_NAME

DOCUMENT_FIELDS = (
    "title", "short_title", "description", "licence", "url", "furniture_lines", "derived_from",
    "described_in", "digest",
)  # fmt: skip


@pytest.fixture
def data_dir(real_data_dir, tmp_path) -> Path:
    """A copy of the real data: its files can be edited."""
    return Path(shutil.copytree(real_data_dir, tmp_path / "data"))


@pytest.fixture
def indexed(data_dir, tmp_path) -> Path:
    return build_index(load_or_raise(data_dir), tmp_path / "figures.sqlite", data_dir)


def never_validate(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("validated again")

    monkeypatch.setattr(data_module, "validate_figures", refuse)
    monkeypatch.setattr(data_module, "load_sources", refuse)


def test_a_current_index_gives_the_dataset_validation_built(data_dir, indexed, monkeypatch):
    validated = load_or_raise(data_dir)
    never_validate(monkeypatch)
    dataset, problems, from_index = load_through_index(data_dir, indexed)
    assert (problems, from_index) == ([], True)
    assert dataset is not None
    pd.testing.assert_frame_equal(dataset.figures, validated.figures)
    pd.testing.assert_frame_equal(dataset.dismissed, validated.dismissed)
    assert dataset.version == validated.version
    assert list(dataset.sources) == list(validated.sources)
    for name, document in dataset.sources.items():
        assert document.loaded_text is None  # not read until a page asks
        for field in DOCUMENT_FIELDS:
            assert getattr(document, field) == getattr(validated.sources[name], field), field
        assert document.text == validated.sources[name].text
        assert document.loaded_text is not None


def test_the_page_is_built_from_it_as_from_validation(data_dir, indexed):
    """The served page, a source page and a figure's citation, from the index's dataset."""
    dataset, _, from_index = load_through_index(data_dir, indexed)
    assert from_index
    assert dataset is not None
    client = create_app(data_dir, dataset=dataset).server.test_client()
    reference = create_app(data_dir, dataset=load_or_raise(data_dir)).server.test_client()
    first = dataset.figures.iloc[0]
    pages = ("/", "/_dash-layout", f"/source/{first['source']}", f"/figure/{first['id']}")
    for path in (*pages, "/api/figures.json"):
        answer, expected = client.get(path), reference.get(path)
        assert answer.status_code == expected.status_code == 200, path
        assert answer_text(answer.data) == answer_text(expected.data), path


def answer_text(data: bytes) -> str:
    """A page without the token Dash draws at random for each app."""
    return re.sub(r'"end_id":"[^"]*"', '"end_id":""', data.decode("utf-8"))


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.joinpath("figures.csv").write_text(
            d.joinpath("figures.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8"
        ),
        lambda d: d.joinpath("dismissed.csv").write_bytes(
            d.joinpath("dismissed.csv").read_bytes().replace(b"\n", b"\r\n")
        ),
        lambda d: next(d.glob("sources/*.txt")).write_text("changed", encoding="utf-8"),
        lambda d: d.joinpath("sources", "extra.txt").write_text("new", encoding="utf-8"),
    ],
    ids=["figures", "dismissed", "a document", "a new document"],
)
def test_any_changed_file_is_validated_again(data_dir, indexed, edit):
    edit(data_dir)
    dataset, problems, from_index = load_through_index(data_dir, indexed)
    assert not from_index
    assert (dataset is None) == bool(problems)


def test_other_code_or_full_validates_again(data_dir, indexed, monkeypatch):
    assert load_through_index(data_dir, indexed, full=True)[2] is False
    monkeypatch.setattr(index_module, "schema_key", lambda: schema_key() + "-changed")
    monkeypatch.setattr(checked_module, "schema_key", index_module.schema_key)
    assert load_through_index(data_dir, indexed)[2] is False


def test_a_document_edited_under_a_server_is_refused(data_dir, indexed):
    dataset, _, _ = load_through_index(data_dir, indexed)
    assert dataset is not None
    name, document = next(iter(dataset.sources.items()))
    path = data_dir / "sources" / name
    path.write_text(path.read_text(encoding="utf-8").replace("1937", "1938"), encoding="utf-8")
    with pytest.raises(SourceChanged, match="changed since it was validated"):
        _ = document.text
    app = create_app(data_dir, dataset=dataset)
    answer = app.server.test_client().get(f"/source/{name}")
    assert answer.status_code == 503
    assert b"restarts" in answer.data
    assert b"Traceback" not in answer.data


def test_validate_checks_once_then_says_so(make_data_dir, tmp_path, capsys, monkeypatch):
    data_dir = make_data_dir([GOOD_ROW])
    index = tmp_path / "figures.sqlite"
    argv = ["validate", "--data-dir", str(data_dir), "--index", str(index)]
    assert main(["datapackage", "--data-dir", str(data_dir)]) == 0
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert "OK: 1 figures" in first
    assert "passed these checks before" not in first
    assert index.is_file()
    assert main(argv) == 0
    assert "passed these checks before" in capsys.readouterr().out
    # --full checks every row: a check made stricter since is applied.
    monkeypatch.setattr(data_module, "LABEL_MAX", 3)
    assert main([*argv, "--full"]) == 1
    assert "figures.csv:2: label" in capsys.readouterr().err
    (data_dir / "sources" / SOURCE_NAME).write_text("no figures here\n", encoding="utf-8")
    assert main(argv) == 1  # a changed document: the quote is looked for again
    assert "not found" in capsys.readouterr().err


def test_few_texts_are_kept_at_once(tmp_path):
    documents = []
    for number in range(5):
        path = tmp_path / f"d{number}.txt"
        path.write_text(str(number) * 10, encoding="utf-8")
        documents.append(SourceDocument(file=path.name, path=path, root=tmp_path))
    kept = ResidentTexts(limit=25)
    for document in documents:
        document.loaded_text = document.read_again()
        kept.admit(document)
    assert [d.loaded_text is not None for d in documents] == [False, False, False, True, True]
    assert documents[0].text == "0" * 10  # read again when asked


def test_propose_and_coverage_read_a_few_columns_and_answer_the_same(data_dir, indexed):
    full = load_or_raise(data_dir)
    partial, _, from_index = load_through_index(data_dir, indexed, only=COLUMNS_READ)
    assert from_index
    assert partial is not None
    assert list(partial.figures.columns) == [c for c in full.figures.columns if c in COLUMNS_READ]
    assert uncovered_mentions(partial) == uncovered_mentions(full)
    name = next(iter(full.sources))
    text = full.sources[name].text
    assert [d.row for d in propose(name, text, partial)] == [
        d.row for d in propose(name, text, full)
    ]
    # The new text of a document the table cites: its curated rows are not proposed again.
    assert len(propose(name, text, partial)) < len(propose(name, text + " ", partial))


def test_a_server_validates_in_a_child_and_keeps_only_the_index(data_dir, tmp_path):
    index = tmp_path / "lean.sqlite"
    checked_in = tmp_path / "checked-in.txt"

    def page_check(_data_dir, _dataset):
        checked_in.write_text(str(os.getpid()))
        return None

    dataset, problems = load_lean(data_dir, index, page_check)
    assert problems == []
    assert dataset is not None
    assert int(checked_in.read_text()) != os.getpid()  # validated and checked in another process
    assert index.is_file()
    assert all(d.loaded_text is None for d in dataset.sources.values())  # read from the index
    pd.testing.assert_frame_equal(dataset.figures, load_or_raise(data_dir).figures)


def test_a_page_that_cannot_be_built_writes_no_index(data_dir, tmp_path):
    index = tmp_path / "lean.sqlite"
    dataset, problems = load_lean(data_dir, index, lambda *_: "ValueError: no chart")
    assert dataset is None
    assert [p.message for p in problems] == [
        "the data validates, but the dashboard cannot be built from it: ValueError: no chart"
    ]
    assert not index.exists()
    (data_dir / "figures.csv").write_text("id\n", encoding="utf-8")
    dataset, problems = load_lean(data_dir, index)
    assert dataset is None
    assert any(p.file == "figures.csv" for p in problems)


def test_propose_reads_only_its_documents_rows_while_no_file_changed(data_dir, tmp_path):
    index = tmp_path / "figures.sqlite"
    full = load_or_raise(data_dir)
    record_index(full, data_dir, index)
    name = next(iter(full.sources))
    text = full.sources[name].text
    part = read_for_source(data_dir, name, index)
    assert part is not None
    assert set(part.figures["source"]) == {
        name
    }  # the real ids all start with their source's prefix
    assert len(part.figures) == (full.figures["source"] == name).sum() < len(full.figures)
    assert part.version == full.version
    assert [d.row for d in propose(name, text, part)] == [d.row for d in propose(name, text, full)]
    unknown = read_for_source(data_dir, "new.txt", index)
    assert unknown is not None
    assert unknown.sources == {}
    assert len(unknown.figures) == 0
    # Touched, even with the same bytes: the index may be stale, so the table is read.
    figures = data_dir / "figures.csv"
    figures.write_bytes(figures.read_bytes())
    os.utime(figures, ns=(1, 1))
    assert read_for_source(data_dir, name, index) is None
