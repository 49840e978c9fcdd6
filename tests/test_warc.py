"""The raw page archive: WARC files that warcio's own tools read, and WARC import (wget)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from indexer.config import load_sources
from indexer.crawl import run_update
from indexer.pagestore import ARCHIVE_DIR, PageStore
from sample.build import write_site
from sample.posts import POSTS
from sample.serve import serve_in_thread
from tests.conftest import ROOT
from tests.fixtures_crawl import FixtureBlog, write_config
from tests.test_crawl import documents


@pytest.fixture(autouse=True)
def _bigram(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSARCHIVE_ANALYZER", "bigram")


@pytest.fixture
def small_sample(tmp_path: Path) -> Iterator[str]:
    """The sample blog with its first six posts, served on loopback."""
    site = tmp_path / "site"
    write_site(site, posts=POSTS[:6])
    server, base = serve_in_thread(site)
    yield base
    server.shutdown()
    server.server_close()


def test_crawler_warc_reads_back_with_warcio_tools(tmp_path: Path) -> None:
    blog = FixtureBlog(posts=3).start()
    try:
        root = tmp_path / "index"
        run_update(load_sources(write_config(tmp_path / "s.toml", blog.base_url)), root, lambda _: None)
    finally:
        blog.stop()
    warcs = sorted((root / ARCHIVE_DIR).glob("*.warc.gz"))
    assert len(warcs) == 1
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(warcs[0])],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout and "digest failed" not in check.stdout
    index = subprocess.run([sys.executable, "-m", "warcio.cli", "index", "-f", "warc-type,warc-target-uri,http:status",
                            str(warcs[0])], capture_output=True, text=True, timeout=60, check=True)
    entries = [json.loads(line) for line in index.stdout.splitlines()]
    responses = {e["warc-target-uri"] for e in entries if e["warc-type"] == "response"}
    assert f"{blog.base_url}/101" in responses and f"{blog.base_url}/entry/euckr" in responses
    assert f"{blog.base_url}/sitemap-posts.xml.gz" in responses  # discovery documents are kept too
    # Every catalogue row points at its own record, and the stored hash is the payload's.
    store = PageStore(root)
    try:
        captures = [store.capture(row[0]) for row in store.db.execute("SELECT id FROM captures")]
    finally:
        store.close()
    assert len(captures) == len(responses)
    for capture in captures:
        with open(root / ARCHIVE_DIR / capture.warc_file, "rb") as fh:
            fh.seek(capture.warc_offset)
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_headers.get_header("WARC-Target-URI") == capture.final_url
            assert hashlib.sha256(record.content_stream().read()).hexdigest() == capture.content_hash


def test_import_of_a_wget_warc_indexes_the_same_posts_as_a_crawl(tmp_path: Path, small_sample: str) -> None:
    wget = shutil.which("wget")
    if wget is None:
        pytest.skip("wget is not installed (apt-get install wget)")
    config = tmp_path / "s.toml"
    config.write_text(f'[[source]]\nname = "s"\nurl = "{small_sample}/"\nkind = "tistory"\n'
                      "requests_per_second = 100\nallow_private_network = true\n", encoding="utf-8")
    env = {**os.environ, "NEWSARCHIVE_ANALYZER": "bigram"}
    cli = [sys.executable, "-m", "indexer.cli"]
    crawl = subprocess.run([*cli, "update", "--config", str(config), "--index", str(tmp_path / "crawled")],
                           cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert crawl.returncode == 0, crawl.stderr

    got = subprocess.run([wget, "-q", "-r", "-l", "inf", "--no-parent", "-e", "robots=on",
                          f"--warc-file={tmp_path / 'site'}", "-P", str(tmp_path / "files"), f"{small_sample}/"],
                         capture_output=True, text=True, timeout=120)
    assert got.returncode in (0, 8), got.stderr  # 8: some link answered 404
    imported = subprocess.run([*cli, "import", str(tmp_path / "site.warc.gz"), "--kind", "tistory",
                               "--index", str(tmp_path / "imported")],
                              cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert imported.returncode == 0, imported.stderr
    assert "pages 6, new 6," in imported.stdout

    crawled_docs, imported_docs = documents(tmp_path / "crawled"), documents(tmp_path / "imported")
    assert len(crawled_docs) == 6
    assert crawled_docs.keys() == imported_docs.keys()
    for url, stored in crawled_docs.items():
        for field in ("id", "title", "body", "published_iso", "tags", "category_path", "author"):
            assert imported_docs[url][field] == stored[field], (url, field)
    # The imported pages joined our own archive, so rebuild covers them too.
    store = PageStore(tmp_path / "imported")
    try:
        assert len(store.latest_pages()) == 6
    finally:
        store.close()
