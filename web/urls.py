"""Building search URLs that keep every active filter (for paging, facet links and chips)."""

from __future__ import annotations

from urllib.parse import urlencode

from search import SearchRequest


def request_params(req: SearchRequest) -> list[tuple[str, str]]:
    """The query-string pairs that reproduce ``req`` (defaults left out)."""
    pairs: list[tuple[str, str]] = []
    if req.q:
        pairs.append(("q", req.q))
    pairs.extend(("tag", tag) for tag in req.tags)
    for name in ("category", "author", "site", "lang"):
        value = getattr(req, name)
        if value:
            pairs.append((name, value))
    if req.date_from:
        pairs.append(("from", req.date_from.isoformat()))
    if req.date_to:
        pairs.append(("to", req.date_to.isoformat()))
    if req.sort != "relevance":
        pairs.append(("sort", req.sort))
    if req.per_page != 10:
        pairs.append(("per_page", str(req.per_page)))
    if req.page != 1:
        pairs.append(("page", str(req.page)))
    return pairs


def with_changes(req: SearchRequest, drop: tuple[str, ...] = (), **changes: str | None) -> str:
    """A query string for ``req`` with parameters dropped or replaced; the page resets to 1."""
    pairs = [(k, v) for k, v in request_params(req) if k not in drop and k not in changes and k != "page"]
    for key, value in changes.items():
        if value is not None:
            pairs.append((key, value))
    return urlencode(pairs)


def toggle_tag(req: SearchRequest, tag: str) -> str:
    """The query string with ``tag`` added, or removed when already selected."""
    selected = [t for t in req.tags if t.casefold() != tag.casefold()]
    if len(selected) == len(req.tags):
        selected.append(tag)
    pairs = [(k, v) for k, v in request_params(req) if k not in ("tag", "page")]
    pairs.extend(("tag", t) for t in selected)
    return urlencode(pairs)


def page_link(req: SearchRequest, page: int) -> str:
    pairs = [(k, v) for k, v in request_params(req) if k != "page"]
    if page != 1:
        pairs.append(("page", str(page)))
    return urlencode(pairs)
