"""The search UI: server-rendered pages that work without JavaScript.

Every page is a plain GET with the whole state in its URL, so any search can be bookmarked,
shared, or followed as an Atom feed (:mod:`web.feeds`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from flask import Blueprint, abort, redirect, request, url_for
from werkzeug.wrappers import Response

from search import FacetValue, ParamError, SearchRequest
from web import frame, highlight, i18n, paths, search_context, urls, view
from web.context import archive, search_request

bp = Blueprint("ui", __name__)
TAG_LIST_LIMIT = 2000
FACET_PAGE_LIMIT = 1000
RELATED = 5


def _request() -> SearchRequest:
    req = search_request()
    return replace(req, facets=view.UI_FACETS)


def _bad_request(exc: ParamError) -> tuple[str, int]:
    """A 400 page naming the bad parameter, in the reader's language."""
    _ = i18n.labels()
    return frame.render("error.html", "newsarchive", code=400, title=_("Bad request"), detail=str(exc)), 400


@bp.get("/")
@bp.get("/search")
def search_page() -> tuple[str, int] | str:
    try:
        req = _request()
    except ParamError as exc:
        return _bad_request(exc)
    result = archive().search(req)
    return frame.render("search.html", f"{req.q} - newsarchive" if req.q else "newsarchive", q=req.q,
                        **search_context.context(req, result, _article_href(req.q)))


_PLAIN_ID = re.compile(r"[A-Za-z0-9_.~-]+")
_ID_SLOT = "ARTICLE-ID"


def _article_href(q: str | None) -> Callable[[str], str]:
    """``url_for('ui.article_page', article_id=..., q=q)`` for many ids: the URL is built once with
    a placeholder id, which plain ids (those URL quoting leaves alone) simply replace."""
    template = paths.with_query(paths.page_url("ui.article_page", article_id=_ID_SLOT), q=q or None)

    def href(article_id: str) -> str:
        if _PLAIN_ID.fullmatch(article_id):
            return template.replace(_ID_SLOT, article_id, 1)
        return url_for("ui.article_page", article_id=article_id, q=q or None)

    return href


@bp.get("/articles/<article_id>")
def article_page(article_id: str) -> str:
    article = archive().get(article_id)
    if article is None:
        abort(404, description="No article with this id.")
    q = request.args.get("q", "")[:500]
    words = highlight.query_words(q)
    return frame.render(
        "article.html",
        f"{article.title} - newsarchive",
        q=q,
        article=article,
        paragraphs=[highlight.mark(p, words) for p in article.body.split("\n\n") if p.strip()],
        title_html=highlight.mark(article.title, words),
        related=archive().related(article_id, RELATED),
    )


@bp.get("/tags")
def tags_page() -> str:
    """Every tag with its count; ``?filter=`` keeps those containing the text."""
    text = request.args.get("filter", "").strip()[:100]
    facet = archive().facet_values("tags", "", TAG_LIST_LIMIT)
    needle = text.casefold()
    tags = [v for v in facet.values if needle in v.value.casefold()]
    _ = i18n.labels()
    title = _("Tags") + " - newsarchive"
    return frame.render("tags.html", title, tags=tags, filter=text, truncated=facet.other > 0)


@bp.get("/facets/<name>")
def facet_page(name: str) -> tuple[str, int] | str:
    """Every value of one facet over the current search, the sidebar's "More" page: the values
    the facet values API (``/api/v1/facets/{name}``) reads, counted as the sidebar counts them,
    each linking back to the search with that value chosen; ``?filter=`` keeps those containing
    the text."""
    if name not in view.FACET_PAGES:
        abort(404, description="No such facet.")
    _ = i18n.labels()
    title = {"tags": _("Tags"), "category": _("Category"), "author": _("Author"), "site": _("Site")}[name]
    try:
        req = replace(search_request(), page=1)
    except ParamError as exc:
        return _bad_request(exc)
    text = request.args.get("filter", "").strip()[:100]
    facet = archive().facet_values(name, "", FACET_PAGE_LIMIT, request=req)
    needle, links = text.casefold(), urls.Links(req)
    search = paths.page_url("ui.search_page")
    values = [
        facet_entry(v, search + "?" + (links.toggle_tag(v.value) if name == "tags" else links.replaced(name, v.value)))
        for v in facet.values
        if needle in v.value.casefold()
    ]
    back = search + ("?" + links.base if links.base else "")
    return frame.render("facet.html", f"{title} - newsarchive", q=req.q, name=name, title=title, values=values,
                        filter=text, hidden=view.hidden_fields(req, ()), back=back, truncated=facet.other > 0)


def facet_entry(value: FacetValue, href: str) -> dict[str, object]:
    """One line of a facet page: the value as the reader reads it (a category as ``A › B``)."""
    return {"label": value.value.replace("/", " › ") if value.depth else value.value, "count": value.count,
            "selected": value.selected, "href": href}


@bp.get("/tags/<path:tag>")
def tag_page(tag: str) -> Response:
    """A tag page is the search filtered by that tag, at one canonical URL."""
    return redirect(url_for("ui.search_page", tag=tag), code=302)


@bp.get("/healthz")
def healthz() -> dict[str, object]:
    stats = archive().check()
    return {"status": "ok", "documents": stats.documents, "generation": stats.generation}
