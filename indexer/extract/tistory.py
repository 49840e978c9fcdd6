"""Tistory (Kakao's blog platform) post pages, across skins.

The server injects the same head into every skin (og/article metas, ``meta name=by``, JSON-LD,
``window.T.entryInfo``), which ``metadata`` reads. What varies by skin is where the visible
header, category link and post text sit; this module knows the few places Tistory skins use
(``tt_article_useless_p_margin`` for the text since ~2019, ``div.article``/``div.area_view``
before) and the platform boilerplate around the text.
"""

from __future__ import annotations

import re
from copy import deepcopy
from datetime import tzinfo

from lxml.html import HtmlElement

from .body import element_text
from .cleanup import clean_inline, drop_boilerplate
from .dates import parse_date
from .dom import select, select_one, text_of
from .draft import Draft
from .metadata import PageMeta

UNCATEGORISED = frozenset({"분류없음", "분류 없음", "미분류", "uncategorized"})
# Post containers, most specific first: the editor's div, then skin wrappers.
BODY_SELECTORS = (
    "div.tt_article_useless_p_margin", "#article-view", "div.article_view", "div.area_view",
    "div.entry-content", "div.article", "div.article-content", "div.post-content",
)
TITLE_SELECTORS = (
    "h3.tit_post", "div.area_title h3", ".hgroup h1", "h2.title-article", "h1.title-article",
    "#head h2", ".title_post", ".post-header h1", "h2.tit_post",
)
DATE_SELECTORS = (
    ".meta-date", "span.info_post", "span.txt_detail", ".post-meta .date", "span.date",
    ".date", "time",
)
CATEGORY_SELECTORS = (".tit_category a", ".tit_category", "a.category", ".category a", ".category")
_RELATED_HEAD = re.compile(r"^'?(.*?)'?\s*카테고리의\s*다른\s*글")


def is_tistory(tree: HtmlElement, meta: PageMeta) -> bool:
    """True for a Tistory post page, also on a custom domain (the injected head gives it away)."""
    if meta.entry_info is not None:
        return True
    if "tistory" in (meta.first("twitter:site") or "").lower():
        return True
    return select_one(tree, "div.tt_article_useless_p_margin") is not None


def apply_tistory(tree: HtmlElement, meta: PageMeta, draft: Draft, tz: tzinfo) -> None:
    """Fill what the page signals left empty from the skin's visible header and post body.

    The post container is copied before its boilerplate is dropped: later stages (htmldate)
    still read the whole page.
    """
    draft.offer("title", _first_text(tree, TITLE_SELECTORS))
    if meta.html_title and " :: " in meta.html_title:
        draft.offer("title", meta.html_title.rsplit(" :: ", 1)[0].strip())
    draft.offer("author", meta.blog_nickname)
    if not draft.published:
        for selector in DATE_SELECTORS:
            node = select_one(tree, selector)
            found = parse_date(text_of(node), tz) if node is not None else None
            if found:
                draft.published = found
                break
    if not draft.category_known:
        draft.category = category_from_page(tree)
        draft.category_known = True
    if draft.body is None:
        container = _body_container(tree)
        if container is not None:
            container = deepcopy(container)
            drop_boilerplate(container)
            draft.body = element_text(container)


def category_from_entry_info(info: dict[str, object]) -> str | None:
    """``entryInfo.categoryLabel`` is already ``Parent/Child``; ``null`` means uncategorised."""
    label = info.get("categoryLabel")
    return _category(label) if isinstance(label, str) else None


def category_from_page(tree: HtmlElement) -> str | None:
    """The post's category from the related-posts heading, else the header's category link.

    Never the sidebar list (``ul.tt_category``), which names every category of the blog.
    """
    heading = select_one(tree, ".another_category h4")
    if heading is not None:
        match = _RELATED_HEAD.match(clean_inline(text_of(heading)))
        if match:
            return _category(match.group(1))
    for selector in CATEGORY_SELECTORS:
        for node in select(tree, selector):
            if node.xpath("ancestor::aside or ancestor::*[contains(concat(' ', normalize-space(@class), ' '),"
                          " ' tt_category ')]"):
                continue
            return _category(text_of(node))
    return None


def _category(label: str) -> str | None:
    text = clean_inline(label).strip("'\" ")
    if not text or text.casefold() in UNCATEGORISED:
        return None
    parts = [p.strip() for p in re.split(r"\s*[>/]\s*", text) if p.strip()]
    return "/".join(parts) or None


def _first_text(tree: HtmlElement, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        node = select_one(tree, selector)
        if node is not None:
            text = clean_inline(text_of(node))
            if text:
                return text
    return None


def _body_container(tree: HtmlElement) -> HtmlElement | None:
    for selector in BODY_SELECTORS:
        node = select_one(tree, selector)
        if node is not None:
            return node
    return None
