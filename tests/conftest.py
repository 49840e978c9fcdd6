"""Shared fixtures: small real indexes on disk, built in per-test temp dirs."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from indexer.index_writer import IndexSink
from search import Archive, Article
from search.storage import ensure_index

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
KST = timezone(timedelta(hours=9))

sys.path.insert(0, str(ROOT))
os.environ.setdefault("NEWSARCHIVE_TZ", "Asia/Seoul")
# Ordinary tests compare whole results (highlights included), so a loaded CI machine must not make
# one of two identical searches partial; the budget's own tests set 0.5 s explicitly.
os.environ.setdefault("NEWSARCHIVE_SEARCH_BUDGET", "30")


def requires_shared(path: str = "") -> Path:
    """The path inside ../shared, skipping the test when it is absent."""
    target = SHARED / path
    if not target.exists():
        pytest.skip(f"{target} is absent (../shared is not beside the checkout)")
    return target


def make_article(n: int, **overrides: object) -> Article:
    base = {
        "url": f"https://blog.example/{n}",
        "title": f"Post {n}",
        "body": f"Body of post {n}.",
        "author": "tester",
        "published": datetime(2025, 1, 1, 9, 0, tzinfo=KST) + timedelta(days=n),
        "category": "Tech/Python",
        "tags": ("python",),
        "lang": "en",
        "site": "blog.example",
    }
    base.update(overrides)
    return Article(**base)  # type: ignore[arg-type]


CORPUS = [
    make_article(
        1,
        title="트럼프의 북미정상회담",
        body="트럼프는 김정은 위원장을 만났다.\n\n북미정상회담은 싱가포르에서 열렸다.",
        tags=("정치", "북미 정상회담"),
        category="정치/국제",
        lang="ko",
        author="기자A",
    ),
    make_article(
        2,
        title="북미 정상 회담 이후",
        body="북미 정상 회담 이후 대통령은 기자회견을 했다.",
        tags=("정치", "외교"),
        category="정치/국제",
        lang="ko",
        author="기자B",
        published=datetime(2024, 6, 1, 12, 0, tzinfo=KST),
    ),
    make_article(
        3,
        title="Coffee prices rise",
        body="Coffee prices rose sharply as the election neared.",
        tags=("coffee", "economy"),
        category="경제/시장",
        lang="en",
        published=datetime(2024, 12, 31, 23, 30, tzinfo=KST),
    ),
    make_article(
        4,
        title="Search engines in Python",
        body="Whoosh is a search library written in Python. *UPDATED* notes.",
        tags=("python", "search"),
        category="Tech/Search",
    ),
    make_article(
        5,
        title="<script>alert(1)</script> 제목",
        body='hostile "><img src=x onerror=alert(1)> 트럼프 text',
        tags=("python", "security"),
        category="Tech/Python",
    ),
    make_article(
        6,
        title="Coffee and tea",
        body="Tea or coffee? Coffee wins in Seoul cafes.",
        tags=("coffee", "Seoul"),
        category="Travel/Korea",
        site="travel.example",
        published=datetime(2026, 3, 1, 8, 0, tzinfo=KST),
    ),
]


@pytest.fixture
def index_root(tmp_path: Path) -> Path:
    """An index on disk holding :data:`CORPUS`, committed in two batches."""
    root = tmp_path / "index"
    sink = IndexSink(ensure_index(root), batch_size=3)
    sink.add_all(CORPUS)
    sink.close()
    return root


@pytest.fixture
def archive(index_root: Path) -> Archive:
    arch = Archive(index_root, refresh_interval=0)
    yield arch
    arch.close()
