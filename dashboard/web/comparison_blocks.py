"""The comparisons section's data: each claim stated more than once, its statements side by side and\nwhat differs, as plain data that assets/comparisons.js draws."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.model.citation import place

COMPARISON_HEADERS = ("Value as written", "Qualifier", "Period", "Source", "Quote")


def comparison_data(comparison: dict) -> dict:
    """One repeated claim as plain data; assets/comparisons.js draws it as a table of its
    statements, differences flagged (a few DOM elements, not forty Dash components)."""
    differs = comparison["differs"]
    statements = []
    for s in comparison["statements"]:
        where = place(s["source_short"], s["source_line"])
        if s["asserted_by"]:
            where += f"; according to {s['asserted_by']}"
        statements.append(
            {
                "id": s["id"],
                "cells": [s["value_text"], s["qualifier"], s["period"], where, s["quote"]],
                "source_title": s["source_title"],
                "label": f"Citation: {s['value_text']}, {where}",
            }
        )
    return {
        "measure": comparison["measure"],
        "flag": comparison_flag(differs, comparison["assertions"], comparison["asserted_by"]),
        "differs": bool(differs),
        "statements": statements,
    }


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
