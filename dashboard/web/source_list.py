"""The page's one list of its sources: the credit a downloaded chart image carries for each source
it draws (GET /api/sources.json, fetched once by assets/charts.js), and the sources page's route."""

from __future__ import annotations

from dashboard.model.data import Dataset

SOURCES_ROUTE = "/api/sources.json"
SOURCES_PAGE_ROUTE = "/sources"
# Above this many sources the page names them in one place, the sources page: listed in the
# footer, the chart key and the dropdown, 1,000 sources were 6,146 components.
MANY_SOURCES = 20


def credit(title: str, name: str, licence: str | None) -> str:
    """One source's credit under a chart image: 'Title (file), licence: CC0-1.0'."""
    return f"{title} ({name}), licence: {(licence or 'not stated').rstrip('.')}"


def source_credits(dataset: Dataset) -> dict[str, object]:
    """What /api/sources.json sends: each source's credit by file name, and the data version."""
    return {
        "data_version": dataset.version,
        "credits": {
            name: credit(doc.title, name, doc.licence) for name, doc in dataset.sources.items()
        },
    }


def many_sources(dataset: Dataset) -> bool:
    """Whether the page lists its sources on the sources page rather than in place."""
    return len(dataset.sources) > MANY_SOURCES
