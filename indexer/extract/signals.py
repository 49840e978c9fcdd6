"""Fields from the skin-independent signals of ``metadata.PageMeta``, in order of reliability.

Structured data written for machines (Open Graph, ``article:*``, JSON-LD, Dublin Core) is
right far more often than anything inferred from the visible layout, so it goes first.
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo

from lxml.html import HtmlElement

from .authors import find_author
from .cleanup import clean_inline, split_tags
from .dates import parse_date
from .dom import text_of
from .draft import Draft
from .generic import generic_date
from .metadata import PageMeta, ld_names, ld_text
from .tistory import category_from_entry_info
from .titles import choose_headline, site_keys, strip_site

PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "article.published", "datepublished",
    "publishdate", "publish-date", "pubdate", "publication_date", "date", "dc.date.issued",
    "dc.date", "dcterms.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "og:published_time", "published_time", "article_date_original", "originalpublicationdate",
)

MODIFIED_KEYS = ("article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
                 "dcterms.modified", "last-modified")
# Publication times that, naming one day, outvote a publication time equal to the modified time.
_AGREEING = 2


def apply_signals(meta: PageMeta, draft: Draft, tz: tzinfo, tree: HtmlElement | None = None) -> None:
    """Fill title, author, published, tags and site from head metadata and JSON-LD.

    ``tree`` enables the visible-byline fallback for the author.
    """
    ld = meta.article_ld() or {}
    keys = site_keys(site_names(meta, ld), draft.url)
    headline, og_title = (strip_site(c, keys) if c else None
                          for c in (ld_text(ld.get("headline")), meta.first("og:title", "twitter:title")))
    draft.offer("title", choose_headline(headline, og_title))
    draft.offer("author", find_author(meta, ld, tree, keys))
    draft.offer("published", published_from_meta(meta, ld, tz))
    if meta.entry_info is not None:
        draft.category = category_from_entry_info(meta.entry_info)
        draft.category_known = True
    tags = list(meta.rel_tags)
    if not tags:
        keywords = ld.get("keywords")
        if isinstance(keywords, list):
            tags = [clean_inline(str(k)) for k in keywords]
        elif isinstance(keywords, str):
            tags = split_tags(keywords)
    draft.tags = tags
    draft.offer("site", clean_inline(meta.first("og:site_name") or "") or None)


def site_names(meta: PageMeta, ld: dict[str, object]) -> list[str]:
    """Names the site goes by, for stripping them from titles."""
    names = [meta.first("og:site_name"), meta.first("application-name"),
             (meta.first("twitter:site") or "").lstrip("@")]
    publisher = ld.get("publisher")
    names += ld_names(publisher) if publisher else []
    return [n for n in names if n]


def published_from_meta(meta: PageMeta, ld: dict[str, object], tz: tzinfo) -> datetime | None:
    """Publication time from meta tags and JSON-LD, else the first ``time[datetime]``."""
    found = published_candidates(meta, ld, tz)
    return found[0] if found else first_time_element(meta, tz)


def published_candidates(meta: PageMeta, ld: dict[str, object], tz: tzinfo) -> list[datetime]:
    """Every publication time the metadata states, most reliable key first.

    ``time[datetime]`` is not among them (it is only the last resort of ``published_from_meta``):
    the first one on a page is a comment's or a teaser's often enough not to outvote metadata.
    """
    candidates = [meta.first(key) for key in PUBLISHED_KEYS[:2]]
    candidates.append(ld_text(ld.get("datePublished")) if ld else None)
    candidates += [meta.first(key) for key in PUBLISHED_KEYS[2:]]
    candidates.append(ld_text(ld.get("dateCreated")) if ld else None)
    return [found for candidate in candidates if (found := parse_date(candidate, tz))]


def date_strings(meta: PageMeta, ld: dict[str, object]) -> list[str]:
    """Every date string of the page's metadata (published, modified, ``time[datetime]``)."""
    out = [meta.meta[key] for key in (*PUBLISHED_KEYS, *MODIFIED_KEYS) if key in meta.meta]
    out += [text for key in ("datePublished", "dateCreated", "dateModified") if (text := ld_text(ld.get(key)))]
    return out + meta.time_datetimes


def modified_times(meta: PageMeta, ld: dict[str, object], tz: tzinfo) -> list[datetime]:
    """Every modification time the metadata states (``article:modified_time``, ``dateModified``)."""
    texts = [meta.first(key) for key in MODIFIED_KEYS]
    texts.append(ld_text(ld.get("dateModified")) if ld else None)
    return [found for text in texts if (found := parse_date(text, tz))]


def day_for_a_year(found: datetime | None, raw: list[str], tz: tzinfo) -> datetime | None:
    """``found``, unless it is a bare 1 January and the page states a timestamp of another day:
    then the first such timestamp.

    A bare 1 January is a year written as a date: htmldate reads a copyright line or a
    year-only ``dateCreated`` (``01/01/2004``) so, and on ``web-eval`` and ``date-gold`` none of
    the five such dates was the page's day. A day the page states, even its modification time
    (``06/13/2019`` beside a visible ``Updated June 13, 2019``), is a real one.
    """
    if found is None or (found.month, found.day, found.time()) != (1, 1, time(0)):
        return found
    return next((day for text in raw if (day := parse_date(text, tz)) and day.date() != found.date()), found)


def first_heading(tree: HtmlElement) -> str | None:
    """The first non-empty ``<h1>``: the visible headline when no metadata names one."""
    return next(iter(headings(tree)), None)


def headings(tree: HtmlElement) -> list[str]:
    """The texts of the page's first ``<h1>`` elements (logos and section names are among them)."""
    return [text for heading in tree.xpath("//h1")[:5] if (text := clean_inline(text_of(heading)))]


def first_time_element(meta: PageMeta, tz: tzinfo) -> datetime | None:
    """The first ``time[datetime]``: the last resort when no metadata dates the page.

    Measured: asking htmldate before it was even on ``date-gold`` and cost two
    ``extraction-gold`` pages (a print-edition date beat the article's own ``time``).
    """
    return parse_date(meta.time_datetimes[0], tz) if meta.time_datetimes else None


def break_date_tie(found: datetime, meta: PageMeta, tree: HtmlElement, url: str, tz: tzinfo) -> datetime:
    """When the metadata's publication times name different days, htmldate's original date
    (which weighs every source on the page) picks among them; else ``found`` stays.

    On ``date-gold`` such pages mix a republication or update time into ``article:published_time``
    or JSON-LD (Medium, WordPress SEO plugins). Only timestamps with a time of day take part:
    a bare date beside them is often the print edition's (``extraction-gold``: ``junge Welt``).

    A publication time equal to a stated modification time is that edit copied into a
    publication key (``sailthru.date`` beside ``article:published_time`` and ``datePublished``):
    when at least two other publication times name one day, that day is taken without a vote
    (htmldate read the revision time on ``web-eval``). One against one is left to the vote:
    on ``date-gold`` a republished page keeps its old ``datePublished`` beside the new date.
    """
    ld = meta.article_ld() or {}
    candidates = [c for c in published_candidates(meta, ld, tz) if c.time() != time(0)]
    if len({c.date() for c in candidates}) < 2:
        return found
    edits = modified_times(meta, ld, tz)
    unedited = [c for c in candidates if c not in edits]
    if len(unedited) >= _AGREEING and len({c.date() for c in unedited}) == 1:
        return found if found.date() == unedited[0].date() else unedited[0]
    vote = generic_date(tree, url, tz)
    if vote is None:
        return found
    return next((c for c in candidates if c.date() == vote.date()), found)
