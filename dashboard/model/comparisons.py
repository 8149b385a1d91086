"""Claims stated more than once: their statements side by side and what differs between them."""

from __future__ import annotations

import pandas as pd

from dashboard.model.frame import PlotRow, Rows, format_number, records
from dashboard.model.vocabulary import QUALIFIERS


def _periods_differ(rows: Rows) -> bool:
    """Whether two statements give different periods; '1936' and '1936-07' differ only in precision."""

    def compatible(a: str, b: str) -> bool:
        return a.startswith(b) or b.startswith(a)

    spans = [(r["period_start"] or "", r["period_end"] or r["period_start"] or "") for r in rows]
    return any(
        not (compatible(a[0], b[0]) and compatible(a[1], b[1])) for a in spans for b in spans
    )


def _lineage(row: PlotRow) -> set[str]:
    """The works a statement's sentence comes from; its own document when sources.json is silent."""
    return set(row.get("works") or ()) or {row["source"]}


def same_assertion(a: PlotRow, b: PlotRow) -> bool:
    """Whether two statements are one assertion: copies of one underlying text (their lineages
    meet), or the same named authority (their asserted_by agree)."""
    said_by = a.get("asserted_by") or ""
    return not _lineage(a).isdisjoint(_lineage(b)) or bool(
        said_by and said_by == b.get("asserted_by")
    )


def assertions(rows: Rows) -> list[list[PlotRow]]:
    """The statements grouped into independent assertions: joined whenever two are one assertion
    (so three copies of one article, or one historian quoted twice, count once)."""
    groups: list[list[PlotRow]] = []
    for row in rows:
        joined = [g for g in groups if any(same_assertion(row, other) for other in g)]
        merged = [row, *(r for g in joined for r in g)]
        groups = [g for g in groups if g not in joined] + [merged]
    return groups


def independent(rows: Rows) -> bool:
    """Whether the statements hold two or more independent assertions: two statements corroborate
    only when both their documents' lineage and who asserts them differ."""
    return len(assertions(rows)) > 1


def _statement(r: PlotRow) -> dict:
    return {
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
        "asserted_by": r.get("asserted_by") or "",
    }


def claim_comparisons(
    frame: pd.DataFrame | Rows, every: pd.DataFrame | Rows | None = None
) -> list[dict]:
    """Claims stated more than once, each with its statements and what differs between them.

    `every` holds every statement of those claims, filters or none (more rows do no harm): a
    comparison is of the whole claim, so what differs and how many assertions there are read
    all of them, and the statements the filters hide are listed as `hidden`, never dropped
    unsaid (a search for "executed" hides "700,000 were shot").
    """
    by_claim: dict[str, Rows] = {}
    for r in records(frame):
        by_claim.setdefault(r["claim"], []).append(r)
    whole: dict[str, Rows] = {}
    for r in records(every) if every is not None else ():
        if r["claim"] in by_claim:
            whole.setdefault(r["claim"], []).append(r)
    comparisons = []
    for claim, shown in by_claim.items():
        if len(shown) < 2:
            continue
        ids = {r["id"] for r in shown}
        hidden = [r for r in whole.get(claim, ()) if r["id"] not in ids]
        rows = shown + hidden
        values = {
            tuple(format_number(r[k]) for k in ("value", "value_low", "value_high")) for r in rows
        }
        differs = [
            name
            for name, differ in (("values", len(values) > 1), ("periods", _periods_differ(rows)))
            if differ
        ]
        comparisons.append(
            {
                "claim": claim,
                "measure": shown[0]["measure"],
                "differs": differs,
                "independent": independent(rows),
                "assertions": len(assertions(rows)),
                "asserted_by": sorted({r.get("asserted_by") or "" for r in rows} - {""}),
                "statements": [_statement(r) for r in shown],
                "hidden": [_statement(r) for r in hidden],
            }
        )
    return comparisons
