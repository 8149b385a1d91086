"""Command line: serve, validate, datapackage, export, coverage, propose, build and precompress,
each over a data directory."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.model.data import DEFAULT_DATA_DIR
from dashboard.model.filters import FilterError, filter_figures, parse_query, year_span
from dashboard.model.problems import print_problems
from dashboard.model.safe_files import write_atomically
from dashboard.model.vocabulary import CATEGORIES

if TYPE_CHECKING:
    from dashboard.model.data import Dataset
    from dashboard.model.problems import Problem


def read_data(
    args: argparse.Namespace, only: tuple[str, ...] | None = None
) -> tuple[Dataset | None, list[Problem], bool]:
    """The dataset, its problems, and whether the built index held it (model/index.py): these
    exact files passed this code's checks before, so no row is checked again. `only`: the
    figures' columns the command reads, when it reads few."""
    from dashboard.model.checked import load_through_index

    index, full = getattr(args, "index", None), getattr(args, "full", False)
    return load_through_index(Path(args.data_dir), index, full=full, only=only)


def cmd_validate(args: argparse.Namespace) -> int:
    from dashboard.model.datapackage import datapackage_problems
    from dashboard.model.index import record_index
    from dashboard.server.serve import page_build_error

    dataset, problems, checked_before = read_data(args)
    if dataset is None:
        return print_problems(problems)
    failed = False
    # An index is written only for data whose page was built, by this code: no need again.
    if not checked_before and (error := page_build_error(args.data_dir, dataset)):
        print(
            f"The data validates, but the dashboard cannot be built from it: {error}",
            file=sys.stderr,
        )
        failed = True
    # datapackage.json describes the data: stale, it is one line naming the file and the fix.
    for problem in datapackage_problems(args.data_dir, dataset):
        print(problem, file=sys.stderr)
        failed = True
    if failed:
        return 1
    if not checked_before:  # what passed is remembered: the next run, serve and propose read it
        record_index(dataset, Path(args.data_dir), args.index)
    figures = dataset.figures
    print(
        f"OK: {len(figures)} figures in {figures['claim'].nunique()} claims, "
        f"{figures['category'].nunique()} categories, {len(dataset.sources)} sources, "
        f"{len(dataset.dismissed)} dismissed mentions."
        + (
            f" These files passed these checks before (data version {dataset.version}); "
            "--full checks them again."
            if checked_before
            else ""
        )
    )
    return 0


def cmd_datapackage(args: argparse.Namespace) -> int:
    from dashboard.model.datapackage import write_datapackage

    dataset, problems, _ = read_data(args)
    if dataset is None:
        return print_problems(problems, "nothing was written")
    path = write_datapackage(args.data_dir, dataset)
    print(f"Wrote {path}: figures.csv and dismissed.csv, {len(dataset.sources)} sources.")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from dashboard.extract.coverage import COLUMNS_READ, uncovered_mentions

    dataset, problems, _ = read_data(args, COLUMNS_READ)
    if dataset is None:
        return print_problems(problems)
    remaining, total = uncovered_mentions(dataset)
    for mention in remaining:
        print(mention)
    print(
        f"{total} numeric mentions in the sources; {len(remaining)} neither curated nor dismissed.",
        file=sys.stderr,
    )
    return 1 if remaining else 0


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard.model.export import export_frame, to_csv

    origin = export_origin(args)
    if origin is None:
        return 2
    dataset, problems, _ = read_data(args)
    if dataset is None:
        return print_problems(problems)
    query = {
        "from": args.year_from,
        "to": args.year_to,
        "category": category_keys(args.category) if args.category else None,
        "source": args.source,
        "q": args.q,
    }
    try:
        filters = parse_query(
            {k: v for k, v in query.items() if v is not None}, set(dataset.sources)
        )
    except FilterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    filters = filters.with_span(year_span(dataset.figures))  # as the page and /export.csv do
    selected = filter_figures(dataset.figures, filters)
    frame = export_frame(dataset, selected)
    if args.format == "xlsx":
        from dashboard.model.workbook import MAX_ROWS, to_xlsx

        if len(selected) > MAX_ROWS:  # as /export.xlsx refuses it: openpyxl would take minutes
            print(
                f"error: {len(selected):,} figures match; a spreadsheet holds at most "
                f"{MAX_ROWS:,}: narrow the filters, or export --format csv, which has no limit",
                file=sys.stderr,
            )
            return 1
        body = to_xlsx(dataset, frame, filters, origin, datetime.now(UTC).date())
    else:
        body = to_csv(frame).encode("utf-8")
    return write_output(body, args.output, "the export")


def write_output(body: bytes, output: Path | None, what: str) -> int:
    """`body` to the --output file, whole or not at all (the old file, if any, kept on failure),
    or to stdout; a full disk is one line and exit 1."""
    try:
        if output is not None:
            write_atomically(output, body)
        else:
            sys.stdout.buffer.write(body)
            sys.stdout.flush()  # a full disk shows here, not in Python's silent flush at exit
    except BrokenPipeError:
        raise
    except OSError as error:
        where = f" to {output}" if output is not None else ""
        print(
            f"error: {what} could not be written{where}: {error.strerror or error}", file=sys.stderr
        )
        return 1
    return 0


