"""A small archive shaped like a big one, for the sidebar and layout tests: Reuters articles and
Korean petitions from ``../shared/corpora`` filed under hundreds of categories, tags, authors and
sites, plus records with hostile long values (URL-like titles, tags and categories with no break
opportunity). Built once per test session, across xdist workers, under a file lock."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from indexer.index_writer import IndexSink
from search.article import Article
from search.storage import ensure_index
from tests.api_support import built_once

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
REUTERS, PETITIONS = CORPORA / "reuters21578.jsonl", CORPORA / "ko-petitions.jsonl"
ENGLISH, KOREAN = 900, 60  # Korean analysis is slow on a shared machine: a few dozen petitions
LONG_URL = "https://archive.example/" + "very-long-path-segment/" * 12 + "article?utm_source=" + "x" * 80
LONG_TAG = "tag-without-any-break-" * 6
LONG_HANGUL = "띄어쓰기없이이어지는아주긴한국어제목" * 5
HOSTILE_URLS = ("https://hostile.example/0", "https://hostile.example/1")


def _records(path: Path, count: int) -> list[Article]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if len(out) == count:
                break
            out.append(Article.from_json(json.loads(line)))
    return out


def scale_articles() -> list[Article]:
    """Spread over 60 top-level categories (hundreds of paths), 150 more tags, 120 authors and 40
    sites, so every facet of the sidebar has far more values than it shows."""
    out = []
    for n, article in enumerate(_records(REUTERS, ENGLISH)):
        leaf = (article.category or "Topics/none").rsplit("/", 1)[-1]
        out.append(replace(article, category=f"Desk {n % 60}/{leaf}", author=f"Reporter {n % 120}",
                           site=f"wire{n % 40}.example", tags=(*article.tags, f"topic-{n % 150}")))
    for article in _records(PETITIONS, KOREAN):
        out.append(replace(article, body=article.body[:400], site="petitions.example", tags=(*article.tags, "청원")))
    hostile = [
        (LONG_URL, LONG_TAG, f"{LONG_URL}/child"),
        (f"{LONG_HANGUL} 대통령 회담", "아주긴태그" * 12, "국민청원/" + LONG_HANGUL),
    ]
    for url, (title, tag, category) in zip(HOSTILE_URLS, hostile, strict=True):
        out.append(Article(url=url, title=title, body=f"{title} coffee {LONG_URL}",
                           category=category, tags=(tag, "coffee"), author=LONG_TAG, site="hostile.example"))
    return out


def _build(root: Path) -> None:
    sink = IndexSink(ensure_index(root))
    sink.add_all(scale_articles())
    sink.close()


def shared_scale_index(shared_dir: Path) -> Path:
    """The archive under ``shared_dir``, built once per test session."""
    return built_once(shared_dir, "scale-index", _build)
