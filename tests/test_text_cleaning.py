"""Text cleaning at the index boundary: a crawled page whose JSON-LD headline holds a lone
surrogate used to make every later ``rebuild`` fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.config import load_sources
from indexer.crawl import run_update
from search.article import Article
from search.textclean import REPLACEMENT, clean_article, clean_text
from tests.conftest import ROOT
from tests.fixtures_sites import PageSite, article_html
from tests.test_crawl import documents

# JSON escapes in the page's bytes (valid UTF-8): json.loads turns them into a lone surrogate and
# a C0 control character.
BROKEN_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting", '
    '"headline": "깨진 \\ud800 헤드라인\\u0007", "datePublished": "2025-03-01T10:00:00+09:00"}</script>'
)


def test_clean_text_replaces_what_xml_and_utf8_refuse_and_keeps_tab_newline_return() -> None:
    assert clean_text("a\tb\nc\rd") == "a\tb\nc\rd"
    assert clean_text("x\x00y\x1fz\ud800\udfff\ufffe\uffff") == f"x{REPLACEMENT}y{REPLACEMENT}z" + REPLACEMENT * 4
    clean = "한글 text 🙂"
    assert clean_text(clean) is clean
    article, fields = clean_article(Article(url="https://a.example/1", title="t\x0b", body="b", tags=("x\ud83d",)))
    assert (article.title, article.tags, fields) == ("t" + REPLACEMENT, ("x" + REPLACEMENT,), ("title", "tags"))


def test_crawled_lone_surrogate_headline_is_indexed_cleaned_and_rebuild_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSARCHIVE_ANALYZER", "bigram")
    site = PageSite().start()
    try:
        site.set("/broken", article_html("보통 제목", "깨진 글의 본문", head=BROKEN_LD))
        site.set("/fine", article_html("멀쩡한 글", "정상 본문"))
        config = tmp_path / "sources.toml"
        config.write_text(f'[[source]]\nname = "site"\nurl = "{site.url("/sitemap.xml")}"\nkind = "sitemap"\n'
                          "requests_per_second = 100\ntimeout = 2.0\nretries = 0\nallow_private_network = true\n",
                          encoding="utf-8")
        root = tmp_path / "index"
        messages: list[str] = []
        run = run_update(load_sources(config), root, messages.append).runs[0]
    finally:
        site.stop()

    assert (run.counts["new"], run.counts["failed"]) == (2, 0), run.errors
    broken = site.url("/broken")
    assert f"site: {broken}: invalid characters in title replaced by U+FFFD" in messages
    assert documents(root)[broken]["title"] == f"깨진 {REPLACEMENT} 헤드라인{REPLACEMENT}"

    env = {**os.environ, "NEWSARCHIVE_ANALYZER": "bigram", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "indexer.cli", "rebuild", "--jobs", "1", "--index", str(root)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "captures 2, extracted 2, failed 0, carried 0, documents 2, refused 0," in result.stdout
    assert f"{broken}: invalid characters in title replaced by U+FFFD" in result.stderr
    assert documents(root)[broken]["title"] == f"깨진 {REPLACEMENT} 헤드라인{REPLACEMENT}"
