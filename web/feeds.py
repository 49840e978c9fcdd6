"""Atom feeds of searches: ``/feed.atom?q=…`` follows a topic in any feed reader.

A feed takes exactly the search page's parameters, always sorted newest first, so the link on a
search page subscribes to that very search with its filters.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from flask import Blueprint, Response, render_template, url_for

from search import ParamError
from web import view
from web.context import archive, search_request
from web.errors import problem

bp = Blueprint("feeds", __name__)
FEED_SIZE = 30


@bp.get("/feed.atom")
def search_feed() -> Response:
    try:
        req = search_request()
    except ParamError as exc:
        return problem(400, "Bad parameter", str(exc), param=exc.param)
    req = replace(req, sort="newest", page=1)
    qs = view.query_string(req)
    result = archive().search(replace(req, per_page=FEED_SIZE, facets=()))
    stamps = [h.published for h in result.hits if h.published]
    updated = max(stamps) if stamps else (archive().stats().last_modified or datetime.now(UTC))
    body = render_template(
        "feed.xml",
        req=req,
        result=result,
        updated=updated,
        self_url=url_for("feeds.search_feed", _external=True) + (f"?{qs}" if qs else ""),
        page_url=url_for("ui.search_page", _external=True) + (f"?{qs}" if qs else ""),
    )
    resp = Response(body, mimetype="application/atom+xml")
    resp.headers["Cache-Control"] = "public, max-age=300"
    return resp
