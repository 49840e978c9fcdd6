"""``newsarchive import`` of WARC files made by other tools (``wget --warc-file``, Heritrix, …).

A whole-site WARC holds much more than posts (listings, tag pages, feeds, images), so pages are
chosen the way a crawl would choose them: for ``--kind tistory`` by the entry URL shapes, else by
the sitemaps and feeds inside the WARC when there are any, else every HTML page. Chosen pages
are copied into our own archive (so ``rebuild`` covers them), extracted, and indexed; a page whose
body is already archived unchanged costs nothing. Stylesheets and images (``wget
--page-requisites``) are copied too, for the archived copies of the pages (:mod:`indexer.replay`).
Articles are owned by ``import``; a page's canonical is honoured only on the page's own origin,
and a record whose URL is not http(s) is reported and skipped.

A record's payload is read through :func:`indexer.limits.read_capped`: warcio decodes a
``Content-Encoding: gzip`` payload as it reads, so a 2 KB record can inflate to gigabytes; past
``max_bytes`` (10 MiB) the record is reported with its URL and skipped, and the rest is imported.
"""

from __future__ import annotations

import gzip
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from indexer.admission import admit
from indexer.discover import parse_feed, parse_sitemap
from indexer.extract import extract_page
from indexer.fetch import Response
from indexer.index_writer import IndexSink
from indexer.limits import MAX_PAGE_BYTES, TooLarge, read_capped
from indexer.ownership import IMPORT_OWNER
from indexer.pagestore import PageStore
from indexer.urls import canonical_url, is_tistory_entry
from search.article import RecordError, web_url_error
from search.textclean import clean_article

_HTML = ("text/html", "application/xhtml+xml")
# Page requisites an archived copy may show (README "Archived copy"): kept beside the pages.
REQUISITES = frozenset({"text/css", "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"})
_LISTS = ("xml", "rss", "atom")
_DROP = {"content-encoding", "transfer-encoding", "content-length"}


def is_warc(path: Path) -> bool:
    """True when ``path`` starts like a WARC file, compressed or not."""
    with open(path, "rb") as fh:
        head = fh.read(512)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _responses(path: Path) -> Iterator[tuple[ArchiveIterator, ArcWarcRecord]]:
    with open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            if record.rec_type == "response" and record.http_headers is not None:
                yield records, record


def _media_type(record: ArcWarcRecord) -> str:
    value = record.http_headers.get_header("Content-Type") or ""
    return value.split(";")[0].strip().lower()


def _status(record: ArcWarcRecord) -> int:
    code = record.http_headers.get_statuscode()
    return int(code) if code and code.isdigit() else 0


def _payload(record: ArcWarcRecord, max_bytes: int) -> bytes:
    """The record's HTTP payload (decoded by warcio), at most ``max_bytes``: :class:`TooLarge` past it."""
    encoding = record.http_headers.get_header("Content-Encoding")
    what = f"record body (decoded from Content-Encoding {encoding})" if encoding else "record body"
    return read_capped(record.content_stream(), max_bytes, what=what)


def _choose(
    path: Path, kind: str, max_bytes: int, report: Callable[[str], None]
) -> tuple[dict[str, int], dict[str, int], int, int]:
    """(canonical page URL -> offset of its latest 200 HTML response, stylesheet or image URL ->
    offset of its latest 200 response, records seen, records refused)."""
    pages: dict[str, int] = {}
    requisites: dict[str, int] = {}
    listed: set[str] = set()
    seen = refused = 0
    for records, record in _responses(path):
        seen += 1
        uri = record.rec_headers.get_header("WARC-Target-URI")
        media = _media_type(record)
        if _status(record) != 200 or not uri:
            continue
        if media in _HTML:
            pages[canonical_url(uri)] = records.get_record_offset()
        elif media in REQUISITES:
            requisites[uri] = records.get_record_offset()  # as pages name them: no canonical form
        elif any(word in media for word in _LISTS):
            try:
                body = _payload(record, max_bytes)
                listed.update(canonical_url(u) for u, _ in parse_sitemap(body, max_bytes)[0])
                listed.update(canonical_url(u) for u in parse_feed(body, max_bytes))
            except TooLarge as exc:
                refused += 1
                report(f"{path}: {uri}: {exc}; record skipped")
    if kind == "tistory":
        chosen = {url: off for url, off in pages.items() if is_tistory_entry(url)}
    elif listed:
        chosen = {url: off for url, off in pages.items() if url in listed}
    else:
        chosen = pages
    return chosen, requisites, seen, refused