def export_origin(args: argparse.Namespace) -> str | None:
    """The origin a spreadsheet's links name ('' for a CSV), or None after saying why not."""
    from dashboard.web.origin import OriginError, checked_origin

    if args.format != "xlsx":
        return ""
    if args.output is None and sys.stdout.isatty():
        print(
            "error: a spreadsheet is binary: redirect it to a file (> figures.xlsx)",
            file=sys.stderr,
        )
        return None
    try:
        return checked_origin(args.origin)
    except OriginError as error:
        print(f"error: --origin {error}", file=sys.stderr)
        return None


def category_keys(text: str) -> str:
    """'Famine, war losses' -> 'famine,war_losses': each category by its key or by the label the
    page shows, in any case. Unknown names pass through for parse_query to name."""
    by_name = {key.lower(): key for key in CATEGORIES}
    by_name |= {label.lower(): key for key, label in CATEGORIES.items()}
    names = [part.strip() for part in text.split(",") if part.strip()]
    return ",".join(by_name.get(name.lower(), name) for name in names)


def default_sources() -> str:
    """The default data directory's sources, for --help; '' when its sources.json is unreadable."""
    from dashboard.model.sources import read_metadata

    try:
        described, _ = read_metadata(DEFAULT_DATA_DIR / "sources", DEFAULT_DATA_DIR)
    except OSError:
        return ""
    return "; ".join(f"{name} ({doc.short_title})" for name, doc in sorted(described.items()))


