"""The search page's content, the filter sidebar and the results, written as HTML in Python.

Most of a results page is long lists (ten hits with their tags, a hundred-odd facet values, up to
sixty histogram bars) and the links of each, and its render time is budgeted against the search
itself (bench/ui_render.py: within 20 %, about 0.7 ms when a search takes 3.5 ms). In Jinja every
value costs an attribute lookup through the environment, a ``Markup`` round trip and a call
through the template context; written here, the page is string joins straight from the search
result, with no view objects in between. The header and footer are :mod:`web.frame`; the markup
is what the Jinja template wrote before, and tests/test_ui.py and the browser tests check it.

Escaping: every value that comes from the archive (titles, tags, categories, authors, sites,
URLs, the query) goes through :func:`_text` or markupsafe's ``escape``; only ``title_html`` and
``snippet_html``, which the search core escaped itself, are written as they are. Links built by
:class:`web.urls.Links` are quote_plus-encoded, so ``&`` is the only character in them that
needs escaping in an attribute (tests/test_ui.py checks both). Labels are ``Markup`` from the
reader's catalog (:class:`web.i18n.Labels`: translations are trusted, their variables escaped).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from markupsafe import Markup, escape

from search import Facet, FacetValue, Hit, SearchRequest, SearchResult
from web import urls, view
from web.i18n import Labels

_SELECTED = ' class="selected" aria-current="true"'
CHART_WIDTH, CHART_HEIGHT = 240, 72


@lru_cache(maxsize=16384)
def _text(value: str) -> str:
    """``escape(value)``, kept: tags, categories, sites and authors recur page after page, and
    building a ``Markup`` for each costs ten times the lookup."""
    return escape(value)


def _attr(value: str) -> str:
    """A quoted attribute value (``lang`` of a hit, which screen readers need to pick a voice)."""
    return f'"{_text(value)}"'


def _query(href: str) -> str:
    """A link built by :class:`web.urls.Links`, escaped for an attribute (see the module doc)."""
    return href.replace("&", "&amp;")


@dataclass(frozen=True, slots=True)
class PageUrls:
    """The app's own URLs a search page links to (the view builds them with ``page_url``)."""

    search: str
    facets: Callable[[str], str]  # the page of one facet's values, by facet name
    feed: str


