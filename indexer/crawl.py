"""``newsarchive update``: crawl each configured source and write what changed to the index."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from indexer.config import Source
from indexer.discover import discover
from indexer.extract import ExtractionError, extract_page
from indexer.fetch import Fetcher, FetchError
from indexer.index_writer import IndexSink


@dataclass
class SourceRun:
    """What happened while crawling one source."""

    name: str
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def failed_whole(self) -> bool:
        """True when nothing could be discovered or fetched at all."""
        return self.counts["discovered"] == 0 or self.counts["fetched"] == 0


def crawl_source(source: Source, sink: IndexSink, report: Callable[[str], None]) -> SourceRun:
    """Discover, fetch, extract and index one source; one bad page never stops the run."""
    run = SourceRun(source.name)

    def error(message: str) -> None:
        run.errors.append(message)
        report(f"{source.name}: {message}")

    fetcher = Fetcher(rate=source.requests_per_second)
    try:
        urls = discover(fetcher, source.url, error)
        run.counts["discovered"] = len(urls)
        for url, _lastmod in urls[: source.max_pages]:
            if urlsplit(url).hostname not in source.hosts:
                error(f"{url}: host not allowed for this source; skipped")
                run.counts["skipped"] += 1
                continue
            try:
                resp = fetcher.get(url)
            except FetchError as exc:
                error(str(exc))
                run.counts["failed"] += 1
                continue
            run.counts["fetched"] += 1
            if resp.status in (404, 410):
                run.counts["gone"] += 1
                continue
            if resp.status != 200:
                error(f"{url}: HTTP {resp.status}")
                run.counts["failed"] += 1
                continue
            try:
                article = extract_page(
                    resp.content, resp.url, kind=source.kind, default_tz=source.timezone,
                    encoding=resp.encoding,
                )
            except ExtractionError as exc:
                error(f"{url}: {exc}")
                run.counts["failed"] += 1
                continue
            run.counts[sink.add(article)] += 1
        sink.commit()
    finally:
        fetcher.close()
        run.counts["requests"] = fetcher.requests
    return run
