"""The comparisons section's data: each claim stated more than once, its statements side by side and\nwhat differs, as plain data that assets/comparisons.js draws."""

from __future__ import annotations

from dashboard.model.citation import place

COMPARISON_HEADERS = ("Value as written", "Qualifier", "Period", "Source", "Quote")


def comparison_data(comparison: dict) -> dict:
    """One repeated claim as plain data; assets/comparisons.js draws it as a table of its
    statements, differences flagged (a few DOM elements, not forty Dash components)."""
    differs = comparison["differs"]
    statements = []
    for s in comparison["statements"]:
        where = place(s["source_short"], s["source_line"])
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
        "flag": comparison_flag(differs, comparison["independent"]),
        "differs": bool(differs),
        "statements": statements,
    }


def comparison_flag(differs: list[str], independent: bool) -> str:
    """Whether the statements agree, and whether that agreement is corroboration: copies of one
    underlying text agreeing say nothing about the figure."""
    if differs:
        said = "Statements differ in " + " and ".join(differs)
        return f"{said}." if independent else f"{said} (same underlying text)."
    return (
        "Independent statements agree."
        if independent
        else "Statements agree (same underlying text)."
    )


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