@dataclass(slots=True)
class SearchPage:
    """One results page: what it shows and how it links. :meth:`content` writes it."""

    req: SearchRequest
    result: SearchResult
    page_urls: PageUrls
    _: Labels
    article_href: Callable[[str], str]
    when: Callable[[datetime], str]
    links: urls.Links = field(init=False)  # every link of the page, from ``req``

    def __post_init__(self) -> None:
        self.links = urls.Links(self.req)

    def feed_href(self) -> str:
        """The Atom feed of this search: the same parameters, newest first (not yet escaped)."""
        newest = self.links.sort("newest")
        return self.page_urls.feed + ("?" + newest if newest else "")

    def content(self) -> Markup:
        """The page's ``<main>``: the results, then the sidebar. Results come first in the document
        so the skip link and the first Tab presses reach them whatever the archive's facets hold;
        the stylesheet places the sidebar beside them on wide screens, after them on a phone."""
        chips = view.chips(self.req)
        labels = [self.chip_label(chip) for chip in chips]
        return Markup("".join(["\n<div class=\"layout\">\n", self.results(chips, labels),
                               self.sidebar(len(chips)), "\n</div>\n"]))

    def more_link(self, name: str) -> str:
        """The link to the page of every value of facet ``name`` over this search."""
        query, more = self.links.base, self._("More")
        href = self.page_urls.facets(name) + ("?" + query if query else "")
        return f'<p class="more"><a href="{escape(href)}">{more}</a></p>'


    def sidebar(self, active: int) -> str:
        _, facets = self._, self.result.facets
        count = f' <span class="count">({active})</span>' if active else ""
        filters, category_title = _("Filters"), _("Category")
        out = [
            '  <aside class="facets" aria-labelledby="filters-title">\n    <details class="fold" open>\n'
            f'    <summary><span id="filters-title">{filters}</span>{count}</summary>'
        ]
        tags = facets.get("tags")
        if tags and tags.values:
            out.append(self.tag_form(tags))
        category = facets.get("category")
        if category and category.values:
            branch = view.category_branch(category.values, self.req.category)
            more = self.more_link("category") if category.other or len(branch) < len(category.values) else ""
            out.append(
                '\n    <section class="facet" aria-labelledby="h-category">\n'
                f'      <h2 id="h-category">{category_title}</h2>\n'
                f'      <ul class="tree">{self.category_items(branch)}\n      </ul>{more}\n    </section>'
            )
        for name, title in (("author", _("Author")), ("site", _("Site"))):
            facet = facets.get(name)
            if facet and facet.values:
                out.append(
                    f'\n    <section class="facet" aria-labelledby="h-{name}">\n'
                    f'      <h2 id="h-{name}">{title}</h2>\n'
                    f'      <ul class="facet-values">{self.facet_items(facet)}\n      </ul>'
                    f'{self.more_link(name) if facet.other else ""}\n    </section>'
                )
        out.append(self.edited_section(facets.get("edited")))
        out.append(self.date_section(facets.get("month"), facets.get("year")))
        out.append("\n    </details>\n  </aside>")
        return "".join(out)

    def tag_form(self, tags: Facet) -> str:
        """Tag checkboxes in a form that keeps the other filters: the selected tags first (checked),
        then the most frequent others; "More" leads to every tag of this search."""
        _ = self._
        title, apply = _("Tags"), _("Apply")
        more = self.more_link("tags") if tags.other else ""
        return (
            f'\n    <form class="facet facet-form" action="{escape(self.page_urls.search)}" method="get">\n'
            f"      {hidden_inputs(view.hidden_fields(self.req, ('tag',)))}\n"
            f'      <fieldset>\n        <legend><h2>{title}</h2></legend>\n'
            f'        <ul class="facet-values">\n        {tag_options(tags.values)}\n        </ul>\n'
            "      </fieldset>\n"
            f'      <p class="facet-actions"><button type="submit" class="apply">{apply}</button></p>{more}\n'
            "    </form>"
        )

    def edited_section(self, facet: Facet | None) -> str:
        """Edited after publication (articles with more than one revision), or never edited: each
        links to that filter, or clears it when chosen; nothing when no article was edited."""
        if facet is None or not any(v.value == "true" and (v.count or v.selected) for v in facet.values):
            return ""
        _ = self._
        href = self.links.facet_hrefs("edited")
        labels = {"true": _("Edited after publication"), "false": _("Never edited")}
        items = "".join([
            f'\n        <li><a href="{href(v.value, v.selected)}"{_SELECTED if v.selected else ""}>'
            f'{labels[v.value]}</a>\n          <span class="count">{v.count:,}</span></li>'
            for v in facet.values
        ])
        title = _("Edits")
        return (f'\n    <section class="facet" aria-labelledby="h-edited">\n      <h2 id="h-edited">{title}</h2>\n'
                f'      <ul class="facet-values">{items}\n      </ul>\n    </section>')

    def facet_items(self, facet: Facet) -> str:
        """A single-valued facet's values (author, site), each linking to its filter or clearing it."""
        href = self.links.facet_hrefs(facet.name)
        return "".join([
            f'\n        <li><a href="{href(v.value, v.selected)}"'
            f'{_SELECTED if v.selected else ""}>{_text(v.value)}</a>\n'
            f'          <span class="count">{v.count:,}</span></li>'
            for v in facet.values
        ])

    def category_items(self, values: Sequence[FacetValue]) -> str:
        """The category tree as nested lists. The search core gives the values in tree order (each
        parent followed by its children) with their depth, so one pass nests them."""
        href = self.links.facet_hrefs("category")
        out: list[str] = []
        depth = -1  # the depth of the list item still open, -1 before the first
        for v in values:
            level = min(v.depth, depth + 1)  # a value is at most one level below the one before
            if level > depth:
                out.append("<ul>" if depth >= 0 else "")
            else:
                out.append("</li>" + "</ul></li>" * (depth - level))
            path = v.value
            out.append(f'\n        <li><a href="{href(path, v.selected)}"'
                       f'{_SELECTED if v.selected else ""}>{_text(path[path.rfind("/") + 1:])}</a>\n'
                       f'          <span class="count">{v.count:,}</span>')
            depth = level
        if depth >= 0:
            out.append("</li>" + "</ul></li>" * depth)
        return "".join(out)

    def date_section(self, months: Facet | None, years: Facet | None) -> str:
        _, req = self._, self.req
        hist = view.histogram(months, req, years)
        chart = ""
        if hist and hist.bars:
            label = _("Results per month") if hist.unit == "month" else _("Results per year")
            chart = histogram_svg(hist, self.links, label)
        start = req.date_from.isoformat() if req.date_from else ""
        title, since, until, apply = _("Date"), _("From"), _("To"), _("Apply dates")
        end = req.date_to.isoformat() if req.date_to else ""
        return (
            '\n    <section class="facet" aria-labelledby="h-date">\n'
            f'      <h2 id="h-date">{title}</h2>\n      {chart}\n'
            f'      <form class="date-form" action="{escape(self.page_urls.search)}" method="get">\n'
            f"        {hidden_inputs(view.hidden_fields(req, ('from', 'to')))}\n"
            f'        <label for="date-from">{since}</label>\n'
            f'        <input id="date-from" name="from" type="date" value="{start}">\n'
            f'        <label for="date-to">{until}</label>\n'
            f'        <input id="date-to" name="to" type="date" value="{end}">\n'
            f'        <button type="submit">{apply}</button>\n      </form>\n    </section>'
        )

    def chip_label(self, chip: view.Chip) -> Markup:
        _ = self._
        if chip.kind == "edited":
            return Markup(escape(_("Edited after publication") if chip.value == "true" else _("Never edited")))
        kind = {"tag": _("Tag"), "category": _("Category"), "author": _("Author"), "site": _("Site"),
                "lang": _("Language")}.get(chip.kind) or _("Date")
        return Markup(f"{kind}: {escape(chip.value)}")

    def results(self, chips: Sequence[view.Chip], labels: Sequence[Markup]) -> str:
        _, req, result = self._, self.req, self.result
        if req.q:
            summary = _.ngettext("%(num)s result for “%(q)s”", "%(num)s results for “%(q)s”", result.total, q=req.q)
        else:
            summary = _.ngettext("%(num)s article", "%(num)s articles", result.total)
        took = _("(%(ms)s ms)", ms=round(result.took_ms, 1))
        out = [
            '\n  <section class="results" aria-labelledby="results-title">\n'
            f'    <h1 id="results-title" class="summary">{summary}\n      <span class="took">{took}</span></h1>'
        ]
        if result.ignored:
            ignored = _("Ignored parts of the query: %(parts)s", parts=", ".join(result.ignored))
            out.append(f'\n    <p class="note">{ignored}</p>')
        if chips:
            active = _("Active filters")
            out.append(f'\n    <ul class="chips" aria-label="{active}">')
            for chip, label in zip(chips, labels, strict=True):
                remove = _("Remove filter %(name)s", name=label)
                out.append(f'\n      <li><a class="chip" href="{_query(chip.href)}" aria-label="{remove}">{label} '
                           '<span aria-hidden="true">✕</span></a></li>')
            out.append("\n    </ul>")
        out.append(self.toolbar())
        if result.total == 0:
            out.append(self.empty(chips, labels))
        out.append(f'\n    <ol class="hits">{self.hit_items(result.hits)}\n    </ol>')
        out.append(self.pager())
        out.append("\n  </section>")
        return "".join(out)

    def toolbar(self) -> str:
        _, links = self._, self.links
        sorts = []
        for key, label in (("relevance", _("Relevance")), ("newest", _("Newest")), ("oldest", _("Oldest")),
                           ("changed", _("Last change"))):
            current = ' aria-current="true" class="selected"' if self.req.sort == key else ""
            sorts.append(f'\n        <a href="{_query("?" + links.sort(key))}"{current}>{label}</a>')
        sort, sort_by, atom, with_updates = _("Sort"), _("Sort:"), _("Atom feed"), _("with updates")
        feed = self.feed_href()
        updates = escape(feed + ("&" if "?" in feed else "?") + "updates=1")
        return (
            f'\n    <div class="toolbar">\n      <nav class="sort" aria-label="{sort}">\n'
            f'        <span>{sort_by}</span>{"".join(sorts)}\n      </nav>\n'
            f'      <a class="feed" href="{escape(feed)}">{atom}</a>'
            f' <a class="feed" href="{updates}">{with_updates}</a>\n    </div>'
        )

    def empty(self, chips: Sequence[view.Chip], labels: Sequence[Markup]) -> str:
        """Zero results: say so, offer the spelling suggestion and each filter dropped."""
        _, suggestion = self._, self.result.suggestion
        none = _("No articles match this search.")
        out = [f'\n    <div class="empty" role="status">\n      <p>{none}</p>']
        if suggestion:
            href = _query("?" + urls.with_changes(self.req, q=suggestion))
            did_you_mean = _("Did you mean:")
            out.append(f'\n      <p class="suggestion">{did_you_mean} '
                       f'<a href="{href}">{escape(suggestion)}</a></p>')
        if chips:
            try_without = _("Try without one filter:")
            out.append(f'\n      <p>{try_without}</p>\n      <ul class="drops">')
            for chip, label in zip(chips, labels, strict=True):
                without = _("without %(name)s", name=label)
                out.append(f'\n        <li><a href="{_query(chip.href)}">{without}</a></li>')
            out.append("\n      </ul>")
        out.append("\n    </div>")
        return "".join(out)

    def hit_items(self, hits: Sequence[Hit]) -> str:
        """The result list's items with their metadata, category, tag and source links."""
        original, links, when, article_href = self._("Original"), self.links, self.when, self.article_href
        category_href, site_href, author_href = (links.facet_hrefs(name) for name in ("category", "site", "author"))
        selected_tags = {t.casefold() for t in self.req.tags}
        tag_links: dict[str, str] = {}  # the hits of one page share many tags
        out = []
        for hit in hits:
            meta = ""
            if hit.published:  # an ISO timestamp (digits, "-", ":", "+", "T") needs no escaping
                meta += f'<time datetime="{hit.published.isoformat()}">{_text(when(hit.published))}</time>'
            if hit.site:
                meta += f'<a class="site" href="{site_href(hit.site, False)}">{_text(hit.site)}</a>'
            if hit.author:
                meta += f'<a class="author" href="{author_href(hit.author, False)}">{_text(hit.author)}</a>'
            if hit.category:
                meta += (f'<a class="category" href="{category_href(hit.category, False)}">'
                         f'{_text(hit.category.replace("/", " › "))}</a>')
            snippet = f'<p class="snippet">{hit.snippet_html}</p>' if hit.snippet_html else ""
            tags = ""
            for tag in hit.tags:
                link = tag_links.get(tag)
                if link is None:  # a tag already selected links to this search, never removing it
                    chosen = tag.casefold() in selected_tags
                    href = _query("?" + (links.base if chosen else links.toggle_tag(tag)))
                    kind = 'class="tag selected" aria-current="true"' if chosen else 'class="tag"'
                    link = tag_links[tag] = f'<a {kind} href="{href}">#{_text(tag)}</a> '
                tags += link
            out.append(
                f'\n<li class="hit"{f" lang={_attr(hit.lang)}" if hit.lang else ""}>\n'
                f'  <h2><a href="{escape(article_href(hit.id))}">{hit.title_html or escape(hit.title)}</a></h2>\n'
                f'  <p class="meta">{meta}\n  </p>\n  {snippet}\n'
                f'  <p class="links">{tags}\n'
                f'    <a class="original" href="{escape(hit.url)}" rel="noopener nofollow noreferrer">{original}</a>\n'
                f"  </p>\n</li>"
            )
        return "".join(out)

    def pager(self) -> str:
        """Previous, next and the numbered pages around the current one; nothing on a single page."""
        _, links, current, pages = self._, self.links, self.req.page, self.result.pages
        if pages <= 1:
            return ""
        title, previous, following = _("Pages"), _("← Previous"), _("Next →")
        out = [f'\n    <nav class="pager" aria-label="{title}">']
        if current > 1:
            out.append(f'\n      <a rel="prev" href="{_query("?" + links.page(current - 1))}">{previous}</a>')
        out.append("\n      <ul>")
        for n in view.page_window(current, pages):
            if n == current:
                out.append(f'\n        <li><span aria-current="page">{n}</span></li>')
            else:
                label = _("Page %(n)s", n=n)
                out.append(f'\n        <li><a href="{_query("?" + links.page(n))}" aria-label="{label}">{n}</a></li>')
        out.append("\n      </ul>")
        if current < pages:
            out.append(f'\n      <a rel="next" href="{_query("?" + links.page(current + 1))}">{following}</a>')
        out.append("\n    </nav>")
        return "".join(out)


