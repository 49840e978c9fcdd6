"""``newsarchive rebuild``: a complete new index generation re-extracted from the raw archive.

No network: every page comes from the WARC files the catalogue points at, so an extractor
improvement reaches the whole index offline and in one step. The new generation is built beside
the live one and switched in atomically; readers keep the old one until they notice.

Documents the archive knows nothing about (records loaded with ``newsarchive import`` from JSON
Lines) are carried over from the live generation unchanged, so a rebuild never loses them.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path

from indexer.crawl import Failure
from indexer.extract import extract_page
from indexer.fetch import charset_of
from indexer.index_writer import IndexSink
from indexer.pagestore import Capture, PageStore, read_capture
from search.article import Article
from search.schema import stored_to_article
from search.storage import (
    current_generation,
    new_generation,
    open_generation,
    remove_old_generations,
    switch_generation,
)


@dataclass
class RebuildSummary:
    """``captures`` = latest good page captures in the catalogue = ``extracted`` + ``failed``."""

    generation: str = ""
    captures: int = 0
    extracted: int = 0
    failed: int = 0
    carried: int = 0
    documents: int = 0
    removed_generations: list[str] = field(default_factory=list)
    errors: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def summary_line(self) -> str:
        return (f"rebuild: generation {self.generation}, captures {self.captures}, extracted {self.extracted}, "
                f"failed {self.failed}, carried {self.carried}, documents {self.documents}, "
                f"{self.seconds:.1f} s")


def rebuild_index(
    root: Path, report: Callable[[str], None], jobs: int = 1, progress: Callable[[], None] = lambda: None
) -> RebuildSummary:
    """Re-extract every archived page into a new generation, switch to it, drop old ones.

    ``progress`` is called once per archived page handled (a progress bar at a terminal).

    With ``jobs`` > 1 pages are extracted in that many processes while this one writes the index:
    extraction (lxml, trafilatura, htmldate) is pure Python work and most of a rebuild's time.
    """
    started = time.perf_counter()
    summary = RebuildSummary()
    store = PageStore(root)
    live = current_generation(root)
    name, gen_dir = new_generation(root)
    summary.generation = name
    try:
        sink = IndexSink(gen_dir)
        captures = store.latest_pages()
        summary.captures = len(captures)
        for capture, article, error in _extracted(store.dir, captures, jobs):
            progress()
            if article is None:  # one bad page never stops the rebuild
                summary.failed += 1
                summary.errors.append(Failure(capture.url, f"re-extraction failed: {error}"))
                report(f"{capture.url}: re-extraction failed: {error}")
                continue
            summary.extracted += 1
            store.set_article(capture.id, article.url)
            sink.add(article)
        if live and (root / live).is_dir():
            summary.carried = _carry_over(root / live, sink, store.article_urls())
        sink.close()
        summary.documents = open_generation(gen_dir).doc_count()
    except BaseException:
        shutil.rmtree(gen_dir, ignore_errors=True)
        store.close()
        raise
    switch_generation(root, name)
    store.close()
    summary.removed_generations = remove_old_generations(root, keep=name)
    summary.seconds = time.perf_counter() - started
    return summary


def _extract(archive_dir: Path, capture: Capture) -> tuple[Article | None, str]:
    """One archived page's article, or None and the reason (runs in a pool process: never raises)."""
    try:
        page = read_capture(archive_dir, capture)
        article = extract_page(page.content, page.url, kind=capture.kind, default_tz=capture.timezone,
                               encoding=charset_of(page.headers.get("content-type")))
    except Exception as exc:  # noqa: BLE001 - reported per page by the caller
        return None, str(exc) or type(exc).__name__
    return article, ""


def extraction_pool(jobs: int) -> ProcessPoolExecutor:
    """Processes for page extraction that never outlive the process that started them.

    ``spawn``: the parent may already run Kiwi's threads, which a forked child would inherit in a
    broken state. A worker holds both ends of the pool's queues, so when its parent is killed
    (SIGKILL, the OOM killer) it would wait for work forever: each one watches its parent and exits.
    """
    return ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"),
                               initializer=_exit_with_parent, initargs=(os.getpid(),))


def _exit_with_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _extracted(
    archive_dir: Path, captures: list[Capture], jobs: int
) -> Iterator[tuple[Capture, Article | None, str]]:
    """(capture, article or None, error) for each capture, in catalogue order."""
    if jobs <= 1 or len(captures) < 2:
        for capture in captures:
            yield capture, *_extract(archive_dir, capture)
        return
    with extraction_pool(jobs) as pool:
        results = pool.map(partial(_extract, archive_dir), captures, chunksize=8)
        for capture, (article, error) in zip(captures, results, strict=True):
            yield capture, article, error


def _carry_over(old_gen: Path, sink: IndexSink, archived_urls: set[str]) -> int:
    """Copy documents that no archived page ever produced (JSON Lines imports) into ``sink``."""
    carried = 0
    with open_generation(old_gen).searcher() as searcher:
        for stored in searcher.all_stored_fields():
            if stored["url"] in archived_urls or sink.contains(stored["id"]):
                continue
            sink.add(stored_to_article(stored))
            carried += 1
    return carried
