"""HTML of the search page's repeated parts: hits, facet values, the category tree, the histogram.

These loops write most of a results page (a hundred-odd facet values, tens of histogram bars, ten
hits with their tags), and in Jinja every value costs an attribute lookup through the
environment, a ``Markup`` round trip and, for labels, a gettext call; the page's render time is
budgeted against the search itself (bench/ui_render.py). Written here they are plain string
joins. Every scraped value passes through :func:`_text` (markupsafe's escaping; scraped text is
hostile); only ``title_html`` and ``snippet_html``, which the search core escaped itself, are
written as they are. Translated labels come in as arguments, so the strings stay in the templates
for extraction. The markup is the same the templates wrote before, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from markupsafe import Markup, escape

from search import FacetValue
from web.view import CHART_HEIGHT, CHART_WIDTH, CategoryNode, DrawnBar, FacetLink, HitView

_SELECTED = ' class="selected" aria-current="true"'


@lru_cache(maxsize=16384)
def _text(value: str) -> str:
    """``escape(value)``, kept: tags, categories, sites and authors recur page after page, and
    building a ``Markup`` for each costs ten times the lookup."""
    return escape(value)


def _query(href: str) -> str:
    """A link built by :class:`web.urls.Links` (``?`` and quote_plus-encoded pairs joined by
    ``&``), escaped for an attribute: ``&`` is the only character in it that needs it
    (tests/test_ui.py checks that hostile values come out encoded)."""
    return href.replace("&", "&amp;")


def hidden_inputs(pairs: Iterable[tuple[str, str]]) -> Markup:
    """The hidden fields that carry a search's other parameters through a sidebar form."""
    return Markup("".join([f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in pairs]))


def tag_options(values: Sequence[FacetValue]) -> Markup:
    """Tag checkboxes with their counts, for the tag form."""
    out = []
    for v in values:
        text = _text(v.value)
        checked = " checked" if v.selected else ""
        out.append(f'<li><label><input type="checkbox" name="tag" value="{text}"{checked}> {text}</label>\n'
                   f'  <span class="count">{v.count}</span></li>')
    return Markup("".join(out))


def facet_items(values: Sequence[FacetLink]) -> Markup:
    """The list items of a single-valued facet (author, site), each a link with its count."""
    return Markup("".join([
        f'\n        <li><a href="{_query(v.href)}"{_SELECTED if v.selected else ""}>{_text(v.value)}</a>\n'
        f'          <span class="count">{v.count}</span></li>'
        for v in values
    ]))


def category_items(nodes: Sequence[CategoryNode]) -> Markup:
    """The nested list items of the category tree."""
    out: list[str] = []
    _category_items(nodes, out)
    return Markup("".join(out))


def _category_items(nodes: Sequence[CategoryNode], out: list[str]) -> None:
    for node in nodes:
        out.append(f'\n        <li><a href="{_query(node.href)}"{_SELECTED if node.selected else ""}>'
                   f'{_text(node.label)}</a>\n          <span class="count">{node.count}</span>')
        if node.children:
            out.append("<ul>")
            _category_items(node.children, out)
            out.append("</ul>")
        out.append("</li>")


def histogram(drawn: Sequence[DrawnBar], label: str) -> Markup:
    """The date histogram as SVG: a link per period with results, year labels on the axis.
    Sizes are attributes, not styles, so the CSP needs no inline styles. Labels are periods
    (``2024`` or ``2024-03``) and sizes numbers: only the link needs escaping."""
    out = [f'\n<svg class="histogram" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT + 14}" role="group"\n'
           f'     aria-label="{escape(label)}">']
    for d in drawn:
        if d.href:
            bar = d.bar
            title = f"{bar.label}: {bar.count}"
            selected = " selected" if bar.selected else ""
            out.append(
                f'\n  <a href="{_query(d.href)}" class="bar{selected}" aria-label="{title}">\n'
                f"    <title>{title}</title>\n"
                f'    <rect class="hit-area" x="{d.x}" y="0" width="{d.width}" height="{CHART_HEIGHT}"/>\n'
                f'    <rect x="{d.x}" y="{d.y}" width="{d.width}" height="{d.height}"/>\n'
                f"  </a>"
            )
        if d.axis_label:
            out.append(f'\n  <text x="{d.x}" y="{CHART_HEIGHT + 12}" aria-hidden="true">{d.axis_label}</text>')
    out.append(f'\n  <line x1="0" y1="{CHART_HEIGHT}" x2="{CHART_WIDTH}" y2="{CHART_HEIGHT}"/>\n</svg>')
    return Markup("".join(out))


def hit_items(hits: Sequence[HitView], original: str) -> Markup:
    """The result list's items; ``original`` is the translated label of the link to the source."""
    original = escape(original)
    tag_links: dict[tuple[str, str], str] = {}  # hits of one page share many tags
    return Markup("".join([_hit_item(h, original, tag_links) for h in hits]))


def _hit_item(h: HitView, original: str, tag_links: dict[tuple[str, str], str]) -> str:
    hit = h.hit
    meta = ""
    if hit.published:  # an ISO timestamp (digits, "-", ":", "+", "T") needs no escaping
        meta += f'<time datetime="{hit.published.isoformat()}">{_text(h.when)}</time>'
    if hit.site:
        meta += f'<span class="site">{_text(hit.site)}</span>'
    if hit.author:
        meta += f'<span class="author">{_text(hit.author)}</span>'
    if h.category_href:
        meta += f'<a class="category" href="{_query(h.category_href)}">{_text(h.category_label)}</a>'
    snippet = f'<p class="snippet">{hit.snippet_html}</p>' if hit.snippet_html else ""
    tags = ""
    for pair in h.tags:
        link = tag_links.get(pair)
        if link is None:
            link = tag_links[pair] = f'<a class="tag" href="{_query(pair[1])}">#{_text(pair[0])}</a> '
        tags += link
    return (
        f'\n<li class="hit">\n'
        f'  <h2><a href="{escape(h.href)}">{hit.title_html or escape(hit.title)}</a></h2>\n'
        f'  <p class="meta">{meta}\n'
        f"  </p>\n"
        f"  {snippet}\n"
        f'  <p class="links">{tags}\n'
        f'    <a class="original" href="{escape(hit.url)}" rel="noopener nofollow noreferrer">{original}</a>\n'
        f"  </p>\n"
        f"</li>"
    )