def hidden_inputs(pairs: Sequence[tuple[str, str]]) -> str:
    """The hidden fields that carry a search's other parameters through a sidebar form."""
    return "".join([f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in pairs])


def tag_options(values: Sequence[FacetValue]) -> str:
    """Tag checkboxes with their counts, for the tag form."""
    out = []
    for v in values:
        text = _text(v.value)
        checked = " checked" if v.selected else ""
        out.append(f'<li><label><input type="checkbox" name="tag" value="{text}"{checked}> {text}</label>\n'
                   f'  <span class="count">{v.count:,}</span></li>')
    return "".join(out)


@lru_cache(maxsize=256)
def _axis(bars: int) -> tuple[tuple[str, ...], str]:
    """Each bar's x and the bars' width for ``bars`` bars (the same for every page)."""
    step = CHART_WIDTH / bars
    return tuple(str(round(i * step, 2)) for i in range(bars)), str(round(max(step - 1, 1), 2))


@lru_cache(maxsize=4096)
def _period(start: date, end: date) -> str:
    """A bar's date filter as query parameters, escaped for an attribute."""
    return f"from={start.isoformat()}&amp;to={end.isoformat()}"


def histogram_svg(hist: view.Histogram, links: urls.Links, label: str) -> str:
    """The date histogram as SVG: a link per period with results, year labels on the axis. Sizes
    are attributes, not styles, so the CSP needs no inline styles. Labels are periods (``2024``
    or ``2024-03``) and sizes numbers: only the link needs escaping."""
    xs, width = _axis(len(hist.bars))
    peak = hist.peak or 1
    months = hist.unit == "month"
    undated = links.dated_base().replace("&", "&amp;")
    prefix = "?" + undated + "&amp;" if undated else "?"
    out = [f'<svg class="histogram" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT + 14}" role="group"\n'
           f'     aria-label="{escape(label)}">']
    for i, bar in enumerate(hist.bars):
        x = xs[i]
        if bar.count:
            height = round(max(2.0, bar.count / peak * CHART_HEIGHT), 1)
            title = f"{bar.label}: {bar.count}"
            selected = " selected" if bar.selected else ""
            out.append(
                f'\n  <a href="{prefix}{_period(bar.start, bar.end)}" class="bar{selected}" aria-label="{title}">\n'
                f"    <title>{title}</title>\n"
                f'    <rect class="hit-area" x="{x}" y="0" width="{width}" height="{CHART_HEIGHT}"/>\n'
                f'    <rect x="{x}" y="{round(CHART_HEIGHT - height, 2)}" width="{width}" height="{height}"/>\n'
                f"  </a>"
            )
        if i == 0 or (bar.label.endswith("-01") if months else bar.label.endswith("0")):
            out.append(f'\n  <text x="{x}" y="{CHART_HEIGHT + 12}" aria-hidden="true">{bar.label[:4]}</text>')
    out.append(f'\n  <line x1="0" y1="{CHART_HEIGHT}" x2="{CHART_WIDTH}" y2="{CHART_HEIGHT}"/>\n</svg>')
    return "".join(out)
