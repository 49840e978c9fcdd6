"""The crawler against a loopback blog that misbehaves on purpose (see tests/fixtures_crawl.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.config import ConfigError, Source, load_sources
from indexer.crawl import policy_for, run_update
from indexer.fetch import Fetcher, FetchError, FetchPolicy, retry_after_seconds
from indexer.pagestore import PageStore
from search.storage import open_live
from tests.conftest import ROOT
from tests.fixtures_crawl import EUCKR_TEXT, FixtureBlog, write_config


@pytest.fixture
def blog() -> Iterator[FixtureBlog]:
    server = FixtureBlog(posts=3, slow_seconds=2.5).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _bigram(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about crawling, not Korean analysis: skip loading Kiwi."""
    monkeypatch.setenv("NEWSARCHIVE_ANALYZER", "bigram")


def documents(root: Path) -> dict[str, dict[str, object]]:
    """Stored fields of the live generation's documents, by URL."""
    with open_live(root)[1].searcher() as searcher:
        return {stored["url"]: stored for stored in searcher.all_stored_fields()}


def test_every_misbehaviour_gets_its_outcome_and_nothing_indexed_is_lost(tmp_path: Path, blog: FixtureBlog) -> None:
    # timeout 2 s: one deadline for the whole fetch, retries and their waits included.
    sources = load_sources(write_config(tmp_path / "sources.toml", blog.base_url, timeout=2.0))
    root = tmp_path / "index"
    messages: list[str] = []

    calm = run_update(sources, root, messages.append).runs[0]
    base = blog.base_url
    assert calm.counts["failed"] == 0, calm.errors
    assert calm.counts["disallowed"] == 1 and not any("/entry/private" in path for path, _ in blog.requests)
    before = documents(root)
    assert len(before) == calm.counts["new"] == 3 + 9 + 4  # sample posts, hostile-to-be, odd pages
    # Encodings: declared EUC-KR and undeclared (detected) EUC-KR both come out as Hangul.
    for name in ("euckr", "euckr-undeclared"):
        assert before[f"{base}/entry/{name}"]["title"] == "완성형 한글 페이지"
        assert EUCKR_TEXT in str(before[f"{base}/entry/{name}"]["body"])
    # Truncated HTML: what arrived is indexed. A <script> title is kept as text, never as markup.
    assert "1번째 문단" in str(before[f"{base}/entry/truncated"]["body"])
    assert before[f"{base}/entry/script-title"]["title"] == "<script>alert(1)</script> 제목"
    # /m/101 and /101?utm_source=rss (in the feed) folded into /101: one request.
    assert sum(1 for path, _ in blog.requests if path.split("?")[0] in ("/101", "/m/101")) == 1

    blog.set_hostile(True)
    started = time.perf_counter()
    hostile = run_update(sources, root, messages.append).runs[0]
    elapsed = time.perf_counter() - started
    reasons = {error.url.removeprefix(f"{base}/entry/"): error.reason for error in hostile.errors}
    assert set(reasons) == {"slow", "loop", "away", "huge", "huge-stream", "cut"}
    # The 2.5 s page used up the fetch's 2 s deadline: no time left for a retry.
    assert "timed out after 2 s" in reasons["slow"] and blog.hits["/entry/slow"] == 1
    assert "more than 5 redirects" in reasons["loop"]
    assert "elsewhere.example is not among the source's allowed hosts" in reasons["away"]
    assert "exceeds the 2000000-byte limit" in reasons["huge"] and "exceeds" in reasons["huge-stream"]
    assert "RemoteProtocolError" in reasons["cut"] and blog.hits["/entry/cut"] == 2
    assert blog.hits["/entry/busy"] == 2 and blog.hits["/entry/flaky"] == 2  # 429 and 500, then success
    assert hostile.counts["gone"] == 1 and hostile.counts["failed"] == 6
    assert hostile.counts["new"] == hostile.counts["updated"] == 0
    assert all(f"fixture: {base}/entry/{name}: {reason}" in messages for name, reason in reasons.items())
    # Retry-After: 1 was waited for; the whole hostile run still stays short.
    assert 1.0 <= elapsed < 20, elapsed
    assert documents(root).keys() == before.keys()  # nothing already indexed is lost
    store = PageStore(root)
    try:
        assert store.gone_urls() == [f"{base}/entry/removed"]
    finally:
        store.close()


