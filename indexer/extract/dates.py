"""Parse the date strings that pages actually carry into time-zone-aware datetimes.

Pages mix ISO 8601 (with or without offset, sometimes the compact ``20180119T00:45:26`` of old
Tistory JSON-LD), RFC 822 (feeds), Korean visible datelines (``2026. 1. 21. 14:05``,
``2026년 1월 21일 오후 2:05``) and English prose dates. A naive value means "local time of the
site", so it takes ``default_tz``; a value is rejected when it is not a plausible
publication date (before 1990 or more than a couple of days in the future).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

_ISO = re.compile(
    r"(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?"
)
# 2026. 1. 21. 14:05 / 2016.01.14 11:44 / 2011. 6. 27. / 2026/01/21 14:05
_DOTTED = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[./]\s*(?P<m>\d{1,2})\s*[./]\s*(?P<d>\d{1,2})\.?"
    r"(?:\s+(?P<ampm>오전|오후|AM|PM|am|pm)?\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"\s*(?P<ampm2>AM|PM|am|pm)?)?"
)
# 06/13/2019 / 11/01/2023 12:43:42: a machine-written slashed date is month first (US) unless
# the first number cannot be a month.
_SLASHED = re.compile(
    r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>AM|PM|am|pm)?)?\s*$"
)
# 2026년 1월 21일 (수) 오후 2:05
_KOREAN = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일"
    r"(?:\s*\(?[월화수목금토일]?\)?\s*(?P<ampm>오전|오후)?\s*(?P<H>\d{1,2})\s*[:시]\s*(?P<M>\d{1,2})?)?"
)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH_RE = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# January 21, 2026 / 21 January 2026 (optionally with a time)
_ENGLISH = re.compile(
    rf"(?:{_MONTH_RE}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE.replace('mon', 'mon2')}"
    r"\s*,?\s+(?P<y2>(?:19|20)\d{2}))"
    r"(?:,?\s+(?:at\s+)?(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
_MIN_YEAR = 1990


@lru_cache(maxsize=16)
def get_tz(name: str) -> tzinfo:
    """``ZoneInfo`` with a cache: ``extract_page`` is called per page with the same name."""
    return ZoneInfo(name)


def parse_date(value: str | None, default_tz: str | tzinfo = "Asia/Seoul") -> datetime | None:
    """Parse one date string; ``None`` when nothing plausible is found.

    Tries, in order, ISO 8601 (incl. compact), RFC 822, dotted, slashed (US order when
    ambiguous: it is how machine-written ``MM/DD/YYYY`` values come), Korean datelines and
    English prose.
    """
    if not value:
        return None
    tz = get_tz(default_tz) if isinstance(default_tz, str) else default_tz
    text = value.strip()
    for parser in (_parse_iso, _parse_rfc822, _parse_dotted, _parse_slashed, _parse_korean, _parse_english):
        found = parser(text, tz)
        if found is not None and _plausible(found):
            return found
    return None


def _plausible(value: datetime) -> bool:
    now = datetime.now(UTC)
    return value.year >= _MIN_YEAR and value <= now + timedelta(days=2)


def _build(y: str, m: str, d: str, hh: str | None, mm: str | None, ss: str | None,
           tz: tzinfo) -> datetime | None:
    try:
        return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=tz)
    except ValueError:
        return None


def _offset(text: str) -> tzinfo:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _parse_iso(text: str, tz: tzinfo) -> datetime | None:
    match = _ISO.match(text)
    if not match:
        return None
    g = match.groupdict()
    zone = _offset(g["tz"]) if g["tz"] and (g["H"] or g["tz"] == "Z" or ":" in g["tz"]) else tz
    return _build(g["y"], g["m"], g["d"], g["H"], g["M"], g["S"], zone)


def _parse_rfc822(text: str, tz: tzinfo) -> datetime | None:
    if not re.search(r"[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", text):
        return None
    try:
        found = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return found if found.tzinfo else found.replace(tzinfo=tz)


def _hour(hh: str | None, ampm: str | None) -> str | None:
    if hh is None or not ampm:
        return hh
    hour = int(hh) % 12
    if ampm.lower().startswith(("p", "오후")) or ampm == "오후":
        hour += 12
    return str(hour)


def _parse_dotted(text: str, tz: tzinfo) -> datetime | None:
    match = _DOTTED.search(text)
    if not match:
        return None
    g = match.groupdict()
    return _build(g["y"], g["m"], g["d"], _hour(g["H"], g["ampm"] or g["ampm2"]), g["M"], g["S"], tz)


def _parse_slashed(text: str, tz: tzinfo) -> datetime | None:
    match = _SLASHED.match(text)
    if not match:
        return None
    g = match.groupdict()
    month, day = (g["b"], g["a"]) if int(g["a"]) > 12 else (g["a"], g["b"])
    return _build(g["y"], month, day, _hour(g["H"], g["ampm"]), g["M"], g["S"], tz)


def _parse_korean(text: str, tz: tzinfo) -> datetime | None:
    match = _KOREAN.search(text)
    if not match:
        return None
    g = match.groupdict()
    return _build(g["y"], g["m"], g["d"], _hour(g["H"], g["ampm"]), g["M"], None, tz)


def _parse_english(text: str, tz: tzinfo) -> datetime | None:
    match = _ENGLISH.search(text)
    if not match:
        return None
    g = match.groupdict()
    mon = (g["mon"] or g["mon2"]).lower()[:3]
    year, day = g["y1"] or g["y2"], g["d1"] or g["d2"]
    return _build(year, str(_MONTHS[mon]), day, _hour(g["H"], g["ampm"]), g["M"], None, tz)
