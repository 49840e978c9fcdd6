"""Finding a source's post URLs: sitemaps (index files and gzipped ones) and RSS/Atom feeds."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from indexer.fetch import Fetcher, FetchError

MAX_SITEMAPS = 50


def _xml(content: bytes) -> BeautifulSoup:
    if content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
    return BeautifulSoup(content, "lxml-xml")


def parse_sitemap(content: bytes) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(page URLs with lastmod, nested sitemap URLs) of one sitemap document."""
    soup = _xml(content)
    pages = []
    for node in soup.find_all("url"):
        loc = node.find("loc")
        if loc and loc.text.strip():
            lastmod = node.find("lastmod")
            pages.append((loc.text.strip(), lastmod.text.strip() if lastmod else None))
    nested = [loc.text.strip() for sm in soup.find_all("sitemap") if (loc := sm.find("loc"))]
    return pages, nested


def parse_feed(content: bytes) -> list[str]:
    """Entry links of an RSS 2.0 or Atom feed."""
    soup = _xml(content)
    links = [item.find("link").text.strip() for item in soup.find_all("item") if item.find("link")]
    for entry in soup.find_all("entry"):
        link = entry.find("link", rel="alternate") or entry.find("link")
        if link and link.get("href"):
            links.append(link["href"].strip())
    return [link for link in links if link]


def discover(
    fetcher: Fetcher, start_url: str, report: Callable[[str], None]
) -> list[tuple[str, str | None]]:
    """Post URLs of a site from ``/sitemap.xml`` (following index files), else ``/rss``."""
    parts = urlsplit(start_url)
    root = f"{parts.scheme}://{parts.netloc}/"
    queue = [start_url if start_url.endswith(".xml") else urljoin(root, "sitemap.xml")]
    seen: set[str] = set()
    pages: list[tuple[str, str | None]] = []
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            resp = fetcher.get(url)
        except FetchError as exc:
            report(f"{exc}")
            continue
        if resp.status != 200:
            report(f"{url}: sitemap answered HTTP {resp.status}")
            continue
        found, nested = parse_sitemap(resp.content)
        pages.extend(found)
        queue.extend(nested)
    if pages:
        return list(dict.fromkeys(pages))
    for feed in ("rss", "feed", "atom.xml"):
        try:
            resp = fetcher.get(urljoin(root, feed))
        except FetchError as exc:
            report(f"{exc}")
            continue
        if resp.status == 200:
            return [(link, None) for link in dict.fromkeys(parse_feed(resp.content))]
    return []
