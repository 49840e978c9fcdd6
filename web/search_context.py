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
from dataclasses import dataclass
from datetime import datetime

from babel import Locale, UnknownLocaleError
from markupsafe import Markup

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
class TagLink:
    """A hit's tag: the query that adds it to the selected tags, or (``selected``) this search."""

    query: str
    selected: bool


def chip_views(req: SearchRequest) -> list[ChipView]:
    _ = i18n.labels()
    kinds = {"tag": _("Tag"), "category": _("Category"), "author": _("Author"), "site": _("Site"),
             "lang": _("Language")}
    return [ChipView(Markup("%s: %s") % (kinds.get(chip.kind) or _("Date"), chip.value), chip.href)
            for chip in view.chips(req)]


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


def language_name(code: str) -> str:
    """A language code as the reader's language names it (``ko`` -> 한국어 or Korean); unknown
    codes as they are."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(i18n.current_locale()) or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code


def context(req: SearchRequest, result: SearchResult, article_href: Callable[[str], str],
            when: Callable[[datetime], str] | None = None) -> dict[str, object]:
    """The search page's template variables for ``result`` of ``req``."""
    links = urls.Links(req)
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
        "language_name": language_name,
        "page_numbers": view.page_window(req.page, result.pages),
        "suggestion_query": urls.with_changes(req, q=result.suggestion) if result.suggestion else "",
        "tag_link": tag_links(req, links),
        "site_href": links.facet_hrefs("site"),
        "author_href": links.facet_hrefs("author"),
        "category_href": links.facet_hrefs("category"),
    }
