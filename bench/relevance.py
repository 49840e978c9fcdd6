"""Relevance benchmark: recall and precision of each analyzer on our judged query sets.

Run from the project root::

    python -m bench.relevance [--analyzer kiwi --analyzer bigram] [--verbose] [--json PATH]

The Korean set (``bench/relevance/ko.jsonl``) is judged by an explicit rule per query over the
petitions corpus plus the sample blog; the English set (``en.jsonl``) by Reuters' own topic labels
(see ``bench/relevance/README.md``). Judgments are computed here from the records, never from
search results. For every query the whole result set is compared with the relevant set (set
precision and recall, macro-averaged over queries), and the first ten results ranked by relevance
give P@10. Builds the benchmark indexes on first use (:mod:`bench.bench_index`); skips (exit 0,
with a message) when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from bench.bench_index import ENGLISH, KOREAN, ROOT, ensure_bench_index, sample_records, shared_missing
from bench.stats import write_json
from search import Archive, SearchRequest
from search.analysis import ANALYZERS

DATA = ROOT / "bench" / "relevance"
RESULTS = ROOT / "bench" / "results"
PAGE = 100


@dataclass
class Judged:
    """One query with the URLs of its relevant documents."""

    q: str
    relevant: set[str]
    filters: dict[str, str]


def _records(path: Path) -> list[dict[str, object]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def korean_set(petitions: int | None = None) -> list[Judged]:
    """Korean queries; a document is relevant when every rule expression matches its title or body.

    ``petitions`` judges over the first that many petitions only (with the sample blog), for an
    index that holds just those (:mod:`bench.korean_analyzers`).
    """
    docs = [(str(r["url"]), f"{r['title']}\n{r['body']}") for r in _records(KOREAN)[:petitions] + sample_records()]
    out = []
    for item in _records(DATA / "ko.jsonl"):
        patterns = [re.compile(p) for p in item["all"]]  # type: ignore[union-attr]
        relevant = {url for url, text in docs if all(p.search(text) for p in patterns)}
        out.append(Judged(str(item["q"]), relevant, {}))
    return out


def english_set() -> list[Judged]:
    """English queries; a Reuters story is relevant when its ``topics`` carry the query's topic."""
    records = _records(ENGLISH)
    out = []
    for item in _records(DATA / "en.jsonl"):
        relevant = {str(r["url"]) for r in records if item["topic"] in (r.get("topics") or [])}
        out.append(Judged(str(item["q"]), relevant, {"site": "reuters.com"}))
    return out


def retrieved(archive: Archive, judged: Judged) -> tuple[set[str], list[str]]:
    """Every matching URL (paged through), and the top ten by relevance."""
    base = SearchRequest(q=judged.q, sort="newest", per_page=PAGE, highlight=False, facets=(), **judged.filters)
    urls: set[str] = set()
    page = 1
    while True:
        result = archive.search(replace(base, page=page))
        urls.update(hit.url for hit in result.hits)
        if page >= result.pages:
            break
        page += 1
    top = archive.search(replace(base, sort="relevance", per_page=10, recency=False))
    return urls, [hit.url for hit in top.hits]


def evaluate(archive: Archive, queries: list[Judged]) -> dict[str, object]:
    rows = []
    for judged in queries:
        got, top = retrieved(archive, judged)
        hits = len(got & judged.relevant)
        precision = hits / len(got) if got else float(not judged.relevant)
        recall = hits / len(judged.relevant) if judged.relevant else 1.0
        p10 = sum(url in judged.relevant for url in top) / min(10, len(judged.relevant)) if judged.relevant else 1.0
        rows.append(
            {"q": judged.q, "relevant": len(judged.relevant), "retrieved": len(got), "precision": precision,
             "recall": recall, "p@10": p10,
             "missed": sorted(judged.relevant - got)[:5], "extra": sorted(got - judged.relevant)[:5]}
        )
    n = len(rows) or 1
    return {
        "queries": len(rows),
        "precision": sum(r["precision"] for r in rows) / n,
        "recall": sum(r["recall"] for r in rows) / n,
        "p@10": sum(r["p@10"] for r in rows) / n,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyzer", choices=ANALYZERS, action="append")
    parser.add_argument("--verbose", action="store_true", help="print every query's numbers")
    parser.add_argument("--json", type=Path, default=RESULTS / "relevance.json")
    args = parser.parse_args(argv)
    missing = shared_missing()
    if missing:
        print(missing)
        return 0
    sets = {"ko": korean_set(), "en": english_set()}
    report: dict[str, dict[str, object]] = {}
    for analyzer in args.analyzer or ANALYZERS:
        archive = Archive(ensure_bench_index(analyzer))
        report[analyzer] = {}
        for name, queries in sets.items():
            started = time.perf_counter()
            report[analyzer][name] = evaluate(archive, queries)
            print(f"{analyzer}/{name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        archive.close()
    print(f"{'analyzer':<9} {'set':<3} {'queries':>7} {'precision':>9} {'recall':>7} {'P@10':>6}")
    for analyzer, by_set in report.items():
        for name, res in by_set.items():
            print(f"{analyzer:<9} {name:<3} {res['queries']:>7} {res['precision']:>9.3f} {res['recall']:>7.3f} "
                  f"{res['p@10']:>6.3f}")
    if args.verbose:
        for analyzer, by_set in report.items():
            for name, res in by_set.items():
                print(f"\n{analyzer}/{name}: query, relevant, retrieved, P, R, P@10")
                for row in res["rows"]:  # type: ignore[union-attr]
                    print(f"  {row['q']:<24} {row['relevant']:>5} {row['retrieved']:>5} {row['precision']:.3f} "
                          f"{row['recall']:.3f} {row['p@10']:.2f}")
    write_json(args.json, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
