"""The raw page archive: every fetched answer kept in compressed WARC files, plus a catalogue.

Layout, beside the index generations::

    ROOT/archive/newsarchive-20260101T000000Z-1234-000.warc.gz   one file per run (rotated at 1 GB)
    ROOT/archive/catalogue.sqlite3                              captures and per-URL state

WARC (ISO 28500) through warcio, so ``warcio index``/``check`` and every replay tool read it;
each record is gzipped on its own, so the catalogue's (file, offset) opens one page without
reading the rest. The catalogue is what makes the crawl incremental (ETag, Last-Modified and
body hash of each URL's last good answer) and what ``rebuild`` walks (the latest good capture
of every canonical page). Each capture names the source that fetched it, which owns the
article the page makes (:mod:`indexer.ownership`); the ``sources`` table keeps each source's
origins, so ``rebuild`` applies the same canonical rule without the sources file.

Bodies are stored as httpx hands them over, i.e. after ``Content-Encoding`` is undone (the
size cap has to apply to decoded bytes anyway), so ``Content-Encoding``/``Transfer-Encoding``
are dropped from the stored headers and ``Content-Length`` is the stored length.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.fetch import Response
from indexer.ownership import Origin, owner_of_capture
from indexer.revisions import RevisionLog
from indexer.urls import canonical_url
from indexer.version import VERSION
from search.revisions import ARCHIVE_DIR, CATALOGUE

MAX_WARC_BYTES = 1024**3
GONE_STATUSES = (404, 410)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS captures (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,            -- the URL requested
    final_url TEXT NOT NULL,      -- after redirects
    canonical TEXT NOT NULL,      -- canonical form of final_url (before extraction)
    article_url TEXT,             -- the extracted article's URL (page-declared canonical)
    fetched_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT NOT NULL,   -- sha256 of the body
    content_type TEXT,
    warc_file TEXT NOT NULL,
    warc_offset INTEGER NOT NULL,
    warc_length INTEGER NOT NULL,
    role TEXT NOT NULL,           -- page, sitemap, feed, listing, robots
    source TEXT NOT NULL,
    kind TEXT NOT NULL,           -- extractor kind for pages
    timezone TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS captures_url ON captures(url);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    capture_id INTEGER,           -- latest 2xx capture (what a 304 stands for)
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    last_status INTEGER,
    last_checked TEXT,
    gone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY,
    origins TEXT NOT NULL         -- JSON list of [scheme, host, port] its articles may live on
);
"""


@dataclass(frozen=True)
class Capture:
    """One catalogue row: where an archived answer lives and what it was."""

    id: int
    url: str
    final_url: str
    canonical: str
    article_url: str | None
    fetched_at: str
    status: int
    etag: str | None
    last_modified: str | None
    content_hash: str
    content_type: str | None
    warc_file: str
    warc_offset: int
    warc_length: int
    role: str
    source: str
    kind: str
    timezone: str


