"""Property tests: a mutated data directory is always reported with file and line, never a traceback."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.cli import main
from dashboard.model.data import COLUMNS, load_dataset, load_or_raise
from dashboard.model.datapackage import write_datapackage
from tests.conftest import SOURCE_NAME, SOURCE_TEXT, row, write_csv

# A table's problem names its file and line (the header is line 1); a source document's names its
# path, and its line when the problem is inside it.
PROBLEM_LINE = re.compile(r"^((figures|dismissed)\.csv:\d+|sources/[^:]+(:\d+)?): ")
GOOD_ROWS = [
    row(),
    row(id="tiny-range", claim="losses", qualifier="range", value="", value_low="1600000",
        value_high="1800000", value_text="between 1,600,000 and 1,800,000",
        quote="Russia had lost between 1,600,000 and 1,800,000 soldiers by 1916"),
    row(id="tiny-nearly", claim="shot", category="repression", qualifier="nearly", value="700000",
        value_high="700000", value_text="nearly 700,000", quote="nearly 700,000 (353,074 in 1937"),
]  # fmt: skip


def build(root: Path) -> Path:
    data_dir = root / "data"
    (data_dir / "sources").mkdir(parents=True)
    (data_dir / "sources" / SOURCE_NAME).write_text(SOURCE_TEXT, encoding="utf-8")
    write_csv(data_dir / "figures.csv", GOOD_ROWS)
    # validate also checks the data package; the mutations below never touch it.
    write_datapackage(data_dir, load_or_raise(data_dir))
    return data_dir


def rewrite_rows(data_dir: Path, change) -> None:
    rows = [dict(r) for r in GOOD_ROWS]
    change(rows)
    write_csv(data_dir / "figures.csv", rows, columns=list(rows[0]))


def mutate(data_dir: Path, draw) -> bool:
    """Apply one drawn mutation; return whether it must produce a problem."""
    kind = draw(st.sampled_from(MUTATIONS))
    index = draw(st.integers(0, len(GOOD_ROWS) - 1))
    if kind == "missing_source":
        (data_dir / "sources" / SOURCE_NAME).unlink()
        return True
    if kind in ROW_MUTATIONS:
        mutate_rows(kind, data_dir, draw, index)
        return True
    return mutate_file(kind, data_dir / "figures.csv", draw, index)


def mutate_rows(kind: str, data_dir: Path, draw, index: int) -> None:
    """A mutation of the rows' values or columns, written back as well-formed CSV."""
    if kind == "drop_column":
        column = draw(st.sampled_from(["id", "claim", "category", "qualifier", "quote", "source"]))
        rewrite_rows(data_dir, lambda rows: [r.pop(column) for r in rows])
    elif kind == "wrong_type":
        junk = draw(st.text(st.characters(categories=["L", "P", "S"]), min_size=1, max_size=8))
        column = draw(st.sampled_from(["value_low", "value_high", "value"]))
        rewrite_rows(data_dir, lambda rows: rows[index].update({column: junk}))
    elif kind == "impossible_date":
        bad = draw(
            st.sampled_from(["1917-13", "1917-02-30", "17", "1917/02", "1917-00", "next year"])
        )
        column = draw(st.sampled_from(["period_start", "period_end"]))
        rewrite_rows(data_dir, lambda rows: rows[index].update({column: bad}))
    elif kind == "swapped_bounds":
        rewrite_rows(
            data_dir, lambda rows: rows[1].update(value_low="1800000", value_high="1600000")
        )
    elif kind == "duplicate_id":
        rewrite_rows(
            data_dir, lambda rows: rows[index].update(id=rows[(index + 1) % len(rows)]["id"])
        )


def mutate_file(kind: str, path: Path, draw, index: int) -> bool:
    """A mutation of the file's bytes; return whether it must produce a problem."""
    if kind == "rename_column":
        column = draw(st.sampled_from(COLUMNS))
        text = path.read_text().split("\n", 1)
        path.write_text(text[0].replace(column, column.upper(), 1) + "\n" + text[1])
    elif kind == "broken_quoting":
        lines = path.read_text().split("\n")
        line = 1 + index
        cut = draw(st.integers(0, len(lines[line])))
        lines[line] = lines[line][:cut] + '"' + lines[line][cut:] + '"x'
        path.write_text("\n".join(lines))
    elif kind == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        return False
    elif kind == "crlf":
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        return False
    elif kind == "empty_file":
        path.write_bytes(draw(st.sampled_from([b"", b"\n", b"   \n\n"])))
    elif kind == "non_utf8":
        raw = path.read_bytes()
        at = draw(st.integers(0, len(raw)))
        path.write_bytes(
            raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\x80\x80"])) + raw[at:]
        )
    return True


ROW_MUTATIONS = {"drop_column", "wrong_type", "impossible_date", "swapped_bounds", "duplicate_id"}
MUTATIONS = [
    "drop_column", "rename_column", "wrong_type", "impossible_date", "swapped_bounds", "duplicate_id",
    "broken_quoting", "bom", "crlf", "empty_file", "non_utf8", "missing_source",
]  # fmt: skip


def snapshot(data_dir: Path) -> dict:
    return {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_data_is_reported_with_file_and_line(data, capsys):
    root = Path(tempfile.mkdtemp())
    try:
        data_dir = build(root)
        must_fail = mutate(data_dir, data.draw)
        before = snapshot(data_dir)

        _, problems = load_dataset(data_dir)
        code = main(["validate", "--data-dir", str(data_dir)])
        out = capsys.readouterr()
        if not must_fail:
            assert problems == []
            assert code == 0
            assert snapshot(data_dir) == before
            return
        serve_code = main(["serve", "--data-dir", str(data_dir), "--port", "1"])
        serve_out = capsys.readouterr()

        assert snapshot(data_dir) == before  # no command ever writes to the data directory
        assert problems
        assert code == 1
        assert serve_code == 1
        reported = out.err.splitlines()[:-1]
        assert reported == [str(p) for p in problems]
        assert serve_out.err.splitlines()[:-1] == reported  # serve refuses with the same message
        for line in reported:
            assert PROBLEM_LINE.match(line), line
        assert "Traceback" not in out.err + serve_out.err
    finally:
        shutil.rmtree(root)
