"""Skin-independent page signals: the head metadata, JSON-LD and the few markup conventions
(``a[rel=tag]``, ``time[datetime]``, Tistory's ``window.T.entryInfo``) that do not depend on
the theme.

Only the FIRST occurrence of each signal counts: authors paste whole HTML documents into
posts, and the copy's ``<meta>``/``<title>``/``entryInfo`` come after the page's own.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml.html import HtmlElement

from .cleanup import clean_inline, split_tags
from .dom import css_to_xpath, text_of

_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle",
    "scholarlyarticle", "socialmediaposting", "liveblogposting", "posting", "report",
}
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref_src|"
    r"cmpid|ocid|sr_share|spm)$",
    re.IGNORECASE,
)
_ENTRY_INFO = re.compile(r"window\.T\.entryInfo\s*=\s*(\{.*?\})\s*;", re.DOTALL)
_BLOG_NICK = re.compile(r'"BLOG"\s*:\s*\{[^{}]*?"nickName"\s*:\s*"((?:[^"\\]|\\.)*)"')


@dataclass
class PageMeta:
    """Raw signals of one page, each the first page-level value found (or empty)."""

    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    html_title: str | None = None
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    entry_info: dict[str, Any] | None = None
    blog_nickname: str | None = None
    rel_tags: list[str] = field(default_factory=list)
    time_datetimes: list[str] = field(default_factory=list)
    html_lang: str | None = None

    def first(self, *keys: str) -> str | None:
        """The first non-empty meta value among ``keys`` (names/properties, lower case)."""
        for key in keys:
            value = self.meta.get(key)
            if value:
                return value
        return None

    def article_ld(self) -> dict[str, Any] | None:
        """The first JSON-LD object typed as an article/posting, else the first with a headline."""
        for obj in self.jsonld:
            if ld_types(obj) & _ARTICLE_TYPES:
                return obj
        for obj in self.jsonld:
            if obj.get("headline") and not ld_types(obj) & {"website", "organization", "person"}:
                return obj
        return None


def read_metadata(tree: HtmlElement, url: str) -> PageMeta:
    """Collect every page-level signal in one pass over the parsed document."""
    page = PageMeta()
    for tag in tree.iter("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or ""
        key = key.strip().lower()
        content = tag.get("content")
        if key and content and content.strip() and key not in page.meta:
            page.meta[key] = content.strip()
    for title in tree.iter("title"):
        page.html_title = clean_inline(text_of(title)) or None
        break
    page.canonical = _canonical(tree, page.meta, url)
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        text = script.text or ""
        if "ld+json" in kind:
            page.jsonld.extend(_jsonld_objects(text))
        elif page.entry_info is None and "window.T.entryInfo" in text:
            match = _ENTRY_INFO.search(text)
            if match:
                try:
                    page.entry_info = json.loads(match.group(1))
                except ValueError:
                    page.entry_info = None
        if page.blog_nickname is None and '"nickName"' in text:
            match = _BLOG_NICK.search(text)
            if match:
                page.blog_nickname = json.loads(f'"{match.group(1)}"') or None
    seen: set[str] = set()
    for link in tree.xpath(css_to_xpath('a[rel~="tag"]')):  # any token of a multi-valued rel
        for name in split_tags(text_of(link)):
            if name.casefold() not in seen:
                seen.add(name.casefold())
                page.rel_tags.append(name)
    page.time_datetimes = [str(t.get("datetime")) for t in tree.xpath("//time[@datetime]")][:10]
    root = tree.getroottree().getroot()
    if root.get("lang"):
        page.html_lang = str(root.get("lang")).strip().lower() or None
    return page


def clean_url(url: str) -> str:
    """Drop tracking parameters (utm_*, fbclid, ...) and the fragment; keep everything else."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def _canonical(tree: HtmlElement, meta: dict[str, str], url: str) -> str | None:
    candidates: list[str] = []
    for link in tree.iter("link"):
        href = link.get("href")
        if href and "canonical" in (link.get("rel") or "").lower().split():
            candidates.append(href)
            break
    if meta.get("og:url"):
        candidates.append(meta["og:url"])
    for candidate in candidates:
        if "{{" in candidate:  # an unrendered template placeholder, not a URL
            continue
        absolute = urljoin(url, candidate.strip()) if url else candidate.strip()
        parts = urlsplit(absolute)
        if parts.scheme in ("http", "https") and parts.netloc:
            return clean_url(absolute)
    return None


def ld_types(obj: dict[str, Any]) -> set[str]:
    """The lower-cased ``@type`` names of a JSON-LD object."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _jsonld_objects(text: str) -> list[dict[str, Any]]:
    """All objects of one JSON-LD block, flattening lists and ``@graph``; broken JSON gives []."""
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    try:
        data = json.loads(text, strict=False)
    except ValueError:
        return []
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[0:0] = item
        elif isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack[0:0] = graph
    return out


def ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD ``author``/``creator`` value: a string, a Person, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = " ".join(str(n) for n in name)
            if isinstance(name, str):
                names.append(name)
    return [clean_inline(_unescape(n)) for n in names if clean_inline(n)]


def ld_text(value: Any) -> str | None:
    """A JSON-LD scalar as clean text (first element of a list)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return clean_inline(_unescape(value)) if isinstance(value, str) and value.strip() else None


def _unescape(text: str) -> str:
    """JSON-LD is often written with HTML entities (``&#8217;``) that no parser decodes."""
    return html.unescape(text) if "&" in text else text
