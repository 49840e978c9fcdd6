"""``newsarchive compact``: the live generation merged into one segment, every search unchanged."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from indexer.index_writer import IMPORT_OWNER, IndexSink
from indexer.lock import WriterLock
from search import Archive, Article, SearchRequest
from search.storage import current_generation, ensure_index, open_generation
from tests.conftest import KST

WORDS = ["coffee", "market", "price", "election", "회담", "정상", "부동산", "tea", "harbour", "strike"]
REQUESTS = [
    SearchRequest(),
    SearchRequest(q="coffee"),
    SearchRequest(q="회담 OR market", tags=("a",)),
    SearchRequest(q="pri*", sort="oldest"),
    SearchRequest(q='"coffee market"', lang="en"),
]


def _articles() -> list[Article]:
    rng = random.Random(7)
    start = datetime(2021, 1, 1, tzinfo=KST)
    return [
        Article(url=f"https://{rng.choice(('one', 'two'))}.example/{n}", title=f"{rng.choice(WORDS)} {n}",
                body=" ".join(rng.sample(WORDS, 4)) + f" text {n}", published=start + timedelta(days=n),
                tags=tuple(rng.sample(("a", "b", "c"), rng.randrange(0, 3))), lang="ko" if n % 3 == 0 else "en",
                site=f"site{n % 2}.example")
        for n in range(150)
    ]


def _segments(root: Path) -> int:
    return len(open_generation(root / str(current_generation(root)))._segments())  # noqa: SLF001


def _answers(root: Path) -> list[tuple[object, ...]]:
    archive = Archive(root, refresh_interval=0, result_cache=0)
    try:
        out = []
        for request in REQUESTS:
            every = archive.search(replace(request, per_page=100, facets=(("tags", 10), ("site", 10), ("year", 10))))
            ranked = archive.search(replace(request, sort="newest" if request.sort == "relevance" else request.sort))
            out.append((every.total, sorted(h.id for h in every.hits), every.facets, [h.id for h in ranked.hits]))
        return out
    finally:
        archive.close()


def _compact(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "indexer.cli", "compact", "--index", str(root)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def index(tmp_path: Path) -> Path:
    root = tmp_path / "index"
    sink = IndexSink(ensure_index(root), batch_size=40)  # four commits, four segments
    articles = _articles()
    sink.add_all(articles)
    sink.close()
    sink = IndexSink(ensure_index(root), batch_size=40)  # then a deletion and an update
    assert sink.mark_gone(articles[3].url, IMPORT_OWNER, prune=True)
    sink.add(replace(articles[5], body="coffee market rewritten"))
    sink.close()
    return root


def test_compact_merges_the_segments_into_one_and_every_search_answers_the_same(index: Path) -> None:
    assert _segments(index) > 1
    before = _answers(index)
    done = _compact(index)
    assert done.returncode == 0, done.stderr
    assert "merged into 1" in done.stdout
    assert _segments(index) == 1
    assert _answers(index) == before


def test_compacting_one_segment_does_nothing_and_says_so(index: Path) -> None:
    assert _compact(index).returncode == 0
    again = _compact(index)
    assert again.returncode == 0
    assert "already one segment" in again.stdout


def test_compact_waits_for_no_writer_it_exits_75_while_one_holds_the_lock(index: Path) -> None:
    with WriterLock(index, "update"):
        busy = _compact(index)
    assert busy.returncode == 75
    assert "update" in busy.stderr
    assert _segments(index) > 1
