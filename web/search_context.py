"""What the search page's templates are given: the search result and the links around it.

``web/templates/search.html`` and its partials (``partials/results.html``, ``hit.html``,
``facets.html``, ``pager.html``, ``empty.html``, and ``_timeline_chart.html`` for the results per
period) write the page; everything
here is data, so an operator who overrides a partial reads the same names. Links are query
strings from :class:`web.urls.Links` (each value ``quote_plus``-encoded), escaped by the
templates' autoescaping like every other value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from markupsafe import Markup, escape

from search import SearchRequest, SearchResult
from web import i18n, paths, urls, view
from web.context import archive
from web.timeline_view import search_chart


@dataclass(frozen=True, slots=True)
class ChipView:
    """An active filter as the page shows it: its label (``Tag: coffee``) and the search without it."""

    label: Markup
    href: str


@dataclass(frozen=True, slots=True)
class Alternative:
    """A search that gives results where this one gives none: its label, link and count."""

    label: Markup
    query: str
    count: int


@dataclass(frozen=True, slots=True)
class TagLink:
    """A hit's tag: the query that adds it to the selected tags, or (``selected``) this search."""

    query: str
    selected: bool


def chip_views(req: SearchRequest) -> list[ChipView]:
    _ = i18n.labels()
    kinds = {"tag": _("Tag"), "category": _("Category"), "author": _("Author"), "site": _("Site"),
             "lang": _("Language")}
    edited = {"true": _("Edited after publication"), "false": _("Never edited")}
    return [ChipView(Markup(escape(edited[chip.value])) if chip.kind == "edited" else
                     Markup("%s: %s") % (kinds.get(chip.kind) or _("Date"),
                                         i18n.language_name(chip.value) if chip.kind == "lang" else chip.value),
                     chip.href)
            for chip in view.chips(req)]


MAX_WORDS_DROPPED = 8  # "fewer words" tries each word of a query this long at most (one search each)


def fewer_words(req: SearchRequest, count: Callable[[SearchRequest], int]) -> list[Alternative]:
    """For a query of several plain words that finds nothing, the query without each word in turn,
    kept when it finds something. Quoted phrases and operators are left to the reader: dropping a
    word out of them would change what the rest means."""
    words = req.q.split()
    if not 2 <= len(words) <= MAX_WORDS_DROPPED or any(c in req.q for c in '"():*') or any(
            w.upper() in ("OR", "AND", "NOT") or w.startswith("-") for w in words):
        return []
    _ = i18n.labels()
    out = []
    for i, word in enumerate(words):
        fewer = " ".join(words[:i] + words[i + 1:])
        found = count(replace(req, q=fewer, page=1))
        if found:
            out.append(Alternative(_("without “%(word)s”", word=word), urls.with_changes(req, q=fewer), found))
    return out


def filter_drops(req: SearchRequest, count: Callable[[SearchRequest], int]) -> list[Alternative]:
    """Each active filter whose removal gives results, with the number it gives."""
    _ = i18n.labels()
    out = []
    for chip, shown in zip(view.chips(req), chip_views(req), strict=True):
        found = count(chip.without)
        if found:
            out.append(Alternative(_("without %(name)s", name=shown.label), chip.href.removeprefix("?"), found))
    return out


def tag_links(req: SearchRequest, links: urls.Links) -> Callable[[str], TagLink]:
    """A hit's tag link: a tag already selected links to this search, never removing it."""
    selected = {t.casefold() for t in req.tags}
    kept: dict[str, TagLink] = {}  # the hits of one page share many tags

    def link(tag: str) -> TagLink:
        found = kept.get(tag)
        if found is None:
            chosen = tag.casefold() in selected
            found = kept[tag] = TagLink(links.base if chosen else links.toggle_tag(tag), chosen)
        return found

    return link


def export_hrefs(req: SearchRequest) -> dict[str, str]:
    """The whole result set of this search from ``/api/v1/export``, by format (``csv``, ``jsonl``)."""
    pairs = [(k, v) for k, v in urls.request_params(req) if k not in ("page", "per_page")]
    base = paths.page_url("api.export")
    return {fmt: base + "?" + urls.encode([*pairs, ("format", fmt)]) for fmt in ("csv", "jsonl")}


def context(req: SearchRequest, result: SearchResult, article_href: Callable[[str], str],
            when: Callable[[datetime], str] | None = None, count: Callable[[SearchRequest], int] | None = None,
            original: SearchRequest | None = None) -> dict[str, object]:
    """The search page's template variables for ``result`` of ``req``. ``count`` gives another
    search's total (for the zero-result help: only alternatives that find something are offered);
    ``original`` is the search the reader typed when ``result`` is its spelling correction's."""
    links = urls.Links(req)
    empty = result.total == 0 and count is not None
    facets = result.facets
    category = facets.get("category")
    branch = view.category_branch(category.values, req.category) if category else []
    hist = view.histogram(facets.get("month"), req, facets.get("year"))
    newest = links.sort("newest")
    return {
        "req": req,
        "result": result,
        "links": links,
        "chips": chip_views(req),
        "search_url": paths.page_url("ui.search_page"),
        "facet_url": lambda name: paths.page_url("ui.facet_page", name=name),
        "feed_href": paths.page_url("feeds.search_feed") + ("?" + newest if newest else ""),
        "article_href": article_href,
        "when": when or i18n.date_formatter(),
        "hidden_fields": lambda exclude: view.hidden_fields(req, exclude),
        "categories": view.category_tree(branch),
        "categories_more": bool(category and (category.other or len(branch) < len(category.values))),
        "histogram": hist,
        "timeline_chart": search_chart(hist, links, result.total) if hist and hist.bars else None,
        "date_presets": view.date_presets(req, links, datetime.now(archive().tz).date()),
        "year_choices": [bar.start.year for bar in hist.bars] if hist and hist.unit == "year" else [],
        "export_hrefs": export_hrefs(req),
        "page_numbers": view.page_window(req.page, result.pages),
        "past_last": result.total > 0 and req.page > result.pages,
        # With no query the core sorts newest first whatever ``sort`` says: the label follows it.
        "shown_sort": "newest" if req.sort == "relevance" and not req.q.strip() else req.sort,
        "fewer_words": fewer_words(req, count) if empty and count else [],
        "filter_drops": filter_drops(req, count) if empty and count else [],
        "original": original,
        "verbatim_query": urls.with_changes(original) + "&verbatim=1" if original else "",
        "suggestion_query": urls.with_changes(req, q=result.suggestion) if result.suggestion else "",
        "tag_link": tag_links(req, links),
        "site_href": links.facet_hrefs("site"),
        "author_href": links.facet_hrefs("author"),
        "category_href": links.facet_hrefs("category"),
    }
