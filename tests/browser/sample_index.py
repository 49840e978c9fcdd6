"""An index of the bundled sample blog, built straight from its HTML files (no crawl): the UI
tests and browser tests share it because it has real Korean and English posts, a category tree,
shared tags, two years of dates and the post with a hostile title."""

from __future__ import annotations

from pathlib import Path

from indexer.extract import extract_page
from indexer.index_writer import IndexSink
from sample.posts import POSTS
from sample.tistory import BASE_URL, site_file
from search.storage import ensure_index

SITE = Path(__file__).resolve().parents[2] / "sample" / "site"
SAMPLE_URL = "https://sample-blog.example"
HOSTILE_TITLE = "<script>alert(1)</script> 제목 테스트"


def build_sample_index(root: Path) -> Path:
    """Extract every sample post as the crawler would and index it under ``root``."""
    sink = IndexSink(ensure_index(root))
    for post in POSTS:
        html = (SITE / site_file(post.path)).read_text(encoding="utf-8").replace(BASE_URL, SAMPLE_URL)
        sink.add(extract_page(html, SAMPLE_URL + post.path, kind="tistory"))
    sink.close()
    return root
