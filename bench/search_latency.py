"""Search latency benchmark: our full search beside the same requests done the naive way.

Run from the project root::

    python -m bench.search_latency [--analyzer kiwi] [--repeat 3] [--json PATH]

On the benchmark archive (``../shared/corpora/*.jsonl`` plus the sample blog, ~27,500 documents;
see :mod:`bench.bench_index`) every request is a full search: the query, its filters, all seven
facets and ten highlighted hits. ``ours`` is :meth:`search.Archive.search` with the searcher kept
open (after one warm-up pass, so per-segment columns are built); ``naive`` opens a fresh searcher
per request, filters with Whoosh queries, counts facets with ``groupedby`` and highlights with
Whoosh's highlighter (only the first ``--naive-requests`` of each class: a single naive request
took up to minutes). Prints median and p95 per query class and writes JSON. Skips (exit 0, with a
message) when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from whoosh import query as wq
from whoosh import sorting

from bench.bench_index import ROOT, ensure_bench_index, shared_missing
from bench.stats import write_json
from search import Archive, SearchRequest
from search.analysis import ANALYZERS, default_analyzer_name
from search.query import parse_query
from search.storage import analyzer_of, current_generation, open_live

RESULTS = ROOT / "bench" / "results"
D = date.fromisoformat

CLASSES: dict[str, list[SearchRequest]] = {
    "single word": [
        SearchRequest(q=q) for q in ("트럼프", "마스크", "부동산", "대통령", "coffee", "gold", "oil", "bank")
    ],
    "two words": [
        SearchRequest(q=q)
        for q in ("최저 임금", "음주 운전", "코로나 마스크", "어린이집 교사", "coffee prices", "oil prices",
                  "interest rates", "gold mining")
    ],
    "phrase": [
        SearchRequest(q=q)
        for q in ('"강력 처벌"', '"북미 정상 회담"', '"국민 청원"', '"어린이집 교사"', '"interest rates"',
                  '"crude oil"', '"money supply"', '"trade deficit"')
    ],
    "date filter": [
        SearchRequest(q="코로나", date_from=D("2020-01-01"), date_to=D("2020-06-30")),
        SearchRequest(q="청원", date_from=D("2018-01-01"), date_to=D("2018-12-31")),
        SearchRequest(q="어린이집", date_from=D("2017-09-01"), date_to=D("2019-08-31")),
        SearchRequest(q="대통령", date_from=D("2019-01-01")),
        SearchRequest(q="oil", date_from=D("1987-03-01"), date_to=D("1987-03-31")),
        SearchRequest(q="coffee", date_from=D("1987-01-01"), date_to=D("1987-06-30")),
        SearchRequest(q="bank", date_to=D("1987-03-15")),
        SearchRequest(q="prices", date_from=D("1987-04-01"), date_to=D("1987-04-07")),
    ],
    "tag filter": [
        SearchRequest(q="마스크", tags=("보건복지",)),
        SearchRequest(q="어린이집", tags=("육아/교육",)),
        SearchRequest(q="처벌", tags=("인권/성평등",)),
        SearchRequest(q="아파트", tags=("교통/건축/국토",)),
        SearchRequest(q="oil", tags=("usa",)),
        SearchRequest(q="prices", tags=("coffee",)),
        SearchRequest(q="bank", tags=("uk", "interest")),
        SearchRequest(q="export", tags=("japan",)),
    ],
}


def ours(archive: Archive, request: SearchRequest) -> int:
    return archive.search(request).total


def naive(root: Path, analyzer: str, request: SearchRequest) -> int:
    """The straightforward Whoosh way: fresh searcher, query filters, ``groupedby`` facets."""
    _, index = open_live(root)
    parsed = parse_query(request.q, analyzer)
    filters: list[wq.Query] = [wq.Term("tags", tag.lower()) for tag in request.tags]
    if request.date_from or request.date_to:
        # Days in Seoul (UTC+9) as the naive UTC datetimes the DATETIME field holds.
        shift = timedelta(hours=9)
        midnight = datetime.min.time()
        start = datetime.combine(request.date_from, midnight) - shift if request.date_from else None
        end = datetime.combine(request.date_to, midnight) + timedelta(days=1) - shift if request.date_to else None
        filters.append(wq.DateRange("published", start, end))
    facets = sorting.Facets()
    facets.add_field("tags", allow_overlap=True)
    facets.add_field("category", allow_overlap=True)
    for name in ("author", "site", "lang"):
        facets.add_field(name)
    iso = sorting.StoredFieldFacet("published_iso")
    facets.add_facet("year", sorting.TranslateFacet(lambda v: (v or "")[:4], iso))
    facets.add_facet("month", sorting.TranslateFacet(lambda v: (v or "")[:7], iso))
    with index.searcher() as searcher:
        results = searcher.search(
            parsed.query, limit=10, filter=wq.And(filters) if filters else None, groupedby=facets,
            maptype=sorting.Count,
        )
        for name in ("tags", "category", "author", "site", "lang", "year", "month"):
            results.groups(name)
        for hit in results:
            hit.highlights("title")
            hit.highlights("body", top=2)
        return len(results)


def _measure(func, requests: list[SearchRequest], repeat: int) -> list[float]:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        for request in requests:
            started = time.perf_counter()
            func(request)
            times.append((time.perf_counter() - started) * 1000)
    return times


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1), "n": len(ordered)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyzer", choices=ANALYZERS, default=default_analyzer_name())
    parser.add_argument("--repeat", type=int, default=3, help="passes over each class (ours)")
    parser.add_argument("--naive-requests", type=int, default=3,
                        help="requests per class done the naive way (tens of seconds each at 27,000 documents)")
    parser.add_argument("--json", type=Path, default=RESULTS / "search_latency.json")
    args = parser.parse_args(argv)
    missing = shared_missing()
    if missing:
        print(missing)
        return 0
    root = ensure_bench_index(args.analyzer)
    analyzer = analyzer_of(root / (current_generation(root) or ""))
    archive = Archive(root, refresh_interval=3600)
    started = time.perf_counter()
    documents = archive.stats().documents
    for requests in CLASSES.values():  # warm-up: Kiwi, the searcher, per-segment columns
        for request in requests:
            archive.search(request)
    print(f"{documents} documents, {analyzer}; warm-up {time.perf_counter() - started:.1f} s", file=sys.stderr)
    classes: dict[str, object] = {}
    measured = datetime.now(UTC).isoformat()
    report = {"documents": documents, "analyzer": analyzer, "measured": measured, "classes": classes}
    print(f"{'class':<12} {'ours median':>11} {'ours p95':>9} {'naive median':>12} {'naive p95':>10} {'speed-up':>8}")
    for name, requests in CLASSES.items():
        fast = _summary(_measure(lambda r: ours(archive, r), requests, args.repeat))
        slow = _summary(_measure(lambda r: naive(root, analyzer, r), requests[: args.naive_requests], 1))
        classes[name] = {"ours": fast, "naive": slow}
        print(f"{name:<12} {fast['median_ms']:>9.1f}ms {fast['p95_ms']:>7.1f}ms {slow['median_ms']:>10.1f}ms "
              f"{slow['p95_ms']:>8.1f}ms {slow['median_ms'] / max(fast['median_ms'], 0.1):>7.1f}x")
    archive.close()
    write_json(args.json, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