def _response_at(path: Path, offset: int, max_bytes: int) -> Response:
    with open(path, "rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        http = record.http_headers
        content = _payload(record, max_bytes)
        date = record.rec_headers.get_header("WARC-Date") or ""
        try:
            fetched = datetime.fromisoformat(date.replace("Z", "+00:00"))
        except ValueError:
            fetched = datetime.now(UTC)
        status_text = (http.statusline or "").split(" ", 1)
        raw = [(k, v) for k, v in http.headers if k.lower() not in _DROP] + [("Content-Length", str(len(content)))]
        url = record.rec_headers.get_header("WARC-Target-URI")
        return Response(
            url=url,
            status=int(status_text[0]),
            headers={k.lower(): v for k, v in http.headers},
            content=content,
            requested_url=url,
            reason=status_text[1] if len(status_text) > 1 else "",
            http_version=http.protocol or "HTTP/1.1",
            raw_headers=raw,
            fetched_at=fetched,
        )


def import_warc(
    path: Path,
    sink: IndexSink,
    store: PageStore,
    *,
    kind: str,
    timezone: str,
    report: Callable[[str], None],
    max_bytes: int = MAX_PAGE_BYTES,
    progress: Callable[[], None] = lambda: None,
) -> Counter[str]:
    """Archive, extract and index the posts of one WARC file; counters say what happened.

    A record whose payload exceeds ``max_bytes`` once decoded is reported and skipped;
    ``progress`` is called once per page handled (a progress bar at a terminal).
    """
    counts: Counter[str] = Counter()
    try:
        chosen, requisites, counts["records"], counts["failed"] = _choose(path, kind, max_bytes, report)
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        report(f"{path}: not a readable WARC file ({exc})")
        counts["failed"] += 1
        return counts
    counts["pages"] = len(chosen)
    source = f"import:{path.name}"
    for url, offset in chosen.items():
        progress()
        if reason := web_url_error(url):
            counts["failed"] += 1
            report(f"{path}: record URL {reason}; skipped")
            continue
        try:
            resp = _response_at(path, offset, max_bytes)
            capture = store.add_if_changed(resp, role="page", source=source, kind=kind, timezone=timezone)
            if capture is None:
                counts["unchanged"] += 1
                continue
            article = extract_page(resp.content, resp.url, kind=kind, default_tz=timezone, encoding=resp.encoding)
        except Exception as exc:  # one bad record never stops the import
            counts["failed"] += 1
            skipped = "; record skipped" if isinstance(exc, TooLarge) else ""
            report(f"{path}: {url}: {exc or type(exc).__name__}{skipped}")
            continue
        counts["extracted"] += 1
        article, notes = admit(article, resp.url, None)
        for note in notes:
            report(f"{path}: {url}: {note}")
        store.set_article(capture.id, article.url)
        article, _ = clean_article(article)
        observed = store.revisions.observe(article, capture.id, resp.fetched_at)  # as ``update`` does
        try:
            counts[sink.add(article, IMPORT_OWNER, observed.stamp)] += 1
        except RecordError as exc:
            counts["failed"] += 1
            report(f"{path}: {url}: {exc}; skipped")
            continue
        store.revisions.keep(observed, IMPORT_OWNER)
    _import_requisites(path, requisites, store, source, max_bytes, counts, report)
    return counts


def _import_requisites(path: Path, requisites: dict[str, int], store: PageStore, source: str, max_bytes: int,
                       counts: Counter[str], report: Callable[[str], None]) -> None:
    """Copy the WARC's stylesheets and images into our archive (role ``resource``), so the
    archived copies of its pages show them; an unchanged one costs nothing."""
    for url, offset in requisites.items():
        if web_url_error(url):
            continue
        try:
            resp = _response_at(path, offset, max_bytes)
            if store.add_if_changed(resp, role="resource", source=source) is not None:
                counts["resources"] += 1
        except Exception as exc:  # one bad record never stops the import
            counts["failed"] += 1
            report(f"{path}: {url}: {exc or type(exc).__name__}; record skipped")

