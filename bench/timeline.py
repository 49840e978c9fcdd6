"""Timeline benchmark: five-query timelines (:func:`search.timeline`) on the 27k archive, beside
plain searches in the same run.

Run from the project root::

    python -m bench.timeline [--index PATH] [--repeat 5] [--json PATH]

``--index`` defaults to the benchmark archive of :mod:`bench.bench_index` (built when missing).
Every timeline compares five queries under the same filters and counts all articles per period
too (six counts in all). Baselines, measured in the same run on the same searcher: ``one search``
is one full search as the search page asks it (seven facets, ten highlighted hits), ``six
searches`` the same timeline done through :meth:`search.Archive.search`, each query and the
empty query asking for the month facet only. Every request is run once to warm up (columns,
posting arrays), then ``--repeat`` times; the result cache is off, so each run does the work.
Prints a table and writes JSON. Skips (exit 0, with a message) when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from bench.bench_index import ROOT, ensure_bench_index, shared_missing
from bench.stats import summary, table, write_json
from search import Archive, SearchRequest, TimelineRequest, timeline
from search.analysis import default_analyzer_name

RESULTS = ROOT / "bench" / "results"
D = date.fromisoformat
LIMIT_MS = 100

CASES: dict[str, TimelineRequest] = {
    "Korean words": TimelineRequest(("코로나", "마스크", "부동산", "최저 임금", "어린이집")),
    "English words": TimelineRequest(("oil", "coffee", "gold", "interest rates", "trade deficit")),
    "mixed languages": TimelineRequest(("트럼프", "대통령", "청원", "oil", "bank")),
    "phrases": TimelineRequest(
        ('"interest rates"', '"crude oil"', '"북미 정상 회담"', '"강력 처벌"', '"money supply"')
    ),
    "prefixes": TimelineRequest(("pric*", "export*", "대통*", "부동*", "bank*")),
    "date filter": TimelineRequest(("코로나", "마스크", "청원", "대통령", "아파트"),
                                   SearchRequest(date_from=D("2018-01-01"), date_to=D("2020-12-31"))),
    "tag filter, months": TimelineRequest(("oil", "prices", "bank", "export", "dollar"),
                                          SearchRequest(tags=("usa",)), interval="month"),
}


def _timed(run: object, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        out.append((time.perf_counter() - started) * 1000)
    return out


def _six_searches(archive: Archive, request: TimelineRequest) -> None:
    month = replace(request.filters, facets=(("month", 100_000),), per_page=1, highlight=False)
    for q in (*request.queries, ""):
        archive.search(replace(month, q=q))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="an index to read (default: the benchmark archive)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=RESULTS / "timeline.json")
    args = parser.parse_args(argv)
    if args.index is None:
        missing = shared_missing()
        if missing:
            print(missing)
            return 0
        args.index = ensure_bench_index(default_analyzer_name())
    archive = Archive(args.index, result_cache=0, budget=0)
    archive.prepare()
    documents = archive.stats().documents
    rows, report = [], {"index": str(args.index), "documents": documents, "repeat": args.repeat, "cases": {}}
    for name, request in CASES.items():
        plain = replace(request.filters, q=request.queries[0])
        runs = {
            "timeline": lambda r=request: timeline(archive, r),
            "six searches": lambda r=request: _six_searches(archive, r),
            "one search": lambda p=plain: archive.search(p),
        }
        for run in runs.values():
            run()  # warm-up
        found = timeline(archive, request)
        times = {label: summary(_timed(run, args.repeat)) for label, run in runs.items()}
        report["cases"][name] = {"queries": list(request.queries), "interval": found.interval,
                                 "periods": len(found.periods), "totals": [s.total for s in found.series], **times}
        rows.append([name, found.interval, len(found.periods), times["timeline"]["median_ms"],
                     times["timeline"]["p95_ms"], times["six searches"]["median_ms"], times["one search"]["median_ms"],
                     round(times["timeline"]["median_ms"] / times["one search"]["median_ms"], 2)])
    worst = max(case["timeline"]["p95_ms"] for case in report["cases"].values())
    report["worst_p95_ms"], report["limit_ms"] = worst, LIMIT_MS
    print(f"{documents} documents; five queries per timeline, {args.repeat} runs each after a warm-up")
    print(table(rows, ["timeline (5 queries)", "interval", "periods", "median ms", "p95 ms",
                       "six searches median ms", "one search median ms", "timeline / one search"]))
    print(f"worst timeline p95: {worst} ms (limit {LIMIT_MS} ms)")
    write_json(args.json, report)
    return 0 if worst <= LIMIT_MS else 1


if __name__ == "__main__":
    sys.exit(main())
