"""``newsarchive rebuild``: a complete new index generation re-extracted from the raw archive.

No network: every page comes from the WARC files the catalogue points at, so an extractor
improvement reaches the whole index offline and in one step. The new generation is built beside
the live one and switched in atomically; readers keep the old one until they notice.

Documents the archive knows nothing about (records loaded with ``newsarchive import`` from JSON
Lines) are carried over from the live generation unchanged, so a rebuild never loses them.

Ownership survives: each page's article belongs to the source that fetched it, a canonical off
that source's origins gives way to the fetched URL as in ``update``, and the live generation's
owners are claims the new one respects. One page that cannot be extracted or indexed is reported
and skipped; it never stops the rebuild.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from multiprocessing import get_context
from pathlib import Path

from indexer.admission import admit
from indexer.crawl import Failure
from indexer.extract import extract_page
from indexer.fetch import charset_of
from indexer.index_writer import IndexSink, NotOwned
from indexer.ownership import Origin, owner_of_capture
from indexer.pagestore import GONE_STATUSES, Capture, PageStore, read_capture
from indexer.revisions import Recount
from search.article import Article, RecordError
from search.schema import stored_owner, stored_stamp, stored_to_article
from search.storage import (
    current_generation,
    new_generation,
    open_generation,
    remove_old_generations,
    switch_generation,
)
from search.textclean import clean_article


@dataclass
class RebuildSummary:
    """``captures`` = latest good page captures in the catalogue = ``extracted`` + ``failed`` (a
    page whose article cannot be indexed counts in both); ``refused``: articles another source owns;
    ``revisions``: article versions recounted from every capture (:mod:`indexer.revisions`)."""

    generation: str = ""
    captures: int = 0
    extracted: int = 0
    failed: int = 0
    carried: int = 0
    documents: int = 0
    refused: int = 0
    revisions: int = 0
    removed_generations: list[str] = field(default_factory=list)
    errors: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def summary_line(self) -> str:
        return (f"rebuild: generation {self.generation}, captures {self.captures}, extracted {self.extracted}, "
                f"failed {self.failed}, carried {self.carried}, documents {self.documents}, "
                f"refused {self.refused}, revisions {self.revisions}, {self.seconds:.1f} s")


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
    live_dir = root / live if live and (root / live).is_dir() else None
    try:
        sink = IndexSink(gen_dir, report=report, owners=_owners(live_dir) if live_dir else None)
        latest = {capture.id for capture in store.latest_pages()}
        summary.captures = len(latest)
        recount = Recount(store.db)
        origins: dict[str, frozenset[Origin] | None] = {}
        # Every capture in time order, not only the latest: older ones are the articles' revisions.
        for capture, article, error in _extracted(store.dir, store.page_captures(), jobs):
            progress()
            owner = owner_of_capture(capture.source)
            captured_at = datetime.fromisoformat(capture.fetched_at)
            if capture.status in GONE_STATUSES:
                recount.gone(owner, capture.url, captured_at, capture.status)
                continue
            indexed = capture.id in latest
            if article is None:  # one bad page never stops the rebuild
                if indexed:
                    _failed(summary, report, capture.url, f"re-extraction failed: {error}")
                continue
            if capture.source not in origins:
                origins[capture.source] = store.origins_of(capture.source)
            article, notes = admit(article, capture.final_url, origins[capture.source])
            store.set_article(capture.id, article.url)
            article, _ = clean_article(article)
            stamp = recount.see(article, owner, capture.url, capture.id, captured_at)
            if not indexed:
                continue
            summary.extracted += 1
            for note in notes:
                report(f"{capture.url}: {note}")
            try:
                sink.add(article, owner, stamp)
            except NotOwned as exc:
                summary.refused += 1
                summary.errors.append(Failure(capture.url, str(exc)))
                report(f"{capture.url}: {exc}")
            except RecordError as exc:
                _failed(summary, report, capture.url, str(exc))
        if live_dir:
            summary.carried = _carry_over(live_dir, sink, store.article_owners(), report)
        sink.close()
        summary.revisions = recount.finish(sink.owner)
        summary.documents = open_generation(gen_dir).doc_count()
    except BaseException:
        shutil.rmtree(gen_dir, ignore_errors=True)
        store.close(commit=False)  # the revision tables keep their last committed recount
        raise
    switch_generation(root, name)
    store.close()
    summary.removed_generations = remove_old_generations(root, keep=name)
    summary.seconds = time.perf_counter() - started
    return summary


def _failed(summary: RebuildSummary, report: Callable[[str], None], url: str, reason: str) -> None:
    summary.failed += 1
    summary.errors.append(Failure(url, reason))
    report(f"{url}: {reason}")


def _owners(gen_dir: Path) -> dict[str, str | None]:
    """id -> owner of every document in a generation."""
    with open_generation(gen_dir).searcher() as searcher:
        return {stored["id"]: stored_owner(stored) for stored in searcher.all_stored_fields()}


def _extract(archive_dir: Path, capture: Capture) -> tuple[Article | None, str]:
    """One archived page's article, or None and the reason (runs in a pool process: never raises);
    a 404/410 capture has none to extract."""
    if capture.status in GONE_STATUSES:
        return None, ""
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


def _carry_over(
    old_gen: Path, sink: IndexSink, archived: dict[str, set[str]], report: Callable[[str], None]
) -> int:
    """Copy documents that no archived page of their owner produced (JSON Lines imports) into
    ``sink``, with their owner; a document that cannot be indexed any more is reported."""
    carried = 0
    with open_generation(old_gen).searcher() as searcher:
        for stored in searcher.all_stored_fields():
            owner = stored_owner(stored)
            producers = archived.get(stored["url"])
            if sink.contains(stored["id"]) or (producers and (owner is None or owner in producers)):
                continue
            try:
                sink.add(stored_to_article(stored), owner, stored_stamp(stored))
            except (RecordError, ValueError) as exc:
                report(f"{stored['url']}: not carried over: {exc}")
                continue
            carried += 1
    return carried
