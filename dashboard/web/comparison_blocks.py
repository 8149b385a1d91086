"""The comparisons section's data: each claim stated more than once, its statements side by side and\nwhat differs, as plain data that assets/comparisons.js draws."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dashboard.model.citation import place
from dashboard.model.comparisons import claim_comparisons
from dashboard.model.frame import Rows

COMPARISON_HEADERS = ("Value as written", "Qualifier", "Period", "Source", "Quote")


def _statement_data(s: dict) -> dict:
    """One statement as a row: its cells, its document's title and its Citation button's label."""
    where = place(s["source_short"], s["source_line"])
    if s["asserted_by"]:
        where += f"; according to {s['asserted_by']}"
    return {
        "id": s["id"],
        "cells": [s["value_text"], s["qualifier"], s["period"], where, s["quote"]],
        "source_title": s["source_title"],
        "label": f"Citation: {s['value_text']}, {where}",
    }


def comparison_data(comparison: dict) -> dict:
    """One repeated claim as plain data; assets/comparisons.js draws it as a table of its
    statements, differences flagged (a few DOM elements, not forty Dash components). Under a
    filter that hides some of its statements it says how many are shown, and lists the rest
    folded away, each with its Citation button."""
    differs = comparison["differs"]
    statements = [_statement_data(s) for s in comparison["statements"]]
    hidden = [_statement_data(s) for s in comparison.get("hidden", ())]
    return {
        "measure": comparison["measure"],
        "flag": comparison_flag(differs, comparison["assertions"], comparison["asserted_by"]),
        "differs": bool(differs),
        "statements": statements,
        "shown": shown_note(len(statements), len(hidden)),
        "hidden": hidden,
        "hidden_summary": hidden_summary(len(hidden)),
    }


def shown_note(shown: int, hidden: int) -> str:
    """'4 of 5 statements shown' when the filters hide some of a claim's statements."""
    return f"{shown} of {shown + hidden} statements shown." if hidden else ""


def hidden_summary(hidden: int) -> str:
    """The words that unfold the statements the filters hide."""
    if not hidden:
        return ""
    if hidden == 1:
        return "Show the statement the filters hide"
    return f"Show the {hidden} statements the filters hide"


def comparison_flag(differs: list[str], assertions: int, authorities: Sequence[str] = ()) -> str:
    """Whether the statements agree, and how many independent assertions they hold: copies of
    one underlying text, or one authority quoted twice, are one assertion, and their agreeing
    says nothing about the figure. `authorities` are the asserted_by values the statements name."""
    said = "Statements differ in " + " and ".join(differs) if differs else "Statements agree"
    if assertions <= 1:
        return f"{said}: one assertion, stated more than once (same underlying text or authority)."
    named = f" ({'; '.join(authorities)})" if authorities else ""
    return f"{said}: {assertions} independent assertions{named}."


def comparisons_data(comparisons: list[dict], total: int | None = None) -> dict:
    """What the comparisons section shows: a notice, and one block per repeated claim.

    `total` is how many comparisons there are when only the first ones were passed.
    """
    if not comparisons:
        notice = "No quantity among the figures shown is stated more than once."
    elif total is not None and total > len(comparisons):
        notice = (
            f"Showing {len(comparisons):,} of {total:,} repeated quantities; narrow the filters "
            "to see the rest."
        )
    else:
        notice = ""
    return {
        "headers": COMPARISON_HEADERS,
        "notice": notice,
        "blocks": [comparison_data(c) for c in comparisons],
    }


def comparisons_section(rows: Rows, claims: np.ndarray, chosen: np.ndarray, total: int) -> dict:
    """The section for the shown rows at positions `chosen` of `rows` (`claims`: each row's claim
    as a small integer), every statement of their claims beside them, so a comparison a filter
    cuts says so and lists the rest."""
    whole = np.flatnonzero(np.isin(claims, claims[chosen]))
    return comparisons_data(
        claim_comparisons([rows[i] for i in chosen], [rows[i] for i in whole]), total
    )
