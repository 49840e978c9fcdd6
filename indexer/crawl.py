"""``newsarchive update``: crawl each configured source, archive what was fetched, index what changed.

Per page the cheapest sufficient evidence wins: a sitemap ``lastmod`` not newer than our last
visit skips the request; otherwise the request is conditional (ETag / Last-Modified) and a 304
ends it; a 200 whose body hashes like the last one ends it too. Only a changed body is archived,
extracted and offered to the index. Nothing is ever deleted here: a failure keeps what the index
already holds, and 404/410 only marks the URL gone in the catalogue.

A source claims only article URLs on its own origins (:mod:`indexer.ownership`), and the index
writer refuses to let it touch another source's documents; every refusal is a reported error.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from indexer.admission import admit
from indexer.config import Source
from indexer.discover import Found, discover
from indexer.extract import extract_page
from indexer.fetch import Fetcher, FetchError, FetchPolicy, Response
from indexer.index_writer import DEFAULT_BATCH, IndexSink, NotOwned
from indexer.limits import MAX_ROBOTS_BYTES
from indexer.ownership import claimable, source_origins
from indexer.pagestore import GONE_STATUSES, PageStore, UrlState
from indexer.robots import RobotsCache, RobotsRules
from search.article import RecordError
from search.storage import ensure_index, remove_old_generations
from search.textclean import clean_article

# The order of the summary line; ``new N, updated N,`` stay adjacent (scripts grep for them).
COUNTERS = ("discovered", "fetched", "not_modified", "up_to_date", "new", "updated", "unchanged", "gone",
            "failed", "disallowed", "refused", "extracted", "requests")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class Failure(NamedTuple):
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.url}: {self.reason}"


@dataclass
class SourceRun:
    """What happened while crawling one source."""

    name: str
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[Failure] = field(default_factory=list)
    stopped: str | None = None  # why the crawl stopped early (the run's deadline), if it did

    @property
    def failed_whole(self) -> bool:
        """True when nothing was discovered, or no discovered page could be had (all failed or
        disallowed); a page skipped because the sitemap says it is unchanged counts as had.
        A source cut short by the run's deadline has not failed: the next run goes on."""
        if self.stopped:
            return False
        had = sum(self.counts[k] for k in ("fetched", "not_modified", "up_to_date", "gone"))
        return self.counts["discovered"] == 0 or had == 0

    def summary_line(self) -> str:
        return f"{self.name}: " + ", ".join(f"{key} {self.counts[key]}" for key in COUNTERS)


@dataclass
class UpdateSummary:
    """The outcome of one ``update``: per-source runs, index commits and wall time."""

    runs: list[SourceRun]
    index_commits: int = 0
    seconds: float = 0.0
    deadline_reached: bool = False

    @property
    def errors(self) -> list[Failure]:
        return [error for run in self.runs for error in run.errors]


def policy_for(source: Source) -> FetchPolicy:
    """The fetch policy of a source: its limits, its origins (scheme, host and port), and
    loopback/private/link-local addresses only with ``allow_private_network = true``."""
    return FetchPolicy(
        requests_per_second=source.requests_per_second,
        timeout=source.timeout,
        max_bytes=source.max_page_bytes,
        retries=source.retries,
        allowed_origins=source.origins,
        allow_private=source.allow_private_network,
        user_agent=source.user_agent,
    )


def run_update(
    sources: list[Source],
    root: Path,
    report: Callable[[str], None],
    *,
    prune: bool = False,
    batch_size: int = DEFAULT_BATCH,
    on_page: Callable[[], None] | None = None,
    deadline: float | None = None,
    revisions: bool = True,
) -> UpdateSummary:
    """Crawl every source into the live index under ``root``; the one function ``update`` wraps.

    ``prune`` deletes the articles of pages that answer 404/410 instead of hiding them;
    ``on_page`` is called after each discovered page is handled (progress display);
    ``deadline`` (seconds) ends the run in time: no fetch outlives it, the pages not reached are
    left for the next run, and what was done is committed. ``revisions`` False skips recording
    revisions (:mod:`indexer.revisions`): only the benchmark that measures their cost turns it off.
    """
    started = time.perf_counter()
    run_deadline = time.monotonic() + deadline if deadline is not None else None
    live = ensure_index(root)
    store = PageStore(root)
    sink = IndexSink(live, batch_size=batch_size, on_commit=store.commit)
    summary = UpdateSummary([])
    try:
        for source in sources:
            if run_deadline is not None and time.monotonic() >= run_deadline:
                skipped = SourceRun(source.name, stopped="run deadline reached before this source")
                report(f"{source.name}: not crawled, the run's deadline was reached")
                summary.runs.append(skipped)
                continue
            summary.runs.append(crawl_source(source, sink, store, report, prune=prune, on_page=on_page,
                                             run_deadline=run_deadline, revisions=revisions))
        summary.deadline_reached = any(run.stopped for run in summary.runs)
        sink.close()
    except BaseException:
        # A failed index write (a full disk) loses its batch: the catalogue must not keep claiming
        # those pages were indexed, or the next run would skip them as unchanged.
        store.close(commit=False)
        raise
    store.close()
    # Generations retired by an earlier rebuild (or left by a killed one) go once their grace is over.
    remove_old_generations(root, keep=live.name)
    summary.index_commits = sink.commits
    summary.seconds = time.perf_counter() - started
    return summary


