"""GET /embed/<theme>?<filters>: one chart to put in another site's page (the only route that may
be framed), with its title, what it shows in words, its sources and licences, and a link back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np
from flask import Flask, Response, request

from dashboard.model.filters import FilterError, parse_query
from dashboard.model.vocabulary import THEMES
from dashboard.server.figure_page import not_found_page
from dashboard.server.source_page import STYLESHEET_ROUTE, TEMPLATES
from dashboard.web.callbacks import View, caption_key, chart_key, chart_outputs
from dashboard.web.layout import GRAPH_CONFIG
from dashboard.web.origin import site_origin

PREFIX = "/embed/"
SCRIPT_FILE = Path(__file__).with_name("static") / "embed.js"
SCRIPT_ROUTE = "/figure-static/embed.js"
PLOTLY_ROUTE = "/assets/plotly-basic-4.1.1.min.js"
# Any site may frame this page (and only this one); it still runs only its own origin's scripts.
EMBED_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",  # plotly.js compiles some functions at run time
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors *",
    ]
)
THEME_SLUGS = {theme.replace("_", "-"): theme for theme in THEMES} | {t: t for t in THEMES}


def embed_page(view: View, slug: str, args: Mapping[str, str]) -> Response:
    """The theme's chart under the filters of `args`; a 404 for an unknown theme, a 400 naming a
    malformed parameter."""
    theme = THEME_SLUGS.get(slug)
    if theme is None:
        return not_found_page(
            f"No chart is called “{slug[:60]}”; the charts are {', '.join(THEMES)}."
        )
    try:
        filters = replace(parse_query(args, view.source_names).with_span(view.span), figure=None)
    except FilterError as error:
        return Response(f"{error}\n", status=400, mimetype="text/plain")
    shown = np.flatnonzero(view.filter_index.mask(filters))
    charts = chart_outputs(view, shown, filters)
    query = filters.to_query()
    body = TEMPLATES.get_template("embed.html").render(
        title=THEMES[theme]["title"],
        summary=charts[caption_key(theme)],
        # Data for the script, never run: "</" is escaped so no text can close the block.
        figure=json.dumps(
            {"figure": charts[chart_key(theme)], "config": GRAPH_CONFIG}, ensure_ascii=False
        ).replace("</", "<\\/"),
        sources=[(doc.title, doc.licence or "not stated") for doc in view.dataset.sources.values()],
        back=f"{site_origin()}/?{query}" if query else f"{site_origin()}/",
        version=view.dataset.version,
        stylesheet=STYLESHEET_ROUTE,
        plotly=PLOTLY_ROUTE,
        script=SCRIPT_ROUTE,
    )
    return Response(
        body,
        mimetype="text/html",
        headers={"Content-Security-Policy": EMBED_POLICY, "X-Data-Version": view.dataset.version},
    )


def register_embed_routes(server: Flask, view: View) -> None:
    """GET /embed/<theme> and the script that draws its chart."""
    script = SCRIPT_FILE.read_bytes()
    server.add_url_rule(
        PREFIX + "<path:slug>", "embed_page", lambda slug: embed_page(view, slug, request.args)
    )
    server.add_url_rule(
        SCRIPT_ROUTE, "embed_script", lambda: Response(script, mimetype="text/javascript")
    )
