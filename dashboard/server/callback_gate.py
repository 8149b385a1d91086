"""The gate in front of Dash's callback route: a request must name a registered server callback,
list exactly its inputs and states, and carry values of the types its controls send; else 400.

Dash itself trusts the body: `{}`, a wrong output id, a period of ["x"] or [NaN, 1930] each
ended in a 500 and a traceback. A browser running the page never sends any of them, so they are
refused whole, with one log line, before a callback runs.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Response, request

from dashboard.web import ids

if TYPE_CHECKING:
    from dash import Dash

LOG = logging.getLogger("dashboard")
CALLBACK_PATH = "/_dash-update-component"
MAX_TEXT = 4096  # an address's query string or a search; the search box itself stops at 200
MAX_ITEMS = 1000  # items in a list a control sends (categories, clicked points, selected rows)
MAX_YEAR = 10_000

Check = Callable[[Any], bool]


def text(value: Any) -> bool:
    return value is None or (isinstance(value, str) and len(value) <= MAX_TEXT)


def clicks(value: Any) -> bool:
    """n_clicks: a count (JSON has no separate integer type, so 3.0 is refused too)."""
    return value is None or (
        isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53
    )


def finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def year(value: Any) -> bool:
    return finite(value) and abs(value) <= MAX_YEAR


def period(value: Any) -> bool:
    return value is None or (
        isinstance(value, list) and len(value) == 2 and all(year(v) for v in value)
    )


def names(value: Any) -> bool:
    return value is None or (
        isinstance(value, list)
        and len(value) <= MAX_ITEMS
        and all(isinstance(v, str) and len(v) <= MAX_TEXT for v in value)
    )


def dict_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) <= MAX_ITEMS
        and all(isinstance(v, dict) for v in value)
    )


def click_data(value: Any) -> bool:
    """A graph's clickData: {"points": [{...}, ...]}; what a point holds is read defensively."""
    return value is None or (isinstance(value, dict) and dict_list(value.get("points", [])))


def selected_rows(value: Any) -> bool:
    """The grid's selectedRows: row objects, or the {"ids": [...]} form the view itself sets."""
    if value is None:
        return True
    if isinstance(value, dict):
        return names(value.get("ids", []))
    return dict_list(value)


def painted(value: Any) -> bool:
    """The deferred-content store: set by assets/charts.js to a timestamp once charts are painted."""
    return value is None or finite(value)


# The value each server callback's inputs and states may carry, by (component id, property).
# tests/server/test_callback_gate.py checks that every registered server callback is covered.
VALUE_CHECKS: dict[tuple[str, str], Check] = {
    (ids.URL, "search"): text,
    (ids.URL, "pathname"): text,
    (ids.PERIOD, "value"): period,
    (ids.CATEGORY, "value"): names,
    (ids.SOURCE, "value"): text,
    (ids.SEARCH, "value"): text,
    (ids.RESET, "n_clicks"): clicks,
    (ids.SELECTED, "data"): text,
    (ids.CITATION_CLOSE, "n_clicks"): clicks,
    (ids.DEFERRED, "data"): painted,
    (ids.TABLE_WANTED, "data"): painted,  # a timestamp too: set once AG Grid's script has loaded
    (ids.GRID, "selectedRows"): selected_rows,
    (ids.QUICK_FILTER, "value"): text,
    **{(graph, "clickData"): click_data for graph in ids.GRAPHS},
}


def allow(component: str, prop: str, check: Check) -> None:
    """Accept values of `component.prop` that pass `check`: for a callback added to the app from
    outside the dashboard (the benchmark's trivial floor callback)."""
    VALUE_CHECKS[(component, prop)] = check


@dataclass(frozen=True)
class Signature:
    """What a request for one registered callback must list."""

    outputs: list[dict] | dict
    inputs: list[tuple[str, str]]
    state: list[tuple[str, str]]


def signatures(callback_map: dict) -> dict[str, Signature]:
    """Every server-side callback of the app, by the output key its requests name."""
    out = {}
    for key, entry in callback_map.items():
        if not callable(entry.get("callback")):
            continue  # clientside: the browser runs it, the server is never asked
        parts = [part.rsplit(".", 1) for part in key.strip(".").split("...")]
        outputs = [{"id": i, "property": p} for i, p in parts]
        out[key] = Signature(
            outputs=outputs if key.startswith("..") else outputs[0],
            inputs=[(i["id"], i["property"]) for i in entry["inputs"]],
            state=[(s["id"], s["property"]) for s in entry.get("state", [])],
        )
    return out


def _listed(entries: Any, expected: list[tuple[str, str]], name: str) -> str | None:
    """Why `entries` (a request's inputs or state) is not the expected list; None when it is."""
    if not isinstance(entries, list) or len(entries) != len(expected):
        return f"{name} must list {len(expected)} entries"
    for entry, (component, prop) in zip(entries, expected, strict=True):
        if not isinstance(entry, dict) or (entry.get("id"), entry.get("property")) != (
            component,
            prop,
        ):
            return f"{name} must list {component}.{prop} in its place"
        if "value" in entry and not VALUE_CHECKS[(component, prop)](entry["value"]):
            return f"{component}.{prop} has a value of the wrong type or size"
    return None


def problem(body: Any, known: dict[str, Signature]) -> str | None:
    """Why `body` is not a request the page could have sent; None when it is one."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    signature = known.get(output) if isinstance(output, str) else None
    if signature is None:
        return "no callback has that output"
    if body.get("outputs") != signature.outputs:
        return "outputs do not match the callback's"
    reason = _listed(body.get("inputs"), signature.inputs, "inputs") or _listed(
        body.get("state", []), signature.state, "state"
    )
    if reason:
        return reason
    changed = body.get("changedPropIds", [])
    allowed = {f"{i}.{p}" for i, p in signature.inputs}
    # Each must be a string before the set lookup: a dict or list there is unhashable (a 500).
    if not isinstance(changed, list) or not all(
        isinstance(c, str) and c in allowed for c in changed
    ):
        return "changedPropIds must name the callback's inputs"
    return None


def guard_callbacks(app: Dash) -> None:
    """Refuse, with 400 and one log line, every callback request `problem` finds fault with."""
    known: dict[str, Signature] = {}  # read at the first request, once every callback is registered

    @app.server.before_request
    def check_callback_request() -> Response | None:
        if request.path != CALLBACK_PATH or request.method != "POST":
            return None
        if not known:
            known.update(signatures(app.callback_map))
        try:
            body = request.get_json(silent=True)  # cached: Dash reads the same parsed body
        except RecursionError:
            body = None
        reason = problem(body, known) if body is not None else "the body is not JSON"
        if reason is None:
            return None
        LOG.warning("400 %s %s: %s", request.method, request.path, reason)
        return Response(f"Bad callback request: {reason}.\n", status=400, mimetype="text/plain")
