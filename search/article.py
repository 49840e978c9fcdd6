"""The article record: the one shape that flows from the indexer into the index and out of search.

It mirrors the JSON Lines import format (see ``../shared/README.md``) so that ``newsarchive
import``, ``newsarchive extract`` and the crawler all speak the same language.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit


class RecordError(ValueError):
    """A record that cannot become an article; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class Article:
    """One normalised article.

    ``published`` is always time-zone aware (or ``None``); ``category`` is a ``Parent/Child`` path;
    ``tags`` keep their display spelling and page order, de-duplicated case-insensitively.
    """

    url: str
    title: str
    body: str = ""
    author: str | None = None
    published: datetime | None = None
    category: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    lang: str | None = None
    site: str | None = None

    @property
    def id(self) -> str:
        """A stable id derived from the canonical URL, short enough for URLs."""
        return article_id(self.url)

    def to_json(self) -> dict[str, Any]:
        """The import-format dict (``published`` as ISO 8601 with offset)."""
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_json(cls, data: Any) -> Article:
        """Build an article from an import-format dict, ignoring keys it does not know.

        Raises :class:`RecordError` naming the bad field.
        """
        if not isinstance(data, dict):
            raise RecordError("record is not a JSON object")
        url = data.get("url")
        if not isinstance(url, str):
            raise RecordError("field 'url' must be an absolute http(s) URL")
        if reason := web_url_error(url):
            raise RecordError(f"field 'url' {reason}")
        title = _text(data, "title") or ""
        body = _text(data, "body") or ""
        if not title and not body:
            raise RecordError("record has neither 'title' nor 'body'")
        published = data.get("published")
        if published is not None:
            if not isinstance(published, str):
                raise RecordError("field 'published' must be an ISO 8601 string or null")
            try:
                published = datetime.fromisoformat(published)
            except ValueError as exc:
                raise RecordError(f"field 'published' is not ISO 8601: {published!r}") from exc
            if published.tzinfo is None:
                raise RecordError("field 'published' has no UTC offset")
        tags = data.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise RecordError("field 'tags' must be a list of strings")
        site = _text(data, "site") or urlsplit(url).hostname
        return cls(
            url=url,
            title=title,
            body=body,
            author=_text(data, "author"),
            published=published,
            category=normalize_category(_text(data, "category")),
            tags=normalize_tags(tags),
            lang=_text(data, "lang"),
            site=site,
        )

    def to_json_line(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)


def is_date_only(published: datetime) -> bool:
    """Whether a timestamp stands for a calendar day without a time of day. The import format has
    no date-only form, so a day is written as midnight in the record's own offset (the extractors
    do the same when a page states only a date, and rank timed candidates above it): such a
    record is shown as its date, not as "12:00 AM" nor shifted into another zone's day."""
    return (published.hour, published.minute, published.second, published.microsecond) == (0, 0, 0, 0)


def web_url_error(url: str) -> str | None:
    """Why ``url`` cannot be an article's URL, or None when it is an absolute http(s) URL.

    Article URLs become links in the UI, the Atom feed and the API: a ``javascript:`` or ``data:``
    URL there runs script in the reader's browser, so nothing but http(s) enters the index.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return f"is not a valid URL: {url[:80]!r}"
    if not parts.scheme:
        return f"must be an absolute http(s) URL, got {url[:80]!r}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"must be an http(s) URL, not {parts.scheme.lower()[:20]}:"
    if not host:
        return f"has no host: {url[:80]!r}"
    return None


def article_id(url: str) -> str:
    """16 hex characters of SHA-1 over the URL: stable across rebuilds and machines."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def normalize_text(value: str) -> str:
    """NFC, non-breaking spaces to spaces, runs of blanks collapsed, ends trimmed."""
    value = unicodedata.normalize("NFC", value).replace("\u00a0", " ")
    return " ".join(value.split())


def normalize_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Trim, drop empties, and de-duplicate case-insensitively keeping the first spelling."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        clean = normalize_text(tag).lstrip("#").strip()
        key = clean.casefold()
        if clean and key not in seen:
            seen.add(key)
            out.append(clean)
    return tuple(out)


def normalize_category(value: str | None) -> str | None:
    """``Parent > Child`` or ``Parent/Child`` with stray blanks becomes ``Parent/Child``."""
    if not value:
        return None
    parts = [normalize_text(p) for p in value.replace(">", "/").split("/")]
    parts = [p for p in parts if p]
    return "/".join(parts) or None


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"field {key!r} must be a string")
    value = unicodedata.normalize("NFC", value).strip()
    return value or None
