"""create_app(data_dir) -> the Dash app: the page, its callbacks and its routes."""

from __future__ import annotations

import logging
from pathlib import Path

import dash
from flask import Flask, Response, request

from dashboard.model.data import DEFAULT_DATA_DIR, Dataset, load_or_raise
from dashboard.model.sources import SourceChanged
from dashboard.server.api import register_api_routes
from dashboard.server.callback_gate import guard_callbacks
from dashboard.server.csv_export import accepts_gzip, export_response
from dashboard.server.embed_page import register_embed_routes
from dashboard.server.figure_page import not_found_page, register_figure_routes
from dashboard.server.precompressed import serve_precompressed
from dashboard.server.security import harden
from dashboard.server.source_page import register_source_routes
from dashboard.server.sources_page import register_sources_page
from dashboard.server.xlsx_export import register_xlsx_route
from dashboard.web.callbacks import View, prefill_layout, register_callbacks
from dashboard.web.layout import TITLE, build_layout
from dashboard.web.origin import CONFIG_KEY as ORIGIN_CONFIG_KEY
from dashboard.web.origin import checked_origin
from dashboard.web.table import defer_grid_script, grid_script_url, register_table_callbacks

LOG = logging.getLogger("dashboard")
# The page's assets: the stylesheet and plotly.js's "basic" bundle (scatter, bar), which dcc.Graph
# uses instead of its full bundle when Plotly is already defined: half the bytes of the first load.
# The page's scripts and stylesheets ship inside the package (a wheel stands alone); the
# repository's top-level assets/ is a link to this folder.
ASSETS_DIR = Path(__file__).resolve().parents[1] / "web" / "assets"


# Dash answers every path with the dashboard (its catch-all serves client-side pages, which this
# app has none of): a path the app does not serve is a 404 instead.
DASH_CATCH_ALL = "/<path:path>"


def refuse_unknown_paths(server: Flask) -> None:
    """A plain 404 page, linking home, for every path no route of the app serves."""

    def unknown_path() -> Response | None:
        rule = request.url_rule
        if rule is not None and rule.rule == DASH_CATCH_ALL:
            return not_found_page(f"The address {request.path[:120]} is not a page of this site.")
        return None

    server.before_request(unknown_path)

    # Dash registers files its packages do not ship (dash_renderer's source map): reading one
    # raised FileNotFoundError, a 500 with a traceback in the log. A missing file is not found.
    def missing_file(_error: FileNotFoundError) -> Response:
        return not_found_page(f"The file {request.path[:120]} is not part of this site.")

    server.register_error_handler(FileNotFoundError, missing_file)

    # A document is read when a page first needs it, checked against the hash it was validated
    # with: edited under a running server, it is refused until serve restarts on the new data.
    def changed_source(error: SourceChanged) -> tuple[str, int, dict[str, str]]:
        LOG.error("%s", error)
        return (
            "A source document changed after the server started; it will be shown again once "
            "the server restarts on the new data.\n",
            503,
            {"Content-Type": "text/plain; charset=utf-8", "Retry-After": "60"},
        )

    server.register_error_handler(SourceChanged, changed_source)


def create_app(
    data_dir: Path | str = DEFAULT_DATA_DIR,
    dataset: Dataset | None = None,
    origin: str | None = None,
) -> dash.Dash:
    """Load and validate `data_dir` (raises DataError listing every problem), then build the app.

    A caller that has already loaded the data (serve, the benchmark) passes it as `dataset`;
    `origin` (checked: scheme://host[:port]) is where citations and permalinks point.
    """
    view = View(dataset if dataset is not None else load_or_raise(data_dir))
    configured_origin = checked_origin(origin) if origin else None
    app = dash.Dash(
        __name__,
        title=TITLE,
        # No "Updating..." title while callbacks run; Dash documents None for this, its type says str.
        update_title=None,  # type: ignore[arg-type]
        assets_folder=str(ASSETS_DIR),
        compress=True,
        # Callbacks are plain functions. Left to itself, Dash 4 dispatches every callback through
        # asyncio in a fresh thread whenever asgiref happens to be installed (Datasette, a
        # benchmark-only dependency, brings it): 2 ms more per request for nothing.
        use_async=False,
        # The table's grid is mounted when the table nears the screen (table.py): callbacks name
        # its ids before it is in the page.
        suppress_callback_exceptions=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    # Screen readers pick their language from <html lang>; Dash's default page omits it.
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    defer_grid_script()
    app.layout = build_layout(view.dataset, view.span, grid_script_url(app))
    prefill_layout(app.layout, view)
    app.server.config[ORIGIN_CONFIG_KEY] = configured_origin
    register_callbacks(app, view)
    register_table_callbacks(app, {name: doc.title for name, doc in view.dataset.sources.items()})
    app.server.add_url_rule(
        "/export.csv",
        "export_csv",
        lambda: export_response(view, request.args, accepts_gzip()),
        methods=["GET"],
    )
    register_xlsx_route(app.server, view)
    register_source_routes(app.server, view.dataset)
    register_sources_page(app.server, view.dataset)
    register_api_routes(app.server, view)
    register_figure_routes(app.server, view)
    register_embed_routes(app.server, view)
    refuse_unknown_paths(app.server)
    guard_callbacks(app)
    harden(app)
    serve_precompressed(app.server)
    return app