@dataclass(frozen=True)
class UrlState:
    """What the last visit to a URL left behind (for conditional GETs and change detection)."""

    url: str
    capture_id: int | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    last_status: int | None
    last_checked: str | None
    gone: bool

    def conditional_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class StoredPage:
    """An archived answer read back: enough to extract it again."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes


def body_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_capture(archive_dir: Path, capture: Capture) -> StoredPage:
    """The archived answer of ``capture`` from the WARC files in ``archive_dir``.

    Needs no catalogue connection, so rebuild's extraction processes can read pages themselves.
    """
    with open(archive_dir / capture.warc_file, "rb") as fh:
        fh.seek(capture.warc_offset)
        record = next(iter(ArchiveIterator(fh)))
        headers = {k.lower(): v for k, v in record.http_headers.headers}
        status = int(record.http_headers.get_statuscode() or 0)
        return StoredPage(capture.final_url, status, headers, record.content_stream().read())


class PageStore:
    """The archive of one index root. Writes go to one WARC file per instance (a run)."""

    def __init__(self, root: Path) -> None:
        self.dir = root / ARCHIVE_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.dir / CATALOGUE)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)
        self.revisions = RevisionLog(self.db)  # the article revisions beside the captures
        self._file: BinaryIO | None = None
        self._writer: WARCWriter | None = None
        self._file_name = ""
        self._file_number = 0
        self._run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + f"-{os.getpid()}"

    # -- reading ---------------------------------------------------------------------------

    def state(self, url: str) -> UrlState | None:
        row = self.db.execute("SELECT * FROM urls WHERE url = ?", (url,)).fetchone()
        if row is None:
            return None
        return UrlState(
            url=row["url"], capture_id=row["capture_id"], etag=row["etag"], last_modified=row["last_modified"],
            content_hash=row["content_hash"], last_status=row["last_status"], last_checked=row["last_checked"],
            gone=bool(row["gone"]),
        )

    def capture(self, capture_id: int) -> Capture:
        row = self.db.execute("SELECT * FROM captures WHERE id = ?", (capture_id,)).fetchone()
        return Capture(**dict(row))

    def read(self, capture: Capture) -> StoredPage:
        """The archived answer of ``capture``, read from its WARC record."""
        return read_capture(self.dir, capture)

    def latest_pages(self) -> list[Capture]:
        """The newest good capture of every canonical page whose URL is not gone, oldest first;
        per owner, so a page of one source never displaces another source's capture."""
        rows = self.db.execute(
            "SELECT * FROM captures WHERE role = 'page' AND status BETWEEN 200 AND 299 "
            "AND url NOT IN (SELECT url FROM urls WHERE gone = 1) ORDER BY id"
        )
        latest: dict[tuple[str, str], Capture] = {}
        for row in rows:
            capture = Capture(**dict(row))
            key = (owner_of_capture(capture.source), capture.article_url or capture.canonical)
            latest.pop(key, None)
            latest[key] = capture
        return list(latest.values())

    def page_captures(self) -> list[Capture]:
        """Every page capture that answered 2xx or 404/410, oldest first: what ``rebuild`` walks
        to recount the revisions of every article and when it was removed at the source."""
        rows = self.db.execute(
            "SELECT * FROM captures WHERE role = 'page' AND (status BETWEEN 200 AND 299 OR status IN (?, ?))"
            " ORDER BY id", GONE_STATUSES,
        )
        return [Capture(**dict(row)) for row in rows]

    def origins_of(self, source: str) -> frozenset[Origin] | None:
        """The origins ``source`` had on its last crawl; None when it never recorded them."""
        row = self.db.execute("SELECT origins FROM sources WHERE name = ?", (source,)).fetchone()
        return None if row is None else frozenset(tuple(o) for o in json.loads(row[0]))

    def article_owners(self) -> dict[str, set[str]]:
        """Every article URL any archived page ever produced (gone ones included), with the owners
        of the pages that produced it."""
        rows = self.db.execute("SELECT DISTINCT article_url, source FROM captures WHERE article_url IS NOT NULL")
        owners: dict[str, set[str]] = {}
        for url, source in rows:
            owners.setdefault(url, set()).add(owner_of_capture(source))
        return owners

    def gone_urls(self) -> list[str]:
        """URLs whose last answer was 404/410 (the lead wires hiding their articles)."""
        return [row[0] for row in self.db.execute("SELECT url FROM urls WHERE gone = 1 ORDER BY url")]

    # -- writing ---------------------------------------------------------------------------

    def add(self, resp: Response, *, role: str, source: str, kind: str = "generic",
            timezone: str = "Asia/Seoul") -> Capture:
        """Archive a final answer (WARC response + request records) and catalogue it."""
        writer, fh = self._open_writer()
        headers = StatusAndHeaders(f"{resp.status} {resp.reason}".strip(), resp.raw_headers,
                                   protocol=resp.http_version)
        date = resp.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        record = writer.create_warc_record(
            resp.url, "response", payload=BytesIO(resp.content), length=len(resp.content),
            http_headers=headers, warc_headers_dict={"WARC-Date": date},
        )
        offset = fh.tell()
        writer.write_record(record)
        length = fh.tell() - offset
        if resp.request_headers:
            parts = urlsplit(resp.url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            request = writer.create_warc_record(
                resp.url, "request",
                http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", resp.request_headers, is_http_request=True),
                warc_headers_dict={
                    "WARC-Date": date,
                    "WARC-Concurrent-To": record.rec_headers.get_header("WARC-Record-ID"),
                },
            )
            writer.write_record(request)
        fh.flush()
        digest = body_hash(resp.content)
        requested = resp.requested_url or resp.url
        cursor = self.db.execute(
            "INSERT INTO captures (url, final_url, canonical, fetched_at, status, etag, last_modified,"
            " content_hash, content_type, warc_file, warc_offset, warc_length, role, source, kind, timezone)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (requested, resp.url, canonical_url(resp.url), resp.fetched_at.isoformat(), resp.status,
             resp.headers.get("etag"), resp.headers.get("last-modified"), digest, resp.headers.get("content-type"),
             self._file_name, offset, length, role, source, kind, timezone),
        )
        capture_id = int(cursor.lastrowid or 0)
        if 200 <= resp.status < 300:
            self._set_state(requested, source, resp.status, resp.fetched_at, capture_id=capture_id,
                            etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
                            content_hash=digest)
        else:
            self.checked(requested, source, resp.status, resp.fetched_at)
        return self.capture(capture_id)

    def add_if_changed(self, resp: Response, *, role: str, source: str, kind: str = "generic",
                       timezone: str = "Asia/Seoul") -> Capture | None:
        """Archive a 2xx answer unless its body hashes like the URL's last archived one; None then.

        This is what lets an unchanged page cost no extraction and no index write.
        """
        url = resp.requested_url or resp.url
        state = self.state(url)
        if state and state.capture_id and not state.gone and state.content_hash == body_hash(resp.content):
            self.checked(url, source, resp.status, resp.fetched_at)
            return None
        return self.add(resp, role=role, source=source, kind=kind, timezone=timezone)

    def checked(self, url: str, source: str, status: int, when: datetime) -> None:
        """Note an answer that was not archived (304, an unchanged body, a failure status)."""
        self._set_state(url, source, status, when)

    def set_origins(self, source: str, origins: frozenset[Origin]) -> None:
        """Remember the origins whose article URLs ``source`` may claim (see :meth:`origins_of`)."""
        self.db.execute("INSERT INTO sources (name, origins) VALUES (?, ?) ON CONFLICT(name) DO UPDATE"
                        " SET origins = excluded.origins", (source, json.dumps(sorted(origins))))

    def set_article(self, capture_id: int, article_url: str) -> None:
        """Record which article a page capture produced (rebuild groups captures by it)."""
        self.db.execute("UPDATE captures SET article_url = ? WHERE id = ?", (article_url, capture_id))

    def _set_state(self, url: str, source: str, status: int, when: datetime, *, capture_id: int | None = None,
                   etag: str | None = None, last_modified: str | None = None,
                   content_hash: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO urls (url, source, last_status, last_checked, gone) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(url) DO UPDATE SET source = excluded.source, last_status = excluded.last_status,"
            " last_checked = excluded.last_checked,"
            " gone = CASE WHEN excluded.last_status IN (404, 410) THEN 1"
            "             WHEN excluded.last_status < 400 THEN 0 ELSE gone END",
            (url, source, status, when.isoformat(), int(status in GONE_STATUSES)),
        )
        if capture_id is not None:
            self.db.execute(
                "UPDATE urls SET capture_id = ?, etag = ?, last_modified = ?, content_hash = ? WHERE url = ?",
                (capture_id, etag, last_modified, content_hash, url),
            )

    def _open_writer(self) -> tuple[WARCWriter, BinaryIO]:
        if self._file is not None and self._writer is not None and self._file.tell() < MAX_WARC_BYTES:
            return self._writer, self._file
        if self._file is not None:
            self._file.close()
        self._file_name = f"newsarchive-{self._run_id}-{self._file_number:03d}.warc.gz"
        self._file_number += 1
        self._file = open(self.dir / self._file_name, "ab")  # noqa: SIM115 - kept open for the run
        self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
        info = self._writer.create_warcinfo_record(
            self._file_name, {"software": f"newsarchive/{VERSION}", "format": "WARC File Format 1.1"}
        )
        self._writer.write_record(info)
        return self._writer, self._file

    def commit(self) -> None:
        """Make the catalogue's changes durable (after the index commit they describe)."""
        self.db.commit()

    def close(self, commit: bool = True) -> None:
        """Close the archive; ``commit=False`` drops the catalogue's changes since the last commit
        (after a failed index write, so the catalogue never claims pages the index lacks)."""
        if commit:
            self.commit()
        else:
            self.db.rollback()
        self.db.close()
        if self._file is not None:
            self._file.close()
