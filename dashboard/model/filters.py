"""Pure filters over the figures frame, and the query-string form they share with URLs and the CLI."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from dashboard.model.search import TextSearch
from dashboard.model.vocabulary import CATEGORIES

MAX_QUERY_LENGTH = 200
MAX_PARAM_LENGTH = 1000
YEAR_LIMITS = (1000, 2100)
PARAMS = ("from", "to", "category", "source", "q", "figure")


class FilterError(ValueError):
    """A query parameter that cannot be understood; the message says which and why."""


@dataclass(frozen=True)
class Filters:
    """What the user asked to see. None or empty means 'no restriction'."""

    year_from: int | None = None
    year_to: int | None = None
    categories: tuple[str, ...] = ()
    source: str | None = None
    q: str = ""
    figure: str | None = None

    @property
    def period_narrowed(self) -> bool:
        return self.year_from is not None or self.year_to is not None

    def to_query(self) -> str:
        """The query string (without '?') that restores these filters."""
        params = {
            "from": self.year_from,
            "to": self.year_to,
            "category": ",".join(self.categories),
            "source": self.source,
            "q": self.q,
            "figure": self.figure,
        }
        return urlencode({k: v for k, v in params.items() if v not in (None, "")}, safe=",")

    def with_span(self, span: tuple[int, int] | None) -> Filters:
        """Drop period bounds that do not narrow the data's own span (a slider at its ends)."""
        if span is None:
            return self
        year_from = (
            None if self.year_from is not None and self.year_from <= span[0] else self.year_from
        )
        year_to = None if self.year_to is not None and self.year_to >= span[1] else self.year_to
        return replace(self, year_from=year_from, year_to=year_to)


def _single(args: Mapping, name: str) -> str | None:
    """One value of a parameter; repeated parameters must agree (browsers never repeat them)."""
    values = (
        args.getlist(name) if hasattr(args, "getlist") else [args[name]] if name in args else []
    )
    values = [v for v in values if v is not None]
    if not values:
        return None
    if len(set(values)) > 1:
        raise FilterError(f"parameter {name!r} is given {len(values)} times with different values")
    value = str(values[0])
    if len(value) > MAX_PARAM_LENGTH:
        raise FilterError(f"parameter {name!r} is longer than {MAX_PARAM_LENGTH} characters")
    return value


def _year(args: Mapping, name: str) -> int | None:
    value = _single(args, name)
    if value is None or value.strip() == "":
        return None
    # ASCII digits only: int() would also take "1_930" and other scripts' digits ("١٩٣٠").
    if not re.fullmatch(r"-?[0-9]{1,6}", value.strip()):
        raise FilterError(f"parameter {name!r} must be a year such as 1917, not {value[:40]!r}")
    year = int(value.strip())
    if not YEAR_LIMITS[0] <= year <= YEAR_LIMITS[1]:
        raise FilterError(
            f"parameter {name!r} must be a year between {YEAR_LIMITS[0]} and {YEAR_LIMITS[1]}"
        )
    return year


