"""The archived copies of articles: which captures the page archive holds for an article, and one
of them replayed as a safe document.

A read-only reader of the crawler's page archive (``ROOT/archive``: ``catalogue.sqlite3`` and
the WARC files, :mod:`indexer.pagestore`); it never writes there. The catalogue is opened
read-only for each call, so a running ``update`` is never blocked and its commits show at once.

Which articles have captures is asked for every hit of every search page, and the catalogue
has no index on the article URL, so the page captures are read once into :class:`_Holdings`
(article id -> capture ids, page URL -> article id) and read again only when the catalogue
files change (their size and modification time).

Replays are made when asked (:meth:`Captures.replay`), not at crawl time: the sanitiser can
then be tightened and every capture benefits, and nothing but the untouched answer is stored
(README "Archived copy").
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from indexer.pagestore import ARCHIVE_DIR, CATALOGUE, Capture, read_capture
from indexer.replay import SafeDocument, safe_document
from search.article import article_id

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"})
STYLESHEET_TYPE = "text/css"
MAX_RESOURCE_BYTES = 8 * 1024 * 1024
MAX_STYLESHEET_BYTES = 512 * 1024
KEPT_REPLAYS = 16
RECHECK_SECONDS = 1.0  # how stale "which articles have copies" may be (a search page asks per hit)
_GOOD_PAGE = "role = 'page' AND status BETWEEN 200 AND 299"


@dataclass(frozen=True, slots=True)
class CaptureInfo:
    """One archived answer of an article's page, as the banner and the API describe it."""

    id: int
    fetched_at: datetime
    url: str
    status: int
    content_type: str | None

    @property
    def at(self) -> str:
        """The ``?at=`` value that selects this capture (its time, ISO 8601 with offset)."""
        return self.fetched_at.isoformat()


@dataclass(frozen=True, slots=True)
class Resource:
    """An archived image: what to send back for it."""

    content_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class _Holdings:
    by_article: dict[str, tuple[int, ...]]  # article id -> page capture ids, oldest first
    by_url: dict[str, str]  # requested or final URL of a page capture -> article id
    stamp: tuple[int, ...]


def _info(capture: Capture) -> CaptureInfo:
    return CaptureInfo(capture.id, datetime.fromisoformat(capture.fetched_at), capture.final_url, capture.status,
                       capture.content_type)


def choose(captures: list[CaptureInfo], at: datetime | None) -> CaptureInfo:
    """The capture ``?at=`` asks for: the last one taken at or before ``at``, else the first
    (as the Wayback Machine answers a time between captures); the newest without ``at``."""
    if at is None:
        return captures[-1]
    before = [c for c in captures if c.fetched_at <= at]
    return before[-1] if before else captures[0]


def parse_at(value: str) -> datetime:
    """A ``?at=`` value: ISO 8601 with an offset, or 14 digits ``YYYYMMDDhhmmss`` in UTC (the
    Wayback form). Raises ValueError."""
    text = value.strip()[:40].replace(" ", "+")  # a "+" typed into a URL arrives as a space
    if len(text) == 14 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:8]}T{text[8:10]}:{text[10:12]}:{text[12:]}+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("the time needs a UTC offset")
    return moment