def cmd_propose(args: argparse.Namespace) -> int:
    import csv

    from dashboard.extract.coverage import COLUMNS_READ
    from dashboard.extract.propose import EXTRA_COLUMNS, ProposeError, propose, read_document
    from dashboard.model.checked import read_for_source
    from dashboard.model.data import COLUMNS

    try:
        text = read_document(args.source)
    except ProposeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    name = args.source.name
    # The few rows a current index holds for this document; else the table's five columns.
    dataset = read_for_source(Path(args.data_dir), name)
    if dataset is None:
        dataset, problems, _ = read_data(args, COLUMNS_READ)
        if dataset is None:
            return print_problems(problems, "nothing was proposed")
    described = dataset.sources.get(name)
    furniture = described.furniture_lines if described is not None else []
    drafted = io.StringIO()
    writer = csv.DictWriter(drafted, fieldnames=[*COLUMNS, *EXTRA_COLUMNS], lineterminator="\n")
    writer.writeheader()
    drafts = propose(name, text, dataset, furniture)
    for draft in drafts:
        writer.writerow(
            draft.row
            | {
                "status": draft.status,
                "confidence": draft.confidence,
                "period_from": draft.period_from,
            }
        )
    if status := write_output(drafted.getvalue().encode("utf-8"), args.output, "the drafts"):
        return status
    proposed = sum(d.status == "proposed" for d in drafts)
    print(
        f"{len(drafts)} drafts for {name}: {proposed} proposed, {len(drafts) - proposed} to dismiss?",
        file=sys.stderr,
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    import sqlite3

    from dashboard.model.index import build_index, default_index_path, prune_orphans
    from dashboard.server.serve import page_build_error

    dataset, problems, current = read_data(args)
    if dataset is None:
        return print_problems(problems, "nothing was built")
    path = args.index or default_index_path(args.data_dir)
    if current:  # built for this data by this code: nothing to do
        print(f"{path} is current (data version {dataset.version}); nothing was written.")
        return 0
    if error := page_build_error(args.data_dir, dataset):  # an index vouches for the page too
        print(
            f"The data validates, but the dashboard cannot be built from it: {error}",
            file=sys.stderr,
        )
        return 1
    try:
        build_index(dataset, path, args.data_dir)
        removed = prune_orphans(path.parent)
    except (OSError, sqlite3.Error) as error:
        print(f"error: the index could not be written to {path}: {error}", file=sys.stderr)
        return 1
    for orphan in removed:
        print(f"Removed {orphan}: its data directory is gone.")
    print(
        f"Wrote {path}: {len(dataset.figures)} figures, {len(dataset.sources)} sources, "
        f"data version {dataset.version}."
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.server.serve import serve

    return serve(args)


def cmd_precompress(args: argparse.Namespace) -> int:
    from dashboard.server.app import ASSETS_DIR, create_app
    from dashboard.server.precompressed import cache_dir, precompress, static_files
    from dashboard.server.serve import register_page_resources

    dataset, problems, _ = read_data(args)
    if dataset is None:
        return print_problems(problems)
    app = create_app(args.data_dir, dataset=dataset)
    register_page_resources(app.server)  # Dash lists its bundles once it has served the page
    files = static_files(app, ASSETS_DIR)
    written, kept = precompress(files)
    print(f"{written} compressed, {kept} already in {cache_dir()} ({len(files)} static files)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="figures-dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--data-dir", type=Path, default=DEFAULT_DATA_DIR,
            help="folder holding figures.csv, dismissed.csv and sources/ (default: the repo's data/)",
        )  # fmt: skip
        sub.set_defaults(handler=handler)
        return sub

    add_serve_arguments(command("serve", cmd_serve, "serve the dashboard over HTTP"))
    add_validate_arguments(
        command(
            "validate",
            cmd_validate,
            "check the data; print every problem as FILE:LINE: column: message",
        )
    )
    command(
        "datapackage",
        cmd_datapackage,
        "write datapackage.json (a Frictionless Data Package describing the tables) from the data",
    )
    command(
        "coverage",
        cmd_coverage,
        "list numeric mentions in the sources neither curated nor dismissed",
    )
    add_index_argument(
        command("build", cmd_build, "check the data and write its index, unless it is current")
    )
    command(
        "precompress",
        cmd_precompress,
        "compress the page's scripts and stylesheets once (brotli 11) for serve to send",
    )
    propose_cmd = command(
        "propose",
        cmd_propose,
        "draft figures.csv rows (plus status, confidence and the rule that gave the period) for a text file, as CSV on stdout",
    )
    propose_cmd.add_argument("source", type=Path, help="a UTF-8 text file, anywhere")
    add_output_argument(propose_cmd)
    add_export_arguments(
        command("export", cmd_export, "write the filtered table as CSV (or xlsx) on stdout")
    )
    return parser


def add_export_arguments(export: argparse.ArgumentParser) -> None:
    """export's filters, the same as the page's address: period, categories, source, search."""
    sources = default_sources()
    if sources:
        export.epilog = f"Sources in the default data directory: {sources}."
    export.add_argument(
        "--from", dest="year_from", help="first year (figures overlapping the period)"
    )
    export.add_argument("--to", dest="year_to", help="last year")
    categories = ", ".join(f"{key} ({label})" for key, label in CATEGORIES.items())
    export.add_argument(
        "--category",
        help=f"comma-separated categories, by key or label in any case: {categories}",
    )
    export.add_argument("--source", help="source file name (listed below)")
    export.add_argument("--q", help="text search over measure and quote")
    add_output_argument(export)
    export.add_argument(
        "--format",
        choices=("csv", "xlsx"),
        default="csv",
        help="csv (default) or xlsx: the spreadsheet /export.xlsx gives, to redirect to a file",
    )
    export.add_argument(
        "--origin",
        default="http://127.0.0.1:8050",
        help="xlsx only: the site its citation links name (default: serve's address, "
        "http://127.0.0.1:8050)",
    )


def add_validate_arguments(validate: argparse.ArgumentParser) -> None:
    add_index_argument(validate)
    validate.add_argument(
        "--full",
        action="store_true",
        help="check every row and document again, even when the index says these exact files "
        "passed this code's checks",
    )


def add_index_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--index",
        type=Path,
        help="the built index: the checked tables and the search, one SQLite file (default: one "
        "per data directory under ~/.cache/figures-dashboard/index/, or $XDG_CACHE_HOME)",
    )


def add_output_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o",
        "--output",
        type=Path,
        help="write to FILE instead of stdout: whole or not at all (a temporary file beside it, "
        "then renamed), so a full disk never leaves half a file",
    )


def add_serve_arguments(serve: argparse.ArgumentParser) -> None:
    add_index_argument(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=port_number, default=8050, help="port, 1-65535 (default 8050)"
    )
    serve.add_argument(
        "--workers",
        type=positive_int,
        default=2,
        help="gunicorn worker processes, 1 or more (default 2)",
    )
    serve.add_argument(
        "--origin",
        help="the public address citations and permalinks name, e.g. https://figures.example.org "
        "(default: the address served, http://HOST:PORT)",
    )
    serve.add_argument(
        "--debug",
        action="store_true",
        help="Dash's debug mode with the dev server; never in production",
    )


def port_number(text: str) -> int:
    """A TCP port a server can listen on: 1-65535 (0 would pick one nobody is told of)."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number from 1 to 65535")
    return int(text)


def positive_int(text: str) -> int:
    """A count of one or more."""
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of 1 or more")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; Ctrl-C, a closed pipe (`| head`) and a full disk end it with one line
    (or none) and an exit status, never a traceback."""
    try:
        return run(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python's own flush at exit from
        # raising again on the closed pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def run(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "data_dir", None) == DEFAULT_DATA_DIR and not DEFAULT_DATA_DIR.is_dir():
        # An installed wheel has no data of its own: say where the default points and what to pass.
        print(
            f"error: no data directory at {DEFAULT_DATA_DIR} (the default, which is a checkout's "
            "data/ folder); pass --data-dir DIR, a folder holding figures.csv, dismissed.csv and "
            "sources/",
            file=sys.stderr,
        )
        return 2
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
