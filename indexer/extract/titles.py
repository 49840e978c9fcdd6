"""Headline choice and site-name stripping.

``og:title`` and ``<title>`` usually carry the site's name (``Headline | Site``,
``Headline - Site | 28.04.2023``); JSON-LD ``headline`` usually does not. Segments are
stripped only when they look like the site (its ``og:site_name``, publisher or host name), a
date, or a ``by Author`` credit, so a headline with a dash in it stays whole.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .cleanup import clean_inline

_SEPARATOR = re.compile(r"\s+(?:[|\-–—:*·»/~]{1,2})\s+|\s*[ㅣ｜|]\s*")
_DATE_LIKE = re.compile(r"^[\d\s./:-]+$")
_KEY = re.compile(r"[\W_]+")
_GENERIC_HOST_LABELS = frozenset({"www", "m", "news", "com", "co", "net", "org", "de", "uk", "kr"})


def site_keys(site_names: list[str], url: str) -> set[str]:
    """Comparable keys for the site: alphanumerics of its names and of its host's labels."""
    keys = {_key(name) for name in site_names if _key(name)}
    host = (urlsplit(url).hostname or "").lower()
    labels = [label for label in host.split(".") if label not in _GENERIC_HOST_LABELS]
    if labels:
        keys.add(_key(labels[0]))
        keys.add(_key("".join(labels)))
    keys.add(_key(host.removeprefix("www.")))
    return {k for k in keys if len(k) >= 2}


def strip_site(title: str, keys: set[str]) -> str:
    """``title`` without leading/trailing segments that name the site, a date or a byline."""
    title = clean_inline(title)
    changed = True
    while changed:
        changed = False
        matches = list(_SEPARATOR.finditer(title))
        if not matches:
            break
        last, first = matches[-1], matches[0]
        if _is_site_segment(title[last.end():], keys):
            title, changed = title[: last.start()].strip(), True
        elif _is_site_segment(title[: first.start()], keys, leading=True):
            title, changed = title[first.end():].strip(), True
    return title


def _key(text: str) -> str:
    return _KEY.sub("", text.casefold())


def _is_site_segment(segment: str, keys: set[str], *, leading: bool = False) -> bool:
    segment = segment.strip()
    if not segment:
        return True
    if not leading and (_DATE_LIKE.match(segment) or segment.lower().startswith("by ")):
        return True
    return not _key(segment) or site_key_matches(segment, keys)


def site_key_matches(text: str, keys: set[str]) -> bool:
    """True when ``text`` names the site (equal keys, or one containing the other)."""
    key = _key(text)
    return bool(key) and any(
        key == k or (len(key) >= 4 and len(k) >= 4 and (key in k or k in key)) for k in keys
    )
