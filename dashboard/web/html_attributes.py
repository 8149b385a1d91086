"""HTML attributes whose names are not Python names (aria-*, data-*), for Dash components."""

from __future__ import annotations

from typing import Any


def attributes(values: dict[str, str]) -> dict[str, Any]:
    """`values` as Dash's components take them, through **kwargs: `**attributes({"aria-label":
    "Close"})`. Typed as Any values because Dash's signatures would otherwise match a spread
    dict of strings against every named prop (numbers, booleans) and reject it."""
    return dict(values)
