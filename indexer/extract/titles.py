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
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(https?://.+)$", re.I)
_GENERIC_HOST_LABELS = frozenset({"www", "m", "news", "com", "co", "net", "org", "de", "uk", "kr"})


def site_keys(site_names: list[str], url: str) -> set[str]:
    """Comparable keys for the site: alphanumerics of its names and of its host's labels.

    A page served from a web archive (``web.archive.org/web/2008…/http://www.dimido.de/…``) is
    the original site's page: that host counts too.
    """
    keys = {_key(name) for name in site_names if _key(name)}
    archived = _ARCHIVED.match(url)
    for address in (url, archived.group(1)) if archived else (url,):
        host = (urlsplit(address).hostname or "").lower()
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
    return not _key(segment) or _key(segment) in _GENERIC_KEYS or site_key_matches(segment, keys)


def site_key_matches(text: str, keys: set[str]) -> bool:
    """True when ``text`` names the site (equal keys, or one containing the other).

    Host names spell umlauts out (``Börsen-Zeitung`` at ``boersen-zeitung.de``), so the
    transliterated form of ``text`` is compared too. A text holding the site's name among many
    other words (a headline that mentions the publisher) does not name the site.
    """
    variants = {_key(text), _key(text.casefold().translate(_TRANSLITERATE))}
    return any(key and (key == k or (len(key) >= 4 and len(k) >= 4 and _contains(key, k)))
               for key in variants for k in keys)


def _contains(key: str, site: str) -> bool:
    return key in site or (site in key and len(key) <= len(site) + _SITE_EXTRA)


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
    "aktualności", "wiadomości", "untitled", "ohne titel", "blog archiv", "blog archive", "archiv", "archive",
})
_GENERIC_KEYS = frozenset(_key(name) for name in GENERIC_TITLES)
_JOINED_SPANS = re.compile(r"\s[:,.;!?]")
_SITE_EXTRA = 25  # characters a site's name may carry beside its key ("Cicero Online", "Redaktion X")
_DANGLING = frozenset("-–—|:·»/")
_CUT_LENGTH = 90  # characters: social and SEO fields are cut near 100 or 110
_MIN_WRAPPED = 10  # characters of a heading's key that a title may extend
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
    if _key(title) in _GENERIC_KEYS:
        return next((h for h in headings if _key(h) and _key(h) not in _GENERIC_KEYS), title)
    by_key = {_key(h): h for h in headings if _key(h)}
    for match in _SEGMENT_SEPARATOR.finditer(title):
        head, tail = title[: match.start()], title[match.end():]
        if _key(head) in by_key:
            return by_key[_key(head)]
        if _key(tail) in by_key and _DATE_LIKE.match(head):
            return by_key[_key(tail)]
    separators = list(_SEPARATOR.finditer(title))
    for first, second in zip(separators, separators[1:], strict=False):  # "Neu - <h1> - Vorstellung"
        middle = _key(title[first.end(): second.start()])
        if middle in by_key and len(middle) >= _MIN_WRAPPED:
            return by_key[middle]
    return next((h for h in headings if _wraps(title, h)), title)


def complete_headline(title: str, headings: list[str]) -> str:
    """``title`` or the ``<h1>`` it was cut from.

    Structured data is written to a length limit: a headline ending in an ellipsis, or one as
    long as such limits that a heading continues, is the start of the visible ``<h1>``.
    """
    cut = title.rstrip().endswith(("...", "…")) or len(title) >= _CUT_LENGTH
    if not cut:
        return title
    key = _key(title)
    return next((h for h in headings if len(_key(h)) > len(key) and _key(h).startswith(key)), title)


def _wraps(title: str, heading: str) -> bool:
    """``title`` is ``heading`` with something the reader does not see as the headline.

    The same words ending in a dangling separator (``Pferdesport bei Olympia dabei -``), a
    suffix without a separator (``… Marshmallows Rezept``,
    ``… zu zahlen« (neues deutschland)``) or a social title cut short with an ellipsis. A
    heading whose spans were joined with a space before punctuation (``Kicker : Headline``) is
    markup, not the headline as written.
    """
    title_key, heading_key = _key(title), _key(heading)
    if not heading_key or _JOINED_SPANS.search(heading):
        return False
    if title_key == heading_key:  # the same words: only a dangling separator makes the title worse
        return title.rstrip()[-1:] in _DANGLING
    if len(heading_key) >= _MIN_WRAPPED and title_key.startswith(heading_key):
        return True
    return title.rstrip().endswith(("...", "…")) and heading_key.startswith(title_key)
