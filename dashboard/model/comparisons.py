"""Claims stated more than once: their statements side by side and what differs between them."""

from __future__ import annotations

import pandas as pd

from dashboard.model.frame import Rows, format_number, records
from dashboard.model.vocabulary import QUALIFIERS


def _periods_differ(rows: Rows) -> bool:
    """Whether two statements give different periods; '1936' and '1936-07' differ only in precision."""

    def compatible(a: str, b: str) -> bool:
        return a.startswith(b) or b.startswith(a)

    spans = [(r["period_start"] or "", r["period_end"] or r["period_start"] or "") for r in rows]
    return any(
        not (compatible(a[0], b[0]) and compatible(a[1], b[1])) for a in spans for b in spans
    )


def independent(rows: Rows) -> bool:
    """Whether two of the statements come from texts with no underlying work in common.

    Copies of one encyclopedia article in two documents are one witness, not two; a statement
    whose lineage sources.json does not give counts as its own document.
    """
    lineages = [set(r.get("works") or ()) or {r["source"]} for r in rows]
    return any(a.isdisjoint(b) for i, a in enumerate(lineages) for b in lineages[i + 1 :])


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
                "lineage": r.get("lineage") or "",
            }
            for r in rows
        ]
        comparisons.append(
            {
                "claim": claim,
                "measure": rows[0]["measure"],
                "differs": differs,
                "independent": independent(rows),
                "statements": statements,
            }
        )
    return comparisons