def parse_query(args: Mapping, sources: set[str] | None = None) -> Filters:
    """Filters from query parameters (a dict or a werkzeug MultiDict); raises FilterError."""
    year_from, year_to = _year(args, "from"), _year(args, "to")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise FilterError(f"'from' ({year_from}) is after 'to' ({year_to})")
    category_text = _single(args, "category") or ""
    categories = tuple(dict.fromkeys(c.strip() for c in category_text.split(",") if c.strip()))
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        known = ", ".join(f"{key} ({label})" for key, label in CATEGORIES.items())
        raise FilterError(f"unknown category {unknown[0][:40]!r}; known: {known}")
    source = (_single(args, "source") or "").strip() or None
    if source is not None and sources is not None and source not in sources:
        raise FilterError(f"unknown source {source[:60]!r}; known: {', '.join(sorted(sources))}")
    q = (_single(args, "q") or "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        raise FilterError(f"parameter 'q' is longer than {MAX_QUERY_LENGTH} characters")
    figure = (_single(args, "figure") or "").strip() or None
    return Filters(year_from, year_to, categories, source, q, figure)


def parse_query_noting(args: Mapping, sources: set[str] | None = None) -> tuple[Filters, list[str]]:
    """Like parse_query, but a malformed parameter falls back to its default; returns the reasons."""
    kept: dict[str, str] = {}
    notes: list[str] = []
    for name in PARAMS:
        try:
            value = _single(args, name)
            if value is not None and name == "category":
                value = _known_categories(value, notes)
            if value is not None:
                parse_query({name: value}, sources)
                kept[name] = value
        except FilterError as error:
            notes.append(str(error))
    try:
        return parse_query(kept, sources), notes
    except FilterError as error:  # only 'from' after 'to' can still fail: drop the period
        notes.append(f"{error}, so the period is left open")
        period_free = {k: v for k, v in kept.items() if k not in ("from", "to")}
        return parse_query(period_free, sources), notes


def _known_categories(value: str, notes: list[str]) -> str:
    """The known categories of a comma-separated list; each unknown one is noted, not fatal."""
    names = [c.strip() for c in value.split(",") if c.strip()]
    for name in names:
        if name not in CATEGORIES:
            notes.append(f"unknown category {name[:40]!r}")
    return ",".join(n for n in names if n in CATEGORIES)


def parse_query_leniently(args: Mapping, sources: set[str] | None = None) -> Filters:
    """Like parse_query, but each malformed parameter falls back to its default instead of failing."""
    return parse_query_noting(args, sources)[0]


def clamp_period(filters: Filters, span: tuple[int, int] | None) -> tuple[Filters, list[str]]:
    """Years outside the data's span moved to its nearest end, so the slider can show them."""
    if span is None:
        return filters, []
    notes, years = [], {}
    for name, year in (("from", filters.year_from), ("to", filters.year_to)):
        if year is not None and not span[0] <= year <= span[1]:
            years[name] = min(max(year, span[0]), span[1])
            notes.append(
                f"'{name}' {year} is outside the years the figures cover ({span[0]}–{span[1]}), "
                f"so {years[name]} is used"
            )
    if not years:
        return filters, []
    clamped = replace(
        filters,
        year_from=years.get("from", filters.year_from),
        year_to=years.get("to", filters.year_to),
    )
    return clamped, notes


@dataclass(frozen=True)
class FilterIndex:
    """A frame's filterable columns as plain arrays, built once: a filter is then a few array ops.

    pandas' per-column indexing and nullable integers took most of a filter update's time; the
    page, /export.csv and the CLI all filter through this one class, so they cannot disagree.
    """

    year_start: np.ndarray  # float, NaN when undated (NaN compares False)
    year_end: np.ndarray
    category: np.ndarray
    source: np.ndarray
    # Measure, quote and value as written, searched as a reader means it (model/search.py):
    # word forms, numbers in any notation, every word in any order, accents and case ignored.
    text: TextSearch

    @classmethod
    def of(cls, frame: pd.DataFrame) -> FilterIndex:
        return cls(
            year_start=frame["year_start"].to_numpy(dtype="float64", na_value=np.nan),
            year_end=frame["year_end"].to_numpy(dtype="float64", na_value=np.nan),
            category=frame["category"].to_numpy(dtype=object),
            source=frame["source"].to_numpy(dtype=object),
            text=TextSearch(searchable_texts(frame)),
        )

    def _matches_except_period(self, filters: Filters) -> np.ndarray:
        mask = np.ones(len(self.category), dtype=bool)
        if filters.categories:
            mask &= np.isin(self.category, list(filters.categories))
        if filters.source:
            mask &= self.source == filters.source
        if filters.q:
            mask &= self.text.matches(filters.q)
        return mask

    def _period_mask(self, filters: Filters) -> np.ndarray:
        """A dated figure matches when its period overlaps [from, to]; undated only when unnarrowed."""
        if not filters.period_narrowed:
            return np.ones(len(self.year_start), dtype=bool)
        low = filters.year_from if filters.year_from is not None else -(10**9)
        high = filters.year_to if filters.year_to is not None else 10**9
        return (self.year_start <= high) & (self.year_end >= low)

    def mask(self, filters: Filters) -> np.ndarray:
        """True for the rows `filters` selects."""
        return self._matches_except_period(filters) & self._period_mask(filters)

    def hidden_undated(self, filters: Filters) -> int:
        """How many undated figures would match but are hidden because the period is narrowed."""
        if not filters.period_narrowed:
            return 0
        return int((self._matches_except_period(filters) & np.isnan(self.year_start)).sum())


def searchable_texts(frame: pd.DataFrame) -> list[str]:
    """Each row's text the search reads: measure, quote and value as written (model/index.py
    builds its index from the same texts)."""
    return (frame["measure"] + " " + frame["quote"] + " " + frame["value_text"]).tolist()


def figure_mask(frame: pd.DataFrame, filters: Filters) -> np.ndarray:
    """True for the rows `filters` selects: for callers that need only some columns of them."""
    return FilterIndex.of(frame).mask(filters)


def filter_figures(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows `filters` selects, as a new frame in the original order."""
    return frame[figure_mask(frame, filters)].copy()


def hidden_undated(frame: pd.DataFrame, filters: Filters) -> int:
    """How many undated figures would match but are hidden because the period is narrowed."""
    return FilterIndex.of(frame).hidden_undated(filters)


def year_span(frame: pd.DataFrame) -> tuple[int, int] | None:
    """The first and last year any figure covers, or None when nothing is dated."""
    dated = frame.dropna(subset=["year_start"])
    if dated.empty:
        return None
    return int(dated["year_start"].min()), int(dated["year_end"].max())