class Captures:
    """The archived copies held under one index root (safe to share between threads)."""

    def __init__(self, root: Path) -> None:
        self.dir = Path(root) / ARCHIVE_DIR
        self._lock = threading.Lock()
        self._holdings: _Holdings | None = None
        self._checked = float("-inf")
        self._replays: OrderedDict[tuple[int, str, tuple[int, ...]], SafeDocument] = OrderedDict()

    def _connect(self) -> sqlite3.Connection | None:
        path = self.dir / CATALOGUE
        if not path.exists():
            return None
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        db.row_factory = sqlite3.Row
        return db

    def _stamp(self) -> tuple[int, ...]:
        stamp: list[int] = []
        for name in (CATALOGUE, CATALOGUE + "-wal"):
            try:
                st = os.stat(self.dir / name)
                stamp += [st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                stamp += [0, 0]
        return tuple(stamp)

    def _held(self) -> _Holdings:
        held, now = self._holdings, time.monotonic()
        if held is not None and now - self._checked < RECHECK_SECONDS:
            return held
        stamp = self._stamp()
        self._checked = now
        if held is not None and held.stamp == stamp:
            return held
        with self._lock:
            if self._holdings is not None and self._holdings.stamp == stamp:
                return self._holdings
            by_article: dict[str, list[int]] = {}
            by_url: dict[str, str] = {}
            db = self._connect()
            if db is not None:
                try:
                    rows = db.execute(f"SELECT id, url, final_url, article_url FROM captures WHERE {_GOOD_PAGE}"
                                      " AND article_url IS NOT NULL ORDER BY id")
                    for capture_id, url, final_url, article_url in rows:
                        key = article_id(article_url)
                        by_article.setdefault(key, []).append(capture_id)
                        by_url[url] = by_url[final_url] = by_url[article_url] = key
                finally:
                    db.close()
            self._holdings = _Holdings({k: tuple(v) for k, v in by_article.items()}, by_url, stamp)
            return self._holdings

    def has_copy(self, url: str) -> bool:
        """Whether the archive holds a capture of the article (or page) at ``url``."""
        return url in self._held().by_url

    def article_of(self, url: str) -> str | None:
        """The id of the article whose page was captured at ``url`` (a link target), if any."""
        return self._held().by_url.get(url)

    def of_article(self, article: str) -> list[CaptureInfo]:
        """The good captures of the article ``article`` (an id), oldest first; empty when none."""
        ids = self._held().by_article.get(article, ())
        return [_info(c) for c in self._rows(ids)]

    def _rows(self, ids: tuple[int, ...] | list[int]) -> list[Capture]:
        db = self._connect()
        if db is None or not ids:
            return []
        try:
            marks = ",".join("?" * len(ids))
            rows = db.execute(f"SELECT * FROM captures WHERE id IN ({marks}) ORDER BY fetched_at, id", list(ids))
            return [Capture(**dict(row)) for row in rows]
        finally:
            db.close()

    def replay(self, capture: CaptureInfo, links: ReplayHrefs) -> SafeDocument:
        """The capture as a safe document, its links and images pointing where ``links`` says.

        The last few are kept (a capture never changes; a reload asks again), per ``links.key``
        and per state of the catalogue (a link target captured since then changes the links).
        """
        key = (capture.id, links.key, self._held().stamp)
        with self._lock:
            found = self._replays.get(key)
            if found is not None:
                self._replays.move_to_end(key)
                return found
        document = self._page_document(capture.id, links)
        with self._lock:
            self._replays[key] = document
            while len(self._replays) > KEPT_REPLAYS:
                self._replays.popitem(last=False)
        return document

    def _page_document(self, capture_id: int, links: ReplayHrefs) -> SafeDocument:
        (capture,) = self._rows([capture_id])
        page = read_capture(self.dir, capture)
        charset = _charset(capture.content_type)
        db = self._connect()
        if db is None:
            raise FileNotFoundError(self.dir / CATALOGUE)
        try:
            return safe_document(page.content, capture.final_url, _Resolver(self, db, capture, links), charset=charset)
        finally:
            db.close()

    def resource(self, capture_id: int) -> Resource | None:
        """The archived image ``capture_id``; None when it is not one (a page, a stylesheet...)."""
        found = self._rows([capture_id])
        if not found or not 200 <= found[0].status < 300 or found[0].warc_length > MAX_RESOURCE_BYTES:
            return None
        kind = (found[0].content_type or "").split(";")[0].strip().lower()
        if kind not in IMAGE_TYPES:
            return None
        return Resource(kind, read_capture(self.dir, found[0]).content)

    @staticmethod
    def resource_at(db: sqlite3.Connection, url: str, kinds: frozenset[str], near: Capture) -> Capture | None:
        """The good capture of ``url`` of one of ``kinds`` nearest in time to the page capture
        ``near`` (the last one taken at or before it, else the first after)."""
        rows = db.execute("SELECT * FROM captures WHERE url = ? AND status BETWEEN 200 AND 299 ORDER BY id",
                          (url,)).fetchall()
        found = [Capture(**dict(r)) for r in rows]
        found = [c for c in found if (c.content_type or "").split(";")[0].strip().lower() in kinds]
        if not found:
            return None
        before = [c for c in found if c.fetched_at <= near.fetched_at]
        return before[-1] if before else found[0]


@dataclass(frozen=True, slots=True)
class ReplayHrefs:
    """How the app addresses what a replay links to (it knows its routes and script root)."""

    article: Callable[[str], str]  # article id -> its archived copy
    resource: Callable[[int], str]  # capture id -> the archived image; must start with "/"
    key: str = ""  # tells replays apart in the cache when the hrefs differ (the script root)


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"') or None
    return None


class _Resolver:
    """:class:`indexer.replay.ReplayLinks` over the catalogue, for one page capture: one
    connection, and each URL looked up once (a page names its icons and links many times)."""

    def __init__(self, captures: Captures, db: sqlite3.Connection, page: Capture, links: ReplayHrefs) -> None:
        self.captures, self.db, self.page_capture, self.links = captures, db, page, links
        self.held = captures._held()
        self.images: dict[str, str | None] = {}

    def page(self, url: str) -> str | None:
        target = self.held.by_url.get(url)
        return self.links.article(target) if target else None

    def image(self, url: str) -> str | None:
        if url not in self.images:
            found = self.captures.resource_at(self.db, url, IMAGE_TYPES, self.page_capture)
            self.images[url] = self.links.resource(found.id) if found else None
        return self.images[url]

    def stylesheet(self, url: str) -> tuple[str, str] | None:
        found = self.captures.resource_at(self.db, url, frozenset({STYLESHEET_TYPE}), self.page_capture)
        if found is None or found.warc_length > MAX_STYLESHEET_BYTES:
            return None
        sheet = read_capture(self.captures.dir, found)
        return found.final_url, sheet.content.decode(_charset(found.content_type) or "utf-8", errors="replace")
