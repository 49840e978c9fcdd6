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
# "Kicker: Headline" / "Kicker - Headline": a short overline written before the headline proper.
_KICKER = re.compile(r"^(.{3,60}?)(?::| -| –)\s+(.+)$", re.DOTALL)
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
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
    """True when ``text`` names the site (equal keys, or one containing the other).

    Host names spell umlauts out (``Börsen-Zeitung`` at ``boersen-zeitung.de``), so the
    transliterated form of ``text`` is compared too.
    """
    variants = {_key(text), _key(text.casefold().translate(_TRANSLITERATE))}
    return any(
        key and (key == k or (len(key) >= 4 and len(k) >= 4 and (key in k or k in key)))
        for key in variants for k in keys
    )


def choose_headline(headline: str | None, og_title: str | None) -> str | None:
    """The headline proper from JSON-LD ``headline`` and ``og:title`` (both site-stripped).

    JSON-LD goes first, except when one of the two is the other with a kicker (overline)
    in front (``Kicker: Headline``): then the one without it is the headline. Measured on
    ``extraction-gold``: +4 titles, none lost.
    """
    if headline and og_title and _key(headline) != _key(og_title):
        for longer, shorter in ((headline, og_title), (og_title, headline)):
            match = _KICKER.match(longer)
            if match and _key(match.group(2)) == _key(shorter):
                return shorter
    return headline or og_title


# Names of a section or of the site's front page, never an article's headline.
GENERIC_TITLES = frozenset({
    "home", "homepage", "startseite", "start", "aktuelles", "aktuell", "news", "neuigkeiten", "nachrichten",
    "blog", "artikel", "beitrag", "themen", "presse", "pressemitteilungen", "medienmitteilungen",
    "pressemeldungen", "meldungen", "accueil", "actualites", "actualités", "inicio", "noticias", "portada",
    "aktualności", "wiadomości", "untitled", "ohne titel",
})
_SEGMENT_SEPARATOR = re.compile(r"\s+(?:[|\-–—:*·»/~]{1,2})\s+|\s*[ㅣ｜|]\s*|\s*:\s+")


def prefer_visible_headline(title: str | None, headings: list[str]) -> str | None:
    """The page's visible ``<h1>`` instead of a social or SEO title that wraps it.

    ``og:title`` and ``<title>`` add what the reader does not see as the headline: a section
    or site segment the site keys do not name (``Tomaten richtig schneiden - Tipp mit Bild``) or
    a leading date (``08.11.2021 | Online-Fachtag``). When the title starts with an ``<h1>``
    followed by a separator, that heading is the headline. A leading kicker stays
    (``Kenia: Nairobi von unten`` over the ``<h1>`` ``Nairobi von unten``: ``extraction-gold``
    keeps kickers). A generic name (``Aktuelles``, ``Home``) gives way to the first ``<h1>``.
    """
    if not title or not headings:
        return title
    if _key(title) in {_key(g) for g in GENERIC_TITLES}:
        return next((h for h in headings if _key(h) and _key(h) not in {_key(g) for g in GENERIC_TITLES}), title)
    by_key = {_key(h): h for h in headings if _key(h)}
    for match in _SEGMENT_SEPARATOR.finditer(title):
        head, tail = title[: match.start()], title[match.end():]
        if _key(head) in by_key:
            return by_key[_key(head)]
        if _key(tail) in by_key and _DATE_LIKE.match(head):
            return by_key[_key(tail)]
    return title
