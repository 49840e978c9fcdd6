"""Building search URLs that keep every active filter (for paging, facet links and chips).

A results page carries many links (facet values, tags on every hit, histogram bars, pages), each
the page's own query with one thing changed. :class:`Links` encodes the page's parameters once and
assembles every link from those pieces; values are quoted through a small cache. The output is
byte-for-byte what :func:`urllib.parse.urlencode` gives for the same pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote_plus

from search import SearchRequest

# Query-string order of request_params (tags repeat; "page" always comes last).
ORDER = {k: i for i, k in enumerate(("q", "tag", "category", "author", "site", "lang", "edited", "from", "to",
                                     "sort", "per_page", "page"))}

quote = lru_cache(maxsize=4096)(quote_plus)


def pair(key: str, value: str) -> str:
    return quote(key) + "=" + quote(value)


def encode(pairs: list[tuple[str, str]]) -> str:
    """``urlencode(pairs)`` for string pairs, with the quoting cached."""
    return "&".join([quote(k) + "=" + quote(v) for k, v in pairs])


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
    if req.edited is not None:
        pairs.append(("edited", "true" if req.edited else "false"))
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
    return encode(pairs)


class Links:
    """Every query string a search page links to, built from the request's pairs encoded once."""

    __slots__ = ("req", "_enc", "_base", "_around", "_no_tags", "_no_dates", "_tags")

    def __init__(self, req: SearchRequest) -> None:
        self.req = req
        self._enc = [(k, pair(k, v)) for k, v in request_params(req) if k != "page"]
        self._base = "&".join([e for _, e in self._enc])
        self._around: dict[str, tuple[str, str, str]] = {}
        self._no_tags: str | None = None
        self._no_dates: str | None = None
        self._tags: dict[str, str] = {}

    @property
    def base(self) -> str:
        """The page's query string without its page number."""
        return self._base

    def replaced(self, name: str, value: str | None) -> str:
        """The query with the single-valued parameter ``name`` set to ``value`` (removed when
        empty), in its usual place; the page resets to 1."""
        around = self._around.get(name)
        if around is None:
            rank = ORDER[name]
            before = "&".join([e for k, e in self._enc if ORDER[k] < rank])
            after = "&".join([e for k, e in self._enc if ORDER[k] > rank])
            # (what goes before the pair, what goes after it, the query without the parameter)
            around = self._around[name] = (before + "&" if before else "", "&" + after if after else "",
                                           "&".join([p for p in (before, after) if p]))
        if not value:
            return around[2]
        return around[0] + pair(name, value) + around[1]

    def facet_hrefs(self, name: str) -> Callable[[str, bool], str]:
        """For each value of the single-valued facet ``name``, the link that chooses it (or
        clears the filter when it is the chosen one): ``?`` and the query. The query around the
        parameter is assembled once for all the facet's values."""
        self.replaced(name, None)
        before, after, without = self._around[name]
        head = "?" + before + quote(name) + "="
        cleared = "?" + without

        def href(value: str, selected: bool) -> str:
            return cleared if selected or not value else head + quote(value) + after

        return href

    def sort(self, sort: str) -> str:
        return self.replaced("sort", None if sort == "relevance" else sort)

    def page(self, page: int) -> str:
        if page == 1:
            return self._base
        last = "page=" + str(page)
        return self._base + "&" + last if self._base else last

    def toggle_tag(self, tag: str) -> str:
        """The query with ``tag`` added, or removed when already selected (case-insensitively)."""
        href = self._tags.get(tag)
        if href is not None:
            return href
        key = tag.casefold()
        if self._no_tags is None:
            self._no_tags = "&".join([e for k, e in self._enc if k != "tag"])
        selected = [t for t in self.req.tags if t.casefold() != key]
        if len(selected) == len(self.req.tags):
            selected.append(tag)
        parts = [self._no_tags, *(pair("tag", t) for t in selected)]
        href = self._tags[tag] = "&".join([p for p in parts if p])
        return href

    def dated_base(self) -> str:
        """The query without its date filter, to which a period's ``from`` and ``to`` are added."""
        if self._no_dates is None:
            self._no_dates = "&".join([e for k, e in self._enc if k not in ("from", "to")])
        return self._no_dates
