"""Article extraction: one fetched page in, one normalised :class:`~search.article.Article` out.

Order of evidence, most reliable first: the page-level signals written for machines
(``signals``: Open Graph, ``article:*``, JSON-LD, ``meta name=by``, Tistory's
``window.T.entryInfo``, ``a[rel=tag]``, ``time[datetime]``), then the platform's known layout
(``tistory``, ``wordpress``), then generic fallbacks (``generic``: trafilatura, htmldate).
The publication time is then checked against the dateline under the headline (``dateline``)
and finally written in the publisher's own offset (``pubdate``).

The page is parsed once, with lxml (``dom.parse``); every stage, trafilatura and htmldate read
that one tree (both copy it before pruning).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from search.article import Article, normalize_category, normalize_tags
from search.decode import decode_html

from .authors import copyright_holder, headline_byline, settle_author
from .cleanup import clean_inline
from .dateline import dateline_strings, first_clock, first_day, local_instant, settle_dateline, yearless_day
from .dates import get_tz
from .dom import parse
from .draft import Draft
from .generic import generic_body, generic_date, script_html_body
from .lang import detect_lang
from .metadata import clean_url, ld_text, read_metadata
from .pubdate import settle_date
from .signals import (
    apply_signals,
    break_date_tie,
    date_strings,
    day_for_a_year,
    first_heading,
    headings,
    published_candidates,
    site_names,
)
from .tistory import apply_tistory, is_tistory
from .titles import complete_headline, prefer_visible_headline, site_keys, strip_site
from .wordpress import apply_wordpress, is_wordpress

__all__ = ["KINDS", "ExtractionError", "extract_page"]

KINDS = ("tistory", "wordpress", "generic")


class ExtractionError(ValueError):
    """The page holds no article: neither a title nor any body text was found."""


def extract_page(
    html: bytes | str,
    url: str,
    *,
    kind: str = "generic",
    default_tz: str = "Asia/Seoul",
    encoding: str | None = None,
) -> Article:
    """Extract one article from a fetched page.

    ``url`` is the fetched URL; the article's URL is the page's canonical URL when it declares
    one (tracking parameters dropped). ``kind`` selects platform rules; ``generic`` still
    recognises Tistory and WordPress pages by their markup. ``default_tz`` applies to dates
    written without an offset. ``encoding`` is the HTTP header's charset, if any.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown page kind {kind!r}; expected one of {', '.join(KINDS)}")
    tz = get_tz(default_tz)
    text = decode_html(html, encoding)
    tree = parse(text)  # the one parse: every stage, trafilatura and htmldate read this tree
    meta = read_metadata(tree, url)
    draft = Draft(url=meta.canonical or clean_url(url))
    apply_signals(meta, draft, tz, tree)
    if kind == "tistory" or (kind == "generic" and is_tistory(tree, meta)):
        apply_tistory(tree, meta, draft, tz)
    elif kind == "wordpress" or (kind == "generic" and is_wordpress(tree, meta)):
        apply_wordpress(tree, meta, draft, tz)
    if not draft.title and meta.html_title:
        draft.title = strip_site(meta.html_title, site_keys(site_names(meta, meta.article_ld() or {}), draft.url))
    ld_headline = ld_text((meta.article_ld() or {}).get("headline"))
    if not (draft.title and ld_headline and clean_inline(ld_headline) == clean_inline(draft.title)):
        # JSON-LD headline is the publisher's own statement of the headline: kept as written
        draft.title = prefer_visible_headline(draft.title, headings(tree)) or first_heading(tree)
    else:
        draft.title = complete_headline(draft.title, headings(tree))
    if draft.published is None:  # htmldate copies the tree before pruning it
        draft.published = generic_date(tree, url, tz)
    else:
        draft.published = break_date_tie(draft.published, meta, tree, url, tz)
    ld = meta.article_ld() or {}
    raw_dates = date_strings(meta, ld)
    draft.published = day_for_a_year(draft.published, raw_dates, tz)
    strings = dateline_strings(tree, (draft.title, meta.first("og:title"), meta.html_title), (draft.url, url))
    draft.published = local_instant(draft.published, strings)
    keys = site_keys(site_names(meta, ld), draft.url)
    draft.author = settle_author(draft.author, headline_byline(strings, keys)) or copyright_holder(tree)
    stated = published_candidates(meta, ld, tz)
    day = first_day(strings) or yearless_day(strings, draft.published)
    draft.published = settle_dateline(draft.published, day, stated, raw_dates, tz, first_clock(strings))
    draft.published = settle_date(draft.published, raw_dates, (draft.url, url), tz)
    if draft.body is None:  # no platform rule found a post container; this may edit the tree
        draft.body = generic_body(tree, url, draft.title) or script_html_body(tree, url, draft.title)
    title = clean_inline(draft.title or "")
    body = draft.body or ""
    if not title and not body:
        raise ExtractionError(f"no title and no body text found in {url}")
    return Article(
        url=draft.url,
        title=title,
        body=body,
        author=draft.author or None,
        published=draft.published,
        category=normalize_category(draft.category),
        tags=normalize_tags(draft.tags),
        lang=detect_lang(f"{title}\n{body}", meta.html_lang),
        site=draft.site or urlsplit(draft.url).hostname,
    )