class _Crawl:
    """One source's crawl: the fetcher, robots rules and archive wired together."""

    def __init__(
        self,
        source: Source,
        sink: IndexSink,
        store: PageStore,
        report: Callable[[str], None],
        prune: bool = False,
        on_page: Callable[[], None] | None = None,
        run_deadline: float | None = None,
        revisions: bool = True,
    ) -> None:
        self.prune = prune
        self.revisions = revisions
        self.on_page = on_page
        self.source = source
        self.sink = sink
        self.store = store
        self.report = report
        self.run = SourceRun(source.name)
        self.origins = source_origins(source)
        store.set_origins(source.name, self.origins)  # rebuild confines canonicals with them too
        self.fetcher = Fetcher(policy_for(source), run_deadline=run_deadline)
        self.robots = RobotsCache(self._fetch_robots, self._apply_rules)

    def fail(self, url: str, reason: str) -> None:
        self.run.errors.append(Failure(url, reason))
        self.run.counts["failed"] += 1
        self.report(f"{self.source.name}: {url}: {reason}")

    def refuse(self, url: str, reason: str) -> None:
        """A change the ownership rule forbids: counted, kept in the run record, reported."""
        self.run.errors.append(Failure(url, reason))
        self.run.counts["refused"] += 1
        self.report(f"{self.source.name}: {url}: {reason}")

    def _apply_rules(self, host: str, rules: RobotsRules) -> None:
        if rules.crawl_delay:
            self.fetcher.set_crawl_delay(host, rules.crawl_delay)
        if rules.unreachable:
            self.report(f"{self.source.name}: {host}: robots.txt unreachable ({rules.unreachable}); not crawled")

    def _fetch_robots(self, url: str) -> tuple[int, bytes] | str:
        try:
            return self.document(url, "robots")
        except FetchError as exc:
            return exc.reason

    def document(self, url: str, role: str) -> tuple[int, bytes]:
        """A discovery document, fetched conditionally; a 304 is answered from the archive."""
        state = self.store.state(url)
        if role == "robots":  # RFC 9309: the first 500 KiB are parsed, so no more is downloaded
            resp = self.fetcher.get(url, _conditional(state), max_bytes=MAX_ROBOTS_BYTES, truncate=True)
        else:
            resp = self.fetcher.get(url, _conditional(state), permit=self.robots.refusal)
        if resp.status == 304 and state and state.capture_id:
            self.store.checked(url, self.source.name, 304, resp.fetched_at)
            return 200, self.store.read(self.store.capture(state.capture_id)).content
        if 200 <= resp.status < 300:
            self._archive(resp, role)
        return resp.status, resp.content

    def get_doc(self, url: str, role: str, probe: bool) -> bytes | None:
        """:data:`indexer.discover.GetDoc`: the body of a 200, else None (a failure, unless a probe 404s)."""
        try:
            status, content = self.document(url, role)
        except FetchError as exc:
            self.fail(url, exc.reason)
            return None
        if status == 200:
            return content
        if not (probe and status in GONE_STATUSES):
            self.fail(url, f"{role} answered HTTP {status}")
        return None

    def _archive(self, resp: Response, role: str) -> int | None:
        capture = self.store.add_if_changed(resp, role=role, source=self.source.name, kind=self.source.page_kind,
                                            timezone=self.source.timezone)
        return capture.id if capture else None

    def crawl(self) -> SourceRun:
        counts = self.run.counts
        try:
            sitemaps = self.robots.rules(self.source.url).sitemaps
            found = discover(self.source, self.get_doc, sitemaps, lambda m: self.report(f"{self.source.name}: {m}"),
                             fail=self.fail)
            counts["discovered"] = len(found)
            todo = found[: self.source.max_pages]
            for done, page in enumerate(todo):
                if self.fetcher.run_over():
                    self.run.stopped = f"run deadline reached; {len(todo) - done} pages left for the next run"
                    self.report(f"{self.source.name}: {self.run.stopped}")
                    break
                try:
                    self.page(page)
                except (OSError, sqlite3.OperationalError):  # the local disk: every later page would fail too
                    raise
                except Exception as exc:  # a bug met on one page must not cost the rest of the run
                    self.fail(page.url, f"internal error: {type(exc).__name__}: {exc}")
                if self.on_page:
                    self.on_page()
        finally:
            if self.fetcher.run_over() and not self.run.stopped:
                self.run.stopped = "run deadline reached"
            self.fetcher.close()
            counts["requests"] = self.fetcher.requests
        return self.run

    def page(self, page: Found) -> None:
        counts = self.run.counts
        url = page.url
        refusal = self.robots.refusal(url)
        if refusal:
            counts["disallowed"] += 1
            self.report(f"{self.source.name}: {url}: skipped, {refusal}")
            return
        state = self.store.state(url)
        if _up_to_date(page, state):
            counts["up_to_date"] += 1
            return
        try:
            resp = self.fetcher.get(url, _conditional(state), permit=self.robots.refusal)
        except FetchError as exc:
            self.fail(url, exc.reason)
            return
        if resp.status == 304:
            counts["not_modified"] += 1
            self.store.checked(url, self.source.name, 304, resp.fetched_at)
            return
        if resp.status in GONE_STATUSES:
            counts["gone"] += 1
            previous = self.store.capture(state.capture_id) if state and state.capture_id else None
            self.gone((previous and previous.article_url) or url, url, resp)
            self.store.add(resp, role="page", source=self.source.name)
            return
        if not 200 <= resp.status < 300:
            self.fail(url, f"HTTP {resp.status}")
            return
        counts["fetched"] += 1
        content_type = resp.headers.get("content-type", "text/html").split(";")[0].strip().lower()
        if content_type not in _HTML_TYPES:
            self.fail(url, f"not an HTML page ({content_type})")
            return
        capture_id = self._archive(resp, "page")
        if capture_id is None:
            counts["unchanged"] += 1
            return
        self.extract(url, resp, capture_id)

    def gone(self, article_url: str, url: str, resp: Response) -> None:
        """Hide (or with ``--prune`` delete) the article of a page that answered 404/410, if ours,
        and note when it was removed at the source (its revisions stay, even when pruned)."""
        if not claimable(article_url, self.origins):
            action = "deleted" if self.prune else "hidden"
            self.refuse(url, f"article {article_url} is not on the source's own hosts; not {action}")
            return
        try:
            self.sink.mark_gone(article_url, self.source.name, prune=self.prune)
        except NotOwned as exc:
            self.refuse(url, str(exc))
            return
        if self.revisions:
            self.store.revisions.removed(article_url, resp.fetched_at, resp.status)

    def extract(self, url: str, resp: Response, capture_id: int) -> None:
        final_url = resp.url
        try:
            article = extract_page(resp.content, final_url, kind=self.source.page_kind,
                                   default_tz=self.source.timezone, encoding=resp.encoding)
        except Exception as exc:  # one bad page never stops the run: any extractor error is this page's
            self.fail(url, f"extraction failed: {exc}")
            return
        self.run.counts["extracted"] += 1
        article, notes = admit(article, final_url, self.origins)
        for note in notes:
            self.report(f"{self.source.name}: {url}: {note}")
        self.store.set_article(capture_id, article.url)
        article, _ = clean_article(article)  # as the index holds it, so a revision is what readers see
        observed = self.store.revisions.observe(article, capture_id, resp.fetched_at) if self.revisions else None
        try:
            self.run.counts[self.sink.add(article, self.source.name, observed and observed.stamp)] += 1
        except NotOwned as exc:
            self.refuse(url, str(exc))
            return
        except RecordError as exc:
            self.fail(url, str(exc))
            return
        if observed is not None:
            self.store.revisions.keep(observed, self.source.name)


def crawl_source(
    source: Source,
    sink: IndexSink,
    store: PageStore,
    report: Callable[[str], None],
    *,
    prune: bool = False,
    on_page: Callable[[], None] | None = None,
    run_deadline: float | None = None,
    revisions: bool = True,
) -> SourceRun:
    """Discover, fetch, archive, extract and index one source; one bad page never stops the run.

    The index is committed before the catalogue, so a crash in between re-extracts a page next
    time (and the index says "unchanged") rather than believing an unwritten page is indexed.
    """
    run = _Crawl(source, sink, store, report, prune, on_page, run_deadline, revisions).crawl()
    sink.commit()
    store.commit()
    return run


def _conditional(state: UrlState | None) -> dict[str, str]:
    return state.conditional_headers() if state and state.capture_id and not state.gone else {}


def _up_to_date(page: Found, state: UrlState | None) -> bool:
    """The sitemap says the page has not changed since our last good visit."""
    if page.lastmod is None or state is None or state.gone or not state.capture_id or not state.last_checked:
        return False
    return page.lastmod <= datetime.fromisoformat(state.last_checked).astimezone(UTC)
