"""Discovery and URL canonicalisation, against in-memory documents (no server needed)."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from indexer.config import Source
from indexer.discover import discover
from indexer.urls import canonical_url, is_private_host, is_tistory_entry

BASE = "https://sky.tistory.com"


def _getter(docs: dict[str, bytes], asked: list[str]):  # noqa: ANN202 - a GetDoc
    def get(url: str, role: str, probe: bool) -> bytes | None:
        asked.append(url)
        return docs.get(url)

    return get


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (f"{BASE}/m/123", f"{BASE}/123"),
        (f"{BASE}/m/entry/%EC%84%9C%EC%9A%B8", f"{BASE}/entry/%EC%84%9C%EC%9A%B8"),
        (f"{BASE}/entry/서울", f"{BASE}/entry/%EC%84%9C%EC%9A%B8"),
        ("HTTPS://Sky.Tistory.com:443/123?utm_source=rss&fbclid=x#comment", f"{BASE}/123"),
        (f"{BASE}/category?page=2", f"{BASE}/category?page=2"),
        (f"{BASE}/123/", f"{BASE}/123"),
    ],
)
def test_canonical_url_folds_spellings_of_one_post(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_entry_shapes_and_private_hosts() -> None:
    assert is_tistory_entry(f"{BASE}/123") and is_tistory_entry(f"{BASE}/entry/slug")
    assert not is_tistory_entry(f"{BASE}/category/Tech") and not is_tistory_entry(f"{BASE}/tag/x")
    assert is_private_host("127.0.0.1") and is_private_host("10.1.2.3") and is_private_host("[::1]")
    assert not is_private_host("93.184.215.14")


def test_sitemap_index_with_gzipped_child_feed_and_mobile_duplicates() -> None:
    child = (f'<urlset><url><loc>{BASE}/1</loc><lastmod>2025-01-02</lastmod></url>'
             f'<url><loc>{BASE}/m/1</loc><lastmod>2025-03-04T05:06:07+09:00</lastmod></url>'
             f"<url><loc>{BASE}/category/Tech</loc></url>"
             f"<url><loc>https://other.example/9</loc></url></urlset>")
    docs = {
        f"{BASE}/sitemap.xml": f"<sitemapindex><sitemap><loc>{BASE}/s1.xml.gz</loc></sitemap></sitemapindex>".encode(),
        f"{BASE}/s1.xml.gz": gzip.compress(child.encode()),
        f"{BASE}/rss": f"<rss><channel><item><link>{BASE}/2?utm_source=rss</link></item></channel></rss>".encode(),
    }
    asked: list[str] = []
    found = discover(Source("s", f"{BASE}/", "tistory"), _getter(docs, asked), [], lambda _: None)
    assert [(f.url, f.lastmod) for f in found] == [
        (f"{BASE}/1", datetime(2025, 3, 3, 20, 6, 7, tzinfo=UTC)),  # the newer lastmod of the two spellings
        (f"{BASE}/2", None),
    ]
    assert f"{BASE}/category?page=1" not in asked  # listings only when sitemaps and feeds found nothing


def test_tistory_listing_pages_are_walked_when_there_is_no_sitemap_or_feed() -> None:
    def listing(*links: str) -> bytes:
        return ("<html><body>" + "".join(f'<a href="{link}">x</a>' for link in links) + "</body></html>").encode()

    docs = {
        f"{BASE}/category?page=1": listing("/10", "/9", "/archive/202401", "/tag/x", "/category/Tech"),
        f"{BASE}/category?page=2": listing("/8", "/m/7"),
        f"{BASE}/category?page=3": listing("/8"),  # nothing new: the walk stops here
        f"{BASE}/archive/202401?page=1": listing("/3", "/entry/old-post"),
        f"{BASE}/archive/202401?page=2": listing(),
    }
    asked: list[str] = []
    found = discover(Source("s", f"{BASE}/", "tistory"), _getter(docs, asked), [], lambda _: None)
    assert [f.url for f in found] == [f"{BASE}/{p}" for p in ("10", "9", "8", "7", "3", "entry/old-post")]
    assert f"{BASE}/category?page=4" not in asked
