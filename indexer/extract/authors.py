"""Author names: from structured data first, then the visible byline, cleaned into a
comma-separated list of names.

Author fields also hold e-mails and profile URLs; such a candidate is skipped and the next
source is tried. An organisation named as author (``Associated Press``) is kept: that is who
the page credits. The visible byline is read only when no metadata names anyone: it is
layout, and layouts put datelines, kickers and desk codes next to the names.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from .cleanup import clean_inline
from .dom import select, text_of
from .metadata import PageMeta, ld_names
from .titles import site_key_matches

AUTHOR_KEYS = (
    "author", "article:author", "by", "og.article.author", "og:article:author", "dc.creator",
    "dcterms.creator", "parsely-author", "sailthru.author", "byl", "cxenseparse:author",
)
BYLINE_SELECTORS = (
    '[itemprop="author"] [itemprop="name"]', '[itemprop="author"]', 'a[rel~="author"]', ".byline",
    '[class*="byline"]', '[class*="author"]',
)
_URLISH = re.compile(r"https?:|www\.|\S+@\S+\.\w+|^@|\.(?:com|net|org)/", re.I)
_PREFIX = re.compile(r"^(?:.{0,30}?\s)?(?:by|von|por|par|door|av|af)\s*:?\s+", re.I)
_SPLIT = re.compile(r"\s+(?:and|und|&)\s+|\s*[,;/|&·]\s*")
_PARENS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_DIGIT = re.compile(r"\d")
# What follows the names in a rendered byline: a date, or a word introducing one or a source.
_DATELINE = re.compile(
    r"\d|\b(?:Stand|Updated|Published|Posted|Veröffentlicht|Aktualisiert|Quelle|Source|Fuente|"
    r"Publié|Mis à jour|Publicado|Actualizado)\b", re.I)
_FUNCTION_WORDS = frozenset({"by", "von", "por", "par", "door", "av", "af", "am", "on", "the", "and"})
_MAX_WORDS = 5
_MAX_MATCHES = 3


def find_author(meta: PageMeta, ld: dict[str, Any], tree: HtmlElement | None, keys: set[str]) -> str | None:
    """Names from metadata, else from the visible byline (never the site's own name there)."""
    for raw in _meta_candidates(meta, ld):
        names = clean_names(raw)
        if names:
            return ", ".join(names)
    if tree is not None:
        for raw in _byline_candidates(tree):
            names = [n for n in clean_names(raw, visible=True) if not site_key_matches(n, keys)]
            if names:
                return ", ".join(names)
    return None


def clean_names(raw: str, *, visible: bool = False) -> list[str]:
    """Split one author string into names; drop e-mails, URLs and what is not a name.

    ``visible`` text is a rendered byline: it is cut before the first digit (the dateline
    that follows the names) and a leading ``By``/``Von:`` with a kicker before it is removed.
    """
    text = _PARENS.sub("", clean_inline(raw))
    if _URLISH.search(text):
        return []
    if visible:
        text = _DATELINE.split(text, 1)[0]
        text = _PREFIX.sub("", text)
    names: list[str] = []
    for part in _SPLIT.split(text):
        name = re.sub(r"^(?:by|von|por|par)\s*:?\s+", "", part.strip(" -–—:·…"), flags=re.I).strip()
        if (not name or len(name.split()) > _MAX_WORDS or len(name) > 60 or _DIGIT.search(name)
                or not re.search(r"[^\W\d_]", name) or (visible and not _looks_like_name(name))):
            continue
        if name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return names


def _looks_like_name(name: str) -> bool:
    """A visible name starts each word with a capital (or is in an uncased script like Hangul)."""
    words = name.split()
    if any(w.casefold() in _FUNCTION_WORDS for w in words[:1]):
        return False
    return all(not w[0].isalpha() or w[0].isupper() or not w[0].islower() for w in words[:1])


def _meta_candidates(meta: PageMeta, ld: dict[str, Any]) -> list[str]:
    names = ld_names(ld.get("author") or ld.get("creator"))
    out = [", ".join(names)] if names else []
    return out + [value for key in AUTHOR_KEYS if (value := meta.first(key))]


def _byline_candidates(tree: HtmlElement) -> list[str]:
    out: list[str] = []
    for selector in BYLINE_SELECTORS:
        out += [text_of(node) for node in select(tree, selector, _MAX_MATCHES)]
    return out
