"""Claims stated more than once: their statements side by side and what differs between them."""

from __future__ import annotations

import pandas as pd

from dashboard.data import QUALIFIERS
from dashboard.frame import Rows, format_number, records


def _periods_differ(rows: Rows) -> bool:
    """Whether two statements give different periods; '1936' and '1936-07' differ only in precision."""

    def compatible(a: str, b: str) -> bool:
        return a.startswith(b) or b.startswith(a)

    spans = [(r["period_start"] or "", r["period_end"] or r["period_start"] or "") for r in rows]
    return any(
        not (compatible(a[0], b[0]) and compatible(a[1], b[1])) for a in spans for b in spans
    )


def claim_comparisons(frame: pd.DataFrame | Rows) -> list[dict]:
    """Claims stated more than once, each with its statements and what differs between them."""
    by_claim: dict[str, Rows] = {}
    for r in records(frame):
        by_claim.setdefault(r["claim"], []).append(r)
    comparisons = []
    for claim, rows in by_claim.items():
        if len(rows) < 2:
            continue
        values = {
            tuple(format_number(r[k]) for k in ("value", "value_low", "value_high")) for r in rows
        }
        differs = [
            name
            for name, differ in (("values", len(values) > 1), ("periods", _periods_differ(rows)))
            if differ
        ]
        statements = [
            {
                "id": r["id"],
                "value_text": r["value_text"],
                "qualifier": QUALIFIERS.get(r["qualifier"], r["qualifier"]),
                "period": r["period"],
                "source": r["source"],
                "source_title": r["source_title"],
                "source_short": r["source_short"],
                "source_line": r["source_line"],
                "quote": r["quote"],
            }
            for r in rows
        ]
        comparisons.append(
            {
                "claim": claim,
                "measure": rows[0]["measure"],
                "differs": differs,
                "statements": statements,
            }
        )
    return comparisons
