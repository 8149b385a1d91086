"""The built index: the same answers as the in-memory search, only for its data version, written
whole or not at all, read-only; `build` writes it once and `serve` before it forks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from dashboard.cli import main
from dashboard.model import index as index_module
from dashboard.model.data import load_or_raise
from dashboard.model.filters import FilterIndex, Filters, searchable_texts
from dashboard.model.frame import plot_frame
from dashboard.model.index import (
    build_index,
    default_index_path,
    ensure_index,
    open_index,
    prune_orphans,
)
from dashboard.model.search import TextSearch, use_built_index
from dashboard.server import serve as serve_module
from tests.conftest import GOOD_ROW

QUERIES = [
    "executed",  # a word's other forms: executions, execution
    "executi",  # a word being typed
    "e",  # a letter: a prefix of too many words to complete
    "famine",
    "FAMINE Ukraine",  # several words, any order, any case
    "stalin purge 1937",
    "700,000",  # numbers however written
    "700 000",
    "0.7 million",
    "seven hundred thousand",
    "1.5 million",
    "between 5 and 7 million",
    '"were shot"',  # a phrase, and one being typed
    '"great pur',
    "%",  # no letter or digit: as written
    "–",
    "zzzz-not-a-word",
    "",
]


@pytest.fixture(scope="module")
def dataset(real_data_dir):
    return load_or_raise(real_data_dir)


@pytest.fixture(scope="module")
def built(dataset, tmp_path_factory) -> Path:
    return build_index(dataset, tmp_path_factory.mktemp("index") / "figures.sqlite")


@pytest.fixture
def no_registered_index():
    """Leave no built index registered for the tests that follow."""
    yield
    use_built_index(None)


@pytest.mark.parametrize("query", QUERIES)
def test_the_built_index_answers_as_the_in_memory_search(dataset, built, query):
    texts = searchable_texts(dataset.figures)
    db = open_index(built, dataset.version)
    assert db is not None
    from_file = TextSearch(texts, index=db)
    in_memory = TextSearch(texts)
    np.testing.assert_array_equal(from_file.matches(query), in_memory.matches(query))
    assert from_file.uses_built_index
    assert not in_memory.uses_built_index


def test_the_queries_tell_rows_apart(dataset):
    """The comparison above would pass for a search that found all or nothing: it does not."""
    search = TextSearch(searchable_texts(dataset.figures))
    counts = {q: int(search.matches(q).sum()) for q in QUERIES}
    assert 0 < counts["executed"] < len(search)
    assert 0 < counts["700,000"] < len(search)
    assert 0 < counts['"were shot"'] < counts["executed"] + counts["700,000"]
    assert counts["zzzz-not-a-word"] == 0


def test_the_index_holds_the_figures_and_sources(dataset, built):
    db = open_index(built, dataset.version)
    assert db is not None
    ids = [i for (i,) in db.execute("SELECT id FROM figures ORDER BY position")]
    assert ids == dataset.figures["id"].tolist()
    sources = dict(db.execute("SELECT name, short_title FROM sources"))
    assert sources == {name: d.short_title for name, d in dataset.sources.items()}
    undated = db.execute("SELECT count(*) FROM figures WHERE year_start IS NULL").fetchone()[0]
    assert undated == dataset.figures["year_start"].isna().sum()


def test_a_stale_missing_or_foreign_file_is_not_opened(dataset, built, tmp_path, monkeypatch):
    assert open_index(built, dataset.version) is not None
    assert open_index(built, "0123456789ab") is None  # another data version
    assert open_index(tmp_path / "absent.sqlite", dataset.version) is None
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    assert open_index(garbage, dataset.version) is None
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.close()
    assert open_index(other, dataset.version) is None
    # Built by other code (a new schema or normaliser): stale too.
    monkeypatch.setattr(index_module, "schema_key", lambda: "2-000000000000")
    assert open_index(built, dataset.version) is None


def test_a_read_only_connection_cannot_write(dataset, built):
    before = built.read_bytes()
    db = open_index(built, dataset.version)
    assert db is not None
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("DELETE FROM figures")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("INSERT INTO meta VALUES ('data_version', 'x')")
    assert built.read_bytes() == before


def test_an_index_of_other_texts_is_refused(dataset, built):
    db = open_index(built, dataset.version)
    with pytest.raises(ValueError, match="other texts"):
        TextSearch(["one text", "another"], index=db)


def failing_fill(db: sqlite3.Connection, _texts: list[str]) -> None:
    db.execute("CREATE TABLE half(x)")  # part of the file written, then the build fails
    raise OSError(28, "No space left on device")


def test_a_failed_build_leaves_the_old_file_and_no_other(dataset, tmp_path, monkeypatch):
    path = build_index(dataset, tmp_path / "figures.sqlite")
    old = path.read_bytes()
    monkeypatch.setattr(index_module, "fill_search_tables", failing_fill)
    with pytest.raises(OSError, match="No space"):
        build_index(dataset, path)
    assert path.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["figures.sqlite"]


def test_a_failed_first_build_leaves_no_file(dataset, tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "fill_search_tables", failing_fill)
    with pytest.raises(OSError, match="No space"):
        build_index(dataset, tmp_path / "figures.sqlite")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("no_registered_index")
def test_a_registered_index_serves_the_pages_frame_and_not_others(dataset, real_data_dir, tmp_path):
    path = ensure_index(dataset, real_data_dir, tmp_path / "figures.sqlite")
    assert path == tmp_path / "figures.sqlite"
    page = FilterIndex.of(plot_frame(dataset.figures, dataset.sources))  # as the page's view
    subset = FilterIndex.of(dataset.figures.head(10))
    found = page.mask(Filters(q="executed"))
    subset.mask(Filters(q="executed"))
    use_built_index(None)  # a search looks for a built index on its first query
    own = TextSearch(searchable_texts(dataset.figures))
    np.testing.assert_array_equal(found, own.matches("executed"))
    assert page.text.uses_built_index
    assert not subset.text.uses_built_index  # other texts: an index of its own
    assert not own.uses_built_index


@pytest.mark.usefixtures("no_registered_index")
def test_a_search_reopens_its_file_in_a_forked_process(dataset, built):
    use_built_index(lambda: open_index(built, dataset.version))
    search = TextSearch(searchable_texts(dataset.figures))
    search.matches("famine")
    first = search._db
    search._pid = -1  # as if this were the child of a fork: a connection is never shared
    search.forget()
    search.matches("famine")
    assert search._db is not first
    assert search.uses_built_index


def test_build_writes_once_then_finds_it_current(real_data_dir, tmp_path, capsys):
    path = tmp_path / "sub" / "figures.sqlite"
    argv = ["build", "--data-dir", str(real_data_dir), "--index", str(path)]
    assert main(argv) == 0
    assert "Wrote" in capsys.readouterr().out
    written = path.stat()
    assert main(argv) == 0
    assert "is current" in capsys.readouterr().out
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    assert [p.name for p in path.parent.iterdir()] == ["figures.sqlite"]


def test_build_defaults_to_the_cache_folder(make_data_dir, tmp_path, monkeypatch, capsys):
    data_dir = make_data_dir([GOOD_ROW])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["build", "--data-dir", str(data_dir)]) == 0
    path = default_index_path(data_dir)
    assert path.is_relative_to(tmp_path / "cache" / "figures-dashboard")
    assert path.is_file()
    assert str(path) in capsys.readouterr().out
    assert not any(data_dir.rglob("*.sqlite"))  # the curated folder is left as it was


def test_build_refuses_data_that_does_not_load(make_data_dir, tmp_path, capsys):
    data_dir = make_data_dir([GOOD_ROW])
    (data_dir / "figures.csv").write_text("id,claim\nbroken,\n", encoding="utf-8")
    assert main(["build", "--data-dir", str(data_dir), "--index", str(tmp_path / "x")]) == 1
    assert "nothing was built" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.usefixtures("no_registered_index")
def test_serve_builds_a_stale_index_before_its_workers_start(real_data_dir, tmp_path, monkeypatch):
    path = tmp_path / "figures.sqlite"
    exists_at_run = []
    monkeypatch.setattr(
        serve_module.DashboardServer, "run", lambda _server: exists_at_run.append(path.is_file())
    )
    assert main(["serve", "--data-dir", str(real_data_dir), "--index", str(path)]) == 0
    assert exists_at_run == [True]
    assert open_index(path, load_or_raise(real_data_dir).version) is not None


def test_an_index_whose_data_directory_is_gone_is_removed(dataset, make_data_dir, tmp_path):
    data_dir = make_data_dir([GOOD_ROW])
    folder = tmp_path / "cache"
    kept = build_index(dataset, folder / "figures-kept.sqlite", data_dir)
    gone = build_index(dataset, folder / "figures-gone.sqlite", tmp_path / "deleted")
    unrelated = folder / "notes.sqlite"
    unrelated.write_bytes(b"")
    assert prune_orphans(folder) == [gone]
    assert sorted(folder.iterdir()) == [kept, unrelated]
