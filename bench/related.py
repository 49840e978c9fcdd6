"""Related-articles benchmark: latency and topical precision, beside Whoosh's ``more_like`` in one run.

Run from the project root::

    python -m bench.related [--analyzer kiwi] [--articles 40] [--json PATH] [--index DIR]

The judged set is ``--articles`` Reuters stories that carry a topic and as many petitions (each
has a category), taken at an even stride through the benchmark archive (see
:mod:`bench.bench_index`). A related article is judged right when it has the same topic
(category) as the article: precision is the share of listed articles that are right, per
language. ``new`` is :meth:`search.Archive.related` (key terms from term vectors, copies kept
apart); ``old`` is the previous implementation: ``more_like`` over the analysed title and body,
twelve key terms, gone documents dropped, the listed hits' stored fields read. Both list five, each
article asked once (``new`` first, so its posting reads are cold) after :meth:`search.Archive.prepare`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from whoosh.searching import Searcher

from bench.bench_index import ROOT, ensure_bench_index, shared_missing
from bench.stats import summary, table, write_json
from search import Archive
from search.analysis import ANALYZERS, default_analyzer_name

RESULTS = ROOT / "bench" / "results"
LIMIT = 5


def old_related(searcher: Searcher, docnum: int, limit: int = LIMIT) -> list[int]:
    """The implementation before issue 19, for the baseline."""
    stored = searcher.stored_fields(docnum)
    text = f"{stored.get('title') or ''}\n{stored.get('body') or ''}"
    hits = searcher.more_like(docnum, "body", text=text, top=limit * 2, numterms=12)
    out = []
    for hit in hits:
        fields = searcher.stored_fields(hit.docnum)
        if not fields.get("gone"):
            out.append(hit.docnum)
    return out[:limit]


def judged_set(searcher: Searcher, per_language: int) -> list[tuple[str, int, str]]:
    """(language, docnum, category) at an even stride: Reuters stories with a topic, and petitions."""
    pools: dict[str, list[tuple[int, str]]] = {"en": [], "ko": []}
    for docnum, stored in searcher.reader().iter_docs():
        url, category = stored.get("url", ""), stored.get("category_path")
        if not category:
            continue
        if "reuters21578" in url and category.startswith("Topics/"):
            pools["en"].append((docnum, category))
        elif "petitions" in url:
            pools["ko"].append((docnum, category))
    out = []
    for language, pool in pools.items():
        step = max(1, len(pool) // per_language)
        out.extend((language, docnum, category) for docnum, category in pool[::step][:per_language])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyzer", choices=ANALYZERS, default=default_analyzer_name())
    parser.add_argument("--articles", type=int, default=40, help="judged articles per language")
    parser.add_argument("--json", type=Path, default=RESULTS / "related.json")
    parser.add_argument("--index", type=Path, help="an existing index instead of the benchmark archive "
                        "(e.g. a compacted copy of it)")
    args = parser.parse_args(argv)
    missing = shared_missing()
    if missing:
        print(missing)
        return 0
    archive = Archive(args.index or ensure_bench_index(args.analyzer), refresh_interval=3600)
    searcher = archive.searcher()
    cases = judged_set(searcher, args.articles)
    category = {docnum: cat for _, docnum, cat in cases}

    def category_of(docnum: int) -> str | None:
        if docnum not in category:
            category[docnum] = searcher.stored_fields(docnum).get("category_path")
        return category[docnum]

    ids = {docnum: searcher.stored_fields(docnum)["id"] for _, docnum, _ in cases}
    archive.prepare()  # the vocabulary (document frequencies) and columns, outside the timings
    archive.related(ids[cases[0][1]], LIMIT)
    report: dict[str, dict[str, object]] = {}
    for name in ("new", "old"):
        times: dict[str, list[float]] = {"en": [], "ko": []}
        right: dict[str, list[int]] = {"en": [0, 0], "ko": [0, 0]}
        copies = 0
        for language, docnum, wanted in cases:
            started = time.perf_counter()
            if name == "new":
                found = archive.related(ids[docnum], LIMIT)
                times[language].append((time.perf_counter() - started) * 1000)
                listed = [searcher.document_number(id=hit.id) for hit in found.hits]
                copies += len(found.copies)
            else:
                listed = old_related(searcher, docnum)
                times[language].append((time.perf_counter() - started) * 1000)
            right[language][0] += sum(1 for doc in listed if category_of(doc) == wanted)
            right[language][1] += len(listed)
        report[name] = {
            language: {**summary(times[language]), "right": right[language][0], "listed": right[language][1]}
            for language in ("en", "ko")
        }
        report[name]["copies"] = copies
    rows = []
    for name in ("new", "old"):
        for language in ("en", "ko"):
            r = report[name][language]
            precision = r["right"] / r["listed"] if r["listed"] else float("nan")
            rows.append([name, language, r["n"], f"{precision:.2f} ({r['right']}/{r['listed']})", r["median_ms"],
                         r["p95_ms"]])
    print(f"{searcher.doc_count()} documents; {len(cases)} judged articles, {LIMIT} related each")
    print(table(rows, ["implementation", "articles", "n", "same-topic precision", "median ms", "p95 ms"]))
    print(f"new: {report['new']['copies']} other copies listed apart")
    write_json(args.json, report)
    archive.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
