"""Finding a source's post URLs: sitemaps (index files and gzipped ones), RSS/Atom feeds, and for
Tistory the listing pages (``/category?page=N``, ``/archive/YYYYMM``).

Every URL is folded to its canonical form (:mod:`indexer.urls`) before it is counted, so a post
listed as ``/m/123`` in one place and ``/123?utm_source=rss`` in another is fetched once.
Discovery documents are fetched through the caller's ``get`` so they are archived and
revalidated like pages (a second run over an unchanged site answers them from the archive).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from indexer.config import Source
from indexer.limits import MAX_PAGE_BYTES, BadEncoding, TooLarge, gunzip
from indexer.urls import canonical_url, is_tistory_archive, is_tistory_entry, site_root

MAX_SITEMAPS = 50
MAX_LISTING_PAGES = 500
FEED_PATHS = ("rss", "feed", "atom.xml")

# get(url, role, probe) -> body of a 200 answer (fresh or from the archive), or None. A probe
# (a guessed URL such as /rss) that answers 404 is not worth reporting.
GetDoc = Callable[[str, str, bool], "bytes | None"]


@dataclass(frozen=True)
class Found:
    """A post URL (canonical) and the sitemap's ``lastmod`` for it, if any."""

    url: str
    lastmod: datetime | None = None


def _xml(content: bytes, max_bytes: int) -> BeautifulSoup:
    """Parse an XML document, gunzipping it first when it is gzip (a ``.xml.gz`` sitemap served
    without ``Content-Encoding``), never to more than ``max_bytes``: a bomb raises
    :class:`indexer.limits.TooLarge`."""
    try:
        content = gunzip(content, max_bytes, what="decompressed sitemap/feed")
    except BadEncoding:
        return BeautifulSoup(b"", "lxml-xml")
    return BeautifulSoup(content, "lxml-xml")


def parse_lastmod(value: str | None) -> datetime | None:
    """A sitemap ``lastmod`` (W3C datetime) as an aware datetime; date-only values are UTC."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_sitemap(
    content: bytes, max_bytes: int = MAX_PAGE_BYTES
) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(page URLs with lastmod, nested sitemap URLs) of one sitemap document (gzipped or not;
    :class:`indexer.limits.TooLarge` when it inflates past ``max_bytes``)."""
    soup = _xml(content, max_bytes)
    pages = []
    for node in soup.find_all("url"):
        loc = node.find("loc")
        if loc and loc.text.strip():
            lastmod = node.find("lastmod")
            pages.append((loc.text.strip(), lastmod.text.strip() if lastmod else None))
    nested = [loc.text.strip() for sm in soup.find_all("sitemap") if (loc := sm.find("loc"))]
    return pages, nested


def parse_feed(content: bytes, max_bytes: int = MAX_PAGE_BYTES) -> list[str]:
    """Entry links of an RSS 2.0 or Atom feed (:class:`indexer.limits.TooLarge` past ``max_bytes``)."""
    soup = _xml(content, max_bytes)
    links = [item.find("link").text.strip() for item in soup.find_all("item") if item.find("link")]
    for entry in soup.find_all("entry"):
        link = entry.find("link", rel="alternate") or entry.find("link")
        if link and link.get("href"):
            links.append(link["href"].strip())
    return [link for link in links if link]


def parse_listing(content: bytes, base_url: str) -> tuple[list[str], list[str]]:
    """(Tistory entry URLs, ``/archive/YYYYMM`` URLs) linked from a listing page."""
    soup = BeautifulSoup(content, "lxml")
    entries, archives = [], []
    for anchor in soup.find_all("a", href=True):
        try:
            url = urljoin(base_url, str(anchor["href"]))
            if is_tistory_entry(url):
                entries.append(url)
            elif is_tistory_archive(url):
                archives.append(canonical_url(url))
        except ValueError:  # a malformed link
            continue
    return entries, archives


class _Collector:
    """Canonical post URLs in discovery order, keeping the newest lastmod seen for each."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.found: dict[str, datetime | None] = {}

    def add(self, url: str, lastmod: datetime | None = None) -> bool:
        try:
            canonical = canonical_url(url)
        except ValueError:  # e.g. a malformed IPv6 host in someone's sitemap
            return False
        if not self.source.allows(canonical):  # scheme, host and port
            return False
        if self.source.kind == "tistory" and not is_tistory_entry(canonical):
            return False
        known = canonical in self.found
        dates = [d for d in (self.found.get(canonical), lastmod) if d is not None]
        self.found[canonical] = max(dates, default=None)
        return not known


Fail = Callable[[str, str], None]


def discover(
    source: Source, get: GetDoc, robots_sitemaps: list[str], report: Callable[[str], None],
    fail: Fail | None = None,
) -> list[Found]:
    """The post URLs of ``source``: sitemaps, then a feed, then (Tistory, when those found
    nothing) the listing pages. ``fail(url, reason)`` hears documents that could not be used
    (a sitemap that inflates past ``max_page_bytes``); by default they are reported."""
    root = site_root(source.url)
    posts = _Collector(source)
    failed = fail or (lambda url, reason: report(f"{url}: {reason}"))
    if source.kind != "feed":
        starts = [source.url] if source.kind == "sitemap" else robots_sitemaps or [urljoin(root, "sitemap.xml")]
        _walk_sitemaps(starts, get, posts, report, probe=source.kind != "sitemap" and not robots_sitemaps,
                       fail=failed)
    if source.kind != "sitemap":
        feeds = [source.url] if source.kind == "feed" else [urljoin(root, p) for p in FEED_PATHS]
        for feed in feeds:
            body = get(feed, "feed", source.kind != "feed")
            if body is not None:
                try:
                    links = parse_feed(body, source.max_page_bytes)
                except TooLarge as exc:
                    failed(feed, f"feed refused: {exc}")
                    links = []
                for link in links:
                    posts.add(link)
                break
    if source.kind == "tistory" and not posts.found:
        _walk_listings(root, get, posts)
    return [Found(url, lastmod) for url, lastmod in posts.found.items()]


def _walk_sitemaps(
    starts: list[str], get: GetDoc, posts: _Collector, report: Callable[[str], None], probe: bool, fail: Fail
) -> None:
    queue = list(starts)
    seen: set[str] = set()
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        body = get(url, "sitemap", probe)
        if body is None:
            continue
        try:
            pages, nested = parse_sitemap(body, posts.source.max_page_bytes)
        except TooLarge as exc:
            fail(url, f"sitemap refused: {exc}")
            continue
        if not pages and not nested:
            report(f"{url}: not a sitemap (no <url> or <sitemap> entries)")
        for loc, lastmod in pages:
            posts.add(loc, parse_lastmod(lastmod))
        queue.extend(urljoin(url, n) for n in nested)


def _walk_listings(root: str, get: GetDoc, posts: _Collector) -> None:
    """``/category?page=1, 2, …`` until a page adds no new post, plus each month archive."""
    queue = [urljoin(root, "category?page=1")]
    seen: set[str] = set()
    while queue and len(seen) < MAX_LISTING_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        body = get(url, "listing", True)
        if body is None:
            continue
        entries, archives = parse_listing(body, url)
        added = [entry for entry in entries if posts.add(entry)]
        match = re.search(r"([?&]page=)(\d+)", url)
        if added:
            queue.append(url[: match.start(2)] + str(int(match.group(2)) + 1) if match else url + "?page=2")
        queue.extend(f"{archive}?page=1" for archive in archives)
