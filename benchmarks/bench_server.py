"""A server for the benchmark: the real app (optionally on a synthetic table) or the floor page.

Runs with the same gunicorn settings as `figures-dashboard serve`, plus one trivial callback, so the
benchmark can compare the filter callback with Dash's own floor in the same process.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from dash import Dash, Input, Output, dcc, html

from dashboard.model.data import DEFAULT_DATA_DIR, Dataset, load_or_raise
from dashboard.model.vocabulary import CATEGORIES
from dashboard.server.serve import DashboardServer, gunicorn_options

FLOOR_IN, FLOOR_OUT = "bench-floor-in", "bench-floor-out"
ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def synthetic_dataset(rows: int, seed: int = 0) -> Dataset:
    """The real table stretched to `rows` rows with spread values, periods and categories."""
    real = load_or_raise(DEFAULT_DATA_DIR)
    rng = np.random.default_rng(seed)
    base = real.figures.sample(n=rows, replace=True, random_state=seed).reset_index(drop=True)
    start = rng.integers(1880, 1953, rows)
    values = np.round(10 ** rng.uniform(0, 7, rows))
    frame = base.assign(
        id=[f"syn-{i}" for i in range(rows)],
        claim=[f"syn-claim-{i // 2}" for i in range(rows)],
        category=rng.choice(list(CATEGORIES), rows),
        qualifier="exact",
        value=values,
        value_low=np.nan,
        value_high=np.nan,
        unit="people",
        year_start=pd.array(start, dtype="Int64"),
        year_end=pd.array(start + rng.integers(0, 4, rows), dtype="Int64"),
        period_start=[str(y) for y in start],
        period_end="",
    )
    return Dataset(frame, real.sources, real.dismissed)


def add_floor_callback(app: Dash) -> None:
    """A trivial callback (echo) registered beside the real ones: Dash's own floor."""
    # Imported here: the gate imports the page's ids and with them dash-ag-grid, whose scripts
    # Dash would then list on the floor page too.
    from dashboard.server.callback_gate import allow, text

    app.layout.children.extend(
        [html.Div(id=FLOOR_IN, hidden=True), html.Div(id=FLOOR_OUT, hidden=True)]
    )
    app.callback(
        Output(FLOOR_OUT, "children"), Input(FLOOR_IN, "children"), prevent_initial_call=True
    )(lambda value: value)
    allow(FLOOR_IN, "children", text)  # through the same callback gate as the real callbacks


def floor_page() -> Dash:
    """One static bar chart, served like the real page and with the same assets (plotly bundle).

    Built without importing the app, so only the component libraries it uses are on the page.
    """
    floor = Dash(
        __name__, assets_folder=str(ASSETS_DIR), compress=True, title="floor", use_async=False
    )
    floor.layout = html.Div(
        [dcc.Graph(id="g", figure={"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}]})]
    )
    return floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--rows", type=int, default=0, help="synthetic table size (0: the real table)"
    )
    parser.add_argument("--floor-page", action="store_true", help="serve the one-chart floor page")
    args = parser.parse_args()
    if args.floor_page:
        app = floor_page()
    else:
        from dashboard.server.app import (
            create_app,  # imports dash-ag-grid, which the floor page must not
        )

        app = create_app(dataset=synthetic_dataset(args.rows) if args.rows else None)
        add_floor_callback(app)
    DashboardServer(app.server, gunicorn_options("127.0.0.1", args.port, args.workers)).run()


if __name__ == "__main__":
    main()
