"""The search UI: server-rendered pages that work without JavaScript.

Every page is a plain GET with the whole state in its URL, so any search can be bookmarked,
shared, or followed as an Atom feed (:mod:`web.feeds`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from flask import Blueprint, abort, redirect, request, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from search import FacetValue, ParamError, SearchRequest
from search.diff import diff_articles
from search.models import MAX_PER_PAGE, MAX_QUERY_LENGTH
from search.params import MAX_PAGE, MAX_TAGS
from web import archived, frame, highlight, i18n, paths, search_context, urls, view
from web.context import archive, search_request

bp = Blueprint("ui", __name__)
TAG_LIST_LIMIT = 2000
FACET_PAGE_LIMIT = 1000
RELATED = 5


def _request() -> SearchRequest:
    req = search_request()
    return replace(req, facets=view.UI_FACETS)


def _bad_request(exc: ParamError) -> tuple[str, int]:
    """A 400 page naming the bad parameter and what it takes, all in the reader's language (the
    core's message is English), with the query kept in the search box."""
    _ = i18n.labels()
    expected = {"from": _("a date such as 2024-01-31"), "to": _("a date such as 2024-01-31"),
                "page": _("a whole number from 1 to %(max)s", max=MAX_PAGE),
                "per_page": _("a whole number from 1 to %(max)s", max=MAX_PER_PAGE),
                "sort": _("relevance, newest or oldest"), "tag": _("at most %(max)s tags", max=MAX_TAGS)}.get(exc.param)
    detail = _("The value of “%(name)s” cannot be used.", name=exc.param)
    if expected:
        detail += Markup(" ") + _("Expected: %(what)s.", what=expected)
    q = request.args.get("q", "")[:MAX_QUERY_LENGTH]
    return frame.render("error.html", _("Bad request") + " - newsarchive", q=q, code=400, title=_("Bad request"),
                        detail=detail), 400


@bp.get("/")
@bp.get("/search")
def search_page() -> tuple[str, int] | str:
    try:
        req = _request()
    except ParamError as exc:
        return _bad_request(exc)
    arch = archive()
    result = arch.search(req)
    original, suggestion_count = None, 0
    if result.total == 0 and result.suggestion:
        # A query that finds nothing while its correction does shows the corrected results (with a
        # link back to the query as typed, ``verbatim=1``, which then offers the correction).
        corrected = arch.search(replace(req, q=result.suggestion))
        if corrected.total and not request.args.get("verbatim"):
            original, req, result = req, corrected.request, corrected
        suggestion_count = corrected.total
    ctx = search_context.context(req, result, _article_href(req), count=_count, original=original)
    return frame.render("search.html", f"{req.q} - newsarchive" if req.q else "newsarchive", q=req.q,
                        suggestion_count=suggestion_count, archived_href=archived.archived_hrefs(), **ctx)


def _count(req: SearchRequest) -> int:
    """How many results ``req`` has (no facets, one hit): the zero-result help's alternatives."""
    return archive().search(replace(req, facets=(), per_page=1, page=1)).total


_PLAIN_ID = re.compile(r"[A-Za-z0-9_.~-]+")
_ID_SLOT = "ARTICLE-ID"


def _article_href(req: SearchRequest) -> Callable[[str], str]:
    """The article page's URL for many ids, carrying the whole search (query, filters, sort, page)
    so its "Back to results" returns to this very page. Built once with a placeholder id, which
    plain ids (those URL quoting leaves alone) simply replace."""
    query = urls.encode(urls.request_params(req))
    base = paths.page_url("ui.article_page", article_id=_ID_SLOT)
    template = base + "?" + query if query else base

    def href(article_id: str) -> str:
        if _PLAIN_ID.fullmatch(article_id):
            return template.replace(_ID_SLOT, article_id, 1)
        path = url_for("ui.article_page", article_id=article_id)
        return path + "?" + query if query else path

    return href


@bp.get("/articles/<article_id>")
def article_page(article_id: str) -> str:
    """The article with its history: "updated N times" and the revision list, and "removed at the
    source" for a post that answers 404/410 (shown from its last revision once pruned)."""
    article = archive().get(article_id)
    history = archive().history(article_id)
    if article is None and history.revisions:
        article = history.revisions[-1].article
    if article is None:
        abort(404, description="No article with this id.")
    q = request.args.get("q", "")[:500]
    words = highlight.query_words(q)
    try:  # the search the reader came from, for "Back to results"
        query = urls.encode(urls.request_params(search_request()))
    except ParamError:
        query = urls.encode([("q", q)]) if q else ""
    return frame.render(
        "article.html",
        f"{article.title} - newsarchive",
        q=q,
        back=paths.page_url("ui.search_page") + "?" + query if query else "",
        article=article,
        paragraphs=[highlight.mark(p, words) for p in article.body.split("\n\n") if p.strip()],
        title_html=highlight.mark(article.title, words),
        field_label=field_labels(),
        related=archive().related(article_id, RELATED),
        archived_href=archived.archived_hrefs()(article_id, article.url),
        history=history,
    )


@bp.get("/articles/<article_id>/diff")
def diff_page(article_id: str) -> tuple[str, int] | str:
    """Two revisions compared (``?from=&to=``; by default the latest and the one before it): title
    and body word by word (eojeol by eojeol in Korean), metadata changes listed apart."""
    history = archive().history(article_id)
    if not history.revisions:
        abort(404, description="No revisions of this article.")
    latest = history.revisions[-1].number
    try:
        to = int(request.args.get("to") or latest)
        start = int(request.args.get("from") or max(1, to - 1))
    except ValueError:
        abort(404, description="No such revision.")
    before, after = history.get(start), history.get(to)
    if before is None or after is None:
        abort(404, description="No such revision.")
    _ = i18n.labels()
    title = _("Changes to “%(title)s”", title=after.article.title) + " - newsarchive"
    return frame.render("diff.html", title, article_id=article_id, before=before, after=after, history=history,
                        diff=diff_articles(before.article, after.article), field_label=field_labels())


def field_labels() -> dict[str, str]:
    """The tracked fields' names as the reader reads them."""
    _ = i18n.labels()
    return {"title": _("Title"), "body": _("Body"), "author": _("Author"), "published": _("Published"),
            "category": _("Category"), "tags": _("Tags")}


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
