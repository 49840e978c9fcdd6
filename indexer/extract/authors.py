"""Author names: from structured data first, then the visible byline, cleaned into a
comma-separated list of person names.

Author fields also hold e-mails and profile URLs; a candidate that is one is skipped and the
next source is tried. An organisation named as author (``Associated Press``, the site itself)
is kept: that is who the page credits.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup

from .cleanup import clean_inline
from .metadata import PageMeta, ld_names

AUTHOR_KEYS = (
    "author", "article:author", "by", "og.article.author", "og:article:author", "dc.creator",
    "dcterms.creator", "parsely-author", "sailthru.author", "byl", "cxenseparse:author",
)
BYLINE_SELECTORS = (
    '[itemprop="author"] [itemprop="name"]', '[itemprop="author"]', 'a[rel~="author"]',
    ".byline a", ".byline", ".author-name", ".author__name", ".article-author", ".article__author",
    '[class*="byline"]', '[class*="author-name"]', '[class*="AuthorName"]',
)
_URLISH = re.compile(r"^(?:https?:|www\.|/|@)|\S+@\S+\.\w+|\.(?:com|net|org|de|kr)\b", re.I)
_PREFIX = re.compile(r"^(?:by|von|por|par|di|door|av|af|de|글|기자)\s*:?\s+", re.I)
_CONJUNCTION = re.compile(r"\s+(?:and|und|&|et|y|e|og|och|en|i)\s+|\s*[,;/|]\s*|\s+·\s+")
_PARENS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_MAX_WORDS = 6


def find_author(meta: PageMeta, ld: dict[str, Any], soup: BeautifulSoup | None) -> str | None:
    """The first candidate source that yields a person's name, as ``Name, Name``."""
    for raw in _candidates(meta, ld, soup):
        names = clean_names(raw)
        if names:
            return ", ".join(names)
    return None


def clean_names(raw: str) -> list[str]:
    """Split one author string into names; drop e-mails, URLs and what is not a name."""
    text = _PARENS.sub("", clean_inline(raw))
    if _URLISH.search(text):
        return []
    names: list[str] = []
    for part in _CONJUNCTION.split(text):
        name = _PREFIX.sub("", part.strip(" -–—:·")).strip()
        if (not name or len(name.split()) > _MAX_WORDS or len(name) > 60
                or not re.search(r"[^\W\d_]", name)):
            continue
        if name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return names


def _candidates(meta: PageMeta, ld: dict[str, Any], soup: BeautifulSoup | None) -> list[str]:
    out: list[str] = []
    names = ld_names(ld.get("author") or ld.get("creator"))
    if names:
        out.append(", ".join(names))
    out += [value for key in AUTHOR_KEYS if (value := meta.first(key))]
    if soup is not None:
        for selector in BYLINE_SELECTORS:
            node = soup.select_one(selector)
            if node is not None:
                out.append(node.get_text(" "))
    return out