def test_second_update_fetches_only_conditionally_and_writes_nothing(tmp_path: Path, blog: FixtureBlog) -> None:
    config = write_config(tmp_path / "sources.toml", blog.base_url)
    cli = [sys.executable, "-m", "indexer.cli", "update", "--config", str(config), "--index", str(tmp_path / "i")]
    env = {**os.environ, "NEWSARCHIVE_ANALYZER": "bigram"}
    first = subprocess.run(cli, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert first.returncode == 0, first.stderr
    assert " new 16," in first.stdout
    blog.set_hostile(False)  # clears the request log
    second = subprocess.run(cli, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert second.returncode == 0, second.stderr
    line = next(line for line in second.stdout.splitlines() if line.startswith("fixture:"))
    counts = {key: int(value) for key, value in (part.split() for part in line.split(": ", 1)[1].split(", "))}
    assert counts["fetched"] == counts["extracted"] == counts["new"] == counts["updated"] == 0
    assert counts["up_to_date"] == 3 and counts["not_modified"] == 13 and counts["failed"] == 0
    assert "index commits 0," in second.stdout
    assert counts["requests"] == len(blog.requests) == 5 + 13  # robots, 3 sitemaps, feed; pages without lastmod
    assert all("if-none-match" in headers for _, headers in blog.requests), blog.requests


def test_crawl_delay_from_robots_spaces_requests(blog: FixtureBlog) -> None:
    fetcher = Fetcher(FetchPolicy(requests_per_second=100, allow_private=True))
    fetcher.set_crawl_delay(blog.base_url.split("//")[1], 0.3)
    started = time.perf_counter()
    for _ in range(3):
        assert fetcher.get(f"{blog.base_url}/robots.txt").status == 200
    assert time.perf_counter() - started >= 0.6
    fetcher.close()


def test_redirect_into_private_range_is_refused_for_public_sources(
    blog: FixtureBlog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first address check pretends loopback is public, so the first hop reaches the blog;
    # its redirect lands on 127.0.0.1, which is checked again and refused before any request.
    checks = iter([True])
    monkeypatch.setattr("indexer.fetch.is_public_address", lambda address: next(checks, False))
    port = blog.base_url.rsplit(":", 1)[1]
    fetcher = Fetcher(FetchPolicy(allow_private=False, retries=0), resolver=lambda host, p: ["127.0.0.1"])
    blog.set_hostile(True)
    with pytest.raises(FetchError, match="redirect to http://127.0.0.1:.*loopback/private"):
        fetcher.get(f"http://localhost:{port}/entry/loop")
    fetcher.close()
    assert blog.hits["/entry/loop"] == 1 and blog.hits["/entry/loop-back"] == 0
    assert policy_for(Source("p", "https://blog.example/", "tistory")).allow_private is False
    # A start URL on loopback no longer opts in by itself: only allow_private_network does.
    assert policy_for(Source("l", "http://127.0.0.1:8000/", "tistory")).allow_private is False
    assert policy_for(Source("l", "http://127.0.0.1:8000/", "tistory", allow_private_network=True)).allow_private


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('name = "a"\nurl = "http://x/"\nkind = "tistory"\nmax_pagez = 3\n',
         ":5: [[source]] #1: unknown key 'max_pagez'"),
        ('name = "a"\nurl = "http://x/"\nkind = "blog"\n', ":4: [[source]] #1: 'kind' must be one of"),
        ('name = "a"\nurl = "http://x/"\nkind = "tistory"\nrequests_per_second = 0\n', ":5: [[source]] #1: "
         "'requests_per_second' must be a number between"),
        ('name = "a"\nurl = "http://x/"\nkind = "tistory"\ntimezone = "Mars/Base"\n', ":5:"),
        ('name = "a"\nurl = "http://x/"\nkind = "tistory"\nallowed_hosts = "x"\n', ":5:"),
    ],
)
def test_config_rejects_bad_sources_with_line_and_reason(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text("[[source]]\n" + body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    assert str(caught.value).startswith(f"{path}{message}")
