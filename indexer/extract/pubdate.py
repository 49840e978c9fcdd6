"""Which calendar day a page was published on, in the publisher's own time zone.

Structured data often gives the publication instant in UTC (``2023-11-09T03:28:35Z``) while
the page, its URL and every reader see the local day (8 November in New York). The instant
is kept; only the offset it is written in is chosen, from the most direct evidence first:

1. a naive twin of the same instant elsewhere on the page (``sailthru.date`` of
   ``2023-11-08 22:28:35``, a ``time[datetime]`` without offset): the difference is the offset;
2. another page timestamp written with a non-zero offset (``2023-11-08T21:11:03-05:00``);
3. the complete date in the URL (``/2023/11/08/``), the publisher's own statement of the day:
   a UTC instant is written in the whole-hour offset nearest to UTC that puts it on that day.

The country of the domain is not used: on ``extraction-gold`` the gold keeps UTC dates of
``.de`` publishers as written, and on ``date-gold`` it fixed one page and broke another.

A URL date a week or more from the metadata's replaces it: htmldate trusts URL dates first
too, and on ``date-gold`` the metadata was then the one that was wrong (a re-published page
keeps its old URL; comments carry ``time`` elements). A gap of a day or two is kept: slugs are
often made when the draft is started.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from urllib.parse import unquote, urlsplit

from .dates import parse_date

# /2023/11/08/, -2023-11-08-, _2023_11_08, /20231108/ (a complete date, as htmldate reads URLs)
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=$|[/.])"
    r"|(?:^|[/_-])(?P<y1>(?:19|20)\d{2})(?P<s>[_-])(?P<m1>\d{1,2})(?P=s)(?P<d1>\d{1,2})(?=$|[/_.-])"
    r"|/(?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?=$|[/_.-])"
)
# A URL date this far from the metadata's names another event (re-publication, a comment's time).
_FAR = timedelta(days=7)
_NAIVE = re.compile(r"^\s*\d{4}-?\d{2}-?\d{2}[T ]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\s*$")
_OFFSET = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\s*(?:GMT|UTC)?\s*([+-])(\d{2}):?(\d{2})\s*(?:\(.*\))?\s*$")
_MIN_OFFSET, _MAX_OFFSET = timedelta(hours=-12), timedelta(hours=14)
# Offsets a URL's day may put a UTC instant in: wider ones would mean a slug made hours before.
_URL_MIN_OFFSET, _URL_MAX_OFFSET = -8, 10


def settle_date(found: datetime | None, raw: Iterable[str | None], urls: Iterable[str | None],
                default_tz: tzinfo) -> datetime | None:
    """``found`` written in the publisher's offset and moved to the URL's day when they differ.

    ``raw`` are the page's other date strings (meta values, JSON-LD, ``time[datetime]``);
    ``urls`` the canonical and fetched URLs.
    """
    if found is None:
        return None
    urls = [u for u in urls if u]
    if found.utcoffset() == timedelta(0):
        zone = _local_offset(found, [r for r in raw if r], default_tz)
        if zone is not None:
            found = found.astimezone(zone)
    day = url_date(urls)
    if day is None or found.date() == day:
        return found
    # Only an instant written in UTC gets a new offset; a local offset is the publisher's own.
    utc = found.utcoffset() == timedelta(0) and found.time() != time(0)
    shifted = offset_for_day(found, day) if utc else None
    if shifted is not None:
        return shifted
    if abs(found.date() - day) >= _FAR:
        return datetime(day.year, day.month, day.day, tzinfo=found.tzinfo)
    return found


def url_date(urls: Iterable[str]) -> date | None:
    """The first complete date in the path of one of ``urls``."""
    for url in urls:
        match = _URL_DATE.search(unquote(urlsplit(url).path))
        if match:
            y, m, d = next(match.group(*g) for g in (("y", "m", "d"), ("y1", "m1", "d1"), ("y2", "m2", "d2"))
                           if match.group(g[0]))
            try:
                return date(int(y), int(m), int(d))
            except ValueError:
                continue
    return None


def _local_offset(found: datetime, raw: list[str], default_tz: tzinfo) -> tzinfo | None:
    """The offset of the same instant written elsewhere, or another timestamp's offset."""
    for text in raw:
        if _NAIVE.match(text):
            wall = parse_date(text, default_tz)
            if wall is None:
                continue
            delta = wall.replace(tzinfo=None) - found.replace(tzinfo=None)
            if (delta and _MIN_OFFSET <= delta <= _MAX_OFFSET and delta % timedelta(minutes=15) == timedelta(0)
                    and wall.second == found.second):
                return timezone(delta)
            continue
        offset = _written_offset(text)
        if offset:
            return timezone(offset)
    return None


def _written_offset(text: str) -> timedelta | None:
    """The UTC offset a timestamp string ends with (``-05:00``, ``+0200``), if any."""
    match = _OFFSET.search(text)
    if not match:
        return None
    sign = -1 if match.group(1) == "-" else 1
    offset = sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
    return offset if _MIN_OFFSET <= offset <= _MAX_OFFSET else None


def offset_for_day(found: datetime, day: date) -> datetime | None:
    """``found`` in the whole-hour offset nearest to its own that falls on ``day``, if any.

    The offsets tried are those a publisher's own zone may have (UTC-8 to UTC+10): a day that
    only a wider one reaches names another instant.
    """
    utc = found.astimezone(UTC).replace(tzinfo=None)
    current = found.utcoffset() or timedelta(0)
    options = [timedelta(hours=h) for h in range(_URL_MIN_OFFSET, _URL_MAX_OFFSET + 1)]
    fitting = [o for o in options if (utc + o).date() == day]
    if not fitting:
        return None
    best = min(fitting, key=lambda o: abs(o - current))
    return found.astimezone(timezone(best))
