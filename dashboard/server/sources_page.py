"""GET /sources: every source document a page at a time (title, licence, figure count, links),
where the dashboard names its sources once there are more than source_list.MANY_SOURCES."""

from __future__ import annotations

import math

from flask import Flask, Response, request

from dashboard.model.data import Dataset
from dashboard.server.source_page import TEMPLATES, plural, stylesheet_url
from dashboard.web.source_list import SOURCES_PAGE_ROUTE

PER_PAGE = 100


def page_count(total: int) -> int:
    return max(1, math.ceil(total / PER_PAGE))


def render_sources_page(dataset: Dataset, page: int, stylesheet: str) -> str:
    """Page `page` (from 1; at most page_count) of the sources, in file-name order."""
    counts = dataset.figures["source"].value_counts()
    names = sorted(dataset.sources)
    shown = names[(page - 1) * PER_PAGE : page * PER_PAGE]
    sources = [
        {
            "name": name,
            "title": dataset.sources[name].title,
            "licence": (dataset.sources[name].licence or "not stated").rstrip("."),
            "figures": plural(int(counts.get(name, 0)), "figure", "figures"),
        }
        for name in shown
    ]
    first = (page - 1) * PER_PAGE + 1
    return TEMPLATES.get_template("sources_page.html").render(
        sources=sources,
        total=len(names),
        first=first,
        last=first + len(shown) - 1,
        page=page,
        pages=page_count(len(names)),
        stylesheet=stylesheet,
    )


def requested_page(value: str | None, pages: int) -> int | None:
    """The page number a `page` parameter asks for (1 when absent); None when it names none."""
    if value is None:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= pages:
        return None
    return int(value)


def register_sources_page(server: Flask, dataset: Dataset) -> None:
    """GET /sources?page=<n> on `server`."""
    stylesheet = stylesheet_url()
    pages = page_count(len(dataset.sources))

    def sources_page() -> Response:
        page = requested_page(request.args.get("page"), pages)
        if page is None:
            return Response(
                f"page must be a whole number from 1 to {pages}.\n",
                status=404,
                mimetype="text/plain",
            )
        return Response(render_sources_page(dataset, page, stylesheet), mimetype="text/html")

    server.add_url_rule(SOURCES_PAGE_ROUTE, "sources_page", sources_page, methods=["GET"])
