"""Atom feeds of searches: ``/feed.atom?q=…`` follows a topic in any feed reader.

A feed takes exactly the search page's parameters, always sorted newest first, so the link on a
search page subscribes to that very search with its filters. With ``updates=1`` it follows edits
too: entries come in the order of their last change (:mod:`search.revisions`) and each entry's
``<updated>`` is when the archive last saw the article change, so a feed reader shows an edited
article again as an update of its entry.

Atom needs absolute links. They are built from ``PUBLIC_URL`` when the operator set it; otherwise
from the request's Host header, which a client chooses, so such a feed is cacheable only privately
(a shared cache would hand one client's Host to everyone). Text that XML 1.0 cannot carry
(control characters, lone surrogates) is replaced, so a bad record never makes the feed ill-formed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, render_template, request, url_for

from search import ParamError
from web import view
from web.context import archive, search_request
from web.errors import problem

bp = Blueprint("feeds", __name__)
FEED_SIZE = 30
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def external_url(endpoint: str, **values: object) -> str:
    """An absolute URL: under ``PUBLIC_URL`` when configured, else from the request's host."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    return base + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)


@bp.get("/feed.atom")
def search_feed() -> Response:
    try:
        req = search_request()
    except ParamError as exc:
        return problem(400, "Bad parameter", str(exc), param=exc.param)
    updates = request.args.get("updates", "") in ("1", "true")
    req = replace(req, sort="changed" if updates else "newest", page=1)
    qs = view.query_string(req) + ("&updates=1" if updates else "")
    qs = qs.lstrip("&")
    result = archive().search(replace(req, per_page=FEED_SIZE, facets=()))
    stamps = [(h.changed if updates else None) or h.published for h in result.hits]
    stamps = [s for s in stamps if s]
    updated = max(stamps) if stamps else (archive().stats().last_modified or datetime.now(UTC))
    body = render_template(
        "feed.xml",
        req=req,
        result=result,
        updates=updates,
        updated=updated,
        self_url=external_url("feeds.search_feed") + (f"?{qs}" if qs else ""),
        page_url=external_url("ui.search_page") + (f"?{qs}" if qs else ""),
        external_url=external_url,
    )
    resp = Response(_NOT_XML.sub("\ufffd", body), mimetype="application/atom+xml")
    if current_app.config.get("PUBLIC_URL"):
        resp.headers["Cache-Control"] = "public, max-age=300"
    else:
        resp.headers["Cache-Control"] = "private, max-age=300"
        resp.vary.add("Host")
    return resp
